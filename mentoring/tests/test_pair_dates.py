"""Dates attached to a pair stay inside the pair's period: meetings (new and
corrected), plan items (new, edited, generated from the template) and the
end of the pair; corrections of a meeting are version-checked."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from mentoring.factories import make_pair, mentee_participant, mentor_participant
from mentoring.models import Meeting, Mentorship, PlanItem
from mentoring.services.mentorships import mentorship_end, mentorship_propose

DAY = datetime.timedelta(days=1)


def period(pair):
    return f"Дата вне срока пары: {pair.planned_start:%d.%m.%Y} – {pair.planned_end:%d.%m.%Y}"


def pair_of(cast, *, start=-60, end=180, **fields):
    """An agreed pair of cast.mentor, planned from today+start to today+end days."""
    today = timezone.localdate()
    mentor = mentor_participant(cast.school, user=cast.mentor)
    pair = make_pair(
        cast.school, mentor=mentor, mentee=mentee_participant(cast.school), by=cast.methodist
    )
    pair = type(pair).objects.get(pk=pair.pk)
    from mentoring.services.mentorships import mentorship_agree

    mentorship_agree(mentorship=pair, by=cast.methodist)
    Mentorship.objects.filter(pk=pair.pk).update(
        planned_start=today + start * DAY, planned_end=today + end * DAY, **fields
    )
    return Mentorship.objects.get(pk=pair.pk)


def meeting_data(held_on, topic="Знакомство", **extra):
    return {"held_on": held_on.isoformat(), "format": "in_person", "topic": topic, **extra}


def test_meeting_dated_years_before_the_pair_is_refused_naming_the_period(cast, client_for):
    pair = pair_of(cast)
    url = f"/mentorships/{pair.pk}/meetings/new/"
    response = client_for(cast.methodist).post(url, meeting_data(datetime.date(2020, 1, 1)))
    assert response.status_code == 200
    assert period(pair) in response.text
    assert not Meeting.objects.exists()


def test_meeting_before_the_actual_start_is_refused_though_after_the_planned_one(cast, client_for):
    today = timezone.localdate()
    pair = pair_of(cast, activated_on=today - 10 * DAY)
    client = client_for(cast.mentor)
    url = f"/mentorships/{pair.pk}/meetings/new/"
    response = client.post(url, meeting_data(today - 20 * DAY))
    assert f"{today - 10 * DAY:%d.%m.%Y}" in response.text
    assert "раньше начала пары" in response.text
    assert not Meeting.objects.exists()
    assert client.post(url, meeting_data(today - 10 * DAY)).status_code == 302
    assert Meeting.objects.count() == 1


def test_meeting_after_the_pairs_planned_end_is_refused(cast, client_for):
    today = timezone.localdate()
    pair = pair_of(cast, start=-60, end=-5)
    url = f"/mentorships/{pair.pk}/meetings/new/"
    response = client_for(cast.mentor).post(url, meeting_data(today - 2 * DAY))
    assert period(pair) in response.text and "позже окончания пары" in response.text
    assert not Meeting.objects.exists()


def test_meeting_in_the_future_is_refused(cast, client_for):
    pair = pair_of(cast)
    url = f"/mentorships/{pair.pk}/meetings/new/"
    response = client_for(cast.mentor).post(url, meeting_data(timezone.localdate() + DAY))
    assert "дата в будущем" in response.text
    assert not Meeting.objects.exists()


def test_correcting_a_meeting_checks_the_date_and_the_version_and_keeps_the_rest(cast, client_for):
    today = timezone.localdate()
    pair = pair_of(cast)
    client = client_for(cast.mentor)
    client.post(
        f"/mentorships/{pair.pk}/meetings/new/",
        meeting_data(today, "Опечтка", duration_minutes=45),
    )
    meeting = Meeting.objects.get()
    url = f"/mentorships/{pair.pk}/meetings/{meeting.pk}/edit/"
    form = client.get(url).text
    assert 'name="version" value="1"' in form and 'value="45"' in form

    outside = client.post(url, meeting_data(datetime.date(2020, 1, 1), "Тема", version=1))
    assert outside.status_code == 200 and period(pair) in outside.text
    meeting.refresh_from_db()
    assert (meeting.held_on, meeting.topic, meeting.version) == (today, "Опечтка", 1)

    ok = client.post(url, meeting_data(today - DAY, "Тема", duration_minutes=45, version=1))
    assert ok.status_code == 302
    meeting.refresh_from_db()
    assert (meeting.held_on, meeting.topic, meeting.version) == (today - DAY, "Тема", 2)

    # A second tab still holding version 1 overwrites nothing.
    stale = client.post(url, meeting_data(today, "Старая вкладка", version=1), follow=True)
    assert "Запись изменил другой пользователь" in stale.text
    meeting.refresh_from_db()
    assert (meeting.topic, meeting.version) == ("Тема", 2)

    missing = client.post(url, meeting_data(today, "Без версии"))
    assert missing.status_code == 200
    meeting.refresh_from_db()
    assert meeting.topic == "Тема"
    assert set(Meeting.history.values_list("history_user", flat=True)) == {cast.mentor.pk}


def plan_data(starts_on, due_on, **extra):
    return {
        "title": "Посещение уроков",
        "starts_on": starts_on.isoformat() if starts_on else "",
        "due_on": due_on.isoformat(),
        "status": PlanItem.Status.PLANNED,
        **extra,
    }


def test_plan_item_outside_the_pairs_planned_period_is_refused(cast, client_for):
    pair = pair_of(cast)
    client = client_for(cast.mentor)
    url = f"/mentorships/{pair.pk}/program/items/new/"
    before = PlanItem.objects.count()
    late = client.post(url, plan_data(None, pair.planned_end + DAY))
    assert late.status_code == 200 and period(pair) in late.text
    early = client.post(url, plan_data(pair.planned_start - DAY, pair.planned_end))
    assert early.status_code == 200 and period(pair) in early.text
    assert PlanItem.objects.count() == before
    ok = client.post(url, plan_data(pair.planned_start, pair.planned_end))
    assert ok.status_code == 302 and PlanItem.objects.count() == before + 1


def test_plan_item_edit_refuses_a_date_moved_outside_but_keeps_old_dates_editable(cast, client_for):
    pair = pair_of(cast)
    item = pair.program.items.order_by("position").first()
    client = client_for(cast.mentor)
    url = f"/mentorships/{pair.pk}/program/items/{item.pk}/edit/"
    moved = client.post(url, plan_data(item.starts_on, pair.planned_end + DAY, version=1))
    assert moved.status_code == 200 and period(pair) in moved.text
    item.refresh_from_db()
    assert item.due_on <= pair.planned_end and item.version == 1
    # The pair's dates move after the plan was written: the item's own
    # (now outside) dates do not block changing its status.
    Mentorship.objects.filter(pk=pair.pk).update(planned_start=item.starts_on + DAY)
    ok = client.post(
        url, plan_data(item.starts_on, item.due_on, version=1, status=PlanItem.Status.IN_PROGRESS)
    )
    assert ok.status_code == 302
    item.refresh_from_db()
    assert item.status == PlanItem.Status.IN_PROGRESS


def test_template_plan_of_a_short_pair_stays_inside_its_period(cast):
    today = timezone.localdate()
    pair = mentorship_propose(
        organization=cast.school,
        form=make_pair(cast.school, by=cast.methodist).form,
        lead_mentor=mentor_participant(cast.school),
        mentees=[mentee_participant(cast.school)],
        planned_start=today,
        planned_end=today + 20 * DAY,
        by=cast.methodist,
    )
    items = list(pair.program.items.all())
    assert len(items) > 2
    for item in items:
        assert today <= item.starts_on <= item.due_on <= today + 20 * DAY


def test_pair_cannot_end_before_it_started(cast):
    today = timezone.localdate()
    pair = pair_of(cast, activated_on=today - 10 * DAY)
    with pytest.raises(ValidationError) as caught:
        mentorship_end(
            mentorship=pair,
            status="terminated",
            reason="Переезд",
            by=cast.methodist,
            on_date=today - 20 * DAY,
        )
    assert "Дата вне срока пары" in caught.value.messages[0]
    pair.refresh_from_db()
    assert pair.status == "agreed" and pair.ended_on is None
