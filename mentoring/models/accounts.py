"""Invitations: how a person of the programme gets an account.

A staff member invites a person (usually from their participant card) with a
role in the current organisation. The account and the role are created at
once with an unusable password; the person activates the account by setting
a password, either through a one-time link sent by e-mail or through a
one-time activation code printed on a sheet (for people without e-mail).
Only a hash of the secret is stored: the link or code is shown or sent once.
"""

import hashlib

from django.db import models
from django.db.models import Q
from django.utils import timezone

from .organizations import Organization, Role, User
from .participants import Participant

INVITATION_VALID_DAYS = 14


def secret_hash(secret):
    """SHA-256 of a link token or an activation code (codes are compared
    without spaces, dashes and case: people retype them from paper)."""
    normalised = "".join(ch for ch in secret.upper() if ch.isalnum())
    return hashlib.sha256(normalised.encode()).hexdigest()


class InvitationQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(
            used_at__isnull=True, revoked_at__isnull=True, expires_at__gt=timezone.now()
        )


class Invitation(models.Model):
    class Channel(models.TextChoices):
        EMAIL = "email", "Ссылка по электронной почте"
        CODE = "code", "Код активации на листе"

    organization = models.ForeignKey(
        Organization,
        verbose_name="организация",
        on_delete=models.CASCADE,
        related_name="invitations",
    )
    user = models.ForeignKey(
        User, verbose_name="учётная запись", on_delete=models.CASCADE, related_name="invitations"
    )
    participant = models.ForeignKey(
        Participant,
        verbose_name="участник",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="invitations",
    )
    role = models.CharField("роль", max_length=20, choices=Role.choices)
    channel = models.CharField("способ", max_length=10, choices=Channel.choices)
    email = models.EmailField("электронная почта", blank=True)
    secret_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_by = models.ForeignKey(
        User, verbose_name="пригласил", on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField("создано", auto_now_add=True)
    expires_at = models.DateTimeField("действует до")
    used_at = models.DateTimeField("использовано", null=True, blank=True)
    revoked_at = models.DateTimeField("отменено", null=True, blank=True)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        verbose_name = "приглашение"
        verbose_name_plural = "приглашения"
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["organization", "used_at", "revoked_at"])]
        constraints = [
            models.CheckConstraint(
                condition=~Q(channel="email") | ~Q(email=""), name="invitation_email_has_address"
            ),
        ]

    def __str__(self):
        return f"{self.user} — {self.get_role_display()} ({self.get_channel_display()})"

    @property
    def is_pending(self):
        return self.used_at is None and self.revoked_at is None and self.expires_at > timezone.now()

    @property
    def state_label(self):
        if self.used_at:
            return "принято"
        if self.revoked_at:
            return "отменено"
        if self.expires_at <= timezone.now():
            return "истекло"
        return "ожидает"
