"""My cabinet for mentors and mentees: my pairs, my programme, my meetings.
See mentoring/urls.py for the URL patterns."""

import datetime

from django.shortcuts import render
from django.utils import timezone

from ..access import my_participants, role_required
from ..models import HOLDING_STATUSES, PARTICIPANT_ROLES, Meeting, Mentorship, PlanItem
from ..registries import cabinet_widgets

UPCOMING_DAYS = 30


def work_queue(request, *, meetings=5):
    """The signed-in mentor's or mentee's pairs with their progress, the
    overdue and upcoming plan items of the open ones, and recent meetings.
    Five queries whatever the number of pairs."""
    participants = list(my_participants(request))
    if not participants:
        return {"participants": [], "pairs": [], "overdue": [], "upcoming": [], "meetings": []}
    today = timezone.localdate()
    pairs = list(
        Mentorship.objects.of(request.org)
        .filter(members__participant__in=participants)
        .distinct()
        .with_people()
        .select_related("program")
        .prefetch_related("program__items")
    )
    overdue, upcoming = [], []
    horizon = today + datetime.timedelta(days=UPCOMING_DAYS)
    for pair in pairs:
        program = getattr(pair, "program", None)
        items = list(program.items.all()) if program else []
        pair.progress = program.progress(items) if program else 0
        pair.my_role = next(
            (m.get_role_display() for m in pair.members.all() if m.participant in participants),
            "",
        )
        if pair.status not in HOLDING_STATUSES:
            continue
        for item in items:
            item.mentorship = pair
            if item.is_overdue(today):
                overdue.append(item)
            elif item.status in (PlanItem.Status.PLANNED, PlanItem.Status.IN_PROGRESS) and (
                item.due_on <= horizon
            ):
                upcoming.append(item)
    overdue.sort(key=lambda i: i.due_on)
    upcoming.sort(key=lambda i: i.due_on)
    by_pk = {p.pk: p for p in pairs}
    recent = list(Meeting.objects.filter(mentorship__in=list(by_pk))[:meetings])
    for meeting in recent:
        meeting.pair = by_pk[meeting.mentorship_id]
    return {
        "participants": participants,
        "pairs": pairs,
        "overdue": overdue,
        "upcoming": upcoming,
        "meetings": recent,
        "today": today,
    }


@role_required(*PARTICIPANT_ROLES)
def cabinet(request):
    context = work_queue(request, meetings=10)
    # Blocks of upper apps (the surveys app: questionnaires waiting for me).
    widgets, context["widget_templates"] = cabinet_widgets(request)
    context.update(widgets)
    return render(request, "mentoring/cabinet.html", context)
