"""Figures the reports take from the roadmaps, surveys and activities apps:
roadmap progress and indicator targets, campaigns and the before/after
comparison, training of mentors, events and best practices. Each function
is a fixed number of queries."""

from collections import defaultdict

from django.db.models import Count, Q, Sum
from django.urls import reverse
from django.utils import timezone

from mentoring import indicators as defs

# --- roadmaps -------------------------------------------------------------------------


def own_wording(name, label):
    """A roadmap indicator's own ``name`` where it differs from the
    ``label`` of the definition it reads (shown beside the label as the
    roadmap's wording), else ""."""
    return name if name.strip().casefold() != label.strip().casefold() else ""


def roadmap_indicators(organization, on_date, *, targets=None):
    """The roadmap's indicators, target vs actual on the date. ``targets``
    ({code: (target, source)}, see mentoring.indicators.targets): an
    indicator read from a definition shows that one target and the verdict
    on it, as every other table of the report does; a manual one (or one
    narrowed to a form of pairs) its own."""
    from roadmaps.indicators import definition_code, definition_param, indicator_rows

    rows = []
    for r in indicator_rows(organization, on_date):
        code = definition_code(r["indicator"])
        target, source, met = r["target"], "дорожная карта организации", r["met"]
        if code is not None and not definition_param(r["indicator"]) and targets:
            if code in targets:
                target, source = targets[code]
            met = defs.get(code).met(r["actual"], target)
        name = r["indicator"].name
        label = defs.get(code).label if code else name
        rows.append(
            {
                # One indicator, one name (issue 17): a figure read from a
                # definition is named by it; the roadmap's own wording, when
                # it differs, is shown beside it as the source's.
                "label": label,
                "name": name,
                "own_name": own_wording(name, label),
                "code": code,
                # Narrowed to one form of pairs: the footnote's definition
                # counts that form only (Definition.narrowed).
                "param": definition_param(r["indicator"]) if code else None,
                "unit": r["indicator"].unit,
                "actual": None if r["actual"] is None else float(r["actual"]),
                "target": None if target is None else float(target),
                "target_source": source,
                "met": met,
            }
        )
    return rows


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
    # The share shown is the "roadmap_done" definition's figure, the one the
    # dashboard, reports and monitoring show (positions due or done by today).
    figure = (
        defs.compute_combined("roadmap_done", [organization.pk], today).value
        if with_progress
        else None
    )
    return {
        "title": roadmap.short_title,
        "progress": with_progress,
        "period": roadmap.period_label,
        "total": total,
        "done": done,
        "overdue": sum(s["overdue"] for s in states.values()),
        "percent": figure,
        # Whole per cent for the bar's width class, never rounded up.
        "bar": int(figure) if figure is not None else 0,
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
            # The rounding of the "survey_participation" definition, whose
            # narrowed text the dashboard shows beside the rate.
            "rate": defs.percent(c.responded, c.invited),
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
    """The before/after comparison of the 'actual' effectiveness campaigns
    against their 'expected' baselines, by question and overall, grouped by
    form of mentoring: with ``role`` ("mentor" or "mentee") the latest
    campaign of the period sent to that role; without, the campaigns the
    effectiveness definitions pool (surveys.indicators.effectiveness_campaigns:
    the latest, and the other role's latest where it was sent to one role) —
    the rows per question and the overall mean are of the same answers.
    ``campaigns``: [{"title", "baseline"}] of the compared campaigns."""
    from surveys.indicators import effectiveness_campaigns, latest_effectiveness
    from surveys.results import before_after_pooled

    on_date = period.end if period is not None else timezone.localdate()
    if role is not None:
        latest = latest_effectiveness(organization.pk, on_date, role=role)
        campaigns = [latest] if latest is not None else []
    else:
        campaigns = effectiveness_campaigns(organization.pk, on_date)
    if not campaigns:
        return None
    after = campaigns[0]
    codes, rows, total = before_after_pooled([(c.baseline, c) for c in campaigns], by="form")
    if not codes:
        return None

    def value(x):
        return _score(x)

    def pair(cell):
        # The change is the difference of the printed (rounded) means.
        return {
            "before": value(cell.before),
            "after": value(cell.after),
            "delta": _change(cell.before, cell.after),
        }

    return {
        "title": after.title,
        "baseline": after.baseline.title,
        "campaigns": [{"title": c.title, "baseline": c.baseline.title} for c in campaigns],
        "url": reverse("surveys:campaign_compare", args=[after.pk]),
        "questions": [
            {
                "text": text,
                **pair(cell),
            }
            for (_code, text), cell in zip(codes, total.cells, strict=True)
        ],
        "overall": pair(total.overall),
        "forms": [
            {
                "label": r.label,
                **pair(r.overall),
            }
            for r in rows
            if not r.hidden
        ],
    }


# --- training, events, practices ------------------------------------------------------


def events_summary(organization, period, on_date=None):
    """Events of the academic year to ``on_date`` by kind (the figures of
    the definitions "events_held" and "events_students_reached" narrowed to
    the kind; pupils reached only for class hours) and the best practices."""
    from mentoring.models.activities import EventKind, Practice, PracticeStatus

    on_date = on_date or min(period.end, timezone.localdate())
    kinds = dict(EventKind.choices)
    held = defs.compute_rows("events_held", organization.pk, on_date, sorted(kinds))
    reached = defs.compute_rows("events_students_reached", organization.pk, on_date, sorted(kinds))
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
        {
            "kind": kinds[code],
            "code": code,
            "count": held[code].value,
            "reached": reached[code].value if code == EventKind.CLASS_HOUR else None,
        }
        for code in sorted(kinds)
        if held[code].value
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


# --- quarterly diagnostics and the table of changes ----------------------------------

NO_DATA = "нет данных"


def _score(value):
    """A mean score as the report prints it: one decimal (surveys.indicators.score)."""
    from surveys.indicators import score

    return score(value)


def _change(previous, current):
    """current − previous of the printed (rounded, :func:`_score`) means, so
    that the change is the difference of the figures beside it; None when
    either is unknown (a missing quarter is "нет данных", never a change
    from 0)."""
    if previous is None or current is None:
        return None
    return _score(current) - _score(previous)


def _mean(total, n):
    return None if not n else _score(float(total) / n)


def _group_order():
    from mentoring.models import TargetGroup

    return {code: (i, label) for i, (code, label) in enumerate(TargetGroup.choices)}


def diagnostics_changes(organization, period):
    """The table of changes after the quarterly diagnostics of competencies
    (a school roadmap: "диагностика 1 раз в четверть … составлены таблицы по
    учёту изменений"), per participant group (TargetGroup of the response).

    The current quarter is the calendar quarter of the latest diagnostics
    campaign (survey kind "diagnostics") whose deadline falls in the period;
    the previous one is the calendar quarter before it, even in the previous
    academic year. Several campaigns of one quarter are pooled. Per group:
    invited and responded people, the mean of all scale answers and the mean
    of each item (matched by code, else text; a group lists the items its
    people answered — pupils and teachers take different diagnostics), at
    both quarters, and the
    change current − previous. A group or quarter without answers has None
    ("нет данных"), and so has its change. In anonymous campaigns a group's
    quarter with fewer than ANONYMITY_THRESHOLD responses is hidden (None,
    ``hidden``). Returns None when no diagnostics ran in the period. Four
    queries.

    {"current": Quarter, "previous": Quarter, "campaigns": [titles],
     "groups": [{"label", "invited": (prev, cur), "responded": (prev, cur),
                 "overall": {"previous", "current", "change"},
                 "items": [{"text", "previous", "current", "change"}],
                 "hidden": bool}],
     "total": {"previous", "current", "change"}}
    """
    from surveys.models import (
        ANONYMITY_THRESHOLD,
        Answer,
        Campaign,
        Invitation,
        QuestionKind,
        Response,
        ResponseStatus,
        SurveyKind,
    )

    from .periods import Quarter

    latest = (
        Campaign.objects.of(organization)
        .filter(
            survey__kind=SurveyKind.DIAGNOSTICS,
            deadline__gte=period.start,
            deadline__lte=period.end,
        )
        .order_by("-deadline", "-pk")
        .first()
    )
    if latest is None:
        return None
    current = Quarter.current(latest.deadline)
    previous = current.previous()
    campaigns = {
        c.pk: c
        for c in Campaign.objects.of(organization).filter(
            survey__kind=SurveyKind.DIAGNOSTICS,
            deadline__gte=previous.start,
            deadline__lte=current.end,
        )
    }

    def moment(campaign_id):
        return "current" if campaigns[campaign_id].deadline >= current.start else "previous"

    invited = defaultdict(int)
    for row in (
        Invitation.objects.filter(campaign_id__in=campaigns)
        .values("campaign_id", "participant__target_group")
        .annotate(n=Count("pk"))
    ):
        invited[(moment(row["campaign_id"]), row["participant__target_group"])] += row["n"]
    responded = defaultdict(int)
    anonymous = defaultdict(bool)
    for row in (
        Response.objects.filter(campaign_id__in=campaigns, status=ResponseStatus.SUBMITTED)
        .values("campaign_id", "target_group")
        .annotate(n=Count("pk"))
    ):
        key = (moment(row["campaign_id"]), row["target_group"])
        responded[key] += row["n"]
        anonymous[key] |= campaigns[row["campaign_id"]].is_anonymous
    sums = defaultdict(lambda: [0, 0])
    texts, order = {}, []
    for row in (
        Answer.objects.filter(
            response__campaign_id__in=campaigns,
            response__status=ResponseStatus.SUBMITTED,
            question__kind=QuestionKind.SCALE,
        )
        .values(
            "response__campaign_id", "response__target_group", "question__code", "question__text"
        )
        .annotate(total=Sum("number"), n=Count("pk"))
        .order_by("response__campaign_id", "question__code", "question__text")
    ):
        item = row["question__code"] or row["question__text"]
        if item not in texts:
            order.append(item)
        texts[item] = row["question__text"]
        when = moment(row["response__campaign_id"])
        for group in (row["response__target_group"], "__all__"):
            for key in (item, "__all__"):
                acc = sums[(when, group, key)]
                acc[0] += row["total"]
                acc[1] += row["n"]

    def hidden(when, group):
        return anonymous[(when, group)] and responded[(when, group)] < ANONYMITY_THRESHOLD

    def mean(when, group, item):
        if group != "__all__" and hidden(when, group):
            return None
        return _mean(*sums.get((when, group, item), (0, 0)))

    def cell(group, item):
        before, after = mean("previous", group, item), mean("current", group, item)
        return {"previous": before, "current": after, "change": _change(before, after)}

    def asked(group):
        # A group's own items: pupils answer the pupils' diagnostics, teachers
        # the teachers'; the other questionnaire's items are not theirs ("нет
        # данных" there would read as a gap). Without any answers: every item.
        own = [i for i in order if any((w, group, i) in sums for w in ("previous", "current"))]
        return own or order

    groups_order = _group_order()
    present = {g for (_w, g) in list(invited) + list(responded) if g in groups_order}
    # The figures of the definitions "diagnostics_score" and
    # "diagnostics_responded" at each quarter's end: the group's overall
    # mean, its people who responded and everyone's mean.
    figures = {
        when: {
            code: defs.compute_rows(code, organization.pk, quarter.end, sorted(present))
            for code in ("diagnostics_score", "diagnostics_responded")
        }
        for when, quarter in (("previous", previous), ("current", current))
    }

    def overall(group):
        before = figures["previous"]["diagnostics_score"][group].value
        after = figures["current"]["diagnostics_score"][group].value
        return {"previous": before, "current": after, "change": _change(before, after)}

    rows = []
    for group in sorted(present, key=lambda g: groups_order[g][0]):
        # Invited but nobody answered is 0; not invited at all is "нет данных".
        was, now = (
            figures[when]["diagnostics_responded"][group].value
            if (when, group) in invited or (when, group) in responded
            else None
            for when in ("previous", "current")
        )
        rows.append(
            {
                "label": groups_order[group][1],
                "invited": (invited.get(("previous", group)), invited.get(("current", group))),
                "responded": (was, now),
                "responded_change": None if was is None or now is None else now - was,
                "code": group,
                "overall": overall(group),
                "items": [{"text": texts[i], **cell(group, i)} for i in asked(group)],
                "hidden": hidden("previous", group) or hidden("current", group),
            }
        )
    return {
        "current": current,
        "previous": previous,
        "campaigns": [
            c.title for c in sorted(campaigns.values(), key=lambda c: (c.deadline, c.pk))
        ],
        "groups": rows,
        "total": overall(None),
    }


def snapshot_changes(organization, period):
    """The organisation's target indicators at the end of the previous and of
    the current quarter, from the quarterly snapshots (roadmaps
    IndicatorSnapshot, taken by ``snapshot_indicators`` in March, June,
    September and December), grouped by participant group (the indicator's
    target group; "Все участники" when it has none).

    The current quarter is the latest quarter of the period with snapshots;
    the previous is the calendar quarter before it. An indicator without a
    snapshot (or with an empty value) in a quarter has None there and no
    change. Returns None without snapshots in the period. Two queries.

    {"current": Quarter, "previous": Quarter,
     "rows": [{"group", "name", "unit", "previous", "current", "change"}]}
    """
    from roadmaps.indicators import definition_code, definition_param
    from roadmaps.models import IndicatorSnapshot

    from .periods import Quarter

    snapshots = IndicatorSnapshot.objects.filter(indicator__organization=organization)
    latest = (
        snapshots.filter(taken_on__gte=period.start, taken_on__lte=period.end)
        .order_by("-year", "-month")
        .values_list("year", "month")
        .first()
    )
    if latest is None:
        return None
    current = Quarter(latest[0], latest[1] // 3)
    previous = current.previous()
    values = defaultdict(dict)
    indicators = {}
    for snap in snapshots.filter(
        Q(year=current.year, month=current.number * 3)
        | Q(year=previous.year, month=previous.number * 3)
    ).select_related("indicator"):
        is_current = (snap.year, snap.month // 3) == (current.year, current.number)
        when = "current" if is_current else "previous"
        values[snap.indicator_id][when] = snap.value
        indicators[snap.indicator_id] = snap.indicator
    groups_order = _group_order()
    rows = []
    for pk, indicator in indicators.items():
        before = values[pk].get("previous")
        after = values[pk].get("current")
        group = groups_order.get(indicator.target_group)
        code = definition_code(indicator)
        label = defs.get(code).label if code else indicator.name
        rows.append(
            {
                "sort": (group[0] if group else -1, indicator.position, pk),
                "group": group[1] if group else "Все участники",
                # Named by its definition, the roadmap's wording beside it
                # (as the report's roadmap section names the indicator).
                "name": label,
                "own_name": own_wording(indicator.name, label),
                # The definition the snapshot took the figure from (None:
                # entered by hand), narrowed to one form of pairs by "param".
                "code": code,
                "param": definition_param(indicator) if code else None,
                "unit": indicator.unit,
                "previous": None if before is None else float(before),
                "current": None if after is None else float(after),
                "change": _change(before, after),
            }
        )
    rows.sort(key=lambda r: r.pop("sort"))
    return {"current": current, "previous": previous, "rows": rows}
