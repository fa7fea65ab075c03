"""Consents hold up as proof (152-ФЗ ч. 3 ст. 9): not dated before their text
version took effect; they end by the text's term; a reminder 30 days before."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from mentoring.factories import ParticipantFactory
from mentoring.models import Consent, ConsentKind
from mentoring.notifications import consents_expiring
from mentoring.services.consents import consent_give, consent_text_create

TODAY = timezone.localdate()


def new_text(cast, *, effective_from, term_years):
    data = {
        "title": "Согласие",
        "purpose": "цель",
        "data_list": "ФИО",
        "actions": "хранение",
        "term": "срок",
        "effective_from": effective_from,
        "term_years": term_years,
    }
    return consent_text_create(
        organization=cast.school, kind=ConsentKind.PROCESSING, data=data, by=cast.methodist
    )


def test_a_consent_dated_before_its_text_version_is_refused(cast):
    text = new_text(cast, effective_from=TODAY - datetime.timedelta(days=5), term_years=5)
    person = ParticipantFactory(organization=cast.school)
    with pytest.raises(ValidationError, match="раньше, чем вступила в действие редакция"):
        consent_give(
            participant=person,
            kind=ConsentKind.PROCESSING,
            data={"given_on": TODAY - datetime.timedelta(days=6), "text": text},
        )
    assert not Consent.objects.filter(participant=person).exists()


def test_a_consent_ends_by_the_term_and_the_staff_is_reminded(cast):
    text = new_text(cast, effective_from=TODAY - datetime.timedelta(days=400), term_years=1)
    person = ParticipantFactory(organization=cast.school, last_name="Срокова")
    consent = consent_give(
        participant=person,
        kind=ConsentKind.PROCESSING,
        data={"given_on": TODAY - datetime.timedelta(days=350), "text": text},
    )
    assert consent.expires_on == consent.given_on.replace(year=consent.given_on.year + 1)
    assert person.can_be_processed(TODAY)
    assert not person.can_be_processed(consent.expires_on)
    notices = list(consents_expiring(TODAY))
    users = {n.user_id for n in notices}
    assert users == {cast.coordinator.pk, cast.methodist.pk}
    assert "Срокова" in notices[0].title
    assert list(consents_expiring(TODAY - datetime.timedelta(days=30))) == []
