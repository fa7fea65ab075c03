"""Documents of the mentoring cycle the system writes besides orders: the
Положение о наставничестве (with versions), the agreements with mentors
under ТК РФ ст. 351.8 (or volunteer / civil-law agreements for outside
mentors), the organisation's pay settings, and signed scans of approved
documents."""

from decimal import Decimal

from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse

from mentoring.models import Mentorship, Order, Organization, Participant, User


class DocumentSettings(models.Model):
    """Pay of mentoring in an organisation (ТК РФ ст. 351.8 ч. 4: the amount and
    terms of pay are set in the contract or an additional agreement, not lower
    than those of laws, agreements and local acts)."""

    class Basis(models.TextChoices):
        PAIR = "pair", "на каждую пару (группу)"
        YEAR = "year", "на учебный год"

    organization = models.OneToOneField(
        Organization,
        verbose_name="организация",
        on_delete=models.CASCADE,
        related_name="document_settings",
    )
    monthly_pay = models.DecimalField(
        "доплата за наставничество в месяц, руб.",
        max_digits=10,
        decimal_places=2,
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0"))],
    )
    pay_terms = models.TextField(
        "условия оплаты",
        default="Доплата выплачивается ежемесячно одновременно с заработной платой за "
        "фактический период выполнения работы по наставничеству.",
    )
    agreement_basis = models.CharField(
        "дополнительное соглашение заключается",
        max_length=10,
        choices=Basis.choices,
        default=Basis.PAIR,
    )

    class Meta:
        verbose_name = "настройки документов"
        verbose_name_plural = "настройки документов"

    def __str__(self):
        return f"Настройки документов: {self.organization}"


class DocumentStatus(models.TextChoices):
    DRAFT = "draft", "Проект"
    APPROVED = "approved", "Утверждено"  # Положение, соглашение: neuter


class Regulation(models.Model):
    """The Положение о наставничестве of an organisation. Its text lives in
    versions; the approving order (kind "regulation") freezes the current
    version and stores the rendered PDF with its SHA-256."""

    organization = models.ForeignKey(
        Organization, verbose_name="организация", on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField("заголовок", max_length=300, default="Положение о наставничестве")
    status = models.CharField(
        "статус", max_length=20, choices=DocumentStatus.choices, default=DocumentStatus.DRAFT
    )
    order = models.ForeignKey(
        Order,
        verbose_name="приказ об утверждении",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    approved_version = models.ForeignKey(
        "RegulationVersion",
        verbose_name="утверждённая редакция",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    approved_on = models.DateField("утверждено", null=True, blank=True)
    frozen_pdf = models.FileField(
        "утверждённый текст (PDF)", upload_to="documents/regulations/", blank=True
    )
    frozen_sha256 = models.CharField("SHA-256 утверждённого PDF", max_length=64, blank=True)
    created_by = models.ForeignKey(
        User, verbose_name="создал", on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField("создано", auto_now_add=True)

    class Meta:
        verbose_name = "положение о наставничестве"
        verbose_name_plural = "положения о наставничестве"
        ordering = ["organization", "-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="approved")
                | Q(approved_version__isnull=False, approved_on__isnull=False),
                name="regulation_approved_has_version",
            ),
        ]

    def __str__(self):
        return f"{self.title} ({self.organization})"

    def get_absolute_url(self):
        return reverse("documents:regulation_detail", args=[self.pk])

    @property
    def is_approved(self):
        return self.status == DocumentStatus.APPROVED

    def current_version(self):
        return self.versions.order_by("-number").first()


class RegulationVersion(models.Model):
    """One edition of the text: sections [{"key", "heading", "text"}], text is
    paragraphs separated by blank lines. Never changed once written."""

    regulation = models.ForeignKey(
        Regulation, verbose_name="положение", on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveIntegerField("редакция")
    sections = models.JSONField("разделы", default=list)
    comment = models.CharField("что изменено", max_length=300, blank=True)
    created_by = models.ForeignKey(
        User, verbose_name="автор", on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField("создана", auto_now_add=True)

    class Meta:
        verbose_name = "редакция положения"
        verbose_name_plural = "редакции положения"
        ordering = ["regulation", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["regulation", "number"], name="regulation_version_unique"
            )
        ]

    def __str__(self):
        return f"Редакция {self.number}"


class AgreementKind(models.TextChoices):
    ADDITIONAL = "additional", "Дополнительное соглашение к трудовому договору"
    VOLUNTEER = "volunteer", "Соглашение о добровольческой (волонтёрской) деятельности"
    CIVIL = "civil", "Договор гражданско-правового характера"


class MentorAgreement(models.Model):
    """The agreement with a mentor about mentoring.

    For an employee: an additional agreement to the employment contract with
    the content, term, form of mentoring and its pay (ТК РФ ст. 351.8 ч. 2–4,
    in force from 01.03.2025, Федеральный закон от 09.11.2024 № 381-ФЗ), with
    the mentor's written consent (ч. 1). For an outside mentor (a partner's
    employee, a volunteer, a student): a volunteer agreement (Федеральный
    закон от 11.08.1995 № 135-ФЗ, ст. 7.1) or a civil-law contract — never a
    text naming them an employee. ``mentorship`` is set for an agreement per
    pair; empty for an agreement for the year."""

    organization = models.ForeignKey(
        Organization, verbose_name="организация", on_delete=models.PROTECT, related_name="+"
    )
    # SET_NULL: destroying the mentor's personal data (152-ФЗ ст. 21) keeps
    # a signed agreement as a personnel document, its frozen PDF unchanged;
    # drafts are destroyed with the mentor (mentoring.personal_data).
    mentor = models.ForeignKey(
        Participant,
        verbose_name="наставник",
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    mentorship = models.ForeignKey(
        Mentorship,
        verbose_name="пара (группа)",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    kind = models.CharField("вид документа", max_length=20, choices=AgreementKind.choices)
    starts_on = models.DateField("начало наставничества")
    ends_on = models.DateField("окончание наставничества")
    content = models.TextField("содержание наставничества")
    form = models.CharField("форма наставничества", max_length=300)
    monthly_pay = models.DecimalField(
        "оплата в месяц, руб.",
        max_digits=10,
        decimal_places=2,
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0"))],
    )
    pay_terms = models.TextField("условия оплаты", blank=True)
    contract_reference = models.CharField(
        "трудовой договор",
        max_length=200,
        blank=True,
        help_text="Например: от 01.09.2020 № 45.",
    )
    status = models.CharField(
        "статус", max_length=20, choices=DocumentStatus.choices, default=DocumentStatus.DRAFT
    )
    number = models.CharField("номер", max_length=50, blank=True)
    signed_on = models.DateField("дата подписания", null=True, blank=True)
    frozen_pdf = models.FileField(
        "подписываемый текст (PDF)", upload_to="documents/agreements/", blank=True
    )
    frozen_sha256 = models.CharField("SHA-256", max_length=64, blank=True)
    created_by = models.ForeignKey(
        User, verbose_name="подготовил", on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField("создано", auto_now_add=True)

    class Meta:
        verbose_name = "соглашение с наставником"
        verbose_name_plural = "соглашения с наставниками"
        ordering = ["organization", "-starts_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="agreement_term_ordered"
            ),
            models.CheckConstraint(
                condition=~Q(kind="volunteer") | Q(monthly_pay=0),
                name="agreement_volunteer_unpaid",
            ),
            models.UniqueConstraint(
                fields=["organization", "number"],
                condition=~Q(number=""),
                name="agreement_number_unique",
                violation_error_message="Соглашение с таким номером уже есть.",
            ),
        ]

    def __str__(self):
        label = self.get_kind_display()
        if self.number:
            return f"{label} № {self.number} — {self.mentor_name}"
        return f"{label} (проект) — {self.mentor_name}"

    def get_absolute_url(self):
        return reverse("documents:agreement_detail", args=[self.pk])

    @property
    def mentor_name(self):
        """The mentor's full name, or a mark when their personal data has
        been destroyed (the signed text keeps the name in its frozen PDF)."""
        return self.mentor.full_name if self.mentor_id else "[данные удалены]"

    @property
    def is_approved(self):
        return self.status == DocumentStatus.APPROVED

    @property
    def is_employment(self):
        return self.kind == AgreementKind.ADDITIONAL


class SignedScan(models.Model):
    """A scan of the signed paper of an approved document (order, Положение,
    agreement). The content is checked on upload (mentoring.files, "scan")."""

    organization = models.ForeignKey(
        Organization, verbose_name="организация", on_delete=models.PROTECT, related_name="+"
    )
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT)
    object_id = models.PositiveBigIntegerField()
    document = GenericForeignKey("content_type", "object_id")
    file = models.FileField("скан", upload_to="documents/scans/%Y/")
    original_name = models.CharField("имя файла", max_length=200, blank=True)
    sha256 = models.CharField("SHA-256", max_length=64)
    uploaded_by = models.ForeignKey(
        User, verbose_name="загрузил", on_delete=models.SET_NULL, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField("загружен", auto_now_add=True)

    class Meta:
        verbose_name = "скан подписанного документа"
        verbose_name_plural = "сканы подписанных документов"
        ordering = ["-uploaded_at"]
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self):
        return self.original_name or "скан"


class OrderAppendix(models.Model):
    """An extra appendix of an order, added while the order is a draft: an
    uploaded file (content-checked: PDF, DOCX, XLSX, JPEG, PNG) or a document
    the system generates (a Положение). Printed after the order's own
    appendices with the mark «Приложение N к приказу от … № …»."""

    order = models.ForeignKey(
        Order, verbose_name="приказ", on_delete=models.CASCADE, related_name="+"
    )
    title = models.CharField("заголовок приложения", max_length=300)
    file = models.FileField("файл", upload_to="documents/appendices/%Y/", blank=True)
    original_name = models.CharField("имя файла", max_length=200, blank=True)
    sha256 = models.CharField("SHA-256", max_length=64, blank=True)
    regulation = models.ForeignKey(
        Regulation,
        verbose_name="положение",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_by = models.ForeignKey(
        User, verbose_name="добавил", on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField("добавлено", auto_now_add=True)

    class Meta:
        verbose_name = "приложение к приказу"
        verbose_name_plural = "приложения к приказам"
        ordering = ["order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(file="") & Q(regulation__isnull=False))
                | (~Q(file="") & Q(regulation__isnull=True)),
                name="order_appendix_file_or_document",
            )
        ]

    def __str__(self):
        return self.title
