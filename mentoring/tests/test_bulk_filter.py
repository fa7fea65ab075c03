"""Bulk actions on everyone the bank's filter matches, across pages (issue
14): the server computes the people from the filter's query string, shows
their number before the action runs, and never touches anyone else."""

import datetime

import pytest
from django.utils import timezone

from mentoring.factories import ParticipantFactory
from mentoring.models import Consent, ConsentKind, Interview, MentorStatus, TargetGroup
from mentoring.services.consents import consent_text_default
from mentoring.tests.test_orders import pdf_text
from mentoring.views.banks import PER_PAGE

MATCHING = PER_PAGE + 5  # more than one page


@pytest.fixture
def young(cast):
    """MATCHING young specialists (over one page) and 4 teachers who do not
    match the filter, plus a young specialist of another school."""
    people = [
        ParticipantFactory(organization=cast.school, target_group=TargetGroup.YOUNG_SPECIALIST)
        for _ in range(MATCHING)
    ]
    others = [ParticipantFactory(organization=cast.school) for _ in range(4)]
    stranger = ParticipantFactory(
        organization=cast.other_school, target_group=TargetGroup.YOUNG_SPECIALIST
    )
    return people, others, stranger


FILTER = "target_group=young_specialist"


def consent_post(cast, **extra):
    text = consent_text_default(cast.school, ConsentKind.PROCESSING)
    return {
        "action": "consents",
        "given_on": "2026-09-01",
        "text": text.pk,
        "scope": "filter",
        "filter": FILTER,
        "back": f"/bank/mentees/?{FILTER}",
        **extra,
    }


def test_bank_offers_all_by_filter_with_the_count_when_there_is_more_than_a_page(
    cast, client_for, young
):
    page = client_for(cast.methodist).get(f"/bank/mentees/?{FILTER}&page=2").content.decode()
    assert f"Выбрать все {MATCHING} по текущему фильтру" in page
    # The filter goes with the form, without the page number.
    assert f'name="filter" value="{FILTER}"' in page


def test_all_by_filter_shows_the_count_first_and_changes_nothing(cast, client_for, young):
    response = client_for(cast.methodist).post("/bank/mentees/bulk/", consent_post(cast))
    assert response.status_code == 200
    text = response.content.decode()
    assert f'<strong id="bulk-count">{MATCHING}</strong>' in text
    assert f"Выполнить для всех {MATCHING}" in text
    assert 'name="confirmed" value="1"' in text
    assert not Consent.objects.exists()


def test_confirmed_consents_reach_every_page_of_the_filter_and_no_one_else(cast, client_for, young):
    people, others, stranger = young
    response = client_for(cast.methodist).post(
        "/bank/mentees/bulk/", consent_post(cast, confirmed="1"), follow=True
    )
    assert f"Согласий внесено: {MATCHING}." in response.content.decode()
    given = set(
        Consent.objects.filter(kind=ConsentKind.PROCESSING).values_list("participant_id", flat=1)
    )
    assert given == {p.pk for p in people}
    assert set(Consent.objects.values_list("given_on", flat=True).distinct()) == {
        datetime.date(2026, 9, 1)
    }
    # Ticked ids of other people are ignored when everyone by filter is chosen.
    assert not Consent.objects.filter(participant__in=[*others, stranger]).exists()


def test_ticked_rows_of_others_do_not_join_the_filter_selection(cast, client_for, young):
    _people, others, stranger = young
    client_for(cast.methodist).post(
        "/bank/mentees/bulk/",
        consent_post(cast, confirmed="1", selected=[others[0].pk, stranger.pk]),
    )
    assert not Consent.objects.filter(participant__in=[*others, stranger]).exists()
    assert Consent.objects.count() == MATCHING


def test_approve_mentors_by_filter_across_pages(cast, client_for):
    interviewed = []
    for _ in range(MATCHING):
        mentor = ParticipantFactory(
            organization=cast.school,
            is_mentor=True,
            is_mentee=False,
            mentor_status=MentorStatus.POTENTIAL,
            subjects="Физика",
        )
        Interview.objects.create(
            participant=mentor,
            held_on=timezone.localdate(),
            outcome=Interview.Outcome.RECOMMENDED,
            held_by=cast.methodist,
        )
        interviewed.append(mentor)
    chemist = ParticipantFactory(
        organization=cast.school,
        is_mentor=True,
        is_mentee=False,
        mentor_status=MentorStatus.POTENTIAL,
        subjects="Химия",
    )
    client = client_for(cast.coordinator)
    data = {"action": "approve", "scope": "filter", "filter": "subject=Физика"}
    confirm = client.post("/bank/potential-mentors/bulk/", data)
    assert f'<strong id="bulk-count">{MATCHING}</strong>' in confirm.content.decode()
    client.post("/bank/potential-mentors/bulk/", {**data, "confirmed": "1"})
    statuses = {
        p.pk: p.mentor_status
        for p in type(chemist).objects.filter(pk__in=[c.pk for c in [*interviewed, chemist]])
    }
    assert [statuses[p.pk] for p in interviewed] == [MentorStatus.APPROVED] * MATCHING
    assert statuses[chemist.pk] == MentorStatus.POTENTIAL


def test_consent_forms_by_filter_print_everyone_matching(cast, client_for, young):
    people, others, _stranger = young
    response = client_for(cast.director).post(
        "/bank/mentees/bulk/",
        {"action": "forms", "scope": "filter", "filter": FILTER, "confirmed": "1"},
    )
    assert response["Content-Type"] == "application/pdf"
    text = " ".join(pdf_text(response.content, layout=False).split())
    assert all(p.last_name in text for p in people)
    assert not any(f"{p.last_name} " in text for p in others)


def test_too_many_by_filter_are_refused_with_a_message(cast, client_for, young, monkeypatch):
    from mentoring.views import banks

    monkeypatch.setattr(banks, "BULK_FILTER_LIMIT", 10)
    response = client_for(cast.methodist).post(
        "/bank/mentees/bulk/", consent_post(cast, confirmed="1"), follow=True
    )
    assert f"По фильтру участников: {MATCHING}; за один раз — не больше 10" in (
        response.content.decode()
    )
    assert not Consent.objects.exists()


def test_a_broken_filter_is_refused_with_a_message(cast, client_for, young):
    response = client_for(cast.methodist).post(
        "/bank/mentees/bulk/",
        consent_post(cast, confirmed="1", filter="target_group=nonsense"),
        follow=True,
    )
    assert "Фильтр списка не распознан" in response.content.decode()
    assert not Consent.objects.exists()
