"""Meetings: the date fits the pair; a typo can be corrected or the meeting
removed, and the history keeps both; plan dates from a template keep the day."""

import datetime

from django.utils import timezone

from mentoring.factories import make_pair, mentee_participant, mentor_participant
from mentoring.models import Meeting, Mentorship
from mentoring.services.mentorships import _add_months


def pair_of(cast):
    mentor = mentor_participant(cast.school, user=cast.mentor)
    mentee = mentee_participant(cast.school)
    pair = make_pair(cast.school, mentor=mentor, mentee=mentee, by=cast.methodist, agreed=True)
    Mentorship.objects.filter(pk=pair.pk).update(
        planned_start=timezone.localdate() - datetime.timedelta(days=30)
    )
    pair.refresh_from_db()
    return pair


def post_meeting(client, url, held_on, topic="Знакомство", **extra):
    return client.post(url, {"held_on": held_on, "format": "in_person", "topic": topic, **extra})


def test_meeting_before_the_pair_started_is_refused(cast, client_for):
    pair = pair_of(cast)
    client = client_for(cast.methodist)
    response = post_meeting(client, f"/mentorships/{pair.pk}/meetings/new/", "2020-01-01")
    assert response.status_code == 200
    assert "раньше начала пары" in response.text
    assert not Meeting.objects.exists()
    ok = post_meeting(client, f"/mentorships/{pair.pk}/meetings/new/", timezone.localdate())
    assert ok.status_code == 302 and Meeting.objects.count() == 1


def test_mentor_corrects_and_deletes_a_meeting_with_history(cast, client_for):
    pair = pair_of(cast)
    client = client_for(cast.mentor)
    post_meeting(client, f"/mentorships/{pair.pk}/meetings/new/", timezone.localdate(), "Опечтка")
    meeting = Meeting.objects.get()
    url = f"/mentorships/{pair.pk}/meetings/{meeting.pk}/edit/"
    assert "Опечтка" in client.get(url).text
    post_meeting(client, url, timezone.localdate(), "Опечатка исправлена", version=1)
    meeting.refresh_from_db()
    assert meeting.topic == "Опечатка исправлена"
    client.post(f"/mentorships/{pair.pk}/meetings/{meeting.pk}/delete/")
    assert not Meeting.objects.exists()
    history = list(Meeting.history.order_by("history_date").values_list("history_type", "topic"))
    assert history == [
        ("+", "Опечтка"),
        ("~", "Опечатка исправлена"),
        ("-", "Опечатка исправлена"),
    ]
    assert Meeting.history.filter(history_type="-").get().history_user == cast.mentor


def test_plan_dates_keep_the_day_of_month():
    assert _add_months(datetime.date(2026, 11, 30), 0) == datetime.date(2026, 11, 30)
    assert _add_months(datetime.date(2026, 11, 30), 1) == datetime.date(2026, 12, 30)
    assert _add_months(datetime.date(2027, 1, 31), 1) == datetime.date(2027, 2, 28)
    assert _add_months(datetime.date(2026, 9, 15), 4) == datetime.date(2027, 1, 15)


def test_template_plan_of_a_pair_starting_30_11_starts_30_11(cast):
    mentor = mentor_participant(cast.school)
    from mentoring.services.mentorships import mentorship_propose

    pair = mentorship_propose(
        organization=cast.school,
        form=make_pair(cast.school, by=cast.methodist).form,
        lead_mentor=mentor,
        mentees=[mentee_participant(cast.school)],
        planned_start=datetime.date(2026, 11, 30),
        planned_end=datetime.date(2027, 5, 31),
        by=cast.methodist,
    )
    items = list(pair.program.items.order_by("position"))
    assert items and items[0].starts_on == datetime.date(2026, 11, 30)
    assert min(i.starts_on for i in items) >= datetime.date(2026, 11, 30)


def test_meeting_takes_a_photo_as_evidence_and_refuses_a_disguised_file(cast, client_for):
    from django.core.files.uploadedfile import SimpleUploadedFile

    pair = pair_of(cast)
    client = client_for(cast.mentor)
    url = f"/mentorships/{pair.pk}/meetings/new/"
    data = {"held_on": timezone.localdate().isoformat(), "format": "in_person", "topic": "Урок"}
    fake = SimpleUploadedFile("photo.png", b"MZ\x90\x00 not an image", content_type="image/png")
    refused = client.post(url, {**data, "evidence": fake})
    assert refused.status_code == 200 and not Meeting.objects.exists()
    from mentoring.tests.activity_data import png

    photo = png("photo.png")
    photo.seek(0)
    content = photo.read()
    photo.seek(0)
    assert client.post(url, {**data, "evidence": photo}).status_code == 302
    meeting = Meeting.objects.get()
    assert meeting.evidence
    download = client_for(cast.methodist).get(
        f"/mentorships/{pair.pk}/meetings/{meeting.pk}/evidence/"
    )
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == content
