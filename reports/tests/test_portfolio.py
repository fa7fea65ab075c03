"""A mentor's portfolio: figures that match the pair pages, the PDF, the
public card under the publication consent."""

import datetime

import pytest
from django.utils import timezone

from mentoring.factories import (
    MentoringFormFactory,
    make_pair,
    mentee_participant,
    mentor_participant,
)
from mentoring.models import Award, Event, ExternalCourse, PlanItem, TargetGroup
from mentoring.services.mentorships import meeting_log
from mentoring.tests import activity_data as data
from reports.tests.helpers import pdf_text


@pytest.fixture
def world(cast):
    org = cast.school
    today = timezone.localdate()
    mentor = mentor_participant(
        org, user=cast.mentor, last_name="Портфолиева", position="Учитель математики", capacity=3
    )
    adult = mentee_participant(org, last_name="Молодцова", first_name="Анна")
    pupil = mentee_participant(
        org,
        last_name="Школьникова",
        first_name="Вера",
        target_group=TargetGroup.SCHOOL_STUDENT,
        class_group="7А",
        birth_date=today - datetime.timedelta(days=365 * 13),
    )
    first = make_pair(org, mentor=mentor, mentee=adult, by=cast.methodist, agreed=True)
    pupils = MentoringFormFactory(
        organization=org,
        name="Учитель – ученик",
        mentee_groups=[TargetGroup.SCHOOL_STUDENT.value],
    )
    second = make_pair(
        org, form=pupils, mentor=mentor, mentee=pupil, by=cast.methodist, agreed=True
    )
    items = list(first.program.items.order_by("position"))
    PlanItem.objects.filter(pk__in=[i.pk for i in items[:2]]).update(status="done", done_on=today)
    for minutes, topic in ((45, "Знакомство"), (90, "Разбор урока"), (None, "Без длительности")):
        meeting_log(
            mentorship=first,
            data={
                "held_on": today,
                "format": "in_person",
                "topic": topic,
                "duration_minutes": minutes,
            },
            attendees=[],
            by=cast.methodist,
        )
    ExternalCourse.objects.create(
        participant=mentor,
        programme="Наставничество в образовании",
        hours=36,
        provider="ИРО",
        starts_on=today - datetime.timedelta(days=20),
        ends_on=today - datetime.timedelta(days=10),
    )
    event = Event.objects.create(
        organization=org, kind="seminar", title="Семинар наставников", held_on=today
    )
    event.participants.add(mentor)
    Award.objects.create(
        participant=mentor, title="Наставник года", awarded_on=today, level="municipal"
    )
    return {"mentor": mentor, "first": first, "second": second}


def test_portfolio_figures_match_the_pair_pages(cast, world, client_for):
    client = client_for(cast.methodist)
    page = client.get(f"/portfolio/{world['mentor'].pk}/")
    assert page.status_code == 200
    portfolio = page.context["portfolio"]
    by_pair = {row.mentorship.pk: row for row in portfolio.pairs}
    for key in ("first", "second"):
        pair_page = client.get(f"/mentorships/{world[key].pk}/")
        assert by_pair[world[key].pk].progress == pair_page.context["progress"]
        assert by_pair[world[key].pk].meetings == pair_page.context["meetings"].count()
    assert portfolio.meetings_count == 3
    assert portfolio.hours == 2.2  # 45 + 90 minutes
    assert portfolio.unlogged_meetings == 1  # «Без длительности»
    html = page.content.decode()
    assert "Молодцова Анна" in html
    assert "Школьникова" not in html and "обучающийся, 7А" in html


def test_portfolio_pdf_lists_the_sections(cast, world, client_for, tmp_path):
    response = client_for(cast.methodist).get(f"/portfolio/{world['mentor'].pk}/portfolio.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    # Table cells wrap: compare with the line breaks folded.
    text = " ".join(pdf_text(response.content).split())
    for expected in (
        "Портфолио наставника",
        world["mentor"].full_name,
        "Пары и группы, результаты наставляемых",
        "Молодцова Анна",
        "обучающийся,",
        "Наставничество в образовании, 36 ч.",
        "Семинар наставников",
        "Наставник года",
    ):
        assert expected in text, expected
    assert "Школьникова" not in text


def test_mentor_reads_only_their_own_portfolio(cast, world, client_for):
    client = client_for(cast.mentor)
    assert client.get(f"/portfolio/{world['mentor'].pk}/").status_code == 200
    other = mentor_participant(cast.school, last_name="Другая")
    assert client.get(f"/portfolio/{other.pk}/").status_code == 404


def test_period_out_of_order_falls_back_with_a_message(cast, world, client_for):
    page = client_for(cast.methodist).get(
        f"/portfolio/{world['mentor'].pk}/", {"start": "2026-10-01", "end": "2026-09-01"}
    )
    assert "Начало периода позже конца" in page.content.decode()


def test_an_impossible_date_falls_back_with_a_message_not_an_error(cast, world, client_for):
    """QA: ?start=2026-13-01 (well formed, no such month) answered 500 on the
    page and the PDF."""
    client = client_for(cast.methodist)
    for query in ({"start": "2026-13-01"}, {"end": "2027-02-30"}):
        page = client.get(f"/portfolio/{world['mentor'].pk}/", query)
        assert page.status_code == 200 and "не распознаны" in page.content.decode()
        pdf = client.get(f"/portfolio/{world['mentor'].pk}/portfolio.pdf", query)
        assert pdf.status_code == 200


def test_public_card_follows_the_publication_consent(cast, client):
    named = data.published_mentor(cast, fields=("name", "achievements"), last_name="Публичная")
    url = f"/o/test-school/nastavnichestvo/doska-pochyota/{named.pk}/"
    html = client.get(url).content.decode()
    assert named.full_name in html and "Наставнических пар и групп" in html
    name_only = data.published_mentor(cast, fields=("name",), last_name="Скромная")
    html = client.get(f"/o/test-school/nastavnichestvo/doska-pochyota/{name_only.pk}/").content
    assert "Наставнических пар и групп" not in html.decode()
    unpublished = mentor_participant(cast.school, last_name="Непубличная")
    assert (
        client.get(f"/o/test-school/nastavnichestvo/doska-pochyota/{unpublished.pk}/").status_code
        == 404
    )


def test_award_orders_are_only_those_that_name_the_mentor(cast, world, client_for):
    """Issue 19: the portfolio listed every award order of the organisation in
    the period. Two mentors, an award order for one: only hers shows it, with
    the award the order gives her."""
    from mentoring.models import OrderKind
    from mentoring.services.orders import order_approve, order_create, order_defaults, order_submit

    mine = world["mentor"]
    other = mentor_participant(cast.school, last_name="Непоощрённая")
    data_ = order_defaults(OrderKind.AWARD)
    data_["details"] = {"awards": [{"participant_id": mine.pk, "award": "Почётная грамота"}]}
    order = order_create(
        organization=cast.school, kind=OrderKind.AWARD, data=data_, by=cast.methodist
    )
    order_submit(order=order, by=cast.methodist)
    order = order_approve(order=order, by=cast.director)

    client = client_for(cast.methodist)
    page = client.get(f"/portfolio/{mine.pk}/")
    assert [o.pk for o in page.context["portfolio"].award_orders] == [order.pk]
    assert f"№ {order.number} «О поощрении наставников»: Почётная грамота" in page.text
    theirs = client.get(f"/portfolio/{other.pk}/")
    assert theirs.context["portfolio"].award_orders == []
    assert "О поощрении наставников" not in theirs.text
    pdf = " ".join(pdf_text(client.get(f"/portfolio/{mine.pk}/portfolio.pdf").content).split())
    assert "Почётная грамота" in pdf
    other_pdf = client.get(f"/portfolio/{other.pk}/portfolio.pdf").content
    assert "Почётная грамота" not in " ".join(pdf_text(other_pdf).split())
