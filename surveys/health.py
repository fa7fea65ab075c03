"""Pair health from questionnaires: a low score in the pair's latest answer."""

from collections import defaultdict

from mentoring.health import health_check

from .models import Answer, QuestionKind, Response, ResponseStatus


@health_check
def low_score_in_latest_answer(pairs, settings_row, today):
    """A scale answer at or below the organisation's threshold (out of 5; a
    1–10 scale is halved) in the latest submitted named questionnaire of any
    member of the pair. Two queries."""
    latest = {}
    rows = (
        Response.objects.filter(mentorship__in=pairs, status=ResponseStatus.SUBMITTED)
        .order_by("mentorship_id", "submitted_at", "pk")
        .values_list("mentorship_id", "pk", "campaign__title", "submitted_at")
    )
    for mentorship_id, pk, title, submitted_at in rows:
        latest[mentorship_id] = (pk, title, submitted_at)
    if not latest:
        return {}
    threshold = settings_row.health_low_score
    answers = Answer.objects.filter(
        response_id__in=[pk for pk, _t, _s in latest.values()],
        question__kind=QuestionKind.SCALE,
        number__isnull=False,
    ).values_list("response_id", "number", "question__scale_max", "question__text")
    low = defaultdict(list)
    for response_id, number, scale_max, text in answers:
        five_point = float(number) * 5 / (scale_max or 5)
        if five_point <= threshold:
            low[response_id].append(f"«{text[:80]}» — {number.normalize():f} из {scale_max}")
    found = {}
    for mentorship_id, (pk, title, submitted_at) in latest.items():
        if low[pk]:
            found[mentorship_id] = [
                f"низкая оценка в анкете «{title}» от {submitted_at:%d.%m.%Y}: "
                + "; ".join(low[pk][:2])
            ]
    return found
