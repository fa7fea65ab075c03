"""Report jobs (files built in the background), the coordinator's
conclusions of a period, and the settings of the public section."""

from django.db import models
from django.db.models import Q
from django.urls import reverse

from mentoring.models import Organization, User
from mentoring.typography import period_code_label


class ReportKind(models.TextChoices):
    ANALYTIC = "analytic", "Аналитический отчёт о реализации и эффективности программы"
    REGISTER = "register", "Персонифицированный реестр участников наставничества"
    MENTORS = "mentors", "Банк наставников"
    MENTEES = "mentees", "Банк наставляемых"
    POTENTIAL_MENTORS = "potential-mentors", "Реестр потенциальных наставников"
    MONITORING = "monitoring", "Муниципальный мониторинг (таблица по организациям)"


class ReportFormat(models.TextChoices):
    PDF = "pdf", "PDF"
    XLSX = "xlsx", "Excel (XLSX)"


# Formats each kind is built in.
KIND_FORMATS = {
    ReportKind.ANALYTIC: (ReportFormat.PDF, ReportFormat.XLSX),
    ReportKind.REGISTER: (ReportFormat.XLSX,),
    ReportKind.MENTORS: (ReportFormat.XLSX,),
    ReportKind.MENTEES: (ReportFormat.XLSX,),
    ReportKind.POTENTIAL_MENTORS: (ReportFormat.XLSX,),
    ReportKind.MONITORING: (ReportFormat.XLSX,),
}


class JobStatus(models.TextChoices):
    QUEUED = "queued", "В очереди"
    RUNNING = "running", "Формируется"
    DONE = "done", "Готов"
    FAILED = "failed", "Ошибка"


class ReportJob(models.Model):
    """A report built outside the request. All its state is in this row (no
    state kept in a process): any app server reports progress, serves the
    file, or picks up a job whose server died (run_report_jobs)."""

    organization = models.ForeignKey(
        Organization, verbose_name="организация", on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField("отчёт", max_length=30, choices=ReportKind.choices)
    format = models.CharField("формат", max_length=10, choices=ReportFormat.choices)
    period = models.CharField(
        "период", max_length=20, blank=True, help_text="Учебный год «2025-2026» или квартал."
    )
    params = models.JSONField("параметры", default=dict, blank=True)
    status = models.CharField(
        "состояние", max_length=20, choices=JobStatus.choices, default=JobStatus.QUEUED
    )
    progress = models.PositiveSmallIntegerField("готовность, %", default=0)
    message = models.CharField("сообщение", max_length=500, blank=True)
    # Private: served only by the download view after the access check.
    file = models.FileField("файл", upload_to="reports/%Y/%m/", blank=True)
    filename = models.CharField("имя файла", max_length=200, blank=True)
    attempts = models.PositiveSmallIntegerField("попыток", default=0)
    created_by = models.ForeignKey(
        User,
        verbose_name="заказал",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField("создан", auto_now_add=True)
    started_at = models.DateTimeField("начат", null=True, blank=True)
    heartbeat_at = models.DateTimeField("последний признак жизни", null=True, blank=True)
    finished_at = models.DateTimeField("завершён", null=True, blank=True)

    class Meta:
        verbose_name = "формирование отчёта"
        verbose_name_plural = "формирование отчётов"
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["status", "created_at"])]
        constraints = [
            models.CheckConstraint(condition=Q(progress__lte=100), name="report_job_progress_max"),
            models.CheckConstraint(
                condition=~Q(status="done") | ~Q(file=""), name="report_job_done_has_file"
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} ({self.get_format_display()}), {self.organization}"

    def get_absolute_url(self):
        return reverse("reports:job_status", args=[self.pk])

    @property
    def is_finished(self):
        return self.status in (JobStatus.DONE, JobStatus.FAILED)


class ReportConclusion(models.Model):
    """The coordinator's conclusions for the analytic report of a period:
    written on the report form, reused the next time."""

    organization = models.ForeignKey(
        Organization, verbose_name="организация", on_delete=models.CASCADE, related_name="+"
    )
    period = models.CharField("период", max_length=20)
    text = models.TextField("выводы и предложения", blank=True)
    updated_by = models.ForeignKey(
        User,
        verbose_name="изменил",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    updated_at = models.DateTimeField("изменено", auto_now=True)

    class Meta:
        verbose_name = "выводы аналитического отчёта"
        verbose_name_plural = "выводы аналитических отчётов"
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "period"], name="report_conclusion_one_per_period"
            ),
        ]

    def __str__(self):
        return f"Выводы за {self.period}: {self.organization}"


class PublicSettings(models.Model):
    """What the organisation's public section «Наставничество» says and
    shows. The methodist edits it; without a row the section shows the
    defaults (everything published that is marked public)."""

    organization = models.OneToOneField(
        Organization,
        verbose_name="организация",
        on_delete=models.CASCADE,
        related_name="public_settings",
    )
    is_enabled = models.BooleanField("публичный раздел открыт", default=True)
    about = models.TextField(
        "о программе наставничества",
        blank=True,
        help_text="Цели и формы наставничества в организации; абзацы через пустую строку.",
    )
    coordinator_name = models.CharField("куратор программы (ФИО)", max_length=300, blank=True)
    coordinator_position = models.CharField("должность куратора", max_length=300, blank=True)
    coordinator_phone = models.CharField("телефон куратора", max_length=100, blank=True)
    coordinator_email = models.EmailField("e-mail куратора", blank=True)
    how_to_join = models.TextField("как стать наставником", blank=True)
    show_documents = models.BooleanField("документы", default=True)
    show_roadmap = models.BooleanField("дорожная карта (план мероприятий)", default=True)
    # Progress is a separate choice: published with the plan it showed
    # "срок прошёл" on most rows of an old roadmap (issue 16). Off by default.
    show_roadmap_progress = models.BooleanField(
        "выполнение дорожной карты (отметки и просрочки)", default=False
    )
    show_news = models.BooleanField("новости", default=True)
    show_practices = models.BooleanField("лучшие практики", default=True)
    show_honour_board = models.BooleanField("доска почёта наставников", default=True)
    show_materials = models.BooleanField("методические материалы", default=True)
    show_apply = models.BooleanField("форма «Стать наставником»", default=True)
    updated_by = models.ForeignKey(
        User,
        verbose_name="изменил",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    updated_at = models.DateTimeField("изменено", auto_now=True)

    class Meta:
        verbose_name = "настройки публичного раздела"
        verbose_name_plural = "настройки публичных разделов"

    def __str__(self):
        return f"Публичный раздел: {self.organization}"

    @property
    def about_paragraphs(self):
        return [p.strip() for p in self.about.split("\n\n") if p.strip()]


class CollectionRequest(models.Model):
    """The department's yearly request for its organisations' analytic
    reports, gathered into the «информационно-аналитический сборник»
    (domain.md, "Levels and organisations": the department collects the
    organisations' monitoring into an analytic collection). One per
    department and academic year; addressed to every organisation below
    the department."""

    department = models.ForeignKey(
        Organization,
        verbose_name="департамент",
        on_delete=models.CASCADE,
        related_name="collection_requests",
    )
    period = models.CharField("учебный год", max_length=20, help_text="«2025-2026».")
    deadline = models.DateField("срок представления")
    note = models.TextField("пояснение для организаций", blank=True)
    reminders = models.PositiveSmallIntegerField("напоминаний отправлено", default=0)
    reminded_at = models.DateTimeField("последнее напоминание", null=True, blank=True)
    created_by = models.ForeignKey(
        User,
        verbose_name="создал",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField("создан", auto_now_add=True)

    class Meta:
        verbose_name = "запрос аналитических отчётов для сборника"
        verbose_name_plural = "запросы аналитических отчётов для сборника"
        ordering = ["-period", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["department", "period"],
                name="collection_request_one_per_year",
                violation_error_message="Запрос за этот учебный год уже создан.",
            ),
        ]

    def __str__(self):
        return f"Сборник {self.period}: {self.department}"

    def get_absolute_url(self):
        return reverse("reports:collection_detail", args=[self.pk])

    @property
    def period_label(self):
        return period_code_label(self.period)


class SubmissionStatus(models.TextChoices):
    SUBMITTED = "submitted", "Представлен"
    WITHDRAWN = "withdrawn", "Отозван"


class CollectionSubmission(models.Model):
    """An organisation's answer to a collection request: its analytic
    report for the year, frozen as it was when submitted (the PDF file and
    the indicator figures), so later changes of the data do not alter what
    the department collected."""

    request = models.ForeignKey(
        CollectionRequest,
        verbose_name="запрос",
        on_delete=models.CASCADE,
        related_name="submissions",
    )
    organization = models.ForeignKey(
        Organization, verbose_name="организация", on_delete=models.CASCADE, related_name="+"
    )
    status = models.CharField(
        "состояние",
        max_length=20,
        choices=SubmissionStatus.choices,
        default=SubmissionStatus.SUBMITTED,
    )
    # Private: served only by the views after the access check.
    pdf = models.FileField("отчёт (PDF)", upload_to="collections/%Y/", blank=True)
    figures = models.JSONField(
        "показатели",
        default=list,
        blank=True,
        help_text='[["Участников", 120], ["Охват …, %", 41.5]] — as of ``as_of``.',
    )
    as_of = models.DateField("показатели на дату", null=True, blank=True)
    submitted_by = models.ForeignKey(
        User,
        verbose_name="представил",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    submitted_at = models.DateTimeField("представлен", null=True, blank=True)
    withdrawn_at = models.DateTimeField("отозван", null=True, blank=True)

    class Meta:
        verbose_name = "аналитический отчёт для сборника"
        verbose_name_plural = "аналитические отчёты для сборника"
        ordering = ["organization__short_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["request", "organization"], name="collection_submission_one_per_org"
            ),
            models.CheckConstraint(
                condition=~Q(status="submitted") | (~Q(pdf="") & Q(submitted_at__isnull=False)),
                name="collection_submission_submitted_has_file",
            ),
        ]

    def __str__(self):
        return f"{self.organization}: {self.get_status_display()} ({self.request.period})"

    @property
    def is_submitted(self):
        return self.status == SubmissionStatus.SUBMITTED

    @property
    def is_late(self):
        """Submitted after the deadline (dates of the project's time zone)."""
        from django.utils import timezone

        return bool(
            self.is_submitted
            and self.submitted_at
            and timezone.localdate(self.submitted_at) > self.request.deadline
        )
