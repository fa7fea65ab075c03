"""Roadmaps (дорожные карты), their stages and activities, the dated
occurrences an activity is tracked by, and target indicators.

A roadmap is a tree of `Activity` rows: the top-level rows are the stages
(sections of the document), deeper rows are activities numbered 1.1, 4.3.1…
A stage is an Activity too because real roadmaps often track the stage row
itself (a stage with its own deadline and responsible and no activities
under it). Every trackable row is followed through `Occurrence` rows: one per
date window its deadline denotes ("1 раз в четверть" over three years gives
twelve), and for a department's roadmap one per window and executing
organisation. Overdue and per cent done are SQL aggregates over occurrences.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, F, Q
from django.urls import reverse

from mentoring.models import MentorshipStatus, Order, Organization, TargetGroup, User

from .deadlines import KINDS as DEADLINE_KINDS

TEXT_FIELDS = (
    "title",
    "content",
    "deadline_text",
    "responsible",
    "expected_result",
    "indicators",
    "documents",
)
# The columns of a roadmap table, in the order real documents have them.
COLUMN_LABELS = {
    "content": "Содержание",
    "deadline_text": "Сроки",
    "responsible": "Ответственные",
    "expected_result": "Ожидаемый результат",
    "indicators": "Показатели эффективности",
    "documents": "Документы, подтверждающие результат",
}


class RoadmapStatus(models.TextChoices):
    DRAFT = "draft", "Проект"
    APPROVED = "approved", "Утверждена"


class RoadmapQuerySet(models.QuerySet):
    def of(self, organization):
        return self.filter(organization=organization)


class Roadmap(models.Model):
    organization = models.ForeignKey(
        Organization,
        verbose_name="организация",
        on_delete=models.PROTECT,
        related_name="roadmaps",
    )
    title = models.TextField("название")
    period_start = models.PositiveSmallIntegerField(
        "начало периода (год)", help_text="2021 для периода 2021–2024."
    )
    period_end = models.PositiveSmallIntegerField("окончание периода (год)")
    status = models.CharField(
        "статус", max_length=20, choices=RoadmapStatus.choices, default=RoadmapStatus.DRAFT
    )
    order = models.ForeignKey(
        Order,
        verbose_name="приказ об утверждении",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="roadmaps",
    )
    approved_on = models.DateField("дата утверждения", null=True, blank=True)
    columns = models.JSONField(
        "колонки документа",
        default=list,
        # A table of numbers and titles only (its deadline and responsible
        # cells still empty) is a roadmap too.
        blank=True,
        help_text="Колонки исходного документа, кроме номера и мероприятия.",
    )
    source_name = models.CharField("исходный файл", max_length=200, blank=True)
    source_sha256 = models.CharField(
        "отпечаток исходного файла",
        max_length=64,
        blank=True,
        db_index=True,
        help_text="SHA-256 загруженного файла: повторная загрузка того же файла узнаётся.",
    )
    copied_from = models.ForeignKey(
        "self",
        verbose_name="копия дорожной карты",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="copies",
    )
    created_by = models.ForeignKey(
        User,
        verbose_name="создал",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField("создана", auto_now_add=True)

    objects = RoadmapQuerySet.as_manager()

    class Meta:
        verbose_name = "дорожная карта"
        verbose_name_plural = "дорожные карты"
        ordering = ["organization", "-period_start", "-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__gte=F("period_start"))
                & Q(period_start__gte=2000)
                & Q(period_end__lte=2100),
                name="roadmap_period_sane",
            ),
            models.CheckConstraint(
                condition=~Q(status="approved") | Q(approved_on__isnull=False),
                name="roadmap_approved_has_date",
            ),
        ]

    def __str__(self):
        return self.short_title

    def get_absolute_url(self):
        return reverse("roadmaps:roadmap_detail", args=[self.pk])

    @property
    def short_title(self):
        return " ".join(self.title.split())[:200] or "Дорожная карта"

    @property
    def period_label(self):
        if self.period_start == self.period_end:
            return f"{self.period_start} год"
        return f"{self.period_start}–{self.period_end}"

    @property
    def period_bounds(self):
        """(first day, last day) of the period, as the deadline parser reads it."""
        if self.period_start == self.period_end:
            return datetime.date(self.period_start, 1, 1), datetime.date(self.period_end, 12, 31)
        return datetime.date(self.period_start, 9, 1), datetime.date(self.period_end, 8, 31)

    @property
    def is_draft(self):
        return self.status == RoadmapStatus.DRAFT

    @property
    def is_municipal(self):
        return self.organization.kind == Organization.Kind.DEPARTMENT

    def column_list(self):
        return [(key, COLUMN_LABELS[key]) for key in COLUMN_LABELS if key in self.columns]


class Activity(models.Model):
    """A row of the roadmap: a stage (depth 0) or an activity under it."""

    roadmap = models.ForeignKey(Roadmap, on_delete=models.CASCADE, related_name="activities")
    parent = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="children"
    )
    # The stage (top-level row) the activity belongs to; null for a stage.
    # Denormalised so that per-stage percentages are one GROUP BY.
    stage = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    position = models.PositiveIntegerField("порядок в документе")
    depth = models.PositiveSmallIntegerField("уровень", default=0)
    number = models.CharField("номер", max_length=50, blank=True)
    title = models.TextField("этап или мероприятие", blank=True)
    content = models.TextField("содержание", blank=True)
    deadline_text = models.TextField("сроки", blank=True)
    responsible = models.TextField("ответственные", blank=True)
    expected_result = models.TextField("ожидаемый результат", blank=True)
    indicators = models.TextField("показатели эффективности", blank=True)
    documents = models.TextField("документы, подтверждающие результат", blank=True)
    deadline_kind = models.CharField(
        "вид срока",
        max_length=20,
        choices=[(k, k) for k in (*DEADLINE_KINDS, "manual", "none")],
        default="none",
        help_text="Как прочитан срок: manual — даты заданы вручную; none — строка не "
        "отслеживается (заголовок этапа с мероприятиями).",
    )
    is_tracked = models.BooleanField(
        "отслеживается",
        default=True,
        help_text="Нет у заголовка этапа, под которым есть мероприятия.",
    )
    responsible_users = models.ManyToManyField(
        User,
        verbose_name="ответственные пользователи",
        blank=True,
        related_name="roadmap_activities",
    )
    assigned_organizations = models.ManyToManyField(
        Organization,
        verbose_name="исполняющие организации",
        blank=True,
        related_name="assigned_roadmap_activities",
    )

    class Meta:
        verbose_name = "мероприятие дорожной карты"
        verbose_name_plural = "мероприятия дорожной карты"
        ordering = ["roadmap", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["roadmap", "position"], name="roadmap_activity_position_unique"
            ),
            models.CheckConstraint(
                condition=Q(depth=0, stage__isnull=True, parent__isnull=True)
                | Q(depth__gt=0, stage__isnull=False, parent__isnull=False),
                name="roadmap_activity_stage_matches_depth",
            ),
        ]

    def __str__(self):
        label = " ".join(self.title.split())[:80] or "(без названия)"
        return f"{self.number} {label}".strip()

    @property
    def is_stage(self):
        return self.depth == 0

    @property
    def stage_id_or_self(self):
        return self.stage_id or self.pk

    @property
    def deadline_unrecognized(self):
        return self.is_tracked and self.deadline_kind in ("unparsed", "none")


class OccurrenceStatus(models.TextChoices):
    PLANNED = "planned", "Запланировано"
    DONE = "done", "Выполнено"
    CANCELLED = "cancelled", "Не требуется"


class OccurrenceQuerySet(models.QuerySet):
    def counted(self):
        return self.exclude(status=OccurrenceStatus.CANCELLED)

    def overdue(self, today):
        return self.filter(status=OccurrenceStatus.PLANNED, ends_on__lt=today)

    def stats(self, today):
        """One aggregate: total, done, overdue, due (ended before today or
        done) and done on time; cancelled occurrences are not counted."""
        return self.counted().aggregate(**stats_aggregates(today))


def stats_aggregates(today):
    done = Q(status=OccurrenceStatus.DONE)
    return {
        "total": Count("pk"),
        "done": Count("pk", filter=done),
        "overdue": Count("pk", filter=Q(status=OccurrenceStatus.PLANNED, ends_on__lt=today)),
        "due": Count("pk", filter=done | Q(ends_on__lt=today)),
        "on_time": Count("pk", filter=done & Q(done_on__lte=F("ends_on"))),
    }


def percent(part, whole):
    """Per cent rounded down to 0.1 (the one rule of mentoring.indicators,
    so that 100 means everything); None without a denominator."""
    from mentoring.indicators import percent as one_rule

    return one_rule(part, whole)


class Occurrence(models.Model):
    """One dated window of an activity, tracked to done with evidence."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="occurrences")
    # Copies of the activity's roadmap and stage, for aggregate queries.
    roadmap = models.ForeignKey(Roadmap, on_delete=models.CASCADE, related_name="occurrences")
    stage = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="+")
    organization = models.ForeignKey(
        Organization,
        verbose_name="исполняющая организация",
        on_delete=models.CASCADE,
        related_name="roadmap_occurrences",
    )
    starts_on = models.DateField("начало")
    ends_on = models.DateField("срок")
    is_manual = models.BooleanField("даты заданы вручную", default=False)
    status = models.CharField(
        "статус",
        max_length=20,
        choices=OccurrenceStatus.choices,
        default=OccurrenceStatus.PLANNED,
    )
    done_on = models.DateField("дата выполнения", null=True, blank=True)
    comment = models.TextField("комментарий", blank=True)
    link = models.URLField("ссылка на подтверждение", max_length=500, blank=True)
    evidence = models.FileField("файл-подтверждение", upload_to="roadmaps/evidence/%Y/", blank=True)
    evidence_name = models.CharField("имя файла", max_length=200, blank=True)
    done_by = models.ForeignKey(
        User,
        verbose_name="отметил",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    updated_at = models.DateTimeField("изменено", auto_now=True)

    objects = OccurrenceQuerySet.as_manager()

    class Meta:
        verbose_name = "срок мероприятия"
        verbose_name_plural = "сроки мероприятий"
        ordering = ["activity", "organization", "starts_on", "ends_on"]
        indexes = [models.Index(fields=["roadmap", "status", "ends_on"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(starts_on__lte=F("ends_on")), name="roadmap_occurrence_window"
            ),
            models.CheckConstraint(
                condition=Q(status="done", done_on__isnull=False)
                | (~Q(status="done") & Q(done_on__isnull=True)),
                name="roadmap_occurrence_done_has_date",
            ),
            models.UniqueConstraint(
                fields=["activity", "organization", "starts_on", "ends_on"],
                name="roadmap_occurrence_unique_window",
            ),
        ]

    def __str__(self):
        return f"{self.activity}: {self.window_label}"

    @property
    def window_label(self):
        if self.starts_on == self.ends_on:
            return f"{self.ends_on:%d.%m.%Y}"
        return f"{self.starts_on:%d.%m.%Y} – {self.ends_on:%d.%m.%Y}"

    @property
    def is_done(self):
        return self.status == OccurrenceStatus.DONE

    def is_overdue(self, today):
        return self.status == OccurrenceStatus.PLANNED and self.ends_on < today

    @property
    def has_evidence(self):
        return bool(self.evidence or self.link or self.comment)

    def clean(self):
        has_evidence = self.comment or self.link or self.evidence
        if self.status == OccurrenceStatus.DONE and not has_evidence:
            raise ValidationError("Приложите подтверждение: файл, ссылку или комментарий.")


# --- indicators -------------------------------------------------------------------


class IndicatorKind(models.TextChoices):
    COVERAGE = "coverage", "Охват целевой группы наставничеством, %"
    CONSENTS = "consents", "Согласия на обработку персональных данных, %"
    ACTIVE_MENTORSHIPS = "active_mentorships", "Действующие пары и группы (формы), шт."
    PROGRAMS = "programs", "Персонализированные программы наставничества, шт."
    MENTORING_PROGRAMS = (
        "mentoring_programs",
        "Программы наставничества организаций, утверждённые приказом, шт.",
    )
    TRAINING_SESSIONS = "training_sessions", "Занятий на группу наставников, шт."
    SURVEY_PARTICIPATION = "survey_participation", "Участие в анкетировании, %"
    ROADMAP_ON_TIME = "roadmap_on_time", "Мероприятия дорожной карты, выполненные в срок, %"
    MANUAL = "manual", "Вводится вручную"


class Indicator(models.Model):
    """A target indicator (целевой показатель) of an organisation or department."""

    organization = models.ForeignKey(
        Organization,
        verbose_name="организация",
        on_delete=models.CASCADE,
        related_name="indicators",
    )
    name = models.CharField("показатель", max_length=300)
    kind = models.CharField("как считается", max_length=30, choices=IndicatorKind.choices)
    target_group = models.CharField(
        "целевая группа", max_length=30, choices=TargetGroup.choices, blank=True
    )
    form_name = models.CharField(
        "форма наставничества",
        max_length=200,
        blank=True,
        help_text="Название формы, например «Педагог – молодой специалист».",
    )
    unit = models.CharField("единица", max_length=20, default="%")
    position = models.PositiveSmallIntegerField("порядок", default=0)
    note = models.CharField("примечание", max_length=300, blank=True)

    class Meta:
        verbose_name = "целевой показатель"
        verbose_name_plural = "целевые показатели"
        ordering = ["organization", "position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "name"], name="indicator_unique_name_per_organization"
            ),
            models.CheckConstraint(
                condition=~Q(kind="coverage") | ~Q(target_group=""),
                name="indicator_coverage_has_group",
            ),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        if self.kind == IndicatorKind.COVERAGE and not self.target_group:
            raise ValidationError({"target_group": "Укажите целевую группу для охвата."})
        if self.kind == IndicatorKind.ACTIVE_MENTORSHIPS and not self.form_name:
            raise ValidationError({"form_name": "Укажите форму наставничества."})


class IndicatorTarget(models.Model):
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="targets")
    year = models.PositiveSmallIntegerField(
        "учебный год", help_text="Год начала: 2025 означает 2025/2026 учебный год."
    )
    value = models.DecimalField("цель", max_digits=10, decimal_places=2)

    class Meta:
        verbose_name = "цель показателя"
        verbose_name_plural = "цели показателя"
        ordering = ["indicator", "year"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "year"], name="indicator_target_per_year"),
        ]

    def __str__(self):
        from mentoring.typography import academic_year_range

        return f"{academic_year_range(self.year)}: {self.value}"


class IndicatorEntry(models.Model):
    """An actual value entered by hand (for what the data does not show)."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="entries")
    on_date = models.DateField("на дату")
    value = models.DecimalField("значение", max_digits=10, decimal_places=2)
    comment = models.CharField("комментарий", max_length=300, blank=True)
    entered_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "значение показателя (вручную)"
        verbose_name_plural = "значения показателей (вручную)"
        ordering = ["indicator", "-on_date", "-pk"]

    def __str__(self):
        return f"{self.indicator}: {self.value} на {self.on_date:%d.%m.%Y}"


class IndicatorSnapshot(models.Model):
    """The actual value at the end of a quarter (March, June, September,
    December): what the department collects in its monitoring."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="snapshots")
    year = models.PositiveSmallIntegerField("год")
    month = models.PositiveSmallIntegerField("месяц")
    taken_on = models.DateField("дата расчёта")
    value = models.DecimalField("значение", max_digits=10, decimal_places=2, null=True)
    target = models.DecimalField("цель", max_digits=10, decimal_places=2, null=True)

    class Meta:
        verbose_name = "квартальный срез показателя"
        verbose_name_plural = "квартальные срезы показателей"
        ordering = ["indicator", "-year", "-month"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "year", "month"], name="indicator_snapshot_per_quarter"
            ),
            models.CheckConstraint(
                condition=Q(month__in=[3, 6, 9, 12]), name="indicator_snapshot_quarter_month"
            ),
        ]

    def __str__(self):
        return f"{self.indicator}: {self.month:02d}.{self.year}"


# Mentorship statuses that count towards coverage: the pair is working or has
# finished its programme.
COVERAGE_STATUSES = (MentorshipStatus.ACTIVE, MentorshipStatus.COMPLETED)
