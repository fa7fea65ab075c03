"""Reminders about roadmap activities: due within a week, and overdue.

Addressed to the users linked as responsible; an occurrence without a
responsible user is not announced to anyone (the overdue page shows it).
"""

import datetime

from django.urls import reverse

from mentoring.notify import Notice, register, scoped

from .models import Occurrence, OccurrenceStatus

DUE_SOON_DAYS = 7


def _notices(occurrences, kind, state):
    url = reverse("roadmaps:my_tasks")
    rows = occurrences.filter(activity__responsible_users__isnull=False).values(
        "pk",
        "ends_on",
        "activity__title",
        "activity__number",
        "activity__responsible_users",
        "organization_id",
    )
    for row in rows.order_by("ends_on", "pk"):
        title = " ".join((row["activity__title"] or "").split())[:120]
        number = row["activity__number"]
        yield Notice(
            user_id=row["activity__responsible_users"],
            kind=kind,
            key=f"roadmap-occurrence:{row['pk']}:{state}",
            title=f"{number} {title}".strip(),
            url=url,
            due=row["ends_on"],
            organization_id=row["organization_id"],
        )


@register("roadmap_due_soon", "Срок мероприятия дорожной карты через неделю")
def roadmap_due_soon(today, organization_ids=None):
    soon = Occurrence.objects.filter(
        status=OccurrenceStatus.PLANNED,
        ends_on__gte=today,
        ends_on__lte=today + datetime.timedelta(days=DUE_SOON_DAYS),
    )
    yield from _notices(scoped(soon, organization_ids), "roadmap_due_soon", "due-soon")


@register("roadmap_overdue", "Просрочено мероприятие дорожной карты")
def roadmap_overdue(today, organization_ids=None):
    overdue = scoped(Occurrence.objects.overdue(today), organization_ids)
    yield from _notices(overdue, "roadmap_overdue", "overdue")
