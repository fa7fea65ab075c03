"""Actual values of target indicators.

A computable indicator reads ONE definition of mentoring.indicators (see
``definition_code``): the roadmap's indicator adds the organisation's own
targets, nothing else, so the figure is the one every page shows. None
means the data does not allow it (no headcount for the year, say) and the
latest value entered by hand is used instead. A department's indicator is
computed over the organisations below it (and the department itself).

This module registers the definitions whose data the roadmaps app owns
(roadmap positions) or reads (survey participation, while the surveys app
has no registry of its own), and the organisations' targets.
"""

import datetime
from contextlib import suppress
from decimal import Decimal

from django.apps import apps
from django.db import transaction
from django.db.models import Count, F, Q
from django.utils import timezone

from mentoring import indicators as defs
from mentoring.indicators import academic_year_of
from mentoring.models import Organization

from .models import (
    Indicator,
    IndicatorEntry,
    IndicatorKind,
    IndicatorSnapshot,
)

QUARTER_MONTHS = (3, 6, 9, 12)
MANUAL_NOTES = {
    IndicatorKind.MANUAL: "Вводится вручную.",
}
# Shown when a computable kind has no data for the year (no headcount, no groups).
NO_DATA_NOTE = "Нет данных для расчёта за учебный год: используется значение, введённое вручную."


def organization_ids(organization):
    ids = [organization.pk]
    if organization.kind == Organization.Kind.DEPARTMENT:
        ids += sorted(Organization.descendant_ids([organization.pk]))
    return ids


# --- definitions this app owns (registered into mentoring.indicators) -------------


def _approved_occurrences(org_ids):
    from .models import Occurrence, OccurrenceStatus, RoadmapStatus

    return Occurrence.objects.filter(
        organization_id__in=org_ids, roadmap__status=RoadmapStatus.APPROVED
    ).exclude(status=OccurrenceStatus.CANCELLED)


def _roadmap_compute(on_time):
    def compute(org_ids, on_date, param, cache=None):
        from .models import OccurrenceStatus

        done = Q(status=OccurrenceStatus.DONE, done_on__lte=on_date)
        counted = done & Q(done_on__lte=F("ends_on")) if on_time else done
        rows = (
            _approved_occurrences(org_ids)
            .filter(done | Q(ends_on__lt=on_date))
            .values("organization_id")
            .annotate(due=Count("pk"), ok=Count("pk", filter=counted))
        )
        return {
            r["organization_id"]: defs.Figure(defs.percent(r["ok"], r["due"]), r["ok"], r["due"])
            for r in rows
        }

    return compute


def survey_participation_compute(org_ids, on_date, param, cache=None):
    """Invited participants who responded by the date, over the campaigns
    sent by the date whose deadline falls in its academic year; ``param``
    narrows to the campaigns of that title (the dashboard's row of one
    campaign)."""
    invitation_model = _model("surveys.Invitation")
    if invitation_model is None:
        return {}
    start = defs.academic_year_start(on_date)
    # As things stood on the date (a past quarter's monitoring): campaigns
    # sent by then, answers submitted by then. An anonymous campaign's
    # answer is not linked to its invitation: its "responded" mark stands.
    invitations = invitation_model.objects.filter(
        campaign__organization_id__in=org_ids,
        campaign__deadline__gte=start,
        campaign__deadline__lte=datetime.date(start.year + 1, 8, 31),
        campaign__created_at__date__lte=on_date,
    )
    if param:
        invitations = invitations.filter(campaign__title=str(param))
    answered_by_then = Q(responded=True) & (
        Q(response__isnull=True) | Q(response__submitted_at__date__lte=on_date)
    )
    rows = invitations.values("campaign__organization_id").annotate(
        total=Count("pk"), answered=Count("pk", filter=answered_by_then)
    )
    return {
        r["campaign__organization_id"]: defs.Figure(
            defs.percent(r["answered"], r["total"]), r["answered"], r["total"]
        )
        for r in rows
    }


_ROADMAP_POPULATION = (
    "позиции утверждённых дорожных карт (без отменённых), срок которых истёк до даты "
    "или которые выполнены к дате"
)
defs.register(
    defs.Definition(
        code="roadmap_done",
        label="Дорожная карта: выполнено к дате",
        unit=defs.PERCENT,
        counted=(
            "позиции, отмеченные выполненными к дате, в том числе выполненные с опозданием "
            "(выполнение в срок — показатель «Дорожная карта: выполнено в срок»)"
        ),
        population=_ROADMAP_POPULATION,
        on_date=defs.ON_DATE,
        target=Decimal(100),
        target_source=(
            "дорожные карты: выполнены все позиции, срок которых наступил, в том числе с опозданием"
        ),
        compute=_roadmap_compute(on_time=False),
        no_whole="нет утверждённой дорожной карты или её позиций к дате",
        from_banks=False,
    )
)
defs.register(
    defs.Definition(
        code="roadmap_on_time",
        label="Дорожная карта: выполнено в срок",
        unit=defs.PERCENT,
        counted=(
            "позиции, выполненные не позже своего срока; выполненные с опозданием не "
            "считаются (они входят в показатель «Дорожная карта: выполнено к дате»)"
        ),
        population=_ROADMAP_POPULATION,
        on_date=defs.ON_DATE,
        target=Decimal(100),
        target_source="дорожные карты: все позиции выполнены в срок",
        compute=_roadmap_compute(on_time=True),
        no_whole="нет утверждённой дорожной карты или её позиций к дате",
        from_banks=False,
    )
)
defs.register(
    defs.Definition(
        code="survey_participation",
        label="Участие в анкетировании",
        unit=defs.PERCENT,
        counted="приглашённые, ответившие на анкету",
        population=(
            "приглашения рассылок анкет, срок ответа которых приходится на учебный год "
            "даты показателя"
        ),
        on_date=defs.YEAR_TO_DATE,
        target=None,
        target_source="задаёт дорожная карта организации",
        compute=survey_participation_compute,
        no_whole="нет рассылок анкет",
        narrowed_by="рассылки «{}»",
        from_banks=False,
    )
)


def roadmap_positions(org_ids, on_date):
    """{org id: (positions, done by the date, overdue on the date)}: the
    positions (not cancelled) of approved roadmaps whose period falls in
    the academic year of the date. Overdue: not done, deadline before the
    date. One query."""
    from .models import OccurrenceStatus

    start = defs.academic_year_start(on_date)
    done = Q(status=OccurrenceStatus.DONE, done_on__lte=on_date)
    rows = (
        _approved_occurrences(org_ids)
        .filter(ends_on__gte=start, starts_on__lte=datetime.date(start.year + 1, 8, 31))
        .values("organization_id")
        .annotate(
            total=Count("pk"),
            done=Count("pk", filter=done),
            overdue=Count("pk", filter=~done & Q(ends_on__lt=on_date)),
        )
    )
    return {r["organization_id"]: (r["total"], r["done"], r["overdue"]) for r in rows}


def _positions(index):
    def compute(org_ids, on_date, param, cache=None):
        cache = {} if cache is None else cache
        key = ("roadmap_positions", on_date)
        if key not in cache:
            cache[key] = roadmap_positions(org_ids, on_date)
        table = cache[key]
        return {pk: defs.Figure(table.get(pk, (0, 0, 0))[index]) for pk in org_ids}

    return compute


_YEAR_POSITIONS = (
    "позиции утверждённых дорожных карт (без отменённых), срок которых приходится "
    "на учебный год даты"
)
for _code, _label, _counted, _index in (
    ("roadmap_positions", "Позиции дорожной карты за учебный год", "все позиции", 0),
    (
        "roadmap_positions_done",
        "Позиции дорожной карты, выполненные к дате",
        "позиции, отмеченные выполненными к дате (в срок или с опозданием)",
        1,
    ),
    (
        "roadmap_positions_overdue",
        "Просроченные позиции дорожной карты",
        "позиции, не выполненные к дате, срок которых истёк до даты",
        2,
    ),
):
    defs.register(
        defs.Definition(
            code=_code,
            label=_label,
            unit=defs.PIECES,
            counted=_counted,
            population=_YEAR_POSITIONS,
            on_date=defs.ON_DATE,
            target=None,
            target_source="",
            rounding=defs.ROUNDING_COUNT,
            compute=_positions(_index),
            from_banks=False,
        )
    )


def _completion_compute(org_ids, on_date, param, cache=None):
    """Positions done by the date over all positions of the year (the
    counts of :func:`roadmap_positions`)."""
    cache = {} if cache is None else cache
    key = ("roadmap_positions", on_date)
    if key not in cache:
        cache[key] = roadmap_positions(org_ids, on_date)
    table = cache[key]
    result = {}
    for pk in org_ids:
        total, done, _overdue = table.get(pk, (0, 0, 0))
        result[pk] = defs.Figure(defs.percent(done, total), done, total)
    return result


# The share a roadmap's page and its PDF/XLSX print first («выполнено из
# всех позиций»), and the «выполнено» part of the roadmap pies.
defs.register(
    defs.Definition(
        code="roadmap_completion",
        label="Дорожная карта: выполнено из всех позиций",
        unit=defs.PERCENT,
        counted="позиции, отмеченные выполненными к дате (в срок или с опозданием)",
        population=(
            _YEAR_POSITIONS + "; на странице дорожной карты — все её позиции (без отменённых)"
        ),
        on_date=defs.ON_DATE,
        target=None,
        target_source="",
        compute=_completion_compute,
        from_banks=False,
    )
)


COVERAGE_CODES = {
    "school_student": "coverage_students",
    "college_student": "coverage_students",
    "teacher": "coverage_teachers",
    "young_specialist": "young_specialists_mentored",
    "head": "coverage_heads",
    "employer": "coverage_employers",
}
KIND_CODES = {
    IndicatorKind.CONSENTS: "consents",
    IndicatorKind.ACTIVE_MENTORSHIPS: "active_pairs",
    IndicatorKind.PROGRAMS: "personal_programs",
    IndicatorKind.MENTORING_PROGRAMS: "mentoring_programs",
    IndicatorKind.TRAINING_SESSIONS: "training_sessions",
    IndicatorKind.SURVEY_PARTICIPATION: "survey_participation",
    IndicatorKind.ROADMAP_ON_TIME: "roadmap_on_time",
}


def definition_code(indicator):
    """The code of the one definition (mentoring.indicators) the roadmap's
    indicator reads, or None for a manual one. A coverage indicator of
    teachers reads the coverage of all pedagogical workers (young
    specialists are pedagogical workers), of school or college students the
    coverage of all students."""
    if indicator.kind == IndicatorKind.COVERAGE:
        return COVERAGE_CODES.get(indicator.target_group)
    return KIND_CODES.get(indicator.kind)


def definition_param(indicator):
    if indicator.kind == IndicatorKind.ACTIVE_MENTORSHIPS:
        return indicator.form_name
    return None


def _model(label):
    with suppress(LookupError):
        return apps.get_model(label)
    return None


def _targets_of(indicators, academic_year):
    """{definition code: (target, source)} of one organisation's indicators
    (with their targets prefetched), in the order of their pks."""
    result = {}
    for indicator in indicators:
        code = definition_code(indicator)
        if code is None or definition_param(indicator):
            continue
        value = target_for(indicator, academic_year)
        if value is None:
            continue
        if code in result:
            current = result[code][0]
            stricter = value > current if defs.get(code).higher_is_better else value < current
            if not stricter:
                continue
        result[code] = (value, f"дорожная карта организации, показатель «{indicator.name}»")
    return result


@defs.register_target_provider
def organization_targets(organization, academic_year):
    """{definition code: (target, source)} from the organisation's roadmap
    indicators (the target of the year, else the latest earlier one).

    Several indicators may read one definition (coverage of school students
    and of college students both read "coverage_students"): the strictest
    of their targets is the definition's one target (the highest, or the
    lowest where lower is better), so a page or report never shows two
    targets or two verdicts for one figure."""
    return _targets_of(
        Indicator.objects.filter(organization=organization)
        .prefetch_related("targets")
        .order_by("pk"),
        academic_year,
    )


def organizations_targets(organizations, academic_year):
    """{org id: {code: (target, source)}}: :func:`organization_targets` of
    many organisations in two queries (the department's monitoring)."""
    by_org = {}
    for indicator in (
        Indicator.objects.filter(organization__in=list(organizations))
        .prefetch_related("targets")
        .order_by("pk")
    ):
        by_org.setdefault(indicator.organization_id, []).append(indicator)
    return {pk: _targets_of(indicators, academic_year) for pk, indicators in by_org.items()}


organization_targets.many = organizations_targets


def is_computed(indicator):
    return definition_code(indicator) is not None


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
    code = definition_code(indicator)
    if code is not None:
        ids = org_ids if org_ids is not None else organization_ids(indicator.organization)
        value = defs.compute_combined(code, ids, on_date, param=definition_param(indicator)).value
        if value is not None:
            return Decimal(value), "расчёт"
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
    quarter. A figure of the banks (mentoring.indicators.Definition.from_banks)
    of an organisation whose banks were empty on the date is None («нет
    данных»), as the department's monitoring shows that quarter
    (mentoring.indicators.banks_filled). Returns (created, updated)."""
    on_date = on_date or timezone.localdate()
    month = quarter_month(on_date)
    year = academic_year_of(on_date)
    indicators = Indicator.objects.select_related("organization").prefetch_related("targets")
    if organizations is not None:
        indicators = indicators.filter(organization__in=organizations)
    created = updated = 0
    ids_cache = {}
    filled = {}
    for indicator in indicators:
        org = indicator.organization
        if org.pk not in ids_cache:
            ids_cache[org.pk] = organization_ids(org)
            # The one "no data" rule of a quarter, the monitoring's: figures
            # of the banks are unknown when they were empty then.
            filled[org.pk] = bool(defs.banks_filled(ids_cache[org.pk], on_date))
        code = definition_code(indicator)
        if code is not None and defs.get(code).from_banks and not filled[org.pk]:
            value = None
        else:
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


def dashboard_summary(organization, on_date=None):
    """Target vs actual per indicator for the home page, computed on the
    date (today) from the same definitions as the dashboard and reports —
    not the latest quarterly snapshot, which would show an older figure."""
    on_date = on_date or timezone.localdate()
    rows = indicator_rows(organization, on_date)
    # One target per definition (the strictest of the roadmap's), as the
    # definitions beside the figures and the reports state it.
    targets = organization_targets(organization, academic_year_of(on_date))
    for row in rows:
        row["as_of"] = on_date
        # The definition's code where the figure is the definition's (not
        # a value entered by hand, not narrowed to one form of pairs).
        param = definition_param(row["indicator"])
        computed = row["source"] == "расчёт" and not param
        row["code"] = definition_code(row["indicator"]) if computed else None
        # A figure narrowed to one form of pairs still says what it counts:
        # the definition with the narrowing (Definition.narrowed).
        row["narrowed"] = (
            (definition_code(row["indicator"]), param)
            if row["source"] == "расчёт" and param
            else None
        )
        if row["code"] in targets:
            row["target"] = targets[row["code"]][0]
            row["met"] = defs.get(row["code"]).met(row["actual"], row["target"])
    return rows
