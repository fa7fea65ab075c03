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
    "Р-145, мониторинг качества программы: ожидания в начале и фактический результат "
    "в конце; итог выше ожиданий"
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


def register_definitions():
    """Register the survey definitions into mentoring.indicators."""
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
