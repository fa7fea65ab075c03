"""Banks of mentors and mentees: participants, consents, interviews,
headcounts, and the audit journal of actions that leave no row behind."""

import datetime

from django.db import models
from django.db.models import Q, TextField, Value
from django.db.models.functions import Concat
from django.urls import reverse
from simple_history.models import HistoricalRecords

from ..search import Folded
from .organizations import Organization, User


class TargetGroup(models.TextChoices):
    TEACHER = "teacher", "Педагогический работник"
    YOUNG_SPECIALIST = "young_specialist", "Молодой специалист"
    SCHOOL_STUDENT = "school_student", "Обучающийся школы"
    COLLEGE_STUDENT = "college_student", "Студент колледжа"
    EMPLOYER = "employer", "Представитель работодателя или партнёра"
    HEAD = "head", "Руководитель"


STUDENT_GROUPS = frozenset({TargetGroup.SCHOOL_STUDENT, TargetGroup.COLLEGE_STUDENT})


class QualificationCategory(models.TextChoices):
    NONE = "none", "Без категории"
    CONFORMITY = "conformity", "Соответствие занимаемой должности"
    FIRST = "first", "Первая"
    HIGHEST = "highest", "Высшая"
    METHODIST = "methodist", "Педагог-методист"
    MENTOR = "mentor", "Педагог-наставник"


class MentorStatus(models.TextChoices):
    POTENTIAL = "potential", "Потенциальный наставник"
    APPROVED = "approved", "Наставник (утверждён)"


class ConsentKind(models.TextChoices):
    PROCESSING = "processing", "Согласие на обработку персональных данных"
    PUBLICATION = "publication", "Согласие на распространение (публикацию) персональных данных"
    DUTIES = "duties", "Согласие наставника на дополнительные обязанности"


# Age under which only a legal representative may consent.
REPRESENTATIVE_REQUIRED_UNDER = 14
ADULT_AGE = 18
# Days after a withdrawal within which data no longer needed is destroyed.
PURGE_AFTER_DAYS = 30


def age_on(birth_date, on_date):
    if birth_date is None:
        return None
    years = on_date.year - birth_date.year
    if (on_date.month, on_date.day) < (birth_date.month, birth_date.day):
        years -= 1
    return years


class ParticipantQuerySet(models.QuerySet):
    def of(self, organization):
        return self.filter(organization=organization)

    def active(self):
        return self.filter(anonymized_at__isnull=True)

    def mentors(self):
        return self.filter(is_mentor=True)

    def mentees(self):
        return self.filter(is_mentee=True)

    def with_consent_state(self, on_date=None):
        """Annotate ``has_processing_consent`` (a valid processing consent on
        the date) and ``processing_withdrawn`` (a withdrawn one and no valid
        one)."""
        from django.db.models import Exists, OuterRef
        from django.utils import timezone

        on_date = on_date or timezone.localdate()
        valid = Consent.objects.filter(
            participant=OuterRef("pk"), kind=ConsentKind.PROCESSING
        ).valid_on(on_date)
        withdrawn = Consent.objects.filter(
            participant=OuterRef("pk"),
            kind=ConsentKind.PROCESSING,
            withdrawn_on__isnull=False,
        )
        return self.annotate(
            has_processing_consent=Exists(valid),
            has_withdrawn_consent=Exists(withdrawn),
        )

    def with_valid_consent(self, kind=ConsentKind.PROCESSING, on_date=None):
        from django.db.models import Exists, OuterRef
        from django.utils import timezone

        on_date = on_date or timezone.localdate()
        valid = Consent.objects.filter(participant=OuterRef("pk"), kind=kind).valid_on(on_date)
        return self.filter(Exists(valid))

    def without_valid_consent(self, kind=ConsentKind.PROCESSING, on_date=None):
        from django.db.models import Exists, OuterRef
        from django.utils import timezone

        on_date = on_date or timezone.localdate()
        valid = Consent.objects.filter(participant=OuterRef("pk"), kind=kind).valid_on(on_date)
        return self.filter(~Exists(valid))


class Participant(models.Model):
    """A person of one organisation in the programme (with or without an
    account). Children never get accounts."""

    organization = models.ForeignKey(
        Organization,
        verbose_name="организация",
        on_delete=models.PROTECT,
        related_name="participants",
    )
    user = models.ForeignKey(
        User,
        verbose_name="учётная запись",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="participants",
    )
    external_id = models.CharField(
        "внешний идентификатор",
        max_length=64,
        blank=True,
        help_text="Идентификатор из другой системы (например, табельный номер): "
        "по нему повторный импорт обновляет запись.",
    )
    last_name = models.CharField("фамилия", max_length=150)
    first_name = models.CharField("имя", max_length=150)
    patronymic = models.CharField("отчество", max_length=150, blank=True)
    birth_date = models.DateField("дата рождения", null=True, blank=True)
    target_group = models.CharField("целевая группа", max_length=30, choices=TargetGroup.choices)
    class_group = models.CharField("класс или учебная группа", max_length=50, blank=True)
    position = models.CharField("должность", max_length=200, blank=True)
    subjects = models.CharField(
        "предметы или направления", max_length=500, blank=True, help_text="Через запятую."
    )
    experience_years = models.PositiveSmallIntegerField("стаж, лет", null=True, blank=True)
    # For heads: the municipal form "руководитель-наставник – молодой
    # руководитель" pairs heads with under 2 years in the current post.
    years_in_post = models.PositiveSmallIntegerField(
        "стаж в текущей должности, лет",
        null=True,
        blank=True,
        help_text="Для руководителей: молодой руководитель — до 2 лет в должности.",
    )
    qualification_category = models.CharField(
        "квалификационная категория",
        max_length=20,
        choices=QualificationCategory.choices,
        blank=True,
    )
    email = models.EmailField("электронная почта", blank=True)
    phone = models.CharField("телефон", max_length=40, blank=True)

    # Legal representative (parent, guardian) of a minor.
    representative_name = models.CharField(
        "законный представитель (ФИО)", max_length=300, blank=True
    )
    representative_relation = models.CharField(
        "кем приходится", max_length=100, blank=True, help_text="Мать, отец, опекун…"
    )
    representative_phone = models.CharField("телефон представителя", max_length=40, blank=True)

    # Mentor side.
    is_mentor = models.BooleanField("в банке наставников", default=False)
    mentor_status = models.CharField(
        "статус наставника", max_length=20, choices=MentorStatus.choices, blank=True
    )
    mentor_approved_on = models.DateField("утверждён наставником", null=True, blank=True)
    competencies = models.TextField("компетенции", blank=True)
    achievements = models.TextField("достижения", blank=True)
    capacity = models.PositiveSmallIntegerField("сколько наставляемых может взять", default=1)

    # Mentee side.
    is_mentee = models.BooleanField("в банке наставляемых", default=False)
    requests = models.TextField("профессиональные запросы и затруднения", blank=True)
    # Special categories: highly sensitive. Shown to the director, coordinator
    # and methodist only; never exported outside the organisation, never public.
    special_disability = models.BooleanField("ОВЗ", default=False)
    special_gifted = models.BooleanField("одарённый", default=False)
    special_difficult = models.BooleanField("трудная жизненная ситуация", default=False)

    notes = models.TextField("примечания", blank=True)
    left_on = models.DateField(
        "выбыл",
        null=True,
        blank=True,
        help_text="Дата выбытия из организации (окончил школу, уволился): с неё идёт срок "
        "хранения данных до уничтожения.",
    )
    anonymized_at = models.DateTimeField("обезличен", null=True, blank=True)
    created_at = models.DateTimeField("создан", auto_now_add=True)
    updated_at = models.DateTimeField("изменён", auto_now=True)
    # "Фамилия Имя Отчество" folded for the name search (mentoring/search.py:
    # person_q): Ё written as Е, upper case. Kept by the database itself (a
    # stored generated column), so bulk writes, imports and anonymisation
    # cannot leave it stale. On PostgreSQL a trigram GIN index serves
    # LIKE '%WORD%' on it (migration 0015). SQLite's UPPER folds ASCII
    # only; its LIKE is the Unicode case-folding one (mentoring/sqlite.py),
    # so the comparison holds there too.
    search_name = models.GeneratedField(
        expression=Folded(
            Concat(
                "last_name",
                Value(" "),
                "first_name",
                Value(" "),
                "patronymic",
                output_field=TextField(),
            )
        ),
        output_field=TextField(),
        db_persist=True,
        verbose_name="ФИО для поиска",
    )

    history = HistoricalRecords(excluded_fields=["updated_at", "search_name"])
    objects = ParticipantQuerySet.as_manager()

    class Meta:
        verbose_name = "участник"
        verbose_name_plural = "участники"
        ordering = ["last_name", "first_name", "patronymic", "pk"]
        indexes = [
            models.Index(fields=["organization", "last_name", "first_name"]),
            models.Index(fields=["organization", "is_mentor", "mentor_status"]),
            models.Index(fields=["organization", "is_mentee"]),
            # People who left (few): the destruction deadlines on the
            # methodist's home page and in the nightly run.
            models.Index(
                fields=["organization", "left_on"],
                condition=Q(left_on__isnull=False),
                name="participant_left",
            ),
            # The banks of mentees and mentors in their order (a page deep in
            # a bank of 10 000 skips thousands of rows): an index-only scan
            # instead of a filtered scan and a sort (EXPLAIN ANALYZE on
            # PostgreSQL at 10 000 participants: 8 ms → 0.5 ms for page 100).
            models.Index(
                fields=["organization", "last_name", "first_name", "patronymic", "id"],
                condition=Q(anonymized_at__isnull=True, is_mentee=True),
                name="participant_mentee_bank",
            ),
            models.Index(
                fields=["organization", "last_name", "first_name", "patronymic", "id"],
                condition=Q(anonymized_at__isnull=True, is_mentor=True),
                name="participant_mentor_bank",
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "external_id"],
                condition=~Q(external_id=""),
                name="participant_external_id_unique_in_organization",
            ),
            models.CheckConstraint(
                condition=Q(capacity__lte=50), name="participant_capacity_reasonable"
            ),
            models.CheckConstraint(
                condition=Q(is_mentor=True) | Q(mentor_status=""),
                name="participant_mentor_status_only_for_mentors",
            ),
        ]

    def __str__(self):
        return self.full_name

    def get_absolute_url(self):
        return reverse("mentoring:participant_detail", args=[self.pk])

    @property
    def full_name(self):
        return " ".join(p for p in (self.last_name, self.first_name, self.patronymic) if p)

    @property
    def short_name(self):
        initials = "".join(f" {p[0]}." for p in (self.first_name, self.patronymic) if p)
        return f"{self.last_name}{initials}"

    @property
    def is_anonymized(self):
        return self.anonymized_at is not None

    @property
    def subject_list(self):
        return [s.strip() for s in self.subjects.split(",") if s.strip()]

    @property
    def has_special_category(self):
        return self.special_disability or self.special_gifted or self.special_difficult

    SPECIAL_FIELDS = ("special_disability", "special_gifted", "special_difficult")

    def has_written_processing_consent(self, on_date=None):
        """A valid processing consent with a scan of the signed form: the
        written form special categories need (152-ФЗ ст. 10 ч. 2 п. 1)."""
        consent = self.valid_consent(ConsentKind.PROCESSING, on_date) if self.pk else None
        return bool(consent and consent.scan)

    def special_category_refusal(self, turned_on, on_date=None):
        """Russian message when special-category flags in ``turned_on`` (field
        names newly set to True) are not allowed, else "". Needs a valid
        processing consent with a scan (ст. 10 ч. 2 п. 1 152-ФЗ)."""
        if not turned_on or self.has_written_processing_consent(on_date):
            return ""
        return self.special_category_message(turned_on)

    @classmethod
    def special_category_message(cls, turned_on):
        labels = ", ".join(str(cls._meta.get_field(name).verbose_name) for name in turned_on)
        return (
            f"Сведения особой категории ({labels}) можно отметить только при действующем "
            "письменном согласии на обработку со сканом подписанного бланка (п. 1 ч. 2 "
            "ст. 10 152-ФЗ). Сначала внесите согласие со сканом."
        )

    def age(self, on_date=None):
        from django.utils import timezone

        return age_on(self.birth_date, on_date or timezone.localdate())

    def is_minor(self, on_date=None):
        age = self.age(on_date)
        return age is not None and age < ADULT_AGE

    def needs_representative(self, on_date=None):
        """Under 14 only a legal representative consents (152-ФЗ, ГК РФ ст. 28)."""
        age = self.age(on_date)
        return age is not None and age < REPRESENTATIVE_REQUIRED_UNDER

    def valid_consent(self, kind, on_date=None):
        """The consent of the kind in force on the date, or None. Uses the
        prefetched ``consents`` when present."""
        from django.utils import timezone

        on_date = on_date or timezone.localdate()
        consents = (
            self._prefetched_objects_cache["consents"]
            if "consents" in getattr(self, "_prefetched_objects_cache", {})
            else self.consents.all()
        )
        for consent in consents:
            if consent.kind == kind and consent.is_valid_on(on_date):
                return consent
        return None

    def can_be_processed(self, on_date=None):
        return not self.is_anonymized and self.valid_consent(ConsentKind.PROCESSING, on_date)

    def can_join_pair(self, on_date=None):
        """A new pair needs a valid processing consent; a withdrawn consent
        blocks at once."""
        return bool(self.can_be_processed(on_date))

    def public_fields(self, on_date=None):
        """Fields the publication consent (art. 10.1) allows to show, or an
        empty set. Minors are never published."""
        never_public = (
            self.is_anonymized
            or self.is_minor(on_date)
            or self.target_group == TargetGroup.SCHOOL_STUDENT
            # A student whose age is unknown is treated as a child.
            or (self.birth_date is None and self.target_group in STUDENT_GROUPS)
        )
        if never_public:
            return frozenset()
        if not self.can_be_processed(on_date):
            return frozenset()
        consent = self.valid_consent(ConsentKind.PUBLICATION, on_date)
        return consent.published_fields if consent else frozenset()


class ConsentText(models.Model):
    """A version of the text of a consent of one kind in one organisation.
    Texts are never edited: a change is a new version."""

    organization = models.ForeignKey(
        Organization,
        verbose_name="организация",
        on_delete=models.CASCADE,
        related_name="consent_texts",
    )
    kind = models.CharField("вид согласия", max_length=20, choices=ConsentKind.choices)
    version = models.PositiveIntegerField("версия")
    title = models.CharField("заголовок", max_length=300)
    purpose = models.TextField("цель обработки")
    data_list = models.TextField("перечень персональных данных")
    actions = models.TextField("действия с данными и способы обработки")
    term = models.TextField("срок действия и порядок отзыва")
    body = models.TextField("дополнительные условия", blank=True)
    effective_from = models.DateField(
        "действует с",
        default=datetime.date(2025, 9, 1),
        help_text="Согласие не может быть датировано раньше этой даты (ч. 3 ст. 9 152-ФЗ: "
        "оператор доказывает, на какой текст дано согласие).",
    )
    term_years = models.PositiveSmallIntegerField(
        "срок действия согласия, лет",
        null=True,
        blank=True,
        default=5,
        help_text="Пусто — до отзыва. За 30 дней до окончания методист получает напоминание.",
    )
    created_at = models.DateTimeField("создана", auto_now_add=True)
    created_by = models.ForeignKey(
        User,
        verbose_name="автор",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = "текст согласия"
        verbose_name_plural = "тексты согласий"
        ordering = ["organization", "kind", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "kind", "version"], name="consent_text_version_unique"
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}, редакция {self.version}"


class ConsentQuerySet(models.QuerySet):
    def valid_on(self, on_date):
        return (
            self.filter(given_on__lte=on_date)
            .filter(Q(withdrawn_on__isnull=True) | Q(withdrawn_on__gt=on_date))
            .filter(Q(expires_on__isnull=True) | Q(expires_on__gt=on_date))
        )

    def expiring(self, today, days=30):
        """In force today and ending within ``days`` days (the reminder)."""
        return self.valid_on(today).filter(
            expires_on__isnull=False, expires_on__lte=today + datetime.timedelta(days=days)
        )


PUBLICATION_FIELDS = {
    "name": "фамилия, имя, отчество",
    "photo": "фотография",
    "position": "должность",
    "subjects": "предметы и направления",
    "achievements": "достижения и награды",
}


class Consent(models.Model):
    """One consent, a separate document (152-ФЗ as of 01.09.2025)."""

    class Method(models.TextChoices):
        PAPER = "paper", "На бумаге, подписано собственноручно"
        ELECTRONIC = "electronic", "Электронная форма на сайте"
        EDS = "eds", "Электронный документ с подписью"

    class GivenBy(models.TextChoices):
        SUBJECT = "subject", "Сам субъект персональных данных"
        REPRESENTATIVE = "representative", "Законный представитель"

    participant = models.ForeignKey(
        Participant, verbose_name="участник", on_delete=models.CASCADE, related_name="consents"
    )
    kind = models.CharField("вид согласия", max_length=20, choices=ConsentKind.choices)
    text = models.ForeignKey(
        ConsentText,
        verbose_name="редакция текста",
        on_delete=models.PROTECT,
        related_name="consents",
    )
    given_on = models.DateField("дата согласия")
    method = models.CharField(
        "как получено", max_length=20, choices=Method.choices, default=Method.PAPER
    )
    given_by = models.CharField(
        "кем дано", max_length=20, choices=GivenBy.choices, default=GivenBy.SUBJECT
    )
    representative_name = models.CharField(
        "законный представитель (ФИО)", max_length=300, blank=True
    )
    representative_relation = models.CharField("кем приходится", max_length=100, blank=True)
    representative_document = models.CharField(
        "документ, подтверждающий полномочия",
        max_length=300,
        blank=True,
        help_text="Например: свидетельство о рождении, серия и номер; решение об опеке.",
    )
    # Publication (art. 10.1): field by field; silence is not consent.
    publish_name = models.BooleanField("ФИО", default=False)
    publish_photo = models.BooleanField("фотографию", default=False)
    publish_position = models.BooleanField("должность", default=False)
    publish_subjects = models.BooleanField("предметы и направления", default=False)
    publish_achievements = models.BooleanField("достижения и награды", default=False)
    publication_conditions = models.TextField("запреты и условия", blank=True)

    scan = models.FileField("скан подписанного согласия", upload_to="consents/%Y/", blank=True)
    expires_on = models.DateField(
        "действует до",
        null=True,
        blank=True,
        help_text="По сроку из текста согласия; пусто — до отзыва.",
    )
    withdrawn_on = models.DateField("дата отзыва", null=True, blank=True)
    withdrawal_note = models.CharField("основание отзыва", max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        User,
        verbose_name="внёс",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField("внесено", auto_now_add=True)

    history = HistoricalRecords()
    objects = ConsentQuerySet.as_manager()

    class Meta:
        verbose_name = "согласие"
        verbose_name_plural = "согласия"
        ordering = ["participant", "kind", "-given_on"]
        constraints = [
            # At most one consent of a kind in force per person.
            models.UniqueConstraint(
                fields=["participant", "kind"],
                condition=Q(withdrawn_on__isnull=True),
                name="consent_one_in_force_per_kind",
            ),
            models.CheckConstraint(
                condition=Q(withdrawn_on__isnull=True) | Q(withdrawn_on__gte=models.F("given_on")),
                name="consent_withdrawn_after_given",
            ),
            models.CheckConstraint(
                condition=Q(given_by="subject") | ~Q(representative_name=""),
                name="consent_representative_named",
            ),
        ]
        indexes = [
            # Withdrawn processing consents (few): the withdrawal tasks on the
            # methodist's home page and the nightly destruction run.
            models.Index(
                fields=["participant", "withdrawn_on"],
                condition=Q(kind="processing", withdrawn_on__isnull=False),
                name="consent_withdrawn_processing",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.participant}"

    def is_valid_on(self, on_date):
        return (
            self.given_on <= on_date
            and (self.withdrawn_on is None or self.withdrawn_on > on_date)
            and (self.expires_on is None or self.expires_on > on_date)
        )

    @staticmethod
    def expiry_for(given_on, term_years):
        """The day a consent given on ``given_on`` for ``term_years`` years
        ends (None: until withdrawn)."""
        if not term_years:
            return None
        try:
            return given_on.replace(year=given_on.year + term_years)
        except ValueError:  # 29 February
            return given_on.replace(year=given_on.year + term_years, day=28)

    @property
    def is_withdrawn(self):
        return self.withdrawn_on is not None

    @property
    def published_fields(self):
        if self.kind != ConsentKind.PUBLICATION:
            return frozenset()
        return frozenset(f for f in PUBLICATION_FIELDS if getattr(self, f"publish_{f}"))


class Interview(models.Model):
    """An individual interview (собеседование) with a potential mentor."""

    class Outcome(models.TextChoices):
        RECOMMENDED = "recommended", "Рекомендован в наставники"
        NOT_RECOMMENDED = "not_recommended", "Не рекомендован"
        POSTPONED = "postponed", "Решение отложено"

    participant = models.ForeignKey(
        Participant, verbose_name="участник", on_delete=models.CASCADE, related_name="interviews"
    )
    held_on = models.DateField("дата")
    held_by = models.ForeignKey(
        User, verbose_name="провёл", on_delete=models.SET_NULL, null=True, related_name="+"
    )
    notes = models.TextField("заметки", blank=True)
    outcome = models.CharField("итог", max_length=20, choices=Outcome.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "собеседование"
        verbose_name_plural = "собеседования"
        ordering = ["-held_on", "-pk"]

    def __str__(self):
        return f"Собеседование {self.held_on:%d.%m.%Y}: {self.participant}"


class Headcount(models.Model):
    """How many people of a target group the organisation has in an academic
    year: the denominator of coverage."""

    organization = models.ForeignKey(
        Organization,
        verbose_name="организация",
        on_delete=models.CASCADE,
        related_name="headcounts",
    )
    academic_year = models.PositiveSmallIntegerField(
        "учебный год", help_text="Год начала: 2025 означает 2025/2026 учебный год."
    )
    target_group = models.CharField("целевая группа", max_length=30, choices=TargetGroup.choices)
    count = models.PositiveIntegerField("численность")

    class Meta:
        verbose_name = "численность целевой группы"
        verbose_name_plural = "численность целевых групп"
        ordering = ["-academic_year", "target_group"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "academic_year", "target_group"],
                name="headcount_unique_per_year_and_group",
            ),
            models.CheckConstraint(
                condition=Q(academic_year__gte=2000) & Q(academic_year__lte=2100),
                name="headcount_year_sane",
            ),
        ]

    def __str__(self):
        from ..typography import academic_year_range

        return f"{self.get_target_group_display()}, {academic_year_range(self.academic_year)}"


class AuditEvent(models.Model):
    """Actions that leave no row behind to show history on (purges, exports,
    imports). Holds no personal data: the participant is named by id."""

    class Action(models.TextChoices):
        PURGE = "purge", "Обезличивание после отзыва согласия"
        DESTROY = "destroy", "Уничтожение персональных данных"
        WITHDRAW = "withdraw", "Отзыв согласия"
        IMPORT = "import", "Импорт участников"
        EXPORT = "export", "Выгрузка"
        INVITE = "invite", "Приглашение в систему"
        ACCOUNT_LINK = "account_link", "Привязка учётной записи к участнику"
        ROLE_GRANT = "role_grant", "Выдача или изменение роли"
        ACCESS_REVOKE = "access_revoke", "Отзыв доступа"
        ACCOUNT_ACTIVATE = "account_activate", "Активация учётной записи"

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="audit_events"
    )
    action = models.CharField(max_length=20, choices=Action.choices)
    participant_id_ref = models.BigIntegerField(null=True, blank=True)
    actor = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    details = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "событие журнала"
        verbose_name_plural = "журнал действий"
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.get_action_display()} ({self.created_at:%d.%m.%Y %H:%M})"
