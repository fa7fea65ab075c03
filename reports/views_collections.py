"""The department's yearly collection of analytic reports
(reports/collections.py): the department's pages (list, new request,
request with the organisations' states, reminders, combined PDF and XLSX)
and the organisations' pages (requests addressed to them, submit,
withdraw, their own submitted file)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from mentoring.access import role_required
from mentoring.models import STAFF_ROLES, Role

from .access import (
    get_addressed_request_for,
    get_collection_request_for,
    require_department,
    require_submitting_organization,
)
from .collections import (
    collection_create,
    collection_organizations,
    collection_pdf,
    collection_remind,
    collection_rows,
    collection_submit,
    collection_summary,
    collection_withdraw,
    requests_for_organization,
)
from .forms import CollectionRequestForm
from .models import CollectionRequest, CollectionSubmission, SubmissionStatus
from .services import XLSX_TYPE
from .views import file_response

DEPARTMENT = (Role.SPECIALIST, Role.DIRECTOR)
PAGE_SIZE = 25


def _stored_pdf(submission):
    if not submission or not submission.is_submitted or not submission.pdf:
        raise Http404
    try:
        handle = submission.pdf.open("rb")
    except OSError:
        raise Http404("Файл отчёта не найден.") from None
    response = FileResponse(
        handle, as_attachment=True, filename=submission.pdf.name.rsplit("/", 1)[-1]
    )
    response["Cache-Control"] = "private, no-store"
    return response


# --- the department ---------------------------------------------------------------


@role_required(*DEPARTMENT)
def collection_list(request):
    department = require_department(request)
    form = CollectionRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            created = collection_create(
                department=department,
                period=form.cleaned_data["period"],
                deadline=form.cleaned_data["deadline"],
                note=form.cleaned_data["note"],
                by=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "Запрос направлен организациям департамента.")
            return redirect(created)
    elif request.method == "POST":
        messages.error(request, "Проверьте поля запроса.")
    queryset = CollectionRequest.objects.filter(department=department).select_related("created_by")
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    expected = len(collection_organizations(department))
    counts = dict(
        CollectionSubmission.objects.filter(
            request__in=[r.pk for r in page], status=SubmissionStatus.SUBMITTED
        )
        .values_list("request_id")
        .annotate(n=Count("pk"))
    )
    for item in page:
        item.submitted_count = counts.get(item.pk, 0)
    return render(
        request,
        "reports/collection_list.html",
        {
            "department": department,
            "form": form,
            "page": page,
            "expected": expected,
            "today": timezone.localdate(),
        },
        status=400 if request.method == "POST" else 200,
    )


@role_required(*DEPARTMENT)
def collection_detail(request, pk):
    item = get_collection_request_for(request, pk)
    rows = collection_rows(item)
    return render(
        request,
        "reports/collection_detail.html",
        {
            "item": item,
            "rows": rows,
            "summary": collection_summary(rows),
            "today": timezone.localdate(),
        },
    )


@require_POST
@role_required(*DEPARTMENT)
def collection_remind_view(request, pk):
    item = get_collection_request_for(request, pk)
    try:
        count = collection_remind(request=item, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"Напоминание отправлено организациям: {count}.")
    return redirect(item)


@role_required(*DEPARTMENT)
def collection_pdf_view(request, pk):
    item = get_collection_request_for(request, pk)
    return file_response(
        collection_pdf(item),
        f"sbornik-{item.department.slug}-{item.period}.pdf",
        "application/pdf",
    )


@role_required(*DEPARTMENT)
def collection_xlsx_view(request, pk):
    from .collections import collection_xlsx

    item = get_collection_request_for(request, pk)
    return file_response(
        collection_xlsx(item), f"sbornik-{item.department.slug}-{item.period}.xlsx", XLSX_TYPE
    )


@role_required(*DEPARTMENT)
def collection_submission_pdf(request, pk, org_pk):
    item = get_collection_request_for(request, pk)
    submission = CollectionSubmission.objects.filter(request=item, organization_id=org_pk).first()
    return _stored_pdf(submission)


# --- the organisations --------------------------------------------------------------


@role_required(*STAFF_ROLES, Role.SPECIALIST)
def my_collections(request):
    """The menu's one entry: the department is sent to its own list."""
    if request.org.is_department and request.membership.role in DEPARTMENT:
        return redirect("reports:collection_list")
    organization = require_submitting_organization(request)
    queryset = requests_for_organization(organization)
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    mine = {
        s.request_id: s
        for s in CollectionSubmission.objects.filter(
            organization=organization, request__in=[r.pk for r in page]
        )
    }
    for item in page:
        item.mine = mine.get(item.pk)
    return render(
        request,
        "reports/collection_mine.html",
        {"org": organization, "page": page, "today": timezone.localdate()},
    )


@role_required(*STAFF_ROLES)
def my_collection(request, pk):
    item = get_addressed_request_for(request, pk)
    organization = request.org
    if request.method == "POST":
        try:
            collection_submit(request=item, organization=organization, by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, "Аналитический отчёт представлен в департамент.")
        return redirect("reports:my_collection", pk=item.pk)
    submission = CollectionSubmission.objects.filter(
        request=item, organization=organization
    ).first()
    if submission:
        submission.request = item
    today = timezone.localdate()
    return render(
        request,
        "reports/collection_submission.html",
        {
            "org": organization,
            "item": item,
            "submission": submission,
            "today": today,
            "can_withdraw": bool(submission and submission.is_submitted and today <= item.deadline),
        },
    )


@require_POST
@role_required(*STAFF_ROLES)
def my_collection_withdraw(request, pk):
    item = get_addressed_request_for(request, pk)
    try:
        collection_withdraw(request=item, organization=request.org, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "Отчёт отозван. До срока его можно представить снова.")
    return redirect("reports:my_collection", pk=item.pk)


@role_required(*STAFF_ROLES)
def my_collection_pdf(request, pk):
    item = get_addressed_request_for(request, pk)
    submission = CollectionSubmission.objects.filter(request=item, organization=request.org).first()
    return _stored_pdf(submission)
