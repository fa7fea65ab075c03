"""The demo organisations are complete operators: their ИНН and ОГРН appear
in every printed consent form and act (152-ФЗ ст. 9 ч. 4; found when the
batch forms of СОШ № 11 printed «ИНН: ____, ОГРН: ____»)."""

from mentoring.demo import ORGANIZATIONS


def _inn_ok(inn):
    weights = [2, 4, 10, 3, 5, 9, 4, 6, 8]
    total = sum(int(d) * w for d, w in zip(inn, weights, strict=False))
    return len(inn) == 10 and inn.isdigit() and int(inn[9]) == total % 11 % 10


def _ogrn_ok(ogrn):
    return len(ogrn) == 13 and ogrn.isdigit() and int(ogrn[12]) == int(ogrn[:12]) % 11 % 10


def test_every_demo_organisation_has_a_valid_inn_and_ogrn():
    for data in ORGANIZATIONS:
        assert _inn_ok(data.get("inn", "")), data["slug"]
        assert _ogrn_ok(data.get("ogrn", "")), data["slug"]
