"""Pairs are named with full names (issue 14): two mentees who share surname
and initials ("Жукова А. Д.") must not give two pairs of the same name in
lists, the order form and notifications."""

import datetime

from django.utils import timezone

from mentoring.factories import (
    MentoringFormFactory,
    make_pair,
    mentee_participant,
    mentor_participant,
)
from mentoring.notifications import consents_missing_before_activation


def namesake_pairs(cast):
    """Two agreed pairs of one mentor with mentees "Жукова А. Д." — Анна
    Дмитриевна and Алла Денисовна; the mentor lacks the duties consent, so
    both pairs are reported as blocked."""
    form = MentoringFormFactory(organization=cast.school)
    mentor = mentor_participant(
        cast.school,
        last_name="Орлова",
        first_name="Вера",
        patronymic="Петровна",
        capacity=3,
        consents=("processing",),
    )
    anna = mentee_participant(
        cast.school, last_name="Жукова", first_name="Анна", patronymic="Дмитриевна"
    )
    alla = mentee_participant(
        cast.school, last_name="Жукова", first_name="Алла", patronymic="Денисовна"
    )
    assert anna.short_name == alla.short_name == "Жукова А. Д."
    pairs = [
        make_pair(cast.school, form=form, mentor=mentor, mentee=m, agreed=True, by=cast.methodist)
        for m in (anna, alla)
    ]
    return pairs


def test_two_namesakes_by_initials_give_two_different_pair_names(cast):
    first, second = namesake_pairs(cast)
    assert str(first) == "Орлова Вера Петровна — Жукова Анна Дмитриевна"
    assert str(second) == "Орлова Вера Петровна — Жукова Алла Денисовна"


def test_order_form_offers_the_namesakes_pairs_by_full_name(cast, client_for):
    namesake_pairs(cast)
    page = client_for(cast.methodist).get("/orders/new/pairing/").content.decode()
    assert "Жукова Анна Дмитриевна" in page and "Жукова Алла Денисовна" in page
    assert "Жукова А. Д." not in page


def test_pair_page_heading_and_notifications_tell_the_namesakes_apart(cast, client_for):
    first, second = namesake_pairs(cast)
    heading = client_for(cast.methodist).get(f"/mentorships/{second.pk}/").content.decode()
    assert "Орлова Вера Петровна — Жукова Алла Денисовна" in heading
    today = timezone.localdate() + datetime.timedelta(days=1)
    titles = {
        n.url: n.title
        for n in consents_missing_before_activation(today)
        if n.user_id == cast.methodist.pk
    }
    assert "Жукова Анна Дмитриевна" in titles[f"/mentorships/{first.pk}/"]
    assert "Жукова Алла Денисовна" in titles[f"/mentorships/{second.pk}/"]
