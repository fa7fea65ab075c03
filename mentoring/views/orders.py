"""Orders (приказы): the register, drafting, the director's inbox and
decision, the printed order. See mentoring/urls.py for the URL patterns.

Every write goes through mentoring/services/orders.py; a view checks
access, reads a form, makes one service call and redirects with a message.
"""

import datetime
import re

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, Window
from django.db.models.functions import Coalesce, ExtractYear
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from ..access import (
    acting_manager_required,
    acting_role,
    acting_staff_required,
    get_order_for,
    role_required,
)
from ..forms_orders import OrderFilterForm, OrderForm, OrderReturnForm
from ..models import (
    MANAGER_ROLES,
    Consent,
    Mentorship,
    MentorshipMember,
    Order,
    OrderKind,
    OrderStatus,
    Role,
)
from ..orderkinds import KINDS, kind_choices, order_panels
from ..orderprint import (
    order_pdf_bytes,
    place_of,
    points_with_assignments,
    signature_of,
)
from ..search import person_q, search_words, words_q
from ..services import orders as services
from ..services.mentorships import activation_errors
from ..submit_once import submit_once

PER_PAGE = 25
HOME_CARD_SIZE = 5


# --- helpers -------------------------------------------------------------------


def _error_messages(request, error):
    for message in error.messages:
        messages.error(request, message)


def _back(request, order):
    """After a decision taken from the inbox, go back there."""
    if request.POST.get("next") == "inbox":
        return redirect("mentoring:order_inbox")
    return redirect(order)


def order_search_q(query):
    """Orders whose number or title holds every word, or that include a pair
    with a participant of that name (Ё/Е- and case-insensitive)."""
    condition = Q()
    for word in search_words(query):
        member = MentorshipMember.objects.filter(mentorship__orders=OuterRef("pk")).filter(
            person_q(word, prefix="participant__")
        )
        condition &= words_q(word, "number", "title") | Q(Exists(member))
    return condition


def order_actions(membership, order):
    """Which buttons the member sees on the order's page (``acting_role``:
    the department's specialist drafts the department's orders)."""
    role = acting_role(membership)
    drafting = role in MANAGER_ROLES and order.is_editable
    deciding = role == Role.DIRECTOR and order.status == OrderStatus.SUBMITTED
    return {"edit": drafting, "submit": drafting, "delete": drafting, "decide": deciding}


def appendix_mentorships(order, *, with_consents=False):
    """The pairs and groups of the order's appendix, people loaded."""
    queryset = Mentorship.objects.filter(orders=order).with_people().order_by("pk")
    if with_consents:
        queryset = queryset.prefetch_related(
            Prefetch("members__participant__consents", Consent.objects.all())
        )
    return list(queryset)


def status_history(order):
    """The order's history (simple_history) as rows: when, who, what."""
    labels = {
        OrderStatus.SUBMITTED: "Направлен на утверждение",
        OrderStatus.RETURNED: "Возвращён на доработку",
        OrderStatus.APPROVED: "Утверждён",
        OrderStatus.DRAFT: "Возвращён в черновики",
    }
    records = order.history.select_related("history_user").order_by("history_date", "history_id")
    rows, previous = [], None
    for record in records:
        comment = ""
        if record.history_type == "+":
            what = "Проект создан"
        elif previous is not None and record.status != previous.status:
            what = labels[record.status]
            if record.status == OrderStatus.APPROVED and record.number:
                what += f", № {record.number} от {record.signed_on:%d.%m.%Y}"
            if record.status == OrderStatus.RETURNED:
                comment = record.return_comment
        else:
            what = "Текст или приложение изменены"
            # Saving a draft writes the row, then its list of pairs: one edit.
            if (
                rows
                and previous.history_user_id == record.history_user_id
                and record.history_date - previous.history_date < datetime.timedelta(seconds=5)
            ):
                previous = record
                continue
        rows.append(
            {
                "when": record.history_date,
                "who": record.history_user,
                "what": what,
                "status": record.get_status_display(),
                "comment": comment,
            }
        )
        previous = record
    return rows


def order_home_card(organization, role):
    """The home page card: the director's orders awaiting decision, the
    drafters' returned orders. One query (the total comes with the rows)."""
    if role == Role.DIRECTOR:
        status, title, ordering = OrderStatus.SUBMITTED, "Приказы на утверждение", "submitted_at"
        empty = "Нет приказов, ожидающих решения."
    elif role in MANAGER_ROLES:
        status, title, ordering = OrderStatus.RETURNED, "Возвращённые приказы", "-decided_at"
        empty = "Возвращённых на доработку приказов нет."
    else:
        return None
    orders = list(
        Order.objects.filter(organization=organization, status=status)
        .select_related("decided_by")
        .annotate(total=Window(Count("pk")))
        .order_by(ordering, "pk")[:HOME_CARD_SIZE]
    )
    return {
        "title": title,
        "orders": orders,
        "count": orders[0].total if orders else 0,
        "empty": empty,
        "status": status,
    }


# --- the register and the inbox ----------------------------------------------


@require_GET
@acting_staff_required
def order_list(request):
    orders = Order.objects.filter(organization=request.org).annotate(
        register_year=Coalesce("year", ExtractYear("created_at"))
    )
    years = sorted(set(orders.values_list("register_year", flat=True)), reverse=True)
    filters = OrderFilterForm(request.GET or None, years=years)
    if filters.is_valid():
        if filters.cleaned_data["q"]:
            orders = orders.filter(order_search_q(filters.cleaned_data["q"]))
        if filters.cleaned_data["year"]:
            orders = orders.filter(register_year=filters.cleaned_data["year"])
        if filters.cleaned_data["kind"]:
            orders = orders.filter(kind=filters.cleaned_data["kind"])
        if filters.cleaned_data["status"]:
            orders = orders.filter(status=filters.cleaned_data["status"])
    orders = (
        orders.select_related("created_by")
        .annotate(pairs=Count("mentorships"))
        .order_by(
            F("year").desc(nulls_first=True),
            F("sequence").desc(nulls_first=True),
            "-created_at",
            "-pk",
        )
    )
    page = Paginator(orders, PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "mentoring/order_list.html",
        {
            "page": page,
            "filters": filters,
            "kinds": kind_choices(),
            "can_draft": acting_role(request.membership) in MANAGER_ROLES,
        },
    )


@require_GET
@role_required(Role.DIRECTOR)
def order_inbox(request):
    orders = (
        Order.objects.filter(organization=request.org, status=OrderStatus.SUBMITTED)
        .select_related("created_by")
        .annotate(pairs=Count("mentorships"))
        .order_by("submitted_at", "pk")
    )
    return render(request, "mentoring/order_inbox.html", {"orders": orders})


# --- drafting -------------------------------------------------------------------


@acting_manager_required
@submit_once
def order_create(request, kind):
    if kind not in KINDS:
        raise Http404("Неизвестный вид приказа")
    form = OrderForm(
        request.POST or None,
        organization=request.org,
        kind=kind,
        initial={
            **services.order_defaults(kind),
            "executor": f"{request.user.short_name}"
            + (f", {request.user.phone}" if request.user.phone else ""),
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            order = services.order_create(
                organization=request.org,
                kind=kind,
                data=form.order_data(),
                mentorships=form.chosen_mentorships(),
                by=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request, "Проект приказа сохранён. Проверьте его и направьте на утверждение."
            )
            return redirect(order)
    return render(
        request,
        "mentoring/order_form.html",
        {"form": form, "kind_label": KINDS[kind].label, "order": None},
    )


@acting_manager_required
def order_edit(request, pk):
    order = get_order_for(request, pk, write=True)
    if not order.is_editable:
        messages.error(
            request,
            "Утверждённый приказ изменить нельзя."
            if order.is_approved
            else "Приказ на утверждении: изменить его можно после возврата.",
        )
        return redirect(order)
    initial = {
        "title": order.title,
        "preamble": order.preamble,
        "points": order.points,
        "appendix_title": order.appendix_title,
        "is_public": order.is_public,
        "mentorships": list(order.mentorships.all()),
        "version": order.version,
        **OrderForm.initial_from(order),
    }
    form = OrderForm(
        request.POST or None,
        organization=request.org,
        kind=order.kind,
        order=order,
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.order_update(
                order=order,
                data=form.order_data(),
                mentorships=form.chosen_mentorships(),
                version=form.cleaned_data["version"],
                by=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "Изменения в проекте приказа сохранены.")
            return redirect(order)
    return render(
        request,
        "mentoring/order_form.html",
        {"form": form, "kind_label": order.get_kind_display(), "order": order},
    )


@require_POST
@acting_manager_required
def order_submit(request, pk):
    order = get_order_for(request, pk, write=True)
    try:
        services.order_submit(order=order, by=request.user)
    except ValidationError as error:
        _error_messages(request, error)
    else:
        messages.success(request, "Приказ направлен директору на утверждение.")
    return redirect(order)


@require_POST
@acting_manager_required
def order_delete(request, pk):
    order = get_order_for(request, pk, write=True)
    try:
        services.order_delete(order=order, by=request.user)
    except ValidationError as error:
        _error_messages(request, error)
        return redirect(order)
    messages.success(request, f"Проект приказа «{order.title}» удалён.")
    return redirect("mentoring:order_list")


# --- the director's decision -----------------------------------------------------


@role_required(Role.DIRECTOR)
def order_return(request, pk):
    order = get_order_for(request, pk, decide=True)
    if order.status != OrderStatus.SUBMITTED:
        messages.error(request, "Вернуть можно только приказ, направленный на утверждение.")
        return redirect(order)
    form = OrderReturnForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.order_return(
                order=order, comment=form.cleaned_data["comment"], by=request.user
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "Приказ возвращён на доработку с вашим комментарием.")
            return _back(request, order)
    return render(
        request,
        "mentoring/order_return.html",
        {"order": order, "form": form, "next": request.POST.get("next") or request.GET.get("next")},
    )


@require_POST
@role_required(Role.DIRECTOR)
def order_approve(request, pk):
    order = get_order_for(request, pk, decide=True)
    was_approved = order.is_approved
    if not was_approved and (
        request.POST.get("confirmed") != "1" or request.POST.get("version") != str(order.version)
    ):
        # Approval only from the order's page, on the version the director
        # read there, with the confirmation ticked.
        messages.error(
            request,
            "Приказ не утверждён: откройте его, проверьте текст и приложение, отметьте "
            "«С приказом и приложением ознакомлен(а)» и нажмите «Утвердить».",
        )
        return redirect(order)
    on_date = None
    if request.POST.get("signed_on"):
        try:
            on_date = datetime.date.fromisoformat(request.POST["signed_on"])
        except ValueError:
            messages.error(request, "Дата приказа: укажите дату в формате ДД.ММ.ГГГГ.")
            return redirect(order)
    try:
        order = services.order_approve(
            order=order, by=request.user, on_date=on_date, number=request.POST.get("number")
        )
    except ValidationError as error:
        # The service rolled everything back; its messages name the people.
        _error_messages(request, error)
        return redirect(order)
    if was_approved:
        messages.info(
            request, f"Приказ уже утверждён: № {order.number} от {order.signed_on:%d.%m.%Y}."
        )
    else:
        messages.success(
            request, f"Приказ утверждён: № {order.number} от {order.signed_on:%d.%m.%Y}."
        )
    return _back(request, order)


# --- reading ---------------------------------------------------------------------


@require_GET
@acting_staff_required
def order_detail(request, pk):
    order = get_order_for(request, pk)
    actions = order_actions(request.membership, order)
    mentorships = appendix_mentorships(order, with_consents=actions["decide"])
    warnings = []
    if actions["decide"] and order.kind == OrderKind.PAIRING:
        # What the approval would refuse, shown before the director clicks.
        warnings = activation_errors(mentorships)
    return render(
        request,
        "mentoring/order_detail.html",
        {
            "order": order,
            "mentorships": mentorships,
            "history": status_history(order),
            "actions": actions,
            "warnings": warnings,
            "signature": signature_of(order),
            "place": place_of(order.organization.address),
            "points": points_with_assignments(order),
            "suggested_number": services.order_number_suggestion(
                order.organization, timezone.localdate().year
            )
            if actions["decide"]
            else "",
            "today": timezone.localdate(),
            "panels": order_panels(request, order),
        },
    )


@require_GET
@acting_staff_required
def order_pdf(request, pk):
    order = get_order_for(request, pk)
    if order.is_approved:
        # A registered order never changes: serve the file frozen at approval
        # (freezing now an order approved before freezing existed).
        if not order.frozen_pdf:
            order = services.order_freeze(order=order)
        with order.frozen_pdf.open("rb") as stored:
            pdf = stored.read()
    else:
        pdf = order_pdf_bytes(order)
    name = re.sub(r"[^0-9A-Za-z]+", "-", order.number).strip("-") or "proekt"
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="prikaz-{name}-{order.pk}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response
