"""Surveys (анкеты), their versions, sections and questions; campaigns
(рассылки) with personal invitations; responses and answers.

A survey is edited through versions: a campaign points at the version it was
sent with, and a version that has responses is never changed — the builder
forks a new version instead (see services.version_for_edit). Answers protect
their questions (on_delete=PROTECT), so a question with answers cannot be
deleted even by accident.

Personal links: only the SHA-256 of the token is stored (InvitationToken);
the token itself exists in the e-mail or on the screen it was shown on once.
Anonymous campaigns: a Response has no foreign key to the invitation; it is
found again by a second hash derived from the token (``anonymous_key``), which
cannot be linked to the invitation without the token itself. The invitation
keeps only a "has responded" flag, without a time.
"""

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from mentoring.models import MentoringForm, Mentorship, Organization, Participant, User

# Fewer submitted responses than this and the results of an anonymous
# campaign (or of a filtered part of it) are hidden: with one or two answers
# everyone knows whose they are.
ANONYMITY_THRESHOLD = 3

SHORT_TEXT_MAX = 300
LONG_TEXT_MAX = 5000


class SurveyKind(models.TextChoices):
    CUSTOM = "custom", "Своя анкета"
    NEEDS = "needs", "Запросы и затруднения наставляемых"
    MENTOR_CANDIDATE = "mentor_candidate", "Анкета потенциального наставника"
    EFFECTIVENESS = "effectiveness", "Оценка эффективности наставничества"
    SATISFACTION = "satisfaction", "Удовлетворённость программой"
    DIAGNOSTICS = "diagnostics", "Диагностика компетенций"
    CONDITIONS = "conditions", "Условия реализации программы"


class Moment(models.TextChoices):
    NONE = "", "—"
    EXPECTED = "expected", "Ожидания (в начале)"
    ACTUAL = "actual", "Фактический результат (в конце)"


class Audience(models.TextChoices):
    MENTOR = "mentor", "Наставники"
    MENTEE = "mentee", "Наставляемые"
    STAFF = "staff", "Куратор, методисты"
    ANY = "any", "Все участники"


class Survey(models.Model):
    organization = models.ForeignKey(
        Organization, verbose_name="организация", on_delete=models.CASCADE, related_name="surveys"
    )
    title = models.CharField("название", max_length=300)
    description = models.TextField(
        "вступление", blank=True, help_text="Что увидит респондент перед вопросами."
    )
    kind = models.CharField(
        "назначение", max_length=30, choices=SurveyKind.choices, default=SurveyKind.CUSTOM
    )
    moment = models.CharField(
        "момент", max_length=10, choices=Moment.choices, blank=True, default=""
    )
    audience = models.CharField(
        "для кого", max_length=10, choices=Audience.choices, default=Audience.ANY
    )
    template_code = models.CharField(
        "типовая анкета", max_length=50, blank=True, help_text="Из какой типовой анкеты создана."
    )
    is_archived = models.BooleanField("в архиве", default=False)
    created_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField("создана", auto_now_add=True)

    class Meta:
        verbose_name = "анкета"
        verbose_name_plural = "анкеты"
        ordering = ["is_archived", "title", "pk"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("surveys:survey_detail", args=[self.pk])

    def current_version(self):
        return self.versions.order_by("-number").first()


class SurveyVersion(models.Model):
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField("версия")
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = "версия анкеты"
        verbose_name_plural = "версии анкет"
        ordering = ["survey", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["survey", "number"], name="survey_version_unique"),
        ]

    def __str__(self):
        return f"{self.survey}, версия {self.number}"

    def has_responses(self):
        return Response.objects.filter(version=self).exists()


class Section(models.Model):
    version = models.ForeignKey(SurveyVersion, on_delete=models.CASCADE, related_name="sections")
    title = models.CharField("название раздела", max_length=300)
    description = models.TextField("пояснение", blank=True)
    position = models.PositiveIntegerField("порядок", default=0)

    class Meta:
        verbose_name = "раздел анкеты"
        verbose_name_plural = "разделы анкет"
        ordering = ["version", "position", "pk"]

    def __str__(self):
        return self.title


class QuestionKind(models.TextChoices):
    SCALE = "scale", "Шкала"
    SINGLE = "single", "Один вариант"
    MULTIPLE = "multiple", "Несколько вариантов"
    YES_NO = "yes_no", "Да / нет"
    NUMBER = "number", "Число"
    SHORT_TEXT = "short_text", "Короткий текст"
    LONG_TEXT = "long_text", "Развёрнутый текст"


CHOICE_KINDS = frozenset({QuestionKind.SINGLE, QuestionKind.MULTIPLE})
NUMERIC_KINDS = frozenset({QuestionKind.SCALE, QuestionKind.YES_NO, QuestionKind.NUMBER})
TEXT_KINDS = frozenset({QuestionKind.SHORT_TEXT, QuestionKind.LONG_TEXT})


class MapsTo(models.TextChoices):
    """Where a submitted answer is written in the banks (non-anonymous
    campaigns only; see services.response_feed_banks)."""

    NONE = "", "Никуда"
    REQUESTS = "requests", "Запросы и затруднения наставляемого"
    COMPETENCIES = "competencies", "Компетенции наставника"


class Question(models.Model):
    version = models.ForeignKey(SurveyVersion, on_delete=models.CASCADE, related_name="questions")
    section = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveIntegerField("порядок", default=0)
    kind = models.CharField("тип вопроса", max_length=20, choices=QuestionKind.choices)
    text = models.CharField("вопрос", max_length=500)
    help_text = models.CharField("подсказка", max_length=500, blank=True)
    required = models.BooleanField("обязательный", default=False)
    scale_max = models.PositiveSmallIntegerField(
        "шкала до", choices=[(5, "1–5"), (10, "1–10")], default=10
    )
    label_min = models.CharField("подпись к 1", max_length=100, blank=True)
    label_max = models.CharField("подпись к максимуму", max_length=100, blank=True)
    number_min = models.DecimalField(
        "наименьшее число", max_digits=12, decimal_places=2, null=True, blank=True
    )
    number_max = models.DecimalField(
        "наибольшее число", max_digits=12, decimal_places=2, null=True, blank=True
    )
    code = models.SlugField(
        "код вопроса",
        max_length=50,
        blank=True,
        help_text="Латиницей. Вопросы с одинаковым кодом сравниваются между анкетами "
        "«ожидания» и «результат» и между кварталами диагностики.",
    )
    maps_to = models.CharField(
        "записывать ответ в банк",
        max_length=20,
        choices=MapsTo.choices,
        blank=True,
        default="",
    )
    # The question of the previous version this one was copied from.
    origin = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="copies"
    )

    class Meta:
        verbose_name = "вопрос"
        verbose_name_plural = "вопросы"
        ordering = ["section__position", "section_id", "position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(scale_max__in=[5, 10]), name="question_scale_five_or_ten"
            ),
            models.CheckConstraint(
                condition=Q(number_min__isnull=True)
                | Q(number_max__isnull=True)
                | Q(number_max__gte=models.F("number_min")),
                name="question_number_range_ordered",
            ),
        ]

    def __str__(self):
        return self.text

    @property
    def scale_values(self):
        return list(range(1, self.scale_max + 1))

    @property
    def is_choice(self):
        return self.kind in CHOICE_KINDS

    @property
    def is_text(self):
        return self.kind in TEXT_KINDS

    @property
    def text_max(self):
        return SHORT_TEXT_MAX if self.kind == QuestionKind.SHORT_TEXT else LONG_TEXT_MAX


class Option(models.Model):
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="options")
    text = models.CharField("вариант ответа", max_length=300)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = "вариант ответа"
        verbose_name_plural = "варианты ответов"
        ordering = ["question", "position", "pk"]

    def __str__(self):
        return self.text


class CampaignStatus(models.TextChoices):
    OPEN = "open", "Идёт сбор ответов"
    CLOSED = "closed", "Завершена"


class CampaignQuerySet(models.QuerySet):
    def of(self, organization):
        return self.filter(organization=organization)

    def open_on(self, today):
        return self.filter(status=CampaignStatus.OPEN, deadline__gte=today)


class Campaign(models.Model):
    """A sending of one version of a survey to an audience, with a deadline."""

    organization = models.ForeignKey(
        Organization, verbose_name="организация", on_delete=models.CASCADE, related_name="campaigns"
    )
    survey = models.ForeignKey(
        Survey, verbose_name="анкета", on_delete=models.PROTECT, related_name="campaigns"
    )
    version = models.ForeignKey(
        SurveyVersion, verbose_name="версия", on_delete=models.PROTECT, related_name="campaigns"
    )
    title = models.CharField("название рассылки", max_length=300)
    audience = models.JSONField("аудитория", default=dict)
    audience_label = models.CharField("аудитория", max_length=500, blank=True)
    deadline = models.DateField("принимать ответы до (включительно)")
    is_anonymous = models.BooleanField(
        "анонимная",
        default=False,
        help_text="Ответы не связываются с людьми; результаты показываются, "
        f"когда ответов не меньше {ANONYMITY_THRESHOLD}.",
    )
    moment = models.CharField(
        "момент", max_length=10, choices=Moment.choices, blank=True, default=""
    )
    baseline = models.ForeignKey(
        "self",
        verbose_name="сравнивать с рассылкой «ожидания»",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="followups",
    )
    status = models.CharField(
        "состояние", max_length=10, choices=CampaignStatus.choices, default=CampaignStatus.OPEN
    )
    closed_at = models.DateTimeField("завершена", null=True, blank=True)
    created_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField("создана", auto_now_add=True)
    # The random token of the "Разослать" form that created the campaign: a
    # repeated POST of the same form (refresh, double click) finds this
    # campaign instead of creating and mailing a second one.
    submit_token = models.CharField(max_length=64, blank=True, default="", editable=False)

    objects = CampaignQuerySet.as_manager()

    class Meta:
        verbose_name = "рассылка анкеты"
        verbose_name_plural = "рассылки анкет"
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["organization", "status", "deadline"])]
        constraints = [
            models.CheckConstraint(
                condition=~Q(baseline=models.F("pk")), name="campaign_not_own_baseline"
            ),
            models.UniqueConstraint(
                fields=["organization", "submit_token"],
                condition=~Q(submit_token=""),
                name="campaign_submit_once",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("surveys:campaign_detail", args=[self.pk])

    def is_open(self, today=None):
        today = today or timezone.localdate()
        return self.status == CampaignStatus.OPEN and today <= self.deadline


class Invitation(models.Model):
    """One person's place in a campaign. In an anonymous campaign it says only
    whether the person has responded, never which response is theirs."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="invitations")
    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="survey_invitations"
    )
    mentorship = models.ForeignKey(
        Mentorship, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    role = models.CharField(max_length=10, blank=True)
    responded = models.BooleanField("ответил", default=False)
    emailed_at = models.DateTimeField(null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)
    reminders_sent = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "приглашение"
        verbose_name_plural = "приглашения"
        ordering = ["campaign", "participant__last_name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "participant"], name="invitation_once_per_campaign"
            ),
        ]

    def __str__(self):
        return f"{self.participant} — {self.campaign}"


class InvitationToken(models.Model):
    """The SHA-256 of a personal link's token. Several may be valid at once (a
    reminder sends a fresh link without breaking the first); re-issuing by
    staff revokes the earlier ones."""

    invitation = models.ForeignKey(Invitation, on_delete=models.CASCADE, related_name="tokens")
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "персональная ссылка"
        verbose_name_plural = "персональные ссылки"

    def __str__(self):
        return f"ссылка #{self.pk}"


class ResponseStatus(models.TextChoices):
    DRAFT = "draft", "Черновик"
    SUBMITTED = "submitted", "Отправлен"


class Response(models.Model):
    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="responses")
    version = models.ForeignKey(SurveyVersion, on_delete=models.PROTECT, related_name="responses")
    # Exactly one of these two: the invitation (named campaigns) or a key
    # derived from the personal link (anonymous campaigns).
    invitation = models.OneToOneField(
        Invitation, on_delete=models.CASCADE, null=True, blank=True, related_name="response"
    )
    anonymous_key = models.CharField(max_length=64, unique=True, null=True, blank=True)
    status = models.CharField(
        max_length=10, choices=ResponseStatus.choices, default=ResponseStatus.DRAFT
    )
    # Snapshot for the results filters. An anonymous response keeps no
    # mentorship (a pair of two is not anonymous).
    role = models.CharField(max_length=10, blank=True)
    target_group = models.CharField(max_length=30, blank=True)
    form = models.ForeignKey(
        MentoringForm, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    mentorship = models.ForeignKey(
        Mentorship, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # Set by the services; for anonymous campaigns only the date is kept.
    updated_at = models.DateTimeField(null=True, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "ответ на анкету"
        verbose_name_plural = "ответы на анкеты"
        ordering = ["campaign", "pk"]
        indexes = [models.Index(fields=["campaign", "status"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(invitation__isnull=False, anonymous_key__isnull=True)
                | Q(invitation__isnull=True, anonymous_key__isnull=False),
                name="response_named_or_anonymous",
            ),
            models.CheckConstraint(
                condition=Q(status="draft") | Q(submitted_at__isnull=False),
                name="response_submitted_has_time",
            ),
        ]

    def __str__(self):
        return f"Ответ #{self.pk} ({self.get_status_display()})"

    @property
    def is_submitted(self):
        return self.status == ResponseStatus.SUBMITTED


class Answer(models.Model):
    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="answers")
    # Scale, yes/no (1 or 0) and number answers.
    number = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    text = models.TextField(blank=True)
    options = models.ManyToManyField(Option, blank=True, related_name="answers")

    class Meta:
        verbose_name = "ответ на вопрос"
        verbose_name_plural = "ответы на вопросы"
        constraints = [
            models.UniqueConstraint(fields=["response", "question"], name="answer_once"),
        ]

    def __str__(self):
        return f"{self.question}: {self.number if self.number is not None else self.text}"


class MentorApplication(models.Model):
    """An application "Стать наставником" from the public section. The person
    lands in the bank as a potential mentor; this row keeps the motivation and
    a salted hash of the sender's address for the rate limit."""

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="mentor_applications"
    )
    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="mentor_applications"
    )
    motivation = models.TextField("почему хочу стать наставником", blank=True)
    ip_hash = models.CharField(max_length=64, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = "заявка «Стать наставником»"
        verbose_name_plural = "заявки «Стать наставником»"
        ordering = ["-created_at"]

    def __str__(self):
        return f"Заявка от {self.created_at:%d.%m.%Y}"


class ApplicationSender(models.Model):
    """One row per sender address (the same salted hash as
    MentorApplication.ip_hash): the lock that makes "count this address's
    recent applications, then insert one" a single step. Two parallel posts
    from one address wait for each other on this row instead of both seeing
    a count under the limit."""

    ip_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "адрес отправителя заявок"
        verbose_name_plural = "адреса отправителей заявок"

    def __str__(self):
        return self.ip_hash[:12]
