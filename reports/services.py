"""Building report files, and the writes of the reports app (conclusions,
public settings, what is published). Views, jobs and the build_report
command all call ``report_build``."""

import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from mentoring.models import AuditEvent, MentoringForm, Order, OrderStatus, Participant, TargetGroup
from mentoring.public_cache import public_cache_bump

from . import builders, spreadsheets
from .models import KIND_FORMATS, PublicSettings, ReportConclusion, ReportFormat, ReportKind
from .periods import Period, PeriodError, Quarter

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CONTENT_TYPES = {ReportFormat.PDF: "application/pdf", ReportFormat.XLSX: XLSX_TYPE}
# Above these sizes a report is built in the background (see needs_background).
BACKGROUND_PARTICIPANTS = 2000
BACKGROUND_ORGANIZATIONS = 20
BANK_SIDES = {
    ReportKind.MENTORS: "mentors",
    ReportKind.MENTEES: "mentees",
    ReportKind.POTENTIAL_MENTORS: "potential-mentors",
}
FILE_STEMS = {
    ReportKind.ANALYTIC: "analiticheskij-otchet",
    ReportKind.REGISTER: "reestr-uchastnikov",
    ReportKind.MENTORS: "bank-nastavnikov",
    ReportKind.MENTEES: "bank-nastavlyaemyh",
    ReportKind.POTENTIAL_MENTORS: "reestr-potencialnyh-nastavnikov",
    ReportKind.MONITORING: "monitoring",
}


class ReportError(ValidationError):
    pass


@dataclass
class BuiltReport:
    content: bytes
    filename: str
    content_type: str


def check_request(*, organization, kind, fmt):
    """Refuse a kind, format or organisation that do not go together."""
    if kind not in ReportKind.values:
        raise ReportError(f"Неизвестный отчёт «{kind}».")
    if fmt not in KIND_FORMATS[kind]:
        formats = ", ".join(KIND_FORMATS[kind])
        raise ReportError(f"Этот отчёт формируется в форматах: {formats}.")
    if kind == ReportKind.MONITORING and not organization.is_department:
        raise ReportError("Мониторинг по организациям формируется для департамента.")
    if kind != ReportKind.MONITORING and organization.is_department:
        raise ReportError("Для департамента формируется мониторинг по организациям.")


def parse_period(kind, code):
    """The academic year (or, for the monitoring, the quarter) of a report;
    the current one when ``code`` is empty."""
    try:
        if kind == ReportKind.MONITORING:
            if not code:
                return Quarter.current()
            if re.fullmatch(r"\s*\d{4}\s*-\s*\d{4}\s*", code):
                # An academic year: its last quarter, or the current one.
                period = Period.parse(code)
                return Quarter.current(min(period.end, timezone.localdate()))
            return Quarter.parse(code)
        return Period.parse(code) if code else Period.current()
    except PeriodError as error:
        raise ReportError(str(error)) from None


def report_size(*, organization, kind):
    """What decides between building now and in the background: the number
    of participants (and of organisations for the monitoring)."""
    if kind == ReportKind.MONITORING:
        return len(builders.child_organizations(organization))
    return Participant.objects.of(organization).active().count()


def needs_background(*, organization, kind):
    size = report_size(organization=organization, kind=kind)
    limit = BACKGROUND_ORGANIZATIONS if kind == ReportKind.MONITORING else BACKGROUND_PARTICIPANTS
    return size > limit


def filters_label(organization, kind, filters):
    """The filters in words, for the file's parameters sheet."""
    parts = []
    groups = dict(TargetGroup.choices)
    if filters.get("target_group") in groups:
        parts.append(f"целевая группа: {groups[filters['target_group']]}")
    if kind == ReportKind.REGISTER:
        form_id = str(filters.get("form", ""))
        if form_id.isdigit():
            name = (
                MentoringForm.objects.filter(organization=organization, pk=int(form_id))
                .values_list("name", flat=True)
                .first()
            )
            if name:
                parts.append(f"форма: {name}")
        if filters.get("status") in builders.COVERING_STATUSES:
            parts.append(
                "статус: действует" if filters["status"] == "active" else "статус: завершена"
            )
        if filters.get("role") in ("mentor", "mentee"):
            parts.append("наставники" if filters["role"] == "mentor" else "наставляемые")
    else:
        labels = {
            "mentor_status": "статус",
            "consent": "согласие",
            "pair": "пара",
            "subject": "предмет",
        }
        for key, label in labels.items():
            if filters.get(key):
                parts.append(f"{label}: {filters[key]}")
    return "; ".join(parts)


def report_build(*, organization, kind, fmt, period="", params=None, by=None, progress=None):
    """Build a report file. ``period``: "2025-2026" (or a quarter for the
    monitoring); ``params``: filters of a register, ``conclusions`` of the
    analytic report. Raises ReportError for a request that makes no sense."""
    params = params or {}
    progress = progress or (lambda value: None)
    check_request(organization=organization, kind=kind, fmt=fmt)
    when = parse_period(kind, period)
    stamp = when.code
    if kind == ReportKind.ANALYTIC:
        conclusions = params.get("conclusions")
        if conclusions is None:
            conclusions = conclusion_text(organization, when)
        data = builders.analytic_data(
            organization, when, conclusions=conclusions, progress=progress
        )
        if fmt == ReportFormat.PDF:
            from .pdf import analytic_pdf

            content = analytic_pdf(data)
        else:
            content = spreadsheets.analytic_xlsx(data)
    elif kind == ReportKind.MONITORING:
        data = builders.monitoring_rows(organization, when, progress=progress)
        content = spreadsheets.monitoring_xlsx(data)
    else:
        filters = {k: v for k, v in (params.get("filters") or {}).items() if v}
        label = filters_label(organization, kind, filters)
        progress(20)
        if kind == ReportKind.REGISTER:
            rows = builders.register_rows(organization, when, filters)
            content = spreadsheets.personified_register_xlsx(
                organization=organization, period=when, filters_label=label, rows=rows
            )
        else:
            title, columns, rows = builders.bank_register(organization, BANK_SIDES[kind], filters)
            stamp = timezone.localdate().isoformat()
            content = spreadsheets.register_xlsx(
                title=title,
                organization=organization,
                period_label=f"на {timezone.localdate():%d.%m.%Y}",
                filters_label=label,
                columns=columns,
                rows=rows,
            )
        # A file of personal data leaves the system: it goes to the journal.
        AuditEvent.objects.create(
            organization=organization,
            action=AuditEvent.Action.EXPORT,
            actor=by,
            details={"what": kind, "filters": filters},
        )
    progress(95)
    filename = f"{FILE_STEMS[kind]}-{organization.slug}-{stamp}.{fmt}"
    return BuiltReport(content=content, filename=filename, content_type=CONTENT_TYPES[fmt])


# --- conclusions ---------------------------------------------------------------


def conclusion_text(organization, period):
    return (
        ReportConclusion.objects.filter(organization=organization, period=period.code)
        .values_list("text", flat=True)
        .first()
        or ""
    )


@transaction.atomic
def conclusion_save(*, organization, period, text, by):
    conclusion, _created = ReportConclusion.objects.get_or_create(
        organization=organization, period=period.code
    )
    conclusion.text = (text or "").strip()
    conclusion.updated_by = by
    conclusion.full_clean()
    conclusion.save()
    return conclusion


# --- the public section ---------------------------------------------------------


def public_settings_for(organization):
    """The organisation's settings, unsaved defaults when there are none."""
    try:
        return organization.public_settings
    except PublicSettings.DoesNotExist:
        return PublicSettings(organization=organization)


@transaction.atomic
def public_settings_save(*, organization, data, by):
    settings = public_settings_for(organization)
    for field, value in data.items():
        setattr(settings, field, value.strip() if isinstance(value, str) else value)
    settings.updated_by = by
    settings.full_clean()
    settings.save()
    public_cache_bump(organization)
    return settings


@transaction.atomic
def order_publish(*, order, is_public, by):
    """Show or hide an approved order in the public section. Publication is
    not part of the order's text, so it is the one field set on an approved
    order; ``update()`` passes by Order.save's guard on approved rows."""
    if order.status != OrderStatus.APPROVED:
        raise ValidationError("Публикуются только утверждённые приказы.")
    Order.objects.filter(pk=order.pk).update(is_public=bool(is_public))
    order.is_public = bool(is_public)
    public_cache_bump(order.organization_id)
    return order
