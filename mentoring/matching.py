"""Choosing a mentor for one mentee (or one group): a ranked list of
candidates with the score of ``mentoring.scoring`` under the organisation's
weights, explained criterion by criterion, and what stops a proposal.

The whole-cohort assignment (``mentoring.assignment``) reads the same
mentors (``form_mentors``) and scores them with the same function, so the
single page and the cohort proposal agree. A constant number of queries
whatever the number of mentors.
"""

from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef
from django.utils import timezone

from .models import Consent, ConsentKind, MentoringSettings, MentorStatus, Participant
from .scoring import criteria_rows, group_profile, max_score, profile_of, score_matrix
from .services.mentorships import mentor_loads

# What the score, the filters and the pages read of a participant.
PROFILE_FIELDS = (
    "organization_id",
    "last_name",
    "first_name",
    "patronymic",
    "birth_date",
    "target_group",
    "class_group",
    "position",
    "subjects",
    "experience_years",
    "qualification_category",
    "competencies",
    "achievements",
    "requests",
    "capacity",
    "is_mentor",
    "is_mentee",
    "mentor_status",
    "anonymized_at",
)


@dataclass
class Candidate:
    mentor: Participant
    score: int
    free: int
    # [(criterion label, points, fit in words)] (scoring.criteria_rows)
    criteria: list = field(default_factory=list)
    # What the methodist should know but does not stop a proposal.
    notes: list = field(default_factory=list)
    blockers: list = field(default_factory=list)
    max_score: int = 100

    @property
    def can_propose(self):
        return not self.blockers

    @property
    def percent(self):
        """The score as a share of the maximum, whole per cent (the bar)."""
        return round(100 * self.score / self.max_score) if self.max_score else 0


def consent_in_force(kind, on_date):
    """An EXISTS expression: the participant has a consent of the kind in
    force on the date (cheaper than prefetching thousands of Consent rows)."""
    return Exists(Consent.objects.filter(participant=OuterRef("pk"), kind=kind).valid_on(on_date))


def form_mentors(*, organization, form, on_date):
    """The approved active mentors whose target group the form admits, in
    name order, with ``has_processing`` and ``has_duties`` (consents in force
    on the date), ``load`` (mentees in pairs holding a place) and ``free``
    (places left, never below 0). Two queries."""
    mentors = (
        Participant.objects.of(organization)
        .active()
        .mentors()
        .filter(mentor_status=MentorStatus.APPROVED)
        .annotate(
            has_processing=consent_in_force(ConsentKind.PROCESSING, on_date),
            has_duties=consent_in_force(ConsentKind.DUTIES, on_date),
        )
    )
    if form.mentor_groups:
        mentors = mentors.filter(target_group__in=form.mentor_groups)
    mentors = list(mentors.only(*PROFILE_FIELDS).order_by("last_name", "first_name", "pk"))
    loads = mentor_loads([m.pk for m in mentors])
    for mentor in mentors:
        mentor.load = loads.get(mentor.pk, 0)
        mentor.free = max(mentor.capacity - mentor.load, 0)
    return mentors


def mentee_blockers(mentees, form, on_date):
    """Why no mentor can be proposed for these mentees in this form, as
    Russian sentences naming the mentee (the checks of
    services.mentorships._check_people that do not depend on the mentor).
    Two queries."""
    from .models import HOLDING_STATUSES, MentorshipMember

    if not mentees:
        return []
    ids = [m.pk for m in mentees]
    with_consent = set(
        Participant.objects.filter(pk__in=ids)
        .with_valid_consent(ConsentKind.PROCESSING, on_date)
        .values_list("pk", flat=True)
    )
    busy = set(
        MentorshipMember.objects.filter(
            participant_id__in=ids,
            role=MentorshipMember.Role.MENTEE,
            form=form,
            mentorship__status__in=HOLDING_STATUSES,
        ).values_list("participant_id", flat=True)
    )
    found = []
    for mentee in mentees:
        if mentee.pk not in with_consent:
            found.append(f"у наставляемого {mentee.full_name} нет согласия на обработку ПДн")
        if mentee.pk in busy:
            found.append(f"{mentee.full_name} уже в паре или группе формы «{form.name}»")
        if not form.allows_mentee(mentee):
            found.append(
                f"целевая группа {mentee.full_name} не подходит наставляемому в форме «{form.name}»"
            )
    return found


def rank_mentors(*, organization, mentees, form, weights=None, on_date=None):
    """Candidates for the mentees (one pair, or one group) in the form, best
    first: those who can be proposed, by score, then the others.

    ``weights``: {criterion: points}, the organisation's settings
    (``MentoringSettings``) when None. A group is scored as one mentee
    (``scoring.group_profile``) and needs a free place for every member.
    Returns a list of ``Candidate``; nothing is written.
    """
    on_date = on_date or timezone.localdate()
    if weights is None:
        weights = MentoringSettings.for_organization(organization).weights
    excluded = {m.pk for m in mentees}
    mentors = [
        m
        for m in form_mentors(organization=organization, form=form, on_date=on_date)
        if m.pk not in excluded
    ]
    mentee = group_profile([profile_of(m, as_mentor=False) for m in mentees]) if mentees else None
    profiles = [profile_of(m, as_mentor=True, free=m.free) for m in mentors]
    if mentee is None or not mentors:
        return []
    scores, criteria = score_matrix([mentee], profiles, weights)
    need = len(mentees)
    top = max_score(weights)
    # What stops any proposal for these mentees: said once per candidate so
    # that no "Предложить" is offered that would fail after the click.
    for_all = mentee_blockers(mentees, form, on_date)

    candidates = []
    for j, (mentor, profile) in enumerate(zip(mentors, profiles, strict=True)):
        blockers, notes = [], []
        if mentor.free < need:
            blockers.append(f"нет свободных мест (занято {mentor.load} из {mentor.capacity})")
        if not mentor.has_processing:
            blockers.append("нет согласия на обработку персональных данных")
        blockers.extend(for_all)
        if not mentor.has_duties:
            notes.append("нужно согласие на дополнительные обязанности до приказа")
        candidates.append(
            Candidate(
                mentor=mentor,
                score=int(scores[0, j]),
                free=mentor.free,
                criteria=criteria_rows(criteria, 0, j, mentee, profile, weights),
                notes=notes,
                blockers=blockers,
                max_score=top,
            )
        )
    candidates.sort(key=lambda c: (not c.can_propose, -c.score, c.mentor.last_name))
    return candidates
