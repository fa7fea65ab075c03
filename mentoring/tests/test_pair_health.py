"""Pair health: which active pairs need attention, and why."""

import datetime

import pytest
from django.utils import timezone

from mentoring.factories import make_pair, mentee_participant, mentor_participant
from mentoring.health import reasons_by_pair
from mentoring.models import (
    MentoringSettings,
    Mentorship,
    MentorshipStatus,
    PlanItem,
)
from mentoring.notify import collect
from mentoring.services.mentorships import meeting_log


def activate(pair, *, started):
    """Agree the pair and activate it by an approved pairing order, then move
    its start to ``started``."""
    from mentoring.models import OrderKind
    from mentoring.services.mentorships import mentorship_agree
    from mentoring.services.orders import (
        order_approve,
        order_create,
        order_defaults,
        order_submit,
    )

    organization = pair.organization
    director = organization.memberships.filter(role="director").first().user
    methodist = organization.memberships.filter(role="methodist").first().user
    if pair.status == MentorshipStatus.PROPOSED:
        pair = mentorship_agree(mentorship=pair, by=methodist)
    order = order_create(
        organization=organization,
        kind=OrderKind.PAIRING,
        data=order_defaults(OrderKind.PAIRING),
        mentorships=[pair],
        by=methodist,
    )
    order_submit(order=order, by=methodist)
    order_approve(order=order, by=director)
    Mentorship.objects.filter(pk=pair.pk).update(activated_on=started, planned_start=started)
    pair.refresh_from_db()
    assert pair.status == MentorshipStatus.ACTIVE
    return pair


@pytest.fixture
def today():
    return timezone.localdate()


@pytest.fixture
def healthy_and_sick(cast, today):
    org = cast.school
    mentor = mentor_participant(org, user=cast.mentor, capacity=3)
    healthy = activate(make_pair(org, mentor=mentor, by=cast.methodist), started=today)
    sick = activate(
        make_pair(org, mentor=mentor, by=cast.methodist),
        started=today - datetime.timedelta(weeks=10),
    )
    Mentorship.objects.filter(pk=sick.pk).update(planned_end=today - datetime.timedelta(days=3))
    PlanItem.objects.filter(program__mentorship=sick).update(
        starts_on=None, due_on=today - datetime.timedelta(days=5)
    )
    return healthy, sick


def test_reasons_name_what_is_wrong(cast, healthy_and_sick, today):
    healthy, sick = healthy_and_sick
    reasons = reasons_by_pair(cast.school, today=today)
    assert healthy.pk not in reasons
    text = " | ".join(reasons[sick.pk])
    assert "ни одной встречи с начала пары" in text
    items = PlanItem.objects.filter(program__mentorship=sick).count()
    assert f"просрочены пункты программы: {items}" in text
    assert "плановый срок пары истёк" in text


def test_a_recent_meeting_clears_the_meeting_reason_and_the_setting_counts(
    cast, healthy_and_sick, today
):
    _healthy, sick = healthy_and_sick
    Mentorship.objects.filter(pk=sick.pk).update(status=MentorshipStatus.AGREED)
    sick.refresh_from_db()
    meeting_log(
        mentorship=sick,
        data={
            "held_on": today - datetime.timedelta(weeks=3),
            "format": "in_person",
            "topic": "Разбор урока",
        },
        attendees=[],
        by=cast.methodist,
    )
    Mentorship.objects.filter(pk=sick.pk).update(status=MentorshipStatus.ACTIVE)
    reasons = " | ".join(reasons_by_pair(cast.school, today=today)[sick.pk])
    assert "встреч" not in reasons  # 3 weeks < 4 by default
    MentoringSettings.objects.create(organization=cast.school, health_no_meeting_weeks=2)
    reasons = " | ".join(reasons_by_pair(cast.school, today=today)[sick.pk])
    assert "нет встреч больше 2 нед." in reasons


def test_low_score_in_the_latest_questionnaire_is_a_reason(cast, today):
    from surveys import services
    from surveys.models import Invitation
    from surveys.tests.helpers import survey_with

    org = cast.school
    mentor = mentor_participant(org, email="")
    mentee = mentee_participant(org, email="")
    pair = activate(make_pair(org, mentor=mentor, mentee=mentee, by=cast.methodist), started=today)
    survey, (question,) = survey_with(
        org, [{"kind": "scale", "text": "Насколько полезны встречи", "scale_max": 10}]
    )
    campaign, _links = services.campaign_create(
        survey=survey,
        data={"title": "Промежуточная", "deadline": today + datetime.timedelta(days=5)},
        audience={"kind": "mentorships", "mentorships": [pair.pk]},
        by=None,
    )
    invitation = Invitation.objects.get(campaign=campaign, participant=mentee)
    services.response_save(invitation=invitation, data={f"q{question.pk}": ["3"]}, submit=True)
    reasons = " | ".join(reasons_by_pair(org, today=today)[pair.pk])
    assert "низкая оценка в анкете «Промежуточная»" in reasons
    assert "3 из 10" in reasons


def test_the_list_page_the_home_count_and_the_pair_banner(cast, healthy_and_sick, client_for):
    _healthy, sick = healthy_and_sick
    client = client_for(cast.methodist)
    page = client.get("/mentorships/attention/")
    assert page.status_code == 200
    html = page.content.decode()
    assert f"/mentorships/{sick.pk}/" in html and "плановый срок пары истёк" in html
    home = client.get("/").content.decode()
    assert "требуют внимания" in home
    assert "Пара требует внимания" in client.get(f"/mentorships/{sick.pk}/").content.decode()


def test_attention_list_query_count_does_not_grow_with_pairs(
    cast, client_for, django_assert_max_num_queries, today
):
    org = cast.school
    mentor = mentor_participant(org, capacity=15)
    client = client_for(cast.methodist)

    def add(n):
        for _ in range(n):
            activate(
                make_pair(org, mentor=mentor, by=cast.methodist),
                started=today - datetime.timedelta(weeks=10),
            )

    add(3)
    client.get("/mentorships/attention/")  # warm: the session's first read
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from mentoring.figures import figures_bump

    # Both reads compute the reasons afresh (not from the figures cache).
    figures_bump(org)
    with CaptureQueriesContext(connection) as few:
        client.get("/mentorships/attention/")
    add(10)
    figures_bump(org)
    with CaptureQueriesContext(connection) as many:
        client.get("/mentorships/attention/")
    assert len(many) == len(few)
    with CaptureQueriesContext(connection) as cached:
        client.get("/mentorships/attention/")
    assert len(cached) < len(many)


def test_digest_notices_for_managers_and_mentors(cast, healthy_and_sick, today):
    _healthy, sick = healthy_and_sick
    notices = list(collect(today))
    attention = [n for n in notices if n.kind == "pair_attention"]
    assert {n.user_id for n in attention} == {cast.coordinator.pk, cast.methodist.pk}
    assert all(str(sick.pk) in n.key for n in attention)
    no_meeting = [n for n in notices if n.kind == "pair_no_meeting"]
    assert [n.user_id for n in no_meeting] == [cast.mentor.pk]


def test_plan_item_due_tomorrow_reminds_members_with_accounts(cast, today):
    org = cast.school
    mentor = mentor_participant(org, user=cast.mentor)
    pair = activate(make_pair(org, mentor=mentor, by=cast.methodist), started=today)
    item = pair.program.items.order_by("position").first()
    PlanItem.objects.filter(pk=item.pk).update(
        starts_on=None, due_on=today + datetime.timedelta(days=1)
    )
    tomorrow = [n for n in collect(today) if n.kind == "plan_item_tomorrow"]
    assert [(n.user_id, n.key) for n in tomorrow] == [
        (
            cast.mentor.pk,
            f"plan-item:{item.pk}:tomorrow:{(today + datetime.timedelta(days=1)):%Y%m%d}",
        )
    ]


def test_cached_reasons_follow_every_write_they_depend_on(cast, client_for, today):
    """The pair page and the attention list read the reasons from the figures
    cache (health.cached_reasons); a meeting, a settings change and a
    submitted questionnaire each show at once, not minutes later."""
    from mentoring.health import cached_reasons
    from surveys import services
    from surveys.models import Invitation
    from surveys.tests.helpers import survey_with

    org = cast.school
    mentor = mentor_participant(org, email="")
    mentee = mentee_participant(org, email="")
    pair = activate(
        make_pair(org, mentor=mentor, mentee=mentee, by=cast.methodist),
        started=today - datetime.timedelta(weeks=10),
    )
    client = client_for(cast.methodist)
    assert "ни одной встречи" in client.get(f"/mentorships/{pair.pk}/").text
    assert "ни одной встречи" in " ".join(cached_reasons(org, today=today)[pair.pk])
    Mentorship.objects.filter(pk=pair.pk).update(status=MentorshipStatus.AGREED)
    pair.refresh_from_db()
    meeting_log(
        mentorship=pair,
        data={"held_on": today - datetime.timedelta(weeks=3), "format": "in_person", "topic": "Т"},
        attendees=[],
        by=cast.methodist,
    )
    Mentorship.objects.filter(pk=pair.pk).update(status=MentorshipStatus.ACTIVE)
    assert pair.pk not in cached_reasons(org, today=today)
    assert "Пара требует внимания" not in client.get(f"/mentorships/{pair.pk}/").text
    MentoringSettings.objects.create(organization=org, health_no_meeting_weeks=2)
    assert "нет встреч больше 2 нед." in " ".join(cached_reasons(org, today=today)[pair.pk])
    MentoringSettings.objects.filter(organization=org).delete()
    assert pair.pk not in cached_reasons(org, today=today)
    survey, (question,) = survey_with(
        org, [{"kind": "scale", "text": "Насколько полезны встречи", "scale_max": 10}]
    )
    campaign, _links = services.campaign_create(
        survey=survey,
        data={"title": "Промежуточная", "deadline": today + datetime.timedelta(days=5)},
        audience={"kind": "mentorships", "mentorships": [pair.pk]},
        by=None,
    )
    invitation = Invitation.objects.get(campaign=campaign, participant=mentee)
    services.response_save(invitation=invitation, data={f"q{question.pk}": ["3"]}, submit=True)
    assert "низкая оценка" in " ".join(cached_reasons(org, today=today)[pair.pk])
    assert "низкая оценка" in client.get(f"/mentorships/{pair.pk}/").text
