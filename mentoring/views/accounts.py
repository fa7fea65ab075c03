"""Accounts from the application: invitations (e-mail link or printed
activation codes), roles, linking an account to a participant, revoking
access, and the public pages where the invited person sets a password.
Every write goes through ``services/accounts.py``."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from ..access import (
    ACCESS_GRANTING_ROLES,
    get_invitation_for,
    get_membership_for,
    get_participant_for,
    role_required,
)
from ..forms_accounts import ActivationCodeForm, InviteForm, LinkAccountForm, SetPasswordForm
from ..models import Invitation
from ..pdf import render_pdf
from ..services import accounts as services
from ..submit_once import submit_once

granting_required = role_required(*ACCESS_GRANTING_ROLES)


def _errors(request, error):
    for message in error.messages:
        messages.error(request, message)


def _team_url(request):
    return reverse("mentoring:organization_detail", args=[request.org.slug]) + "#access"


def _invited_message(request, invitation):
    if invitation is None:
        messages.success(request, "Учётная запись с этим адресом уже была: роль добавлена.")
    elif invitation.channel == Invitation.Channel.EMAIL:
        messages.success(
            request,
            f"Приглашение отправлено на {invitation.email}. Логин: {invitation.user.username}.",
        )
    else:
        messages.success(
            request,
            f"Учётная запись {invitation.user.username} создана. Отметьте её в списке "
            "приглашений и распечатайте лист кодов активации.",
        )


@require_POST
@granting_required
@submit_once
def team_invite(request):
    form = InviteForm(request.POST, by_role=request.membership.role)
    if not form.is_valid():
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
        return redirect(_team_url(request))
    try:
        invitation, _secret = services.invitation_create(
            organization=request.org,
            by=request.user,
            by_role=request.membership.role,
            **form.cleaned_data,
        )
    except ValidationError as error:
        _errors(request, error)
    else:
        _invited_message(request, invitation)
    return redirect(_team_url(request))


@require_POST
@granting_required
def team_member_role(request, pk):
    membership = get_membership_for(request, pk)
    try:
        services.role_change(
            membership=membership,
            role=request.POST.get("role", ""),
            by=request.user,
            by_role=request.membership.role,
        )
    except ValidationError as error:
        _errors(request, error)
    else:
        messages.success(
            request, f"{membership.user.full_name}: роль «{membership.get_role_display()}»."
        )
    return redirect(_team_url(request))


@require_POST
@granting_required
def team_member_revoke(request, pk):
    membership = get_membership_for(request, pk)
    name = membership.user.full_name
    try:
        services.access_revoke(
            membership=membership, by=request.user, by_role=request.membership.role
        )
    except ValidationError as error:
        _errors(request, error)
    else:
        messages.success(request, f"Доступ пользователя {name} к организации отозван.")
    return redirect(_team_url(request))


@require_POST
@granting_required
def invitation_cancel(request, pk):
    invitation = get_invitation_for(request, pk)
    try:
        services.invitation_cancel(
            invitation=invitation, by=request.user, by_role=request.membership.role
        )
    except ValidationError as error:
        _errors(request, error)
    else:
        messages.success(request, "Приглашение отменено.")
    return redirect(_team_url(request))


@require_POST
@granting_required
def codes_sheet(request):
    """A printable sheet of activation codes for the chosen pending code
    invitations. Codes are issued anew for the sheet (earlier sheets stop
    working), so the secrets are never stored in readable form."""
    ids = [int(v) for v in request.POST.getlist("invitations") if v.isdigit()][:200]
    invitations = Invitation.objects.pending().filter(
        organization=request.org, pk__in=ids, channel=Invitation.Channel.CODE
    )
    allowed = set(services.grantable_roles(request.membership.role))
    invitations = [
        i
        for i in invitations.select_related("user").order_by(
            "user__last_name", "user__first_name", "pk"
        )
        if i.role in allowed
    ]
    if not invitations:
        messages.error(request, "Отметьте ожидающие приглашения с кодом активации.")
        return redirect(_team_url(request))
    rows = services.codes_sheet_rotate(
        organization=request.org, by=request.user, invitations=invitations
    )
    pdf = render_pdf(
        "mentoring/pdf/activation_codes.html",
        {
            "org": request.org,
            "rows": rows,
            "activate_url": request.build_absolute_uri(reverse("mentoring:account_activate")),
            "today": timezone.localdate(),
        },
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = 'attachment; filename="activation-codes.pdf"'
    response["Cache-Control"] = "no-store"
    return response


@require_POST
@role_required(*ACCESS_GRANTING_ROLES)
@submit_once
def participant_invite(request, pk):
    participant = get_participant_for(request, pk)
    channel = request.POST.get("channel") or None
    if channel not in (None, *Invitation.Channel.values):
        channel = None
    role = request.POST.get("role") or (
        "mentor" if participant.is_mentor and not participant.is_mentee else "mentee"
    )
    try:
        invitation, _secret = services.invitation_create(
            organization=request.org,
            by=request.user,
            by_role=request.membership.role,
            role=role,
            participant=participant,
            channel=channel,
        )
    except ValidationError as error:
        _errors(request, error)
    else:
        _invited_message(request, invitation)
    return redirect(participant)


@require_POST
@role_required(*ACCESS_GRANTING_ROLES)
def participant_link_account(request, pk):
    participant = get_participant_for(request, pk)
    form = LinkAccountForm(request.POST)
    if form.is_valid():
        try:
            services.participant_link_account(
                participant=participant,
                login=form.cleaned_data["login"],
                by=request.user,
                by_role=request.membership.role,
            )
        except ValidationError as error:
            _errors(request, error)
        else:
            messages.success(request, "Учётная запись привязана к участнику.")
    else:
        messages.error(request, "Укажите логин или адрес электронной почты.")
    return redirect(participant)


def bulk_invite(request, participants):
    """The "Пригласить" bulk action of a bank selection (views/banks.py)."""
    if request.membership.role not in ACCESS_GRANTING_ROLES:
        raise PermissionDenied
    participants = participants.select_related("user")
    created, skipped = services.invitations_bulk_create(
        organization=request.org,
        by=request.user,
        by_role=request.membership.role,
        participants=list(participants),
    )
    by_mail = sum(1 for i in created if i.channel == Invitation.Channel.EMAIL)
    by_code = len(created) - by_mail
    messages.success(
        request,
        f"Приглашений: {len(created)} (по почте — {by_mail}, с кодом активации — {by_code}).",
    )
    if by_code:
        messages.info(
            request,
            "Для приглашений с кодом распечатайте лист кодов на странице «Организация и команда».",
        )
    for line in skipped[:10]:
        messages.warning(request, line)


# --- public pages: the invited person sets a password -------------------------


@never_cache
def invitation_accept(request, token):
    """The one-time link from the e-mail: set a password, then sign in."""
    invitation = services.invitation_by_secret(token)
    if invitation is None:
        return render(request, "mentoring/invitation_invalid.html", status=404)
    form = SetPasswordForm(invitation.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.invitation_accept(
                secret=token, password=form.cleaned_data["new_password1"]
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request, f"Пароль задан. Войдите с логином {user.username} и новым паролем."
            )
            return redirect("login")
    return render(
        request, "mentoring/invitation_accept.html", {"form": form, "invitation": invitation}
    )


@never_cache
def account_activate(request):
    """Activation by the code from the printed sheet."""
    form = ActivationCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.invitation_accept(
                secret=form.cleaned_data["code"], password=form.cleaned_data["new_password1"]
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                f"Учётная запись активирована. Ваш логин: {user.username}. "
                "Войдите с новым паролем.",
            )
            return redirect("login")
    return render(request, "mentoring/account_activate.html", {"form": form})


def participant_account_context(request, participant):
    """What the participant card shows about the account (views/banks.py)."""
    role = request.membership.role
    return {
        "can_invite": role in ACCESS_GRANTING_ROLES and not participant.is_anonymized,
        "pending_invitation": Invitation.objects.pending().filter(participant=participant).first(),
        "link_form": LinkAccountForm(),
    }
