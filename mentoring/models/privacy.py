"""Acts of destruction of personal data (Приказ Роскомнадзора № 179 от
28.10.2022): one per destroyed person, kept three years and never purged."""

from django.db import models

from .organizations import Organization

# Приказ РКН № 179, п. 4: the act and the journal extract are kept three
# years from the day of destruction.
ACT_KEEP_YEARS = 3


class DestructionActQuerySet(models.QuerySet):
    def of(self, organization):
        return self.filter(organization=organization)


class DestructionAct(models.Model):
    """The act and the extract of the event journal for one destruction.

    Names the subject on purpose: the act must (Приказ РКН № 179, п. 3), and it
    is written before the name is destroyed. It is the one place besides the
    frozen approved orders where a destroyed person's name remains, for
    ``ACT_KEEP_YEARS`` years.
    """

    class Reason(models.TextChoices):
        WITHDRAWN = "withdrawn", "Отзыв согласия на обработку (ч. 5 ст. 21 152-ФЗ)"
        PURPOSE = "purpose", "Достижение цели обработки (ч. 4 ст. 21 152-ФЗ)"

    organization = models.ForeignKey(
        Organization,
        verbose_name="организация",
        on_delete=models.PROTECT,
        related_name="destruction_acts",
    )
    number = models.PositiveIntegerField("номер акта")
    subject_name = models.CharField("субъект персональных данных", max_length=500)
    subject_ref = models.BigIntegerField("код участника в системе", db_index=True)
    reason = models.CharField("причина", max_length=20, choices=Reason.choices)
    reason_date = models.DateField("дата основания")
    categories = models.JSONField("уничтоженные категории", default=list)
    journal = models.JSONField("выгрузка из журнала", default=list)
    destroyed_at = models.DateTimeField("дата уничтожения")
    destroyed_by = models.CharField("уничтожил", max_length=300)
    pdf = models.FileField("акт (PDF)", upload_to="destruction-acts/%Y/")
    sha256 = models.CharField("SHA-256 акта", max_length=64)
    keep_until = models.DateField("хранить до")

    objects = DestructionActQuerySet.as_manager()

    class Meta:
        verbose_name = "акт об уничтожении персональных данных"
        verbose_name_plural = "акты об уничтожении персональных данных"
        ordering = ["-destroyed_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "number"], name="destruction_act_number_unique"
            ),
            # One act per destroyed person: two purge runs cannot both write.
            models.UniqueConstraint(fields=["subject_ref"], name="destruction_act_once"),
        ]

    def __str__(self):
        return f"Акт № {self.number} от {self.destroyed_at:%d.%m.%Y}"

    @staticmethod
    def keep_until_for(day):
        try:
            return day.replace(year=day.year + ACT_KEEP_YEARS)
        except ValueError:  # 29 February
            return day.replace(year=day.year + ACT_KEEP_YEARS, day=28)

    @property
    def filename(self):
        return f"akt-unichtozheniya-{self.number}.pdf"


__all__ = ["ACT_KEEP_YEARS", "DestructionAct"]
