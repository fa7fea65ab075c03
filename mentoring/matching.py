"""Choosing a mentor: a ranked list of candidates with a score and the
reasons in words. Two queries whatever the number of mentors."""

import functools
import re
from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef
from django.utils import timezone

from .models import Consent, ConsentKind, MentorStatus, Participant, QualificationCategory
from .plurals import count_noun
from .services.mentorships import mentor_loads

WORD = re.compile(r"[а-яёa-z]+", re.IGNORECASE)
# Words too common in requests and competencies to say anything.
STOP = {
    "работа",
    "работы",
    "работе",
    "обучающихся",
    "обучающимися",
    "учащихся",
    "детьми",
    "детей",
    "педагог",
    "педагогов",
    "урока",
    "уроке",
    "уроков",
    "деятельность",
    "деятельности",
    "вопросы",
    "умение",
    "навыки",
    "опыт",
    "также",
    "развитие",
}


@functools.lru_cache(maxsize=1)
def _morph():
    """pymorphy3's Russian analyser (OpenCorpora dictionaries): loaded once
    per process, about a second and 15 MB."""
    import pymorphy3

    return pymorphy3.MorphAnalyzer(lang="ru")


@functools.lru_cache(maxsize=20000)
def lemmas_of(word):
    """Every dictionary form the word may be a form of: 'математикой' →
    {'математика'}; 'математика' → {'математика', 'математик'} (the
    analyser cannot tell the subject from the person without context, so
    all readings are kept and any shared one counts as a match)."""
    if not re.fullmatch(r"[а-яё]+", word):
        return frozenset({word})
    return frozenset(p.normal_form.replace("ё", "е") for p in _morph().parse(word))


@functools.lru_cache(maxsize=50000)
def stems(text):
    """{dictionary form: the word as written} of the meaningful words
    (4 letters or more, not in STOP). Word forms of one word share their
    dictionary form, so "Трудности с математикой" meets "Математика".
    Cached per text (a bank's texts change rarely): do not mutate the result."""
    found = {}
    for word in WORD.findall((text or "").lower().replace("ё", "е")):
        if len(word) >= 4 and word not in STOP:
            forms = lemmas_of(word)
            if forms & STOP:
                continue
            for lemma in forms:
                found.setdefault(lemma, word)
    return found


def subject_set(text):
    return {
        s.strip().lower().replace("ё", "е") for s in re.split(r"[,;/]", text or "") if s.strip()
    }


def _words(requests, other):
    """The request words (as written, once each) whose dictionary form is
    among ``other``'s."""
    seen = []
    for lemma, word in requests.items():
        if lemma in other and word not in seen:
            seen.append(word)
    return seen


@dataclass
class Candidate:
    mentor: Participant
    score: int
    free: int
    reasons: list = field(default_factory=list)
    blockers: list = field(default_factory=list)

    @property
    def can_propose(self):
        return not self.blockers


def _consent_in_force(kind, on_date):
    return Exists(Consent.objects.filter(participant=OuterRef("pk"), kind=kind).valid_on(on_date))


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


def rank_mentors(*, organization, mentees, form, include_potential=False, on_date=None):
    """Candidates for the mentees in the form, best first."""
    on_date = on_date or timezone.localdate()
    statuses = [MentorStatus.APPROVED]
    if include_potential:
        statuses.append(MentorStatus.POTENTIAL)
    mentors = (
        Participant.objects.of(organization)
        .active()
        .mentors()
        .filter(mentor_status__in=statuses)
        .exclude(pk__in=[m.pk for m in mentees])
        # Consents as two EXISTS flags rather than prefetched rows: building
        # thousands of Consent objects took most of the time at 2 000 mentors.
        .annotate(
            has_processing=_consent_in_force(ConsentKind.PROCESSING, on_date),
            has_duties=_consent_in_force(ConsentKind.DUTIES, on_date),
        )
    )
    if form.mentor_groups:
        mentors = mentors.filter(target_group__in=form.mentor_groups)
    # Only what the score, the reasons and the list need.
    mentors = list(
        mentors.only(
            "organization_id",
            "last_name",
            "first_name",
            "patronymic",
            "target_group",
            "position",
            "subjects",
            "competencies",
            "achievements",
            "experience_years",
            "qualification_category",
            "capacity",
            "mentor_status",
            "is_mentor",
        )
    )
    loads = mentor_loads([m.pk for m in mentors])

    mentee_subjects = set().union(*(subject_set(m.subjects) for m in mentees)) if mentees else set()
    mentee_requests = {}
    for mentee in mentees:
        mentee_requests.update(stems(mentee.requests))
    need = max(len(mentees), 1)
    # What stops any proposal for these mentees: said once per candidate so
    # that no "Предложить" is offered that would fail after the click.
    for_all = mentee_blockers(mentees, form, on_date)

    candidates = []
    for mentor in mentors:
        score, reasons, blockers = 0, [], []
        shared = sorted(subject_set(mentor.subjects) & mentee_subjects)
        if shared:
            score += 35
            reasons.append("общий предмет или направление: " + ", ".join(shared))
        subjects = stems(mentor.subjects)
        asked = _words(mentee_requests, subjects)
        if asked and not shared:
            score += 25
            reasons.append("запрос касается предмета наставника: " + ", ".join(asked[:3]))
        competence = stems(mentor.competencies + " " + mentor.achievements)
        matched = _words(mentee_requests, competence)
        if matched:
            score += min(len(matched), 3) * 10
            reasons.append("запросы совпадают с компетенциями: " + ", ".join(matched[:3]))
        years = mentor.experience_years or 0
        if years:
            score += round(min(years, 20) * 0.75)
            reasons.append("стаж " + count_noun(years, "год,года,лет"))
        if mentor.qualification_category in (
            QualificationCategory.HIGHEST,
            QualificationCategory.METHODIST,
            QualificationCategory.MENTOR,
        ):
            score += 5
            reasons.append(f"категория: {mentor.get_qualification_category_display().lower()}")
        free = mentor.capacity - loads.get(mentor.pk, 0)
        if free >= need:
            score += 10 if free > need else 5
            reasons.append(f"свободных мест: {free}")
        else:
            blockers.append(
                f"нет свободных мест (занято {loads.get(mentor.pk, 0)} из {mentor.capacity})"
            )
        if mentor.mentor_status == MentorStatus.POTENTIAL:
            score -= 5
            reasons.append("потенциальный наставник, ещё не утверждён")
        if not mentor.has_processing:
            blockers.append("нет согласия на обработку персональных данных")
        blockers.extend(for_all)
        if not mentor.has_duties:
            reasons.append("нужно согласие на дополнительные обязанности до приказа")
        candidates.append(
            Candidate(
                mentor=mentor,
                score=max(score, 0),
                free=max(free, 0),
                reasons=reasons,
                blockers=blockers,
            )
        )
    candidates.sort(key=lambda c: (not c.can_propose, -c.score, c.mentor.last_name))
    return candidates
