"""Writes of the roadmaps app: import, the standard template, copying,
approval by an order, editing, scheduling and tracking of activities.

Every function takes keyword arguments, checks before it writes and runs in
one transaction: an import that fails half-way leaves nothing behind.
"""

import dataclasses
import datetime
import re

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from mentoring.models import Membership, Order, OrderKind, OrderStatus, Organization
from mentoring.services.orders import order_create, order_defaults
from mentoring.typography import normalize_title, strip_period

from . import standard
from .deadlines import parse_deadline, period_is_calendar
from .models import (
    COLUMN_LABELS,
    TEXT_FIELDS,
    Activity,
    Occurrence,
    OccurrenceStatus,
    Roadmap,
    RoadmapStatus,
    stats_aggregates,
)

_PERIOD_RANGE_RE = re.compile(r"\b((?:19|20)\d{2})\s*[-–—/]\s*((?:19|20)?\d{2})\b")
_PERIOD_YEAR_RE = re.compile(r"\b((?:19|20)\d{2})\b")
# "(сентябрь 2022 г. - май 2024 г.)", "с сентября 2021 года по май 2022 года"
_PERIOD_MONTHS_RE = re.compile(
    r"\b((?:19|20)\d{2})\s*(?:г\.|года?)?\s*(?:[-–—]|по|до)\s*(?:[а-яё]+\s+)?((?:19|20)\d{2})\b",
    re.IGNORECASE,
)
_YEAR_IN_TEXT_RE = re.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)")


# --- period and the command's JSON ---------------------------------------------------


def period_from_title(title):
    """(start year, end year) named in a roadmap title, or None.

    "на 2021-2024 год" → (2021, 2024); "на 2025-2026 учебный год" → (2025, 2026);
    "2022 год" → (2022, 2022), a calendar year; "(сентябрь 2022 г. - май 2024 г.)"
    → (2022, 2024): a range may name its months.
    """
    text = title or ""
    for regex in (_PERIOD_RANGE_RE, _PERIOD_MONTHS_RE):
        match = regex.search(text)
        if match:
            start, end = int(match.group(1)), match.group(2)
            end = int(end) if len(end) == 4 else start // 100 * 100 + int(end)
            if start <= end <= start + 10:
                return start, end
    years = [int(y) for y in _PERIOD_YEAR_RE.findall(text)]
    if len(years) == 1:
        return years[0], years[0]
    return None


def command_json(parsed):
    """The parser's dict in the shape `import_roadmap --json` promises: stages
    without content/indicators/documents, activities without content."""

    def activity(item):
        return {
            "number": item["number"],
            "title": item["title"],
            "deadline_text": item["deadline_text"],
            "responsible": item["responsible"],
            "expected_result": item["expected_result"],
            "indicators": item["indicators"],
            "documents": item["documents"],
            "children": [activity(c) for c in item["children"]],
        }

    return {
        "title": parsed["title"],
        "stages": [
            {
                "number": s["number"],
                "title": s["title"],
                "deadline_text": s["deadline_text"],
                "responsible": s["responsible"],
                "expected_result": s["expected_result"],
                "activities": [activity(a) for a in s["activities"]],
            }
            for s in parsed["stages"]
        ],
    }


def walk_parsed(parsed):
    """(depth, item, has_children) for every stage and activity, in document order."""
    for stage in parsed["stages"]:
        yield 0, stage, bool(stage["activities"])
        yield from _walk_items(stage["activities"], 1)


def _walk_items(items, depth):
    for item in items:
        yield depth, item, bool(item["children"])
        yield from _walk_items(item["children"], depth + 1)


def parsed_counts(parsed):
    rows = list(walk_parsed(parsed))
    return {
        "stages": sum(1 for d, _, _ in rows if d == 0),
        "activities": sum(1 for d, _, _ in rows if d > 0),
    }


# --- building the tree ----------------------------------------------------------------


def _check_period(period_start, period_end):
    if not (2000 <= period_start <= period_end <= 2100):
        raise ValidationError("Укажите период дорожной карты: годы начала и окончания.")
    if period_end - period_start > 10:
        raise ValidationError("Период дорожной карты не может быть длиннее 10 лет.")


def _derive(text, roadmap):
    """(kind, windows) for a deadline phrase within the roadmap's period."""
    if not (text or "").strip():
        return "none", []
    deadline = parse_deadline(
        text,
        period_start=roadmap.period_start,
        period_end=roadmap.period_end,
        calendar=period_is_calendar(roadmap.title),
    )
    return deadline.kind, list(deadline.occurrences)


def _executors(activity, roadmap, assigned=None):
    """Organisations that carry the activity out: its assigned organisations
    on a department's roadmap, else the roadmap's organisation."""
    if assigned is None:
        assigned = list(activity.assigned_organizations.all()) if activity.pk else []
    return assigned or [roadmap.organization]


def _new_occurrences(activity, roadmap, windows, organizations, *, manual=False, skip=()):
    stage_id = activity.stage_id or activity.pk
    return [
        Occurrence(
            activity=activity,
            roadmap=roadmap,
            stage_id=stage_id,
            organization=org,
            starts_on=start,
            ends_on=end,
            is_manual=manual,
        )
        for org in organizations
        for start, end in dict.fromkeys(windows)
        if (org.pk, start, end) not in skip
    ]


def _build_rows(roadmap, rows):
    """Create the activities of ``rows`` [(depth, fields, has_children, extra)]
    and their occurrences. ``extra`` may carry ``windows`` (copied schedule),
    ``users`` and ``organizations``."""
    stack = []  # (depth, activity, effective deadline text)
    occurrences = []
    for position, (depth, fields, has_children, extra) in enumerate(rows, start=1):
        while stack and stack[-1][0] >= depth:
            stack.pop()
        if depth > 0 and not stack:
            raise ValidationError("Мероприятие без этапа: проверьте структуру таблицы.")
        parent = stack[-1][1] if stack else None
        own_text = fields.get("deadline_text", "")
        effective = (own_text.strip() and own_text) or (stack[-1][2] if stack else "")
        tracked = extra.get("tracked", not has_children or bool(own_text.strip()))
        activity = Activity(
            roadmap=roadmap,
            parent=parent,
            stage=(parent.stage or parent) if parent else None,
            position=position,
            depth=depth,
            **{f: fields.get(f) or "" for f in ("number", *TEXT_FIELDS)},
        )
        windows = extra.get("windows")
        if not tracked:
            activity.deadline_kind, windows = "none", []
        elif windows is not None:
            activity.deadline_kind = extra.get("kind") or "manual"
            if not windows and activity.deadline_kind not in ("unparsed", "none"):
                activity.deadline_kind = "unparsed"
        else:
            activity.deadline_kind, windows = _derive(effective, roadmap)
        activity.is_tracked = tracked
        activity.full_clean(exclude=["roadmap", "parent", "stage"])
        activity.save()
        if extra.get("users"):
            activity.responsible_users.set(extra["users"])
        organizations = extra.get("organizations") or []
        if organizations:
            activity.assigned_organizations.set(organizations)
        if windows:
            occurrences += _new_occurrences(
                activity,
                roadmap,
                windows,
                _executors(activity, roadmap, organizations),
                manual=activity.deadline_kind == "manual",
            )
        stack.append((depth, activity, effective))
    Occurrence.objects.bulk_create(occurrences)


def _columns_of(rows):
    return [
        key
        for key in COLUMN_LABELS
        if any((fields.get(key) or "").strip() for _, fields, _, _ in rows)
    ]


@transaction.atomic
def roadmap_import(
    *,
    organization,
    parsed,
    period_start,
    period_end,
    source_name="",
    title=None,
    by=None,
    source_sha256="",
    replace=None,
    remove_reported=False,
):
    """Save a parsed roadmap (see roadmaps.importing) as a draft, all or nothing.

    ``source_sha256`` (hex) remembers the file so that a repeated upload is
    recognised (`same_file_roadmaps`). ``replace`` is a draft roadmap of the
    same organisation to update from the file instead of creating a new one:
    it keeps its id (links to it stay valid) and gets the file's title, period
    and rows; see `_update_rows` for which activities keep their ids, dates
    and evidence. ValidationError when it is approved or of another
    organisation. Old activities absent from the new version are deleted;
    when some of them have reported work (see `roadmap_update_removals`) the
    update is refused with `RemovesReportedError`, nothing changed, unless
    ``remove_reported`` is True, or a collection of the activity ids the user
    agreed to delete (those listed in the preview) holding every one of them:
    work reported after the preview is never deleted unseen. Returns the saved
    roadmap."""
    if replace is not None:
        replace = Roadmap.objects.select_for_update().get(pk=replace.pk)
        if replace.organization_id != organization.pk:
            raise ValidationError("Заменить можно только дорожную карту своей организации.")
        if not replace.is_draft:
            raise ValidationError("Утверждённую дорожную карту обновить из файла нельзя.")
    _check_period(period_start, period_end)
    rows = _rows_of(parsed)
    if not rows:
        raise ValidationError("В таблице не найдено ни одного этапа или мероприятия.")
    if replace is not None:
        removals = _removals(replace, rows)
        reported = [r for r in removals if r.has_work]
        if remove_reported is not True:
            agreed = set(remove_reported or ())
            unseen = [r for r in reported if r.activity.pk not in agreed]
            if unseen:
                raise RemovesReportedError(unseen, seen=bool(agreed))
        return _roadmap_update_from(
            roadmap=replace,
            parsed=parsed,
            rows=rows,
            period_start=period_start,
            period_end=period_end,
            source_name=source_name,
            title=title,
            source_sha256=source_sha256,
        )
    roadmap = Roadmap(
        organization=organization,
        title=(title or parsed["title"] or "Дорожная карта").strip(),
        period_start=period_start,
        period_end=period_end,
        columns=_columns_of(rows),
        source_name=(source_name or "")[:200],
        source_sha256=source_sha256 or "",
        created_by=by,
    )
    roadmap.full_clean()
    roadmap.save()
    _build_rows(roadmap, rows)
    return roadmap


def _rows_of(parsed):
    return [
        (depth, {**item, "number": item["number"] or ""}, has_children, {})
        for depth, item, has_children in walk_parsed(parsed)
    ]


@dataclasses.dataclass(frozen=True)
class Removal:
    """An activity of a roadmap that an update from a file would delete.

    ``reported``: its occurrences someone reported on (done, cancelled, or
    with a comment, link or file); ``people``: names of its responsible users
    and assigned organisations. Either makes it an activity "with reports"
    that is deleted only when the user says so explicitly. ``stage``: the
    number and title of the activity's stage ("" for a stage row), which tells
    apart rows numbered within their stage ("3" in stages 1 and 2)."""

    activity: Activity
    reported: int
    people: tuple
    stage: str = ""

    @property
    def has_work(self):
        return bool(self.reported or self.people)


class RemovesReportedError(ValidationError):
    """The update from a file would delete activities with reported work
    (``removals``: a list of `Removal`); nothing was changed. ``seen``: the
    user had agreed to delete other rows with reports, these got their reports
    (or people) after the preview was shown."""

    def __init__(self, removals, seen=False):
        self.removals = removals
        self.seen = seen
        names = "; ".join(
            f"«{_removal_label(r.activity)}»" + (f" (этап «{r.stage}»)" if r.stage else "")
            for r in removals[:5]
        )
        more = f" и ещё {len(removals) - 5}" if len(removals) > 5 else ""
        super().__init__(
            "В новой версии файла нет мероприятий, по которым уже есть отчёты или "
            f"назначены ответственные ({len(removals)}): {names}{more}."
        )


def _removal_label(activity):
    title = " ".join(activity.title.split())
    if len(title) > 80:
        title = title[:79] + "…"
    return f"{activity.number} {title}".strip() or "(без названия)"


def roadmap_update_removals(*, roadmap, parsed):
    """The activities of ``roadmap`` that updating it from ``parsed`` would
    delete (no row of the new version matches them, see `_match_existing`),
    in document order, as `Removal` items. Three queries."""
    return _removals(roadmap, _rows_of(parsed))


def _removals(roadmap, rows):
    existing = list(
        roadmap.activities.order_by("position").prefetch_related(
            "occurrences", "responsible_users", "assigned_organizations"
        )
    )
    matched = {a.pk for a in _match_existing(existing, rows).values()}
    by_pk = {a.pk: a for a in existing}
    out = []
    for a in existing:
        if a.pk in matched:
            continue
        occurrences = list(a.occurrences.all())
        people = tuple(
            [u.get_full_name() or u.get_username() for u in a.responsible_users.all()]
            + [o.short_name or o.name for o in a.assigned_organizations.all()]
        )
        out.append(
            Removal(
                activity=a,
                reported=len(occurrences) - len(_untouched(occurrences)),
                people=people,
                stage=_removal_label(by_pk[a.stage_id]) if a.stage_id in by_pk else "",
            )
        )
    return out


def _roadmap_update_from(
    *, roadmap, parsed, rows, period_start, period_end, source_name, title, source_sha256
):
    """Replace the contents of a draft ``roadmap`` with ``rows`` in place (the
    caller holds the row lock and the transaction)."""
    roadmap.title = (title or parsed["title"] or roadmap.title or "Дорожная карта").strip()
    period_changed = (roadmap.period_start, roadmap.period_end) != (period_start, period_end)
    roadmap.period_start, roadmap.period_end = period_start, period_end
    roadmap.columns = _columns_of(rows)
    roadmap.source_name = (source_name or "")[:200]
    roadmap.source_sha256 = source_sha256 or ""
    roadmap.full_clean()
    roadmap.save()
    _update_rows(roadmap, rows, period_changed=period_changed)
    return roadmap


def _match_key_title(text):
    return " ".join((text or "").lower().replace("ё", "е").split())


def _match_existing(existing, rows):
    """{index in ``rows``: existing Activity} for rows that continue an
    activity of the old version: the same number and title first, then the
    same title (each when no other old row has it), then a title repeated in
    several stages within the same stage title, then the remaining rows of a
    repeated title in document order when both versions have as many of them,
    then the same number. Each old activity is matched at most once and only
    at the same depth kind (stage or activity). A number alone never pairs two
    rows when either title is still in the other version: that row moved, it
    was not renamed, so its reports stay with its title."""
    matched = {}
    free = {a.pk: a for a in existing}
    by_pk = {a.pk: a for a in existing}

    def is_stage(index):
        return rows[index][0] == 0

    def take(index, candidates):
        for a in candidates:
            if a.pk in free and (a.depth == 0) == is_stage(index):
                matched[index] = free.pop(a.pk)
                return

    stage_of_row, current = [], ""
    for depth, fields, _children, _extra in rows:
        if depth == 0:
            current = _match_key_title(fields.get("title"))
        stage_of_row.append("" if depth == 0 else current)

    def old_stage_title(a):
        stage = by_pk.get(a.stage_id) if a.stage_id else None
        return _match_key_title(stage.title) if stage else ""

    # The title before the number: a row inserted in the middle renumbers the
    # rows below it, their texts stay.
    passes = (
        lambda f, _s: (f["number"], _match_key_title(f.get("title"))),
        lambda f, _s: ("title", _match_key_title(f.get("title"))) if f.get("title") else None,
        lambda f, s: ("staged", s, _match_key_title(f.get("title"))) if f.get("title") else None,
    )
    for key_of in passes:
        by_key = {}
        for a in existing:
            key = key_of({"number": a.number, "title": a.title}, old_stage_title(a))
            if key is not None:
                by_key.setdefault(key, []).append(a)
        for index, (_depth, fields, _children, _extra) in enumerate(rows):
            if index in matched:
                continue
            key = key_of(fields, stage_of_row[index])
            if key is not None and len(by_key.get(key, [])) == 1:
                take(index, by_key[key])
    # A title still repeated: pair in document order when the counts agree.
    old_by_title, new_by_title = {}, {}
    for a in existing:
        if a.pk in free and a.title.strip():
            old_by_title.setdefault((a.depth == 0, _match_key_title(a.title)), []).append(a)
    for index, (_depth, fields, _children, _extra) in enumerate(rows):
        if index not in matched and (fields.get("title") or "").strip():
            key = (is_stage(index), _match_key_title(fields["title"]))
            new_by_title.setdefault(key, []).append(index)
    for key, indexes in new_by_title.items():
        olds = old_by_title.get(key, [])
        if len(olds) == len(indexes):
            for index, a in zip(indexes, olds, strict=True):
                take(index, [a])
    old_titles = {_match_key_title(a.title) for a in existing}
    new_titles = {_match_key_title(fields.get("title")) for _d, fields, _c, _e in rows}
    by_number = {}
    for a in existing:
        if a.number:
            by_number.setdefault(a.number, []).append(a)
    for index, (_depth, fields, _children, _extra) in enumerate(rows):
        candidates = by_number.get(fields["number"], []) if fields["number"] else []
        if index in matched or len(candidates) != 1:
            continue
        title = _match_key_title(fields.get("title"))
        old_title = _match_key_title(candidates[0].title)
        if title != old_title and (title in old_titles or old_title in new_titles):
            continue
        take(index, candidates)
    return matched


def _update_rows(roadmap, rows, *, period_changed):
    """Rebuild the activities of an existing draft roadmap from ``rows`` (see
    `_build_rows`) keeping what can be kept.

    An old activity matched to a new row (`_match_existing`) keeps its id, its
    responsible users and assigned organisations, and every occurrence someone
    reported on (done, cancelled, or with a comment, link or file); its
    untouched occurrences follow the new deadline. Dates set by hand stay
    while the deadline phrase and the period do not change. Old activities
    without a match are deleted with their occurrences."""
    existing = list(
        roadmap.activities.order_by("position").prefetch_related(
            "occurrences", "assigned_organizations"
        )
    )
    matched = _match_existing(existing, rows)
    # Free the positions 1..n: the (roadmap, position) pair is unique.
    offset = max([a.position for a in existing] + [len(rows)]) + 1
    roadmap.activities.update(position=F("position") + offset)
    stack = []  # (depth, activity, effective deadline text)
    created = []
    for position, (depth, fields, has_children, _extra) in enumerate(rows, start=1):
        while stack and stack[-1][0] >= depth:
            stack.pop()
        if depth > 0 and not stack:
            raise ValidationError("Мероприятие без этапа: проверьте структуру таблицы.")
        parent = stack[-1][1] if stack else None
        own_text = fields.get("deadline_text", "")
        effective = (own_text.strip() and own_text) or (stack[-1][2] if stack else "")
        tracked = not has_children or bool(own_text.strip())
        old = matched.get(position - 1)
        activity = old or Activity(roadmap=roadmap)
        keep_manual = (
            old is not None
            and old.deadline_kind == "manual"
            and old.is_tracked
            and tracked
            and old.deadline_text == (own_text or "")
            and not period_changed
        )
        activity.parent = parent
        activity.stage = (parent.stage or parent) if parent else None
        activity.position = position
        activity.depth = depth
        for f in ("number", *TEXT_FIELDS):
            setattr(activity, f, fields.get(f) or "")
        windows = []
        if not tracked:
            activity.deadline_kind = "none"
        elif not keep_manual:
            activity.deadline_kind, windows = _derive(effective, roadmap)
        activity.is_tracked = tracked
        activity.full_clean(exclude=["roadmap", "parent", "stage"])
        activity.save()
        if old is None:
            created.append((activity, windows))
        elif not keep_manual:
            _sync_occurrences(activity, roadmap, windows)
        stack.append((depth, activity, effective))
    kept = [a.pk for a in matched.values()]
    for a in matched.values():
        Occurrence.objects.filter(activity=a).update(stage_id=a.stage_id or a.pk)
    roadmap.activities.exclude(pk__in=[*kept, *(a.pk for a, _ in created)]).delete()
    Occurrence.objects.bulk_create(
        [
            o
            for activity, windows in created
            for o in _new_occurrences(activity, roadmap, windows, [roadmap.organization])
        ]
    )


def _sync_occurrences(activity, roadmap, windows):
    """Make the untouched occurrences of ``activity`` the ``windows`` for each
    executor: those already there stay (same ids), others are deleted or
    added; reported occurrences always stay."""
    existing = list(activity.occurrences.all())
    loose = {o.pk for o in _untouched(existing)}
    executors = _executors(activity, roadmap)
    wanted = {(org.pk, start, end) for org in executors for start, end in windows}
    stale = [
        o.pk
        for o in existing
        if o.pk in loose and (o.organization_id, o.starts_on, o.ends_on) not in wanted
    ]
    Occurrence.objects.filter(pk__in=stale).delete()
    have = {(o.organization_id, o.starts_on, o.ends_on) for o in existing if o.pk not in stale}
    Occurrence.objects.bulk_create(
        _new_occurrences(activity, roadmap, windows, executors, skip=have)
    )


def same_title_roadmaps(organization, title, period):
    """Draft roadmaps of the organisation with this title (case, ё and spaces
    aside) and ``period`` (start year, end year): a file with that title is
    most likely their new version. A list, oldest first; [] without a title."""
    key = _match_key_title(title)
    if not key or not period:
        return []
    candidates = Roadmap.objects.filter(
        organization=organization,
        period_start=period[0],
        period_end=period[1],
        status=RoadmapStatus.DRAFT,
    ).order_by("pk")
    return [r for r in candidates if _match_key_title(r.title) == key]


def same_file_roadmaps(organization, source_sha256):
    """Roadmaps of the organisation imported from a file with this SHA-256."""
    if not source_sha256:
        return Roadmap.objects.none()
    return Roadmap.objects.filter(organization=organization, source_sha256=source_sha256)


@transaction.atomic
def roadmap_from_template(*, organization, academic_year, by=None):
    """A draft roadmap of the seven standard stages for one academic year."""
    _check_period(academic_year, academic_year + 1)
    roadmap = Roadmap(
        organization=organization,
        title=standard.TITLE.format(start=academic_year, end=academic_year + 1),
        period_start=academic_year,
        period_end=academic_year + 1,
        columns=list(standard.COLUMNS),
        created_by=by,
    )
    roadmap.full_clean()
    roadmap.save()
    rows = [
        (0, {**stage, "number": str(n)}, False, {})
        for n, stage in enumerate(standard.STAGES, start=1)
    ]
    _build_rows(roadmap, rows)
    return roadmap


def _shift_date(day, years):
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def shift_years_in_text(text, years):
    """ "До 25.10.2021" → "До 25.10.2022": four-digit years move with the copy."""
    return _YEAR_IN_TEXT_RE.sub(lambda m: str(int(m.group(1)) + years), text or "")


@transaction.atomic
def roadmap_copy(*, roadmap, by=None, years=1):
    """A draft copy of a roadmap for the next period: the same rows, years in
    the title and deadlines moved on, every dated window shifted by ``years``,
    statuses and evidence left behind."""
    source = Roadmap.objects.get(pk=roadmap.pk)
    copy = Roadmap(
        organization=source.organization,
        title=shift_years_in_text(source.title, years),
        period_start=source.period_start + years,
        period_end=source.period_end + years,
        columns=list(source.columns),
        source_name=source.source_name,
        copied_from=source,
        created_by=by,
    )
    copy.full_clean()
    copy.save()
    activities = list(
        source.activities.order_by("position").prefetch_related(
            "responsible_users", "assigned_organizations", "occurrences"
        )
    )
    rows = []
    for a in activities:
        fields = {f: getattr(a, f) for f in ("number", *TEXT_FIELDS)}
        fields["deadline_text"] = shift_years_in_text(a.deadline_text, years)
        windows = sorted(
            {
                (_shift_date(o.starts_on, years), _shift_date(o.ends_on, years))
                for o in a.occurrences.all()
            }
        )
        extra = {
            "windows": windows,
            "kind": a.deadline_kind,
            "tracked": a.is_tracked,
            "users": list(a.responsible_users.all()),
            "organizations": list(a.assigned_organizations.all()),
        }
        rows.append((a.depth, fields, False, extra))
    _build_rows(copy, rows)
    return copy


@transaction.atomic
def roadmap_delete(*, roadmap, by=None):
    if not roadmap.is_draft:
        raise ValidationError("Утверждённую дорожную карту удалить нельзя.")
    roadmap.delete()


# --- approval by an order ------------------------------------------------------------


def roadmap_approval_point(roadmap):
    """'Утвердить дорожную карту реализации … на 2021–2024 годы (приложение).'

    The imported title is normalised for quoting (mentoring.typography): no
    nested «««», no capitals carried over from a table heading, the period
    named once, a leading «Дорожная карта» merged with the verb's object.
    """
    title, period = strip_period(normalize_title(roadmap.title))
    bare = title.strip("„“ ")
    if period is None:
        period = roadmap.period_label
        period = f"на {period} годы" if "–" in period else f"на {period}"
    lowered = bare.lower()
    if lowered.startswith("дорожная карта"):
        rest = title[title.lower().index("дорожная карта") + len("дорожная карта") :]
        rest = rest.lstrip("“» ,.")
        text = f"дорожную карту {rest}".strip() if rest else "дорожную карту"
    else:
        text = f"дорожную карту «{title}»" if title else "дорожную карту"
    return f"Утвердить {text} {period} (приложение)."


@transaction.atomic
def roadmap_order_create(*, roadmap, by):
    """Draft an order "Об утверждении дорожной карты" for a draft roadmap.
    The roadmap becomes approved when the director approves that order."""
    locked = Roadmap.objects.select_for_update().get(pk=roadmap.pk)
    if not locked.is_draft:
        raise ValidationError("Дорожная карта уже утверждена.")
    if locked.order_id and locked.order.status != OrderStatus.APPROVED:
        return locked.order
    data = order_defaults(OrderKind.ROADMAP)
    data["points"][0] = roadmap_approval_point(locked)
    order = order_create(organization=locked.organization, kind=OrderKind.ROADMAP, data=data, by=by)
    locked.order = order
    locked.save(update_fields=["order"])
    return order


def roadmap_approved_by_order(*, order, by=None):
    """Called by mentoring.services.orders.order_approve for a ROADMAP order,
    inside its transaction: the roadmaps of the order become approved."""
    Roadmap.objects.filter(order=order, status=RoadmapStatus.DRAFT).update(
        status=RoadmapStatus.APPROVED, approved_on=order.signed_on
    )


def roadmap_order(roadmap):
    return Order.objects.filter(pk=roadmap.order_id).first() if roadmap.order_id else None


# --- editing and scheduling ----------------------------------------------------------


def _untouched(occurrences):
    """Occurrences nobody has reported on: safe to replace by a new schedule."""
    return [
        o
        for o in occurrences
        if o.status == OccurrenceStatus.PLANNED and not (o.comment or o.link or o.evidence)
    ]


def _reschedule(activity, windows, *, manual):
    """Replace the untouched occurrences with ``windows`` for every executor;
    reported ones stay."""
    roadmap = activity.roadmap
    existing = list(activity.occurrences.all())
    loose = _untouched(existing)
    Occurrence.objects.filter(pk__in=[o.pk for o in loose]).delete()
    kept = {(o.organization_id, o.starts_on, o.ends_on) for o in existing if o not in loose}
    Occurrence.objects.bulk_create(
        _new_occurrences(
            activity, roadmap, windows, _executors(activity, roadmap), manual=manual, skip=kept
        )
    )


def _current_windows(activity):
    if activity.deadline_kind == "manual":
        return sorted({(o.starts_on, o.ends_on) for o in activity.occurrences.all()})
    text = activity.deadline_text
    node = activity
    while not text.strip() and node.parent_id:
        node = node.parent
        text = node.deadline_text
    return _derive(text, activity.roadmap)[1]


@transaction.atomic
def activity_update(*, activity, data, by=None):
    """Edit the texts of a row of a draft roadmap; a changed deadline phrase
    re-derives the schedule (dates set by hand stay if the new phrase is not
    understood)."""
    activity = Activity.objects.select_related("roadmap").select_for_update().get(pk=activity.pk)
    if not activity.roadmap.is_draft:
        raise ValidationError(
            "Дорожная карта утверждена приказом: текст мероприятий не меняется. "
            "Сроки, ответственных и выполнение отмечать можно."
        )
    old_text = activity.deadline_text
    for field in (*TEXT_FIELDS, "number"):
        if field in data:
            setattr(activity, field, (data[field] or "").strip())
    activity.full_clean()
    activity.save()
    if activity.deadline_text != old_text and activity.is_tracked:
        kind, windows = _derive(activity.deadline_text, activity.roadmap)
        if windows or activity.deadline_kind != "manual":
            activity.deadline_kind = kind
            activity.save(update_fields=["deadline_kind"])
            _reschedule(activity, windows, manual=False)
    return activity


@transaction.atomic
def activity_set_dates(*, activity, windows, by=None):
    """Dates given by hand (a phrase like "по отдельному графику")."""
    windows = sorted(set(windows))
    if not windows:
        raise ValidationError("Укажите хотя бы один срок.")
    start, end = activity.roadmap.period_bounds
    for a, b in windows:
        if a > b:
            raise ValidationError("Начало срока позже его окончания.")
        if b < start - datetime.timedelta(days=366) or a > end + datetime.timedelta(days=366):
            raise ValidationError(
                f"Срок {a:%d.%m.%Y} – {b:%d.%m.%Y} далеко за пределами периода дорожной карты."
            )
    activity = Activity.objects.select_related("roadmap").select_for_update().get(pk=activity.pk)
    activity.deadline_kind = "manual"
    activity.is_tracked = True
    activity.save(update_fields=["deadline_kind", "is_tracked"])
    _reschedule(activity, windows, manual=True)
    return activity


@transaction.atomic
def activity_set_people(*, activity, users, organizations=None, by=None):
    """Link responsible users (members of the roadmap's organisation or, on a
    department's roadmap, of its assigned organisations) and, on a
    department's roadmap, the organisations that carry the activity out."""
    activity = Activity.objects.select_related("roadmap__organization").get(pk=activity.pk)
    roadmap = activity.roadmap
    organizations = list(organizations or [])
    if organizations:
        if not roadmap.is_municipal:
            raise ValidationError("Организации назначаются только в дорожной карте департамента.")
        below = Organization.descendant_ids([roadmap.organization_id])
        if any(o.pk not in below for o in organizations):
            raise ValidationError("Можно назначить только подведомственные организации.")
    allowed_orgs = {roadmap.organization_id, *(o.pk for o in organizations)}
    member_ids = set(
        Membership.objects.filter(
            organization_id__in=allowed_orgs, user__in=[u.pk for u in users]
        ).values_list("user_id", flat=True)
    )
    if any(u.pk not in member_ids for u in users):
        raise ValidationError("Ответственным можно назначить только сотрудника организации.")
    activity.responsible_users.set(users)
    if roadmap.is_municipal:
        before = {o.pk for o in activity.assigned_organizations.all()}
        after = {o.pk for o in organizations}
        if before != after:
            windows = _current_windows(activity)
            executors_after = after or {roadmap.organization_id}
            gone = activity.occurrences.exclude(organization_id__in=executors_after)
            if any(o not in _untouched([o]) for o in gone):
                raise ValidationError(
                    "Организация уже отчиталась по этому мероприятию: снять её нельзя."
                )
            gone.delete()
            activity.assigned_organizations.set(organizations)
            if activity.is_tracked and windows:
                _reschedule(activity, windows, manual=activity.deadline_kind == "manual")
    return activity


# --- tracking ----------------------------------------------------------------------------


@transaction.atomic
def occurrence_mark_done(
    *, occurrence, done_on, comment="", link="", evidence=None, evidence_name="", by
):
    """Mark one occurrence done on a date with evidence (a file, a link or a
    comment; the file is already checked by mentoring.uploads.validate_upload
    and carries a safe name)."""
    locked = Occurrence.objects.select_for_update().get(pk=occurrence.pk)
    today = timezone.localdate()
    if done_on is None:
        raise ValidationError("Укажите дату выполнения.")
    if done_on > today:
        raise ValidationError("Дата выполнения не может быть в будущем.")
    comment, link = (comment or "").strip(), (link or "").strip()
    if not (comment or link or evidence or locked.evidence):
        raise ValidationError("Приложите подтверждение: файл, ссылку или комментарий.")
    locked.status = OccurrenceStatus.DONE
    locked.done_on = done_on
    locked.comment, locked.link = comment, link
    if evidence is not None:
        if locked.evidence:
            locked.evidence.delete(save=False)
        locked.evidence.save(evidence.name, evidence, save=False)
        locked.evidence_name = (evidence_name or "")[:200]
    locked.done_by = by
    locked.full_clean()
    locked.save()
    return locked


@transaction.atomic
def occurrence_reopen(*, occurrence, by):
    locked = Occurrence.objects.select_for_update().get(pk=occurrence.pk)
    locked.status, locked.done_on, locked.done_by = OccurrenceStatus.PLANNED, None, by
    locked.save(update_fields=["status", "done_on", "done_by", "updated_at"])
    return locked


@transaction.atomic
def occurrence_cancel(*, occurrence, comment, by):
    if not (comment or "").strip():
        raise ValidationError("Напишите, почему мероприятие не требуется.")
    locked = Occurrence.objects.select_for_update().get(pk=occurrence.pk)
    locked.status, locked.done_on = OccurrenceStatus.CANCELLED, None
    locked.comment, locked.done_by = comment.strip(), by
    locked.save(update_fields=["status", "done_on", "comment", "done_by", "updated_at"])
    return locked


# --- progress -------------------------------------------------------------------------------


def _with_percentages(row):
    from .models import percent

    row = dict(row)
    row["percent"] = percent(row["done"], row["total"])
    row["on_time_percent"] = percent(row["on_time"], row["due"])
    # "Выполнено к дате" (definition roadmap_done): done over the positions
    # whose term has come or which are done — not over all positions.
    row["due_percent"] = percent(row["done"], row["due"])
    return row


def roadmap_progress(roadmap, *, today=None, organization=None):
    """Per cent done overall and per stage, overdue counts and the share done
    on time — one GROUP BY query. ``organization`` limits it to the part of
    one executing organisation (a department's roadmap)."""
    today = today or timezone.localdate()
    occurrences = Occurrence.objects.filter(roadmap=roadmap).counted()
    if organization is not None:
        occurrences = occurrences.filter(organization=organization)
    rows = occurrences.values("stage_id").annotate(**stats_aggregates(today)).order_by()
    keys = ("total", "done", "overdue", "due", "on_time")
    overall = dict.fromkeys(keys, 0)
    stages = {}
    for row in rows:
        stages[row["stage_id"]] = _with_percentages(row)
        for key in keys:
            overall[key] += row[key]
    return {"overall": _with_percentages(overall), "stages": stages}


def roadmap_rollup(roadmap, *, today=None):
    """Completion per executing organisation of a department's roadmap."""
    today = today or timezone.localdate()
    rows = (
        Occurrence.objects.filter(roadmap=roadmap)
        .counted()
        .values("organization_id", "organization__short_name")
        .annotate(**stats_aggregates(today))
        .order_by("organization__short_name")
    )
    return [_with_percentages(r) for r in rows]
