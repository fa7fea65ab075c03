"""Pages of the documents app: the Положение (sections, versions, PDF, DOCX,
the approving order), agreements with mentors (ТК РФ ст. 351.8), the payment
register for the accountant, settings, signed scans. Each view: access
check → form → one service call → redirect with a message."""

from django.contrib import messages
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.views.decorators.http import require_GET, require_POST

from mentoring.access import (
    acting_manager_required,
    acting_role,
    acting_staff_required,
    get_order_for,
    manager_required,
    staff_required,
)
from mentoring.files import file_response
from mentoring.models import MANAGER_ROLES, Mentorship, Participant, Role
from mentoring.services import StaleEditError
from mentoring.submit_once import submit_once

from . import exports, services
from .access import get_agreement_for, get_regulation_for, get_scan_for
from .forms import (
    AgreementApproveForm,
    AgreementForm,
    OrderAppendixForm,
    PeriodForm,
    ScanForm,
    SectionForm,
    SettingsForm,
)
from .models import DocumentStatus, MentorAgreement, OrderAppendix, Regulation, SignedScan

PER_PAGE = 25


def _errors(request, error):
    for message in error.messages:
        messages.error(request, message)


def _file(data, content_type, filename, *, inline=True):
    response = HttpResponse(data, content_type=content_type)
    disposition = "inline" if inline else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


def scans_of(document):
    return list(
        SignedScan.objects.filter(
            content_type=ContentType.objects.get_for_model(type(document)), object_id=document.pk
        ).select_related("uploaded_by")
    )


# --- the Положение ---------------------------------------------------------------------


@acting_staff_required
def regulation_list(request):
    regulations = Regulation.objects.filter(organization=request.org).select_related("order")
    page = Paginator(regulations.order_by("-created_at", "-pk"), PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "documents/regulation_list.html",
        {"page": page, "can_write": acting_role(request.membership) in MANAGER_ROLES},
    )


@require_POST
@acting_manager_required
@submit_once
def regulation_create(request):
    existing = Regulation.objects.filter(
        organization=request.org, status=DocumentStatus.DRAFT
    ).exists()
    regulation = services.regulation_create(organization=request.org, by=request.user)
    if existing:
        messages.info(request, "Проект Положения уже есть: продолжите его.")
    else:
        messages.success(
            request, "Проект Положения создан по шаблону. Проверьте и дополните разделы."
        )
    return redirect(regulation)


@require_GET
@acting_staff_required
def regulation_detail(request, pk):
    regulation = get_regulation_for(request, pk)
    versions = list(regulation.versions.select_related("created_by").order_by("-number"))
    shown = versions[0]
    if request.GET.get("version"):
        shown = next((v for v in versions if str(v.number) == request.GET["version"]), shown)
    if regulation.is_approved and not request.GET.get("version"):
        shown = regulation.approved_version
    _version, sections = exports.regulation_body(regulation, shown)
    return render(
        request,
        "documents/regulation_detail.html",
        {
            "regulation": regulation,
            "versions": versions,
            "shown": shown,
            "sections": list(zip(shown.sections, sections, strict=True)),
            "can_write": acting_role(request.membership) in MANAGER_ROLES
            and not regulation.is_approved,
            "scans": scans_of(regulation) if regulation.is_approved else [],
            "scan_form": ScanForm() if regulation.is_approved else None,
        },
    )


@acting_manager_required
def regulation_section_edit(request, pk, key):
    regulation = get_regulation_for(request, pk, write=True)
    if regulation.is_approved:
        messages.error(request, "Утверждённое Положение изменить нельзя.")
        return redirect(regulation)
    current = regulation.current_version()
    section = next((s for s in current.sections if s["key"] == key), None)
    if section is None:
        raise Http404("Нет такого раздела")
    form = SectionForm(
        request.POST or None,
        initial={"heading": section["heading"], "text": section["text"], "version": current.number},
    )
    if request.method == "POST" and form.is_valid():
        try:
            version = services.regulation_section_update(
                regulation=regulation,
                key=key,
                heading=form.cleaned_data["heading"],
                text=form.cleaned_data["text"],
                version=form.cleaned_data["version"],
                by=request.user,
            )
        except (ValidationError, StaleEditError) as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"Раздел сохранён: редакция {version.number}.")
            return redirect(f"{regulation.get_absolute_url()}#section-{key}")
    return render(
        request,
        "documents/regulation_section.html",
        {"regulation": regulation, "form": form, "section": section},
    )


@require_GET
@acting_staff_required
def regulation_pdf(request, pk):
    regulation = get_regulation_for(request, pk)
    if regulation.is_approved and regulation.frozen_pdf and not request.GET.get("version"):
        return file_response(regulation.frozen_pdf, filename=f"polozhenie-{regulation.pk}.pdf")
    version = None
    if request.GET.get("version", "").isdigit():
        version = regulation.versions.filter(number=int(request.GET["version"])).first()
    return _file(
        exports.regulation_pdf(regulation, version),
        "application/pdf",
        f"polozhenie-{regulation.pk}.pdf",
    )


@require_GET
@acting_staff_required
def regulation_docx(request, pk):
    regulation = get_regulation_for(request, pk)
    return _file(
        exports.regulation_docx(regulation),
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        f"polozhenie-{regulation.pk}.docx",
        inline=False,
    )


@require_POST
@acting_manager_required
@submit_once
def regulation_order(request, pk):
    regulation = get_regulation_for(request, pk, write=True)
    try:
        order = services.regulation_order_create(regulation=regulation, by=request.user)
    except ValidationError as error:
        _errors(request, error)
        return redirect(regulation)
    messages.success(request, "Проект приказа об утверждении Положения подготовлен.")
    return redirect(order)


# --- agreements ------------------------------------------------------------------------


@require_GET
@acting_staff_required
def agreement_list(request):
    agreements = (
        MentorAgreement.objects.filter(organization=request.org)
        .select_related("mentor", "mentorship__form")
        .order_by("-starts_on", "-pk")
    )
    page = Paginator(agreements, PER_PAGE).get_page(request.GET.get("page"))
    uncovered = list(services.mentorships_without_agreement(request.org)[:PER_PAGE])
    return render(
        request,
        "documents/agreement_list.html",
        {
            "page": page,
            "uncovered": uncovered,
            "can_write": acting_role(request.membership) in MANAGER_ROLES,
            "mentors": services.mentors_for_year_agreements(request.org)
            if acting_role(request.membership) in MANAGER_ROLES
            else [],
            "basis": services.settings_for(request.org).get_agreement_basis_display(),
        },
    )


@acting_manager_required
@submit_once
def agreement_create(request):
    mentorship = mentor = None
    if request.GET.get("mentorship", "").isdigit():
        mentorship = (
            Mentorship.objects.filter(organization=request.org, pk=int(request.GET["mentorship"]))
            .with_people()
            .first()
        )
        if mentorship is None:
            raise Http404("Нет такой пары")
        mentor = mentorship.lead_mentor
    elif request.GET.get("mentor", "").isdigit():
        mentor = Participant.objects.filter(
            organization=request.org, pk=int(request.GET["mentor"]), is_mentor=True
        ).first()
    if mentor is None:
        # Opened without a pair or a mentor (a bookmark, a bare link): the
        # list is where one chooses them.
        messages.info(request, "Выберите пару или наставника, с которым заключается соглашение.")
        return redirect("documents:agreement_list")
    defaults = services.agreement_defaults(
        organization=request.org, mentor=mentor, mentorship=mentorship
    )
    form = AgreementForm(request.POST or None, initial=defaults)
    if request.method == "POST" and form.is_valid():
        try:
            agreement = services.agreement_create(
                organization=request.org,
                mentor=mentor,
                mentorship=mentorship,
                data=form.cleaned_data,
                by=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "Проект соглашения сохранён.")
            return redirect(agreement)
    return render(
        request,
        "documents/agreement_form.html",
        {
            "form": form,
            "mentor": mentor,
            "mentorship": mentorship,
            "employee": services.is_employee(mentor),
        },
    )


@require_GET
@acting_staff_required
def agreement_detail(request, pk):
    agreement = get_agreement_for(request, pk)
    return render(
        request,
        "documents/agreement_detail.html",
        {
            "a": agreement,
            "approve_form": AgreementApproveForm()
            if request.membership.role == Role.DIRECTOR and not agreement.is_approved
            else None,
            "scans": scans_of(agreement) if agreement.is_approved else [],
            "scan_form": ScanForm() if agreement.is_approved else None,
        },
    )


@require_GET
@acting_staff_required
def agreement_pdf(request, pk):
    agreement = get_agreement_for(request, pk)
    if agreement.is_approved and agreement.frozen_pdf:
        return file_response(agreement.frozen_pdf, filename=f"soglashenie-{agreement.pk}.pdf")
    if agreement.mentor_id is None:
        raise Http404("Данные наставника уничтожены, а текст соглашения не сохранён")
    return _file(exports.agreement_pdf(agreement), "application/pdf", f"soglashenie-{pk}.pdf")


@require_GET
@acting_staff_required
def agreement_consent_pdf(request, pk):
    agreement = get_agreement_for(request, pk)
    if not agreement.is_employment:
        raise Http404("Согласие по ст. 351.8 ТК РФ дают только работники")
    if agreement.mentor_id is None:
        raise Http404("Данные наставника уничтожены: бланк согласия не формируется")
    return _file(exports.consent_pdf(agreement), "application/pdf", f"soglasie-{pk}.pdf")


@require_POST
@acting_staff_required
def agreement_approve(request, pk):
    agreement = get_agreement_for(request, pk, decide=True)
    form = AgreementApproveForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Укажите номер и дату подписания соглашения.")
        return redirect(agreement)
    try:
        services.agreement_approve(agreement=agreement, by=request.user, **form.cleaned_data)
    except ValidationError as error:
        _errors(request, error)
    else:
        messages.success(request, "Соглашение зарегистрировано, текст сохранён как подписанный.")
    return redirect(agreement)


# --- the payment register, settings --------------------------------------------------


@require_GET
@staff_required
def payment_register(request):
    form = PeriodForm(request.GET or None, initial=PeriodForm.default_initial())
    rows = totals = None
    if form.is_bound and form.is_valid():
        start, end = form.cleaned_data["start"], form.cleaned_data["end"]
        rows, totals = services.payment_register(request.org, start, end)
        if request.GET.get("format") == "xlsx":
            return _file(
                exports.payment_register_xlsx(rows, totals, start, end),
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                f"doplaty-nastavnikam-{start:%Y%m%d}-{end:%Y%m%d}.xlsx",
                inline=False,
            )
    return render(
        request,
        "documents/payment_register.html",
        {"form": form, "rows": rows, "totals": totals},
    )


@manager_required
def document_settings(request):
    instance = services.settings_for(request.org)
    form = SettingsForm(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Настройки оплаты наставничества сохранены.")
        return redirect("documents:settings")
    return render(request, "documents/settings.html", {"form": form})


# --- signed scans ----------------------------------------------------------------------


def _document(request, kind, pk):
    if kind == "order":
        return get_order_for(request, pk)
    if kind == "regulation":
        return get_regulation_for(request, pk)
    if kind == "agreement":
        return get_agreement_for(request, pk)
    raise Http404("Неизвестный вид документа")


@require_POST
@acting_staff_required
@submit_once
def scan_upload(request, kind, pk):
    document = _document(request, kind, pk)
    form = ScanForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, "Выберите файл скана.")
        return redirect(document)
    try:
        services.scan_attach(document=document, upload=form.cleaned_data["file"], by=request.user)
    except ValidationError as error:
        _errors(request, error)
    else:
        messages.success(request, "Скан подписанного документа прикреплён.")
    return redirect(document)


@require_GET
@acting_staff_required
def scan_file(request, pk):
    scan = get_scan_for(request, pk)
    return file_response(scan.file, filename=scan.original_name or "scan")


def order_scan_panel(request, order):
    """The order page's panels: extra appendices (added to a draft), signed
    scans of an approved order."""
    html = render_to_string(
        "documents/order_appendix_panel.html",
        {
            "order": order,
            "appendices": list(OrderAppendix.objects.filter(order=order).order_by("pk")),
            "can_edit": order.is_editable and acting_role(request.membership) in MANAGER_ROLES,
            "form": OrderAppendixForm(organization=order.organization),
        },
        request=request,
    )
    if order.is_approved:
        html += render_to_string(
            "documents/scan_panel.html",
            {"kind": "order", "document": order, "scans": scans_of(order), "form": ScanForm()},
            request=request,
        )
    return html


@require_POST
@acting_manager_required
@submit_once
def order_appendix_add(request, order_pk):
    order = get_order_for(request, order_pk, write=True)
    form = OrderAppendixForm(request.POST, request.FILES, organization=request.org)
    if not form.is_valid():
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
        return redirect(order)
    try:
        services.order_appendix_add(
            order=order,
            title=form.cleaned_data["title"],
            upload=form.cleaned_data.get("file"),
            regulation=form.cleaned_data.get("regulation"),
            by=request.user,
        )
    except ValidationError as error:
        _errors(request, error)
    else:
        messages.success(request, "Приложение добавлено к проекту приказа.")
    return redirect(order)


def _appendix_for(request, pk, *, write=False):
    appendix = OrderAppendix.objects.select_related("order").filter(pk=pk).first()
    if appendix is None:
        raise Http404("Нет такого приложения")
    get_order_for(request, appendix.order_id, write=write)  # 403 / 404 as for the order
    return appendix


@require_GET
@acting_staff_required
def order_appendix_file(request, pk):
    appendix = _appendix_for(request, pk)
    return file_response(appendix.file, filename=appendix.original_name or "prilozhenie")


@require_POST
@acting_manager_required
def order_appendix_delete(request, pk):
    appendix = _appendix_for(request, pk, write=True)
    try:
        services.order_appendix_delete(appendix=appendix, by=request.user)
    except ValidationError as error:
        _errors(request, error)
    else:
        messages.success(request, "Приложение удалено.")
    return redirect(appendix.order)
