"""The department's yearly «информационно-аналитический сборник»: a request
for the organisations' analytic reports with a deadline, the organisations'
submissions, reminders, and the combined PDF and XLSX.

Who does what (access in reports/access.py):
- the department (its specialist or its head: a director membership at a
  department-kind organisation) creates the request, sees who submitted and
  who is late, reminds, and downloads the collection;
- each organisation below the department (its director, coordinator or
  methodist) submits its analytic report for the year and may withdraw it
  up to the deadline (a late submission is accepted and marked late).

What is submitted: the analytic report the organisation's director or team
signs off by submitting it — the system builds it for the request's year
(reports.builders.analytic_data with the saved conclusions) and freezes it:
the PDF file and the indicator figures are stored with the submission and
never recomputed.
"""

import datetime
import io

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, models, transaction
from django.utils import timezone

from mentoring.models import Organization
from mentoring.pdf import render_pdf

from . import builders
from .models import CollectionRequest, CollectionSubmission, SubmissionStatus
from .periods import Period, PeriodError
from .xlsx import tables_xlsx

# How long after the deadline a request still shows on the home cards and
# sends reminders to organisations that have not submitted.
OPEN_AFTER_DEADLINE_DAYS = 60
NOT_SUBMITTED = "не представлен"


def collection_organizations(department):
    """The organisations a department's request is addressed to: every
    non-department organisation below it, by short name (two queries per
    level of the tree)."""
    ids = Organization.descendant_ids([department.pk])
    return list(
        Organization.objects.filter(pk__in=ids)
        .exclude(kind=Organization.Kind.DEPARTMENT)
        .order_by("short_name", "pk")
    )


def departments_above(organization):
    """Ids of the department-kind organisations above ``organization``."""
    found, current = [], organization
    seen = set()
    while current.parent_id and current.parent_id not in seen:
        seen.add(current.parent_id)
        current = Organization.objects.only("pk", "kind", "parent_id").get(pk=current.parent_id)
        if current.kind == Organization.Kind.DEPARTMENT:
            found.append(current.pk)
    return found


@transaction.atomic
def collection_create(*, department, period, deadline, note="", by):
    """A new request of ``department`` for the academic year ``period``
    ("2025-2026"). Raises ValidationError (Russian) when the organisation is
    not a department, the year is malformed, the deadline has passed, or
    the year already has a request; nothing is written then."""
    if not department.is_department:
        raise ValidationError("Запрос для сборника создаёт департамент.")
    try:
        code = Period.parse(period).code
    except PeriodError as error:
        raise ValidationError(str(error)) from None
    if deadline < timezone.localdate():
        raise ValidationError(
            "Срок представления уже прошёл: укажите сегодняшнюю или более позднюю дату."
        )
    request = CollectionRequest(
        department=department,
        period=code,
        deadline=deadline,
        note=(note or "").strip(),
        created_by=by,
    )
    request.full_clean()
    try:
        with transaction.atomic():
            request.save()
    except IntegrityError:
        raise ValidationError("Запрос за этот учебный год уже создан.") from None
    return request


def _figures(indicators):
    """[[label, value]] of the analytic report's indicators, JSON-safe
    (Decimal → float; None stays None)."""
    rows = []
    for key, label in builders.INDICATORS:
        value = indicators.get(key)
        if value is not None and not isinstance(value, int | float):
            value = float(value)
        rows.append([label, value])
    return rows


def collection_submit(*, request, organization, by):
    """Submit the organisation's analytic report for the request's year:
    build it now (PDF and figures) and store it with the submission.

    Raises ValidationError when the organisation is not addressed by the
    request or has a submission in force already. A report submitted after
    the deadline is accepted and shown as late."""
    if organization.pk not in {o.pk for o in collection_organizations(request.department)}:
        raise ValidationError("Запрос адресован организациям другого департамента.")
    if CollectionSubmission.objects.filter(
        request=request, organization=organization, status=SubmissionStatus.SUBMITTED
    ).exists():
        raise ValidationError("Отчёт уже представлен. Чтобы заменить его, сначала отзовите.")
    period = Period.parse(request.period)
    # Built outside the transaction: WeasyPrint takes seconds and must not
    # hold the database's write lock.
    from .pdf import analytic_pdf
    from .services import conclusion_text

    data = builders.analytic_data(
        organization, period, conclusions=conclusion_text(organization, period)
    )
    content = analytic_pdf(data)
    figures = _figures(data["indicators"])
    return _store_submission(
        request=request,
        organization=organization,
        content=content,
        figures=figures,
        as_of=data["as_of"],
        by=by,
    )


@transaction.atomic
def _store_submission(*, request, organization, content, figures, as_of, by):
    submission, _created = CollectionSubmission.objects.select_for_update().get_or_create(
        request=request,
        organization=organization,
        defaults={"status": SubmissionStatus.WITHDRAWN},
    )
    if submission.is_submitted:
        raise ValidationError("Отчёт уже представлен. Чтобы заменить его, сначала отзовите.")
    old_file = submission.pdf.name
    filename = f"analiticheskij-otchet-{organization.slug}-{request.period}.pdf"
    submission.pdf.save(filename, ContentFile(content), save=False)
    submission.status = SubmissionStatus.SUBMITTED
    submission.figures = figures
    submission.as_of = as_of
    submission.submitted_by = by
    submission.submitted_at = timezone.now()
    submission.withdrawn_at = None
    submission.full_clean()
    submission.save()
    if old_file and old_file != submission.pdf.name:
        storage = submission.pdf.storage
        transaction.on_commit(lambda: storage.delete(old_file))
    return submission


@transaction.atomic
def collection_withdraw(*, request, organization, by, today=None):
    """Withdraw the organisation's submission; allowed up to the deadline
    (inclusive). Raises ValidationError otherwise; nothing changes then."""
    today = today or timezone.localdate()
    submission = (
        CollectionSubmission.objects.select_for_update()
        .filter(request=request, organization=organization)
        .first()
    )
    if submission is None or not submission.is_submitted:
        raise ValidationError("Отчёт не представлен: отзывать нечего.")
    if today > request.deadline:
        raise ValidationError(
            f"Срок представления ({request.deadline:%d.%m.%Y}) прошёл: отозвать отчёт нельзя, "
            "обратитесь в департамент."
        )
    name, storage = submission.pdf.name, submission.pdf.storage
    submission.status = SubmissionStatus.WITHDRAWN
    submission.withdrawn_at = timezone.now()
    submission.pdf = ""
    submission.figures = []
    submission.save(update_fields=["status", "withdrawn_at", "pdf", "figures"])
    if name:
        transaction.on_commit(lambda: storage.delete(name))
    return submission


@transaction.atomic
def collection_remind(*, request, by):
    """Remind the organisations that have not submitted: a new notice goes
    to their director, coordinator and methodist (reports/notifications.py
    keys the notice by the reminder's number). Raises ValidationError when
    everyone has submitted. Returns the number of organisations reminded."""
    locked = CollectionRequest.objects.select_for_update().get(pk=request.pk)
    pending = [row for row in collection_rows(locked) if not row["submission"]]
    if not pending:
        raise ValidationError("Все организации представили отчёты: напоминать некому.")
    locked.reminders += 1
    locked.reminded_at = timezone.now()
    locked.save(update_fields=["reminders", "reminded_at"])
    request.reminders, request.reminded_at = locked.reminders, locked.reminded_at
    return len(pending)


def collection_rows(request, today=None):
    """One row per addressed organisation: ``{"org", "submission" (in force
    or None), "state", "late"}``; ``state`` is "submitted", "late"
    (submitted after the deadline), "overdue" (not submitted, deadline
    passed) or "waiting". Two queries plus the tree walk."""
    today = today or timezone.localdate()
    orgs = collection_organizations(request.department)
    submissions = {
        s.organization_id: s
        for s in CollectionSubmission.objects.filter(
            request=request, status=SubmissionStatus.SUBMITTED
        ).select_related("submitted_by")
    }
    rows = []
    for org in orgs:
        submission = submissions.get(org.pk)
        if submission:
            submission.request = request
            state = "late" if submission.is_late else "submitted"
        else:
            state = "overdue" if today > request.deadline else "waiting"
        rows.append({"org": org, "submission": submission, "state": state})
    return rows


def collection_summary(rows):
    """Counts for a list of ``collection_rows``."""
    submitted = sum(1 for r in rows if r["submission"])
    return {
        "total": len(rows),
        "submitted": submitted,
        "pending": len(rows) - submitted,
        "late": sum(1 for r in rows if r["state"] == "late"),
        "overdue": sum(1 for r in rows if r["state"] == "overdue"),
        "waiting": sum(1 for r in rows if r["state"] == "waiting"),
    }


# --- the combined files ---------------------------------------------------------------


def collection_pdf(request, today=None):
    """The collection as one PDF: a title page and contents (WeasyPrint),
    then each submitted report in turn as it was stored (pypdf), with a
    bookmark per organisation. Contents page numbers are pages of the
    combined file. Organisations without a report are listed as such."""
    from pypdf import PdfReader, PdfWriter

    rows = collection_rows(request, today)
    readers = []
    for row in rows:
        submission = row["submission"]
        if submission:
            with submission.pdf.open("rb") as handle:
                readers.append((row, PdfReader(io.BytesIO(handle.read()))))
    context = {
        "request": request,
        "department": request.department,
        "rows": rows,
        "summary": collection_summary(rows),
        "generated": timezone.localtime(),
    }

    def front(pages_before):
        # The contents need their own length: render, count, render again
        # with the numbers (the length does not depend on the numbers).
        start = pages_before + 1
        for row, reader in readers:
            row["page"] = start
            start += len(reader.pages)
        return render_pdf("pdf/collection.html", context)

    front_pdf = front(0)
    front_pages = len(PdfReader(io.BytesIO(front_pdf)).pages)
    front_pdf = front(front_pages)
    writer = PdfWriter()
    writer.append(PdfReader(io.BytesIO(front_pdf)), import_outline=False)
    for row, reader in readers:
        index = len(writer.pages)
        writer.append(reader, import_outline=False)
        writer.add_outline_item(title=row["org"].short_name, page_number=index)
    writer.add_metadata({"/Title": f"Информационно-аналитический сборник, {request.period_label}"})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def collection_xlsx(request, today=None):
    """The collection as a workbook: «Сводка» (one row per organisation:
    state, date, and each indicator figure as submitted), then one sheet per
    organisation that submitted (indicator, value)."""
    rows = collection_rows(request, today)
    labels = [label for _key, label in builders.INDICATORS]
    states = {
        "submitted": "представлен",
        "late": "представлен с опозданием",
        "overdue": "не представлен, срок прошёл",
        "waiting": NOT_SUBMITTED,
    }
    summary = []
    for row in rows:
        submission = row["submission"]
        values = dict(submission.figures) if submission else {}
        summary.append(
            [
                row["org"].short_name,
                states[row["state"]],
                submission.submitted_at if submission else None,
                submission.as_of if submission else None,
                *[values.get(label) for label in labels],
            ]
        )
    sheets = [
        (
            "Сводка",
            [
                ("Организация", 36),
                ("Состояние", 22),
                ("Представлен", 16),
                ("Показатели на", 12),
                *[(label, 14) for label in labels],
            ],
            summary,
        )
    ]
    used = {"Сводка"}
    for index, row in enumerate(rows, start=1):
        submission = row["submission"]
        if not submission:
            continue
        title = _unique_title(f"{index}. {row['org'].short_name}", used)
        by = submission.submitted_by
        sheets.append(
            (
                title,
                [("Показатель", 60), ("Значение", 20)],
                [
                    ["Организация", row["org"].name],
                    ["Учебный год", request.period_label],
                    ["Показатели на дату", submission.as_of],
                    ["Представил", by.full_name if by else ""],
                    ["Представлен", submission.submitted_at],
                    *submission.figures,
                ],
            )
        )
    return tables_xlsx(sheets)


def _unique_title(title, used):
    # Excel: at most 31 characters and unique, case-insensitively.
    from mentoring.xlsx import sheet_title

    base = sheet_title(title)
    candidate, n = base, 2
    while candidate.lower() in {u.lower() for u in used}:
        suffix = f" ({n})"
        candidate = base[: 31 - len(suffix)] + suffix
        n += 1
    used.add(candidate)
    return candidate


def open_requests_for_department(department, today=None):
    """The department's requests still open (deadline not long past)."""
    today = today or timezone.localdate()
    since = today - datetime.timedelta(days=OPEN_AFTER_DEADLINE_DAYS)
    return CollectionRequest.objects.filter(department=department, deadline__gte=since)


def requests_for_organization(organization, today=None, *, open_only=False):
    """Requests addressed to ``organization`` (from the departments above
    it), newest first; ``open_only``: not long past the deadline."""
    today = today or timezone.localdate()
    queryset = CollectionRequest.objects.filter(department_id__in=departments_above(organization))
    if open_only:
        since = today - datetime.timedelta(days=OPEN_AFTER_DEADLINE_DAYS)
        queryset = queryset.filter(deadline__gte=since)
    return queryset.select_related("department")


def collection_home_card(organization, today=None):
    """The home card (mentoring.registries): for a department, its open
    requests with counts; for an organisation, the open requests addressed
    to it with its own state. Plain dicts (the card is cached)."""
    today = today or timezone.localdate()
    if organization.is_department:
        items = []
        requests = list(open_requests_for_department(organization, today)[:3])
        if requests:
            expected = len(collection_organizations(organization))
            counts = dict(
                CollectionSubmission.objects.filter(
                    request__in=requests, status=SubmissionStatus.SUBMITTED
                )
                .values_list("request_id")
                .annotate(n=models.Count("pk"))
            )
            for item in requests:
                items.append(
                    {
                        "pk": item.pk,
                        "label": item.period_label,
                        "deadline": item.deadline,
                        "overdue": item.deadline < today,
                        "submitted": counts.get(item.pk, 0),
                        "expected": expected,
                    }
                )
        return {"department": True, "items": items}
    requests = list(requests_for_organization(organization, today, open_only=True)[:3])
    mine = set(
        CollectionSubmission.objects.filter(
            organization=organization, request__in=requests, status=SubmissionStatus.SUBMITTED
        ).values_list("request_id", flat=True)
    )
    return {
        "department": False,
        "items": [
            {
                "pk": item.pk,
                "label": item.period_label,
                "department": item.department.short_name,
                "deadline": item.deadline,
                "overdue": item.deadline < today,
                "submitted": item.pk in mine,
            }
            for item in requests
        ],
    }
