"""Issue 17 after a fresh tester's walk: the department's monitoring shows
what the organisations' own pages show — the previous quarter as the
quarterly snapshots have it, the training of mentors as on the dashboard,
each organisation's own target with its source — and the department's home
card says which roadmap is a draft and what its combined figure is."""

import re
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.utils import timezone

from mentoring import indicators as defs
from mentoring.models import Membership, Organization, Role
from reports import builders, services
from reports.periods import Quarter
from roadmaps.indicators import definition_code, definition_param
from roadmaps.models import Indicator, IndicatorSnapshot

from .helpers import monitoring_cells, monitoring_heads, sheet_rows, workbook

pytestmark = pytest.mark.django_db

NO_DATA = "нет данных"


@pytest.fixture
def demo():
    call_command("seed_demo")
    department = Organization.objects.get(slug="demo-do")
    return department, builders.child_organizations(department)


def monitoring_book(department):
    built = services.report_build(
        organization=department,
        kind="monitoring",
        fmt="xlsx",
        period=Quarter.current(timezone.localdate()).code,
    )
    return built.content


def test_previous_quarter_of_the_monitoring_is_the_quarterly_snapshot(demo):
    """The demo's people were in the banks before the previous quarter
    closed, as a real department's: the monitoring's change sheet shows
    that quarter's figures (not «нет данных»), and they are the quarterly
    snapshots' the analytic report compares — one rule for both."""
    department, organizations = demo
    previous = Quarter.current(timezone.localdate()).previous()
    change = list(workbook(monitoring_book(department)).worksheets[1].iter_rows(values_only=True))
    header, rows = change[0], {r[1]: r for r in change[1:]}
    labels = dict(builders.MONITORING_COLUMNS)
    key_of = {code: key for key, code, part in builders.INDICATOR_FIELDS if part == "value"}
    from mentoring.demo import full_demo_slugs

    compared = 0
    full = [org for org in organizations if org.slug in full_demo_slugs()]
    for org in organizations:
        row = rows[org.short_name]
        col = header.index(f"Участников: {previous.label}")
        if org not in full:
            # The second school holds its young head only: empty banks are
            # «нет данных», in this file and in the quarter's own monitoring.
            assert row[col] == NO_DATA, org.short_name
            continue
        assert row[col] != NO_DATA and row[col] > 0, org.short_name
        for indicator in Indicator.objects.filter(organization=org):
            code = definition_code(indicator)
            if code not in key_of or definition_param(indicator):
                continue
            snap = IndicatorSnapshot.objects.get(
                indicator=indicator, year=previous.end.year, month=previous.number * 3
            )
            cell = row[header.index(f"{labels[key_of[code]]}: {previous.label}")]
            cell = None if cell == NO_DATA else Decimal(str(cell))
            assert cell == snap.value, (org.short_name, code, cell, snap.value)
            compared += 1
    assert compared >= 3 * len(full)
    total = next(name for name in rows if name and str(name).startswith("Итого"))
    assert rows[total][header.index(f"Участников: {previous.label}")] != NO_DATA


def test_snapshot_of_a_quarter_with_empty_banks_says_no_data(cast):
    """The quarterly snapshot follows the monitoring's rule: pairs dated
    back into a quarter when nobody was in the banks yet give no figure."""
    from mentoring.models import TargetGroup
    from roadmaps.indicators import snapshot_indicators
    from roadmaps.models import IndicatorKind

    from .helpers import pairs, people

    quarter = Quarter.current(timezone.localdate())
    mentors = people(cast.school, 2, mentor=True, prefix="Ранняя")
    mentees = people(cast.school, 2, group=TargetGroup.YOUNG_SPECIALIST, prefix="Ранний")
    pairs(cast.school, mentors, mentees, activated_on=quarter.previous().start)
    indicator = Indicator.objects.create(
        organization=cast.school,
        name="Пары",
        kind=IndicatorKind.PROGRAMS,
        unit="шт.",
    )
    snapshot_indicators(quarter.previous().end, organizations=[cast.school])
    snapshot_indicators(timezone.localdate(), organizations=[cast.school])
    values = dict(
        IndicatorSnapshot.objects.filter(indicator=indicator).values_list("month", "value")
    )
    assert values[quarter.previous().number * 3] is None
    assert values[quarter.number * 3] is not None


def test_training_sessions_is_a_monitoring_column_equal_to_the_dashboard(demo, client):
    department, organizations = demo
    label = dict(builders.MONITORING_COLUMNS)["training_sessions"]
    rows = sheet_rows(monitoring_book(department))
    by_org = {r[1]: dict(zip(rows[0], r, strict=False)) for r in rows[1:]}
    specialist = Membership.objects.filter(organization=department, role=Role.SPECIALIST).first()
    client.force_login(specialist.user)
    page = client.get("/dashboard/department/").content.decode()
    shown = 0
    for org in organizations:
        director = Membership.objects.filter(organization=org, role=Role.DIRECTOR).first()
        if director is None:
            continue  # the demo's second school has its young head only
        client.force_login(director.user)
        dashboard = client.get("/dashboard/").content.decode()
        values = re.findall(r'data-indicator="training_sessions"[^>]*>([^<]*)<', dashboard)
        if not values:
            continue
        value = int(values[0])
        cell = monitoring_cells(page)[org.slug]["training_sessions"]
        assert int(cell) == value == by_org[org.short_name][label], org.short_name
        shown += 1
    assert shown >= 1


def test_monitoring_shows_each_organisations_own_target_with_its_source(demo, client):
    department, organizations = demo
    today = timezone.localdate()
    specialist = Membership.objects.filter(organization=department, role=Role.SPECIALIST).first()
    client.force_login(specialist.user)
    page = client.get("/dashboard/department/").content.decode()
    book = workbook(monitoring_book(department))
    sheet = {
        (r[0], r[1]): (r[2], r[4])
        for r in list(book["Цели организаций"].iter_rows(values_only=True))[1:]
    }
    for org in organizations:
        own = defs.targets(org, defs.academic_year_of(today))
        row = re.search(rf'<tr data-targets-org="{org.slug}">(.*?)</tr>', page, re.S)[1]
        cells = dict(
            re.findall(r'data-target="(\w+)"[^>]*><span class="target-value">([^<]*)<', row)
        )
        for code in ("coverage_students", "coverage_teachers", "consents"):
            target, source = own[code]
            assert cells[code] == defs.fmt(target), (org.short_name, code)
            label = defs.get(code).label
            assert sheet[(org.short_name, label)] == (target, source), (org.short_name, code)
    school = next(o for o in organizations if o.slug == "sosh-11")
    target, source = defs.targets(school, defs.academic_year_of(today))["coverage_students"]
    assert target == 10 and source.startswith("дорожная карта организации")
    # The figures' rows are the organisations' rows only, one in each
    # thematic table (the targets table has its own marker).
    assert len(re.findall(r'<tr data-org="', page)) == len(organizations) * len(
        builders.MONITORING_GROUPS
    )
    # The column's definition does not state one default target as everyone's.
    header = monitoring_heads(page)
    assert "Цель: 70 %" not in header
    assert "своя у каждой организации" in header
    definitions = {r[0]: r for r in book["Определения"].iter_rows(values_only=True)}
    students = definitions[defs.get("coverage_students").label]
    assert students[6] is None and "своя у каждой организации" in students[7]


def test_department_home_labels_its_draft_roadmap_and_the_combined_figure(demo, client):
    department, _organizations = demo
    specialist = Membership.objects.filter(organization=department, role=Role.SPECIALIST).first()
    client.force_login(specialist.user)
    home = client.get("/").content.decode()
    card = home[home.index('id="roadmap-card-title"') :]
    assert 'data-roadmap-status="draft"' in card and "проект, не утверждена" in card
    assert "(департамент и его организации)" in card
    assert "Проект дорожной карты в этот показатель не входит" in card
    assert 'id="def-roadmap_done"' in home or "Что считается: позиции, отмеченные" in card
