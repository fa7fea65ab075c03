"""The user's notifications: the in-app list, marking as read, and the
switches for each kind. See mentoring/urls.py for the URL patterns."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from ..access import SESSION_ORG_KEY, login_only
from ..models import Membership, Notification
from ..services.notifications import (
    disabled_kinds,
    kinds,
    notification_mark_read,
    notifications_mark_all_read,
    preferences_set,
    reminders_refresh,
)

PER_PAGE = 30


@login_only
def notification_list(request):
    reminders_refresh(request)
    items = Notification.objects.filter(user=request.user).select_related("organization")
    show = request.GET.get("show", "")
    if show == "unread":
        items = items.unread()
    page = Paginator(items, PER_PAGE).get_page(request.GET.get("page"))
    labels = kinds()
    for item in page.object_list:
        item.kind_label = labels.get(item.kind, item.kind)
    return render(request, "mentoring/notification_list.html", {"page": page, "show": show})


@require_POST
@login_only
def notification_read(request, pk):
    """Mark as read and go where the notification points."""
    notification = get_object_or_404(Notification, pk=pk, user=request.user)
    notification_mark_read(notification=notification, by=request.user)
    _switch_to_its_organization(request, notification)
    target = notification.url
    if request.POST.get("stay") or not url_has_allowed_host_and_scheme(
        target, {request.get_host()}, request.is_secure()
    ):
        return redirect("mentoring:notification_list")
    return redirect(target)


def _switch_to_its_organization(request, notification):
    """A notification of another of the user's organisations opens there:
    the current organisation is switched (as in the header) instead of the
    target page answering 404."""
    current = request.membership.organization_id if request.membership else None
    if not notification.organization_id or notification.organization_id == current:
        return
    membership = (
        Membership.objects.filter(user=request.user, organization_id=notification.organization_id)
        .select_related("organization")
        .first()
    )
    if membership is None:
        return
    request.session[SESSION_ORG_KEY] = membership.organization_id
    messages.info(
        request,
        f"Уведомление относится к организации «{membership.organization.short_name}»: "
        f"вы работаете в ней как {membership.get_role_display().lower()}.",
    )


@require_POST
@login_only
def notification_read_all(request):
    count = notifications_mark_all_read(user=request.user)
    messages.success(request, f"Отмечено прочитанными: {count}.")
    return redirect("mentoring:notification_list")


@login_only
def notification_settings(request):
    labels = kinds()
    if request.method == "POST":
        enabled = [k for k in request.POST.getlist("kind") if k in labels]
        preferences_set(user=request.user, enabled_kinds=enabled)
        messages.success(request, "Настройки уведомлений сохранены.")
        return redirect("mentoring:notification_settings")
    off = disabled_kinds([request.user.pk])[request.user.pk]
    rows = [{"kind": k, "label": label, "on": k not in off} for k, label in labels.items()]
    return render(
        request,
        "mentoring/notification_settings.html",
        {"rows": rows, "has_email": bool(request.user.email)},
    )
