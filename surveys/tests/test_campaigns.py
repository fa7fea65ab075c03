"""Campaigns: audiences, e-mails, anonymity, reminders, speed."""

import time

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from mentoring.factories import ParticipantFactory
from mentoring.models import Consent, MentorshipStatus, Participant
from surveys import services
from surveys.models import Invitation, Response

from .helpers import answer, deadline, pair, person, send, survey_with

pytestmark = pytest.mark.django_db


def audience_people(org, audience):
    return {pid for pid, _m, _r in services.audience_resolve(org, audience)}


def test_all_mentors_audience(cast):
    mentor = person(cast.school, is_mentor=True, mentor_status="approved", is_mentee=False)
    potential = person(cast.school, is_mentor=True, mentor_status="potential", is_mentee=False)
    person(cast.school, is_mentee=True)
    person(cast.other_school, is_mentor=True, mentor_status="approved")
    assert audience_people(cast.school, {"kind": "mentors"}) == {mentor.pk, potential.pk}


def test_mentees_of_a_form_audience(cast):
    ms1, _mentor1, mentee1 = pair(cast.school)
    ms2, _mentor2, mentee2 = pair(cast.school, ms1.form, status=MentorshipStatus.COMPLETED)
    pair(cast.school, status=MentorshipStatus.PROPOSED, form=ms1.form)  # not yet a pair
    from mentoring.models import MentoringForm

    other_form = MentoringForm.objects.create(organization=cast.school, name="Ученик — ученик")
    pair(cast.school, other_form)
    people = services.audience_resolve(
        cast.school, {"kind": "form", "form": ms1.form.pk, "role": "mentee"}
    )
    assert {(p, m, r) for p, m, r in people} == {
        (mentee1.pk, ms1.pk, "mentee"),
        (mentee2.pk, ms2.pk, "mentee"),
    }


def test_members_of_chosen_mentorships_audience(cast):
    ms1, mentor1, mentee1 = pair(cast.school)
    pair(cast.school, ms1.form)
    assert audience_people(
        cast.school, {"kind": "mentorships", "mentorships": [ms1.pk], "role": "all"}
    ) == {mentor1.pk, mentee1.pk}
    assert audience_people(
        cast.school, {"kind": "mentorships", "mentorships": [ms1.pk], "role": "mentor"}
    ) == {mentor1.pk}


def test_named_participants_audience_ignores_other_organisations(cast):
    mine = person(cast.school)
    theirs = person(cast.other_school)
    assert audience_people(
        cast.school, {"kind": "participants", "participants": [mine.pk, theirs.pk]}
    ) == {mine.pk}


def test_withdrawn_consent_and_anonymised_people_are_not_asked(cast):
    from mentoring.factories import ConsentFactory

    withdrawn = person(cast.school, is_mentor=True, mentor_status="approved")
    consent = ConsentFactory(participant=withdrawn)
    Consent.objects.filter(pk=consent.pk).update(withdrawn_on=consent.given_on)
    gone = person(cast.school, is_mentor=True, mentor_status="approved")
    Participant.objects.filter(pk=gone.pk).update(anonymized_at="2026-01-01T00:00Z")
    fine = person(cast.school, is_mentor=True, mentor_status="approved")
    assert audience_people(cast.school, {"kind": "mentors"}) == {fine.pk}


def test_campaign_emails_only_people_with_an_address_and_shows_the_other_links(
    cast, django_capture_on_commit_callbacks
):
    survey, _ = survey_with(cast.school, [{"kind": "yes_no", "text": "Да?"}])
    with_mail = person(cast.school, email="anna@example.org", first_name="Анна")
    without = person(cast.school)
    with django_capture_on_commit_callbacks(execute=True):
        campaign, links = services.campaign_create(
            survey=survey,
            data={"title": "Проверка", "deadline": deadline()},
            audience={"kind": "participants", "participants": [with_mail.pk, without.pk]},
            by=cast.methodist,
            base_url="https://nastavnik.example.org",
        )
    assert [inv.participant_id for inv, _url in links] == [without.pk]
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["anna@example.org"]
    assert "https://nastavnik.example.org/surveys/a/" in message.body
    assert "входить в систему не нужно" in message.body
    assert campaign.invitations.count() == 2


def test_campaign_refuses_a_past_deadline_and_an_empty_audience(cast):
    survey, _ = survey_with(cast.school, [{"kind": "yes_no", "text": "Да?"}])
    with pytest.raises(ValidationError):
        services.campaign_create(
            survey=survey,
            data={"deadline": deadline(-1)},
            audience={"kind": "mentors"},
            by=None,
        )
    with pytest.raises(ValidationError, match="нет ни одного участника"):
        services.campaign_create(
            survey=survey, data={"deadline": deadline()}, audience={"kind": "mentors"}, by=None
        )


def test_anonymous_campaign_keeps_no_link_between_response_and_person(cast):
    survey, (q,) = survey_with(cast.school, [{"kind": "scale", "text": "Удовлетворённость"}])
    people = [person(cast.school) for _ in range(3)]
    campaign, tokens = send(survey, people, is_anonymous=True)
    for i, p in enumerate(people):
        answer(campaign, tokens[p.pk], {f"q{q.pk}": [str(i + 5)]})
    responses = list(Response.objects.filter(campaign=campaign))
    assert len(responses) == 3
    assert all(r.invitation_id is None and r.mentorship_id is None for r in responses)
    # Only the date of the answer is kept, no time to match against.
    local = [timezone.localtime(r.submitted_at) for r in responses]
    assert all(t.hour == 0 and t.minute == 0 for t in local)
    assert set(Invitation.objects.values_list("responded", flat=True)) == {True}
    # No column of any survey table holds the participant next to the answer.
    for field in Response._meta.get_fields():
        assert getattr(field, "related_model", None) not in (Participant, Invitation) or (
            field.name == "invitation"
        )
    # The response can still be edited through its link.
    answer(campaign, tokens[people[0].pk], {f"q{q.pk}": ["10"]})
    assert Response.objects.filter(campaign=campaign).count() == 3


def test_anonymous_respondent_cannot_answer_twice_through_another_link(cast):
    survey, (q,) = survey_with(cast.school, [{"kind": "scale", "text": "Удовлетворённость"}])
    who = person(cast.school)
    campaign, tokens = send(survey, [who], is_anonymous=True)
    answer(campaign, tokens[who.pk], {f"q{q.pk}": ["5"]})
    second = services.invitation_issue_link(invitation=campaign.invitations.get())
    with pytest.raises(ValidationError, match="уже ответили"):
        answer(campaign, second, {f"q{q.pk}": ["9"]})
    assert Response.objects.count() == 1


def test_reminders_go_only_to_people_who_have_not_answered(
    cast, django_capture_on_commit_callbacks
):
    survey, (q,) = survey_with(cast.school, [{"kind": "yes_no", "text": "Да?"}])
    done = person(cast.school, email="done@example.org")
    waiting = person(cast.school, email="wait@example.org")
    no_mail = person(cast.school)
    campaign, _tokens = send(survey, [done, waiting, no_mail])
    invitation = campaign.invitations.get(participant=done)
    raw = services.invitation_issue_link(invitation=invitation)
    answer(campaign, raw, {f"q{q.pk}": ["yes"]})
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        sent = services.campaign_remind(campaign=campaign)
    assert sent == 1
    assert [m.to for m in mail.outbox] == [["wait@example.org"]]
    assert "Напоминание" in mail.outbox[0].subject
    # The reminder's link works, and the first one still does too.
    link = mail.outbox[0].body.split("/surveys/a/")[1].split("/")[0]
    assert services.link_resolve(link)[0] == "ok"
    assert campaign.invitations.get(participant=waiting).reminders_sent == 1


def test_remind_command_reminds_open_campaigns_close_to_the_deadline(
    cast, django_capture_on_commit_callbacks
):
    from django.core.management import call_command

    survey, _ = survey_with(cast.school, [{"kind": "yes_no", "text": "Да?"}])
    who = person(cast.school, email="w@example.org")
    services.campaign_create(
        survey=survey,
        data={"deadline": deadline(2)},
        audience={"kind": "participants", "participants": [who.pk]},
        by=None,
    )
    mail.outbox.clear()
    for _ in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            call_command("send_survey_reminders", "--base-url", "https://x.example.org")
    assert len(mail.outbox) == 1  # not twice within two days
    assert "https://x.example.org/surveys/a/" in mail.outbox[0].body


def test_campaign_of_2000_people_is_created_whole(cast, django_capture_on_commit_callbacks):
    survey, _ = survey_with(cast.school, [{"kind": "scale", "text": "Комфорт"}])
    ParticipantFactory.reset_sequence()
    Participant.objects.bulk_create(
        [
            Participant(
                organization=cast.school,
                last_name=f"Наставник{i}",
                first_name="Иван",
                target_group="teacher",
                is_mentor=True,
                mentor_status="approved",
                email=f"m{i}@example.org" if i % 2 else "",
            )
            for i in range(2000)
        ]
    )
    services.respond_url("warm-up")  # the URLconf is loaded once per process
    started = time.perf_counter()
    with django_capture_on_commit_callbacks(execute=True):
        campaign, links = services.campaign_create(
            survey=survey, data={"deadline": deadline()}, audience={"kind": "mentors"}, by=None
        )
    elapsed = time.perf_counter() - started
    assert campaign.invitations.count() == 2000
    assert len(links) == 1000
    assert len(mail.outbox) == 1000
    print(f"campaign: {elapsed:.2f} s (budgets are checked by make bench)")
    print(f"campaign of 2000 with 1000 e-mails: {elapsed:.2f} s")
