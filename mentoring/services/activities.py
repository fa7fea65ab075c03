"""Training of mentors, events, news, practices, the methodical library and
the honour board: every write of these models, and the indicators other
apps read (the roadmaps' "effectiveness indicators").

A ``period`` is a pair of dates ``(start, end)``, both included;
``academic_year_period(2025)`` is 01.09.2025–31.08.2026.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Prefetch, Q, Sum
from django.urls import reverse
from django.utils import timezone

from ..files import check_upload, display_name
from ..indicators import academic_year_of
from ..models import (
    MIN_SESSIONS_PER_GROUP,
    REPRESENTATION_KINDS,
    STUDENT_GROUPS,
    Attachment,
    Award,
    Consent,
    ConsentKind,
    Consultation,
    Event,
    EventKind,
    ExternalCourse,
    Headcount,
    Material,
    MaterialCategory,
    News,
    Organization,
    Participant,
    Portrait,
    Practice,
    PracticeStatus,
    TrainingGroup,
    TrainingSession,
)
from ..public_cache import public_cache_bump
from .publication import publication_check

CLASS_HOUR_TARGET = 90  # per cent of students informed
REPRESENTATIVES_TARGET = 3


def academic_year_period(year):
    """01.09.year – 31.08.(year + 1)."""
    return datetime.date(year, 9, 1), datetime.date(year + 1, 8, 31)


def _public_changed(organization):
    """What the public section shows changed: forget its cached pages
    (mentoring.public_cache) once the transaction commits."""
    public_cache_bump(organization)


def _history_user(obj, by):
    obj._history_user = by
    return obj


def _same_organization(people, organization, label):
    people = list(people)
    if any(p.organization_id != organization.pk for p in people):
        raise ValidationError(f"{label}: выбраны люди другой организации.")
    return people


def _store(instance, field, upload, kind):
    """Check ``upload`` by content and save it into ``instance.<field>``
    under a random name; returns the sanitised original name."""
    checked = check_upload(upload, kind)
    getattr(instance, field).save(checked.filename, upload, save=False)
    return display_name(getattr(upload, "name", ""))


# --- indicators --------------------------------------------------------------


def sessions_per_group(organization, period):
    """Groups of mentors trained in the period with the number of sessions
    held in it (``group.session_count``), and the share of groups that had at
    least two. The target is met when every group had two."""
    start, end = period
    groups = list(
        TrainingGroup.objects.filter(organization=organization, starts_on__lte=end)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=start))
        .annotate(
            session_count=Count(
                "sessions", filter=Q(sessions__held_on__gte=start, sessions__held_on__lte=end)
            )
        )
        .order_by("starts_on", "title")
    )
    meeting = sum(1 for g in groups if g.session_count >= MIN_SESSIONS_PER_GROUP)
    total = len(groups)
    return {
        "groups": groups,
        "total": total,
        "meeting_target": meeting,
        "share": round(100 * meeting / total) if total else None,
        "target": MIN_SESSIONS_PER_GROUP,
        "met": total > 0 and meeting == total,
    }


def class_hour_reach(organization, period):
    """Students reached by class hours in the period ÷ the headcount of
    school and college students of the academic year the period starts in.
    The share is capped at 100 % (several class hours may reach the same
    class); ``None`` when no headcount is recorded."""
    start, end = period
    reached = (
        Event.objects.filter(
            organization=organization,
            kind=EventKind.CLASS_HOUR,
            held_on__gte=start,
            held_on__lte=end,
        ).aggregate(n=Sum("students_reached"))["n"]
        or 0
    )
    headcount = (
        Headcount.objects.filter(
            organization=organization,
            academic_year=academic_year_of(start),
            target_group__in=STUDENT_GROUPS,
        ).aggregate(n=Sum("count"))["n"]
        or 0
    )
    share = min(100.0, round(100 * reached / headcount, 1)) if headcount else None
    return {
        "reached": reached,
        "headcount": headcount,
        "share": share,
        "target": CLASS_HOUR_TARGET,
        "met": share is not None and share >= CLASS_HOUR_TARGET,
    }


def regional_representatives(organization, period):
    """Distinct people who represented the organisation at regional events
    and contests in the period."""
    start, end = period
    people = Participant.objects.filter(
        represented_at__organization=organization,
        represented_at__kind__in=REPRESENTATION_KINDS,
        represented_at__held_on__gte=start,
        represented_at__held_on__lte=end,
    ).distinct()
    count = people.count()
    return {
        "count": count,
        "target": REPRESENTATIVES_TARGET,
        "met": count >= REPRESENTATIVES_TARGET,
    }


def training_card(organization, today=None, targets=None):
    """The home page card, read from the "training_sessions" definition of
    mentoring.indicators (the figure the dashboard, reports and roadmap
    indicator show): groups of mentors that started in the academic year of
    ``today``, how many held at least the target number of sessions by
    today, the fewest sessions in a group (the indicator's figure), its
    target (the organisation's roadmap, else the definition's: ``targets``
    as mentoring.indicators.targets returns) and whether it is met (None
    without groups). Two queries besides the targets."""
    from .. import indicators as defs

    today = today or timezone.localdate()
    if targets is None:
        targets = defs.targets(organization, academic_year_of(today))
    start = defs.academic_year_start(today)
    counts = list(
        TrainingGroup.objects.filter(
            organization=organization,
            starts_on__gte=start,
            starts_on__lte=datetime.date(start.year + 1, 8, 31),
        )
        .annotate(n=Count("sessions", filter=Q(sessions__held_on__lte=today)))
        .values_list("n", flat=True)
    )
    target = defs.target_of(targets, "training_sessions")[0]
    figure = defs.compute(["training_sessions"], [organization.pk], today)[organization.pk]
    value = figure["training_sessions"].value
    return {
        "total": len(counts),
        "meeting_target": sum(1 for n in counts if target is None or n >= target),
        "fewest": value,
        "target": target,
        "met": defs.get("training_sessions").met(value, target),
    }


def training_history(participant):
    """A mentor's training: sessions attended (with their group), external
    courses and consultations. Three queries."""
    return {
        "sessions": list(
            participant.training_sessions.select_related("group").order_by("-held_on", "-pk")
        ),
        "courses": list(participant.external_courses.order_by("-ends_on", "-pk")),
        "consultations": list(participant.consultations.order_by("-held_on", "-pk")),
    }


# --- training ----------------------------------------------------------------


@transaction.atomic
def training_group_save(*, organization, data, members, by, group=None):
    members = _same_organization(members, organization, "Группа")
    group = group or TrainingGroup(organization=organization, created_by=by)
    for field, value in data.items():
        setattr(group, field, value)
    group.full_clean()
    _history_user(group, by).save()
    group.members.set(members)
    return group


@transaction.atomic
def training_session_save(*, group, data, attendees, by, session=None):
    attendees = _same_organization(attendees, group.organization, "Занятие")
    session = session or TrainingSession(group=group)
    for field, value in data.items():
        setattr(session, field, value)
    session.full_clean()
    _history_user(session, by).save()
    session.attendees.set(attendees)
    return session


@transaction.atomic
def consultation_record(*, organization, data, participants, by):
    participants = _same_organization(participants, organization, "Консультация")
    consultation = Consultation(organization=organization, **data)
    consultation.full_clean()
    consultation.save()
    consultation.participants.set(participants)
    return consultation


@transaction.atomic
def external_course_add(*, participant, data, certificate=None, by):
    """A course taken outside with its document (PDF or a scan)."""
    if not participant.is_mentor:
        raise ValidationError("Курсы записываются наставникам.")
    course = ExternalCourse(participant=participant, created_by=by, **data)
    if course.starts_on and course.ends_on and course.ends_on < course.starts_on:
        raise ValidationError({"ends_on": "Окончание раньше начала."})
    if certificate:
        course.certificate_name = _store(course, "certificate", certificate, "scan")
    course.full_clean()
    _history_user(course, by).save()
    return course


# --- events and their files --------------------------------------------------


@transaction.atomic
def attachments_add(*, owner, files, by, title=""):
    """Attach files to an event, a news item or a practice. Every file is
    checked before any is stored."""
    files = [f for f in files if f]
    checked = [check_upload(f, "document") for f in files]
    field = {Event: "event", News: "news", Practice: "practice"}[type(owner)]
    created = []
    for upload, result in zip(files, checked, strict=True):
        attachment = Attachment(
            **{field: owner},
            title=title,
            original_name=display_name(getattr(upload, "name", "")),
            size=upload.size,
            uploaded_by=by,
        )
        attachment.file.save(result.filename, upload, save=False)
        attachment.full_clean()
        attachment.save()
        created.append(attachment)
    return created


@transaction.atomic
def attachment_delete(*, attachment, by):
    public = attachment.is_public
    organization_id = attachment.owner.organization_id
    attachment.file.delete(save=False)
    attachment.delete()
    if public:
        _public_changed(organization_id)


@transaction.atomic
def event_save(*, organization, data, participants=(), representatives=(), by, event=None):
    participants = _same_organization(participants, organization, "Участники")
    representatives = _same_organization(representatives, organization, "Представители")
    event = event or Event(organization=organization, created_by=by)
    for field, value in data.items():
        setattr(event, field, value)
    if event.kind != EventKind.CLASS_HOUR:
        event.students_reached = None
    elif event.students_reached is None:
        raise ValidationError(
            {"students_reached": "Укажите, сколько обучающихся охвачено классным часом."}
        )
    if event.kind not in REPRESENTATION_KINDS:
        representatives = []
    event.full_clean()
    _history_user(event, by).save()
    event.participants.set(participants)
    event.representatives.set(representatives)
    return event


# --- news --------------------------------------------------------------------


@transaction.atomic
def news_save(*, organization, data, by, news=None, picture=None, clear_picture=False, files=()):
    news = news or News(organization=organization, author=by)
    for field, value in data.items():
        setattr(news, field, value)
    if clear_picture and news.picture:
        news.picture.delete(save=False)
        news.picture = ""
    if picture:
        _store(news, "picture", picture, "picture")
    news.full_clean()
    _history_user(news, by).save()
    attachments_add(owner=news, files=files, by=by)
    if news.is_published:
        _public_changed(news.organization_id)
    return news


def _event_text(event):
    lines = [f"{event.held_on:%d.%m.%Y}"]
    if event.place:
        lines[0] += f", {event.place}"
    lines[0] += f": {event.get_kind_display().lower()} «{event.title}»."
    if event.participants_note:
        lines.append(f"Участники: {event.participants_note}.")
    if event.description:
        lines.append(event.description)
    return "\n\n".join(lines)


@transaction.atomic
def news_from_event(*, event, by):
    """A draft news item about the event, in one click: the methodist edits
    and publishes it."""
    news = News(
        organization=event.organization,
        title=event.title,
        body=_event_text(event),
        event=event,
        author=by,
    )
    news.full_clean()
    _history_user(news, by).save()
    return news


@transaction.atomic
def news_publish(*, news, by):
    news = News.objects.select_for_update().get(pk=news.pk)
    if not news.is_published:
        publication_check(
            news.organization,
            {"Заголовок": news.title, "Текст": news.body, "Описание фото": news.picture_alt},
        )
        news.status = News.Status.PUBLISHED
        news.published_at = timezone.now()
        _history_user(news, by).save(update_fields=["status", "published_at", "updated_at"])
        _public_changed(news.organization_id)
    return news


@transaction.atomic
def news_unpublish(*, news, by):
    news = News.objects.select_for_update().get(pk=news.pk)
    if news.is_published:
        news.status = News.Status.DRAFT
        news.published_at = None
        _history_user(news, by).save(update_fields=["status", "published_at", "updated_at"])
        _public_changed(news.organization_id)
    return news


# --- practices ---------------------------------------------------------------


def _locked(practice):
    return Practice.objects.select_for_update().get(pk=practice.pk)


def _transition(practice, allowed, message):
    if practice.status not in allowed:
        raise ValidationError(message.format(status=practice.get_status_display().lower()))


@transaction.atomic
def practice_submit(*, organization, data, by, authors=(), files=()):
    """A practice submitted to the bank (by a mentor, a mentee or staff)."""
    authors = _same_organization(authors, organization, "Авторы")
    practice = Practice(
        organization=organization,
        submitted_by=by,
        submitted_at=timezone.now(),
        status=PracticeStatus.SUBMITTED,
        **data,
    )
    if practice.form_id and practice.form.organization_id != organization.pk:
        raise ValidationError({"form": "Форма наставничества другой организации."})
    practice.full_clean()
    _history_user(practice, by).save()
    practice.author_participants.set(authors)
    attachments_add(owner=practice, files=files, by=by)
    return practice


@transaction.atomic
def practice_update(*, practice, data, by, authors=(), files=()):
    """Edit a practice under consideration or returned; a returned one goes
    back to consideration."""
    practice = _locked(practice)
    _transition(
        practice,
        {PracticeStatus.SUBMITTED, PracticeStatus.RETURNED},
        "Практику в статусе «{status}» изменить нельзя.",
    )
    authors = _same_organization(authors, practice.organization, "Авторы")
    for field, value in data.items():
        setattr(practice, field, value)
    if practice.status == PracticeStatus.RETURNED:
        practice.status = PracticeStatus.SUBMITTED
        practice.submitted_at = timezone.now()
    practice.full_clean()
    _history_user(practice, by).save()
    practice.author_participants.set(authors)
    attachments_add(owner=practice, files=files, by=by)
    return practice


@transaction.atomic
def practice_approve(*, practice, by):
    practice = _locked(practice)
    _transition(
        practice, {PracticeStatus.SUBMITTED}, "Одобрить можно только практику на рассмотрении."
    )
    practice.status = PracticeStatus.APPROVED
    practice.decided_by, practice.decided_at = by, timezone.now()
    practice.return_comment = ""
    _history_user(practice, by).save()
    return practice


@transaction.atomic
def practice_return(*, practice, comment, by):
    practice = _locked(practice)
    comment = (comment or "").strip()
    if not comment:
        raise ValidationError({"comment": "Напишите, что доработать."})
    _transition(
        practice,
        {PracticeStatus.SUBMITTED, PracticeStatus.APPROVED},
        "Практику в статусе «{status}» вернуть нельзя: сначала снимите её с публикации.",
    )
    practice.status = PracticeStatus.RETURNED
    practice.return_comment = comment
    practice.decided_by, practice.decided_at = by, timezone.now()
    practice.municipal_bank, practice.added_to_bank_at = None, None
    _history_user(practice, by).save()
    return practice


@transaction.atomic
def practice_publish(*, practice, by):
    practice = _locked(practice)
    _transition(
        practice, {PracticeStatus.APPROVED}, "Опубликовать можно только одобренную практику."
    )
    publication_check(
        practice.organization,
        {
            "Название": practice.title,
            "Авторы": practice.authors,
            "Описание": practice.description,
            "Результаты": practice.results,
        },
        authors=practice.author_participants.prefetch_related("consents"),
    )
    practice.status = PracticeStatus.PUBLISHED
    practice.published_at = timezone.now()
    _history_user(practice, by).save()
    _public_changed(practice.organization_id)
    return practice


@transaction.atomic
def practice_unpublish(*, practice, by):
    practice = _locked(practice)
    _transition(practice, {PracticeStatus.PUBLISHED}, "Практика не опубликована.")
    practice.status = PracticeStatus.APPROVED
    practice.published_at = None
    _history_user(practice, by).save()
    _public_changed(practice.organization_id)
    return practice


@transaction.atomic
def practice_mark_winner(*, practice, event, winner=True, by):
    """Mark (or unmark) a practice as a winner of the final event."""
    practice = _locked(practice)
    if winner:
        _transition(
            practice,
            {PracticeStatus.APPROVED, PracticeStatus.PUBLISHED},
            "Победителем может быть только одобренная практика.",
        )
        if event is None or event.kind != EventKind.FINAL:
            raise ValidationError("Выберите итоговое мероприятие.")
        if event.organization_id != practice.organization_id:
            raise ValidationError("Итоговое мероприятие другой организации.")
    practice.is_winner = winner
    practice.final_event = event if winner else None
    _history_user(practice, by).save()
    _public_changed(practice.organization_id)
    return practice


@transaction.atomic
def practice_bank_add(*, practice, department, by):
    """The department takes an approved practice of one of its
    organisations into the municipal bank."""
    practice = _locked(practice)
    if practice.organization_id not in Organization.descendant_ids([department.pk]):
        raise ValidationError("Практика не из организации департамента.")
    _transition(
        practice,
        {PracticeStatus.APPROVED, PracticeStatus.PUBLISHED},
        "В муниципальный банк попадают только одобренные практики.",
    )
    practice.municipal_bank = department
    practice.added_to_bank_at = timezone.now()
    _history_user(practice, by).save()
    return practice


@transaction.atomic
def practice_bank_remove(*, practice, department, by):
    practice = _locked(practice)
    if practice.municipal_bank_id == department.pk:
        practice.municipal_bank, practice.added_to_bank_at = None, None
        _history_user(practice, by).save()
    return practice


# --- methodical library ------------------------------------------------------


@transaction.atomic
def material_category_create(*, organization, name, by):
    name = (name or "").strip()
    if organization.material_categories.filter(name__iexact=name).exists():
        raise ValidationError({"name": "Такой раздел уже есть."})
    position = organization.material_categories.count()
    category = MaterialCategory(organization=organization, name=name, position=position)
    category.full_clean()
    category.save()
    return category


@transaction.atomic
def material_save(*, organization, data, by, material=None, upload=None):
    """A file or a link of the library."""
    material = material or Material(organization=organization, created_by=by)
    for field, value in data.items():
        setattr(material, field, value)
    if material.category.organization_id != organization.pk:
        raise ValidationError({"category": "Раздел другой организации."})
    if upload:
        # The new file is checked and stored first; the old one goes only
        # once the new row is committed (a refused file keeps the old one).
        old = material.file.name if material.file else ""
        material.file_name = _store(material, "file", upload, "document")
        if old:
            storage = material.file.storage
            transaction.on_commit(lambda: storage.delete(old))
    if not material.file and not material.url:
        raise ValidationError("Загрузите файл или укажите ссылку.")
    if material.is_public:
        publication_check(
            organization, {"Название": material.title, "Описание": material.description}
        )
    material.full_clean()
    _history_user(material, by).save()
    _public_changed(organization)
    return material


@transaction.atomic
def material_delete(*, material, by):
    if material.file:
        material.file.delete(save=False)
    organization_id = material.organization_id
    _history_user(material, by).delete()
    _public_changed(organization_id)


# --- honour board ------------------------------------------------------------


@transaction.atomic
def award_add(*, participant, data, by):
    if not participant.is_mentor:
        raise ValidationError("Награды записываются наставникам.")
    award = Award(participant=participant, created_by=by, **data)
    award.full_clean()
    _history_user(award, by).save()
    _public_changed(participant.organization_id)
    return award


@transaction.atomic
def award_delete(*, award, by):
    organization_id = award.participant.organization_id
    _history_user(award, by).delete()
    _public_changed(organization_id)


@transaction.atomic
def portrait_set(*, participant, upload, by):
    portrait = Portrait.objects.filter(participant=participant).first() or Portrait(
        participant=participant
    )
    old = portrait.photo.name if portrait.pk else None
    _store(portrait, "photo", upload, "picture")
    portrait.uploaded_by = by
    portrait.save()
    if old:
        portrait.photo.storage.delete(old)
    _public_changed(participant.organization_id)
    return portrait


def honour_board(organization, on_date=None):
    """The public honour board of the organisation: for each mentor with a
    valid consent to publication, only the fields that consent allows
    (art. 10.1, field by field), and their awards when "achievements and
    awards" is allowed. Minors and students are never shown (see
    ``Participant.public_fields``); a withdrawn consent removes the mentor at
    once. A mentor whose name may not be published is left out: an honour
    board entry without a name says nothing. Three queries."""
    on_date = on_date or timezone.localdate()
    mentors = (
        Participant.objects.of(organization)
        .active()
        .mentors()
        .with_valid_consent(ConsentKind.PUBLICATION, on_date)
        .select_related("portrait")
        .prefetch_related(
            Prefetch("consents", Consent.objects.all()),
            Prefetch("awards", Award.objects.order_by("-awarded_on", "-pk")),
        )
    )
    board = []
    for mentor in mentors:
        fields = mentor.public_fields(on_date)
        if "name" not in fields:
            continue
        portrait = getattr(mentor, "portrait", None)
        board.append(
            {
                "id": mentor.pk,
                "name": mentor.full_name,
                "photo_url": (
                    reverse("mentoring:public_file_portrait", args=[mentor.pk])
                    if "photo" in fields and portrait
                    else None
                ),
                "position": mentor.position if "position" in fields else "",
                "subjects": mentor.subject_list if "subjects" in fields else [],
                "achievements": mentor.achievements if "achievements" in fields else "",
                "awards": list(mentor.awards.all()) if "achievements" in fields else [],
                # The subject's conditions and bans are published with the
                # data (ст. 10.1 ч. 10 152-ФЗ; Приказ РКН № 18).
                "conditions": mentor.valid_consent(
                    ConsentKind.PUBLICATION, on_date
                ).publication_conditions,
            }
        )
    return board


def portrait_is_public(participant, on_date=None):
    """Whether the mentor's photo may be shown to anyone now."""
    fields = participant.public_fields(on_date)
    return "name" in fields and "photo" in fields
