"""Whole-cohort assignment: a mentor for every mentee without one at once.

The problem is a bipartite b-matching: each mentee takes at most one mentor,
each mentor at most their free places, a pair is allowed only when the form
admits both and both have a processing consent in force (152-ФЗ ст. 9; the
same rules ``mentorship_propose`` checks). Among allowed assignments the one
chosen first matches as many mentees as possible, then has the largest total
match score (``mentoring.scoring``). It is solved exactly as an assignment
problem: every mentor is expanded into one column per free place and
``scipy.optimize.linear_sum_assignment`` (the Jonker–Volgenant algorithm) finds
the optimum; an allowed pair is worth ``BONUS + score``, a forbidden one 0, and
BONUS exceeds any possible total of scores, so cardinality comes first.

2 000 mentees × 500 mentors: about a second on two cores (``make bench``).
"""

from dataclasses import dataclass, field

import numpy as np
from django.utils import timezone
from scipy.optimize import linear_sum_assignment

from .matching import PROFILE_FIELDS, consent_in_force, form_mentors
from .models import ConsentKind, MentoringSettings, Participant
from .scoring import profile_of, score_matrix
from .services.mentorships import mentees_without_mentor

# Reasons a mentee stays without a mentor, in words for the page.
NO_CONSENT = "нет согласия на обработку персональных данных"
FORM_MISMATCH = "целевая группа не подходит форме наставничества"
NO_MENTOR_OF_FORM = "в банке нет утверждённого наставника этой формы с согласием"
NO_CAPACITY = "у наставников этой формы не осталось свободных мест"


@dataclass
class Row:
    mentee: Participant
    mentor: Participant | None
    score: int
    options: list = field(default_factory=list)  # [(mentor, score)] best first
    reason: str = ""


@dataclass
class CohortPlan:
    rows: list  # Row with a mentor, best score first
    unmatched: list  # Row without a mentor, with the reason
    total_score: int
    mentors: dict  # pk → Participant with .free set

    @property
    def matched_count(self):
        return len(self.rows)


def cohort_candidates(*, organization, form, target_group="", class_group="", on_date=None):
    """The mentees without a mentor (filtered), annotated with
    ``has_processing``, and the form's mentors (``matching.form_mentors``:
    the same list the single-mentee page ranks)."""
    on_date = on_date or timezone.localdate()
    mentees = mentees_without_mentor(organization).annotate(
        has_processing=consent_in_force(ConsentKind.PROCESSING, on_date)
    )
    if target_group:
        mentees = mentees.filter(target_group=target_group)
    if class_group:
        mentees = mentees.filter(class_group__iexact=class_group.strip())
    mentees = list(mentees.only(*PROFILE_FIELDS).order_by("last_name", "first_name", "pk"))
    mentors = form_mentors(organization=organization, form=form, on_date=on_date)
    return mentees, mentors


def _top_columns(scores, k):
    """Per row, the indices of the k best columns, best first (ties by
    column order). Partial sort: O(rows × columns)."""
    rows, columns = scores.shape
    if not rows or not columns:
        return np.zeros((rows, 0), dtype=np.int64)
    k = min(k, columns)
    part = (
        np.argpartition(-scores, k - 1, axis=1)[:, :k]
        if k < columns
        else np.tile(np.arange(columns), (rows, 1))
    )
    picked = np.take_along_axis(scores, part, axis=1)
    # Best score first, then the lower column index.
    keys = np.lexsort((part, -picked), axis=1)
    return np.take_along_axis(part, keys, axis=1)


def solve(profit):
    """Maximum-profit assignment of rows to columns of a (rows, slots)
    matrix; pairs worth 0 are not assignments. Returns {row: column}."""
    if profit.size == 0:
        return {}
    rows, columns = linear_sum_assignment(profit, maximize=True)
    return {int(r): int(c) for r, c in zip(rows, columns, strict=True) if profit[r, c] > 0}


def cohort_plan(
    *,
    organization,
    form,
    target_group="",
    class_group="",
    weights=None,
    on_date=None,
    options=5,
):
    """Propose a mentor for every mentee without one (see the module doc).

    ``weights``: {criterion: points}, the organisation's settings when None.
    Returns a ``CohortPlan``; nothing is written.
    """
    if weights is None:
        weights = MentoringSettings.for_organization(organization).weights
    mentees, mentors = cohort_candidates(
        organization=organization,
        form=form,
        target_group=target_group,
        class_group=class_group,
        on_date=on_date,
    )
    unmatched = []
    eligible = []
    for mentee in mentees:
        if not mentee.has_processing:
            unmatched.append(Row(mentee=mentee, mentor=None, score=0, reason=NO_CONSENT))
        elif not form.allows_mentee(mentee):
            unmatched.append(Row(mentee=mentee, mentor=None, score=0, reason=FORM_MISMATCH))
        else:
            eligible.append(mentee)
    usable = [m for m in mentors if m.has_processing]
    with_places = [m for m in usable if m.free > 0]
    mentee_profiles = [profile_of(m, as_mentor=False) for m in eligible]
    mentor_profiles = [profile_of(m, as_mentor=True, free=m.free) for m in with_places]
    scores, _criteria = score_matrix(mentee_profiles, mentor_profiles, weights)

    # One column per free place, at most one place per eligible mentee.
    places = [min(m.free, len(eligible)) for m in with_places]
    owner = np.repeat(np.arange(len(with_places)), places)
    bonus = int(scores.max(initial=0)) * max(len(eligible), 1) + 1
    profit = (scores[:, owner] + bonus).astype(np.int64) if len(owner) else np.zeros((0, 0))
    # A participant in both banks (peer forms: «Ученик – ученик») is never
    # their own mentor: that cell is forbidden (worth 0) and never offered.
    column_of = {m.pk: j for j, m in enumerate(with_places)}
    self_cells = [(i, column_of[m.pk]) for i, m in enumerate(eligible) if m.pk in column_of]
    ranked = scores
    if self_cells:
        ranked = scores.copy()
        for i, j in self_cells:
            ranked[i, j] = -1
            if len(owner):
                profit[i, owner == j] = 0
    chosen = solve(profit) if len(eligible) and len(owner) else {}

    rows = []
    order = _top_columns(ranked, options)
    for i, mentee in enumerate(eligible):
        top = (
            [(with_places[j], int(scores[i, j])) for j in order[i] if ranked[i, j] >= 0]
            if len(order)
            else []
        )
        if i in chosen:
            j = int(owner[chosen[i]])
            rows.append(
                Row(mentee=mentee, mentor=with_places[j], score=int(scores[i, j]), options=top)
            )
        else:
            others = len(usable) > 1 or (usable and usable[0].pk != mentee.pk)
            reason = NO_CAPACITY if others else NO_MENTOR_OF_FORM
            unmatched.append(Row(mentee=mentee, mentor=None, score=0, options=top, reason=reason))
    rows.sort(key=lambda r: (-r.score, r.mentee.last_name, r.mentee.pk))
    return CohortPlan(
        rows=rows,
        unmatched=unmatched,
        total_score=sum(r.score for r in rows),
        mentors={m.pk: m for m in mentors},
    )
