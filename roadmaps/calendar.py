"""Roadmap activities in the personal calendar of the users responsible."""

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
            url=o.roadmap.get_absolute_url(),
        )
        for o in found
    ]
