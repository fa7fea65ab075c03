"""Every creating form of the documents app creates once per opened form:
the walk of mentoring/tests/prg.py (redirect after the POST, nothing created
by the GET after it, nothing by a repeated POST of the same form, a Russian
message on the repeat). The list of creating URLs is checked against the URL
patterns in mentoring/tests/test_prg_walk_complete.py."""

import datetime
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from documents.models import MentorAgreement, OrderAppendix, Regulation, SignedScan
from documents.services import regulation_create, settings_for
from mentoring.factories import make_pair, mentor_participant
from mentoring.models import Order, OrderKind, OrderStatus, TargetGroup
from mentoring.services.orders import order_create, order_defaults
from mentoring.tests.activity_data import MINIMAL_PDF
from mentoring.tests.prg import Case, walk


def _pdf():
    return {"file": SimpleUploadedFile("скан.pdf", MINIMAL_PDF, content_type="application/pdf")}


def _regulation(cast):
    url = "/documents/regulations/new/"
    return Case("/documents/regulations/", url, Regulation.objects.count)


def _regulation_order(cast):
    regulation = regulation_create(organization=cast.school, by=cast.methodist)
    page = f"/documents/regulations/{regulation.pk}/"
    return Case(page, page + "order/", Order.objects.count)


def _agreement(cast):
    settings = settings_for(cast.school)
    settings.monthly_pay = Decimal("1800")
    settings.save()
    mentor = mentor_participant(cast.school, target_group=TargetGroup.TEACHER, position="учитель")
    pair = make_pair(cast.school, by=cast.methodist, mentor=mentor, agreed=True)
    url = f"/documents/agreements/new/?mentorship={pair.pk}"
    data = {
        "kind": "additional",
        "starts_on": "2026-09-01",
        "ends_on": "2027-05-31",
        "content": "Помощь в освоении методик",
        "form": "Педагог – молодой специалист",
        "monthly_pay": "1800",
        "pay_terms": "ежемесячно",
        "contract_reference": "от 01.09.2020 № 45",
    }
    return Case(url, url, MentorAgreement.objects.count, data)


def _appendix(cast):
    regulation_create(organization=cast.school, by=cast.methodist)
    order = order_create(
        organization=cast.school, kind="free", data=order_defaults("free"), by=cast.methodist
    )
    return Case(
        f"/orders/{order.pk}/",
        f"/documents/orders/{order.pk}/appendices/",
        OrderAppendix.objects.count,
        {"title": "Программа наставничества"},
        files=_pdf,
    )


def _scan(cast):
    order = Order.objects.create(
        organization=cast.school,
        kind=OrderKind.FREE,
        title="О проведении установочной сессии",
        points=["Провести установочную сессию."],
        status=OrderStatus.APPROVED,
        year=2026,
        sequence=1,
        number="1-о",
        signed_on=datetime.date(2026, 9, 1),
    )
    return Case(
        f"/orders/{order.pk}/",
        f"/documents/scans/order/{order.pk}/",
        SignedScan.objects.count,
        files=_pdf,
    )


# name: (setup → Case, user)
GUARDED = {
    "documents:regulation_create": (_regulation, "methodist"),
    "documents:regulation_order": (_regulation_order, "methodist"),
    "documents:agreement_create": (_agreement, "methodist"),
    "documents:order_appendix_add": (_appendix, "methodist"),
    "documents:scan_upload": (_scan, "methodist"),
}


@pytest.mark.parametrize("name", sorted(GUARDED))
def test_one_opened_creating_form_creates_once(name, cast, client_for):
    setup, role = GUARDED[name]
    walk(client_for(cast.by_role(role)), name, setup(cast))
