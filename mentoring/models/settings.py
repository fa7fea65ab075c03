"""Per-organisation settings of the programme that the methodist tunes
without anyone's help: the weights of the match score and the thresholds of
pair health."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from .organizations import Organization

WEIGHT_VALIDATORS = [MinValueValidator(0), MaxValueValidator(100)]


class MentoringSettings(models.Model):
    """One row per organisation, created with defaults on first read
    (``MentoringSettings.for_organization``).

    The five weights are the points a criterion gives when it fits fully;
    the match score of a mentor for a mentee is their weighted sum
    (``mentoring.scoring``), so the maximum score is the sum of the weights.
    """

    organization = models.OneToOneField(
        Organization,
        verbose_name="организация",
        on_delete=models.CASCADE,
        related_name="mentoring_settings",
    )
    weight_subject = models.PositiveSmallIntegerField(
        "общий предмет или направление", default=35, validators=WEIGHT_VALIDATORS
    )
    weight_requests = models.PositiveSmallIntegerField(
        "запросы наставляемого и компетенции наставника",
        default=30,
        validators=WEIGHT_VALIDATORS,
    )
    weight_experience = models.PositiveSmallIntegerField(
        "стаж и квалификационная категория", default=20, validators=WEIGHT_VALIDATORS
    )
    weight_age = models.PositiveSmallIntegerField(
        "класс и возраст (наставник старше)", default=5, validators=WEIGHT_VALIDATORS
    )
    weight_workload = models.PositiveSmallIntegerField(
        "свободные места у наставника", default=10, validators=WEIGHT_VALIDATORS
    )
    health_no_meeting_weeks = models.PositiveSmallIntegerField(
        "пара требует внимания, если нет встреч, недель",
        default=4,
        validators=[MinValueValidator(1), MaxValueValidator(52)],
    )
    health_low_score = models.PositiveSmallIntegerField(
        "низкая оценка в анкете, не выше (из 5)",
        default=2,
        validators=[MinValueValidator(1), MaxValueValidator(4)],
    )
    updated_at = models.DateTimeField("изменены", auto_now=True)

    class Meta:
        verbose_name = "настройки программы наставничества"
        verbose_name_plural = "настройки программы наставничества"

    def __str__(self):
        return f"Настройки: {self.organization}"

    @classmethod
    def for_organization(cls, organization):
        """The organisation's settings, with defaults if none were saved."""
        found = cls.objects.filter(organization=organization).first()
        return found or cls(organization=organization)

    @property
    def weights(self):
        """{criterion code: points} in the order of ``scoring.CRITERIA``."""
        return {
            "subject": self.weight_subject,
            "requests": self.weight_requests,
            "experience": self.weight_experience,
            "age": self.weight_age,
            "workload": self.weight_workload,
        }
