"""Withdrawing consents and purging the data of those who withdrew
(152-ФЗ art. 21 part 5: destroyed within 30 days)."""

import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.utils import timezone

from mentoring.factories import ParticipantFactory
from mentoring.models import (
    PURGE_AFTER_DAYS,
    AuditEvent,
    Consent,
    ConsentKind,
    DestructionAct,
    Interview,
    Participant,
    TargetGroup,
)
from mentoring.services.consents import consent_give, consent_withdraw
from mentoring.services.privacy import participant_mark_left, personal_data_purge

TODAY = timezone.localdate()
GIVEN = TODAY - datetime.timedelta(days=120)
WITHDRAWN = TODAY - datetime.timedelta(days=60)
PDF = b"%PDF-1.4\n%%EOF\n"


@pytest.fixture
def mentor(cast):
    """A published mentor: consents to processing and to publication."""
    person = ParticipantFactory(
        organization=cast.school,
        last_name="Белоусова",
        first_name="Надежда",
        patronymic="Андреевна",
        email="belousova@example.org",
        phone="+7 900 000-00-00",
        is_mentor=True,
        is_mentee=False,
        mentor_status="approved",
        achievements="Учитель года — 2024",
        external_id="T-0042",
        special_gifted=True,
    )
    consent_give(
        participant=person,
        kind=ConsentKind.PROCESSING,
        data={"given_on": GIVEN},
        scan=SimpleUploadedFile("scan.pdf", PDF),
        by=cast.methodist,
    )
    consent_give(
        participant=person,
        kind=ConsentKind.PUBLICATION,
        data={"given_on": GIVEN, "publish_name": True, "publish_achievements": True},
        by=cast.methodist,
    )
    return person


@pytest.fixture
def child(cast):
    person = ParticipantFactory(
        organization=cast.school,
        last_name="Зайцева",
        first_name="Вера",
        birth_date=TODAY.replace(year=TODAY.year - 10),
        target_group=TargetGroup.SCHOOL_STUDENT,
        representative_name="Зайцев Олег Ильич",
        representative_relation="отец",
    )
    consent_give(
        participant=person,
        kind=ConsentKind.PROCESSING,
        data={
            "given_on": GIVEN,
            "given_by": "representative",
            "representative_name": "Зайцев Олег Ильич",
            "representative_relation": "отец",
            "representative_document": "свидетельство о рождении II-МЮ № 654321",
        },
        scan=SimpleUploadedFile("scan.pdf", PDF),
    )
    return person


def consent_of(person, kind):
    return Consent.objects.get(participant=person, kind=kind, withdrawn_on__isnull=True)


def fresh(person):
    return Participant.objects.prefetch_related("consents").get(pk=person.pk)


# --- Withdrawal ---


def test_withdrawing_processing_blocks_pairs_and_publication_at_once(cast, client_for, mentor):
    assert fresh(mentor).can_join_pair()
    assert fresh(mentor).public_fields() == {"name", "achievements"}
    consent = consent_of(mentor, ConsentKind.PROCESSING)
    client = client_for(cast.methodist)
    page = client.get(f"/consents/{consent.pk}/withdraw/")
    assert page.status_code == 200
    assert "уничтожены" in page.text

    response = client.post(
        f"/consents/{consent.pk}/withdraw/",
        {"on_date": TODAY.isoformat(), "note": "заявление вх. № 15"},
        follow=True,
    )

    assert "Согласие на обработку отозвано" in response.text
    consent.refresh_from_db()
    assert consent.withdrawn_on == TODAY
    assert consent.withdrawal_note == "заявление вх. № 15"
    assert consent.history.first().history_user == cast.methodist
    person = fresh(mentor)
    assert not person.can_join_pair()
    assert person.public_fields() == frozenset()


def test_withdrawing_only_publication_hides_but_keeps_the_person_in_the_programme(
    cast, client_for, mentor
):
    consent = consent_of(mentor, ConsentKind.PUBLICATION)

    response = client_for(cast.coordinator).post(
        f"/consents/{consent.pk}/withdraw/", {"on_date": TODAY.isoformat()}
    )

    assert response.status_code == 302
    person = fresh(mentor)
    assert person.public_fields() == frozenset()
    assert person.can_join_pair()


def test_director_cannot_withdraw_and_nothing_changes(cast, client_for, mentor):
    consent = consent_of(mentor, ConsentKind.PROCESSING)
    response = client_for(cast.director).post(
        f"/consents/{consent.pk}/withdraw/", {"on_date": TODAY.isoformat()}
    )
    assert response.status_code == 403
    consent.refresh_from_db()
    assert consent.withdrawn_on is None


def test_withdrawal_before_the_consent_was_given_is_refused(cast, client_for, mentor):
    consent = consent_of(mentor, ConsentKind.PROCESSING)
    response = client_for(cast.methodist).post(
        f"/consents/{consent.pk}/withdraw/",
        {"on_date": (GIVEN - datetime.timedelta(days=1)).isoformat()},
    )
    assert response.status_code == 200
    assert "раньше даты согласия" in response.text
    consent.refresh_from_db()
    assert consent.withdrawn_on is None


def test_a_consent_is_withdrawn_only_once(cast, mentor):
    consent = consent_of(mentor, ConsentKind.PROCESSING)
    consent_withdraw(consent=consent, on_date=WITHDRAWN, note="", by=None)
    with pytest.raises(ValidationError, match="уже отозвано"):
        consent_withdraw(consent=consent, on_date=TODAY, note="", by=None)
    consent.refresh_from_db()
    assert consent.withdrawn_on == WITHDRAWN


# --- Purge ---


def withdraw_processing(person, on_date=WITHDRAWN):
    consent_withdraw(consent=consent_of(person, ConsentKind.PROCESSING), on_date=on_date)


def test_nothing_is_destroyed_29_days_after_withdrawal(cast, mentor):
    withdraw_processing(mentor)
    acts = personal_data_purge(today=WITHDRAWN + datetime.timedelta(days=PURGE_AFTER_DAYS - 1))
    assert acts == []
    assert fresh(mentor).last_name == "Белоусова"
    assert not DestructionAct.objects.exists()


def test_destruction_30_days_after_withdrawal_removes_rows_history_and_scans(
    cast, mentor, settings, django_capture_on_commit_callbacks
):
    withdraw_processing(mentor)
    Interview.objects.create(
        participant=mentor, held_on=GIVEN, outcome="recommended", notes="Белоусова — сильный"
    )
    scan_path = (
        settings.MEDIA_ROOT / Consent.objects.get(participant=mentor, kind="processing").scan.name
    )
    assert scan_path.exists()
    history = Participant.history.model
    assert history.objects.filter(id=mentor.pk, last_name="Белоусова").exists()

    with django_capture_on_commit_callbacks(execute=True):
        acts = personal_data_purge(today=WITHDRAWN + datetime.timedelta(days=PURGE_AFTER_DAYS))

    assert [a.subject_ref for a in acts] == [mentor.pk]
    assert not Participant.objects.filter(pk=mentor.pk).exists()
    assert not history.objects.filter(id=mentor.pk).exists()
    assert not Interview.objects.filter(notes__contains="Белоусова").exists()
    assert not Interview.history.model.objects.filter(notes__contains="Белоусова").exists()
    assert not scan_path.exists()
    assert not Consent.objects.filter(participant_id=mentor.pk).exists()
    assert not Consent.history.model.objects.filter(participant_id=mentor.pk).exists()
    event = AuditEvent.objects.get(action=AuditEvent.Action.DESTROY)
    assert event.participant_id_ref == mentor.pk
    assert event.organization == cast.school
    assert "Белоусова" not in str(event.details)
    # Idempotent: a second run finds nobody.
    assert personal_data_purge(today=TODAY + datetime.timedelta(days=365)) == []
    assert DestructionAct.objects.count() == 1


def test_destruction_removes_the_representative_of_a_child(
    cast, child, django_capture_on_commit_callbacks
):
    withdraw_processing(child)
    with django_capture_on_commit_callbacks(execute=True):
        assert [a.subject_ref for a in personal_data_purge(today=TODAY)] == [child.pk]
    assert not Consent.history.model.objects.filter(
        representative_name="Зайцев Олег Ильич"
    ).exists()
    assert not Participant.history.model.objects.filter(
        representative_name="Зайцев Олег Ильич"
    ).exists()


def test_a_participant_with_a_newer_consent_is_not_destroyed(cast, mentor):
    withdraw_processing(mentor)
    consent_give(
        participant=mentor,
        kind=ConsentKind.PROCESSING,
        data={"given_on": WITHDRAWN + datetime.timedelta(days=1)},
    )
    assert personal_data_purge(today=TODAY) == []


def test_withdrawing_only_publication_is_not_destroyed(cast, mentor):
    consent_withdraw(consent=consent_of(mentor, ConsentKind.PUBLICATION), on_date=WITHDRAWN)
    assert personal_data_purge(today=TODAY) == []


def test_dry_run_lists_counts_and_writes_nothing(cast, mentor, child):
    withdraw_processing(mentor)
    withdraw_processing(child)
    out = io.StringIO()

    call_command("purge_withdrawn", "--dry-run", stdout=out)

    assert "Будет уничтожено участников: 2." in out.getvalue()
    assert "Пробный запуск" in out.getvalue()
    assert Participant.objects.count() >= 2
    assert not DestructionAct.objects.exists()
    assert fresh(mentor).last_name == "Белоусова"


def test_command_destroys_and_a_second_run_finds_nothing(cast, mentor, child):
    withdraw_processing(mentor)
    out = io.StringIO()

    call_command("purge_withdrawn", stdout=out)

    assert "Уничтожено участников: 1." in out.getvalue()
    assert "акт № 1" in out.getvalue()
    assert not Participant.objects.filter(pk=mentor.pk).exists()
    assert Participant.objects.filter(pk=child.pk).exists()
    again = io.StringIO()
    call_command("purge_withdrawn", stdout=again)
    assert "пора уничтожить, нет" in again.getvalue()
    assert DestructionAct.objects.count() == 1


def test_command_takes_a_date_for_checking(cast, mentor):
    withdraw_processing(mentor)
    out = io.StringIO()
    call_command(
        "purge_withdrawn",
        "--dry-run",
        "--today",
        (WITHDRAWN + datetime.timedelta(days=29)).isoformat(),
        stdout=out,
    )
    assert "Будет уничтожено участников: 0." in out.getvalue()


def test_purpose_reached_destroys_after_the_retention_period(cast, mentor):
    cast.school.retention_days = 10
    cast.school.save(update_fields=["retention_days"])
    participant_mark_left(participant=mentor, on_date=TODAY - datetime.timedelta(days=9))
    assert personal_data_purge(today=TODAY) == []
    acts = personal_data_purge(today=TODAY + datetime.timedelta(days=1))
    assert [a.reason for a in acts] == [DestructionAct.Reason.PURPOSE]
    assert not Participant.objects.filter(pk=mentor.pk).exists()


def test_home_privacy_card_counts_a_withdrawal_at_once(cast, client_for, mentor):
    """The home page's personal-data card is a cached figure
    (views.privacy.privacy_home_card): a withdrawal shows on the director's
    and the methodist's home page at the next visit, and a destruction
    deadline already missed (30 days after a withdrawal 60 days ago) shows
    in red."""
    director = client_for(cast.director)
    assert "Отозванных согласий в работе" not in director.get("/").text
    consent = Consent.objects.get(participant=mentor, kind=ConsentKind.PROCESSING)
    consent_withdraw(consent=consent, on_date=WITHDRAWN, by=cast.methodist)
    home = director.get("/").text
    assert "Отозванных согласий в работе: 1." in home
    assert "Просрочено уничтожение данных: 1." in home
    assert mentor.short_name in home
    assert "Отозванных согласий в работе: 1." in client_for(cast.methodist).get("/").text
