"""«Стать наставником» for pupils, college students and graduates too (forms
«ученик – ученик», «студент – ученик»), not only teachers and employers."""

import datetime

from django.utils import timezone

from mentoring.models import Consent, Participant, TargetGroup

from .test_banks_and_apply import _post, _url


def test_the_form_offers_pupils_students_and_graduates(cast, client):
    page = client.get(_url(cast)).text
    for label in (
        "Педагог этой организации",
        "Ученик этой школы",
        "Студент колледжа или вуза",
        "Выпускник этой организации",
        "Представитель работодателя",
    ):
        assert label in page


def test_a_pupil_of_fifteen_applies_and_is_a_school_student_in_the_bank(cast, client):
    born = timezone.localdate().replace(year=timezone.localdate().year - 15) - datetime.timedelta(
        days=3
    )
    reply = _post(
        client,
        cast,
        target_group="school_student",
        position="",
        birth_date=born.isoformat(),
        class_group="9Б",
        experience_years="",
    )
    assert reply.status_code == 302
    pupil = Participant.objects.get(last_name="Соколова")
    assert pupil.target_group == TargetGroup.SCHOOL_STUDENT
    assert pupil.class_group == "9Б" and pupil.birth_date == born
    assert Consent.objects.get(participant=pupil).given_by == Consent.GivenBy.SUBJECT


def test_a_college_student_applies(cast, client):
    reply = _post(
        client,
        cast,
        target_group="college_student",
        position="",
        birth_date="2006-03-01",
        class_group="ИС-21",
    )
    assert reply.status_code == 302
    assert Participant.objects.get().target_group == TargetGroup.COLLEGE_STUDENT


def test_a_graduate_applies_as_a_specialist_and_is_marked(cast, client):
    reply = _post(client, cast, target_group="graduate", position="Инженер, АО «Энергия»")
    assert reply.status_code == 302
    graduate = Participant.objects.get()
    assert graduate.target_group == TargetGroup.EMPLOYER
    assert "Выпускник организации" in graduate.notes


def test_a_pupil_without_birth_date_or_class_is_asked_for_them(cast, client):
    reply = _post(client, cast, target_group="school_student", position="")
    assert reply.status_code == 200
    assert "Укажите дату рождения" in reply.text
    assert "Укажите класс или учебную группу" in reply.text
    assert not Participant.objects.exists()


def test_a_child_under_fourteen_cannot_consent_alone(cast, client):
    born = timezone.localdate().replace(year=timezone.localdate().year - 12)
    reply = _post(
        client,
        cast,
        target_group="school_student",
        position="",
        birth_date=born.isoformat(),
        class_group="6А",
    )
    assert reply.status_code == 200
    assert "законный представитель" in reply.text
    assert not Participant.objects.exists() and not Consent.objects.exists()


def test_a_teacher_still_gives_the_position(cast, client):
    reply = _post(client, cast, position="")
    assert reply.status_code == 200
    assert "Укажите должность и место работы" in reply.text
