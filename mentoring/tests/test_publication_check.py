"""Free text on public pages is checked against the organisation's
participants before publication (152-ФЗ ст. 10.1)."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from mentoring.factories import ParticipantFactory, mentor_participant
from mentoring.models import ConsentKind, Practice, PracticeStatus, TargetGroup
from mentoring.namesearch import names_person
from mentoring.services.activities import practice_publish
from mentoring.services.consents import consent_give

TODAY = timezone.localdate()


@pytest.fixture
def pupil(cast):
    return ParticipantFactory(
        organization=cast.school,
        last_name="Иванова",
        first_name="Мария",
        target_group=TargetGroup.SCHOOL_STUDENT,
        birth_date=TODAY.replace(year=TODAY.year - 9),
        special_disability=True,
    )


@pytest.fixture
def teacher(cast):
    return mentor_participant(
        cast.school, last_name="Громова", first_name="Ольга", patronymic="Петровна"
    )


def practice(cast, **texts):
    return Practice.objects.create(
        organization=cast.school,
        title=texts.get("title", "Наставник рядом"),
        authors=texts.get("authors", ""),
        description=texts.get("description", "Описание"),
        results=texts.get("results", ""),
        status=PracticeStatus.APPROVED,
    )


@pytest.mark.parametrize(
    "text",
    ["Ивановой Маши", "с Марией Ивановой", "Иванова М.", "ученица Иванова Мария"],
)
def test_name_forms_in_other_cases_are_found(text):
    assert names_person(text, "Иванова", "Мария")


def test_a_surname_alone_or_another_person_is_not_a_name():
    assert not names_person("город Иваново и улица Ивановская", "Иванова", "Мария")
    assert not names_person("Петрова Анна", "Иванова", "Мария")


def test_publishing_a_practice_naming_a_pupil_is_refused(cast, pupil):
    item = practice(cast, description="Работа с Ивановой Машей (ОВЗ) дала результат")
    with pytest.raises(ValidationError) as refused:
        practice_publish(practice=item, by=cast.coordinator)
    assert "Поле «Описание» называет участника (Иванова М." in str(refused.value)
    item.refresh_from_db()
    assert item.status == PracticeStatus.APPROVED


def test_a_teacher_without_publication_consent_is_refused_and_allowed_with_it(cast, teacher):
    item = practice(cast, authors="О. П. Громова", results="Громовой Ольгой проведено 5 встреч")
    with pytest.raises(ValidationError) as refused:
        practice_publish(practice=item, by=cast.coordinator)
    assert "«Авторы»" in str(refused.value)
    assert "«Результаты»" in str(refused.value)

    consent_give(
        participant=teacher,
        kind=ConsentKind.PUBLICATION,
        data={"given_on": TODAY - datetime.timedelta(days=1), "publish_name": True},
        by=cast.methodist,
    )
    item.refresh_from_db()
    published = practice_publish(practice=item, by=cast.coordinator)
    assert published.status == PracticeStatus.PUBLISHED


def test_an_author_chosen_without_consent_is_refused(cast, teacher):
    item = practice(cast)
    item.author_participants.set([teacher])
    with pytest.raises(ValidationError, match=r"Автор Громова О\."):
        practice_publish(practice=item, by=cast.coordinator)


def test_special_category_next_to_a_consented_name_is_refused(cast, teacher):
    consent_give(
        participant=teacher,
        kind=ConsentKind.PUBLICATION,
        data={"given_on": TODAY - datetime.timedelta(days=1), "publish_name": True},
        by=cast.methodist,
    )
    item = practice(cast, description="Громова Ольга, инвалидность II группы, наставник года")
    with pytest.raises(ValidationError, match="особой категории"):
        practice_publish(practice=item, by=cast.coordinator)


def test_a_chosen_consented_author_is_not_confused_with_a_namesake_pupil(cast, teacher):
    ParticipantFactory(
        organization=cast.school,
        last_name="Громова",
        first_name="Ольга",
        target_group=TargetGroup.SCHOOL_STUDENT,
        birth_date=TODAY.replace(year=TODAY.year - 10),
    )
    consent_give(
        participant=teacher,
        kind=ConsentKind.PUBLICATION,
        data={"given_on": TODAY - datetime.timedelta(days=1), "publish_name": True},
        by=cast.methodist,
    )
    item = practice(cast, authors="Громова О. П.")
    item.author_participants.set([teacher])
    assert practice_publish(practice=item, by=cast.coordinator).status == PracticeStatus.PUBLISHED


def test_a_patronymic_initial_alone_is_not_the_person():
    # «Новикова» is also the genitive of «Новиков»; В. is Павел Викторович's
    # patronymic, not his first name.
    assert not names_person("Автор: Новикова В. О.", "Новиков", "Павел", "Викторович")
    assert names_person("Автор: Новиков П. В.", "Новиков", "Павел", "Викторович")
    assert names_person("П. В. Новиков", "Новиков", "Павел", "Викторович")


def test_a_published_practice_leaves_the_public_page_when_consent_is_withdrawn(
    cast, teacher, client
):
    from mentoring.services.consents import consent_withdraw

    consent = consent_give(
        participant=teacher,
        kind=ConsentKind.PUBLICATION,
        data={
            "given_on": TODAY - datetime.timedelta(days=1),
            "publish_name": True,
            "publication_conditions": "Не публиковать в социальных сетях",
        },
        by=cast.methodist,
    )
    item = practice(cast, title="Открытые уроки", authors="Громова О. П.")
    item.author_participants.set([teacher])
    practice_publish(practice=item, by=cast.coordinator)
    from mentoring.services.activities import honour_board

    assert honour_board(cast.school)[0]["conditions"] == "Не публиковать в социальных сетях"
    from mentoring.services.publication import still_publishable

    fields = {"Авторы": "authors"}
    assert still_publishable(cast.school, [item], fields) == [item]
    consent_withdraw(consent=consent, on_date=TODAY)
    assert still_publishable(cast.school, [item], fields) == []


@pytest.mark.parametrize(
    "text",
    [
        "Иван\u200bова Мария",  # a zero-width space inside the surname
        "Ивано\u00adва Мария",  # a soft hyphen
        "Ивaнова Мария",  # a Latin «a» that looks Cyrillic
        "ИBAНОВА МАРИЯ",  # Latin capitals B and A
    ],
)
def test_invisible_characters_and_look_alike_letters_do_not_hide_a_pupil(cast, pupil, text):
    """A browser shows these exactly as «Иванова Мария»: the check must read
    them the same way."""
    item = practice(cast, description=f"Работа с ученицей {text}.")
    with pytest.raises(ValidationError, match="Описание"):
        practice_publish(practice=item, by=cast.coordinator)
