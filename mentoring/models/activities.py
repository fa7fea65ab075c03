"""Training of mentors, events, news, the bank of practices, the methodical
library (методическая копилка) and the honour board.

Every uploaded file is checked by ``mentoring.uploads.validate_upload`` in
the services and stored under a random name; the name the user's machine
gave it is kept only for display (``*_name`` fields). Files are served by
access-checked views (mentoring/views/activities.py), public ones only while
their owner is published.
"""

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from .mentorships import MentoringForm
from .organizations import Organization, User
from .participants import Participant

# --- training of mentors -----------------------------------------------------

# The roadmaps' indicator: at least two sessions per group of mentors.
MIN_SESSIONS_PER_GROUP = 2


class TrainingGroup(models.Model):
    """A group of mentors trained together (обучение наставников)."""

    organization = models.ForeignKey(
        Organization,
        verbose_name="организация",
        on_delete=models.CASCADE,
        related_name="training_groups",
    )
    title = models.CharField("название группы", max_length=300)
    starts_on = models.DateField("начало обучения")
    ends_on = models.DateField("окончание обучения", null=True, blank=True)
    trainer = models.CharField(
        "ведущий (тренер)", max_length=300, blank=True, help_text="ФИО, должность."
    )
    members = models.ManyToManyField(
        Participant, verbose_name="наставники в группе", related_name="training_groups", blank=True
    )
    notes = models.TextField("примечания", blank=True)
    created_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField("создана", auto_now_add=True)

    history = HistoricalRecords(m2m_fields=[members])

    class Meta:
        verbose_name = "группа обучения наставников"
        verbose_name_plural = "группы обучения наставников"
        ordering = ["-starts_on", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="training_group_ends_after_start",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("mentoring:training_group_detail", args=[self.pk])


class TrainingSession(models.Model):
    group = models.ForeignKey(
        TrainingGroup, verbose_name="группа", on_delete=models.CASCADE, related_name="sessions"
    )
    held_on = models.DateField("дата")
    topic = models.CharField("тема", max_length=500)
    trainer = models.CharField("провёл", max_length=300, blank=True)
    hours = models.DecimalField("часов", max_digits=4, decimal_places=1, null=True, blank=True)
    attendees = models.ManyToManyField(
        Participant, verbose_name="присутствовали", related_name="training_sessions", blank=True
    )
    notes = models.TextField("заметки", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords(m2m_fields=[attendees])

    class Meta:
        verbose_name = "занятие по обучению наставников"
        verbose_name_plural = "занятия по обучению наставников"
        ordering = ["-held_on", "-pk"]

    def __str__(self):
        return f"{self.held_on:%d.%m.%Y}: {self.topic}"


class Consultation(models.Model):
    """An individual or group consultation of mentors."""

    organization = models.ForeignKey(
        Organization,
        verbose_name="организация",
        on_delete=models.CASCADE,
        related_name="consultations",
    )
    held_on = models.DateField("дата")
    topic = models.CharField("тема", max_length=500)
    consultant = models.CharField("консультант", max_length=300, blank=True)
    participants = models.ManyToManyField(
        Participant, verbose_name="наставники", related_name="consultations", blank=True
    )
    notes = models.TextField("заметки", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "консультация наставников"
        verbose_name_plural = "консультации наставников"
        ordering = ["-held_on", "-pk"]

    def __str__(self):
        return f"{self.held_on:%d.%m.%Y}: {self.topic}"


class ExternalCourse(models.Model):
    """A course a mentor took outside (повышение квалификации) with the
    certificate or qualification document."""

    class Document(models.TextChoices):
        CERTIFICATE = "certificate", "Удостоверение о повышении квалификации"
        DIPLOMA = "diploma", "Диплом о профессиональной переподготовке"
        OTHER = "other", "Сертификат или иной документ"

    participant = models.ForeignKey(
        Participant,
        verbose_name="наставник",
        on_delete=models.CASCADE,
        related_name="external_courses",
    )
    programme = models.CharField("программа", max_length=500)
    hours = models.PositiveSmallIntegerField("объём, часов")
    provider = models.CharField("организация, проводившая обучение", max_length=500)
    starts_on = models.DateField("начало")
    ends_on = models.DateField("окончание")
    document_kind = models.CharField(
        "документ", max_length=20, choices=Document.choices, default=Document.CERTIFICATE
    )
    document_number = models.CharField("номер документа", max_length=100, blank=True)
    certificate = models.FileField("скан документа", upload_to="training/courses/%Y/", blank=True)
    certificate_name = models.CharField("имя файла", max_length=255, blank=True)
    created_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "курс повышения квалификации"
        verbose_name_plural = "курсы повышения квалификации"
        ordering = ["-ends_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")),
                name="external_course_ends_after_start",
            ),
            models.CheckConstraint(condition=Q(hours__gt=0), name="external_course_has_hours"),
        ]

    def __str__(self):
        return f"{self.programme} ({self.hours} ч.)"


# --- events ------------------------------------------------------------------


class EventKind(models.TextChoices):
    SEMINAR = "seminar", "Семинар"
    SETUP_SESSION = "setup_session", "Установочная сессия"
    PED_COUNCIL = "ped_council", "Педагогический совет"
    CLASS_HOUR = "class_hour", "Классный час для обучающихся"
    FINAL = "final", "Итоговое мероприятие"
    REGIONAL = "regional", "Региональное мероприятие"
    CONTEST = "contest", "Конкурс"
    OTHER = "other", "Другое"


# Kinds whose representatives count for the "≥ 3 representatives" indicator.
REPRESENTATION_KINDS = frozenset({EventKind.REGIONAL, EventKind.CONTEST})


class Event(models.Model):
    organization = models.ForeignKey(
        Organization, verbose_name="организация", on_delete=models.CASCADE, related_name="events"
    )
    kind = models.CharField("вид", max_length=20, choices=EventKind.choices)
    title = models.CharField("название", max_length=500)
    held_on = models.DateField("дата")
    place = models.CharField("место проведения", max_length=500, blank=True)
    description = models.TextField("содержание, итоги", blank=True)
    participants = models.ManyToManyField(
        Participant, verbose_name="участники", related_name="events", blank=True
    )
    participants_note = models.CharField(
        "участники (кратко)",
        max_length=500,
        blank=True,
        help_text="Например: «педагоги 5–9 классов, 24 человека».",
    )
    students_reached = models.PositiveIntegerField(
        "охвачено обучающихся",
        null=True,
        blank=True,
        help_text="Для классных часов: сколько обучающихся проинформировано.",
    )
    representatives = models.ManyToManyField(
        Participant,
        verbose_name="представители организации",
        related_name="represented_at",
        blank=True,
        help_text="Для региональных мероприятий и конкурсов.",
    )
    created_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords(m2m_fields=[participants, representatives])

    class Meta:
        verbose_name = "мероприятие"
        verbose_name_plural = "мероприятия"
        ordering = ["-held_on", "-pk"]
        indexes = [models.Index(fields=["organization", "kind", "held_on"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="class_hour") | Q(students_reached__isnull=True),
                name="event_students_reached_only_for_class_hours",
            ),
        ]

    def __str__(self):
        return f"{self.title} ({self.held_on:%d.%m.%Y})"

    def get_absolute_url(self):
        return reverse("mentoring:event_detail", args=[self.pk])

    @property
    def has_representatives(self):
        return self.kind in REPRESENTATION_KINDS


# --- news --------------------------------------------------------------------


class NewsQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=News.Status.PUBLISHED)

    def published_for(self, organization):
        """Published news of the organisation for its public section, newest
        first, with their attachments."""
        return (
            self.filter(organization=organization)
            .published()
            .order_by("-published_at", "-pk")
            .prefetch_related("attachments")
        )


class News(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Черновик"
        PUBLISHED = "published", "Опубликована"

    organization = models.ForeignKey(
        Organization, verbose_name="организация", on_delete=models.CASCADE, related_name="news"
    )
    title = models.CharField("заголовок", max_length=300)
    body = models.TextField("текст")
    picture = models.FileField("иллюстрация", upload_to="news/%Y/", blank=True)
    picture_alt = models.CharField(
        "описание иллюстрации",
        max_length=300,
        blank=True,
        help_text="Для незрячих посетителей: что изображено.",
    )
    event = models.ForeignKey(
        Event,
        verbose_name="мероприятие",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="news",
    )
    status = models.CharField("статус", max_length=20, choices=Status.choices, default=Status.DRAFT)
    published_at = models.DateTimeField("опубликована", null=True, blank=True)
    author = models.ForeignKey(
        User, verbose_name="автор", on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField("создана", auto_now_add=True)
    updated_at = models.DateTimeField("изменена", auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])
    objects = NewsQuerySet.as_manager()

    class Meta:
        verbose_name = "новость"
        verbose_name_plural = "новости"
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="published") | Q(published_at__isnull=False),
                name="news_published_has_date",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("mentoring:news_detail", args=[self.pk])

    @property
    def is_published(self):
        return self.status == self.Status.PUBLISHED


# --- practices ---------------------------------------------------------------


class PracticeStatus(models.TextChoices):
    SUBMITTED = "submitted", "На рассмотрении"
    RETURNED = "returned", "Возвращена на доработку"
    APPROVED = "approved", "Одобрена"
    PUBLISHED = "published", "Опубликована"


class PracticeQuerySet(models.QuerySet):
    def published_for(self, organization):
        """Published practices of the organisation for its public section:
        winners first, then newest."""
        return (
            self.filter(organization=organization, status=PracticeStatus.PUBLISHED)
            .select_related("form", "final_event")
            .prefetch_related("attachments")
            .order_by("-is_winner", "-published_at", "-pk")
        )

    def in_municipal_bank(self, department):
        """Practices the department collected from its organisations."""
        return self.filter(
            municipal_bank=department,
            status__in=[PracticeStatus.APPROVED, PracticeStatus.PUBLISHED],
        )


class Practice(models.Model):
    """A practice of mentoring for the bank of successful practices."""

    organization = models.ForeignKey(
        Organization,
        verbose_name="организация",
        on_delete=models.CASCADE,
        related_name="practices",
    )
    title = models.CharField("название", max_length=300)
    authors = models.CharField(
        "авторы", max_length=500, help_text="ФИО авторов через запятую, как их публиковать."
    )
    author_participants = models.ManyToManyField(
        Participant, verbose_name="авторы из банков", related_name="practices", blank=True
    )
    form = models.ForeignKey(
        MentoringForm,
        verbose_name="форма наставничества",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="practices",
    )
    description = models.TextField("описание практики")
    results = models.TextField("результаты")
    status = models.CharField(
        "статус", max_length=20, choices=PracticeStatus.choices, default=PracticeStatus.SUBMITTED
    )
    return_comment = models.TextField("комментарий при возврате", blank=True)
    submitted_by = models.ForeignKey(
        User, verbose_name="направил(а)", on_delete=models.SET_NULL, null=True, related_name="+"
    )
    submitted_at = models.DateTimeField("направлена", default=timezone.now)
    decided_by = models.ForeignKey(
        User,
        verbose_name="рассмотрел(а)",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField("рассмотрена", null=True, blank=True)
    published_at = models.DateTimeField("опубликована", null=True, blank=True)
    is_winner = models.BooleanField("победитель итогового мероприятия", default=False)
    final_event = models.ForeignKey(
        Event,
        verbose_name="итоговое мероприятие",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="winning_practices",
    )
    # The department that took the practice into its municipal bank.
    municipal_bank = models.ForeignKey(
        Organization,
        verbose_name="в муниципальном банке",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="collected_practices",
    )
    added_to_bank_at = models.DateTimeField("добавлена в муниципальный банк", null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()
    objects = PracticeQuerySet.as_manager()

    class Meta:
        verbose_name = "практика наставничества"
        verbose_name_plural = "банк практик наставничества"
        ordering = ["-submitted_at", "-pk"]
        indexes = [models.Index(fields=["organization", "status"])]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="published") | Q(published_at__isnull=False),
                name="practice_published_has_date",
            ),
            models.CheckConstraint(
                condition=Q(municipal_bank__isnull=True) | Q(status__in=["approved", "published"]),
                name="practice_bank_only_approved",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("mentoring:practice_detail", args=[self.pk])

    @property
    def is_published(self):
        return self.status == PracticeStatus.PUBLISHED

    @property
    def is_editable(self):
        return self.status in (PracticeStatus.SUBMITTED, PracticeStatus.RETURNED)


# --- files of events, news and practices -------------------------------------


class Attachment(models.Model):
    """A file of exactly one event, news item or practice."""

    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, null=True, blank=True, related_name="attachments"
    )
    news = models.ForeignKey(
        News, on_delete=models.CASCADE, null=True, blank=True, related_name="attachments"
    )
    practice = models.ForeignKey(
        Practice, on_delete=models.CASCADE, null=True, blank=True, related_name="attachments"
    )
    title = models.CharField(
        "название", max_length=300, blank=True, help_text="Например: «Протокол», «Презентация»."
    )
    file = models.FileField("файл", upload_to="attachments/%Y/")
    original_name = models.CharField("имя файла", max_length=255)
    size = models.PositiveIntegerField("размер, байт")
    uploaded_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "файл"
        verbose_name_plural = "файлы"
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(event__isnull=False, news__isnull=True, practice__isnull=True)
                    | Q(event__isnull=True, news__isnull=False, practice__isnull=True)
                    | Q(event__isnull=True, news__isnull=True, practice__isnull=False)
                ),
                name="attachment_has_one_owner",
            ),
        ]

    def __str__(self):
        return self.title or self.original_name

    @property
    def owner(self):
        return self.event or self.news or self.practice

    @property
    def is_public(self):
        """Served to anyone only while its news or practice is published;
        files of events are internal (the protocol names people)."""
        if self.news_id:
            return self.news.is_published
        if self.practice_id:
            return self.practice.is_published
        return False


# --- methodical library ------------------------------------------------------


class MaterialCategory(models.Model):
    organization = models.ForeignKey(
        Organization,
        verbose_name="организация",
        on_delete=models.CASCADE,
        related_name="material_categories",
    )
    name = models.CharField("название", max_length=200)
    position = models.PositiveSmallIntegerField("порядок", default=0)

    class Meta:
        verbose_name = "раздел методической копилки"
        verbose_name_plural = "разделы методической копилки"
        ordering = ["organization", "position", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "name"], name="material_category_unique_name"
            ),
        ]

    def __str__(self):
        return self.name


class MaterialVisibility(models.TextChoices):
    ORGANIZATION = "organization", "Внутри организации"
    DEPARTMENT = "department", "Организациям департамента"
    PUBLIC = "public", "Всем (публичный раздел)"


class MaterialQuerySet(models.QuerySet):
    def public_for(self, organization):
        """Public materials of the organisation for its public section."""
        return (
            self.filter(organization=organization, visibility=MaterialVisibility.PUBLIC)
            .select_related("category")
            .order_by("category__position", "category__name", "title")
        )

    def visible_to_membership(self, membership):
        """What a member of an organisation may read: everything of their own
        organisation, and what other organisations of the same department
        share with the department (or publish). A municipal specialist reads
        the shared ones of the department's organisations."""
        from .organizations import Role

        if membership is None:
            return self.none()
        shared = [MaterialVisibility.DEPARTMENT, MaterialVisibility.PUBLIC]
        org = membership.organization
        if membership.role == Role.SPECIALIST:
            below = Organization.descendant_ids([org.pk])
            return self.filter(organization_id__in=below, visibility__in=shared)
        query = Q(organization=org)
        if org.parent_id:
            query |= Q(organization__parent_id=org.parent_id, visibility__in=shared)
        return self.filter(query)


class Material(models.Model):
    organization = models.ForeignKey(
        Organization,
        verbose_name="организация",
        on_delete=models.CASCADE,
        related_name="materials",
    )
    category = models.ForeignKey(
        MaterialCategory,
        verbose_name="раздел",
        on_delete=models.PROTECT,
        related_name="materials",
    )
    title = models.CharField("название", max_length=300)
    description = models.TextField("описание", blank=True)
    file = models.FileField("файл", upload_to="materials/%Y/", blank=True)
    file_name = models.CharField("имя файла", max_length=255, blank=True)
    url = models.URLField("ссылка", max_length=500, blank=True)
    visibility = models.CharField(
        "кому видно",
        max_length=20,
        choices=MaterialVisibility.choices,
        default=MaterialVisibility.ORGANIZATION,
    )
    created_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField("добавлен", auto_now_add=True)

    history = HistoricalRecords()
    objects = MaterialQuerySet.as_manager()

    class Meta:
        verbose_name = "методический материал"
        verbose_name_plural = "методическая копилка"
        ordering = ["category__position", "category__name", "title"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(file="") | ~Q(url=""), name="material_has_file_or_link"
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def is_public(self):
        return self.visibility == MaterialVisibility.PUBLIC


# --- honour board ------------------------------------------------------------


class Award(models.Model):
    """A mentor's award or achievement for the honour board."""

    class Level(models.TextChoices):
        ORGANIZATION = "organization", "Уровень организации"
        MUNICIPAL = "municipal", "Муниципальный"
        REGIONAL = "regional", "Региональный"
        FEDERAL = "federal", "Федеральный"

    participant = models.ForeignKey(
        Participant, verbose_name="наставник", on_delete=models.CASCADE, related_name="awards"
    )
    title = models.CharField(
        "награда или достижение",
        max_length=500,
        help_text="Например: «Благодарность директора», «Наставник года».",
    )
    awarded_on = models.DateField("дата")
    level = models.CharField("уровень", max_length=20, choices=Level.choices)
    created_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "награда наставника"
        verbose_name_plural = "награды наставников"
        ordering = ["-awarded_on", "-pk"]

    def __str__(self):
        return f"{self.title} ({self.awarded_on:%d.%m.%Y})"


class Portrait(models.Model):
    """A mentor's photo for the honour board. Shown publicly only when the
    publication consent allows the photo (see ``honour_board``)."""

    participant = models.OneToOneField(
        Participant, verbose_name="наставник", on_delete=models.CASCADE, related_name="portrait"
    )
    photo = models.FileField("фотография", upload_to="portraits/")
    uploaded_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "фотография наставника"
        verbose_name_plural = "фотографии наставников"

    def __str__(self):
        return f"Фото: {self.participant}"
