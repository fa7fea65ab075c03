"""Whole-cohort assignment: optimum, capacity and consent rules, reasons."""

import itertools
import random

import numpy as np
import pytest
from django.core.exceptions import ValidationError

from mentoring.assignment import (
    FORM_MISMATCH,
    NO_CAPACITY,
    NO_CONSENT,
    NO_MENTOR_OF_FORM,
    cohort_plan,
    solve,
)
from mentoring.factories import (
    MentoringFormFactory,
    make_pair,
    mentee_participant,
    mentor_participant,
)
from mentoring.models import (
    MentoringSettings,
    Mentorship,
    MentorshipMember,
    MentorshipStatus,
    TargetGroup,
)
from mentoring.scoring import class_number, explain, profile_of, score_matrix
from mentoring.services.cohort import cohort_accept


def brute_force(scores, capacities):
    """Best (matched count, total score) over every assignment of rows to
    mentors (or to nobody) within capacities."""
    rows, mentors = scores.shape
    best = (-1, -1)
    for choice in itertools.product(range(-1, mentors), repeat=rows):
        used = [0] * mentors
        ok = True
        for j in choice:
            if j >= 0:
                used[j] += 1
                if used[j] > capacities[j]:
                    ok = False
                    break
        if not ok:
            continue
        matched = sum(1 for j in choice if j >= 0)
        total = sum(int(scores[i, j]) for i, j in enumerate(choice) if j >= 0)
        best = max(best, (matched, total))
    return best


@pytest.mark.parametrize("seed", range(25))
def test_solver_finds_the_brute_force_optimum_on_small_random_cohorts(seed):
    rng = random.Random(seed)
    rows, mentors = rng.randint(1, 5), rng.randint(1, 3)
    scores = np.array([[rng.randint(0, 100) for _ in range(mentors)] for _ in range(rows)])
    capacities = [rng.randint(0, 2) for _ in range(mentors)]
    owner = np.repeat(np.arange(mentors), capacities)
    if not len(owner):
        assert brute_force(scores, capacities) == (0, 0)
        return
    bonus = int(scores.max()) * rows + 1
    chosen = solve(scores[:, owner] + bonus)
    matched = len(chosen)
    total = sum(int(scores[i, owner[c]]) for i, c in chosen.items())
    assert (matched, total) == brute_force(scores, capacities)
    per_mentor = np.bincount([owner[c] for c in chosen.values()], minlength=mentors)
    assert all(per_mentor[j] <= capacities[j] for j in range(mentors))


@pytest.fixture
def cohort(cast):
    org = cast.school
    form = MentoringFormFactory(organization=org)
    maths = mentor_participant(
        org, last_name="Математикова", subjects="Математика", capacity=1, experience_years=12
    )
    russian = mentor_participant(
        org, last_name="Русакова", subjects="Русский язык", capacity=2, experience_years=12
    )
    no_consent = mentor_participant(
        org, last_name="Безсогласия", subjects="Математика", consents=(), capacity=5
    )
    a = mentee_participant(org, last_name="Алгебраева", subjects="Математика")
    b = mentee_participant(org, last_name="Грамматикова", subjects="Русский язык")
    c = mentee_participant(org, last_name="Геометров", subjects="Математика")
    d = mentee_participant(org, last_name="Литераторов", subjects="Русский язык")
    unconsented = mentee_participant(org, last_name="Несогласный", consents=())
    pupil = mentee_participant(
        org, last_name="Школьников", target_group=TargetGroup.SCHOOL_STUDENT, birth_date=None
    )
    return {
        "org": org,
        "form": form,
        "maths": maths,
        "russian": russian,
        "no_consent": no_consent,
        "mentees": [a, b, c, d],
        "a": a,
        "b": b,
        "c": c,
        "d": d,
        "unconsented": unconsented,
        "pupil": pupil,
    }


def test_cohort_plan_respects_capacity_consent_and_explains_who_stays_unmatched(cohort):
    plan = cohort_plan(organization=cohort["org"], form=cohort["form"])
    by_mentee = {row.mentee.pk: row for row in plan.rows}
    # Three places in all (1 + 2): three matched, the maths mentee who lost
    # the only maths place goes unmatched for capacity.
    assert plan.matched_count == 3
    mentors = [row.mentor.pk for row in plan.rows]
    assert mentors.count(cohort["maths"].pk) == 1
    assert mentors.count(cohort["russian"].pk) == 2
    assert cohort["no_consent"].pk not in mentors
    # The optimum gives both Russian mentees the Russian teacher and one
    # maths mentee the maths teacher.
    assert by_mentee[cohort["b"].pk].mentor == cohort["russian"]
    assert by_mentee[cohort["d"].pk].mentor == cohort["russian"]
    reasons = {row.mentee.pk: row.reason for row in plan.unmatched}
    maths_left = ({cohort["a"].pk, cohort["c"].pk} - set(by_mentee)).pop()
    assert reasons[maths_left] == NO_CAPACITY
    assert reasons[cohort["unconsented"].pk] == NO_CONSENT
    assert reasons[cohort["pupil"].pk] == FORM_MISMATCH


def test_cohort_plan_says_when_the_form_has_no_mentor_with_consent(cast):
    org = cast.school
    form = MentoringFormFactory(organization=org)
    mentor_participant(org, last_name="Безсогласия", consents=())
    mentee = mentee_participant(org, last_name="Ждущий")
    plan = cohort_plan(organization=org, form=form)
    assert plan.rows == []
    assert [(r.mentee.pk, r.reason) for r in plan.unmatched] == [(mentee.pk, NO_MENTOR_OF_FORM)]


def test_busy_mentor_places_are_not_offered_again(cohort):
    make_pair(cohort["org"], form=cohort["form"], mentor=cohort["maths"])
    plan = cohort_plan(organization=cohort["org"], form=cohort["form"])
    assert cohort["maths"].pk not in [row.mentor.pk for row in plan.rows]


def test_weights_change_the_assignment(cohort):
    # With subject weighted to zero and experience only, both teachers tie;
    # with subject weighted, maths mentees go to the maths teacher.
    weights = {"subject": 0, "requests": 0, "experience": 0, "age": 0, "workload": 100}
    plan = cohort_plan(organization=cohort["org"], form=cohort["form"], weights=weights)
    assert plan.total_score == sum(r.score for r in plan.rows)
    subject_only = {"subject": 100, "requests": 0, "experience": 0, "age": 0, "workload": 0}
    plan = cohort_plan(organization=cohort["org"], form=cohort["form"], weights=subject_only)
    assert plan.total_score == 300


def test_filters_by_target_group_and_class(cast):
    org = cast.school
    form = MentoringFormFactory(
        organization=org,
        name="Ученик – ученик",
        mentor_groups=[TargetGroup.SCHOOL_STUDENT.value],
        mentee_groups=[TargetGroup.SCHOOL_STUDENT.value],
    )
    mentor_participant(
        org,
        last_name="Старшеклассников",
        target_group=TargetGroup.SCHOOL_STUDENT,
        class_group="10А",
        capacity=3,
    )
    in_7a = mentee_participant(
        org, last_name="Семиклассник", target_group=TargetGroup.SCHOOL_STUDENT, class_group="7А"
    )
    mentee_participant(
        org, last_name="Пятиклассник", target_group=TargetGroup.SCHOOL_STUDENT, class_group="5Б"
    )
    plan = cohort_plan(organization=org, form=form, class_group="7а")
    assert [r.mentee.pk for r in plan.rows + plan.unmatched] == [in_7a.pk]


def test_score_is_explained_per_criterion(cast):
    org = cast.school
    mentor = mentor_participant(
        org,
        last_name="Подходящая",
        subjects="Математика",
        competencies="Дисциплина в классе",
        experience_years=20,
        qualification_category="highest",
        capacity=2,
    )
    mentee = mentee_participant(org, subjects="Математика", requests="Проблемы с дисциплиной")
    weights = MentoringSettings.for_organization(org).weights
    rows, total = explain(
        profile_of(mentee, as_mentor=False), profile_of(mentor, as_mentor=True, free=2), weights
    )
    points = {label: p for label, p, _ in rows}
    assert points["Предмет"] == 35
    assert points["Запросы и компетенции"] == 10  # one word of three
    assert points["Стаж и категория"] == 20
    assert points["Загрузка"] == 10
    assert total == sum(points.values())
    scores, _ = score_matrix(
        [profile_of(mentee, as_mentor=False)], [profile_of(mentor, as_mentor=True, free=2)], weights
    )
    assert int(scores[0, 0]) == total


@pytest.mark.parametrize(
    ("text", "number"), [("7А", 7), ("10 Б", 10), ("ИС-21", 2), ("", None), ("Группа", None)]
)
def test_class_number_reads_school_classes_and_college_groups(text, number):
    assert class_number(text) == number


def test_accepting_the_plan_proposes_every_pair_at_once(cohort, cast):
    plan = cohort_plan(organization=cohort["org"], form=cohort["form"])
    pairs = [(row.mentee.pk, row.mentor.pk) for row in plan.rows]
    created = cohort_accept(
        organization=cohort["org"], form=cohort["form"], assignments=pairs, by=cast.methodist
    )
    assert len(created) == 3
    assert all(m.status == MentorshipStatus.PROPOSED for m in created)
    members = MentorshipMember.objects.filter(role="mentee").values_list("participant", flat=True)
    assert set(members) == {mentee for mentee, _ in pairs}
    # Accepting the same plan again changes nothing: they all have a pair.
    with pytest.raises(ValidationError):
        cohort_accept(
            organization=cohort["org"], form=cohort["form"], assignments=pairs, by=cast.methodist
        )
    assert Mentorship.objects.count() == 3


def test_accepting_an_over_capacity_change_is_refused_whole(cohort, cast):
    # The methodist changed a row: both maths mentees to the one-place teacher.
    pairs = [(cohort["a"].pk, cohort["maths"].pk), (cohort["c"].pk, cohort["maths"].pk)]
    with pytest.raises(ValidationError) as error:
        cohort_accept(
            organization=cohort["org"], form=cohort["form"], assignments=pairs, by=cast.methodist
        )
    assert "свободных мест" in " ".join(error.value.messages)
    assert Mentorship.objects.count() == 0
    # QA: each message names the pair once, not the mentor twice
    # ("Иванов — Петров: Петров: свободных мест …").
    name = cohort["maths"].full_name
    assert all(message.count(name) == 1 for message in error.value.messages)


# --- the pages -------------------------------------------------------------


def test_cohort_page_proposes_the_reviewed_rows_and_redirects(cohort, cast, client_for):
    client = client_for(cast.methodist)
    page = client.get("/matching/cohort/", {"form": cohort["form"].pk})
    assert page.status_code == 200
    html = page.content.decode()
    assert "Подобрать наставников всем" in html
    assert NO_CONSENT in html and FORM_MISMATCH in html
    assert "по критериям" in html
    # The methodist changes one row: Литераторов gets nobody.
    plan = page.context["plan"]
    data = {"form": cohort["form"].pk}
    for row in plan.rows:
        data[f"mentor_{row.mentee.pk}"] = row.mentor.pk
    data[f"mentor_{cohort['d'].pk}"] = ""
    response = client.post("/matching/cohort/", data)
    assert response.status_code == 302
    assert Mentorship.objects.count() == 2
    # The same POST again (a refresh) creates nothing more.
    again = client.post("/matching/cohort/", data, follow=True)
    assert Mentorship.objects.count() == 2
    assert "Ни одна пара не предложена" in again.content.decode()


def test_settings_preview_changes_nothing_and_save_stores_the_weights(cohort, cast, client_for):
    client = client_for(cast.methodist)
    data = {
        "weight_subject": 0,
        "weight_requests": 0,
        "weight_experience": 0,
        "weight_age": 0,
        "weight_workload": 100,
        "health_no_meeting_weeks": 3,
        "health_low_score": 2,
        "form": cohort["form"].pk,
        "preview": "1",
    }
    page = client.post("/settings/programme/", data)
    assert page.status_code == 200
    assert (
        page.context["preview"]["after"].total_score
        != page.context["preview"]["before"].total_score
    )
    assert not MentoringSettings.objects.exists()
    data.pop("preview")
    data["save"] = "1"
    assert client.post("/settings/programme/", data).status_code == 302
    saved = MentoringSettings.objects.get(organization=cohort["org"])
    assert saved.weights["workload"] == 100 and saved.health_no_meeting_weeks == 3


def test_settings_refuse_all_zero_weights(cast, client_for):
    client = client_for(cast.methodist)
    data = dict.fromkeys(
        ["weight_subject", "weight_requests", "weight_experience", "weight_age", "weight_workload"],
        0,
    )
    data.update(health_no_meeting_weeks=4, health_low_score=2, save="1")
    page = client.post("/settings/programme/", data)
    assert page.status_code == 200
    assert "Хотя бы один критерий" in page.content.decode()
    assert not MentoringSettings.objects.exists()
