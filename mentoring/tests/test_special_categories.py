"""Special categories (ОВЗ, одарённый, трудная жизненная ситуация) only with
a written processing consent that has a scan (152-ФЗ ст. 10 ч. 2 п. 1)."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from mentoring.factories import ParticipantFactory
from mentoring.models import ConsentKind, TargetGroup
from mentoring.services.consents import consent_give
from mentoring.services.participants import participant_create, participant_update

TODAY = timezone.localdate()


def adult(cast):
    return ParticipantFactory(
        organization=cast.school, target_group=TargetGroup.TEACHER, is_mentor=True
    )


def test_a_new_participant_cannot_be_created_with_a_special_flag(cast):
    with pytest.raises(ValidationError, match="письменном согласии"):
        participant_create(
            organization=cast.school,
            data={
                "last_name": "Петров",
                "first_name": "Пётр",
                "target_group": TargetGroup.YOUNG_SPECIALIST,
                "is_mentee": True,
                "special_disability": True,
            },
            by=cast.methodist,
        )


def test_a_consent_without_a_scan_is_not_enough_and_with_a_scan_it_is(cast):
    person = adult(cast)
    consent_give(
        participant=person,
        kind=ConsentKind.PROCESSING,
        data={"given_on": TODAY - datetime.timedelta(days=2)},
        by=cast.methodist,
    )
    with pytest.raises(ValidationError, match="ОВЗ"):
        participant_update(
            participant=person,
            data={"special_disability": True},
            loaded_version=person.updated_at.isoformat(),
            by=None,
        )
    person.refresh_from_db()
    assert not person.special_disability

    consent = person.consents.get()
    consent.scan.save("scan.pdf", SimpleUploadedFile("scan.pdf", b"%PDF-1.4\n%%EOF\n"))
    person.refresh_from_db()
    updated = participant_update(
        participant=person,
        data={"special_disability": True},
        loaded_version=person.updated_at.isoformat(),
        by=None,
    )
    assert updated.special_disability


def test_demo_data_has_written_consents_for_special_categories_and_expiring_ones(cast):
    from django.core.management import call_command

    from mentoring.models import Consent, Participant

    call_command("seed_demo", stdout=__import__("io").StringIO())
    special = Participant.objects.filter(external_id__startswith="demo-").exclude(
        special_disability=False, special_gifted=False, special_difficult=False
    )
    assert special.exists()
    for person in special.prefetch_related("consents"):
        assert person.has_written_processing_consent(), person
    expiring = Consent.objects.expiring(TODAY, days=30).filter(kind=ConsentKind.PROCESSING)
    assert expiring.exists()
    for consent in expiring:
        assert consent.given_on >= consent.text.effective_from
        assert consent.text.term_years == 1
