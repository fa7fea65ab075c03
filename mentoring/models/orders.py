"""Orders (приказы): drafted by a methodist, approved or returned by the
director; an approved order never changes."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from ..orderkinds import kind_choices, spec_for
from .mentorships import Mentorship
from .organizations import Organization, User


class OrderKind(models.TextChoices):
    """Names for the kinds the base app's code refers to; the full list (with
    texts, and kinds other apps add) is ``mentoring.orderkinds.KINDS``."""

    IMPLEMENTATION = "implementation", "О внедрении целевой модели наставничества"
    COORDINATOR = "coordinator", "О назначении куратора внедрения целевой модели наставничества"
    WORKING_GROUP = "working_group", "О создании рабочей группы по внедрению целевой модели"
    PROGRAMME = "programme", "Об утверждении программы наставничества"
    FREE = "free", "Иной приказ по наставничеству"
    REGULATION = "regulation", "Об утверждении Положения о наставничестве"
    ROADMAP = "roadmap", "Об утверждении дорожной карты"
    PAIRING = "pairing", "О закреплении наставнических пар (групп)"
    CHANGE = "change", "Об изменении или прекращении наставнических пар (групп)"
    FINAL_EVENT = "final_event", "О проведении итогового мероприятия"
    AWARD = "award", "О поощрении наставников"


# Kinds whose appendix is a table of mentorships.
MENTORSHIP_KINDS = frozenset({OrderKind.PAIRING, OrderKind.CHANGE})


class OrderStatus(models.TextChoices):
    DRAFT = "draft", "Черновик"
    SUBMITTED = "submitted", "На утверждении"
    APPROVED = "approved", "Утверждён"
    RETURNED = "returned", "Возвращён на доработку"


class ApprovedOrderError(ValidationError):
    pass


class Order(models.Model):
    organization = models.ForeignKey(
        Organization,
        verbose_name="организация",
        on_delete=models.PROTECT,
        related_name="orders",
    )
    kind = models.CharField("вид приказа", max_length=30, choices=kind_choices)
    title = models.CharField("заголовок", max_length=500)
    preamble = models.TextField(
        "преамбула",
        blank=True,
        help_text="Основание: «В соответствии с …». Слово «ПРИКАЗЫВАЮ» добавится само.",
    )
    points = models.JSONField("пункты приказа", default=list)
    assignments = models.JSONField(
        "ответственные и сроки",
        default=list,
        blank=True,
        help_text='[{"point": 1, "user_id": 5, "name": "Ростовская Е. В.", '
        '"position": "заместитель директора", "deadline": "2026-12-01"}]: the names are '
        "copied when the order is saved, so an approved order does not change.",
    )
    details = models.JSONField(
        "сведения приказа",
        default=dict,
        blank=True,
        help_text='award: {"awards": [{"name", "position", "award"}]}; final_event: '
        '{"date", "place", "programme", "commission": [{"name", "position"}]}.',
    )
    executor = models.CharField(
        "исполнитель",
        max_length=300,
        blank=True,
        help_text="Отметка об исполнителе: фамилия, инициалы и телефон.",
    )
    appendix_title = models.CharField("заголовок приложения", max_length=300, blank=True)
    mentorships = models.ManyToManyField(
        Mentorship,
        verbose_name="пары и группы приложения",
        blank=True,
        related_name="orders",
    )
    status = models.CharField(
        "статус", max_length=20, choices=OrderStatus.choices, default=OrderStatus.DRAFT
    )
    year = models.PositiveSmallIntegerField("год регистрации", null=True, blank=True)
    sequence = models.PositiveIntegerField("порядковый номер", null=True, blank=True)
    number = models.CharField("номер", max_length=50, blank=True)
    signed_on = models.DateField("дата приказа", null=True, blank=True)
    is_public = models.BooleanField("публиковать в разделе «Наставничество»", default=False)
    return_comment = models.TextField("комментарий при возврате", blank=True)
    created_by = models.ForeignKey(
        User,
        verbose_name="подготовил",
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    submitted_at = models.DateTimeField("направлен на утверждение", null=True, blank=True)
    decided_by = models.ForeignKey(
        User,
        verbose_name="решение принял",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField("дата решения", null=True, blank=True)
    created_at = models.DateTimeField("создан", auto_now_add=True)
    version = models.PositiveIntegerField("версия", default=1)
    # Rendered once on approval and served ever after (see
    # services.orders.order_freeze): changing or destroying people never
    # alters a registered order.
    frozen_pdf = models.FileField("файл утверждённого приказа", upload_to="orders/", blank=True)
    frozen_sha256 = models.CharField("SHA-256 файла", max_length=64, blank=True)

    history = HistoricalRecords(
        excluded_fields=["version", "frozen_pdf", "frozen_sha256"], m2m_fields=[mentorships]
    )

    class Meta:
        verbose_name = "приказ"
        verbose_name_plural = "приказы"
        ordering = ["-year", "-sequence", "-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "year", "sequence"], name="order_number_unique_per_year"
            ),
            # The number comes from the organisation's single register of
            # orders on core activity: unique per organisation and year.
            models.UniqueConstraint(
                fields=["organization", "year", "number"],
                condition=~Q(number=""),
                name="order_register_number_unique",
                violation_error_message="Приказ с таким номером в этом году уже есть в журнале "
                "регистрации.",
            ),
            models.CheckConstraint(
                condition=~Q(status="approved")
                | (Q(year__isnull=False, signed_on__isnull=False) & ~Q(number="")),
                name="order_approved_is_registered",
            ),
        ]

    def __str__(self):
        if self.number:
            return f"Приказ № {self.number} от {self.signed_on:%d.%m.%Y} «{self.title}»"
        return f"Проект приказа «{self.title}»"

    def save(self, *args, **kwargs):
        # The one guard that holds for every path (form, admin, service,
        # shell): an approved order's row is never written again. This is an
        # invariant check, not business logic.
        if self.pk:
            stored = type(self).objects.filter(pk=self.pk).values_list("status", flat=True).first()
            if stored == OrderStatus.APPROVED:
                raise ApprovedOrderError("Утверждённый приказ изменить нельзя.")
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("mentoring:order_detail", args=[self.pk])

    @property
    def is_approved(self):
        return self.status == OrderStatus.APPROVED

    @property
    def is_editable(self):
        return self.status in (OrderStatus.DRAFT, OrderStatus.RETURNED)

    @property
    def has_mentorship_appendix(self):
        return self.kind in MENTORSHIP_KINDS

    @property
    def spec(self):
        """The kind's data (mentoring.orderkinds.OrderKindSpec)."""
        return spec_for(self.kind)

    def award_of(self, participant):
        """The award this order gives the participant (the text of its row
        in the appendix «Список поощряемых наставников», e.g. «Объявить
        благодарность»), or None when the order does not name them. The
        appendix keeps the participant's id with the copied name
        (``details["awards"]``, services.orders._clean_details)."""
        pk = getattr(participant, "pk", participant)
        for row in (self.details or {}).get("awards", []):
            if str(row.get("participant_id")) == str(pk):
                return row.get("award") or ""
        return None

    def delete(self, *args, **kwargs):
        if self.status == OrderStatus.APPROVED:
            raise ApprovedOrderError("Утверждённый приказ удалить нельзя.")
        return super().delete(*args, **kwargs)
