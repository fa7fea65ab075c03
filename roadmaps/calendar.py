"""Roadmap activities in the personal calendar of the users responsible."""

from django.urls import reverse

from mentoring.calendar import CalendarItem, calendar_source

from .models import Occurrence, OccurrenceStatus


@calendar_source
def responsible_activities(user, since):
    """Planned windows of the roadmap activities the user is responsible
    for, as the days from their start to their deadline."""
    found = (
        Occurrence.objects.filter(
            activity__responsible_users=user,
            status=OccurrenceStatus.PLANNED,
            ends_on__gte=since,
        )
        .select_related("activity", "roadmap")
        .distinct()
    )
    return [
        CalendarItem(
            uid=f"roadmap-occurrence-{o.pk}",
            summary=f"Дорожная карта: {o.activity.title[:120]}",
            start=o.ends_on,
            description=f"{o.roadmap.title[:200]}. Окно выполнения: {o.window_label}",
            # «Мои задачи» opens for every responsible person; the roadmap
            # page is the staff's only (a mentor would get 403).
            url=reverse("roadmaps:my_tasks"),
        )
        for o in found
    ]
