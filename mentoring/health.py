"""Pair health: which active pairs and groups need the methodist's attention,
each with its reasons in words.

Checks are registered (``@health_check``) by the app that has the data:
this app looks at meetings, plan items, the pair's end date and the mentor's
consent; the surveys app at the latest questionnaire. A check gets the
organisation's active mentorships as a queryset, the organisation's
``MentoringSettings`` and the date, and returns {mentorship id: [reason]}
in a constant number of queries, whatever the number of pairs.

Thresholds are organisation settings: «нет встреч N недель»
(``health_no_meeting_weeks``) and the low questionnaire score
(``health_low_score``).
"""

import datetime
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Count, Max, Q
from django.utils import timezone

from .models import (
    Consent,
    ConsentKind,
    MentoringSettings,
    Mentorship,
    MentorshipMember,
    MentorshipStatus,
    PlanItem,
)

# A consent ending within this many days is «about to expire».
CONSENT_WARNING_DAYS = 30

CHECKS: list[Callable] = []


def health_check(check):
    """Register ``check(mentorships, settings, today) -> {id: [reason]}``."""
    CHECKS.append(check)
    return check


@dataclass
class Attention:
    mentorship: Mentorship
    reasons: list


def _active(organization):
    return Mentorship.objects.filter(organization=organization, status=MentorshipStatus.ACTIVE)


def reasons_by_pair(organization, *, today=None, mentorships=None):
    """{mentorship id: [reason, …]} for the active pairs that need attention.

    ``mentorships``: a queryset of the organisation's pairs to look at (all
    active ones when None).
    """
    today = today or timezone.localdate()
    settings_row = MentoringSettings.for_organization(organization)
    pairs = _active(organization)
    if mentorships is not None:
        pairs = pairs.filter(pk__in=mentorships.values("pk"))
    found = defaultdict(list)
    for check in CHECKS:
        for pk, reasons in check(pairs, settings_row, today).items():
            found[pk].extend(reasons)
    return dict(found)


def cached_reasons(organization, *, today=None):
    """``reasons_by_pair`` of all the organisation's active pairs, from the
    figures cache (mentoring.figures): a write to a pair, its members,
    meetings, plan items, consents, the settings or a questionnaire answer
    bumps the organisation's figures, so the reasons are never staler than
    the last write. One pair's page reads its own entry: two cache reads
    instead of the checks' eight queries."""
    from .figures import figures_get

    today = today or timezone.localdate()
    return figures_get(
        organization, f"attention:{today}", lambda: reasons_by_pair(organization, today=today)
    )


def pairs_needing_attention(organization, *, today=None):
    """[(mentorship id, [reason])], most reasons first, then the oldest pair.
    Load the page's mentorships with ``attention_rows``."""
    reasons = cached_reasons(organization, today=today)
    return sorted(reasons.items(), key=lambda item: (-len(item[1]), item[0]))


def attention_rows(page_items):
    """[Attention] for a slice of ``pairs_needing_attention``, one query
    for the pairs and their people."""
    ids = [pk for pk, _ in page_items]
    pairs = Mentorship.objects.filter(pk__in=ids).with_people().in_bulk()
    return [Attention(mentorship=pairs[pk], reasons=r) for pk, r in page_items if pk in pairs]


def attention_count(organization, *, today=None):
    """How many active pairs need attention (``cached_reasons``)."""
    return len(cached_reasons(organization, today=today))


def _date(day):
    return f"{day:%d.%m.%Y}"


@health_check
def no_recent_meeting(pairs, settings_row, today):
    weeks = settings_row.health_no_meeting_weeks
    limit = today - datetime.timedelta(weeks=weeks)
    rows = pairs.annotate(last_meeting=Max("meetings__held_on")).values(
        "pk", "last_meeting", "activated_on", "planned_start"
    )
    found = {}
    for row in rows:
        last = row["last_meeting"]
        since = last or row["activated_on"] or row["planned_start"]
        if since and since < limit:
            found[row["pk"]] = [
                f"нет встреч больше {weeks} нед. (последняя {_date(last)})"
                if last
                else f"ни одной встречи с начала пары ({_date(since)})"
            ]
    return found


@health_check
def overdue_plan_items(pairs, settings_row, today):
    rows = (
        pairs.annotate(
            overdue=Count(
                "program__items",
                filter=Q(program__items__due_on__lt=today)
                & ~Q(program__items__status__in=[PlanItem.Status.DONE, PlanItem.Status.CANCELLED]),
            )
        )
        .filter(overdue__gt=0)
        .values("pk", "overdue")
    )
    return {row["pk"]: [f"просрочены пункты программы: {row['overdue']}"] for row in rows}


@health_check
def past_end_date(pairs, settings_row, today):
    rows = pairs.filter(planned_end__lt=today).values("pk", "planned_end")
    return {
        row["pk"]: [f"плановый срок пары истёк {_date(row['planned_end'])}, а она действует"]
        for row in rows
    }


def consent_end(consent):
    """The last day a consent is in force by its own term, or None when the
    model keeps no term (then only a withdrawal ends it)."""
    for name in ("valid_until", "expires_on"):
        value = getattr(consent, name, None)
        if value:
            return value
    return None


@health_check
def mentor_consent_ending(pairs, settings_row, today):
    """A mentor whose processing consent ends within CONSENT_WARNING_DAYS,
    or who has none in force any more: the pair must stop unless a new
    consent is given (152-ФЗ ст. 9)."""
    members = MentorshipMember.objects.filter(
        mentorship__in=pairs, role__in=[MentorshipMember.Role.LEAD, MentorshipMember.Role.CO_MENTOR]
    ).values_list("mentorship_id", "participant_id")
    by_mentor = defaultdict(list)
    for mentorship_id, participant_id in members:
        by_mentor[participant_id].append(mentorship_id)
    consents = Consent.objects.filter(
        participant_id__in=by_mentor, kind=ConsentKind.PROCESSING
    ).valid_on(today)
    ends = defaultdict(list)
    for consent in consents:
        ends[consent.participant_id].append(consent_end(consent))
    horizon = today + datetime.timedelta(days=CONSENT_WARNING_DAYS)
    found = defaultdict(list)
    # A mentor with no consent in force at all (expired, not renewed) is the
    # most urgent case: the pair's data may not be processed any more.
    for mentor_id in by_mentor.keys() - ends.keys():
        for mentorship_id in by_mentor[mentor_id]:
            found[mentorship_id].append(
                "у наставника нет действующего согласия на обработку персональных данных"
            )
    for mentor_id, days in ends.items():
        if None in days:
            continue  # one consent without a term keeps the mentor covered
        last = max(days)
        if last <= horizon:
            for mentorship_id in by_mentor[mentor_id]:
                found[mentorship_id].append(
                    f"согласие наставника на обработку персональных данных истекает {_date(last)}"
                )
    return dict(found)
