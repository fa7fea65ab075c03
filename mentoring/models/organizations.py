"""Organisations, accounts and roles."""

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse


class User(AbstractUser):
    """An account. People of the programme without an account are Participants."""

    patronymic = models.CharField("отчество", max_length=150, blank=True)
    phone = models.CharField("телефон", max_length=40, blank=True)

    class Meta(AbstractUser.Meta):
        verbose_name = "пользователь"
        verbose_name_plural = "пользователи"
        ordering = ["last_name", "first_name", "patronymic", "username"]

    @property
    def full_name(self):
        parts = [self.last_name, self.first_name, self.patronymic]
        return " ".join(p for p in parts if p) or self.username

    @property
    def short_name(self):
        """'Иванова А. П.' — the form used in documents and lists."""
        if not self.last_name:
            return self.username
        initials = "".join(f" {p[0]}." for p in (self.first_name, self.patronymic) if p)
        return f"{self.last_name}{initials}"

    def __str__(self):
        return self.full_name


class Role(models.TextChoices):
    DIRECTOR = "director", "Директор"
    COORDINATOR = "coordinator", "Куратор"
    METHODIST = "methodist", "Методист"
    MENTOR = "mentor", "Наставник"
    MENTEE = "mentee", "Наставляемый"
    SPECIALIST = "specialist", "Специалист департамента"


# Roles that run an organisation's programme and see all of its data.
STAFF_ROLES = frozenset({Role.DIRECTOR, Role.COORDINATOR, Role.METHODIST})
# Roles that keep the data (the director approves, these two write).
MANAGER_ROLES = frozenset({Role.COORDINATOR, Role.METHODIST})
PARTICIPANT_ROLES = frozenset({Role.MENTOR, Role.MENTEE})


class OrganizationQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Organisations the user may open: their own, and for a municipal
        specialist or the head of a department (a director there) every
        organisation below their department."""
        if not user.is_authenticated:
            return self.none()
        if user.is_superuser:
            return self.all()
        own = Membership.objects.filter(user=user).values("organization_id")
        roots = list(
            Membership.objects.filter(
                Q(role=Role.SPECIALIST)
                | Q(role=Role.DIRECTOR, organization__kind=Organization.Kind.DEPARTMENT),
                user=user,
            ).values_list("organization_id", flat=True)
        )
        below = Organization.descendant_ids(roots)
        return self.filter(Q(pk__in=own) | Q(pk__in=below))


class Organization(models.Model):
    class Kind(models.TextChoices):
        DEPARTMENT = "department", "Департамент образования"
        SCHOOL = "school", "Общеобразовательная организация"
        COLLEGE = "college", "Профессиональная образовательная организация"
        CENTRE = "centre", "Организация дополнительного образования"

    kind = models.CharField("вид", max_length=20, choices=Kind.choices)
    name = models.CharField("полное наименование", max_length=500)
    short_name = models.CharField("краткое наименование", max_length=200)
    slug = models.SlugField(
        "адрес в ссылках",
        max_length=60,
        unique=True,
        help_text="Латинские буквы, цифры и дефис: используется в адресе публичного раздела.",
    )
    parent = models.ForeignKey(
        "self",
        verbose_name="вышестоящая организация",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    address = models.CharField("адрес", max_length=500, blank=True)
    phone = models.CharField("телефон", max_length=100, blank=True)
    email = models.EmailField("электронная почта", blank=True)
    website = models.URLField("сайт", blank=True)
    logo = models.ImageField("логотип", upload_to="logos/", blank=True)
    # The operator's details in consent texts and acts of destruction
    # (152-ФЗ ст. 9 ч. 4; Приказ РКН № 18 от 24.02.2021; Приказ РКН № 179).
    inn = models.CharField("ИНН", max_length=12, blank=True)
    ogrn = models.CharField("ОГРН", max_length=15, blank=True)
    retention_days = models.PositiveSmallIntegerField(
        "срок хранения после достижения цели, дней",
        default=365,
        help_text="Сколько дней после выбытия участника или окончания его последней пары "
        "хранятся его данные (152-ФЗ ст. 21 ч. 4). По умолчанию 365: до конца следующего "
        "отчётного года по программе наставничества.",
    )
    order_number_format = models.CharField(
        "формат номера приказа",
        max_length=50,
        default="{n}-о",
        help_text="{n} — порядковый номер в году, {year} — год, {yy} — две цифры года. "
        "Например: {n}-о, {n}/01-08, {yy}-{n}.",
    )

    objects = OrganizationQuerySet.as_manager()

    class Meta:
        verbose_name = "организация"
        verbose_name_plural = "организации"
        ordering = ["short_name"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(parent=models.F("pk")), name="organization_not_own_parent"
            ),
        ]

    def __str__(self):
        return self.short_name

    def get_absolute_url(self):
        return reverse("mentoring:organization_detail", args=[self.slug])

    def format_order_number(self, sequence, year):
        return self.order_number_format.format(n=sequence, year=year, yy=f"{year % 100:02d}")

    @property
    def is_department(self):
        return self.kind == self.Kind.DEPARTMENT

    @staticmethod
    def descendant_ids(root_ids):
        """Ids of every organisation below the given ones (the tree is a few
        levels deep: one query per level)."""
        found, level = set(), set(root_ids)
        while level:
            level = set(
                Organization.objects.filter(parent_id__in=level).values_list("pk", flat=True)
            )
            level -= found
            found |= level
        return found


class MembershipQuerySet(models.QuerySet):
    def staff(self):
        return self.filter(role__in=STAFF_ROLES)


class Membership(models.Model):
    """A user's place in an organisation: one role per organisation."""

    user = models.ForeignKey(
        User, verbose_name="пользователь", on_delete=models.CASCADE, related_name="memberships"
    )
    organization = models.ForeignKey(
        Organization,
        verbose_name="организация",
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    role = models.CharField("роль", max_length=20, choices=Role.choices)
    position = models.CharField("должность", max_length=200, blank=True)
    created_at = models.DateTimeField("создано", auto_now_add=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = "роль в организации"
        verbose_name_plural = "роли в организациях"
        ordering = ["organization__short_name", "role"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organization"], name="membership_one_role_per_organization"
            ),
            models.CheckConstraint(
                condition=Q(role__in=[r.value for r in Role]), name="membership_role_valid"
            ),
        ]

    def __str__(self):
        return f"{self.user} — {self.get_role_display()}, {self.organization}"

    def clean(self):
        if self.role == Role.SPECIALIST and self.organization_id:
            if self.organization.kind != Organization.Kind.DEPARTMENT:
                raise ValidationError(
                    {"role": "Роль специалиста департамента есть только у департамента."}
                )
        elif (
            self.organization_id
            and self.organization.kind == Organization.Kind.DEPARTMENT
            and self.role in PARTICIPANT_ROLES
        ):
            raise ValidationError({"role": "В департаменте нет наставников и наставляемых."})

    @property
    def is_staff_role(self):
        return self.role in STAFF_ROLES

    @property
    def is_manager(self):
        return self.role in MANAGER_ROLES
