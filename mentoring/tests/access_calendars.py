"""Access table of the personal calendar pages and .ics files."""

from mentoring.factories import make_pair, mentee_participant, mentor_participant
from mentoring.models import CalendarFeed, Event
from mentoring.services.mentorships import meeting_log
from mentoring.tests.access_mentorships import readers
from mentoring.tests.access_table import LOGIN, Entry, everyone, staff_only


def _feed_url(cast):
    feed = CalendarFeed.objects.create(user=cast.mentor, secret=CalendarFeed.new_secret())
    return f"/calendar/{feed.pk}/{feed.token}.ics"


def _meeting_url(cast):
    mentor = mentor_participant(cast.school, user=cast.mentor)
    mentee = mentee_participant(cast.school, user=cast.mentee)
    pair = make_pair(cast.school, mentor=mentor, mentee=mentee, by=cast.methodist, agreed=True)
    meeting = meeting_log(
        mentorship=pair,
        data={"held_on": pair.planned_start, "format": "in_person", "topic": "Знакомство"},
        attendees=[],
        by=cast.methodist,
    )
    return f"/mentorships/{pair.pk}/meetings/{meeting.pk}/calendar.ics"


def _event_url(cast):
    import datetime

    event = Event.objects.create(
        organization=cast.school,
        kind="seminar",
        title="Семинар",
        held_on=datetime.date(2026, 12, 1),
    )
    return f"/events/{event.pk}/calendar.ics"


ACCESS = {
    "mentoring:calendar_settings": Entry(lambda c: "/calendar/", everyone(200)),
    "mentoring:calendar_feed_create": Entry(
        lambda c: "/calendar/new/", everyone(302), method="post"
    ),
    "mentoring:calendar_feed_revoke": Entry(
        lambda c: "/calendar/revoke/", everyone(302), method="post"
    ),
    # The secret address is the key: whoever holds it reads the feed.
    "mentoring:calendar_feed": Entry(_feed_url, everyone(200, anonymous=200)),
    "mentoring:meeting_ics": Entry(_meeting_url, readers()),
    "mentoring:event_ics": Entry(_event_url, staff_only(200)),
}

__all__ = ["ACCESS", "LOGIN"]
