"""Accounts for the people of the programme: invitations, activation, roles,
linking an account to a participant, revoking access.

Rules (domain.md, "Who uses it"):
- Roles are granted per organisation. The director and the coordinator grant
  roles up to their own (a coordinator never makes a director); a methodist
  gives accounts to mentors and mentees only (they keep the banks). The same
  rank limits changing and revoking an existing role. Nobody revokes or
  changes their own role.
- An invitation creates the account and the role at once, with an unusable
  password: nobody can sign in until the person sets a password through the
  one-time link (e-mail) or the one-time activation code (printed sheet).
- Every grant, link, revocation and activation writes an ``AuditEvent``
  (who, what, which account; no names in the journal).
"""

import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from ..models import (
    INVITATION_VALID_DAYS,
    AuditEvent,
    Invitation,
    Membership,
    Participant,
    Role,
    User,
    secret_hash,
)

ROLE_RANK = {
    Role.DIRECTOR: 3,
    Role.COORDINATOR: 2,
    Role.METHODIST: 1,
    Role.MENTOR: 0,
    Role.MENTEE: 0,
}
# Roles that may grant roles of their own rank; the rest grant only below it.
GRANT_OWN_RANK = frozenset({Role.DIRECTOR, Role.COORDINATOR})

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: retyped from paper
CODE_LENGTH = 12


def grantable_roles(by_role):
    """Roles a member with ``by_role`` may grant, change or revoke in their
    organisation, highest first: ``[Role, …]`` (empty for mentors, mentees
    and the department specialist)."""
    own = ROLE_RANK.get(by_role)
    if own is None or by_role in (Role.MENTOR, Role.MENTEE):
        return []
    limit = own if by_role in GRANT_OWN_RANK else own - 1
    return [role for role, rank in ROLE_RANK.items() if rank <= limit]


def _check_grant(by_role, role):
    if role not in grantable_roles(by_role):
        raise ValidationError(
            f"Роль «{Role(role).label}» может выдать только руководитель или куратор "
            "с ролью не ниже этой."
        )


def _audit(organization, action, by, **details):
    AuditEvent.objects.create(
        organization=organization,
        action=action,
        actor=by,
        participant_id_ref=details.pop("participant_id", None),
        details=details,
    )


TRANSLIT = dict(
    zip(
        "абвгдеёжзийклмнопрстуфхцчшщъыьэюя",
        [
            "a",
            "b",
            "v",
            "g",
            "d",
            "e",
            "e",
            "zh",
            "z",
            "i",
            "y",
            "k",
            "l",
            "m",
            "n",
            "o",
            "p",
            "r",
            "s",
            "t",
            "u",
            "f",
            "kh",
            "ts",
            "ch",
            "sh",
            "shch",
            "-",
            "y",
            "-",
            "e",
            "yu",
            "ya",
        ],
        strict=True,
    )
)


def username_for(last_name, first_name="", patronymic=""):
    """A free login like 'ivanova.ap' (transliterated surname and initials)."""

    def latin(text):
        return "".join(TRANSLIT.get(ch, ch) for ch in text.lower()).replace("-", "")

    base = latin(last_name) or "user"
    initials = "".join(latin(part)[:1] for part in (first_name, patronymic) if part)
    base = "".join(ch for ch in f"{base}.{initials}".strip(".") if ch.isalnum() or ch == ".")
    base = base[:140] or "user"
    candidate, n = base, 1
    while User.objects.filter(username__iexact=candidate).exists():
        n += 1
        candidate = f"{base}{n}"
    return candidate


def new_code():
    """'K7QM-2XPA-9RTC': 12 symbols of a 32-letter alphabet (60 bits)."""
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
    return "-".join(raw[i : i + 4] for i in range(0, CODE_LENGTH, 4))


def _new_secret(channel):
    return secrets.token_urlsafe(32) if channel == Invitation.Channel.EMAIL else new_code()


def invite_url(secret):
    return settings.DJANGO_SITE_URL.rstrip("/") + reverse(
        "mentoring:invitation_accept", args=[secret]
    )


def _send_invitation_mail(invitation, secret):
    org = invitation.organization
    send_mail(
        subject=f"Приглашение в систему «Наставничество»: {org.short_name}",
        message=(
            f"Здравствуйте, {invitation.user.full_name}!\n\n"
            f"Вас пригласили в систему «Наставничество» организации «{org.short_name}» "
            f"с ролью «{invitation.get_role_display()}».\n"
            f"Ваш логин: {invitation.user.username}\n"
            f"Чтобы задать пароль и войти, откройте ссылку (она действует "
            f"{INVITATION_VALID_DAYS} дней и только один раз):\n{invite_url(secret)}\n\n"
            "Если вы не ждали этого письма, просто не открывайте ссылку."
        ),
        from_email=None,
        recipient_list=[invitation.email],
    )


@transaction.atomic
def invitation_create(
    *,
    organization,
    by,
    by_role,
    role,
    last_name="",
    first_name="",
    patronymic="",
    email="",
    participant=None,
    channel=None,
):
    """Give a person an account with ``role`` in ``organization``.

    With a ``participant`` the names and e-mail come from the card and the
    account is linked to it. ``channel`` defaults to e-mail when there is an
    address, else an activation code. Returns ``(invitation, secret)``; the
    secret (link token or code) exists only here: an e-mail invitation is
    mailed at once, a code is printed with ``codes_sheet_rotate``. When an
    account with that e-mail already exists, it gets the role (and the link)
    without an invitation: ``(None, None)``.

    Raises ``ValidationError`` (Russian) when the role is above what ``by_role``
    may grant, the participant already has an account, the person already has
    a role here, or e-mail is chosen without an address.
    """
    _check_grant(by_role, role)
    if participant is not None:
        if participant.organization_id != organization.pk:
            raise ValidationError("Участник другой организации.")
        if participant.is_anonymized:
            raise ValidationError("Данные участника обезличены: пригласить нельзя.")
        if participant.is_minor():
            raise ValidationError(
                f"{participant.full_name}: несовершеннолетним учётные записи не выдаются "
                "(анкеты — по личной ссылке)."
            )
        if participant.user_id:
            raise ValidationError(
                f"У участника {participant.full_name} уже есть учётная запись "
                f"({participant.user.username})."
            )
        last_name, first_name = participant.last_name, participant.first_name
        patronymic, email = participant.patronymic, email or participant.email
    email = (email or "").strip()
    if not last_name.strip():
        raise ValidationError("Укажите фамилию.")
    channel = channel or (Invitation.Channel.EMAIL if email else Invitation.Channel.CODE)
    if channel == Invitation.Channel.EMAIL and not email:
        raise ValidationError("Нет адреса электронной почты: выберите приглашение кодом активации.")

    existing = User.objects.filter(email__iexact=email).first() if email else None
    if existing is not None:
        if Membership.objects.filter(user=existing, organization=organization).exists():
            raise ValidationError(
                f"У пользователя с адресом {email} уже есть роль в этой организации."
            )
        Membership.objects.create(user=existing, organization=organization, role=role)
        if participant is not None:
            participant.user = existing
            participant._history_user = by
            participant.save(update_fields=["user", "updated_at"])
        _audit(
            organization,
            AuditEvent.Action.ROLE_GRANT,
            by,
            user_id=existing.pk,
            role=str(role),
            participant_id=participant.pk if participant else None,
        )
        return None, None

    user = User(
        username=username_for(last_name, first_name, patronymic),
        last_name=last_name.strip(),
        first_name=first_name.strip(),
        patronymic=patronymic.strip(),
        email=email,
    )
    user.set_unusable_password()
    user.full_clean()
    user.save()
    Membership.objects.create(user=user, organization=organization, role=role)
    if participant is not None:
        participant.user = user
        participant._history_user = by
        participant.save(update_fields=["user", "updated_at"])
    secret = _new_secret(channel)
    invitation = Invitation.objects.create(
        organization=organization,
        user=user,
        participant=participant,
        role=role,
        channel=channel,
        email=email if channel == Invitation.Channel.EMAIL else "",
        secret_hash=secret_hash(secret),
        created_by=by,
        expires_at=timezone.now() + timedelta(days=INVITATION_VALID_DAYS),
    )
    _audit(
        organization,
        AuditEvent.Action.INVITE,
        by,
        user_id=user.pk,
        role=str(role),
        channel=str(channel),
        invitation_id=invitation.pk,
        participant_id=participant.pk if participant else None,
    )
    if channel == Invitation.Channel.EMAIL:
        transaction.on_commit(lambda: _send_invitation_mail(invitation, secret))
    return invitation, secret


def invitations_bulk_create(*, organization, by, by_role, participants):
    """Invite every participant of a bank selection that has no account yet:
    mentors get the mentor role, the others the mentee role. Participants
    that cannot be invited are skipped with the reason.

    Returns ``(created: list[Invitation], skipped: list[str])``. Each
    invitation is its own transaction, so one failure does not undo the rest.
    """
    created, skipped = [], []
    for participant in participants:
        role = Role.MENTOR if participant.is_mentor else Role.MENTEE
        try:
            invitation, _secret = invitation_create(
                organization=organization,
                by=by,
                by_role=by_role,
                role=role,
                participant=participant,
            )
        except ValidationError as error:
            skipped.append(f"{participant.full_name}: {' '.join(error.messages)}")
            continue
        if invitation is not None:
            created.append(invitation)
    return created, skipped


def invitation_by_secret(secret):
    """The pending invitation of a link token or code, or ``None``."""
    if not secret or len(secret) > 100:
        return None
    return (
        Invitation.objects.pending()
        .select_related("user", "organization")
        .filter(secret_hash=secret_hash(secret))
        .first()
    )


@transaction.atomic
def invitation_accept(*, secret, password):
    """Set the invited person's password and spend the invitation.

    Returns the activated ``User``. Raises ``ValidationError`` when the link
    or code is unknown, used, cancelled or expired, or the password fails the
    project's password validators (nothing changes then).
    """
    invitation = invitation_by_secret(secret)
    if invitation is None:
        raise ValidationError(
            "Ссылка или код недействительны: они уже использованы, отменены или истекли. "
            "Попросите методиста выдать новое приглашение."
        )
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if not invitation.is_pending:
        raise ValidationError("Приглашение уже использовано.")
    user = invitation.user
    validate_password(password, user)
    user.set_password(password)
    user.is_active = True
    user.save(update_fields=["password", "is_active"])
    invitation.used_at = timezone.now()
    invitation.save(update_fields=["used_at"])
    # Other pending invitations of the same account are spent too.
    Invitation.objects.pending().filter(user=user).update(revoked_at=timezone.now())
    _audit(
        invitation.organization,
        AuditEvent.Action.ACCOUNT_ACTIVATE,
        user,
        user_id=user.pk,
        invitation_id=invitation.pk,
    )
    return user


@transaction.atomic
def codes_sheet_rotate(*, organization, by, invitations):
    """New activation codes for pending code invitations, for a printed
    sheet: ``[(invitation, code), …]``. Codes printed earlier stop working
    (only the newest sheet is valid), so a lost sheet is cured by printing
    again."""
    rows = []
    for invitation in invitations:
        if invitation.organization_id != organization.pk or not invitation.is_pending:
            continue
        if invitation.channel != Invitation.Channel.CODE:
            continue
        code = new_code()
        invitation.secret_hash = secret_hash(code)
        invitation.save(update_fields=["secret_hash"])
        rows.append((invitation, code))
    return rows


@transaction.atomic
def invitation_cancel(*, invitation, by, by_role):
    """Cancel a pending invitation; the account stays without a password."""
    _check_grant(by_role, invitation.role)
    if invitation.is_pending:
        invitation.revoked_at = timezone.now()
        invitation.save(update_fields=["revoked_at"])
    return invitation


@transaction.atomic
def role_change(*, membership, role, by, by_role):
    """Give a member another role in the same organisation (within rank)."""
    if membership.user_id == by.pk:
        raise ValidationError("Свою роль изменить нельзя: попросите руководителя.")
    _check_grant(by_role, membership.role)
    _check_grant(by_role, role)
    old = membership.role
    membership.role = role
    membership.full_clean()
    membership.save(update_fields=["role"])
    _audit(
        membership.organization,
        AuditEvent.Action.ROLE_GRANT,
        by,
        user_id=membership.user_id,
        role=str(role),
        previous_role=str(old),
    )
    return membership


@transaction.atomic
def access_revoke(*, membership, by, by_role):
    """Take a member's role in the organisation away.

    The member's pending invitations here are cancelled and their
    participant cards here unlinked. An account left with no role anywhere
    is deactivated (it cannot sign in); re-inviting the person reactivates it.
    """
    if membership.user_id == by.pk:
        raise ValidationError("Свой доступ отозвать нельзя.")
    _check_grant(by_role, membership.role)
    organization, user = membership.organization, membership.user
    role = membership.role
    membership.delete()
    now = timezone.now()
    Invitation.objects.pending().filter(user=user, organization=organization).update(revoked_at=now)
    for participant in Participant.objects.filter(organization=organization, user=user):
        participant.user = None
        participant._history_user = by
        participant.save(update_fields=["user", "updated_at"])
    if not Membership.objects.filter(user=user).exists() and not user.is_superuser:
        user.is_active = False
        user.save(update_fields=["is_active"])
    _audit(organization, AuditEvent.Action.ACCESS_REVOKE, by, user_id=user.pk, role=str(role))


@transaction.atomic
def participant_link_account(*, participant, login, by, by_role):
    """Link an existing account (found by login or e-mail) to a participant
    card. An account without a role in the organisation gets the mentor or
    mentee role (as the card says); one with a role keeps it.

    Raises ``ValidationError`` when no such account exists, the card already
    has one, or the account is linked to another card of the organisation.
    """
    login = (login or "").strip()
    if participant.user_id:
        raise ValidationError("У участника уже есть учётная запись.")
    if participant.is_minor():
        raise ValidationError("Несовершеннолетним учётные записи не выдаются.")
    user = (
        User.objects.filter(username__iexact=login).first()
        or User.objects.filter(email__iexact=login).first()
        if login
        else None
    )
    if user is None:
        raise ValidationError(f"Учётная запись «{login}» не найдена: проверьте логин или адрес.")
    organization = participant.organization
    if Participant.objects.filter(organization=organization, user=user).exists():
        raise ValidationError("Эта учётная запись уже привязана к другому участнику.")
    if not Membership.objects.filter(user=user, organization=organization).exists():
        role = Role.MENTOR if participant.is_mentor else Role.MENTEE
        _check_grant(by_role, role)
        Membership.objects.create(user=user, organization=organization, role=role)
    participant.user = user
    participant._history_user = by
    participant.save(update_fields=["user", "updated_at"])
    _audit(
        organization,
        AuditEvent.Action.ACCOUNT_LINK,
        by,
        user_id=user.pk,
        participant_id=participant.pk,
    )
    return participant
