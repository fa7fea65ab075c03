"""The register of consents for an inspector (152-ФЗ ч. 3 ст. 9: the operator
proves each consent): kind, text version, date, who gave it, representative,
scan yes/no, term and withdrawal, with filters and an XLSX export; and the
blank pre-filled forms of a whole class or group printed as one PDF."""

from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from ..access import staff_required
from ..models import Consent, ConsentKind, Participant
from .consents import consent_forms_pdf

PER_PAGE = 50
STATES = {
    "in_force": "действует",
    "expiring": "истекает в ближайшие 30 дней",
    "expired": "срок истёк",
    "withdrawn": "отозвано",
}
SCANS = {"yes": "есть скан", "no": "нет скана"}
MAX_BATCH = 60


def consent_register_queryset(organization, params, today=None):
    """The organisation's consents filtered by ``params`` (kind, state,
    scan), people and texts joined: one query however many rows. Unknown
    filter values are ignored."""
    today = today or timezone.localdate()
    consents = Consent.objects.filter(participant__organization=organization).select_related(
        "participant", "text"
    )
    kind = params.get("kind", "")
    if kind in ConsentKind.values:
        consents = consents.filter(kind=kind)
    state = params.get("state", "")
    if state == "in_force":
        consents = consents.valid_on(today)
    elif state == "expiring":
        consents = consents.expiring(today, days=30)
    elif state == "expired":
        consents = consents.filter(expires_on__lte=today, withdrawn_on__isnull=True)
    elif state == "withdrawn":
        consents = consents.filter(withdrawn_on__isnull=False)
    scan = params.get("scan", "")
    if scan == "yes":
        consents = consents.exclude(scan="")
    elif scan == "no":
        consents = consents.filter(Q(scan="") | Q(scan__isnull=True))
    return consents.order_by("participant__last_name", "participant__first_name", "kind", "pk")


COLUMNS = [
    ("Участник", 32),
    ("Вид согласия", 36),
    ("Редакция текста", 10),
    ("Дата согласия", 12),
    ("Кем дано", 22),
    ("Законный представитель", 30),
    ("Документ о полномочиях", 28),
    ("Скан", 8),
    ("Действует до", 12),
    ("Отозвано", 12),
]


def _row(consent):
    return [
        consent.participant.full_name,
        consent.get_kind_display(),
        consent.text.version,
        consent.given_on,
        consent.get_given_by_display(),
        consent.representative_name,
        consent.representative_document,
        "да" if consent.scan else "нет",
        consent.expires_on,
        consent.withdrawn_on,
    ]


@require_GET
@staff_required
def consent_register(request):
    params = {key: request.GET.get(key, "") for key in ("kind", "state", "scan")}
    consents = consent_register_queryset(request.org, params)
    page = Paginator(consents, PER_PAGE).get_page(request.GET.get("page"))
    groups = (
        Participant.objects.of(request.org)
        .active()
        .exclude(class_group="")
        .values_list("class_group", flat=True)
        .distinct()
        .order_by("class_group")
    )
    return render(
        request,
        "mentoring/consent_register.html",
        {
            "page": page,
            "params": params,
            "kinds": ConsentKind.choices,
            "states": STATES,
            "scans": SCANS,
            "groups": list(groups),
            "query": "&".join(f"{k}={v}" for k, v in params.items() if v),
        },
    )


@require_GET
@staff_required
def consent_register_xlsx(request):
    from ..xlsx import table_xlsx  # the one shared table writer

    params = {key: request.GET.get(key, "") for key in ("kind", "state", "scan")}
    rows = (_row(c) for c in consent_register_queryset(request.org, params).iterator())
    data = table_xlsx(title="Реестр согласий", columns=COLUMNS, rows=rows)
    response = HttpResponse(
        data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = 'attachment; filename="reestr-soglasiy.xlsx"'
    response["Cache-Control"] = "private, no-store"
    return response


@require_GET
@staff_required
def consent_forms_batch(request):
    """Blank consent forms pre-filled for every active participant of one
    class or group, one PDF (each form starts on a new page)."""
    kind = request.GET.get("kind", ConsentKind.PROCESSING)
    group = (request.GET.get("class_group") or "").strip()
    if kind not in ConsentKind.values or not group:
        return render(
            request,
            "mentoring/consent_batch_error.html",
            {"message": "Выберите класс или группу и вид согласия."},
            status=400,
        )
    people = list(
        Participant.objects.of(request.org)
        .active()
        .filter(class_group=group)
        .order_by("last_name", "first_name", "pk")[: MAX_BATCH + 1]
    )
    if not people or len(people) > MAX_BATCH:
        message = (
            f"В классе или группе «{group}» нет участников."
            if not people
            else f"В группе больше {MAX_BATCH} участников: печатайте частями."
        )
        return render(
            request, "mentoring/consent_batch_error.html", {"message": message}, status=400
        )
    pdf = consent_forms_pdf(request, people, kind)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="soglasiya-{kind}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response
