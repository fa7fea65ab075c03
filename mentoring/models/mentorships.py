"""Forms of mentoring, mentorships (pairs and groups), personalised
programmes, plan items and meetings."""

from django.db import models
from django.db.models import Q
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from .organizations import Organization, User
from .participants import Participant, TargetGroup


class MentoringType(models.TextChoices):
    """The second axis of a form: the type of mentoring, next to the role
    pair. Source: методические рекомендации по разработке и внедрению
    системы (целевой модели) наставничества педагогических работников
    (письмо Минпросвещения России от 21.12.2021 № АЗ-1128/08), виды
    наставничества."""

    TRADITIONAL = "traditional", "Традиционное (один на один)"
    GROUP = "group", "Групповое"
    VIRTUAL = "virtual", "Виртуальное (дистанционное)"
    SHORT_TERM = "short_term", "Краткосрочное или целеполагающее"
    REVERSE = "reverse", "Реверсивное"
    SITUATIONAL = "situational", "Ситуационное"
    SPEED = "speed", "Скоростное"


def mentoring_type_of(form_type, mentees):
    """The type of mentoring of a pair or group of ``mentees`` mentees on a
    form of type ``form_type``: the form's type, except that several
    mentees are never «традиционное (один на один)» — the 2021
    recommendations define the traditional type as one mentor with one
    mentee and the group type as a mentor with a group, so such a group is
    «групповое». The one rule the pages and the analytic report read."""
    if form_type == MentoringType.TRADITIONAL and (mentees or 0) > 1:
        return MentoringType.GROUP
    return form_type


class MentoringForm(models.Model):
    """A form of mentoring (ученик–ученик, педагог–педагог…). Kept as data:
    an organisation adds its own. ``name`` is the role pair, ``mentoring_type``
    the type (традиционное, групповое…)."""

    organization = models.ForeignKey(
        Organization,
        verbose_name="организация",
        on_delete=models.CASCADE,
        related_name="mentoring_forms",
    )
    name = models.CharField("название", max_length=200)
    mentor_groups = models.JSONField(
        "целевые группы наставников",
        default=list,
        help_text="Коды целевых групп, из которых выбираются наставники.",
    )
    mentee_groups = models.JSONField("целевые группы наставляемых", default=list)
    mentoring_type = models.CharField(
        "вид наставничества",
        max_length=20,
        choices=MentoringType.choices,
        default=MentoringType.TRADITIONAL,
    )
    description = models.TextField("описание", blank=True)
    is_active = models.BooleanField("используется", default=True)
    position = models.PositiveSmallIntegerField("порядок", default=0)

    class Meta:
        verbose_name = "форма наставничества"
        verbose_name_plural = "формы наставничества"
        ordering = ["organization", "position", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "name"], name="mentoring_form_unique_name"
            ),
        ]

    def __str__(self):
        return self.name

    def allows_mentor(self, participant):
        return not self.mentor_groups or participant.target_group in self.mentor_groups

    def allows_mentee(self, participant):
        return not self.mentee_groups or participant.target_group in self.mentee_groups

    @property
    def mentor_group_labels(self):
        labels = dict(TargetGroup.choices)
        return [labels.get(g, g) for g in self.mentor_groups]

    @property
    def mentee_group_labels(self):
        labels = dict(TargetGroup.choices)
        return [labels.get(g, g) for g in self.mentee_groups]


class MentorshipStatus(models.TextChoices):
    PROPOSED = "proposed", "Предложена"
    AGREED = "agreed", "Согласована"
    ACTIVE = "active", "Действует"
    # A member withdrew the processing consent (152-ФЗ ст. 21 ч. 5): nothing
    # is done with the pair until a change order ends or re-forms it.
    SUSPENDED = "suspended", "Приостановлена"
    COMPLETED = "completed", "Завершена"
    TERMINATED = "terminated", "Прекращена"


# Statuses in which a mentorship holds a mentor's capacity.
HOLDING_STATUSES = frozenset(
    {
        MentorshipStatus.PROPOSED,
        MentorshipStatus.AGREED,
        MentorshipStatus.ACTIVE,
        MentorshipStatus.SUSPENDED,
    }
)


class MentorshipQuerySet(models.QuerySet):
    def of(self, organization):
        return self.filter(organization=organization)

    def holding(self):
        return self.filter(status__in=HOLDING_STATUSES)

    def for_participant(self, participant):
        return self.filter(members__participant=participant).distinct()

    def with_mentoring_type(self):
        """Annotated with ``mentees_count`` and ``type_code``: the
        type of each pair or group by :func:`mentoring_type_of` (a group of
        several mentees on a traditional form is «групповое»), computed in
        the query so that a report can group and count by it."""
        mentees = (
            MentorshipMember.objects.filter(
                mentorship=models.OuterRef("pk"), role=MentorshipMember.Role.MENTEE
            )
            .order_by()
            .values("mentorship")
            .annotate(n=models.Count("pk"))
            .values("n")
        )
        return self.annotate(mentees_count=Coalesce(models.Subquery(mentees), 0)).annotate(
            type_code=models.Case(
                models.When(
                    form__mentoring_type=MentoringType.TRADITIONAL,
                    mentees_count__gt=1,
                    then=models.Value(MentoringType.GROUP.value),
                ),
                default=models.F("form__mentoring_type"),
                output_field=models.CharField(),
            )
        )

    def with_people(self):
        return self.select_related("form", "order").prefetch_related(
            models.Prefetch(
                "members",
                queryset=MentorshipMember.objects.select_related("participant").order_by(
                    "role", "participant__last_name"
                ),
            )
        )


class Mentorship(models.Model):
    """A pair or a group: a lead mentor (and co-mentors) with one or more
    mentees. A pair is a group of one mentee."""

    organization = models.ForeignKey(
        Organization,
        verbose_name="организация",
        on_delete=models.PROTECT,
        related_name="mentorships",
    )
    form = models.ForeignKey(
        MentoringForm,
        verbose_name="форма наставничества",
        on_delete=models.PROTECT,
        related_name="mentorships",
    )
    title = models.CharField(
        "название группы",
        max_length=200,
        blank=True,
        help_text="Для групп; у пары можно не заполнять.",
    )
    status = models.CharField(
        "статус",
        max_length=20,
        choices=MentorshipStatus.choices,
        default=MentorshipStatus.PROPOSED,
    )
    planned_start = models.DateField("плановое начало")
    planned_end = models.DateField("плановое окончание")
    activated_on = models.DateField("начало по приказу", null=True, blank=True)
    ended_on = models.DateField("дата окончания", null=True, blank=True)
    end_reason = models.TextField("причина прекращения или итог", blank=True)
    ended_by = models.ForeignKey(
        User,
        verbose_name="кем завершена",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    order = models.ForeignKey(
        "mentoring.Order",
        verbose_name="приказ о закреплении",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="activated_mentorships",
    )
    version = models.PositiveIntegerField("версия", default=1)
    created_by = models.ForeignKey(
        User,
        verbose_name="создал",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField("создана", auto_now_add=True)

    history = HistoricalRecords(excluded_fields=["version"])
    objects = MentorshipQuerySet.as_manager()

    class Meta:
        verbose_name = "наставническая пара или группа"
        verbose_name_plural = "наставнические пары и группы"
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["organization", "status"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(planned_end__gte=models.F("planned_start")),
                name="mentorship_end_after_start",
            ),
            models.CheckConstraint(
                condition=~Q(status="active") | Q(activated_on__isnull=False, order__isnull=False),
                name="mentorship_active_only_by_order",
            ),
        ]

    def __str__(self):
        """The pair's name for staff lists, order forms and notifications:
        "Фамилия Имя Отчество — Фамилия Имя Отчество" (full names, since two
        people of one school often share surname and initials, issue 14), or
        "… — группа (N)"; the title when the methodist gave one."""
        if self.title:
            return self.title
        mentors = [m for m in self.members.all() if m.role == MentorshipMember.Role.LEAD]
        mentees = [m for m in self.members.all() if m.role == MentorshipMember.Role.MENTEE]
        lead = mentors[0].participant.full_name if mentors else "—"
        if len(mentees) == 1:
            return f"{lead} — {mentees[0].participant.full_name}"
        return f"{lead} — группа ({len(mentees)})"

    def get_absolute_url(self):
        return reverse("mentoring:mentorship_detail", args=[self.pk])

    def plan_date_error(self, day):
        """A Russian message when ``day`` (a plan item's start or due date)
        lies outside the pair's planned period (planned_start–planned_end,
        both inclusive); "" when it fits or is None."""
        if day is None or self.planned_start <= day <= self.planned_end:
            return ""
        return (
            f"Дата вне срока пары: {self.planned_start:%d.%m.%Y} – {self.planned_end:%d.%m.%Y} "
            f"(указано {day:%d.%m.%Y})."
        )

    def meeting_date_error(self, day, today=None):
        """A Russian message when a meeting dated ``day`` cannot have been
        held: before the pair's start (the actual one, ``activated_on``, if
        recorded, else ``planned_start``), after its end (``ended_on`` if
        recorded, else ``planned_end``), or after ``today`` (the local date
        by default). "" when the date fits."""
        today = today or timezone.localdate()
        start = self.activated_on or self.planned_start
        end = self.ended_on or self.planned_end
        period = f"Дата вне срока пары: {start:%d.%m.%Y} – {end:%d.%m.%Y}"
        if day > today:
            return "Встреча ещё не состоялась: дата в будущем."
        if day < start:
            return f"{period} (встреча {day:%d.%m.%Y} раньше начала пары): проверьте дату."
        if day > end:
            return f"{period} (встреча {day:%d.%m.%Y} позже окончания пары): проверьте дату."
        return ""

    def _members(self, role):
        return [m.participant for m in self.members.all() if m.role == role]

    @property
    def lead_mentor(self):
        leads = self._members(MentorshipMember.Role.LEAD)
        return leads[0] if leads else None

    @property
    def co_mentors(self):
        return self._members(MentorshipMember.Role.CO_MENTOR)

    @property
    def mentors(self):
        return self._members(MentorshipMember.Role.LEAD) + self.co_mentors

    @property
    def mentees(self):
        return self._members(MentorshipMember.Role.MENTEE)

    @property
    def is_group(self):
        return len(self.mentees) > 1

    @property
    def mentoring_type(self):
        """The type of mentoring of this pair or group (mentoring_type_of)."""
        return mentoring_type_of(self.form.mentoring_type, len(self.mentees))

    def get_mentoring_type_display(self):
        return MentoringType(self.mentoring_type).label

    @property
    def is_open(self):
        return self.status in HOLDING_STATUSES

    @property
    def is_suspended(self):
        return self.status == MentorshipStatus.SUSPENDED

    def can_edit_members(self):
        return self.status in (MentorshipStatus.PROPOSED, MentorshipStatus.AGREED)


class MentorshipMember(models.Model):
    class Role(models.TextChoices):
        LEAD = "lead", "Наставник (ведущий)"
        CO_MENTOR = "co_mentor", "Наставник"
        MENTEE = "mentee", "Наставляемый"

    mentorship = models.ForeignKey(Mentorship, on_delete=models.CASCADE, related_name="members")
    participant = models.ForeignKey(
        Participant,
        verbose_name="участник",
        on_delete=models.PROTECT,
        related_name="memberships_in_mentorships",
    )
    role = models.CharField("роль", max_length=20, choices=Role.choices)
    # Copies of the mentorship's form and of "is active", so that the database
    # itself can refuse a mentee in two active mentorships of one form. Kept
    # in step by the mentorship services only.
    form = models.ForeignKey(MentoringForm, on_delete=models.PROTECT, related_name="+")
    active = models.BooleanField(default=False)

    class Meta:
        verbose_name = "участник пары или группы"
        verbose_name_plural = "участники пар и групп"
        constraints = [
            models.UniqueConstraint(
                fields=["mentorship", "participant"], name="mentorship_member_once"
            ),
            models.UniqueConstraint(
                fields=["mentorship"],
                condition=Q(role="lead"),
                name="mentorship_one_lead_mentor",
            ),
            models.UniqueConstraint(
                fields=["participant", "form"],
                condition=Q(role="mentee", active=True),
                name="mentee_one_active_mentorship_per_form",
            ),
        ]

    def __str__(self):
        return f"{self.participant} ({self.get_role_display()})"

    @property
    def is_mentor(self):
        return self.role in (self.Role.LEAD, self.Role.CO_MENTOR)


class ProgramTemplate(models.Model):
    """The organisation's template of a personalised programme."""

    organization = models.ForeignKey(
        Organization,
        verbose_name="организация",
        on_delete=models.CASCADE,
        related_name="program_templates",
    )
    name = models.CharField("название", max_length=200)
    goals = models.TextField("цели")
    tasks = models.TextField("задачи")
    items = models.JSONField(
        "мероприятия плана",
        default=list,
        help_text="Список пунктов: название, месяц от начала, ожидаемый результат.",
    )
    is_default = models.BooleanField("шаблон по умолчанию", default=False)

    class Meta:
        verbose_name = "шаблон программы наставничества"
        verbose_name_plural = "шаблоны программ наставничества"
        ordering = ["organization", "-is_default", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization"],
                condition=Q(is_default=True),
                name="program_template_one_default",
            ),
        ]

    def __str__(self):
        return self.name


class PersonalProgram(models.Model):
    """Персонализированная программа наставничества (ППН) of a mentorship."""

    mentorship = models.OneToOneField(Mentorship, on_delete=models.CASCADE, related_name="program")
    goals = models.TextField("цели")
    tasks = models.TextField("задачи")
    expected_results = models.TextField("ожидаемые результаты", blank=True)
    version = models.PositiveIntegerField("версия", default=1)
    updated_at = models.DateTimeField("изменена", auto_now=True)

    history = HistoricalRecords(excluded_fields=["version", "updated_at"])

    class Meta:
        verbose_name = "персонализированная программа наставничества"
        verbose_name_plural = "персонализированные программы наставничества"

    def __str__(self):
        return f"ППН: {self.mentorship}"

    def progress(self, items=None):
        """Per cent of plan items done, cancelled items excluded."""
        items = list(self.items.all()) if items is None else items
        counted = [i for i in items if i.status != PlanItem.Status.CANCELLED]
        if not counted:
            return 0
        done = sum(1 for i in counted if i.status == PlanItem.Status.DONE)
        return round(100 * done / len(counted))


class PlanItem(models.Model):
    class Status(models.TextChoices):
        PLANNED = "planned", "Запланировано"
        IN_PROGRESS = "in_progress", "Выполняется"
        DONE = "done", "Выполнено"
        CANCELLED = "cancelled", "Отменено"

    program = models.ForeignKey(PersonalProgram, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveSmallIntegerField("№", default=0)
    title = models.CharField("мероприятие", max_length=500)
    starts_on = models.DateField("начало", null=True, blank=True)
    due_on = models.DateField("срок")
    responsible = models.CharField("ответственный", max_length=300, blank=True)
    expected_result = models.TextField("ожидаемый результат", blank=True)
    status = models.CharField(
        "статус", max_length=20, choices=Status.choices, default=Status.PLANNED
    )
    result = models.TextField("результат, подтверждение", blank=True)
    done_on = models.DateField("выполнено", null=True, blank=True)
    # A file or photo confirming the item (content-checked by uploads.py),
    # as meetings have; served only through mentoring:plan_item_evidence.
    evidence = models.FileField("файл-подтверждение", upload_to="plan/%Y/", blank=True)
    version = models.PositiveIntegerField("версия", default=1)

    history = HistoricalRecords(excluded_fields=["version"])

    class Meta:
        verbose_name = "пункт плана"
        verbose_name_plural = "пункты плана"
        ordering = ["program", "position", "due_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(starts_on__isnull=True) | Q(due_on__gte=models.F("starts_on")),
                name="plan_item_due_after_start",
            ),
            models.CheckConstraint(
                condition=~Q(status="done") | Q(done_on__isnull=False),
                name="plan_item_done_has_date",
            ),
        ]

    def __str__(self):
        return self.title

    def is_overdue(self, today=None):
        today = today or timezone.localdate()
        return self.status in (self.Status.PLANNED, self.Status.IN_PROGRESS) and self.due_on < today


class Meeting(models.Model):
    class Format(models.TextChoices):
        IN_PERSON = "in_person", "Очно"
        ONLINE = "online", "Дистанционно"
        LESSON = "lesson", "Посещение урока"
        EVENT = "event", "Совместное мероприятие"

    mentorship = models.ForeignKey(Mentorship, on_delete=models.CASCADE, related_name="meetings")
    held_on = models.DateField("дата")
    format = models.CharField("формат", max_length=20, choices=Format.choices)
    topic = models.CharField("тема", max_length=300)
    duration_minutes = models.PositiveSmallIntegerField(
        "продолжительность, мин",
        null=True,
        blank=True,
        help_text="Для портфолио наставника: часы работы с наставляемыми.",
    )
    notes = models.TextField("заметки", blank=True)
    attendees = models.ManyToManyField(
        Participant, verbose_name="присутствовали", related_name="meetings", blank=True
    )
    # A file or photo confirming the meeting (content-checked by uploads.py).
    evidence = models.FileField("подтверждение", upload_to="meetings/%Y/", blank=True)
    created_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # Optimistic locking of corrections (services.meeting_update).
    version = models.PositiveIntegerField("версия", default=1)

    history = HistoricalRecords(excluded_fields=["version"])

    class Meta:
        verbose_name = "встреча"
        verbose_name_plural = "встречи"
        ordering = ["-held_on", "-pk"]

    def __str__(self):
        return f"{self.held_on:%d.%m.%Y}: {self.topic}"


class MentoringProgram(models.Model):
    """The organisation's mentoring programme (программа наставничества):
    one document for the organisation, approved by an order, with its forms
    of mentoring, period and participants — not the personalised programme
    of one pair (PersonalProgram, ППН). Municipal roadmaps count these
    ("программы наставничества: ≥25 / ≥35 / ≥45"), and the department's bank
    of effective programmes lists the approved ones."""

    organization = models.ForeignKey(
        Organization,
        verbose_name="организация",
        on_delete=models.CASCADE,
        related_name="mentoring_programs",
    )
    title = models.CharField("название", max_length=300)
    forms = models.ManyToManyField(
        MentoringForm, verbose_name="формы наставничества", related_name="programs"
    )
    starts_on = models.DateField("начало")
    ends_on = models.DateField("окончание")
    participants_planned = models.PositiveIntegerField(
        "участников (план), чел.", help_text="Наставников и наставляемых вместе."
    )
    target_groups = models.JSONField("целевые группы", default=list, blank=True)
    summary = models.TextField("краткое содержание и результаты", blank=True)
    order = models.ForeignKey(
        "Order",
        verbose_name="приказ об утверждении",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="mentoring_programs",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "программа наставничества организации"
        verbose_name_plural = "программы наставничества организаций"
        ordering = ["organization", "-starts_on", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")),
                name="mentoring_program_period_order",
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def is_approved(self):
        return self.order_id is not None and self.order.status == "approved"
