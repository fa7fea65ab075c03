"""One-time submit tokens of creating forms (post/redirect/get guard)."""

from django.db import models


class FormSubmission(models.Model):
    """A creating form that was already submitted once.

    Every creating form carries a random ``submit_token`` issued when the
    page is rendered (``{% submit_token %}``); the first POST that carries
    it claims this row, and a repeated POST of the same opened form (a
    double click, the browser's "resend" after a refresh, the back button)
    finds it and is sent to ``location`` — the page the first POST
    redirected to — instead of creating the thing again
    (``mentoring.submit_once``).

    Holds no personal data: the token is random, the addresses are the
    application's own paths. Rows older than ``KEEP_DAYS`` are removed on
    the next claim.
    """

    KEEP_DAYS = 7

    token = models.CharField("токен формы", max_length=64, unique=True)
    path = models.CharField("адрес формы", max_length=500)
    location = models.CharField("куда перенаправили", max_length=500, blank=True, default="")
    created_at = models.DateTimeField("отправлена", auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = "отправленная форма"
        verbose_name_plural = "отправленные формы"

    def __str__(self):
        return f"{self.path} → {self.location or '…'}"
