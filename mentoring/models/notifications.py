"""Notifications: in-app items, the per-user off switches, and the record of
what was already sent (the idempotency of ``manage.py send_reminders``).

What there is to tell comes from the collectors registered in
``mentoring.notify``; these models only store the outcome.
"""

from django.db import models

from .organizations import Organization, User


class NotificationPreference(models.Model):
    """A kind of notification the user turned off. No row means "on":
    a new kind reaches everybody until they say otherwise."""

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="notification_preferences"
    )
    kind = models.CharField("вид уведомлений", max_length=50)
    enabled = models.BooleanField("присылать", default=False)

    class Meta:
        verbose_name = "настройка уведомлений"
        verbose_name_plural = "настройки уведомлений"
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="notification_preference_once"),
        ]

    def __str__(self):
        return f"{self.user}: {self.kind} — {'да' if self.enabled else 'нет'}"


class SentNotice(models.Model):
    """A notice delivered to a user. The unique (user, key) pair is what
    makes a second run of send_reminders send nothing twice, even when two
    runs overlap."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="sent_notices")
    key = models.CharField(max_length=200)
    kind = models.CharField(max_length=50)
    sent_at = models.DateTimeField()
    emailed = models.BooleanField(default=False)

    class Meta:
        verbose_name = "отправленное уведомление"
        verbose_name_plural = "отправленные уведомления"
        constraints = [
            models.UniqueConstraint(fields=["user", "key"], name="sent_notice_once_per_user"),
        ]

    def __str__(self):
        return f"{self.user}: {self.key}"


class NotificationQuerySet(models.QuerySet):
    def unread(self):
        return self.filter(read_at__isnull=True)


class Notification(models.Model):
    """An item of the user's in-app list (the bell in the header)."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="notifications")
    # The organisation the notification is about: shown in the list, and
    # opening it switches the user's current organisation to this one.
    organization = models.ForeignKey(
        Organization,
        verbose_name="организация",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    kind = models.CharField("вид", max_length=50)
    key = models.CharField(max_length=200)
    title = models.CharField("текст", max_length=500)
    url = models.CharField("ссылка", max_length=500, blank=True)
    due = models.DateField("срок", null=True, blank=True)
    created_at = models.DateTimeField("создано")
    read_at = models.DateTimeField("прочитано", null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        verbose_name = "уведомление"
        verbose_name_plural = "уведомления"
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["user", "read_at"])]
        # One item per (user, key): the nightly digest, the events told at
        # once and the page-load refresh of reminders may race for it.
        constraints = [
            models.UniqueConstraint(fields=["user", "key"], name="notification_once_per_user"),
        ]

    def __str__(self):
        return self.title
