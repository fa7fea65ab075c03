"""Consents under 152-ФЗ: who lacks one, giving and withdrawing, the scans,
the printable forms and the versions of the texts.

Reading is for the organisation's director, coordinator and methodist;
writing for the coordinator and methodist. Writes go through
mentoring.services.consents. See mentoring/urls.py for the URL patterns.
"""

import datetime

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from ..access import get_consent_for, get_participant_for, manager_required, staff_required
from ..consent_texts import SECTION_HEADINGS, default_text, public_section_path
from ..figures import figures_get, paginate
from ..files import file_response
from ..forms_consents import ConsentForm, ConsentTextForm, WithdrawForm
from ..models import (
    PUBLICATION_FIELDS,
    PURGE_AFTER_DAYS,
    ConsentKind,
    ConsentText,
    Participant,
    TargetGroup,
)
from ..services.consents import (
    consent_coverage,
    consent_give,
    consent_text_create,
    consent_text_current,
    consent_text_default,
    consent_withdraw,
)
from ..submit_once import submit_once

PER_PAGE = 25
BANKS = {"mentors": "Наставники", "mentees": "Наставляемые"}


def kind_or_404(kind):
    if kind not in ConsentKind.values:
        raise Http404("Неизвестный вид согласия")
    return ConsentKind(kind)


def participant_page(participant):
    """Where to return after a change: the participant's page (views/banks.py),
    or the missing-consents list while that page does not exist."""
    try:
        return participant.get_absolute_url()
    except NoReverseMatch:
        return reverse("mentoring:consent_missing")


def add_service_errors(form, error):
    """Put a service's ValidationError on the form, on the fields it names."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, errors in error.error_dict.items():
        form.add_error(field if field in form.fields else None, errors)


def consent_missing_figures(organization):
    """Consent coverage of the organisation and how many people lack a
    consent in each bank: two aggregate queries, cached per organisation and
    day (mentoring.figures). A dict of numbers."""

    def compute():
        coverage = consent_coverage(organization)
        missing = coverage.pop("missing_queryset").aggregate(
            mentors=Count("pk", filter=Q(is_mentor=True)),
            mentees=Count("pk", filter=Q(is_mentee=True)),
        )
        return {**coverage, "missing_by_bank": {"": coverage["missing"], **missing}}

    return figures_get(organization, f"consent-missing:{timezone.localdate()}", compute)


@staff_required
def consent_missing(request):
    coverage = consent_missing_figures(request.org)
    people = (
        Participant.objects.of(request.org)
        .active()
        .without_valid_consent()
        .with_consent_state()
        .order_by("last_name", "first_name", "patronymic", "pk")
    )
    bank = request.GET.get("bank", "")
    if bank == "mentors":
        people = people.mentors()
    elif bank == "mentees":
        people = people.mentees()
    else:
        bank = ""
    page = paginate(
        people,
        PER_PAGE,
        request.GET.get("page"),
        count=coverage["missing_by_bank"][bank],
        deferred=True,
    )
    return render(
        request,
        "mentoring/consent_missing.html",
        {"coverage": coverage, "page": page, "bank": bank, "banks": BANKS},
    )


@manager_required
@submit_once
def consent_create(request, pk, kind):
    participant = get_participant_for(request, pk, write=True)
    kind = kind_or_404(kind)
    if participant.is_anonymized:
        messages.error(request, "Данные участника обезличены: согласие внести нельзя.")
        return redirect("mentoring:consent_missing")
    # The form offers the versions of the text; the first visit creates
    # version 1 from the built-in text so there is one to choose.
    consent_text_default(participant.organization, kind)
    form = ConsentForm(
        request.POST or None, request.FILES or None, participant=participant, kind=kind
    )
    if request.method == "POST" and form.is_valid():
        try:
            consent_give(
                participant=participant,
                kind=kind,
                data=form.service_data(),
                scan=form.cleaned_data.get("scan"),
                by=request.user,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"{kind.label} участника {participant.short_name} внесено.")
            return redirect(participant_page(participant))
    return render(
        request,
        "mentoring/consent_form.html",
        {
            "participant": participant,
            "kind": kind,
            "form": form,
            "needs_representative": participant.needs_representative(),
            "is_minor": participant.is_minor(),
        },
    )


@manager_required
def consent_withdraw_view(request, pk):
    consent = get_consent_for(request, pk, write=True)
    participant = consent.participant
    if consent.is_withdrawn:
        messages.info(request, f"Согласие уже отозвано {consent.withdrawn_on:%d.%m.%Y}.")
        return redirect(participant_page(participant))
    form = WithdrawForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            consent_withdraw(
                consent=consent,
                on_date=form.cleaned_data["on_date"],
                note=form.cleaned_data["note"],
                by=request.user,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, withdrawal_message(consent, form.cleaned_data["on_date"]))
            return redirect(participant_page(participant))
    return render(
        request,
        "mentoring/consent_withdraw.html",
        {"consent": consent, "participant": participant, "form": form},
    )


def withdrawal_message(consent, on_date):
    if consent.kind == ConsentKind.PROCESSING:
        purge_on = on_date + datetime.timedelta(days=PURGE_AFTER_DAYS)
        return (
            "Согласие на обработку отозвано. Участник скрыт из публичного раздела, его "
            "действующие пары приостановлены, проект приказа об их прекращении — у директора; "
            f"данные будут уничтожены {purge_on:%d.%m.%Y} с составлением акта."
        )
    if consent.kind == ConsentKind.PUBLICATION:
        return "Согласие на публикацию отозвано: сведения об участнике сняты с сайта."
    return "Согласие на дополнительные обязанности отозвано."


@require_GET
@never_cache
@staff_required
def consent_scan(request, pk):
    consent = get_consent_for(request, pk)
    return file_response(consent.scan, filename=f"soglasie-{consent.pk}", attachment=True)


def render_pdf(template, context, request):
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    html = render_to_string(template, context, request=request)
    # The form loads nothing but the local font files; refusing other
    # protocols keeps any URL that slips into a text from being fetched.
    fetcher = URLFetcher(allowed_protocols=("file",))
    return HTML(string=html, base_url="file:///", url_fetcher=fetcher).write_pdf()


def consent_forms_pdf(request, participants, kind):
    """Blank consent forms of ``kind`` pre-filled for several participants,
    one PDF (each form starts on a new page): the same document as the single
    form, for a class or a bank selection."""
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    participants = list(participants)
    if not participants:
        raise ValueError("no participants")
    text = consent_text_default(participants[0].organization, kind)
    fetcher = URLFetcher(allowed_protocols=("file",))
    documents = [
        HTML(
            string=render_to_string(
                "pdf/consent_form.html",
                consent_form_context(request, p, kind, text),
                request=request,
            ),
            base_url="file:///",
            url_fetcher=fetcher,
        ).render()
        for p in participants
    ]
    pages = [page for document in documents for page in document.pages]
    return documents[0].copy(pages).write_pdf()


CONSENT_VARIANTS = {
    "child": "за ребёнка до 14 лет подписывает законный представитель",
    "minor": "несовершеннолетний от 14 до 18 лет: подписывает сам и законный представитель",
    "staff": "работник организации",
    "outside": "наставник, не являющийся работником организации",
    "applicant": "заявитель с публичной формы «Стать наставником»",
}


def consent_variant(participant):
    """Which variant of the form fits the person: (code, Russian label).
    Under 14 a legal representative consents (ГК РФ ст. 28); from 14 to 18
    the minor signs with the representative's consent (ГК РФ ст. 26); an
    employer's or partner's representative is an outside mentor (not the
    operator's employee: no ТК ст. 60.2/351.8 duties, a volunteer or civil
    agreement); a person who applied on the public form is an applicant."""
    age = participant.age()
    if participant.needs_representative() or (
        age is None and participant.target_group == TargetGroup.SCHOOL_STUDENT
    ):
        code = "child"
    elif participant.is_minor():
        code = "minor"
    elif participant.target_group == TargetGroup.EMPLOYER:
        code = "outside"
    elif participant.user_id is None and _applied_publicly(participant):
        code = "applicant"
    else:
        code = "staff"
    return code, CONSENT_VARIANTS[code]


# Upper apps that take applications from the public add a check here
# (surveys: the «Стать наставником» form); mentoring imports none of them.
APPLICANT_CHECKS = []


def _applied_publicly(participant):
    return any(check(participant) for check in APPLICANT_CHECKS)


def consent_form_context(request, participant, kind, text):
    """The context of a printed, pre-filled consent form (pdf/consent_form.html)
    for one participant; shared by the single form and the batch for a class."""
    previous = (
        participant.consents.filter(kind=kind)
        .exclude(representative_name="")
        .order_by("-given_on")
        .first()
    )
    representative = {
        "name": participant.representative_name or (previous and previous.representative_name),
        "relation": participant.representative_relation
        or (previous and previous.representative_relation),
    }
    public_path = public_section_path(participant.organization)
    public_url = request.build_absolute_uri(public_path)
    data_items = [line.strip() for line in text.data_list.splitlines() if line.strip()]
    categories = list(PUBLICATION_FIELDS.values())
    age = participant.age()
    unknown_age_child = age is None and participant.target_group == TargetGroup.SCHOOL_STUDENT
    variant, variant_label = consent_variant(participant)
    context = {
        "variant": variant,
        "variant_label": variant_label,
        "org": participant.organization,
        "participant": participant,
        "kind": kind,
        "text": text,
        "headings": SECTION_HEADINGS[kind],
        "data_items": data_items,
        "representative": representative,
        "show_representative": participant.is_minor() or unknown_age_child,
        "representative_required": participant.needs_representative() or unknown_age_child,
        "categories": categories,
        # Lines of the text other than the categories the table already lists.
        "data_notes": [item for item in data_items if item.rstrip(";.") not in categories],
        "public_url": public_url,
        # The stored text names the section by its path; print the full address.
        "body": text.body.replace(public_path, public_url),
        "today": timezone.localdate(),
    }
    return context


@require_GET
@staff_required
def consent_form_pdf(request, pk, kind):
    participant = get_participant_for(request, pk)
    kind = kind_or_404(kind)
    # The printed form must name a version that exists, so that the signed
    # paper can be recorded against it: the first print creates version 1.
    text = consent_text_default(participant.organization, kind)
    context = consent_form_context(request, participant, kind, text)
    pdf = render_pdf("pdf/consent_form.html", context, request)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="soglasie-{kind}-{participant.pk}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response


@staff_required
def consent_texts(request):
    texts = (
        ConsentText.objects.filter(organization=request.org)
        .select_related("created_by")
        .annotate(consent_count=Count("consents"))
        .order_by("kind", "-version")
    )
    by_kind = {kind: [] for kind in ConsentKind}
    for text in texts:
        by_kind[text.kind].append(text)
    sections = [
        {"kind": kind, "current": versions[0] if versions else None, "versions": versions}
        for kind, versions in by_kind.items()
    ]
    return render(request, "mentoring/consent_texts.html", {"sections": sections})


@manager_required
@submit_once
def consent_text_create_view(request, kind):
    kind = kind_or_404(kind)
    current = consent_text_current(request.org, kind)
    initial = (
        {field: getattr(current, field) for field in ConsentTextForm.Meta.fields}
        if current
        else default_text(request.org, kind)
    )
    form = ConsentTextForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            text = consent_text_create(
                organization=request.org, kind=kind, data=form.cleaned_data, by=request.user
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                f"Сохранена редакция {text.version}: новые согласия вносятся на неё, "
                "прежние остаются на своих редакциях.",
            )
            return redirect("mentoring:consent_texts")
    return render(
        request,
        "mentoring/consent_text_form.html",
        {"kind": kind, "current": current, "form": form},
    )
