"""Creating forms answer a successful POST with a redirect (post/redirect/
get), so a refresh repeats a GET; and where the same thing must not exist
twice, a repeated POST of the same form creates nothing more.

Each case: (URL name, setup → (url, data, count of rows), whether a second
identical POST must create nothing). A refresh after the redirect is a GET
of the Location: it must create nothing either."""

from datetime import timedelta

import pytest
from django.utils import timezone

from mentoring.factories import (
    MentoringFormFactory,
    ParticipantFactory,
    make_pair,
    mentee_participant,
    mentor_participant,
)
from mentoring.models import (
    Consent,
    Interview,
    Invitation,
    Meeting,
    Mentorship,
    Order,
    Participant,
    PlanItem,
)
from mentoring.services.consents import consent_text_default
from mentoring.services.orders import order_defaults


def _participant(cast):
    data = {
        "last_name": "Юрьева",
        "first_name": "Алиса",
        "target_group": "teacher",
        "is_mentee": "on",
        "capacity": 1,
    }
    return "/participants/new/", data, Participant.objects.count


def _interview(cast):
    mentor = ParticipantFactory(organization=cast.school, is_mentor=True, mentor_status="potential")
    url = f"/participants/{mentor.pk}/interviews/new/"
    data = {"held_on": timezone.localdate().isoformat(), "outcome": "recommended"}
    return url, data, Interview.objects.count


def _propose(cast):
    form = MentoringFormFactory(organization=cast.school)
    data = {
        "form": form.pk,
        "lead_mentor": mentor_participant(cast.school).pk,
        "mentees": [mentee_participant(cast.school).pk],
    }
    return "/mentorships/propose/", data, Mentorship.objects.count


def _agreed(cast):
    mentor = mentor_participant(cast.school, user=cast.mentor)
    return make_pair(cast.school, mentor=mentor, by=cast.methodist, agreed=True)


def _plan_item(cast):
    pair = _agreed(cast)
    url = f"/mentorships/{pair.pk}/program/items/new/"
    data = {
        "title": "Открытый урок",
        "due_on": (timezone.localdate() + timedelta(days=20)).isoformat(),
        "status": "planned",
    }
    return url, data, PlanItem.objects.count


def _meeting(cast):
    pair = _agreed(cast)
    Mentorship.objects.filter(pk=pair.pk).update(
        planned_start=timezone.localdate() - timedelta(days=5)
    )
    url = f"/mentorships/{pair.pk}/meetings/new/"
    data = {"held_on": timezone.localdate().isoformat(), "format": "online", "topic": "Старт"}
    return url, data, Meeting.objects.count


def _order(cast):
    pair = _agreed(cast)
    defaults = order_defaults("pairing")
    data = {
        "title": defaults["title"],
        "preamble": defaults["preamble"],
        "points": defaults["points"],
        "appendix_title": defaults["appendix_title"],
        "mentorships": [pair.pk],
    }
    return "/orders/new/pairing/", data, Order.objects.count


def _team_invite(cast):
    data = {
        "last_name": "Новикова",
        "first_name": "Анна",
        "email": "novikova@example.org",
        "role": "mentor",
        "channel": "email",
    }
    return "/team/invite/", data, Invitation.objects.count


def _participant_invite(cast):
    person = ParticipantFactory(organization=cast.school, email="p@example.org")
    return f"/participants/{person.pk}/invite/", {"channel": "email"}, Invitation.objects.count


def _bulk_consents(cast):
    people = [ParticipantFactory(organization=cast.school) for _ in range(2)]
    text = consent_text_default(cast.school, "processing")
    data = {
        "action": "consents",
        "given_on": timezone.localdate().isoformat(),
        "text": text.pk,
        "selected": [p.pk for p in people],
    }
    return "/bank/mentees/bulk/", data, Consent.objects.count


def _campaign(cast):
    from surveys.models import Campaign
    from surveys.tests.helpers import person, survey_with

    survey, _ = survey_with(cast.school, [{"kind": "yes_no", "text": "Да?"}])
    people = [person(cast.school)]
    data = {
        "submit_token": "one-opened-form",
        "title": "Рассылка",
        "deadline": (timezone.localdate() + timedelta(days=7)).isoformat(),
        "audience_kind": "participants",
        "participants": [p.pk for p in people],
        "role": "all",
    }
    return f"/surveys/{survey.pk}/send/", data, Campaign.objects.count


# name: (setup, user, a second identical POST creates nothing)
CREATING = {
    "mentoring:participant_create": (_participant, "methodist", True),
    "mentoring:interview_create": (_interview, "methodist", False),
    "mentoring:mentorship_propose": (_propose, "methodist", True),
    "mentoring:plan_item_create": (_plan_item, "methodist", False),
    "mentoring:meeting_create": (_meeting, "mentor", False),
    "mentoring:order_create": (_order, "methodist", True),
    "mentoring:team_invite": (_team_invite, "coordinator", True),
    "mentoring:participant_invite": (_participant_invite, "methodist", True),
    "mentoring:bank_bulk": (_bulk_consents, "methodist", True),
    "surveys:campaign_create": (_campaign, "methodist", True),
}


@pytest.mark.parametrize("name", sorted(CREATING))
def test_creating_form_redirects_and_a_repeat_does_not_duplicate(name, cast, client_for):
    setup, role, idempotent = CREATING[name]
    url, data, count = setup(cast)
    client = client_for(cast.by_role(role))
    before = count()
    first = client.post(url, data)
    assert first.status_code == 302, (name, first.status_code)
    created = count() - before
    assert created >= 1, name
    # A refresh after the redirect is a GET of the new page.
    client.get(first["Location"])
    assert count() - before == created, name
    if idempotent:
        client.post(url, data)
        assert count() - before == created, f"{name}: a repeated POST created again"
