"""Writes to the banks of mentors and mentees."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from ..models import Headcount, Interview, MentorStatus, Participant
from ..validators import normalize_phone
from . import MISSING_VERSION_MESSAGE, STALE_MESSAGE, StaleEditError


def _turned_on(participant, data):
    return [
        name
        for name in Participant.SPECIAL_FIELDS
        if data.get(name) and not getattr(participant, name)
    ]


def _check_special(participant, data):
    refusal = participant.special_category_refusal(_turned_on(participant, data))
    if refusal:
        raise ValidationError(dict.fromkeys(_turned_on(participant, data), refusal))


PHONE_FIELDS = ("phone", "representative_phone")


def _apply(participant, data):
    _check_special(participant, data)
    left_on = data.get("left_on")
    if left_on and left_on > timezone.localdate():
        raise ValidationError({"left_on": "Дата выбытия не может быть позже сегодняшней."})
    for field, value in data.items():
        if field in PHONE_FIELDS:
            value = normalize_phone(value)
        setattr(participant, field, value)
    if participant.is_mentor and not participant.mentor_status:
        participant.mentor_status = MentorStatus.POTENTIAL
    if not participant.is_mentor:
        participant.mentor_status = ""
        participant.mentor_approved_on = None


def same_person(organization, *, last_name, first_name, patronymic="", birth_date=None):
    """Active participants of the organisation with the same full name
    (Ё/Е- and case-insensitive) and, when both are known, the same birth date."""
    from django.db.models import Q
    from django.db.models.lookups import IExact

    from ..search import Folded, fold

    queryset = Participant.objects.of(organization).active()
    for field, value in (
        ("last_name", last_name),
        ("first_name", first_name),
        ("patronymic", patronymic),
    ):
        queryset = queryset.filter(Q(IExact(Folded(field), fold((value or "").strip()))))
    if birth_date:
        queryset = queryset.filter(Q(birth_date=birth_date) | Q(birth_date__isnull=True))
    return queryset


@transaction.atomic
def participant_create(*, organization, data, by):
    """A new participant. Refuses (``ValidationError``) a second card of the
    same person — same full name, Ё/Е and case aside, and birth date — which
    a repeated form or a search missing "Семён" for "Семен" would create."""
    twin = same_person(
        organization,
        last_name=data.get("last_name", ""),
        first_name=data.get("first_name", ""),
        patronymic=data.get("patronymic", ""),
        birth_date=data.get("birth_date"),
    ).first()
    if twin is not None:
        raise ValidationError(
            f"Участник {twin.full_name}"
            + (f" ({twin.birth_date:%d.%m.%Y})" if twin.birth_date else "")
            + " уже есть в банке: откройте его карточку вместо новой."
        )
    participant = Participant(organization=organization)
    _apply(participant, data)
    participant._history_user = by
    participant.full_clean()
    participant.save()
    return participant


@transaction.atomic
def participant_update(*, participant, data, loaded_version, by):
    """Save the form's data unless somebody saved the participant after the
    form was loaded (``loaded_version`` is the ``updated_at`` it showed;
    without it nothing is saved: MISSING_VERSION_MESSAGE)."""
    if not loaded_version:
        raise StaleEditError(MISSING_VERSION_MESSAGE)
    locked = Participant.objects.select_for_update().get(pk=participant.pk)
    if locked.updated_at.isoformat() != loaded_version:
        raise StaleEditError(STALE_MESSAGE)
    if locked.is_anonymized:
        raise ValidationError("Данные участника обезличены: изменить их нельзя.")
    _apply(locked, data)
    locked._history_user = by
    locked.full_clean()
    locked.save()
    return locked


@transaction.atomic
def interview_record(*, participant, data, by):
    interview = Interview(participant=participant, held_by=by, **data)
    interview._history_user = by
    interview.full_clean()
    interview.save()
    return interview


@transaction.atomic
def mentor_approve(*, participant, by):
    """Potential → approved, after an interview that recommended the person."""
    participant = Participant.objects.select_for_update().get(pk=participant.pk)
    if not participant.is_mentor:
        raise ValidationError("Участник не входит в банк наставников.")
    if participant.mentor_status == MentorStatus.APPROVED:
        return participant
    if participant.is_anonymized:
        raise ValidationError("Данные участника обезличены.")
    if not participant.interviews.filter(outcome=Interview.Outcome.RECOMMENDED).exists():
        raise ValidationError(
            "Сначала проведите собеседование: утвердить можно наставника, "
            "рекомендованного по итогам собеседования."
        )
    participant.mentor_status = MentorStatus.APPROVED
    participant.mentor_approved_on = timezone.localdate()
    participant._history_user = by
    participant.save(update_fields=["mentor_status", "mentor_approved_on", "updated_at"])
    return participant


@transaction.atomic
def headcount_set(*, organization, academic_year, target_group, count, by):
    headcount, _created = Headcount.objects.update_or_create(
        organization=organization,
        academic_year=academic_year,
        target_group=target_group,
        defaults={"count": count},
    )
    return headcount


def headcount_shortfalls(organization, academic_year):
    """Target groups whose headcount for ``academic_year`` is smaller than the
    number of active participants of that group in the organisation's bank
    (then a coverage over that headcount is overstated): a list of
    {"group", "label", "headcount", "bank"}, in the order of TargetGroup."""
    from django.db.models import Count

    from ..models import TargetGroup

    counts = dict(
        Headcount.objects.filter(
            organization=organization, academic_year=academic_year
        ).values_list("target_group", "count")
    )
    if not counts:
        return []
    bank = dict(
        Participant.objects.of(organization)
        .active()
        .filter(target_group__in=list(counts))
        .values("target_group")
        .annotate(n=Count("pk"))
        .values_list("target_group", "n")
    )
    return [
        {"group": value, "label": label, "headcount": counts[value], "bank": bank[value]}
        for value, label in TargetGroup.choices
        if value in counts and bank.get(value, 0) > counts[value]
    ]
