"""Indicator computations against constructed data, snapshots, the pages."""

import datetime
from decimal import Decimal

import pytest
from django.core.management import call_command

from mentoring.factories import (
    ConsentFactory,
    MentoringFormFactory,
    ParticipantFactory,
    make_pair,
    mentee_participant,
)
from mentoring.models import Headcount, Mentorship, MentorshipStatus, Order, TargetGroup
from roadmaps.indicators import (
    actual,
    dashboard_summary,
    indicator_rows,
    snapshot_indicators,
    target_for,
)
from roadmaps.models import (
    Indicator,
    IndicatorEntry,
    IndicatorKind,
    IndicatorSnapshot,
    IndicatorTarget,
    RoadmapStatus,
)
from roadmaps.services import occurrence_mark_done, roadmap_import
from roadmaps.tests.test_tracking import parsed_with

D = datetime.date
TODAY = D(2025, 11, 15)  # academic year 2025/26


def indicator(org, kind, **fields):
    return Indicator.objects.create(
        organization=org, name=fields.pop("name", kind), kind=kind, **fields
    )


def set_status(mentorship, status, **fields):
    """Put a constructed pair in a status (the order workflow is tested in mentoring)."""
    order = Order.objects.create(
        organization=mentorship.organization, kind="pairing", title="О закреплении пар"
    )
    Mentorship.objects.filter(pk=mentorship.pk).update(
        status=status, activated_on=D(2025, 9, 1), order=order, **fields
    )


def test_coverage_of_a_target_group(cast):
    Headcount.objects.create(
        organization=cast.school,
        academic_year=2025,
        target_group=TargetGroup.YOUNG_SPECIALIST,
        count=8,
    )
    active = make_pair(cast.school)
    completed = make_pair(cast.school)
    old = make_pair(cast.school)
    proposed = make_pair(cast.school)  # noqa: F841 - not counted: only proposed
    set_status(active, MentorshipStatus.ACTIVE)
    set_status(completed, MentorshipStatus.COMPLETED, ended_on=D(2025, 10, 1))
    set_status(old, MentorshipStatus.COMPLETED, ended_on=D(2025, 5, 1))  # last year
    mentee_participant(cast.school)  # in no pair
    coverage = indicator(cast.school, IndicatorKind.COVERAGE, target_group="young_specialist")
    assert actual(coverage, TODAY) == (Decimal("25.0"), "расчёт")  # 2 of 8
    # No headcount for the year: not computable, the value entered by hand is used.
    assert actual(coverage, D(2026, 10, 1)) == (None, "")
    IndicatorEntry.objects.create(indicator=coverage, on_date=D(2026, 9, 30), value=30)
    assert actual(coverage, D(2026, 10, 1)) == (Decimal("30"), "вручную")


def test_coverage_of_a_department_sums_its_organisations(cast):
    for org, count in ((cast.school, 4), (cast.other_school, 6)):
        Headcount.objects.create(
            organization=org, academic_year=2025, target_group="young_specialist", count=count
        )
        set_status(make_pair(org), MentorshipStatus.ACTIVE)
    coverage = indicator(cast.department, IndicatorKind.COVERAGE, target_group="young_specialist")
    assert actual(coverage, TODAY)[0] == Decimal("20.0")


def test_consent_coverage(cast):
    with_consent = ParticipantFactory(organization=cast.school)
    ConsentFactory(participant=with_consent)
    ParticipantFactory(organization=cast.school)
    ParticipantFactory(organization=cast.other_school)
    consents = indicator(cast.school, IndicatorKind.CONSENTS)
    assert actual(consents, datetime.date.today())[0] == Decimal("50.0")


def test_active_mentorships_of_a_form_and_programmes(cast):
    form = MentoringFormFactory(organization=cast.school, name="Педагог – молодой специалист")
    other = MentoringFormFactory(organization=cast.school, name="Ученик – ученик")
    a = make_pair(cast.school, form=form)
    b = make_pair(cast.school, form=form)
    c = make_pair(cast.school, form=other)
    for m in (a, b, c):
        set_status(m, MentorshipStatus.ACTIVE)
    make_pair(cast.school, form=form)  # proposed: not counted
    pairs = indicator(
        cast.school, IndicatorKind.ACTIVE_MENTORSHIPS, form_name="педагог – молодой специалист"
    )
    assert actual(pairs, TODAY)[0] == Decimal(2)
    # Every pair gets its programme when proposed; the proposed one is not counted.
    programs = indicator(cast.school, IndicatorKind.PROGRAMS)
    assert actual(programs, TODAY)[0] == Decimal(3)


def test_an_indicator_of_one_form_shows_its_narrowed_definition(cast, client):
    """The home card's row «Пары …» of one form says what it counts (that
    form only), not the definition of all pairs, and claims no other target."""
    form = MentoringFormFactory(organization=cast.school, name="Педагог – молодой специалист")
    set_status(make_pair(cast.school, form=form), MentorshipStatus.ACTIVE)
    indicator(
        cast.school,
        IndicatorKind.ACTIVE_MENTORSHIPS,
        form_name="Педагог – молодой специалист",
        name="Пары педагог – молодой специалист",
    )
    client.force_login(cast.methodist)
    html = client.get("/").content.decode()
    row = html[html.index("Пары педагог – молодой специалист") :][:3000]
    assert "только формы «Педагог – молодой специалист»" in row
    assert 'data-indicator="active_pairs"' not in row.split("</tr>")[0]


def test_roadmap_done_on_time(cast):
    roadmap = roadmap_import(
        organization=cast.school,
        parsed=parsed_with(("1.1", "Сентябрь 2025"), ("1.2", "Октябрь 2025"), ("1.3", "Май 2026")),
        period_start=2025,
        period_end=2026,
    )
    sep, _oct, _may = roadmap.occurrences.order_by("ends_on")
    occurrence_mark_done(occurrence=sep, done_on=D(2025, 9, 20), comment="ok", by=cast.methodist)
    on_time = indicator(cast.school, IndicatorKind.ROADMAP_ON_TIME)
    # A draft roadmap is not tracked yet: the indicator counts approved ones
    # (the "roadmap_on_time" definition of mentoring.indicators).
    assert actual(on_time, TODAY)[0] is None
    roadmap.status = RoadmapStatus.APPROVED
    roadmap.approved_on = D(2025, 9, 1)
    roadmap.save(update_fields=["status", "approved_on"])
    # Due by 15.11: September (on time) and October (not done) → 50 %.
    assert actual(on_time, TODAY)[0] == Decimal("50.0")


def test_manual_kind_and_targets(cast):
    events = indicator(cast.school, IndicatorKind.MANUAL, name="Представители в конкурсах")
    IndicatorTarget.objects.create(indicator=events, year=2024, value=3)
    IndicatorTarget.objects.create(indicator=events, year=2026, value=5)
    assert target_for(events, 2025) == Decimal(3)  # the latest earlier target
    assert target_for(events, 2026) == Decimal(5)
    assert actual(events, TODAY) == (None, "")
    IndicatorEntry.objects.create(indicator=events, on_date=D(2025, 10, 1), value=4)
    rows = indicator_rows(cast.school, TODAY)
    assert rows[0]["actual"] == Decimal(4) and rows[0]["target"] == Decimal(3)
    assert rows[0]["met"] and rows[0]["note"] == "Вводится вручную."


@pytest.mark.parametrize(
    "kind", [IndicatorKind.TRAINING_SESSIONS, IndicatorKind.SURVEY_PARTICIPATION]
)
def test_training_and_surveys_fall_back_to_manual_without_data(cast, kind):
    item = indicator(cast.school, kind)
    assert actual(item, TODAY) == (None, "")
    IndicatorEntry.objects.create(indicator=item, on_date=D(2025, 10, 1), value=2)
    assert actual(item, TODAY) == (Decimal(2), "вручную")


def test_snapshot_is_idempotent_per_quarter(cast):
    consents = indicator(cast.school, IndicatorKind.CONSENTS)
    IndicatorTarget.objects.create(indicator=consents, year=2025, value=100)
    manual = indicator(cast.department, IndicatorKind.MANUAL, name="Программ наставничества")
    IndicatorEntry.objects.create(indicator=manual, on_date=D(2026, 1, 10), value=25)
    assert snapshot_indicators(D(2026, 3, 25)) == (2, 0)
    assert snapshot_indicators(D(2026, 3, 31)) == (0, 2)
    assert IndicatorSnapshot.objects.count() == 2
    snap = IndicatorSnapshot.objects.get(indicator=manual)
    assert (snap.year, snap.month, snap.value) == (2026, 3, Decimal(25))
    assert IndicatorSnapshot.objects.get(indicator=consents).target == Decimal(100)
    call_command("snapshot_indicators", "--date", "15.06.2026")
    call_command("snapshot_indicators", "--date", "20.06.2026")
    assert IndicatorSnapshot.objects.count() == 4
    months = IndicatorSnapshot.objects.order_by("month").values_list("month", flat=True)
    assert sorted(set(months)) == [3, 6]
    # The home page reads the value live on its date, as every page does.
    summary = dashboard_summary(cast.department, D(2026, 6, 20))
    assert summary[0]["actual"] == Decimal(25) and summary[0]["as_of"] == D(2026, 6, 20)


def test_indicator_pages(cast, client_for):
    client = client_for(cast.methodist)
    response = client.post(
        "/roadmaps/indicators/new/",
        {
            "name": "Охват обучающихся",
            "kind": "coverage",
            "target_group": "school_student",
            "unit": "%",
            "position": 1,
        },
    )
    item = Indicator.objects.get()
    assert response["Location"] == f"/roadmaps/indicators/{item.pk}/"
    client.post(response["Location"], {"action": "target", "year": "2025", "value": "70"})
    assert item.targets.get().value == Decimal(70)
    page = client.get("/roadmaps/indicators/")
    assert "Охват обучающихся" in page.text and "70" in page.text
    director = client_for(cast.director)
    assert director.post(response["Location"], {"action": "entry"}).status_code == 403
    # Coverage without a group is refused.
    bad = client_for(cast.methodist).post(
        "/roadmaps/indicators/new/", {"name": "x", "kind": "coverage", "unit": "%", "position": 1}
    )
    assert "Укажите целевую группу" in bad.text
