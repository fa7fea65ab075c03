"""The department's monitoring when an organisation has no headcount for
the academic year (the denominator of coverage): the totals of coverage are
over the organisations with one and say so («по N из M организаций (нет
численности: …)»), the same on the page and in the XLSX; the page warns,
naming the organisations, and the department (which only reads headcounts)
gets no link to enter them."""

import re

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from mentoring import indicators as defs
from mentoring.factories import OrganizationFactory
from mentoring.models import Headcount, Membership, Organization, Role
from reports import builders, services
from reports.periods import Quarter
from reports.spreadsheets import TOTAL_NOTES_LABEL

from .helpers import people, workbook

pytestmark = pytest.mark.django_db

NEW = "МБОУ СОШ № 5 (новая)"


@pytest.fixture
def demo(client):
    """The demo department with a new school that has people (data for
    today) and no headcount; its specialist logged in."""
    call_command("seed_demo")
    department = Organization.objects.get(slug="demo-do")
    school = OrganizationFactory(slug="demo-new-school", short_name=NEW, parent=department)
    people(school, 2, prefix="Новый")
    specialist = Membership.objects.filter(organization=department, role=Role.SPECIALIST).first()
    client.force_login(specialist.user)
    return department, school


def test_totals_of_coverage_are_over_the_organisations_with_a_headcount(demo, client):
    department, school = demo
    response = client.get("/dashboard/department/")
    assert response.status_code == 200
    total = response.context["total"]
    with_data = total["count"]
    year = defs.academic_year_of(timezone.localdate())
    with_headcount = [
        o
        for o in builders.child_organizations(department)
        if Headcount.objects.filter(organization=o, academic_year=year).exists()
    ]
    assert school not in with_headcount and 0 < len(with_headcount) < with_data
    # The demo's almost empty school has no headcount either.
    lacking = [
        o.short_name for o in builders.child_organizations(department) if o not in with_headcount
    ]
    assert NEW in lacking and len(lacking) == with_data - len(with_headcount)
    note = total["notes"]["students_percent"]
    assert note == (
        f"по {len(with_headcount)} из {with_data} организаций "
        f"(нет численности: {', '.join(lacking)})"
    )
    # The headcount and the people covered of the same organisations: the
    # share is theirs, as printed beside it.
    assert total["notes"]["students_headcount"] == total["notes"]["students_covered"] == note
    assert total["students_percent"] == defs.percent(
        total["students_covered"], total["students_headcount"]
    )
    assert "participants" not in total["notes"]
    html = response.content.decode().replace("&quot;", '"')
    # «по 3 из 4» does not break inside.
    short = re.sub(r"^по (\d+) из (\d+)", "по\u00a0\\1\u00a0из\u00a0\\2", note.split(" (", 1)[0])
    assert (
        f'<small class="d-block fw-normal text-body-secondary total-note">{short}</small>' in html
    )
    assert f'title="{note}"' in html
    # Once under the table, naming the columns the note is about.
    under = [
        p.split(">", 1)[1].split("</p>")[0]
        for p in html.split('class="small text-body-secondary px-3 py-2 mb-0 total-notes"')[1:]
    ]
    coverage = next(n for n in under if n.endswith(f" — {note}."))
    assert coverage.startswith(
        "Итого по столбцам «Обучающихся в наставничестве», «Численность обучающихся», "
        "«Охват обучающихся наставничеством, %»"
    )

    # The XLSX: the row under the total carries the same notes.
    built = services.report_build(
        organization=department,
        kind="monitoring",
        fmt="xlsx",
        period=Quarter.current(timezone.localdate()).code,
    )
    rows = [list(r) for r in workbook(built.content).worksheets[0].iter_rows(values_only=True)]
    header, body = rows[0], rows[1:]
    notes = next(r for r in body if r[1] == TOTAL_NOTES_LABEL)
    assert body.index(notes) == len(body) - 1 and body[-2][1].startswith("Итого")
    assert notes[header.index("Охват обучающихся наставничеством, %")] == note
    assert notes[header.index("Участников")] in ("", None)


def test_total_of_head_pairs_counts_a_pair_of_two_schools_once_and_says_so(demo, client):
    """The demo's head pair across two schools is in both schools' rows and
    once in the total; the total's note says why the rows add up to more."""
    department, _school = demo
    response = client.get("/dashboard/department/")
    total = response.context["total"]
    org_ids = [o.pk for o in builders.child_organizations(department)]
    data = builders.department_dashboard_data(department, org_ids, timezone.localdate())
    in_rows = sum(values.get("head_pairs") or 0 for values in data["values"].values())
    assert total["head_pairs"] >= 1 and in_rows > total["head_pairs"]
    assert total["notes"]["head_pairs"] == builders.HEAD_PAIRS_NOTE
    assert "каждая пара один раз" in response.content.decode()


def test_page_warns_of_organisations_without_a_headcount_without_an_edit_link(demo, client):
    _department, school = demo
    html = client.get("/dashboard/department/").content.decode()
    assert 'id="monitoring-no-headcount"' in html and 'class="alert alert-warning"' in html
    assert f'data-no-headcount="{school.slug}"' in html
    link = reverse("reports:department_organization_dashboard", args=[school.slug])
    assert f'<a href="{link}">{NEW}</a>' in html
    assert "обучающиеся, педагогические работники, молодые специалисты" in html
    # The department reads the headcounts, it does not enter them.
    alert = html.split('id="monitoring-no-headcount"')[1].split("</div>")[0]
    assert reverse("mentoring:headcounts") not in alert and "style=" not in alert


def test_no_warning_and_no_notes_when_every_organisation_has_a_headcount(demo, client):
    department, _school = demo
    year = defs.academic_year_of(timezone.localdate())
    for organization in builders.child_organizations(department):
        for group in ("school_student", "teacher", "young_specialist"):
            Headcount.objects.get_or_create(
                organization=organization,
                academic_year=year,
                target_group=group,
                defaults={"count": 100},
            )
    response = client.get("/dashboard/department/")
    assert 'id="monitoring-no-headcount"' not in response.content.decode()
    assert not response.context["total"]["notes"].get("students_percent")


def test_headcount_note_names_a_few_and_counts_the_rest():
    assert builders.headcount_note(3, 4, ["Школа № 5"]) == (
        "по 3 из 4 организаций (нет численности: Школа № 5)"
    )
    note = builders.headcount_note(16, 21, ["А", "Б", "В", "Г", "Д"])
    assert note == "по 16 из 21 организации (нет численности: А, Б, В и ещё 2)"
