"""Consents under 152-ФЗ: texts, giving, withdrawal, coverage, purge.

Every write of consents goes through these functions: the views, the admin
actions and ``manage.py purge_withdrawn`` call them, so the rules (who may
consent for a child, one consent of a kind in force, a scan checked by its
content) hold whatever the entry point.
"""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Exists, Max, OuterRef, Q
from django.utils import timezone

from mentoring.public_cache import public_cache_bump

from ..consent_texts import default_text
from ..models import (
    PUBLICATION_FIELDS,
    AuditEvent,
    Consent,
    ConsentKind,
    ConsentText,
    Participant,
    TargetGroup,
)
from ..uploads import validate_upload

TEXT_FIELDS = ("title", "purpose", "data_list", "actions", "term", "body")
CONSENT_FIELDS = (
    "given_on",
    "method",
    "given_by",
    "representative_name",
    "representative_relation",
    "representative_document",
    "publication_conditions",
    *(f"publish_{name}" for name in PUBLICATION_FIELDS),
)
REPRESENTATIVE_FIELDS = (
    "representative_name",
    "representative_relation",
    "representative_document",
)
ANONYMIZED_NAME = "Обезличено"


def _with_history_user(obj, by):
    # simple_history takes the user from the request (HistoryRequestMiddleware);
    # management commands and tests have none, so pass it explicitly.
    if by is not None:
        obj._history_user = by
    return obj


# --- Texts ---


def consent_text_current(organization, kind):
    """The newest version of the text, or None."""
    return (
        ConsentText.objects.filter(organization=organization, kind=kind)
        .order_by("-version")
        .first()
    )


@transaction.atomic
def consent_text_default(organization, kind):
    """The newest version of the text, creating version 1 from the built-in
    text when the organisation has none yet."""
    current = consent_text_current(organization, kind)
    if current is not None:
        return current
    text = ConsentText(organization=organization, kind=kind, version=1)
    for field, value in default_text(organization, kind).items():
        setattr(text, field, value)
    text.full_clean()
    text.save()
    return text


@transaction.atomic
def consent_text_create(*, organization, kind, data, by):
    """Save a new version of the text; texts already given consents on stay
    as they were."""
    if kind not in ConsentKind.values:
        raise ValidationError("Неизвестный вид согласия.")
    # Lock the kind's versions so two editors do not take the same number
    # (a no-op on SQLite, where writes are serialised anyway).
    versions = ConsentText.objects.select_for_update().filter(organization=organization, kind=kind)
    last = versions.aggregate(last=Max("version"))["last"] or 0
    text = ConsentText(
        organization=organization,
        kind=kind,
        version=last + 1,
        created_by=by,
        effective_from=data.get("effective_from") or timezone.localdate(),
    )
    if "term_years" in data:
        text.term_years = data["term_years"] or None
    for field in TEXT_FIELDS:
        setattr(text, field, (data.get(field) or "").strip())
    text.full_clean()
    try:
        with transaction.atomic():
            text.save()
    except IntegrityError:
        raise ValidationError(
            "Одновременно сохранена другая редакция этого текста. Откройте форму заново."
        ) from None
    return text


# --- Giving and withdrawing ---


def _check_representative(participant, consent):
    """152-ФЗ: for a child under 14 only a legal representative consents; a
    representative always names the document of authority (art. 9 part 4)."""
    given_on = consent.given_on
    age = participant.age(given_on)
    # A school student whose birth date is unknown is treated as a child.
    child = participant.needs_representative(given_on) or (
        age is None and participant.target_group == TargetGroup.SCHOOL_STUDENT
    )
    if consent.given_by == Consent.GivenBy.SUBJECT:
        if child:
            raise ValidationError(
                {
                    "given_by": "Участнику нет 14 лет (или дата рождения не указана): согласие "
                    "даёт законный представитель. Укажите его ФИО, кем он приходится и "
                    "документ, подтверждающий полномочия."
                }
            )
        for field in REPRESENTATIVE_FIELDS:
            setattr(consent, field, "")
        return
    errors = {}
    if not consent.representative_name:
        errors["representative_name"] = "Укажите ФИО законного представителя."
    if not consent.representative_relation:
        errors["representative_relation"] = "Укажите, кем представитель приходится участнику."
    if not consent.representative_document:
        errors["representative_document"] = (
            "Укажите документ, подтверждающий полномочия представителя "
            "(например, свидетельство о рождении)."
        )
    if errors:
        raise ValidationError(errors)


def _check_kind_rules(participant, consent):
    if consent.kind == ConsentKind.PUBLICATION and not consent.published_fields:
        raise ValidationError(
            "Отметьте хотя бы одну категорию данных, которую разрешено публиковать: "
            "молчание не считается согласием."
        )
    if consent.kind == ConsentKind.DUTIES and not participant.is_mentor:
        raise ValidationError(
            "Согласие на дополнительные обязанности даёт наставник: сначала включите "
            "участника в банк наставников."
        )
    if consent.kind != ConsentKind.PUBLICATION:
        for name in PUBLICATION_FIELDS:
            setattr(consent, f"publish_{name}", False)
        consent.publication_conditions = ""


def _in_force_refusal(participant, kind):
    existing = Consent.objects.filter(
        participant=participant, kind=kind, withdrawn_on__isnull=True
    ).first()
    if existing is None:
        return None
    return ValidationError(
        f"У участника уже есть действующее согласие этого вида от {existing.given_on:%d.%m.%Y}. "
        "Чтобы внести новое, сначала отзовите прежнее."
    )


@transaction.atomic
def consent_give(*, participant, kind, data, scan=None, by=None):
    """Record a consent of ``kind`` given by the participant or their legal
    representative. ``data`` holds the Consent fields (see CONSENT_FIELDS) and
    optionally ``text`` (a ConsentText of the organisation; the current version
    when absent). Raises ValidationError, writing nothing, when a rule fails."""
    if kind not in ConsentKind.values:
        raise ValidationError("Неизвестный вид согласия.")
    if participant.is_anonymized:
        raise ValidationError("Данные участника обезличены: согласие внести нельзя.")
    text = data.get("text") or consent_text_default(participant.organization, kind)
    if text.organization_id != participant.organization_id or text.kind != kind:
        raise ValidationError({"text": "Эта редакция текста относится к другому согласию."})
    consent = Consent(participant=participant, kind=kind, text=text, recorded_by=by)
    for field in CONSENT_FIELDS:
        if field in data:
            value = data[field]
            setattr(consent, field, value.strip() if isinstance(value, str) else value)
    if consent.given_on is None:
        raise ValidationError({"given_on": "Укажите дату согласия."})
    if consent.given_on > timezone.localdate():
        raise ValidationError({"given_on": "Дата согласия не может быть позже сегодняшней."})
    if consent.given_on < text.effective_from:
        # ч. 3 ст. 9 152-ФЗ: the operator proves which text was consented to;
        # a date before the version existed cannot be proved.
        raise ValidationError(
            {
                "given_on": f"Дата согласия раньше, чем вступила в действие редакция "
                f"{text.version} текста ({text.effective_from:%d.%m.%Y}). Укажите верную дату "
                "или выберите редакцию, действовавшую на дату подписания."
            }
        )
    consent.expires_on = Consent.expiry_for(consent.given_on, text.term_years)
    _check_representative(participant, consent)
    _check_kind_rules(participant, consent)
    refusal = _in_force_refusal(participant, kind)
    if refusal:
        raise refusal
    try:
        checked = validate_upload(scan) if scan else None
    except ValidationError as exc:
        raise ValidationError({"scan": exc.messages}) from None
    consent.full_clean(exclude=["scan"])

    if checked:
        consent.scan.save(checked.filename, scan, save=False)
        # The file is on disk before the row: remove it if the row fails.
        stored = consent.scan.name
    try:
        with transaction.atomic():
            _with_history_user(consent, by).save()
    except IntegrityError:
        if checked:
            consent.scan.storage.delete(stored)
        raise _in_force_refusal(participant, kind) or ValidationError(
            "Согласие не сохранено: повторите попытку."
        ) from None
    public_cache_bump(participant.organization_id)
    return consent


@transaction.atomic
def consent_withdraw(*, consent, on_date, note="", by=None):
    """Withdraw a consent. From ``on_date`` the person is not processed (no
    new pairs) or not published, depending on the kind."""
    consent = Consent.objects.select_for_update().get(pk=consent.pk)
    if consent.is_withdrawn:
        raise ValidationError(f"Согласие уже отозвано {consent.withdrawn_on:%d.%m.%Y}.")
    if on_date is None:
        raise ValidationError({"on_date": "Укажите дату отзыва."})
    if on_date < consent.given_on:
        raise ValidationError(
            {"on_date": f"Дата отзыва раньше даты согласия ({consent.given_on:%d.%m.%Y})."}
        )
    if on_date > timezone.localdate():
        raise ValidationError(
            {"on_date": "Дата отзыва не может быть позже сегодняшней: отзыв действует сразу."}
        )
    consent.withdrawn_on = on_date
    consent.withdrawal_note = (note or "").strip()
    consent.full_clean()
    _with_history_user(consent, by).save(update_fields=["withdrawn_on", "withdrawal_note"])
    participant = consent.participant
    if consent.kind == ConsentKind.PROCESSING and not participant.valid_consent(
        ConsentKind.PROCESSING
    ):
        # Processing stops at once (ст. 21 ч. 5): pairs suspended, a change
        # order drafted. A publication consent alone only hides the person
        # from the public pages (the cache bump below).
        from .privacy import processing_stop

        processing_stop(participant=participant, by=by)
    AuditEvent.objects.create(
        organization=participant.organization,
        action=AuditEvent.Action.WITHDRAW,
        participant_id_ref=participant.pk,
        actor=by,
        details={"kind": consent.kind, "withdrawn_on": on_date.isoformat()},
    )
    public_cache_bump(participant.organization_id)
    return consent


# --- Coverage ---


def consent_coverage(organization, on_date=None):
    """Share of the organisation's participants (in the banks on the date)
    with a valid processing consent: the population and rounding of the
    "consents" indicator of mentoring.indicators. One aggregate query;
    ``missing_queryset`` is lazy."""
    from ..indicators import percent, present_on

    on_date = on_date or timezone.localdate()
    participants = Participant.objects.of(organization).filter(present_on(on_date))
    valid = Consent.objects.filter(
        participant=OuterRef("pk"), kind=ConsentKind.PROCESSING
    ).valid_on(on_date)
    counts = participants.aggregate(
        total=Count("pk"), with_consent=Count("pk", filter=Q(Exists(valid)))
    )
    total, with_consent = counts["total"], counts["with_consent"]
    return {
        "total": total,
        "with_consent": with_consent,
        "missing": total - with_consent,
        "share": with_consent / total if total else None,
        # The one rounding rule of the "consents" indicator (mentoring.indicators).
        "percent": percent(with_consent, total),
        "missing_queryset": participants.without_valid_consent(on_date=on_date)
        .with_consent_state(on_date)
        .order_by("last_name", "first_name", "patronymic", "pk"),
    }


# --- Purge ---
