"""The department's quarterly monitoring after a fresh tester's walk: the
total of the organisations with data (labelled so) instead of «нет данных»
for all when one new school has no history; one quarter, one set of
figures whichever file shows it (the quarter's own monitoring or the next
quarter's previous-quarter column); the organisation column frozen in the
XLSX; the page's block «Изменение за квартал»."""

import pytest
from django.core.management import call_command
from django.template.loader import render_to_string
from django.utils import timezone

from mentoring.factories import OrganizationFactory
from mentoring.models import Membership, Organization, Role
from reports import builders, services
from reports.periods import Quarter
from reports.spreadsheets import TOTAL_NOTES_LABEL

from .helpers import people, workbook

pytestmark = pytest.mark.django_db

NO_DATA = "нет данных"


@pytest.fixture
def demo():
    """The demo department with a new, almost empty school (its people
    entered today: no history for any past quarter)."""
    call_command("seed_demo")
    department = Organization.objects.get(slug="demo-do")
    school = OrganizationFactory(
        slug="demo-new-school", short_name="МБОУ СОШ № 5 (новая)", parent=department
    )
    people(school, 2, prefix="Новый")
    return department, school


def book(department, quarter):
    built = services.report_build(
        organization=department, kind="monitoring", fmt="xlsx", period=quarter.code
    )
    return workbook(built.content)


def sheet(wb, index):
    rows = [list(r) for r in wb.worksheets[index].iter_rows(values_only=True)]
    return rows[0], rows[1:]


def test_total_of_the_previous_quarter_is_over_the_organisations_with_data(demo):
    department, school = demo
    quarter = Quarter.current(timezone.localdate())
    header, rows = sheet(book(department, quarter), 1)
    organizations = len(builders.child_organizations(department))
    # The total, then (some shares being over fewer organisations) its notes.
    rows = [r for r in rows if r[1] != TOTAL_NOTES_LABEL]
    total = rows[-1]
    column = header.index(f"Участников: {quarter.previous().label}")
    by_org = {r[1]: r for r in rows[:-1]}
    assert by_org[school.short_name][column] == NO_DATA
    with_data = {n: r for n, r in by_org.items() if r[column] != NO_DATA}
    assert 0 < len(with_data) < organizations
    assert total[1] == f"Итого (по {len(with_data)} из {organizations} организаций с данными)"
    assert total[column] == sum(r[column] for r in with_data.values()) > 0
    # The current figure beside it is of the same organisations: the change
    # is theirs, not the new school's arrival.
    now = header.index(f"Участников: {quarter.label}")
    assert total[now] == sum(r[now] for r in with_data.values())
    assert total[now + 1] == total[now] - total[column]


def test_total_label_and_no_data_when_no_organisation_has_data():
    assert builders.total_label(4, 4) == "Итого"
    assert builders.total_label(3, 4) == "Итого (по 3 из 4 организаций с данными)"
    assert builders.total_label(20, 21) == "Итого (по 20 из 21 организации с данными)"
    missing = builders.without_bank_figures({"figures": {}, "participants": 5})
    total = builders.totals([missing, missing])
    assert total["missing"] and total["participants"] is None and total["label"] == "Итого"


def test_one_quarter_has_one_set_of_figures_in_every_file(demo):
    """The quarter's own monitoring and the next quarter's previous-quarter
    column agree, cell by cell (the demo's quarters and the new school's)."""
    department, school = demo
    quarter = Quarter.current(timezone.localdate())
    labels = [label for _key, label in builders.MONITORING_COLUMNS]
    compared = 0
    for later in (quarter, quarter.previous()):
        earlier = later.previous()
        header, rows = sheet(book(department, earlier), 0)
        own = {r[1]: r for r in rows}
        header_next, rows_next = sheet(book(department, later), 1)
        shown = {r[1]: r for r in rows_next}
        for name, row in own.items():
            if name.startswith("Итого"):
                continue
            for label in labels:
                a = row[header.index(label)]
                b = shown[name][header_next.index(f"{label}: {earlier.label}")]
                assert a == b, (earlier.code, name, label, a, b)
                compared += 1
    assert compared > 0
    # The new school had nobody in its banks at the previous quarter's end:
    # its own monitoring of that quarter says so too (not zeros).
    header, rows = sheet(book(department, quarter.previous()), 0)
    row = next(r for r in rows if r[1] == school.short_name)
    assert row[header.index("Участников")] == NO_DATA


def test_monitoring_freezes_the_header_and_the_organisation_column(demo):
    department, _school = demo
    wb = book(department, Quarter.current(timezone.localdate()))
    assert wb.worksheets[0].freeze_panes == "C2"
    assert wb["Изменение за квартал"].freeze_panes == "C2"
    assert wb["Цели организаций"].freeze_panes == "B2"


def test_department_page_has_the_quarter_change_block(demo, client):
    department, school = demo
    specialist = Membership.objects.filter(organization=department, role=Role.SPECIALIST).first()
    client.force_login(specialist.user)
    response = client.get("/dashboard/department/")
    assert response.status_code == 200
    data = response.context["quarter_change"]
    quarter = Quarter.current(timezone.localdate())
    assert data["quarter"] == quarter
    assert len(data["columns"]) <= 7
    by_org = {r["org"].pk: r for r in data["rows"]}
    new = {c["key"]: c for c in by_org[school.pk]["cells"]}
    assert new["participants"]["previous"] is None and new["participants"]["change"] is None
    assert new["participants"]["current"] == 2
    # The same figures as the XLSX's sheet «Изменение за квартал».
    header, rows = sheet(book(department, quarter), 1)
    xlsx = {r[1]: r for r in rows}
    previous_label = f"Участников: {quarter.previous().label}"
    for r in data["rows"]:
        cell = next(c for c in r["cells"] if c["key"] == "participants")
        value = xlsx[r["org"].short_name][header.index(previous_label)]
        assert (NO_DATA if cell["previous"] is None else cell["previous"]) == value
    assert data["total"]["label"] == xlsx_total_label(rows)
    html = render_to_string(
        "reports/includes/monitoring_quarter_change.html", {"quarter_change": data}
    )
    assert "table-cards" in html and "style=" not in html and "<script" not in html
    assert f'data-change-org="{school.slug}"' in html and NO_DATA in html
    assert data["total"]["label"] in html


def xlsx_total_label(rows):
    return [r for r in rows if r[1] != TOTAL_NOTES_LABEL][-1][1]
