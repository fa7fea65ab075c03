"""Figures the reports take from the roadmaps, surveys and activities apps:
roadmap progress and indicator targets, campaigns and the before/after
comparison, training of mentors, events and best practices. Each function
is a fixed number of queries."""

from django.db.models import Count, F, Q, Sum
from django.urls import reverse

from mentoring import indicators as defs

from .builders import percent, ratio

# --- roadmaps -------------------------------------------------------------------------


def _occurrences(org_ids):
    from roadmaps.models import Occurrence, OccurrenceStatus, RoadmapStatus

    return Occurrence.objects.filter(
        organization_id__in=org_ids, roadmap__status=RoadmapStatus.APPROVED
    ).exclude(status=OccurrenceStatus.CANCELLED)


def roadmap_summary(organization, today, period=None):
    """Done / overdue positions of the organisation's approved roadmaps."""
    from roadmaps.models import OccurrenceStatus

    queryset = _occurrences([organization.pk])
    if period is not None:
        queryset = queryset.filter(ends_on__gte=period.start, starts_on__lte=period.end)
    stats = queryset.aggregate(
        total=Count("pk"),
        done=Count("pk", filter=Q(status=OccurrenceStatus.DONE)),
        overdue=Count("pk", filter=Q(status=OccurrenceStatus.PLANNED, ends_on__lt=today)),
        due=Count("pk", filter=Q(status=OccurrenceStatus.DONE) | Q(ends_on__lt=today)),
        on_time=Count(
            "pk",
            filter=Q(status=OccurrenceStatus.DONE, done_on__lte=F("ends_on")),
        ),
    )
    if not stats["total"]:
        return None
    stats["percent"] = percent(stats["done"], stats["total"])
    # "In time" is the figure of the "roadmap_on_time" definition, the one
    # the roadmap's indicator and every other page show.
    on_date = min(today, period.end) if period is not None else today
    stats["on_time_percent"] = defs.compute_combined(
        "roadmap_on_time", [organization.pk], on_date
    ).value
    stats["planned"] = stats["total"] - stats["done"] - stats["overdue"]
    return stats


def roadmap_indicators(organization, on_date):
    from roadmaps.indicators import definition_code, indicator_rows

    return [
        {
            "name": r["indicator"].name,
            "code": definition_code(r["indicator"]),
            "unit": r["indicator"].unit,
            "actual": None if r["actual"] is None else float(r["actual"]),
            "target": None if r["target"] is None else float(r["target"]),
            "met": r["met"],
        }
        for r in indicator_rows(organization, on_date)
    ]


def public_roadmap(organization, today, *, with_progress=False):
    """The latest approved roadmap for the public section: numbers, titles and
    deadlines (no people, no evidence); with ``with_progress`` also each row's
    state and the totals, else ``progress`` is False and states are ""."""
    from roadmaps.models import Occurrence, OccurrenceStatus, Roadmap, RoadmapStatus

    roadmap = (
        Roadmap.objects.filter(organization=organization, status=RoadmapStatus.APPROVED)
        .order_by("-period_start", "-approved_on", "-pk")
        .first()
    )
    if roadmap is None:
        return None
    states = {}
    for activity_id, status, ends_on in (
        Occurrence.objects.filter(roadmap=roadmap, organization=organization)
        .exclude(status=OccurrenceStatus.CANCELLED)
        .values_list("activity_id", "status", "ends_on")
    ):
        state = states.setdefault(activity_id, {"total": 0, "done": 0, "overdue": 0})
        state["total"] += 1
        state["done"] += status == OccurrenceStatus.DONE
        state["overdue"] += status == OccurrenceStatus.PLANNED and ends_on < today
    rows = []
    for activity in roadmap.activities.order_by("position"):
        state = states.get(activity.pk)
        if activity.is_stage:
            label = ""
        elif state is None:
            label = "—"
        elif state["done"] == state["total"]:
            label = "выполнено"
        elif state["overdue"]:
            label = "срок прошёл"
        else:
            label = f"выполнено {state['done']} из {state['total']}" if state["done"] else "в плане"
        rows.append(
            {
                "number": activity.number,
                "title": activity.title,
                "deadline": activity.deadline_text,
                "state": label if with_progress else "",
                "is_stage": activity.is_stage,
            }
        )
    total = sum(s["total"] for s in states.values())
    done = sum(s["done"] for s in states.values())
    return {
        "title": roadmap.short_title,
        "progress": with_progress,
        "period": roadmap.period_label,
        "total": total,
        "done": done,
        "overdue": sum(s["overdue"] for s in states.values()),
        "percent": 100 * done // total if total else 0,
        "rows": rows,
    }


# --- surveys ------------------------------------------------------------------------


def open_campaigns(organization, today):
    from surveys.models import Campaign

    campaigns = (
        Campaign.objects.of(organization)
        .open_on(today)
        .annotate(
            invited=Count("invitations", distinct=True),
            responded=Count("invitations", filter=Q(invitations__responded=True), distinct=True),
        )
        .order_by("deadline", "pk")
    )
    return [
        {
            "title": c.title,
            "deadline": c.deadline,
            "invited": c.invited,
            "responded": c.responded,
            "rate": ratio(c.responded, c.invited, 0),
            "url": reverse("surveys:campaign_detail", args=[c.pk]),
        }
        for c in campaigns
    ]


ROLE_LABELS = {"mentor": "Наставники", "mentee": "Наставляемые"}


def effectiveness_by_role(organization, period=None):
    """[{"role": "Наставники"|"Наставляемые", **effectiveness}]: the
    expectations at the start vs the results at the end of mentors and of
    mentees separately (Р-145: questionnaires of the mentor and of the
    mentee), from the latest campaigns sent to that role."""
    result = []
    for role, label in ROLE_LABELS.items():
        data = effectiveness(organization, period, role=role)
        if data:
            result.append({"role": label, **data})
    return result


def effectiveness(organization, period=None, role=None):
    """The before/after comparison of the latest 'actual' effectiveness
    campaign (of the period; sent to ``role`` — "mentor" or "mentee" — when
    given) against its 'expected' baseline: by question and overall,
    grouped by form of mentoring."""
    from surveys.models import Campaign, Moment, SurveyKind
    from surveys.results import before_after

    after = Campaign.objects.of(organization).filter(
        moment=Moment.ACTUAL, baseline__isnull=False, survey__kind=SurveyKind.EFFECTIVENESS
    )
    if period is not None:
        after = after.filter(created_at__date__lte=period.end)
    if role is not None:
        after = after.filter(audience__role=role)
    after = after.select_related("baseline").order_by("-created_at", "-pk").first()
    if after is None:
        return None
    codes, rows, total = before_after(after.baseline, after, by="form")
    if not codes:
        return None

    def value(x):
        return None if x is None else round(float(x), 2)

    return {
        "title": after.title,
        "baseline": after.baseline.title,
        "url": reverse("surveys:campaign_compare", args=[after.pk]),
        "questions": [
            {
                "text": text,
                "before": value(cell.before),
                "after": value(cell.after),
                "delta": value(cell.delta),
            }
            for (_code, text), cell in zip(codes, total.cells, strict=True)
        ],
        "overall": {
            "before": value(total.overall.before),
            "after": value(total.overall.after),
            "delta": value(total.overall.delta),
        },
        "forms": [
            {
                "label": r.label,
                "before": value(r.overall.before),
                "after": value(r.overall.after),
                "delta": value(r.overall.delta),
            }
            for r in rows
            if not r.hidden
        ],
    }


# --- training, events, practices ------------------------------------------------------


def training_summary(organization, period):
    from mentoring.models.activities import ExternalCourse, TrainingGroup, TrainingSession

    groups = TrainingGroup.objects.filter(
        organization=organization, starts_on__lte=period.end
    ).filter(Q(ends_on__isnull=True) | Q(ends_on__gte=period.start))
    sessions = TrainingSession.objects.filter(
        group__in=groups, held_on__gte=period.start, held_on__lte=period.end
    )
    per_group = list(
        groups.annotate(
            sessions_count=Count(
                "sessions",
                filter=Q(sessions__held_on__gte=period.start, sessions__held_on__lte=period.end),
                distinct=True,
            ),
            members_count=Count("members", distinct=True),
        ).values("title", "sessions_count", "members_count")
    )
    courses = ExternalCourse.objects.filter(
        participant__organization=organization, ends_on__gte=period.start, ends_on__lte=period.end
    ).aggregate(n=Count("pk"), hours=Sum("hours"), people=Count("participant_id", distinct=True))
    totals = {
        "groups": len(per_group),
        "sessions": sessions.count(),
        "mentors": groups.aggregate(n=Count("members", distinct=True))["n"],
        "groups_with_two": sum(1 for g in per_group if g["sessions_count"] >= 2),
        "courses": courses["n"],
        "course_hours": courses["hours"] or 0,
        "course_people": courses["people"],
    }
    if not totals["groups"] and not totals["courses"]:
        return None
    return {**totals, "per_group": per_group}


def events_summary(organization, period):
    from mentoring.models.activities import Event, EventKind, Practice, PracticeStatus

    kinds = dict(EventKind.choices)
    events = (
        Event.objects.filter(
            organization=organization, held_on__gte=period.start, held_on__lte=period.end
        )
        .values("kind")
        .annotate(n=Count("pk"), reached=Sum("students_reached"))
        .order_by("kind")
    )
    practices = list(
        Practice.objects.filter(
            organization=organization,
            status__in=[PracticeStatus.APPROVED, PracticeStatus.PUBLISHED],
        )
        .filter(Q(published_at__date__gte=period.start) | Q(decided_at__date__gte=period.start))
        .order_by("-is_winner", "title")
        .values("title", "authors", "is_winner", "status")
    )
    events = [
        {"kind": kinds.get(e["kind"], e["kind"]), "count": e["n"], "reached": e["reached"]}
        for e in events
    ]
    # Reports show the display label, never the stored code ("approved").
    statuses = dict(PracticeStatus.choices)
    for practice in practices:
        practice["status_label"] = statuses.get(practice["status"], practice["status"])
    if not events and not practices:
        return None
    return {"events": events, "practices": practices}


# --- documents ------------------------------------------------------------------------


def approved_regulation(organization):
    """The organisation's approved Положение о наставничестве in force (the
    latest approved), or None; two queries."""
    from documents.models import DocumentStatus, Regulation

    return (
        Regulation.objects.filter(organization=organization, status=DocumentStatus.APPROVED)
        .select_related("order", "approved_version")
        .order_by("-approved_on", "-pk")
        .first()
    )
