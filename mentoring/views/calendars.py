"""The personal calendar feed (a secret address to subscribe to) and
«Добавить в календарь» files of one meeting or event."""

from django.contrib import messages
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST, require_safe

from ..access import get_event_for, get_mentorship_for, login_only, role_required, staff_required
from ..calendar import event_item, ics_bytes, items_for, meeting_item
from ..models import CalendarFeed
from ..services.notifications import absolute_url
from ..submit_once import submit_once


def _ics_response(content, filename, *, attachment=True):
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    disposition = "attachment" if attachment else "inline"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    return response


def feed_url(feed):
    return absolute_url(reverse("mentoring:calendar_feed", args=[feed.pk, feed.token]))


@login_only
def calendar_settings(request):
    feed = CalendarFeed.objects.filter(user=request.user).first()
    return render(
        request,
        "mentoring/calendar_settings.html",
        {
            "feed": feed,
            "url": feed_url(feed) if feed else "",
            "webcal": feed_url(feed)
            .replace("https://", "webcal://")
            .replace("http://", "webcal://")
            if feed
            else "",
            "upcoming": _upcoming(request.user),
        },
    )


def _upcoming(user):
    today = timezone.localdate()
    return [i for i in items_for(user, today=today) if (i.end or i.start) >= today][:10]


@login_only
@require_POST
@submit_once
def calendar_feed_create(request):
    """Create the address, or replace it (the old one stops working)."""
    with transaction.atomic():
        feed = CalendarFeed.objects.select_for_update().filter(user=request.user).first()
        if feed is None:
            CalendarFeed.objects.create(user=request.user, secret=CalendarFeed.new_secret())
            messages.success(request, "Адрес календаря создан. Добавьте его в свой календарь.")
        else:
            feed.secret = CalendarFeed.new_secret()
            feed.save(update_fields=["secret"])
            messages.success(request, "Создан новый адрес. Старый адрес больше не работает.")
    return redirect("mentoring:calendar_settings")


@login_only
@require_POST
def calendar_feed_revoke(request):
    deleted, _ = CalendarFeed.objects.filter(user=request.user).delete()
    if deleted:
        messages.success(request, "Адрес календаря отключён: календари больше не получат события.")
    return redirect("mentoring:calendar_settings")


@require_safe
def calendar_feed(request, pk, token):
    """The feed itself: no session, the secret address is the key. An unknown
    or revoked address answers 404, as a page that does not exist. HEAD is
    answered too (RFC 9110 § 9.3.2): some calendar apps check the address
    with it before subscribing."""
    feed = get_object_or_404(CalendarFeed.objects.select_related("user"), pk=pk)
    if not feed.token_matches(token) or not feed.user.is_active:
        raise Http404
    CalendarFeed.objects.filter(pk=feed.pk).update(last_read_at=timezone.now())
    name = f"Наставничество — {feed.user.get_full_name() or feed.user.get_username()}"
    response = _ics_response(
        ics_bytes(items_for(feed.user), name=name), "calendar.ics", attachment=False
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex"
    return response


@role_required()
@require_GET
def meeting_ics(request, pk, meeting_pk):
    mentorship = get_mentorship_for(request, pk)
    meeting = get_object_or_404(
        mentorship.meetings.select_related("mentorship__form"), pk=meeting_pk
    )
    return _ics_response(
        ics_bytes([meeting_item(meeting)], name="Встреча наставничества"),
        f"meeting-{meeting.pk}.ics",
    )


@staff_required
@require_GET
def event_ics(request, pk):
    event = get_event_for(request, pk)
    return _ics_response(
        ics_bytes([event_item(event)], name=event.title[:60]), f"event-{event.pk}.ics"
    )
