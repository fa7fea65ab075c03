"""The monitoring dashboards, the reports page, report jobs and the settings
of the public section. See reports/urls.py."""

import zlib

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_POST

from mentoring.access import (
    DEPARTMENT_ROLES,
    can_read_organization,
    get_organization_for,
    require_department,
    role_required,
)
from mentoring.figures import figures_get
from mentoring.indicators import academic_year_of
from mentoring.models import MANAGER_ROLES, STAFF_ROLES, Order, OrderStatus, Role
from mentoring.rows import url_pattern
from mentoring.submit_once import submit_once
from mentoring.typography import academic_year_range

from . import builders
from .charts import share_labels
from .forms import AnalyticForm, BankForm, MonitoringForm, PublicSettingsForm, RegisterForm
from .jobs import job_submit
from .models import JobStatus, ReportJob, ReportKind
from .services import (
    BANK_SIDES,
    ReportError,
    conclusion_save,
    conclusion_text,
    needs_background,
    order_publish,
    public_settings_for,
    public_settings_save,
    report_build,
)

READERS = (*STAFF_ROLES, Role.SPECIALIST)
RECENT_JOBS = 10


def file_response(content, filename, content_type):
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


# --- dashboards --------------------------------------------------------------------


@role_required(*STAFF_ROLES, Role.SPECIALIST)
def dashboard(request):
    """The school-style summary of the current organisation. A department
    has no participants of its own: its specialist and head are sent to the
    department's monitoring, which is what «Сводка» means for them."""
    org = request.org
    if org.is_department:
        return redirect("reports:department_dashboard")
    today = builders.timezone.localdate()
    # Minutes-old figures are fine here; writes bump them (mentoring.figures).
    # v2: the doughnuts' legends state the parts' shares; v3: the
    # roadmap's «выполнено» keeps the roadmap pages' figure.
    data = figures_get(org, f"dashboard-v3:{today}", lambda: builders.dashboard_data(org, today))
    return render(
        request,
        "reports/dashboard.html",
        {"org": request.org, "data": data, "chart_data": dashboard_chart_data(data)},
    )


def dashboard_chart_data(data):
    """What static/js/dashboard.js draws (read from a json_script block)."""
    statuses = data["mentorships"]["statuses"]
    chart = {
        "coverage": {
            "labels": [r["label"] for r in data["coverage"]],
            "values": [float(r["percent"] or 0) for r in data["coverage"]],
            "targets": [
                None if r["target"] is None else float(r["target"]) for r in data["coverage"]
            ],
        },
        "consents": {
            # The legend states the parts' shares, adding up to 100.
            "labels": share_labels(
                [
                    ("есть согласие", data["consents"]["with_consent"]),
                    ("нет согласия", data["consents"]["missing"]),
                ],
                keep_first=True,
            ),
            "values": [data["consents"]["with_consent"], data["consents"]["missing"]],
        },
        "mentorships": {
            "labels": [r["form"] for r in data["mentorships"]["rows"]],
            "datasets": [
                {"label": label, "values": [r["counts"][code] for r in data["mentorships"]["rows"]]}
                for code, label in statuses
            ],
        },
        "programs": {
            "labels": [band for band, _n in data["programs"]["bands"]],
            "values": [n for _band, n in data["programs"]["bands"]],
        },
    }
    for key in ("roadmap_chart", "surveys_chart", "training_chart"):
        if data.get(key):
            chart[key.removesuffix("_chart")] = data[key]
    return chart


@role_required(*DEPARTMENT_ROLES)
def department_dashboard(request):
    require_department(request)
    department = request.org
    organizations = builders.child_organizations(department, "slug", "short_name")
    today = builders.timezone.localdate()
    # The page's tables hold figures about organisations, no personal data:
    # their HTML is one cached value under the department's figures version
    # (a write in any school bumps it, mentoring.figures), keyed by the
    # organisations' ids, slugs and names (a school added or renamed is a
    # new value at once). 100 organisations are 1.1 MB of HTML, which
    # templates would build on every request in tens of milliseconds.
    names = zlib.crc32(repr([(o.pk, o.slug, o.short_name) for o in organizations]).encode())
    page = figures_get(
        department,
        f"department-dashboard-page-v1:{today}:{names}",
        lambda: _department_page(department, organizations, today),
        compress=True,
    )
    return render(
        request,
        "reports/department_dashboard.html",
        {"department": department, "today": today, **page},
    )


def _department_page(department, organizations, today):
    """The cached part of the department's monitoring page:
    ``{"monitoring": safe HTML of the tables, the targets, the quarter's
    change and the definitions (reports/includes/department_monitoring.html),
    "chart_data", "organization_count", "quarter_code", "quarter_label"}``."""
    ids = [o.pk for o in organizations]
    # Every figure of the page (indicators, extras, totals, the head pairs)
    # in one cached value under the department's figures version: a write
    # in any school bumps it (mentoring.figures). The ids are in the key: a
    # school added to the department is a new figure at once.
    data = figures_get(
        department,
        # v4: the header, the targets and the definitions as HTML; the cells
        # split into the thematic tables (MONITORING_GROUPS); v5: «нет
        # данных» for organisations with empty banks, the total's label;
        # v6: the totals' headcount notes and the organisations without one;
        # v7: the notes of every share's total (builders.share_notes).
        f"department-dashboard-v7:{today}:{zlib.crc32(repr(ids).encode())}",
        lambda: builders.department_dashboard_data(department, ids, today),
        # 700 KB of formatted cells, 20 KB compressed.
        compress=True,
    )
    # The block «Изменение за квартал» (the monitoring XLSX's second sheet):
    # cached under the same version (v3: the rows' cells as HTML); rendered by
    # reports/includes/monitoring_quarter_change.html.
    quarter_change = figures_get(
        department,
        f"department-quarter-change-v3:{today}:{zlib.crc32(repr(ids).encode())}",
        lambda: builders.quarter_change(department),
    )
    indicators = data["values"]
    rows = [
        {"org": o, "values": indicators[o.pk], "cells": data["cells"][o.pk]} for o in organizations
    ]
    # The tables' rows around the cached cells, with the organisations'
    # names and slugs as they are now (a rename does not bump the figures):
    # one reverse() for the 100 links. The thematic tables are stacked: each
    # has the organisation column and its own header, rows and totals row.
    link = url_pattern("reports:department_organization_dashboard")
    cells, target_cells = data["cells"], data["targets"]["cells"]
    names = {o.pk: (escape(o.slug), escape(o.short_name)) for o in organizations}
    tables = []
    notes = data["total"].get("notes") or {}
    for n, (title, keys) in enumerate(builders.MONITORING_GROUPS, start=1):
        body = "".join(
            f'<tr data-org="{names[o.pk][0]}"><th scope="row"><a href="{link(o.slug)}">'
            f"{names[o.pk][1]}</a></th>{cells[o.pk][n - 1]}</tr>"
            for o in organizations
        )
        tables.append(
            {
                "number": n,
                "title": title,
                "head_cells": data["head_cells"][n - 1],
                "body": mark_safe(body),  # noqa: S308 - escaped above
                "total_cells": data["total_cells"][n - 1],
                # Over which organisations the table's totals of shares are.
                "notes": builders.total_notes(notes, keys),
            }
        )
    targets_body = [
        f'<tr data-targets-org="{names[o.pk][0]}"><th scope="row">{names[o.pk][1]}</th>'
        f"{target_cells[o.pk]}</tr>"
        for o in organizations
    ]
    # The warning above the tables: whose coverage is not counted. The
    # department reads the organisations' headcounts and does not enter
    # them: the names link to the organisation's read-only dashboard.
    lacking = data["without_headcount"]
    without_headcount = [
        {"org": o, "groups": ", ".join(lacking[o.pk])} for o in organizations if o.pk in lacking
    ]
    chart = {
        "labels": [o.short_name for o in organizations],
        "students": [float(indicators[o.pk]["students_percent"] or 0) for o in organizations],
        "teachers": [float(indicators[o.pk]["teachers_percent"] or 0) for o in organizations],
        "consents": [float(indicators[o.pk]["consent_percent"] or 0) for o in organizations],
    }
    context = {
        "department": department,
        "rows": rows,
        "total": data["total"],
        "tables": tables,
        "targets": data["targets"],
        "targets_body": mark_safe("".join(targets_body)),  # noqa: S308 - escaped above
        "target_notes": data["targets"]["notes"],
        "targets_title": builders.TARGETS_TITLE,
        "definitions": data["definitions"],
        "chart_data": {"department": chart},
        "quarter_change": quarter_change,
        "without_headcount": without_headcount,
        "headcount_year": academic_year_range(academic_year_of(today)),
        "today": today,
        # The button «Таблица мониторинга (XLSX)» builds the quarter shown.
        "quarter_code": quarter_change["quarter"].code,
        "quarter_label": quarter_change["quarter"].label,
    }
    return {
        "monitoring": render_to_string("reports/includes/department_monitoring.html", context),
        "chart_data": {"department": chart},
        "organization_count": len(rows),
        "quarter_code": context["quarter_code"],
        "quarter_label": context["quarter_label"],
    }


@role_required(*DEPARTMENT_ROLES)
def department_organization_dashboard(request, slug):
    """The specialist drills from the monitoring into one organisation's
    dashboard, read-only: figures only, no links into the organisation's
    lists, no names or contacts of participants (data minimisation,
    152-ФЗ ст. 5 ч. 5). 404 outside the department."""
    require_department(request)
    organization = get_organization_for(request, slug)
    if organization.pk == request.org.pk or not can_read_organization(request, organization):
        raise Http404("Организация не найдена")
    data = builders.dashboard_data(organization)
    return render(
        request,
        "reports/dashboard.html",
        {
            "org": organization,
            "data": data,
            "chart_data": dashboard_chart_data(data),
            "readonly": True,
        },
    )


# --- reports ---------------------------------------------------------------------


def _forms(request, data=None, *, kind=None):
    org = request.org
    can_write = request.membership.role in MANAGER_ROLES
    if org.is_department:
        return {"monitoring": MonitoringForm(data if kind == ReportKind.MONITORING else None)}
    bound = {}
    for name in (ReportKind.ANALYTIC, ReportKind.REGISTER, *BANK_SIDES):
        bound[name] = data if kind == name else None
    analytic = AnalyticForm(
        bound[ReportKind.ANALYTIC],
        prefix="analytic",
        can_write_conclusions=can_write,
    )
    if not analytic.is_bound:
        from .periods import Period

        analytic.initial["conclusions"] = conclusion_text(org, Period.current())
    forms = {
        "analytic": analytic,
        "register": RegisterForm(bound[ReportKind.REGISTER], prefix="register", organization=org),
        **{
            str(kind_): BankForm(bound[kind_], prefix=kind_, side=side)
            for kind_, side in BANK_SIDES.items()
        },
    }
    # Templates cannot read a key with a hyphen.
    forms["potential_mentors"] = forms[ReportKind.POTENTIAL_MENTORS.value]
    return forms


@role_required(*READERS)
def report_list(request):
    jobs = ReportJob.objects.filter(organization=request.org).select_related("created_by")
    return render(
        request,
        "reports/report_list.html",
        {
            "org": request.org,
            "forms": _forms(request),
            "jobs": jobs[:RECENT_JOBS],
            "bank_kinds": [(k, ReportKind(k).label) for k in BANK_SIDES],
        },
    )


def _check_kind(request, kind):
    if kind not in ReportKind.values:
        raise Http404
    org_is_department = request.org.is_department
    if (kind == ReportKind.MONITORING) != org_is_department:
        raise Http404
    if org_is_department and request.membership.role not in DEPARTMENT_ROLES:
        raise PermissionDenied
    if not org_is_department and request.membership.role not in STAFF_ROLES:
        raise PermissionDenied


@require_POST
@role_required(*READERS)
@submit_once
def report_build_view(request, kind):
    """Build a report: at once when small, else as a background job with a
    progress page."""
    _check_kind(request, kind)
    forms = _forms(request, request.POST, kind=kind)
    form = forms[kind]
    if not form.is_valid():
        messages.error(request, "Проверьте параметры отчёта.")
        return render(
            request,
            "reports/report_list.html",
            {
                "org": request.org,
                "forms": forms,
                "jobs": ReportJob.objects.filter(organization=request.org)[:RECENT_JOBS],
                "bank_kinds": [(k, ReportKind(k).label) for k in BANK_SIDES],
                "open_kind": kind,
            },
            status=400,
        )
    org, params, fmt, period = request.org, {}, "xlsx", ""
    if kind == ReportKind.ANALYTIC:
        fmt, period = form.cleaned_data["fmt"], form.cleaned_data["period"].code
        if request.membership.role in MANAGER_ROLES:
            conclusion_save(
                organization=org,
                period=form.cleaned_data["period"],
                text=form.cleaned_data["conclusions"],
                by=request.user,
            )
    elif kind == ReportKind.REGISTER:
        period = form.cleaned_data["period"]
        params = {"filters": form.filters()}
    elif kind == ReportKind.MONITORING:
        period = form.cleaned_data["quarter"]
    else:
        params = {"filters": form.filters()}
    try:
        if needs_background(organization=org, kind=kind):
            job = job_submit(
                organization=org, kind=kind, fmt=fmt, period=period, params=params, by=request.user
            )
            return redirect(job)
        built = report_build(
            organization=org, kind=kind, fmt=fmt, period=period, params=params, by=request.user
        )
    except ReportError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("reports:report_list")
    return file_response(built.content, built.filename, built.content_type)


def _job_for(request, pk):
    job = get_object_or_404(ReportJob.objects.select_related("organization"), pk=pk)
    if job.organization_id != request.org.pk:
        raise Http404
    return job


@role_required(*READERS)
def job_status(request, pk):
    job = _job_for(request, pk)
    template = (
        "reports/job_progress.html"
        if request.headers.get("HX-Request")
        else "reports/job_status.html"
    )
    response = render(request, template, {"job": job})
    if job.is_finished and request.headers.get("HX-Request"):
        # Stop polling: htmx stops on status 286.
        response.status_code = 286
    return response


@role_required(*READERS)
def job_download(request, pk):
    job = _job_for(request, pk)
    if job.status != JobStatus.DONE or not job.file:
        raise Http404
    try:
        handle = job.file.open("rb")
    except OSError:
        # The row outlived its file (a cleanup, a restored database): the
        # report is gone, not a server error. Build it again.
        raise Http404("Файл отчёта не найден: сформируйте отчёт заново.") from None
    response = FileResponse(handle, as_attachment=True, filename=job.filename)
    response["Cache-Control"] = "private, no-store"
    return response


# --- the public section's settings -------------------------------------------------


@role_required(*MANAGER_ROLES)
def public_settings(request):
    org = request.org
    settings = public_settings_for(org)
    form = PublicSettingsForm(request.POST or None, instance=settings)
    if request.method == "POST" and form.is_valid():
        try:
            public_settings_save(organization=org, data=form.cleaned_data, by=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "Настройки публичного раздела сохранены.")
            return redirect("reports:public_settings")
    orders = Order.objects.filter(organization=org, status=OrderStatus.APPROVED).order_by(
        "-signed_on", "-sequence"
    )
    return render(
        request,
        "reports/public_settings.html",
        {
            "org": org,
            "form": form,
            "orders": orders,
            "public_url": reverse("reports:public_home", args=[org.slug]),
            "publishing": publishing_links(org),
        },
    )


def publishing_links(org):
    """Where the methodist publishes the other kinds of items (their own
    pages, in the mentoring app)."""
    return [
        ("Новости", reverse("mentoring:news_list")),
        ("Лучшие практики", reverse("mentoring:practice_list")),
        ("Методические материалы", reverse("mentoring:material_list")),
    ]


@require_POST
@role_required(*MANAGER_ROLES)
def order_publish_view(request, pk):
    order = get_object_or_404(Order, pk=pk, organization=request.org)
    publish = request.POST.get("is_public") == "1"
    try:
        order_publish(order=order, is_public=publish, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        verb = "опубликован" if publish else "снят с публикации"
        messages.success(request, f"Приказ № {order.number} {verb}.")
    return redirect("reports:public_settings")
