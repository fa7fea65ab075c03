"""Calendars: a user's private iCalendar feed and single-event .ics files.

Each app registers a source (``@calendar_source``) that yields the dated
things of one user: this app meetings, plan item deadlines and events; the
roadmaps app the activities the user is responsible for; the surveys app the
deadlines of questionnaires waiting for the user's answer. The feed is
iCalendar (RFC 5545) written by the ``icalendar`` library; Yandex Calendar,
Google Calendar and Outlook subscribe to such an address and re-read it
periodically (REFRESH-INTERVAL, RFC 7986 § 5.7, asks for hourly).

Everything here is a whole day (``DTSTART;VALUE=DATE``): meetings, deadlines
and events are recorded as dates. DTEND of an all-day event is exclusive
(RFC 5545 § 3.6.1), hence the day after the last.
"""

import dataclasses
import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Q
from django.utils import timezone
from icalendar import Calendar, Event

from .models import (
    HOLDING_STATUSES,
    STAFF_ROLES,
    Meeting,
    Membership,
    MentorshipStatus,
    Participant,
    PlanItem,
)
from .models import (
    Event as MentoringEvent,
)

PRODID = "-//Наставничество//Календарь//RU"
# How far back the feed reaches: calendars keep what they have read.
HISTORY_DAYS = 120


@dataclass(frozen=True)
class CalendarItem:
    """One all-day entry. ``start`` and ``end`` are dates, ``end`` inclusive
    (None: one day). ``uid`` is stable across reads: calendars update the
    entry instead of duplicating it."""

    uid: str
    summary: str
    start: datetime.date
    end: datetime.date | None = None
    description: str = ""
    url: str = ""
    location: str = ""


SOURCES: list[Callable[[object, datetime.date], Iterable[CalendarItem]]] = []


def calendar_source(source):
    """Register ``source(user, since) -> iterable of CalendarItem``."""
    SOURCES.append(source)
    return source


def items_for(user, *, today=None):
    """Every registered source's items for the user from HISTORY_DAYS ago,
    sorted by date."""
    today = today or timezone.localdate()
    since = today - datetime.timedelta(days=HISTORY_DAYS)
    items = [item for source in SOURCES for item in source(user, since)]
    return sorted(items, key=lambda i: (i.start, i.summary, i.uid))


def _absolute(url):
    if not url or url.startswith(("http://", "https://")):
        return url
    return settings.DJANGO_SITE_URL.rstrip("/") + url


def ics_bytes(items, *, name):
    """An iCalendar document (bytes, UTF-8, CRLF lines) of the items."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("name", name)
    calendar.add("refresh-interval", datetime.timedelta(hours=1), parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", "PT1H")
    stamp = timezone.now()
    host = settings.DJANGO_SITE_URL.split("//")[-1].split("/")[0] or "localhost"
    for item in items:
        event = Event()
        event.add("uid", f"{item.uid}@{host}")
        event.add("dtstamp", stamp)
        event.add("summary", item.summary)
        event.add("dtstart", item.start)
        event.add("dtend", (item.end or item.start) + datetime.timedelta(days=1))
        event.add("transp", "TRANSPARENT")
        if item.description:
            event.add("description", item.description)
        if item.location:
            event.add("location", item.location)
        if item.url:
            event.add("url", _absolute(item.url))
        calendar.add_component(event)
    return calendar.to_ical()


# --- this app's sources -------------------------------------------------------


def _participant_ids(user):
    return list(Participant.objects.filter(user=user).active().values_list("pk", flat=True))


def meeting_item(meeting):
    mentorship = meeting.mentorship
    return CalendarItem(
        uid=f"meeting-{meeting.pk}",
        summary=f"Встреча: {meeting.topic}",
        start=meeting.held_on,
        description=f"{mentorship} ({meeting.get_format_display().lower()})",
        url=mentorship.get_absolute_url(),
    )


def event_item(event):
    return CalendarItem(
        uid=f"event-{event.pk}",
        summary=event.title,
        start=event.held_on,
        description=f"{event.get_kind_display()}. {event.organization.short_name}",
        url=event.get_absolute_url(),
        location=event.place,
    )


@calendar_source
def meetings_and_deadlines(user, since):
    """Meetings of the user's pairs and the open plan items' deadlines."""
    ids = _participant_ids(user)
    if not ids:
        return []
    meetings = (
        Meeting.objects.filter(mentorship__members__participant_id__in=ids, held_on__gte=since)
        .exclude(mentorship__status=MentorshipStatus.TERMINATED)
        .select_related("mentorship__form", "mentorship__organization")
        .distinct()
    )
    # A pair of an organisation the user has no membership in (a head's
    # pair owned by the department) is listed without a link that would
    # answer 404 in the user's organisation.
    member_of = set(Membership.objects.filter(user=user).values_list("organization_id", flat=True))

    def linked(item, mentorship):
        if mentorship.organization_id in member_of:
            return item
        return dataclasses.replace(item, url="")

    items = [linked(meeting_item(m), m.mentorship) for m in meetings]
    plan_items = (
        PlanItem.objects.filter(
            program__mentorship__members__participant_id__in=ids,
            program__mentorship__status__in=HOLDING_STATUSES,
            due_on__gte=since,
        )
        .exclude(status__in=[PlanItem.Status.DONE, PlanItem.Status.CANCELLED])
        .select_related("program__mentorship")
        .distinct()
    )
    items += [
        linked(
            CalendarItem(
                uid=f"plan-item-{item.pk}",
                summary=f"Срок: {item.title}",
                start=item.due_on,
                description=f"Программа наставничества: {item.program.mentorship}",
                url=item.program.mentorship.get_absolute_url(),
            ),
            item.program.mentorship,
        )
        for item in plan_items
    ]
    return items


@calendar_source
def events(user, since):
    """Events the user takes part in or represents the organisation at, and
    for the staff every event of their organisations."""
    ids = _participant_ids(user)
    staff_orgs = set(
        Membership.objects.filter(user=user, role__in=STAFF_ROLES).values_list(
            "organization_id", flat=True
        )
    )
    found = (
        MentoringEvent.objects.filter(held_on__gte=since)
        .filter(
            Q(participants__in=ids) | Q(representatives__in=ids) | Q(organization_id__in=staff_orgs)
        )
        .select_related("organization")
        .distinct()
    )
    # The event page is the staff's: a mentor or mentee gets the entry
    # without a link that would answer 403.
    return [
        event_item(e)
        if e.organization_id in staff_orgs
        else dataclasses.replace(event_item(e), url="")
        for e in found
    ]
