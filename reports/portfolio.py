"""A mentor's portfolio over a period: for attestation (педагог-наставник,
приказ Минпросвещения России от 24.03.2023 № 196) and contests
(«Наставник года»).

One function builds the figures (``mentor_portfolio``); the PDF and the
public honour-board card format them. The figures are the ones the pair
pages show: plan completion is ``PersonalProgram.progress`` over the same
items, meetings are the pair's logged meetings.

Children are not named: a mentee under 18, a school student, or a student
whose age is unknown appears as «обучающийся» with the class (152-ФЗ ст. 5
ч. 5, data minimisation: the commission needs the mentor's work, not the
child's name).
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Avg, Count, Prefetch, Q, Sum

from mentoring.models import (
    STUDENT_GROUPS,
    Award,
    Event,
    ExternalCourse,
    Meeting,
    Mentorship,
    MentorshipMember,
    Order,
    OrderKind,
    OrderStatus,
    Practice,
    PracticeStatus,
    TrainingGroup,
)
from surveys.models import Answer, QuestionKind, ResponseStatus


@dataclass
class PairRow:
    mentorship: Mentorship
    mentees: list  # names as they may appear
    progress: int  # per cent of plan items done, as on the pair page
    items_done: int
    items_total: int
    meetings: int  # in the period
    minutes: int  # logged duration of those meetings
    unlogged: int  # of those meetings, how many have no duration
    score: Decimal | None  # average scale answer of the pair's questionnaires, out of 5


@dataclass
class Portfolio:
    mentor: object
    start: datetime.date
    end: datetime.date
    pairs: list = field(default_factory=list)
    trainings: list = field(default_factory=list)
    courses: list = field(default_factory=list)
    events: list = field(default_factory=list)
    practices: list = field(default_factory=list)
    awards: list = field(default_factory=list)
    # Approved award orders naming the mentor, with ``.mentor_award`` set.
    award_orders: list = field(default_factory=list)

    @property
    def mentees_count(self):
        return sum(len(p.mentees) for p in self.pairs)

    @property
    def meetings_count(self):
        return sum(p.meetings for p in self.pairs)

    @property
    def hours(self):
        """Logged meeting time in hours, one decimal."""
        return round(sum(p.minutes for p in self.pairs) / 60, 1)

    @property
    def unlogged_meetings(self):
        return sum(p.unlogged for p in self.pairs)

    @property
    def course_hours(self):
        return sum(c.hours for c in self.courses)

    @property
    def average_progress(self):
        if not self.pairs:
            return None
        return round(sum(p.progress for p in self.pairs) / len(self.pairs))


def mentee_label(participant, on_date):
    """The name to print, or «обучающийся …» for a child."""
    child = participant.is_minor(on_date) or (
        participant.target_group in STUDENT_GROUPS and participant.birth_date is None
    )
    if child or participant.is_anonymized:
        cls = f", {participant.class_group}" if participant.class_group else ""
        return f"обучающийся{cls}"
    return participant.full_name


def mentor_portfolio(mentor, *, start, end):
    """The mentor's work from ``start`` to ``end`` (dates, inclusive).

    Pairs and groups where the mentor is a lead or co-mentor and which ran
    at some time in the period; meetings and hours in the period; trainings,
    courses, events, practices and awards dated in it. A constant number of
    queries.
    """
    in_period = Q(planned_start__lte=end) & (Q(ended_on__isnull=True) | Q(ended_on__gte=start))
    pair_ids = MentorshipMember.objects.filter(
        participant=mentor,
        role__in=[MentorshipMember.Role.LEAD, MentorshipMember.Role.CO_MENTOR],
    ).values("mentorship_id")
    pairs = list(
        Mentorship.objects.filter(in_period, pk__in=pair_ids)
        .exclude(status__in=["proposed"])
        .select_related("form", "program")
        .prefetch_related(
            Prefetch(
                "members",
                MentorshipMember.objects.filter(role=MentorshipMember.Role.MENTEE).select_related(
                    "participant"
                ),
            ),
            "program__items",
        )
        .order_by("planned_start", "pk")
    )
    meetings = {
        row["mentorship_id"]: row
        for row in Meeting.objects.filter(
            mentorship__in=pairs, held_on__gte=start, held_on__lte=end
        )
        .values("mentorship_id")
        .annotate(
            n=Count("pk"),
            minutes=Sum("duration_minutes"),
            unlogged=Count("pk", filter=Q(duration_minutes__isnull=True)),
        )
    }
    scores = _scores([p.pk for p in pairs], start, end)
    portfolio = Portfolio(mentor=mentor, start=start, end=end)
    for pair in pairs:
        program = getattr(pair, "program", None)
        items = list(program.items.all()) if program else []
        done = sum(1 for i in items if i.status == "done")
        row = meetings.get(pair.pk, {})
        portfolio.pairs.append(
            PairRow(
                mentorship=pair,
                mentees=[mentee_label(m.participant, end) for m in pair.members.all()],
                progress=program.progress(items) if program else 0,
                items_done=done,
                items_total=len(items),
                meetings=row.get("n", 0),
                minutes=row.get("minutes") or 0,
                unlogged=row.get("unlogged", 0),
                score=scores.get(pair.pk),
            )
        )
    portfolio.trainings = list(
        TrainingGroup.objects.filter(members=mentor, starts_on__lte=end)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=start))
        .order_by("starts_on")
    )
    portfolio.courses = list(
        ExternalCourse.objects.filter(participant=mentor, ends_on__gte=start, starts_on__lte=end)
    )
    portfolio.events = list(
        Event.objects.filter(held_on__gte=start, held_on__lte=end)
        .filter(Q(participants=mentor) | Q(representatives=mentor))
        .distinct()
        .order_by("held_on")
    )
    portfolio.practices = list(
        Practice.objects.filter(author_participants=mentor, status=PracticeStatus.PUBLISHED)
        .filter(created_at__date__lte=end)
        .order_by("-created_at")
    )
    portfolio.awards = list(
        Award.objects.filter(participant=mentor, awarded_on__gte=start, awarded_on__lte=end)
    )
    portfolio.award_orders = _award_orders(mentor, start, end)
    return portfolio


def _award_orders(mentor, start, end):
    """The approved award orders of the period that name the mentor in their
    appendix, each with ``mentor_award`` (the award it gives the mentor).
    The appendix is JSON (``Order.details``); an organisation issues a few
    award orders a year, so they are read in one query and filtered here
    (SQLite has no JSON containment lookup)."""
    found = []
    orders = Order.objects.filter(
        organization_id=mentor.organization_id,
        kind=OrderKind.AWARD,
        status=OrderStatus.APPROVED,
        signed_on__gte=start,
        signed_on__lte=end,
    ).order_by("signed_on", "pk")
    for order in orders:
        award = order.award_of(mentor)
        if award is not None:
            order.mentor_award = award
            found.append(order)
    return found


def _scores(pair_ids, start, end):
    """{mentorship id: average scale answer out of 5} of the pairs' named,
    submitted questionnaires in the period (anonymous answers keep no pair)."""
    rows = (
        Answer.objects.filter(
            response__mentorship_id__in=pair_ids,
            response__status=ResponseStatus.SUBMITTED,
            response__submitted_at__date__gte=start,
            response__submitted_at__date__lte=end,
            question__kind=QuestionKind.SCALE,
            number__isnull=False,
        )
        .values("response__mentorship_id", "question__scale_max")
        .annotate(avg=Avg("number"), n=Count("pk"))
    )
    totals = {}
    for row in rows:
        five = Decimal(row["avg"]) * 5 / (row["question__scale_max"] or 5)
        total, n = totals.get(row["response__mentorship_id"], (Decimal(0), 0))
        totals[row["response__mentorship_id"]] = (total + five * row["n"], n + row["n"])
    return {pk: round(total / n, 1) for pk, (total, n) in totals.items() if n}
