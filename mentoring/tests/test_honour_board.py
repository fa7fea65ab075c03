"""The honour board: awards, and on the public board only what the consent
to publication allows, field by field; never minors; gone at once after a
withdrawal."""

import datetime

import pytest
from django.utils import timezone

from mentoring.models import Consent
from mentoring.services import activities as services
from mentoring.tests import activity_data as data


def award(cast, mentor, title="Благодарность директора"):
    return services.award_add(
        participant=mentor,
        data={"title": title, "awarded_on": datetime.date(2025, 12, 1), "level": "municipal"},
        by=cast.methodist,
    )


def test_only_the_fields_the_consent_allows_are_on_the_board(cast):
    mentor = data.published_mentor(cast, fields=("name", "position"))
    award(cast, mentor)
    services.portrait_set(participant=mentor, upload=data.png(), by=cast.methodist)
    [entry] = services.honour_board(cast.school)
    assert entry["name"] == mentor.full_name
    assert entry["position"] == "Учитель физики"
    assert (entry["subjects"], entry["achievements"], entry["awards"], entry["photo_url"]) == (
        [],
        "",
        [],
        None,
    )


def test_all_fields_with_awards_and_photo(cast, client):
    mentor = data.published_mentor(
        cast, fields=("name", "photo", "position", "subjects", "achievements")
    )
    given = award(cast, mentor, "Наставник года")
    services.portrait_set(participant=mentor, upload=data.png(), by=cast.methodist)
    [entry] = services.honour_board(cast.school)
    assert entry["subjects"] == ["Физика", "Астрономия"]
    assert entry["awards"] == [given]
    assert client.get(entry["photo_url"]).status_code == 200


def test_mentor_without_publication_consent_is_not_on_the_board(cast):
    from mentoring.factories import mentor_participant

    award(cast, mentor_participant(cast.school))
    assert services.honour_board(cast.school) == []


def test_without_consent_to_the_name_the_mentor_is_left_out(cast):
    data.published_mentor(cast, fields=("position", "achievements"))
    assert services.honour_board(cast.school) == []


def test_minors_never_appear_even_with_a_consent(cast):
    young = data.published_mentor(
        cast,
        target_group="college_student",
        birth_date=timezone.localdate() - datetime.timedelta(days=365 * 17),
    )
    assert young.is_minor()
    assert services.honour_board(cast.school) == []


def test_withdrawn_consent_removes_the_mentor_and_the_photo_at_once(cast, client):
    mentor = data.published_mentor(cast)
    services.portrait_set(participant=mentor, upload=data.png(), by=cast.methodist)
    [entry] = services.honour_board(cast.school)
    assert client.get(entry["photo_url"]).status_code == 200
    Consent.objects.filter(participant=mentor, kind="publication").update(
        withdrawn_on=timezone.localdate()
    )
    assert services.honour_board(cast.school) == []
    assert client.get(entry["photo_url"]).status_code == 404


def test_withdrawn_processing_consent_also_removes_the_mentor(cast):
    mentor = data.published_mentor(cast)
    Consent.objects.filter(participant=mentor, kind="processing").update(
        withdrawn_on=timezone.localdate()
    )
    assert services.honour_board(cast.school) == []


def test_honour_board_takes_three_queries(cast, django_assert_num_queries):
    for _ in range(5):
        award(cast, data.published_mentor(cast))
    with django_assert_num_queries(3):
        assert len(services.honour_board(cast.school)) == 5


def test_staff_page_lists_awards_and_what_is_public(cast, client_for):
    mentor = data.published_mentor(cast)
    award(cast, mentor, "Почётная грамота")
    page = client_for(cast.director).get("/honour-board/")
    assert "Почётная грамота" in page.text and "на публичной доске" in page.text


def test_award_only_for_mentors(cast):
    from django.core.exceptions import ValidationError

    from mentoring.factories import ParticipantFactory

    with pytest.raises(ValidationError):
        award(cast, ParticipantFactory(organization=cast.school))


@pytest.mark.parametrize("rows", [5, 50])
def test_honour_board_page_query_count_does_not_grow(
    cast, client_for, rows, django_assert_max_num_queries
):
    for i in range(rows):
        mentor = data.published_mentor(cast)
        award(cast, mentor, f"Награда {i}")
    client = client_for(cast.methodist)
    with django_assert_max_num_queries(16):
        assert client.get("/honour-board/").status_code == 200
