"""A user's private calendar feed (iCalendar, RFC 5545)."""

import secrets

from django.db import models
from django.utils.crypto import constant_time_compare, salted_hmac

from .organizations import User

HMAC_SALT = "mentoring.calendar-feed"


class CalendarFeed(models.Model):
    """The secret address of a user's feed: ``/calendar/<pk>/<token>.ics``.

    The token is an HMAC of the row's random ``secret`` under SECRET_KEY, so
    the address can be shown again on the user's page, a copy of the
    database alone does not reveal it, and a new secret (``rotate``) revokes
    every copy of the old address at once.
    """

    user = models.OneToOneField(
        User, verbose_name="пользователь", on_delete=models.CASCADE, related_name="calendar_feed"
    )
    secret = models.CharField(max_length=64)
    created_at = models.DateTimeField("создана", auto_now_add=True)
    last_read_at = models.DateTimeField("последнее обращение", null=True, blank=True)

    class Meta:
        verbose_name = "календарь пользователя"
        verbose_name_plural = "календари пользователей"

    def __str__(self):
        return f"Календарь: {self.user}"

    @staticmethod
    def new_secret():
        return secrets.token_urlsafe(32)

    @property
    def token(self):
        return salted_hmac(HMAC_SALT, f"{self.pk}:{self.secret}", algorithm="sha256").hexdigest()

    def token_matches(self, token):
        return constant_time_compare(self.token, token or "")
