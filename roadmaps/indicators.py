"""Actual values of target indicators.

Each computable kind is one function ``(indicator, organization_ids, on_date)
→ Decimal | None`` in COMPUTERS, built from aggregate queries; None means the
data does not allow it (no headcount for the year, say) and the latest value
entered by hand is used instead. A department's indicator is computed over
the organisations below it (and the department's own roadmap).

Training sessions per group of mentors and survey participation read the
models of the training section (mentoring.TrainingGroup) and of the surveys
app; while those are not installed they return None, i.e. the value is
entered by hand.
"""

import datetime
from contextlib import suppress
from decimal import ROUND_HALF_UP, Decimal

from django.apps import apps
from django.db import transaction
from django.db.models import Count, Exists, Min, OuterRef, Q, Sum
from django.utils import timezone

from mentoring.models import (
    Consent,
    ConsentKind,
    Headcount,
    Mentorship,
    MentorshipStatus,
    Organization,
    Participant,
    PersonalProgram,
)

from .models import (
    COVERAGE_STATUSES,
    Indicator,
    IndicatorEntry,
    IndicatorKind,
    IndicatorSnapshot,
    Occurrence,
)

QUARTER_MONTHS = (3, 6, 9, 12)
MANUAL_NOTES = {
    IndicatorKind.MANUAL: "Вводится вручную.",
}
# Shown when a computable kind has no data for the year (no headcount, no groups).
NO_DATA_NOTE = "Нет данных для расчёта за учебный год: используется значение, введённое вручную."


def academic_year_of(day):
    return day.year if day.month >= 9 else day.year - 1


def _percent(part, whole):
    if not whole:
        return None
    return (Decimal(100) * part / whole).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def organization_ids(organization):
    ids = [organization.pk]
    if organization.kind == Organization.Kind.DEPARTMENT:
        ids += sorted(Organization.descendant_ids([organization.pk]))
    return ids


def coverage(indicator, org_ids, on_date):
    """Participants of the group in active or completed mentorships of the
    academic year ÷ the group's headcount for that year, per cent."""
    year = academic_year_of(on_date)
    headcount = Headcount.objects.filter(
        organization_id__in=org_ids, academic_year=year, target_group=indicator.target_group
    ).aggregate(n=Sum("count"))["n"]
    if not headcount:
        return None
    in_pairs = Mentorship.objects.filter(
        members__participant=OuterRef("pk"), status__in=COVERAGE_STATUSES
    ).filter(
        Q(status=MentorshipStatus.ACTIVE)
        | Q(ended_on__isnull=True)
        | Q(ended_on__gte=datetime.date(year, 9, 1))
    )
    covered = (
        Participant.objects.filter(
            organization_id__in=org_ids,
            target_group=indicator.target_group,
            anonymized_at__isnull=True,
        )
        .filter(Exists(in_pairs))
        .count()
    )
    return _percent(covered, headcount)


def consents(indicator, org_ids, on_date):
    valid = Consent.objects.filter(
        participant=OuterRef("pk"), kind=ConsentKind.PROCESSING
    ).valid_on(on_date)
    counts = Participant.objects.filter(
        organization_id__in=org_ids, anonymized_at__isnull=True
    ).aggregate(total=Count("pk"), ok=Count("pk", filter=Q(Exists(valid))))
    return _percent(counts["ok"], counts["total"])


def active_mentorships(indicator, org_ids, on_date):
    return Decimal(
        Mentorship.objects.filter(
            organization_id__in=org_ids,
            status=MentorshipStatus.ACTIVE,
            form__name__iexact=indicator.form_name.strip(),
        ).count()
    )


def programs(indicator, org_ids, on_date):
    return Decimal(
        PersonalProgram.objects.filter(
            mentorship__organization_id__in=org_ids,
            mentorship__status__in=COVERAGE_STATUSES,
        ).count()
    )


def roadmap_on_time(indicator, org_ids, on_date):
    """Share of the roadmap positions due so far (or done) that were done on
    time, over the organisation's roadmaps whose period includes the date."""
    stats = (
        Occurrence.objects.filter(
            roadmap__organization_id=indicator.organization_id,
            roadmap__period_start__lte=on_date.year,
            roadmap__period_end__gte=on_date.year,
        )
        .counted()
        .stats(on_date)
    )
    return _percent(stats["on_time"], stats["due"])


def _model(label):
    with suppress(LookupError):
        return apps.get_model(label)
    return None


def training_sessions(indicator, org_ids, on_date):
    """The fewest sessions any group of mentors of the academic year has had
    (the target reads "at least 2 sessions per group")."""
    group_model = _model("mentoring.TrainingGroup")
    if group_model is None:
        return None
    year = academic_year_of(on_date)
    groups = group_model.objects.filter(
        organization_id__in=org_ids,
        starts_on__gte=datetime.date(year, 9, 1),
        starts_on__lte=datetime.date(year + 1, 8, 31),
    ).annotate(n=Count("sessions", filter=Q(sessions__held_on__lte=on_date)))
    fewest = groups.aggregate(m=Min("n"))["m"]
    return None if fewest is None else Decimal(fewest)


def survey_participation(indicator, org_ids, on_date):
    """Invited participants who responded, per cent, over the campaigns of the
    academic year (their deadline falls in it)."""
    invitation_model = _model("surveys.Invitation")
    if invitation_model is None:
        return None
    year = academic_year_of(on_date)
    counts = invitation_model.objects.filter(
        campaign__organization_id__in=org_ids,
        campaign__deadline__gte=datetime.date(year, 9, 1),
        campaign__deadline__lte=datetime.date(year + 1, 8, 31),
    ).aggregate(total=Count("pk"), answered=Count("pk", filter=Q(responded=True)))
    return _percent(counts["answered"], counts["total"])


COMPUTERS = {
    IndicatorKind.COVERAGE: coverage,
    IndicatorKind.CONSENTS: consents,
    IndicatorKind.ACTIVE_MENTORSHIPS: active_mentorships,
    IndicatorKind.PROGRAMS: programs,
    IndicatorKind.ROADMAP_ON_TIME: roadmap_on_time,
    IndicatorKind.TRAINING_SESSIONS: training_sessions,
    IndicatorKind.SURVEY_PARTICIPATION: survey_participation,
}


def is_computed(indicator):
    return indicator.kind in COMPUTERS


def manual_value(indicator, on_date):
    entry = (
        IndicatorEntry.objects.filter(indicator=indicator, on_date__lte=on_date)
        .order_by("-on_date", "-pk")
        .first()
    )
    return entry.value if entry else None


def actual(indicator, on_date=None, *, org_ids=None):
    """(value, source): source is "расчёт", "вручную" or "" when unknown."""
    on_date = on_date or timezone.localdate()
    compute = COMPUTERS.get(indicator.kind)
    if compute is not None:
        ids = org_ids if org_ids is not None else organization_ids(indicator.organization)
        value = compute(indicator, ids, on_date)
        if value is not None:
            return value, "расчёт"
    value = manual_value(indicator, on_date)
    return value, ("вручную" if value is not None else "")


def target_for(indicator, year):
    """The target of the academic year, else the latest earlier one (targets
    are usually set for some years only: 10% → 70%)."""
    targets = sorted(indicator.targets.all(), key=lambda t: t.year)
    chosen = None
    for target in targets:
        if target.year <= year:
            chosen = target
    return chosen.value if chosen else None


def indicator_rows(organization, on_date=None):
    """Target vs actual for every indicator of the organisation."""
    on_date = on_date or timezone.localdate()
    year = academic_year_of(on_date)
    ids = organization_ids(organization)
    rows = []
    for indicator in Indicator.objects.filter(organization=organization).prefetch_related(
        "targets"
    ):
        value, source = actual(indicator, on_date, org_ids=ids)
        target = target_for(indicator, year)
        rows.append(
            {
                "indicator": indicator,
                "actual": value,
                "source": source,
                "target": target,
                "met": value is not None and target is not None and value >= target,
                "note": MANUAL_NOTES.get(indicator.kind, "")
                or (NO_DATA_NOTE if source != "расчёт" else ""),
            }
        )
    return rows


def quarter_month(day):
    return QUARTER_MONTHS[(day.month - 1) // 3]


@transaction.atomic
def snapshot_indicators(on_date=None, *, organizations=None):
    """Store the actual value of every indicator for the quarter of
    ``on_date`` (the row of March, June, September or December). Running it
    again in the same quarter updates that row: one snapshot per indicator and
    quarter. Returns (created, updated)."""
    on_date = on_date or timezone.localdate()
    month = quarter_month(on_date)
    year = academic_year_of(on_date)
    indicators = Indicator.objects.select_related("organization").prefetch_related("targets")
    if organizations is not None:
        indicators = indicators.filter(organization__in=organizations)
    created = updated = 0
    ids_cache = {}
    for indicator in indicators:
        org = indicator.organization
        if org.pk not in ids_cache:
            ids_cache[org.pk] = organization_ids(org)
        value, _source = actual(indicator, on_date, org_ids=ids_cache[org.pk])
        _, was_created = IndicatorSnapshot.objects.update_or_create(
            indicator=indicator,
            year=on_date.year,
            month=month,
            defaults={"taken_on": on_date, "value": value, "target": target_for(indicator, year)},
        )
        created += was_created
        updated += not was_created
    return created, updated


def dashboard_summary(organization):
    """Latest snapshot against target per indicator: two queries, for the home page."""
    indicators = list(Indicator.objects.filter(organization=organization))
    latest = {}
    for snap in IndicatorSnapshot.objects.filter(indicator__in=indicators).order_by(
        "indicator_id", "-year", "-month"
    ):
        latest.setdefault(snap.indicator_id, snap)
    rows = []
    for indicator in indicators:
        snap = latest.get(indicator.pk)
        rows.append(
            {
                "indicator": indicator,
                "actual": snap.value if snap else None,
                "target": snap.target if snap else None,
                "as_of": snap.taken_on if snap else None,
            }
        )
    return rows
