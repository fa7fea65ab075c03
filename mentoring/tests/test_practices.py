"""The bank of practices: submitted → approved → published, returns, winners
of the final event, the department's municipal bank."""

import pytest
from django.core.exceptions import ValidationError

from mentoring.factories import OrganizationFactory
from mentoring.models import EventKind, Practice, PracticeStatus
from mentoring.services import activities as services
from mentoring.tests import activity_data as data


def test_a_mentor_submits_a_practice_with_a_file_from_the_practices_page(cast, client_for):
    client = client_for(cast.mentor)
    card = data.mentor_card(cast)
    assert client.get("/practices/new/").status_code == 200
    response = client.post(
        "/practices/new/",
        {
            "title": "Урок вдвоём",
            "authors": "Наставников П.",
            "description": "Наставник и молодой педагог ведут урок вместе.",
            "results": "Рост качества уроков.",
            "upload": data.pdf("Практика.pdf"),
        },
    )
    practice = Practice.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/practices/{practice.pk}/"
    assert practice.status == PracticeStatus.SUBMITTED
    assert practice.submitted_by == cast.mentor
    assert list(practice.author_participants.all()) == [card]
    attachment = practice.attachments.get()
    assert attachment.original_name == "Практика.pdf"
    assert attachment.file.name.endswith(".pdf") and "Практика" not in attachment.file.name


def test_workflow_submitted_approved_published_and_back(cast):
    practice = data.practice(cast)
    assert not Practice.objects.published_for(cast.school).exists()
    with pytest.raises(ValidationError, match="только одобренную"):
        services.practice_publish(practice=practice, by=cast.methodist)
    practice = services.practice_approve(practice=practice, by=cast.coordinator)
    assert (practice.status, practice.decided_by) == (PracticeStatus.APPROVED, cast.coordinator)
    practice = services.practice_publish(practice=practice, by=cast.methodist)
    assert practice.status == PracticeStatus.PUBLISHED and practice.published_at
    assert list(Practice.objects.published_for(cast.school)) == [practice]
    with pytest.raises(ValidationError, match="снимите её с публикации"):
        services.practice_return(practice=practice, comment="нет", by=cast.methodist)
    services.practice_unpublish(practice=practice, by=cast.methodist)
    assert not Practice.objects.published_for(cast.school).exists()


def test_returned_practice_goes_back_to_consideration_when_the_author_edits_it(cast, client_for):
    practice = data.practice(cast, status="returned")
    assert practice.return_comment == "Добавьте результаты"
    client = client_for(cast.mentor)
    page = client.get(f"/practices/{practice.pk}/")
    assert "Добавьте результаты" in page.text
    response = client.post(
        f"/practices/{practice.pk}/edit/",
        {
            "title": practice.title,
            "authors": practice.authors,
            "description": practice.description,
            "results": "Открытый урок и статья в сборнике.",
        },
    )
    assert response.status_code == 302
    practice.refresh_from_db()
    assert practice.status == PracticeStatus.SUBMITTED
    assert practice.results == "Открытый урок и статья в сборнике."


def test_return_needs_a_comment(cast):
    practice = data.practice(cast)
    with pytest.raises(ValidationError):
        services.practice_return(practice=practice, comment="  ", by=cast.methodist)


@pytest.mark.parametrize("user", ["mentor", "mentee", "director", "specialist"])
def test_only_the_coordinator_and_methodist_decide(cast, client_for, user):
    practice = data.practice(cast)
    response = client_for(cast.by_role(user)).post(f"/practices/{practice.pk}/approve/")
    assert response.status_code in (403, 404)
    practice.refresh_from_db()
    assert practice.status == PracticeStatus.SUBMITTED


def test_coordinator_approves_and_publishes_from_the_page(cast, client_for):
    practice = data.practice(cast)
    client = client_for(cast.coordinator)
    assert client.post(f"/practices/{practice.pk}/approve/").status_code == 302
    assert client.post(f"/practices/{practice.pk}/publish/").status_code == 302
    practice.refresh_from_db()
    assert practice.status == PracticeStatus.PUBLISHED
    assert [h.status for h in practice.history.order_by("history_date")] == [
        "submitted",
        "approved",
        "published",
    ]


def test_mentee_sees_only_own_and_published_practices(cast, client_for):
    submitted = data.practice(cast, title="Черновик наставника")
    published = data.practice(cast, title="Опубликованная", status="published")
    page = client_for(cast.mentee).get("/practices/")
    assert published.title in page.text and submitted.title not in page.text
    assert client_for(cast.mentee).get(f"/practices/{submitted.pk}/").status_code == 404


def test_winner_of_the_final_event_is_marked(cast, client_for):
    practice = data.practice(cast, status="approved")
    seminar = data.event(cast, EventKind.SEMINAR)
    with pytest.raises(ValidationError, match="итоговое"):
        services.practice_mark_winner(practice=practice, event=seminar, by=cast.methodist)
    final = data.event(cast, EventKind.FINAL, title="Итоговая конференция")
    client = client_for(cast.methodist)
    assert client.post(f"/practices/{practice.pk}/winner/", {"event": final.pk}).status_code == 302
    practice.refresh_from_db()
    assert practice.is_winner and practice.final_event == final
    assert practice.title in client.get(f"/events/{final.pk}/").text


def test_a_submitted_practice_cannot_be_a_winner(cast):
    final = data.event(cast, EventKind.FINAL)
    with pytest.raises(ValidationError, match="одобренная"):
        services.practice_mark_winner(practice=data.practice(cast), event=final, by=cast.methodist)


def test_department_collects_approved_practices_into_the_municipal_bank(cast, client_for):
    approved = data.practice(cast, title="Одобренная", status="approved")
    submitted = data.practice(cast, title="Черновая")
    client = client_for(cast.specialist)
    listing = client.get("/practices/")
    assert approved.title in listing.text and submitted.title in listing.text
    assert client.post(f"/practices/{approved.pk}/municipal-bank/add/").status_code == 302
    client.post(f"/practices/{submitted.pk}/municipal-bank/add/")
    approved.refresh_from_db()
    submitted.refresh_from_db()
    assert approved.municipal_bank == cast.department and submitted.municipal_bank is None
    bank = client.get("/practices/municipal-bank/")
    assert approved.title in bank.text and submitted.title not in bank.text
    # The organisations' staff read the department's bank too.
    assert approved.title in client_for(cast.other_methodist).get("/practices/municipal-bank/").text


def test_specialist_reads_but_does_not_decide(cast, client_for):
    practice = data.practice(cast)
    client = client_for(cast.specialist)
    assert client.get(f"/practices/{practice.pk}/").status_code == 200
    assert client.post(f"/practices/{practice.pk}/approve/").status_code == 403


def test_practice_of_another_department_cannot_enter_the_bank(cast):
    stranger = OrganizationFactory(slug="far-away")
    practice = services.practice_submit(
        organization=stranger,
        data={"title": "Чужая", "authors": "А", "description": "о", "results": "р"},
        by=cast.methodist,
    )
    practice = services.practice_approve(practice=practice, by=cast.methodist)
    with pytest.raises(ValidationError, match="не из организации департамента"):
        services.practice_bank_add(
            practice=practice, department=cast.department, by=cast.specialist
        )


def test_returning_an_approved_practice_takes_it_out_of_the_bank(cast):
    practice = data.practice(cast, status="approved")
    services.practice_bank_add(practice=practice, department=cast.department, by=cast.specialist)
    practice = services.practice_return(practice=practice, comment="Уточнить", by=cast.methodist)
    assert practice.municipal_bank is None


@pytest.mark.parametrize("rows", [5, 50])
def test_practice_list_query_count_does_not_grow(
    cast, client_for, rows, django_assert_max_num_queries
):
    for i in range(rows):
        data.practice(cast, title=f"Практика {i}", files=[data.pdf()])
    client = client_for(cast.methodist)
    client.get("/practices/")
    with django_assert_max_num_queries(12):
        response = client.get("/practices/")
    assert response.status_code == 200
