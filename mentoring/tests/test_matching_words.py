"""Matching understands word forms, offers no doomed "Предложить", and
opens with the form usual for the mentee's group."""

from mentoring.factories import MentoringFormFactory, mentee_participant, mentor_participant
from mentoring.matching import rank_mentors
from mentoring.models import TargetGroup
from mentoring.scoring import lemmas_of, stems


def test_word_forms_share_their_dictionary_form():
    assert "математика" in lemmas_of("математикой")
    assert lemmas_of("математикой") & lemmas_of("математика")
    assert set(stems("Трудности с математикой")) >= {"трудность", "математика"}


def test_maths_request_ranks_the_maths_teacher_first(cast):
    org = cast.school
    form = MentoringFormFactory(
        organization=org,
        mentor_groups=[TargetGroup.TEACHER],
        mentee_groups=[TargetGroup.SCHOOL_STUDENT],
    )
    pupil = mentee_participant(
        org,
        target_group=TargetGroup.SCHOOL_STUDENT,
        birth_date=None,
        subjects="",
        requests="Трудности с математикой",
        representative_name="Мать",
    )
    russian = mentor_participant(
        org, last_name="Аристова", subjects="Русский язык", experience_years=12
    )
    maths = mentor_participant(
        org, last_name="Яковлева", subjects="Математика", experience_years=12
    )
    candidates = rank_mentors(organization=org, mentees=[pupil], form=form)
    assert [c.mentor for c in candidates[:2]] == [maths, russian]
    assert candidates[0].score > candidates[1].score
    assert ("Предмет", 24, "запрос касается предмета наставника: математикой") in (
        candidates[0].criteria
    )


def test_mentee_without_consent_gets_no_propose_button_and_the_reason(cast, client_for):
    org = cast.school
    form = MentoringFormFactory(organization=org)
    mentee = mentee_participant(org, last_name="Безсогласная", consents=())
    mentor_participant(org, last_name="Готовая")
    page = client_for(cast.methodist).get(f"/matching/?mentees={mentee.pk}&form={form.pk}")
    assert "Готовая" in page.text
    assert "у наставляемого Безсогласная" in page.text
    assert ">Предложить<" not in page.text


def test_form_defaults_from_the_mentee_group(cast, client_for):
    org = cast.school
    peer = MentoringFormFactory(
        organization=org,
        name="Ученик – ученик",
        mentor_groups=[TargetGroup.SCHOOL_STUDENT],
        mentee_groups=[TargetGroup.SCHOOL_STUDENT],
    )
    teacher = MentoringFormFactory(
        organization=org,
        name="Учитель – ученик",
        mentor_groups=[TargetGroup.TEACHER],
        mentee_groups=[TargetGroup.SCHOOL_STUDENT],
    )
    colleague = MentoringFormFactory(
        organization=org,
        name="Педагог – педагог",
        mentor_groups=[TargetGroup.TEACHER],
        mentee_groups=[TargetGroup.YOUNG_SPECIALIST],
    )
    pupil = mentee_participant(org, target_group=TargetGroup.SCHOOL_STUDENT, birth_date=None)
    young = mentee_participant(org)
    client = client_for(cast.methodist)
    first = client.get(f"/matching/?mentees={pupil.pk}")
    assert first.context["form"] == teacher != peer
    second = client.get(f"/matching/?mentees={young.pk}")
    assert second.context["form"] == colleague
