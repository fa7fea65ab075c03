"""Pages of the roadmaps app. Access: roadmaps/access.py; writes:
roadmaps/services.py; indicator values: roadmaps/indicators.py."""

import hashlib
import json
import re
import secrets
import time
from collections import OrderedDict
from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.defaultfilters import floatformat
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from mentoring.access import acts_for_department, login_only, manager_required, role_required
from mentoring.files import file_response
from mentoring.models import MANAGER_ROLES, STAFF_ROLES, Organization, Role, User
from mentoring.rows import text
from mentoring.submit_once import submit_once

from . import exports, services
from .access import get_activity_for, get_occurrence_for, get_roadmap_for
from .deadlines import parse_deadline, period_is_calendar
from .forms import (
    ActivityForm,
    DatesForm,
    DoneForm,
    EntryForm,
    ImportUploadForm,
    IndicatorForm,
    PeopleForm,
    TargetForm,
    TemplateForm,
)
from .importing import parse_roadmap
from .indicators import academic_year_of, actual, dashboard_summary, target_for
from .models import (
    Activity,
    Indicator,
    IndicatorEntry,
    IndicatorTarget,
    Occurrence,
    OccurrenceStatus,
    Roadmap,
)

READERS = (*STAFF_ROLES, Role.SPECIALIST)
UPLOAD_DIR = "roadmap-imports"
UPLOAD_TTL = 24 * 60 * 60
TOKEN_RE = re.compile(r"^[A-Za-z0-9_-]{32}$")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _error_text(error):
    return " ".join(error.messages) if isinstance(error, ValidationError) else str(error)


# --- lists ----------------------------------------------------------------------------


@role_required(*READERS)
def roadmap_list(request):
    org = request.org
    own = list(Roadmap.objects.of(org).select_related("order"))
    below = []
    if acts_for_department(request.membership):
        below = list(
            Roadmap.objects.filter(organization_id__in=Organization.descendant_ids([org.pk]))
            .select_related("organization", "order")
            .order_by("organization__short_name", "-period_start")
        )
    assigned = []
    if org.parent_id:
        assigned = list(
            Roadmap.objects.filter(
                organization_id=org.parent_id, activities__assigned_organizations=org
            )
            .distinct()
            .select_related("organization")
        )
    today = timezone.localdate()
    stats = _list_stats([r.pk for r in own + below + assigned], today, part_of=org)
    for roadmap in own + below + assigned:
        roadmap.stats = stats.get(roadmap.pk, {})
    return render(
        request,
        "roadmaps/roadmap_list.html",
        {
            "own": own,
            "below": below,
            "assigned": assigned,
            "can_manage": request.membership.role in MANAGER_ROLES,
        },
    )


def _list_stats(ids, today, part_of):
    """{roadmap id: stats} in one query; a parent's roadmap counts only the
    part of ``part_of``."""
    from django.db.models import Q

    from .models import percent, stats_aggregates

    scope = Q(roadmap_id__in=ids)
    if part_of.parent_id:
        scope &= ~Q(roadmap__organization_id=part_of.parent_id) | Q(organization=part_of)
    rows = (
        Occurrence.objects.filter(scope)
        .counted()
        .values("roadmap_id")
        .annotate(**stats_aggregates(today))
        .order_by()
    )
    result = {}
    for row in rows:
        row["percent"] = percent(row["done"], row["total"])
        row["on_time_percent"] = percent(row["on_time"], row["due"])
        row["due_percent"] = percent(row["done"], row["due"])
        result[row["roadmap_id"]] = row
    return result


@manager_required
@submit_once
def roadmap_new(request):
    form = TemplateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        roadmap = services.roadmap_from_template(
            organization=request.org,
            academic_year=form.cleaned_data["academic_year"],
            by=request.user,
        )
        messages.success(request, "Дорожная карта создана по типовому шаблону.")
        return redirect(roadmap)
    previous = Roadmap.objects.of(request.org).order_by("-period_end", "-created_at")
    return render(request, "roadmaps/roadmap_new.html", {"form": form, "previous": previous})


# --- import: upload → preview → confirm ------------------------------------------------


def _upload_dir():
    return Path(settings.MEDIA_ROOT) / UPLOAD_DIR


def store_upload(*, organization, user, fileobj=None, name, period=None, parsed=None):
    """Keep a checked upload between the preview and the confirmation.

    The file is parsed once (here, unless the form already did: ``parsed``) and
    only the parsed result is stored, with the file's SHA-256, in a JSON file
    named by a random token; the uploaded bytes are not kept. Returns the token.
    Raises RoadmapImportError when ``parsed`` is not given and the file is bad.
    """
    folder = _upload_dir()
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    limit = time.time() - UPLOAD_TTL
    for stale in folder.iterdir():
        try:
            if stale.stat().st_mtime < limit:
                stale.unlink()
        except OSError:
            pass
    digest = hashlib.sha256()
    if fileobj is not None:
        fileobj.seek(0)
        if hasattr(fileobj, "chunks"):
            for chunk in fileobj.chunks():
                digest.update(chunk)
        else:
            digest.update(fileobj.read())
        fileobj.seek(0)
        if parsed is None:
            parsed = parse_roadmap(fileobj, name)
    token = secrets.token_urlsafe(24)
    meta = {
        "organization_id": organization.pk,
        "user_id": user.pk,
        "name": Path(name or "").name[:200],
        "period": list(period) if period else None,
        "sha256": digest.hexdigest() if fileobj is not None else "",
        "parsed": parsed,
    }
    with (folder / f"{token}.json").open("x", encoding="utf-8") as out:
        json.dump(meta, out, ensure_ascii=False)
    return token


def _stored_upload(request, token):
    """(path of the stored JSON, its content) for the organisation's token, else 404."""
    if not TOKEN_RE.match(token):
        raise Http404
    path = _upload_dir() / f"{token}.json"
    try:
        meta = json.loads(path.read_text("utf-8"))
    except (OSError, ValueError):
        raise Http404("Файл не найден: загрузите его снова.") from None
    if meta.get("organization_id") != request.org.pk or not isinstance(meta.get("parsed"), dict):
        raise Http404
    if time.time() - path.stat().st_mtime > UPLOAD_TTL:
        raise Http404("Файл устарел: загрузите его снова.")
    return path, meta


def _discard_upload(path):
    path.unlink(missing_ok=True)


@manager_required
@submit_once
def import_upload(request):
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        period = services.period_from_title(form.parsed["title"])
        if form.cleaned_data.get("period_start"):
            period = (form.cleaned_data["period_start"], form.cleaned_data["period_end"])
        if period is None:
            form.add_error(
                "period_start",
                "В названии дорожной карты нет периода: укажите годы начала и окончания.",
            )
        else:
            token = store_upload(
                organization=request.org,
                user=request.user,
                fileobj=upload,
                name=upload.name,
                period=period,
                parsed=form.parsed,
            )
            return redirect("roadmaps:import_preview", token=token)
    return render(request, "roadmaps/import_upload.html", {"form": form})


def _preview_rows(parsed, period):
    rows = []
    calendar = period_is_calendar(parsed["title"])
    inherited = {}
    for depth, item, has_children in services.walk_parsed(parsed):
        inherited[depth] = item["deadline_text"].strip() and item["deadline_text"]
        text = item["deadline_text"] or next(
            (inherited[d] for d in range(depth - 1, -1, -1) if inherited.get(d)), ""
        )
        tracked = not has_children or bool(item["deadline_text"].strip())
        deadline = parse_deadline(
            text, period_start=period[0], period_end=period[1], calendar=calendar
        )
        rows.append(
            {
                "depth": depth,
                "item": item,
                "tracked": tracked,
                "kind": deadline.kind if text.strip() else "none",
                "windows": len(deadline.occurrences) if text.strip() else 0,
                # Highlighted: a tracked row that gets no dates. "missing" tells a
                # row without any deadline from one whose words were not understood.
                "flag": tracked and (not text.strip() or not deadline.occurrences),
                "missing": tracked and not text.strip(),
            }
        )
    return rows


@require_GET
@manager_required
def import_preview(request, token):
    _path, meta = _stored_upload(request, token)
    parsed = meta["parsed"]
    period = meta["period"]
    rows = _preview_rows(parsed, period)
    columns = [
        (key, label)
        for key, label in services.COLUMN_LABELS.items()
        if any(r["item"].get(key, "").strip() for r in rows)
    ]
    same_file = list(services.same_file_roadmaps(request.org, meta.get("sha256")).order_by("pk"))
    same_title = [] if same_file else _same_title(request, meta)
    # What updating each candidate would delete: said before the user confirms.
    for candidate in same_file + same_title:
        candidate.removals = (
            services.roadmap_update_removals(roadmap=candidate, parsed=parsed)
            if candidate.is_draft
            else []
        )
        candidate.removals_reported = sum(1 for r in candidate.removals if r.has_work)
    return render(
        request,
        "roadmaps/import_preview.html",
        {
            "token": token,
            "meta": meta,
            "parsed": parsed,
            "period": period,
            "rows": rows,
            "columns": columns,
            "counts": services.parsed_counts(parsed),
            "windows": sum(r["windows"] for r in rows if r["tracked"]),
            "flagged": sum(1 for r in rows if r["flag"] and not r["missing"]),
            "missing": sum(1 for r in rows if r["missing"]),
            "notes": parsed.get("notes", []),
            "stamps": parsed.get("stamps", []),
            "same_file": same_file,
            # A new version of a roadmap already loaded (another file, the same
            # title and period): offered as its update.
            "same_title": same_title,
        },
    )


@require_POST
@manager_required
@submit_once
def import_confirm(request, token):
    path, meta = _stored_upload(request, token)
    parsed = meta["parsed"]
    same_file = services.same_file_roadmaps(request.org, meta.get("sha256"))
    replace = None
    if same_file.exists():
        choice = request.POST.get("replace", "")
        replace = same_file.filter(pk=choice).first() if choice.isdigit() else None
        if replace is None:
            messages.error(
                request,
                "Этот файл уже загружен. Выберите, какую дорожную карту обновить, "
                "или отмените загрузку.",
            )
            return redirect("roadmaps:import_preview", token=token)
    else:
        choice = request.POST.get("replace", "")
        if choice.isdigit():
            replace = next((r for r in _same_title(request, meta) if r.pk == int(choice)), None)
            if replace is None:
                messages.error(request, "Эту дорожную карту нельзя обновить из этого файла.")
                return redirect("roadmaps:import_preview", token=token)
    try:
        roadmap = services.roadmap_import(
            organization=request.org,
            parsed=parsed,
            period_start=meta["period"][0],
            period_end=meta["period"][1],
            source_name=meta["name"],
            source_sha256=meta.get("sha256", ""),
            replace=replace,
            remove_reported=_agreed_removals(request, replace),
            by=request.user,
        )
    except services.RemovesReportedError as error:
        if error.seen:
            messages.error(
                request,
                "Обновление не выполнено, ничего не изменено. Пока страница была открыта, "
                "по удаляемым мероприятиям появились отчёты или ответственные: "
                + _error_text(error)
                + " Проверьте список ниже и, если их тоже нужно удалить, подтвердите снова.",
            )
            return redirect("roadmaps:import_preview", token=token)
        messages.error(
            request,
            "Обновление не выполнено, ничего не изменено. "
            + _error_text(error)
            + " Если их действительно нужно удалить вместе с отчётами, отметьте "
            f"«Удалить мероприятия с отчётами: {len(error.removals)}» и подтвердите снова; "
            "иначе верните эти строки в файл и загрузите его заново.",
        )
        return redirect("roadmaps:import_preview", token=token)
    except ValidationError as error:
        messages.error(request, "Импорт не выполнен, ничего не сохранено: " + _error_text(error))
        return redirect("roadmaps:import_preview", token=token)
    _discard_upload(path)
    counts = services.parsed_counts(parsed)
    verb = "обновлена" if replace is not None else "загружена"
    messages.success(
        request,
        f"Дорожная карта {verb}: этапов {counts['stages']}, мероприятий {counts['activities']}.",
    )
    return redirect(roadmap)


def _agreed_removals(request, replace):
    """The ids of the activities with reports the user agreed to delete: the
    ticked «Удалить мероприятия с отчётами» of ``replace`` with the ids the
    preview listed beside it (``reported_<pk>``, comma-separated); an empty
    set without the tick."""
    if replace is None or str(replace.pk) not in request.POST.getlist("remove_reported"):
        return set()
    listed = request.POST.get(f"reported_{replace.pk}", "")
    return {int(part) for part in listed.split(",") if part.strip().isdigit()}


def _same_title(request, meta):
    return services.same_title_roadmaps(request.org, meta["parsed"]["title"], meta["period"])


# --- the roadmap table -------------------------------------------------------------------


def table_rows(roadmap, *, part=None, today=None):
    """The rows of the table with their occurrences, users and organisations:
    four queries whatever the number of activities."""
    today = today or timezone.localdate()
    occurrences = Occurrence.objects.select_related("organization").order_by(
        "organization__short_name", "starts_on", "ends_on"
    )
    activities = roadmap.activities.order_by("position")
    if part is not None:
        occurrences = occurrences.filter(organization=part)
        assigned = Activity.objects.filter(roadmap=roadmap, assigned_organizations=part)
        keep = set(assigned.values_list("pk", flat=True)) | set(
            assigned.values_list("stage_id", flat=True)
        )
        activities = activities.filter(pk__in=keep)
    activities = activities.prefetch_related(
        Prefetch("occurrences", queryset=occurrences),
        Prefetch("responsible_users", queryset=User.objects.order_by("last_name")),
        "assigned_organizations",
    )
    rows = list(activities)
    for activity in rows:
        _decorate(activity, today)
    return rows


def _decorate(activity, today):
    occ = list(activity.occurrences.all())
    for o in occ:
        o.overdue = o.is_overdue(today)
    activity.occ = occ
    activity.overdue_count = sum(1 for o in occ if o.overdue)
    counted = [o for o in occ if o.status != OccurrenceStatus.CANCELLED]
    activity.done_count = sum(1 for o in counted if o.is_done)
    activity.counted = len(counted)
    activity.flag = activity.is_tracked and not occ
    # The next occurrence to report on: the first planned one.
    activity.next_occ = next((o for o in occ if o.status == OccurrenceStatus.PLANNED), None)


def _detail_context(request, roadmap, access):
    today = timezone.localdate()
    part = access.part if not access.read_all else None
    progress = services.roadmap_progress(roadmap, today=today, organization=part)
    rows = table_rows(roadmap, part=part, today=today)
    for row in rows:
        if row.is_stage:
            row.stats = progress["stages"].get(row.pk)
    return {
        "roadmap": roadmap,
        "access": access,
        "rows": rows,
        "progress": progress,
        "columns": roadmap.column_list(),
        "today": today,
        "part": part,
        "order": roadmap.order,
    }


@role_required(*READERS)
def roadmap_detail(request, pk):
    roadmap, access = get_roadmap_for(request, pk)
    if request.GET.get("fragment") == "progress":
        part = access.part if not access.read_all else None
        progress = services.roadmap_progress(roadmap, organization=part)
        return render(
            request,
            "roadmaps/includes/progress.html",
            {"progress": progress, "refresh_url": request.get_full_path()},
        )
    context = _detail_context(request, roadmap, access)
    return render(request, "roadmaps/roadmap_detail.html", context)


def home_card(organization):
    """The home page card: the current roadmap's progress and the indicators'
    latest snapshots against targets (a fixed number of queries, whatever
    the number of rows)."""
    from mentoring import indicators as defs

    from .indicators import academic_year_of, dashboard_summary, organization_ids

    today = timezone.localdate()
    roadmap = (
        Roadmap.objects.of(organization)
        .filter(period_start__lte=today.year, period_end__gte=today.year)
        .order_by("-status", "-period_start", "-created_at")
        .first()
    ) or Roadmap.objects.of(organization).order_by("-period_end", "-created_at").first()
    progress = services.roadmap_progress(roadmap, today=today)["overall"] if roadmap else None
    return {
        "roadmap": roadmap,
        "progress": progress,
        # The completion shown is the "roadmap_done" definition's figure
        # (approved roadmaps, positions due or done by today), the one the
        # dashboard, the analytic report and the monitoring show; for a
        # department over it and its organisations, as its indicators.
        "done": defs.compute_combined("roadmap_done", organization_ids(organization), today),
        # The figure keeps its definition's label (it never counts a draft:
        # the card says so); a department's adds whose positions it counts.
        "done_scope": "департамент и его организации" if organization.is_department else "",
        # A definition's figure once, under its label (two indicators of
        # the roadmap may read one definition); the roadmap's own names
        # stay on the indicators' page.
        "indicators": _one_row_per_definition(dashboard_summary(organization)),
        # The targets the definitions beside the figures state.
        "targets": defs.targets(organization, academic_year_of(today)),
    }


def _one_row_per_definition(rows):
    """The rows of :func:`dashboard_summary` without a second row of a
    definition already listed."""
    seen, result = set(), []
    for row in rows:
        if row["code"] in seen:
            continue
        if row["code"]:
            seen.add(row["code"])
        result.append(row)
    return result


@require_POST
@manager_required
@submit_once
def roadmap_copy(request, pk):
    roadmap, _ = get_roadmap_for(request, pk, write=True)
    copy = services.roadmap_copy(roadmap=roadmap, by=request.user)
    messages.success(
        request, f"Создана копия на {copy.period_label}: сроки сдвинуты на год, отметки сброшены."
    )
    return redirect(copy)


@require_POST
@manager_required
@submit_once
def roadmap_approval(request, pk):
    roadmap, _ = get_roadmap_for(request, pk, write=True)
    try:
        order = services.roadmap_order_create(roadmap=roadmap, by=request.user)
    except ValidationError as error:
        messages.error(request, _error_text(error))
        return redirect(roadmap)
    messages.success(
        request,
        "Подготовлен проект приказа об утверждении дорожной карты. Направьте его директору: "
        "после утверждения приказа дорожная карта станет утверждённой.",
    )
    return redirect(order)


@require_POST
@manager_required
def roadmap_delete(request, pk):
    roadmap, _ = get_roadmap_for(request, pk, write=True)
    try:
        services.roadmap_delete(roadmap=roadmap, by=request.user)
    except ValidationError as error:
        messages.error(request, _error_text(error))
        return redirect(roadmap)
    messages.success(request, "Дорожная карта удалена.")
    return redirect("roadmaps:roadmap_list")


# --- in-place editing ----------------------------------------------------------------------


def _row_response(request, activity, access, *, error=None, oob_progress=False):
    roadmap = activity.roadmap
    today = timezone.localdate()
    part = access.part if not access.read_all else None
    row = next(r for r in table_rows(roadmap, part=part, today=today) if r.pk == activity.pk)
    context = {
        "row": row,
        "roadmap": roadmap,
        "access": access,
        "columns": roadmap.column_list(),
        "row_error": error,
        "today": today,
    }
    if oob_progress:
        progress = services.roadmap_progress(roadmap, today=today, organization=part)
        context["progress"] = progress
        context["oob"] = True
        if row.is_stage:
            row.stats = progress["stages"].get(row.pk)
        elif row.stage_id:
            stage = Activity.objects.get(pk=row.stage_id)
            _decorate(stage, today)
            stage.stats = progress["stages"].get(stage.pk)
            context["stage_row"] = stage
    response = render(request, "roadmaps/activity_row_response.html", context)
    if oob_progress:
        # The progress block above the table reloads itself on this event.
        response["HX-Trigger"] = "roadmapChanged"
    return response


@manager_required
def activity_edit(request, pk):
    activity = get_activity_for(request, pk)
    roadmap, access = get_roadmap_for(request, activity.roadmap_id, write=True)
    activity.roadmap = roadmap
    htmx = request.headers.get("HX-Request") == "true"
    if request.GET.get("cancel"):
        return _row_response(request, activity, access)
    if not roadmap.is_draft:
        if htmx:
            return _row_response(
                request, activity, access, error="Текст утверждённой дорожной карты не меняется."
            )
        messages.error(request, "Текст утверждённой дорожной карты не меняется.")
        return redirect(roadmap)
    form = ActivityForm(request.POST or None, instance=activity)
    if request.method == "POST" and form.is_valid():
        try:
            services.activity_update(activity=activity, data=form.cleaned_data, by=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if htmx:
                activity.refresh_from_db()
                activity.roadmap = roadmap
                return _row_response(request, activity, access, oob_progress=True)
            messages.success(request, "Мероприятие сохранено.")
            return redirect(f"{roadmap.get_absolute_url()}#a{activity.pk}")
    template = "roadmaps/activity_form_row.html" if htmx else "roadmaps/activity_form.html"
    return render(
        request,
        template,
        {
            "form": form,
            "activity": activity,
            "roadmap": roadmap,
            "columns": roadmap.column_list(),
            "access": access,
        },
    )


@manager_required
def activity_dates(request, pk):
    activity = get_activity_for(request, pk)
    roadmap = activity.roadmap
    initial = "\n".join(
        o.window_label for o in activity.occurrences.filter(organization=roadmap.organization)
    )
    form = DatesForm(request.POST or None, initial={"windows": initial})
    if request.method == "POST" and form.is_valid():
        try:
            services.activity_set_dates(
                activity=activity, windows=form.cleaned_data["windows"], by=request.user
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "Сроки мероприятия заданы вручную.")
            return redirect(f"{roadmap.get_absolute_url()}#a{activity.pk}")
    return render(
        request,
        "roadmaps/activity_dates.html",
        {"form": form, "activity": activity, "roadmap": roadmap},
    )


@manager_required
def activity_people(request, pk):
    activity = get_activity_for(request, pk)
    roadmap = activity.roadmap
    form = PeopleForm(
        request.POST or None,
        roadmap=roadmap,
        initial={
            "users": list(activity.responsible_users.all()),
            "organizations": list(activity.assigned_organizations.all()),
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.activity_set_people(
                activity=activity,
                users=list(form.cleaned_data["users"]),
                organizations=list(form.cleaned_data.get("organizations") or []),
                by=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "Ответственные сохранены.")
            return redirect(f"{roadmap.get_absolute_url()}#a{activity.pk}")
    return render(
        request,
        "roadmaps/activity_people.html",
        {"form": form, "activity": activity, "roadmap": roadmap},
    )


# --- tracking ----------------------------------------------------------------------------------


@login_only
def occurrence_update(request, pk):
    """Mark an occurrence done with evidence, reopen it, or mark it not needed.
    GET (htmx) gives the form inside the row; POST returns the updated row and
    the progress summary (out of band)."""
    occurrence, access = get_occurrence_for(request, pk, write=request.method == "POST")
    htmx = request.headers.get("HX-Request") == "true"
    back = request.POST.get("next") or request.GET.get("next") or ""
    if back not in ("tasks",):
        back = ""
    activity = occurrence.activity
    activity.roadmap = occurrence.roadmap
    form = DoneForm(request.POST or None, request.FILES or None, occurrence=occurrence)
    error = None
    if request.method == "POST":
        action = request.POST.get("action", "done")
        try:
            if action == "reopen":
                services.occurrence_reopen(occurrence=occurrence, by=request.user)
            elif action == "cancel":
                services.occurrence_cancel(
                    occurrence=occurrence, comment=request.POST.get("comment", ""), by=request.user
                )
            elif form.is_valid():
                services.occurrence_mark_done(
                    occurrence=occurrence,
                    done_on=form.cleaned_data["done_on"],
                    comment=form.cleaned_data["comment"],
                    link=form.cleaned_data["link"],
                    evidence=form.cleaned_data.get("evidence"),
                    evidence_name=getattr(form, "original_name", ""),
                    by=request.user,
                )
            else:
                raise ValidationError(
                    [e for errors in form.errors.values() for e in errors]
                    or ["Проверьте поля формы."]
                )
        except ValidationError as exc:
            error = _error_text(exc)
        else:
            if htmx and not back and access.read:
                return _row_response(request, activity, access, oob_progress=True)
            messages.success(request, "Отметка сохранена.")
            if back == "tasks" or not access.read:
                return redirect("roadmaps:my_tasks")
            return redirect(f"{occurrence.roadmap.get_absolute_url()}#a{activity.pk}")
        if htmx and not back and access.read:
            return _row_response(request, activity, access, error=error, oob_progress=False)
    context = {
        "occurrence": occurrence,
        "activity": activity,
        "roadmap": occurrence.roadmap,
        "form": form,
        "error": error,
        "next": back,
        "can_report": True,
    }
    if htmx and request.method == "GET":
        return render(request, "roadmaps/occurrence_form.html", context)
    return render(request, "roadmaps/occurrence_page.html", context)


@require_GET
@never_cache
@login_only
def occurrence_evidence(request, pk):
    occurrence, _ = get_occurrence_for(request, pk)
    return file_response(
        occurrence.evidence, filename=f"podtverzhdenie-{occurrence.pk}", attachment=True
    )


# --- timeline, my tasks, overdue, roll-up --------------------------------------------------------

MONTHS = [
    "",
    "Январь",
    "Февраль",
    "Март",
    "Апрель",
    "Май",
    "Июнь",
    "Июль",
    "Август",
    "Сентябрь",
    "Октябрь",
    "Ноябрь",
    "Декабрь",
]
LONG_WINDOW_DAYS = 183


@role_required(*READERS)
def roadmap_timeline(request, pk):
    """Month by month: what falls due in each month. Windows longer than half
    a year ("в течение всего периода") are listed once, above the months."""
    roadmap, access = get_roadmap_for(request, pk)
    today = timezone.localdate()
    occurrences = (
        Occurrence.objects.filter(roadmap=roadmap)
        .select_related("activity", "organization")
        .order_by("ends_on", "activity__position", "organization__short_name")
    )
    if not access.read_all:
        occurrences = occurrences.filter(organization=access.part)
    months = OrderedDict()
    long_running = []
    for o in occurrences:
        o.overdue = o.is_overdue(today)
        if (o.ends_on - o.starts_on).days > LONG_WINDOW_DAYS:
            long_running.append(o)
            continue
        key = (o.ends_on.year, o.ends_on.month)
        months.setdefault(key, []).append(o)
    month_list = [
        {
            "label": f"{MONTHS[m]} {y}",
            "items": items,
            "current": (y, m) == (today.year, today.month),
            "past": (y, m) < (today.year, today.month),
        }
        for (y, m), items in months.items()
    ]
    return render(
        request,
        "roadmaps/roadmap_timeline.html",
        {
            "roadmap": roadmap,
            "access": access,
            "months": month_list,
            "long_running": long_running,
            "municipal": roadmap.is_municipal and access.read_all,
        },
    )


@login_only
def my_tasks(request):
    """The user's occurrences: activities they are linked to as responsible,
    and for staff the department's activities assigned to their organisation."""
    from django.db.models import Q

    membership = request.membership
    if membership is None:
        raise PermissionDenied
    org = request.org
    today = timezone.localdate()
    show_done = request.GET.get("done") == "1"
    mine = Q(activity__responsible_users=request.user, organization=org)
    if membership.role in STAFF_ROLES:
        mine |= Q(organization=org) & ~Q(roadmap__organization=org)
    occurrences = (
        Occurrence.objects.filter(mine)
        .exclude(status=OccurrenceStatus.CANCELLED)
        .select_related("activity", "roadmap__organization")
        .distinct()
    )
    if not show_done:
        occurrences = occurrences.filter(status=OccurrenceStatus.PLANNED)
    is_participant = membership.role not in (*STAFF_ROLES, Role.SPECIALIST)
    if is_participant and not Activity.objects.filter(responsible_users=request.user).exists():
        raise PermissionDenied
    items = list(occurrences.order_by("ends_on", "activity__position")[:500])
    for o in items:
        o.overdue = o.is_overdue(today)
    return render(
        request,
        "roadmaps/my_tasks.html",
        {"items": items, "show_done": show_done, "today": today},
    )


@role_required(*READERS)
def overdue(request):
    """Overdue occurrences of the current organisation's roadmaps (for a
    department, per organisation) and of its part of the department's."""
    from django.db.models import Q

    org = request.org
    today = timezone.localdate()
    scope = Q(roadmap__organization=org) | Q(organization=org)
    items = list(
        Occurrence.objects.overdue(today)
        .filter(scope)
        .select_related("activity", "roadmap", "organization")
        .prefetch_related(
            Prefetch("activity__responsible_users", queryset=User.objects.order_by("last_name"))
        )
        .order_by("ends_on", "roadmap_id", "activity__position")[:1000]
    )
    for o in items:
        o.days = (today - o.ends_on).days
    return render(request, "roadmaps/overdue.html", {"items": items, "today": today})


@role_required(*READERS)
def roadmap_rollup(request, pk):
    roadmap, access = get_roadmap_for(request, pk)
    if not access.read_all:
        raise PermissionDenied
    if not roadmap.is_municipal:
        raise Http404("Сводка по организациям есть только у дорожной карты департамента.")
    rows = services.roadmap_rollup(roadmap)
    return render(
        request,
        "roadmaps/roadmap_rollup.html",
        {"roadmap": roadmap, "rows": rows, "access": access, "rows_html": _rollup_rows(rows)},
    )


def _rollup_rows(rows):
    """The roll-up's table rows as safe HTML, one per executing organisation
    (a city's 100): built here, not by a template loop; the same HTML."""
    from mentoring.indicators import fmt

    html = []
    for row in rows:
        percent = row["percent"]
        on_time = row["on_time_percent"]
        on_time_text = "—" if on_time is None else f"{text(fmt(on_time))}&nbsp;%"
        html.append(
            f'\n  <tr data-org="{text(row["organization_id"])}">\n'
            f"    <td>{text(row['organization__short_name'])}</td>\n"
            f'    <td class="text-end">{text(row["total"])}</td>\n'
            f'    <td class="text-end">{text(row["done"])}</td>\n'
            '    <td><div class="d-flex align-items-center gap-2"><div class="progress flex-grow-1"'
            ' role="progressbar" aria-label="Выполнено"'
            f' aria-valuenow="{int(percent or 0)}" aria-valuemin="0" aria-valuemax="100">'
            f'<div class="progress-bar pct-{escape(floatformat(percent or 0, 0))}"></div></div>'
            # Percents as every indicator prints them (mentoring.indicators.fmt).
            f'<span class="small">{text(fmt(percent or 0))}&nbsp;%</span></div></td>\n'
            f'    <td class="text-end{" text-danger fw-semibold" if row["overdue"] else ""}">'
            f"{text(row['overdue'])}</td>\n"
            f'    <td class="text-end">{on_time_text}</td>\n'
            "  </tr>\n  "
        )
    return mark_safe("".join(html))  # noqa: S308 - every value escaped above


# --- exports -----------------------------------------------------------------------------------


@require_GET
@role_required(*READERS)
def roadmap_export_xlsx(request, pk):
    roadmap, access = get_roadmap_for(request, pk)
    part = None if access.read_all else access.part
    data = exports.roadmap_xlsx(roadmap, part=part)
    response = HttpResponse(data, content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="roadmap-{roadmap.pk}.xlsx"'
    return response


@require_GET
@role_required(*READERS)
def roadmap_export_pdf(request, pk):
    roadmap, access = get_roadmap_for(request, pk)
    part = None if access.read_all else access.part
    data = exports.roadmap_pdf(roadmap, part=part)
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="roadmap-{roadmap.pk}.pdf"'
    return response


# --- indicators --------------------------------------------------------------------------------


@role_required(*READERS)
def indicator_list(request):
    today = timezone.localdate()
    # The rows of the home page's table: the definition's code and its one
    # target where the figure is the definition's (same figure, same verdict).
    rows = dashboard_summary(request.org, today)
    return render(
        request,
        "roadmaps/indicator_list.html",
        {
            "rows": rows,
            "today": today,
            "year": academic_year_of(today),
            "can_manage": request.membership.role in MANAGER_ROLES,
        },
    )


@manager_required
@submit_once
def indicator_create(request):
    form = IndicatorForm(request.POST or None, organization=request.org)
    if request.method == "POST" and form.is_valid():
        indicator = form.save()
        messages.success(request, "Показатель добавлен: задайте цели по годам.")
        return redirect("roadmaps:indicator_detail", pk=indicator.pk)
    return render(request, "roadmaps/indicator_form.html", {"form": form})


@role_required(*READERS)
@submit_once
def indicator_detail(request, pk):
    try:
        indicator = Indicator.objects.get(pk=pk, organization=request.org)
    except Indicator.DoesNotExist:
        raise Http404 from None
    can_manage = request.membership.role in MANAGER_ROLES
    forms_ = {
        "edit": IndicatorForm(instance=indicator, organization=request.org),
        "target": TargetForm(),
        "entry": EntryForm(),
    }
    if request.method == "POST":
        if not can_manage:
            raise PermissionDenied
        action = request.POST.get("action")
        if action == "edit":
            form = IndicatorForm(request.POST, instance=indicator, organization=request.org)
            if form.is_valid():
                form.save()
                messages.success(request, "Показатель сохранён.")
                return redirect("roadmaps:indicator_detail", pk=pk)
            forms_["edit"] = form
        elif action == "target":
            form = TargetForm(request.POST)
            if form.is_valid():
                IndicatorTarget.objects.update_or_create(
                    indicator=indicator,
                    year=form.cleaned_data["year"],
                    defaults={"value": form.cleaned_data["value"]},
                )
                messages.success(request, "Цель сохранена.")
                return redirect("roadmaps:indicator_detail", pk=pk)
            forms_["target"] = form
        elif action == "entry":
            form = EntryForm(request.POST)
            if form.is_valid():
                IndicatorEntry.objects.create(
                    indicator=indicator, entered_by=request.user, **form.cleaned_data
                )
                messages.success(request, "Значение сохранено.")
                return redirect("roadmaps:indicator_detail", pk=pk)
            forms_["entry"] = form
        else:
            raise Http404
    today = timezone.localdate()
    value, source = actual(indicator, today)
    return render(
        request,
        "roadmaps/indicator_detail.html",
        {
            "indicator": indicator,
            "actual": value,
            "source": source,
            "target": target_for(indicator, academic_year_of(today)),
            "targets": indicator.targets.all(),
            "snapshots": indicator.snapshots.all()[:12],
            "entries": indicator.entries.select_related("entered_by")[:12],
            "forms": forms_,
            "can_manage": can_manage,
            "today": today,
        },
    )
