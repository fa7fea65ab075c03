"""Events and news: class hours for the "≥ 90 % of students" indicator,
regional events for "≥ 3 representatives", news made from an event in one
click, drafts and publishing."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from mentoring.factories import ParticipantFactory
from mentoring.models import EventKind, Headcount, News
from mentoring.services import activities as services
from mentoring.tests import activity_data as data

PERIOD = services.academic_year_period(2025)
IN_YEAR = datetime.date(2025, 10, 15)


def test_class_hour_reach_against_the_students_headcount(cast):
    Headcount.objects.create(
        organization=cast.school, academic_year=2025, target_group="school_student", count=400
    )
    data.event(cast, EventKind.CLASS_HOUR, held_on=IN_YEAR, students_reached=200)
    data.event(cast, EventKind.CLASS_HOUR, held_on=datetime.date(2026, 3, 1), students_reached=170)
    data.event(cast, EventKind.CLASS_HOUR, held_on=datetime.date(2025, 5, 1), students_reached=400)
    result = services.class_hour_reach(cast.school, PERIOD)
    assert (result["reached"], result["headcount"], result["share"], result["met"]) == (
        370,
        400,
        92.5,
        True,
    )


def test_class_hour_reach_below_target_and_without_headcount(cast):
    data.event(cast, EventKind.CLASS_HOUR, held_on=IN_YEAR, students_reached=100)
    assert services.class_hour_reach(cast.school, PERIOD)["share"] is None
    Headcount.objects.create(
        organization=cast.school, academic_year=2025, target_group="school_student", count=200
    )
    result = services.class_hour_reach(cast.school, PERIOD)
    assert (result["share"], result["met"]) == (50.0, False)


def test_a_class_hour_needs_the_number_of_students(cast):
    with pytest.raises(ValidationError):
        data.event(cast, EventKind.CLASS_HOUR, held_on=IN_YEAR)


def test_students_reached_is_dropped_for_other_kinds(cast):
    seminar = data.event(cast, EventKind.SEMINAR, students_reached=30)
    assert seminar.students_reached is None


def test_distinct_representatives_at_regional_events_and_contests(cast):
    a, b, c = (ParticipantFactory(organization=cast.school) for _ in range(3))
    data.event(cast, EventKind.REGIONAL, held_on=IN_YEAR, representatives=[a, b])
    data.event(cast, EventKind.CONTEST, held_on=IN_YEAR, representatives=[b])
    # A seminar keeps no representatives; last year does not count.
    data.event(cast, EventKind.SEMINAR, held_on=IN_YEAR, representatives=[c])
    data.event(cast, EventKind.CONTEST, held_on=datetime.date(2025, 3, 1), representatives=[c])
    result = services.regional_representatives(cast.school, PERIOD)
    assert (result["count"], result["met"]) == (2, False)
    data.event(cast, EventKind.CONTEST, held_on=IN_YEAR, representatives=[c])
    assert services.regional_representatives(cast.school, PERIOD)["met"] is True


def test_event_page_shows_indicators_and_accepts_a_protocol(cast, client_for):
    client = client_for(cast.methodist)
    response = client.post(
        "/events/new/",
        {
            "kind": "ped_council",
            "title": "Педсовет о наставничестве",
            "held_on": "2025-11-05",
            "place": "Актовый зал",
            "upload": data.pdf("Протокол педсовета.pdf"),
            "upload_title": "Протокол",
        },
    )
    assert response.status_code == 302
    page = client.get(response["Location"])
    assert "Протокол" in page.text and "Протокол педсовета.pdf" in page.text
    assert "охват обучающихся" in client.get("/events/?year=2025").text


def test_news_from_an_event_in_one_click(cast, client_for):
    event = data.event(
        cast, EventKind.SEMINAR, title="Семинар наставников", participants_note="24 педагога"
    )
    response = client_for(cast.methodist).post(f"/events/{event.pk}/news/")
    news = News.objects.get()
    assert response["Location"] == f"/news/{news.pk}/edit/"
    assert (news.title, news.event, news.status) == ("Семинар наставников", event, "draft")
    assert "24 педагога" in news.body and event.held_on.strftime("%d.%m.%Y") in news.body


def test_news_draft_then_published_with_a_picture(cast, client_for):
    client = client_for(cast.methodist)
    response = client.post(
        "/news/new/",
        {
            "title": "Итоги года",
            "body": "Текст",
            "picture_alt": "Наставники",
            "picture_upload": data.png(),
        },
    )
    news = News.objects.get()
    assert response.status_code == 302 and news.status == "draft" and news.picture
    assert not News.objects.published_for(cast.school).exists()
    client.post(f"/news/{news.pk}/publish/")
    assert list(News.objects.published_for(cast.school)) == [news]
    client.post(f"/news/{news.pk}/unpublish/")
    assert not News.objects.published_for(cast.school).exists()


def test_a_pdf_is_not_a_picture(cast, client_for):
    response = client_for(cast.methodist).post(
        "/news/new/", {"title": "Итоги", "body": "Текст", "picture_upload": data.pdf()}
    )
    assert response.status_code == 200 and "не принимаются" in response.text
    assert not News.objects.exists()


@pytest.mark.parametrize("rows", [5, 50])
def test_event_and_news_lists_query_count_does_not_grow(
    cast, client_for, rows, django_assert_max_num_queries
):
    for i in range(rows):
        event = data.event(cast, EventKind.SEMINAR, title=f"Семинар {i}")
        services.news_from_event(event=event, by=cast.methodist)
    client = client_for(cast.methodist)
    with django_assert_max_num_queries(14):
        assert client.get("/events/").status_code == 200
    with django_assert_max_num_queries(10):
        assert client.get("/news/").status_code == 200
