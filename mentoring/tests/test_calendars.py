"""The personal calendar feed and «Добавить в календарь» files."""

import datetime

import icalendar
import pytest

from mentoring.factories import make_pair, mentee_participant, mentor_participant
from mentoring.models import CalendarFeed, Event, PlanItem
from mentoring.services.mentorships import meeting_log


@pytest.fixture
def mentor_world(cast):
    mentor = mentor_participant(cast.school, user=cast.mentor)
    mentee = mentee_participant(cast.school, user=cast.mentee)
    pair = make_pair(cast.school, mentor=mentor, mentee=mentee, by=cast.methodist, agreed=True)
    meeting = meeting_log(
        mentorship=pair,
        data={"held_on": pair.planned_start, "format": "in_person", "topic": "Знакомство"},
        attendees=[],
        by=cast.methodist,
    )
    item = pair.program.items.order_by("position").first()
    done = pair.program.items.order_by("position").last()
    PlanItem.objects.filter(pk=done.pk).update(
        status=PlanItem.Status.DONE, done_on=datetime.date.today()
    )
    event = Event.objects.create(
        organization=cast.school,
        kind="seminar",
        title="Семинар наставников",
        held_on=datetime.date.today() + datetime.timedelta(days=10),
        place="Актовый зал",
    )
    event.participants.add(mentor)
    foreign = Event.objects.create(
        organization=cast.other_school,
        kind="seminar",
        title="Чужой семинар",
        held_on=datetime.date.today(),
    )
    return {
        "pair": pair,
        "meeting": meeting,
        "item": item,
        "done": done,
        "event": event,
        "foreign": foreign,
    }


def parse(content):
    calendar = icalendar.Calendar.from_ical(content)
    return {str(e["uid"]).split("@")[0]: e for e in calendar.walk("VEVENT")}


def test_mentor_feed_has_meetings_deadlines_and_events_and_parses_back(
    cast, mentor_world, client_for
):
    client = client_for(cast.mentor)
    assert client.post("/calendar/new/").status_code == 302
    feed = CalendarFeed.objects.get(user=cast.mentor)
    url = f"/calendar/{feed.pk}/{feed.token}.ics"
    client.logout()
    response = client.get(url)  # calendars read it without a session
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    events = parse(response.content)
    meeting = events[f"meeting-{mentor_world['meeting'].pk}"]
    assert str(meeting["summary"]) == "Встреча: Знакомство"
    assert meeting.decoded("dtstart") == mentor_world["meeting"].held_on
    assert meeting.decoded("dtend") == mentor_world["meeting"].held_on + datetime.timedelta(days=1)
    deadline = events[f"plan-item-{mentor_world['item'].pk}"]
    assert deadline.decoded("dtstart") == mentor_world["item"].due_on
    assert f"plan-item-{mentor_world['done'].pk}" not in events  # done items leave the feed
    seminar = events[f"event-{mentor_world['event'].pk}"]
    assert str(seminar["location"]) == "Актовый зал"
    assert f"event-{mentor_world['foreign'].pk}" not in events
    feed.refresh_from_db()
    assert feed.last_read_at is not None


def test_feed_answers_404_after_revocation_and_after_a_new_address(cast, mentor_world, client_for):
    client = client_for(cast.mentor)
    client.post("/calendar/new/")
    feed = CalendarFeed.objects.get(user=cast.mentor)
    old = f"/calendar/{feed.pk}/{feed.token}.ics"
    client.post("/calendar/new/")  # a new address
    feed.refresh_from_db()
    new = f"/calendar/{feed.pk}/{feed.token}.ics"
    assert client.get(old).status_code == 404
    assert client.get(new).status_code == 200
    client.post("/calendar/revoke/")
    assert not CalendarFeed.objects.exists()
    assert client.get(new).status_code == 404


def test_a_forged_token_is_404(cast, client_for):
    feed = CalendarFeed.objects.create(user=cast.mentor, secret=CalendarFeed.new_secret())
    client = client_for(cast.mentee)
    assert client.get(f"/calendar/{feed.pk}/{'0' * 64}.ics").status_code == 404
    assert client.get(f"/calendar/{feed.pk + 1}/{feed.token}.ics").status_code == 404


def test_the_settings_page_shows_the_address_and_upcoming_items(cast, mentor_world, client_for):
    client = client_for(cast.mentor)
    page = client.get("/calendar/")
    assert "Создать адрес календаря" in page.content.decode()
    client.post("/calendar/new/")
    feed = CalendarFeed.objects.get(user=cast.mentor)
    html = client.get("/calendar/").content.decode()
    assert feed.token in html
    assert "Семинар наставников" in html


def test_meeting_and_event_ics_files(cast, mentor_world, client_for):
    pair, meeting = mentor_world["pair"], mentor_world["meeting"]
    response = client_for(cast.mentee).get(
        f"/mentorships/{pair.pk}/meetings/{meeting.pk}/calendar.ics"
    )
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    assert list(parse(response.content)) == [f"meeting-{meeting.pk}"]
    event = mentor_world["event"]
    response = client_for(cast.methodist).get(f"/events/{event.pk}/calendar.ics")
    assert str(parse(response.content)[f"event-{event.pk}"]["summary"]) == "Семинар наставников"


def test_roadmap_activities_and_waiting_questionnaires_join_the_feed(cast, mentor_world):
    from mentoring.calendar import items_for
    from roadmaps.models import Activity, Occurrence, Roadmap
    from surveys.models import Invitation

    uids = {i.uid for i in items_for(cast.mentor)}
    assert f"meeting-{mentor_world['meeting'].pk}" in uids
    # The registered sources of the upper apps are consulted too.
    from mentoring.calendar import SOURCES

    names = {s.__module__ for s in SOURCES}
    assert {"roadmaps.calendar", "surveys.calendar"} <= names
    assert Activity and Occurrence and Roadmap and Invitation


def test_every_link_of_a_mentors_feed_opens_for_the_mentor(cast, mentor_world, client_for):
    """QA: the mentor's feed linked roadmap activities to the roadmap page and
    events to the event page, both closed to a mentor (403)."""
    from urllib.parse import urlsplit

    from roadmaps.models import Occurrence
    from roadmaps.services import roadmap_from_template

    roadmap = roadmap_from_template(
        organization=cast.school, academic_year=datetime.date.today().year
    )
    occurrence = (
        Occurrence.objects.filter(roadmap=roadmap, ends_on__gte=datetime.date.today())
        .order_by("ends_on")
        .first()
    )
    occurrence.activity.responsible_users.add(cast.mentor)
    client = client_for(cast.mentor)
    client.post("/calendar/new/")
    feed = CalendarFeed.objects.get(user=cast.mentor)
    events = parse(client.get(f"/calendar/{feed.pk}/{feed.token}.ics").content)
    assert f"roadmap-occurrence-{occurrence.pk}" in events
    assert f"event-{mentor_world['event'].pk}" in events
    for uid, entry in events.items():
        if "url" in entry:
            path = urlsplit(str(entry["url"])).path
            assert client.get(path).status_code == 200, (uid, path)
