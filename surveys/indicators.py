"""The definitions of the survey figures (mentoring.indicators): the mean
score of the effectiveness questionnaires at the start ("ожидания") and at
the end ("итог"), shown by the dashboard's block of surveys and the
analytic report. Registered when the app is ready (surveys/apps.py).

The response rate of the campaigns is the "survey_participation"
definition (roadmaps/indicators.py), narrowed to one campaign where a page
shows one."""

from decimal import ROUND_HALF_EVEN, Decimal

from mentoring import indicators as defs

SCORE = "балл"
ROUNDING_SCORE = "среднее с одним знаком после запятой, округление до ближайшего"
_EFFECTIVENESS_POPULATION = (
    "ответы отправленных анкет последней рассылки анкеты эффективности «фактический "
    "результат», созданной к дате, и её базовой рассылки «ожидания» (наставники и "
    "наставляемые вместе)"
)
_EFFECTIVENESS_COUNTED = (
    "средний балл ответов на вопросы-шкалы (1–10), которые есть в обеих анкетах (по коду "
    "вопроса), в рассылке {}"
)
_EFFECTIVENESS_SOURCE = (
    "итог выше ожиданий (Р-145, мониторинг качества программы: ожидания в начале "
    "и фактический результат в конце)"
)


def score(value):
    """A mean score as the pages print it (one decimal, to the nearest)."""
    if value is None:
        return None
    return Decimal(str(round(float(value), 2))).quantize(Decimal("0.1"), rounding=ROUND_HALF_EVEN)


def latest_effectiveness(organization_id, on_date, role=None):
    """The latest 'actual' effectiveness campaign with a baseline of the
    organisation created by the date (sent to ``role`` when given), or
    None: the campaign the dashboard and the analytic report compare."""
    from .models import Campaign, Moment, SurveyKind

    campaigns = Campaign.objects.filter(
        organization_id=organization_id,
        moment=Moment.ACTUAL,
        baseline__isnull=False,
        survey__kind=SurveyKind.EFFECTIVENESS,
        created_at__date__lte=on_date,
    )
    if role is not None:
        campaigns = campaigns.filter(audience__role=role)
    return campaigns.select_related("baseline").order_by("-created_at", "-pk").first()


ROLES = ("mentor", "mentee")


def effectiveness_campaigns(organization_id, on_date):
    """The 'actual' campaigns the effectiveness figures pool, mentors and
    mentees together: the latest one created by the date, and where it was
    sent to one role only ("mentor" or "mentee"), the latest one sent to the
    other role as well. [] without any."""
    latest = latest_effectiveness(organization_id, on_date)
    if latest is None:
        return []
    campaigns = [latest]
    role = (latest.audience or {}).get("role") if isinstance(latest.audience, dict) else None
    if role in ROLES:
        other = latest_effectiveness(organization_id, on_date, role=ROLES[1 - ROLES.index(role)])
        if other is not None:
            campaigns.append(other)
    return campaigns


def pooled_effectiveness(campaigns):
    """(mean before, mean after) of the scale answers of the campaigns and
    their baselines pooled — every answer weighs the same, whichever role's
    questionnaire it is in — over the questions each pair of campaigns has
    in common (by code); (None, None) without answers. The overall row of
    surveys.results.before_after_pooled: the per-question rows of the same
    campaigns (the analytic report's section of questionnaires) are of the
    same answers. Three queries."""
    from .results import before_after_pooled

    if not campaigns:
        return None, None
    _codes, _rows, total = before_after_pooled([(c.baseline, c) for c in campaigns])
    return total.overall.before, total.overall.after


def _effectiveness_overall(org_ids, on_date, cache):
    """{org id: (mean before, mean after)} of mentors and mentees together
    (:func:`pooled_effectiveness`) — a few queries per organisation (the
    organisations' latest campaigns differ); shared by both definitions
    within one computation."""
    key = ("effectiveness", on_date)
    if key not in cache:
        result = {}
        for pk in org_ids:
            before, after = pooled_effectiveness(effectiveness_campaigns(pk, on_date))
            if before is not None or after is not None:
                result[pk] = (score(before), score(after))
        cache[key] = result
    return cache[key]


def _effectiveness_compute(index):
    def compute(org_ids, on_date, param, cache=None):
        cache = {} if cache is None else cache
        overall = _effectiveness_overall(org_ids, on_date, cache)
        return {pk: defs.Figure(pair[index]) for pk, pair in overall.items()}

    return compute


def quarter_bounds(on_date):
    """(first day, last day) of the calendar quarter of the date."""
    import datetime

    first = datetime.date(on_date.year, 3 * ((on_date.month - 1) // 3) + 1, 1)
    nxt = datetime.date(first.year + (first.month == 10), (first.month + 2) % 12 + 1, 1)
    return first, nxt - datetime.timedelta(days=1)


def diagnostics_by_group(org_ids, on_date):
    """{org id: {target group or None (everyone): (invited, responded,
    mean score)}} of the diagnostics campaigns (survey kind "diagnostics")
    whose deadline falls in the calendar quarter of the date, pooled. The
    mean is of every submitted scale answer, to the nearest 0.1 (None
    without answers, and for a group of an anonymous campaign with fewer
    than ANONYMITY_THRESHOLD responses). Three queries."""
    from collections import defaultdict

    from django.db.models import Count, Sum

    from .models import (
        ANONYMITY_THRESHOLD,
        Answer,
        Campaign,
        Invitation,
        QuestionKind,
        Response,
        ResponseStatus,
        SurveyKind,
    )

    first, last = quarter_bounds(on_date)
    campaigns = {
        c.pk: c
        for c in Campaign.objects.filter(
            organization_id__in=list(org_ids),
            survey__kind=SurveyKind.DIAGNOSTICS,
            deadline__gte=first,
            deadline__lte=last,
        )
    }
    invited, responded, anonymous = defaultdict(int), defaultdict(int), defaultdict(bool)
    sums = defaultdict(lambda: [0, 0])
    for row in (
        Invitation.objects.filter(campaign_id__in=campaigns)
        .values("campaign_id", "participant__target_group")
        .annotate(n=Count("pk"))
    ):
        org = campaigns[row["campaign_id"]].organization_id
        for group in (row["participant__target_group"], None):
            invited[(org, group)] += row["n"]
    for row in (
        Response.objects.filter(campaign_id__in=campaigns, status=ResponseStatus.SUBMITTED)
        .values("campaign_id", "target_group")
        .annotate(n=Count("pk"))
    ):
        campaign = campaigns[row["campaign_id"]]
        for group in (row["target_group"], None):
            responded[(campaign.organization_id, group)] += row["n"]
            anonymous[(campaign.organization_id, group)] |= campaign.is_anonymous
    for row in (
        Answer.objects.filter(
            response__campaign_id__in=campaigns,
            response__status=ResponseStatus.SUBMITTED,
            question__kind=QuestionKind.SCALE,
        )
        .values("response__campaign_id", "response__target_group")
        .annotate(total=Sum("number"), n=Count("pk"))
    ):
        org = campaigns[row["response__campaign_id"]].organization_id
        for group in (row["response__target_group"], None):
            sums[(org, group)][0] += row["total"] or 0
            sums[(org, group)][1] += row["n"]
    result = defaultdict(dict)
    for org, group in set(invited) | set(responded):
        total, n = sums.get((org, group), (0, 0))
        hidden = (
            group is not None
            and anonymous[(org, group)]
            and responded[(org, group)] < ANONYMITY_THRESHOLD
        )
        mean = None if hidden or not n else score(Decimal(total) / n)
        result[org][group] = (invited[(org, group)], responded[(org, group)], mean)
    return result


def _diagnostics_compute(index):
    def compute(org_ids, on_date, param, cache=None):
        cache = {} if cache is None else cache
        key = ("diagnostics", on_date)
        if key not in cache:
            cache[key] = diagnostics_by_group(org_ids, on_date)
        result = {}
        for pk in org_ids:
            row = cache[key].get(pk, {}).get(param or None)
            if row is not None:
                result[pk] = defs.Figure(row[index])
        return result

    return compute


def register_definitions():
    """Register the survey definitions into mentoring.indicators."""
    _diagnostics = (
        "рассылки анкеты диагностики компетенций со сроком в календарном квартале даты; "
        "для строки таблицы — только её группа участников"
    )
    defs.register(
        defs.Definition(
            code="diagnostics_score",
            label="Диагностика компетенций: средний балл самооценки",
            unit=SCORE,
            counted=(
                "средний балл отправленных ответов на вопросы-шкалы; группа из анонимной "
                "рассылки с числом ответов меньше трёх скрыта"
            ),
            population=_diagnostics,
            on_date="календарный квартал даты показателя (предыдущий квартал — на его конец)",
            target=None,
            target_source="",
            rounding=ROUNDING_SCORE,
            combine="min",
            compute=_diagnostics_compute(2),
            from_banks=False,
        )
    )
    defs.register(
        defs.Definition(
            code="diagnostics_responded",
            label="Диагностика компетенций: прошли диагностику",
            unit=defs.PEOPLE,
            counted="отправленные ответы на анкету диагностики (из числа приглашённых)",
            population=_diagnostics,
            on_date="календарный квартал даты показателя (предыдущий квартал — на его конец)",
            target=None,
            target_source="",
            rounding=defs.ROUNDING_COUNT,
            compute=_diagnostics_compute(1),
            from_banks=False,
        )
    )
    for code, label, moment, index in (
        (
            "effectiveness_expected",
            "Анкеты эффективности: ожидания, средний балл",
            "«ожидания» (в начале программы)",
            0,
        ),
        (
            "effectiveness_actual",
            "Анкеты эффективности: итог, средний балл",
            "«фактический результат» (в конце программы); изменение — итог минус ожидания",
            1,
        ),
    ):
        defs.register(
            defs.Definition(
                code=code,
                label=label,
                unit=SCORE,
                counted=_EFFECTIVENESS_COUNTED.format(moment),
                population=_EFFECTIVENESS_POPULATION,
                on_date=defs.ON_DATE,
                target=None,
                target_source=_EFFECTIVENESS_SOURCE,
                rounding=ROUNDING_SCORE,
                # Means of several organisations are not added up: a
                # department sees the lowest of them.
                combine="min",
                compute=_effectiveness_compute(index),
                # Answers of questionnaires, not the banks' people.
                from_banks=False,
            )
        )
