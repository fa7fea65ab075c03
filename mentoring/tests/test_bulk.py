"""Bulk actions on a bank selection: consents on one date with one text
version, approving mentors, a group from mentees, blank consent forms."""

import datetime

from django.utils import timezone

from mentoring.factories import ParticipantFactory
from mentoring.models import Consent, ConsentKind, Interview, MentorStatus
from mentoring.services.consents import consent_text_default
from mentoring.tests.test_accounts import pdf_text


def test_bulk_consents_record_one_date_and_version_and_skip_children(cast, client_for):
    text = consent_text_default(cast.school, ConsentKind.PROCESSING)
    adults = [ParticipantFactory(organization=cast.school) for _ in range(3)]
    child = ParticipantFactory(
        organization=cast.school, birth_date=timezone.localdate().replace(year=2016)
    )
    response = client_for(cast.methodist).post(
        "/bank/mentees/bulk/",
        {
            "action": "consents",
            "given_on": "2026-09-01",
            "text": text.pk,
            "selected": [p.pk for p in [*adults, child]],
        },
    )
    assert response.status_code == 302
    consents = Consent.objects.filter(kind=ConsentKind.PROCESSING)
    assert sorted(consents.values_list("participant_id", flat=True)) == [p.pk for p in adults]
    assert set(consents.values_list("given_on", "text_id")) == {
        (datetime.date(2026, 9, 1), text.pk)
    }
    page = client_for(cast.methodist).get("/bank/mentees/")
    assert "Согласий внесено: 3." in page.text
    assert child.full_name in page.text  # named in the warning


def test_bulk_consents_without_date_change_nothing(cast, client_for):
    person = ParticipantFactory(organization=cast.school)
    client_for(cast.methodist).post(
        "/bank/mentees/bulk/", {"action": "consents", "selected": [person.pk]}
    )
    assert not Consent.objects.exists()


def test_bulk_approve_mentors_after_interview_only(cast, client_for):
    interviewed = ParticipantFactory(
        organization=cast.school, is_mentor=True, is_mentee=False, mentor_status="potential"
    )
    Interview.objects.create(
        participant=interviewed,
        held_on=timezone.localdate(),
        outcome=Interview.Outcome.RECOMMENDED,
        held_by=cast.methodist,
    )
    not_yet = ParticipantFactory(
        organization=cast.school, is_mentor=True, is_mentee=False, mentor_status="potential"
    )
    client_for(cast.coordinator).post(
        "/bank/mentors/bulk/", {"action": "approve", "selected": [interviewed.pk, not_yet.pk]}
    )
    interviewed.refresh_from_db()
    not_yet.refresh_from_db()
    assert interviewed.mentor_status == MentorStatus.APPROVED
    assert not_yet.mentor_status == MentorStatus.POTENTIAL


def test_director_may_print_but_not_approve(cast, client_for):
    mentor = ParticipantFactory(
        organization=cast.school, is_mentor=True, is_mentee=False, mentor_status="potential"
    )
    response = client_for(cast.director).post(
        "/bank/mentors/bulk/", {"action": "approve", "selected": [mentor.pk]}
    )
    assert response.status_code == 403


def test_bulk_group_opens_matching_with_the_mentees(cast, client_for):
    a, b = (ParticipantFactory(organization=cast.school) for _ in range(2))
    response = client_for(cast.methodist).post(
        "/bank/mentees/bulk/", {"action": "group", "selected": [a.pk, b.pk]}
    )
    assert (
        response["Location"] == f"/matching/?mentees={a.pk}&mentees={b.pk}"
        or response["Location"] == f"/matching/?mentees={b.pk}&mentees={a.pk}"
    )


def test_bulk_blank_forms_one_pdf_per_person_page(cast, client_for):
    people = [
        ParticipantFactory(organization=cast.school, last_name=name)
        for name in ("Аксёнова", "Борисов")
    ]
    foreign = ParticipantFactory(organization=cast.other_school, last_name="Чужой")
    response = client_for(cast.methodist).post(
        "/bank/mentees/bulk/",
        {"action": "forms", "selected": [p.pk for p in people] + [foreign.pk]},
    )
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content, None)
    assert "Аксёнова" in text and "Борисов" in text and "Чужой" not in text


def test_bulk_bar_offers_today_and_the_newest_consent_text(cast, client_for):
    consent_text_default(cast.school, ConsentKind.PROCESSING)
    newest = consent_text_default(cast.school, ConsentKind.PROCESSING).__class__.objects.create(
        organization=cast.school, kind=ConsentKind.PROCESSING, version=99, title="Новая", body="…"
    )
    page = client_for(cast.methodist).get("/bank/mentees/").text
    assert f'value="{timezone.localdate():%Y-%m-%d}"' in page
    assert f'<option value="{newest.pk}" selected>' in page
