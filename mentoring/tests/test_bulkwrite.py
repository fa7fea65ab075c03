"""The fast bulk writer the participant import uses (mentoring/bulkwrite.py)
and the import's shortcuts for Model.clean_fields and the Participant
constructor: they must write and refuse exactly what Django and
django-simple-history would."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from mentoring.bulkwrite import create_with_history, reserve_pks, update_with_history
from mentoring.models import MentorStatus, Participant, TargetGroup
from mentoring.services.imports import _FieldCleaner, _new_participant_factory


def new_people(organization, count, **extra):
    return [
        Participant(
            organization=organization,
            last_name=f"Иванов{i}",
            first_name="Иван",
            target_group=TargetGroup.TEACHER,
            is_mentor=True,
            mentor_status=MentorStatus.POTENTIAL,
            birth_date=datetime.date(1980, 1, 1 + i % 28),
            email="" if i % 2 else f"i{i}@example.org",
            **extra,
        )
        for i in range(count)
    ]


@pytest.mark.django_db
def test_created_rows_read_back_as_saved_and_each_has_one_history_record(cast):
    now = timezone.now()
    people = new_people(cast.school, 30, notes="строка\nс переводом «кавычки» \\N")
    create_with_history(people, Participant, user=cast.methodist, reason="Импорт", date=now)

    assert all(p.pk and not p._state.adding for p in people)
    stored = {p.pk: p for p in Participant.objects.filter(organization=cast.school)}
    assert set(stored) == {p.pk for p in people}
    first = stored[people[0].pk]
    assert first.mentor_status == MentorStatus.POTENTIAL
    assert first.notes == "строка\nс переводом «кавычки» \\N"
    assert first.email == "i0@example.org" and stored[people[1].pk].email == ""
    assert first.user_id is None and first.experience_years is None
    assert first.created_at == now and first.updated_at == now
    history = Participant.history.filter(id__in=stored)
    assert history.count() == 30
    record = history.get(id=people[0].pk)
    assert record.history_type == "+"
    assert record.history_user_id == cast.methodist.pk
    assert record.history_change_reason == "Импорт"
    assert record.history_date == now
    assert record.last_name == "Иванов0" and record.birth_date == datetime.date(1980, 1, 1)


@pytest.mark.django_db
def test_reserved_keys_are_not_given_to_a_later_ordinary_save(cast):
    reserved = reserve_pks(Participant, 5)
    assert len(set(reserved)) == 5 and reserved == sorted(reserved)
    later = Participant.objects.create(
        organization=cast.school, last_name="Петров", first_name="Пётр", target_group="teacher"
    )
    assert later.pk > reserved[-1]


@pytest.mark.django_db
def test_updated_fields_are_written_with_a_change_record_and_others_left_alone(cast):
    people = new_people(cast.school, 12)
    create_with_history(people, Participant, reason="Импорт", date=timezone.now())
    Participant.objects.filter(pk=people[0].pk).update(notes="не трогать")
    later = timezone.now()
    for i, person in enumerate(people):
        person.phone = f"+7 900 000-00-{i:02d}"
        person.birth_date = None if i % 2 else datetime.date(1990, 5, 6)
        person.notes = "в памяти, но не в списке полей"
    update_with_history(
        people,
        Participant,
        ["phone", "birth_date"],
        user=cast.methodist,
        reason="Импорт",
        date=later,
    )

    first = Participant.objects.get(pk=people[0].pk)
    assert first.phone == "+7 900 000-00-00"
    assert first.birth_date == datetime.date(1990, 5, 6)
    assert first.notes == "не трогать"
    assert first.updated_at == later
    assert Participant.objects.get(pk=people[1].pk).birth_date is None
    changes = Participant.history.filter(id__in=[p.pk for p in people], history_type="~")
    assert changes.count() == 12
    assert {c.history_user_id for c in changes} == {cast.methodist.pk}


CASES = [
    {},
    {"last_name": ""},
    {"last_name": "Я" * 151},
    {"first_name": "с\x00нулём"},
    {"target_group": "astronaut"},
    {"qualification_category": "wizard"},
    {"email": "не адрес"},
    {"email": "A@LOCALHOST"},
    {"email": "a@localhost"},
    {"phone": "1" * 41},
    {"capacity": 70000},
    {"mentor_status": "potential", "is_mentor": False},
    {"birth_date": "01.02.2003"},
    {"competencies": "длинный " * 1000},
]


@pytest.mark.django_db
@pytest.mark.parametrize("changes", CASES)
def test_the_field_check_refuses_what_clean_fields_refuses_with_the_same_words(cast, changes):
    cleaner = _FieldCleaner(Participant, exclude=("organization", "user"))

    def outcome(person):
        try:
            cleaner(person) if person is fast else person.clean_fields(["organization", "user"])
        except ValidationError as exc:
            return exc.message_dict
        return {
            f.attname: getattr(person, f.attname)
            for f in Participant._meta.fields
            if not f.generated
        }

    base = {"last_name": "Орлов", "first_name": "Олег", "target_group": "teacher"}
    for _twice in range(2):  # the second time from the remembered verdicts
        fast = Participant(organization=cast.school, **{**base, **changes})
        slow = Participant(organization=cast.school, **{**base, **changes})
        assert outcome(fast) == outcome(slow)


@pytest.mark.django_db
def test_a_vouched_email_is_one_the_model_accepts_too(cast):
    cleaner = _FieldCleaner(Participant, exclude=("organization", "user"))
    assert cleaner.standard_email == {"email"}
    person = Participant(
        organization=cast.school, last_name="О", first_name="О", target_group="teacher"
    )
    person.email = "ok@example.org"
    cleaner.vouch("email", person.email)
    cleaner(person)
    person.clean_fields(["organization", "user"])


@pytest.mark.django_db
def test_a_new_participant_is_the_same_as_one_from_the_constructor(cast):
    made = _new_participant_factory(cast.school)()
    ordinary = Participant(organization=cast.school)
    assert made.organization is cast.school
    made_fields, ordinary_fields = dict(made.__dict__), dict(ordinary.__dict__)
    made_state, ordinary_state = made_fields.pop("_state"), ordinary_fields.pop("_state")
    assert made_fields == ordinary_fields
    assert made_state.__dict__ == ordinary_state.__dict__ and made_state.adding


@pytest.mark.django_db
def test_imported_people_are_found_by_the_folded_search_column():
    from mentoring.factories import OrganizationFactory
    from mentoring.models import Participant

    organization = OrganizationFactory()
    person = Participant(organization=organization, last_name="Семёнова", first_name="Алёна")
    from django.utils import timezone

    from mentoring.bulkwrite import create_with_history

    create_with_history([person], Participant, date=timezone.now())
    assert Participant.objects.get(pk=person.pk).search_name.upper().startswith("СЕМЕНОВА АЛЕНА")
