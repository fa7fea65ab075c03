"""Mentorships (pairs and groups), personalised programmes, plan items and
meetings. Every write of these models goes through here."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, F, Q
from django.utils import timezone

from ..models import (
    HOLDING_STATUSES,
    ConsentKind,
    Meeting,
    MentoringForm,
    Mentorship,
    MentorshipMember,
    MentorshipStatus,
    MentorStatus,
    Participant,
    PersonalProgram,
    PlanItem,
    ProgramTemplate,
    TargetGroup,
)
from . import STALE_MESSAGE, StaleEditError

Role = MentorshipMember.Role


# --- forms of mentoring ---------------------------------------------------

T = TargetGroup
STANDARD_FORMS = [
    ("Ученик – ученик", [T.SCHOOL_STUDENT], [T.SCHOOL_STUDENT]),
    ("Студент – ученик", [T.COLLEGE_STUDENT], [T.SCHOOL_STUDENT]),
    ("Студент – студент", [T.COLLEGE_STUDENT], [T.COLLEGE_STUDENT]),
    ("Учитель – ученик", [T.TEACHER], [T.SCHOOL_STUDENT, T.COLLEGE_STUDENT]),
    ("Работодатель – ученик", [T.EMPLOYER], [T.SCHOOL_STUDENT]),
    ("Работодатель – студент", [T.EMPLOYER], [T.COLLEGE_STUDENT]),
    ("Учитель – учитель", [T.TEACHER, T.HEAD], [T.TEACHER, T.YOUNG_SPECIALIST]),
    ("Педагог – молодой специалист", [T.TEACHER, T.HEAD], [T.YOUNG_SPECIALIST]),
    ("Руководитель-наставник – молодой руководитель", [T.HEAD], [T.HEAD]),
]


@transaction.atomic
def mentoring_forms_seed(*, organization):
    """Create the standard forms an organisation does not have yet."""
    existing = set(organization.mentoring_forms.values_list("name", flat=True))
    created = []
    for position, (name, mentors, mentees) in enumerate(STANDARD_FORMS):
        if name not in existing:
            created.append(
                MentoringForm.objects.create(
                    organization=organization,
                    name=name,
                    mentor_groups=[str(g) for g in mentors],
                    mentee_groups=[str(g) for g in mentees],
                    position=position,
                )
            )
    return created


@transaction.atomic
def mentoring_form_save(*, organization, data, form=None):
    form = form or MentoringForm(organization=organization)
    for key, value in data.items():
        setattr(form, key, value)
    groups = [*form.mentor_groups, *form.mentee_groups]
    unknown = sorted({str(g) for g in groups} - set(TargetGroup.values))
    if unknown:
        raise ValidationError(f"Неизвестные целевые группы: {', '.join(unknown)}.")
    # An empty list of groups means "any group" (allows_mentor/allows_mentee),
    # but the JSON fields are not blank=True: skip only their blank check.
    form.full_clean(exclude=["mentor_groups", "mentee_groups"])
    form.save()
    return form


# --- capacity and eligibility -------------------------------------------------


def mentor_loads(participant_ids, *, exclude_mentorship=None):
    """{mentor id: mentees in mentorships holding capacity} in one query."""
    mentorships = Mentorship.objects.filter(
        status__in=HOLDING_STATUSES,
        members__participant_id__in=participant_ids,
        members__role__in=[Role.LEAD, Role.CO_MENTOR],
    )
    if exclude_mentorship is not None:
        mentorships = mentorships.exclude(pk=exclude_mentorship.pk)
    rows = (
        MentorshipMember.objects.filter(
            mentorship__in=mentorships,
            role__in=[Role.LEAD, Role.CO_MENTOR],
            participant_id__in=participant_ids,
        )
        .values("participant_id")
        .annotate(
            load=Count(
                "mentorship__members",
                filter=Q(mentorship__members__role=Role.MENTEE),
            )
        )
    )
    return {row["participant_id"]: row["load"] for row in rows}


def _check_people(*, form, mentors, mentees, mentorship=None, on_date=None):
    """Errors (Russian sentences naming the person) for a set of members."""
    on_date = on_date or timezone.localdate()
    errors = []
    if not mentors:
        errors.append("Укажите наставника.")
    if not mentees:
        errors.append("Укажите хотя бы одного наставляемого.")
    ids = [p.pk for p in mentors + mentees]
    if len(ids) != len(set(ids)):
        errors.append("Один и тот же человек указан дважды.")
    for p in mentors:
        if not p.is_mentor:
            errors.append(f"{p.full_name} не входит в банк наставников.")
        elif not form.allows_mentor(p):
            errors.append(
                f"{p.full_name}: целевая группа «{p.get_target_group_display()}» "
                f"не подходит наставнику в форме «{form.name}»."
            )
    for p in mentees:
        if not p.is_mentee:
            errors.append(f"{p.full_name} не входит в банк наставляемых.")
        elif not form.allows_mentee(p):
            errors.append(
                f"{p.full_name}: целевая группа «{p.get_target_group_display()}» "
                f"не подходит наставляемому в форме «{form.name}»."
            )
    for p in mentors + mentees:
        if p.is_anonymized:
            errors.append(f"Данные участника {p.pk} обезличены.")
        elif p.valid_consent(ConsentKind.PROCESSING, on_date) is None:
            withdrawn = p.consents.filter(
                kind=ConsentKind.PROCESSING, withdrawn_on__isnull=False
            ).exists()
            errors.append(
                f"{p.full_name}: согласие на обработку персональных данных "
                + ("отозвано." if withdrawn else "не получено.")
            )
    loads = mentor_loads([p.pk for p in mentors], exclude_mentorship=mentorship)
    for p in mentors:
        free = p.capacity - loads.get(p.pk, 0)
        if free < len(mentees):
            errors.append(
                f"{p.full_name}: свободных мест у наставника {max(free, 0)}, "
                f"а наставляемых в паре или группе {len(mentees)}."
            )
    if errors:
        return errors
    # A mentee in at most one open mentorship of a form.
    busy = (
        MentorshipMember.objects.filter(
            participant__in=mentees,
            role=Role.MENTEE,
            form=form,
            mentorship__status__in=HOLDING_STATUSES,
        )
        .exclude(mentorship=mentorship)
        .select_related("participant")
    )
    for member in busy:
        errors.append(f"{member.participant.full_name} уже в паре или группе формы «{form.name}».")
    return errors


def _lock(participants):
    """Lock the participants' rows so that two proposals cannot both take the
    last free place of a mentor."""
    ids = sorted(p.pk for p in participants)
    return {
        p.pk: p
        for p in Participant.objects.select_for_update()
        .filter(pk__in=ids)
        .order_by("pk")
        .prefetch_related("consents")
    }


# --- mentorships ------------------------------------------------------------


@transaction.atomic
def mentorship_propose(
    *,
    organization,
    form,
    lead_mentor,
    mentees,
    co_mentors=(),
    planned_start=None,
    planned_end=None,
    title="",
    by,
):
    """A new pair or group in status 'proposed', with its programme started
    from the organisation's default template."""
    if form.organization_id != organization.pk:
        raise ValidationError("Форма наставничества другой организации.")
    people = [lead_mentor, *co_mentors, *mentees]
    # A department forms pairs across its organisations (heads of schools:
    # mentoring/department_pairs.py); an organisation only its own.
    allowed = {organization.pk}
    if organization.kind == organization.Kind.DEPARTMENT:
        allowed |= set(organization.descendant_ids([organization.pk]))
    if any(p.organization_id not in allowed for p in people):
        raise ValidationError("Все участники должны быть из вашей организации.")
    locked = _lock(people)
    mentors = [locked[lead_mentor.pk]] + [locked[p.pk] for p in co_mentors]
    mentees = [locked[p.pk] for p in mentees]
    errors = _check_people(form=form, mentors=mentors, mentees=mentees)
    if errors:
        raise ValidationError(errors)
    planned_start = planned_start or timezone.localdate()
    planned_end = planned_end or _academic_year_end(planned_start)
    mentorship = Mentorship(
        organization=organization,
        form=form,
        title=title,
        planned_start=planned_start,
        planned_end=planned_end,
        created_by=by,
    )
    mentorship._history_user = by
    mentorship.full_clean()
    mentorship.save()
    members = [
        MentorshipMember(mentorship=mentorship, participant=mentors[0], role=Role.LEAD, form=form)
    ]
    members += [
        MentorshipMember(mentorship=mentorship, participant=p, role=Role.CO_MENTOR, form=form)
        for p in mentors[1:]
    ]
    members += [
        MentorshipMember(mentorship=mentorship, participant=p, role=Role.MENTEE, form=form)
        for p in mentees
    ]
    MentorshipMember.objects.bulk_create(members)
    program_start(mentorship=mentorship, by=by)
    return mentorship


def _academic_year_end(start):
    """31 May ending the academic year of ``start``; a start in June–August
    (after that day) belongs to the next year's pairs: its 31 May."""
    year = start.year + 1 if start.month >= 6 else start.year
    return datetime.date(year, 5, 31)


def _transition(mentorship, allowed_from, to, *, version=None, by, **fields):
    locked = Mentorship.objects.select_for_update().get(pk=mentorship.pk)
    if version is not None and locked.version != version:
        raise StaleEditError(STALE_MESSAGE)
    if locked.status not in allowed_from:
        raise ValidationError(
            f"Пара или группа в статусе «{locked.get_status_display()}»: действие недоступно."
        )
    locked.status = to
    for key, value in fields.items():
        setattr(locked, key, value)
    locked.version = F("version") + 1
    locked._history_user = by
    locked.save()
    locked.refresh_from_db()
    return locked


@transaction.atomic
def mentorship_agree(*, mentorship, by, version=None):
    """Proposed → agreed: the people agreed; it can go into a pairing order."""
    return _transition(
        mentorship, {MentorshipStatus.PROPOSED}, MentorshipStatus.AGREED, version=version, by=by
    )


@transaction.atomic
def mentorship_update(*, mentorship, data, version, by):
    """Change dates or title of a mentorship not yet active."""
    locked = Mentorship.objects.select_for_update().get(pk=mentorship.pk)
    if locked.version != version:
        raise StaleEditError(STALE_MESSAGE)
    if locked.status not in (MentorshipStatus.PROPOSED, MentorshipStatus.AGREED):
        raise ValidationError("Действующую или завершённую пару изменить нельзя.")
    for key, value in data.items():
        setattr(locked, key, value)
    locked.version = version + 1
    locked._history_user = by
    locked.full_clean(exclude=["version"])
    locked.save()
    return locked


@transaction.atomic
def mentorship_end(*, mentorship, status, reason, by, on_date=None, version=None):
    """Active → completed or terminated (reason, by whom, when). Proposed and
    agreed ones can only be terminated (withdrawn)."""
    if status not in (MentorshipStatus.COMPLETED, MentorshipStatus.TERMINATED):
        raise ValidationError("Неизвестный итог.")
    if status == MentorshipStatus.TERMINATED and not reason.strip():
        raise ValidationError("Укажите причину прекращения.")
    allowed = (
        {MentorshipStatus.ACTIVE}
        if status == MentorshipStatus.COMPLETED
        else {
            MentorshipStatus.PROPOSED,
            MentorshipStatus.AGREED,
            MentorshipStatus.ACTIVE,
            MentorshipStatus.SUSPENDED,
        }
    )
    started = mentorship.activated_on
    if on_date and started and on_date < started:
        raise ValidationError(
            {
                "on_date": f"Дата вне срока пары: пара начата {started:%d.%m.%Y}, "
                f"а дата окончания {on_date:%d.%m.%Y} раньше."
            }
        )
    ended = _transition(
        mentorship,
        allowed,
        status,
        version=version,
        by=by,
        ended_on=on_date or timezone.localdate(),
        end_reason=reason,
        ended_by=by,
    )
    ended.members.update(active=False)
    return ended


def activation_errors(mentorships, on_date=None):
    """Why the mentorships cannot be activated on the date, naming people:
    valid processing consents of everybody and duties consents of mentors;
    withdrawn consent blocks."""
    on_date = on_date or timezone.localdate()
    errors = []
    for mentorship in mentorships:
        label = str(mentorship)
        for member in mentorship.members.all():
            p = member.participant
            if p.is_anonymized:
                errors.append(f"{label}: данные участника {p.pk} обезличены.")
                continue
            if p.valid_consent(ConsentKind.PROCESSING, on_date) is None:
                withdrawn = any(
                    c.kind == ConsentKind.PROCESSING and c.withdrawn_on for c in p.consents.all()
                )
                errors.append(
                    f"{label}: у участника {p.full_name} "
                    + ("отозвано согласие" if withdrawn else "нет согласия")
                    + " на обработку персональных данных."
                )
            if member.is_mentor and p.valid_consent(ConsentKind.DUTIES, on_date) is None:
                errors.append(
                    f"{label}: у наставника {p.full_name} нет согласия "
                    "на выполнение дополнительных обязанностей."
                )
    return errors


# --- personalised programmes ----------------------------------------------

DEFAULT_TEMPLATE = {
    "name": "Типовая программа наставничества на учебный год",
    "goals": (
        "Разносторонняя поддержка наставляемого для успешного закрепления "
        "и развития в профессии (учёбе), раскрытие его потенциала."
    ),
    "tasks": (
        "1. Выявить профессиональные (учебные) затруднения и запросы наставляемого.\n"
        "2. Составить и выполнить план совместной работы.\n"
        "3. Сформировать навыки планирования, самоанализа и рефлексии.\n"
        "4. Подвести итоги и оценить результаты наставничества."
    ),
    "items": [
        {
            "title": "Знакомство, диагностика затруднений и запросов",
            "month": 0,
            "expected_result": "Карта затруднений, согласованные цели",
        },
        {
            "title": "Составление и согласование индивидуального плана",
            "month": 0,
            "expected_result": "Утверждённый план",
        },
        {
            "title": "Взаимное посещение занятий с последующим анализом",
            "month": 2,
            "expected_result": "Анализ занятий, рекомендации",
        },
        {
            "title": "Промежуточная встреча: что получилось, что скорректировать",
            "month": 4,
            "expected_result": "Скорректированный план",
        },
        {
            "title": "Участие наставляемого в методическом или конкурсном мероприятии",
            "month": 6,
            "expected_result": "Выступление, публикация или участие в конкурсе",
        },
        {
            "title": "Итоговая встреча, анкетирование, самоанализ",
            "month": 8,
            "expected_result": "Отчёт о результатах, анкеты «ожидания/результат»",
        },
    ],
}


# Р-145, form "учитель – ученик": a teacher supports a pupil (one who
# struggles, a gifted one, one choosing a profession). The items speak of
# the pupil's study, project and skills, not of lessons to visit.
PUPIL_TEMPLATE = {
    "name": "Программа наставничества «Учитель – ученик»",
    "goals": (
        "Помочь обучающемуся раскрыть свои способности, улучшить результаты в учёбе, "
        "найти интересное направление (проект, олимпиада, профессия) и научиться "
        "планировать свою работу."
    ),
    "tasks": (
        "1. Узнать интересы, трудности в учёбе и цели обучающегося.\n"
        "2. Вместе составить план на полугодие и выполнять его.\n"
        "3. Помочь подготовить проект, исследование или участие в олимпиаде, конкурсе.\n"
        "4. Развить навыки самоорганизации: планирование времени, подготовка к контрольным.\n"
        "5. Подвести итоги: чему обучающийся научился, что дальше."
    ),
    "items": [
        {
            "title": "Знакомство: беседа об интересах, трудностях в учёбе и целях ученика",
            "month": 0,
            "expected_result": "Ученик и наставник договорились о целях",
        },
        {
            "title": "План на полугодие: что ученик хочет научиться делать и к какому сроку",
            "month": 0,
            "expected_result": "План, понятный ученику и родителям",
        },
        {
            "title": "Разбор трудных тем предмета, помощь в подготовке к контрольной работе",
            "month": 1,
            "expected_result": "Темы разобраны, контрольная написана",
        },
        {
            "title": "Выбор темы проекта или исследования, подготовка к олимпиаде или конкурсу",
            "month": 2,
            "expected_result": "Тема выбрана, план проекта составлен",
        },
        {
            "title": "Промежуточная встреча: что получилось, что ученик хочет изменить",
            "month": 4,
            "expected_result": "Скорректированный план",
        },
        {
            "title": "Занятие о том, как учиться: планирование времени, самопроверка",
            "month": 5,
            "expected_result": "Ученик ведёт свой план недели",
        },
        {
            "title": "Защита проекта или участие в олимпиаде, конкурсе, фестивале",
            "month": 7,
            "expected_result": "Выступление ученика, результат участия",
        },
        {
            "title": "Итоговая встреча и анкета ученика «что мне дало наставничество»",
            "month": 8,
            "expected_result": "Анкеты «ожидания/результат», планы на следующий год",
        },
    ],
}
PUPIL_GROUPS = frozenset({TargetGroup.SCHOOL_STUDENT, TargetGroup.COLLEGE_STUDENT})


@transaction.atomic
def program_template_for(mentorship):
    """The template a new mentorship's programme starts from: the pupil
    template (created on first use) when the form's mentees are pupils and
    its mentors teachers, else the organisation's default template."""
    form = mentorship.form
    mentees_are_pupils = bool(form.mentee_groups) and set(form.mentee_groups) <= PUPIL_GROUPS
    mentors_are_teachers = TargetGroup.TEACHER in (form.mentor_groups or [TargetGroup.TEACHER])
    if mentees_are_pupils and mentors_are_teachers:
        template, _ = ProgramTemplate.objects.get_or_create(
            organization=mentorship.organization,
            name=PUPIL_TEMPLATE["name"],
            defaults={k: v for k, v in PUPIL_TEMPLATE.items() if k != "name"},
        )
        return template
    return program_template_default(organization=mentorship.organization)


def _add_months(day, months):
    """The same day ``months`` later (dateutil's calendar arithmetic): the
    30th stays the 30th, and a day missing from the target month becomes
    its last day (31.01 + 1 month = 28.02 or 29.02)."""
    from dateutil.relativedelta import relativedelta

    return day + relativedelta(months=months)


@transaction.atomic
def program_template_default(*, organization):
    template = ProgramTemplate.objects.filter(organization=organization, is_default=True).first()
    if template is None:
        template = ProgramTemplate.objects.create(
            organization=organization, is_default=True, **DEFAULT_TEMPLATE
        )
    return template


@transaction.atomic
def program_start(*, mentorship, by, template=None):
    """Create the mentorship's programme from the template (the default one
    unless given). Idempotent: an existing programme is returned as is."""
    existing = PersonalProgram.objects.filter(mentorship=mentorship).first()
    if existing:
        return existing
    template = template or program_template_for(mentorship)
    program = PersonalProgram(mentorship=mentorship, goals=template.goals, tasks=template.tasks)
    program._history_user = by
    program.save()
    lead = (
        MentorshipMember.objects.filter(mentorship=mentorship, role=Role.LEAD)
        .select_related("participant")
        .first()
    )
    items = []
    for position, item in enumerate(template.items, start=1):
        due = _add_months(mentorship.planned_start, int(item.get("month", 0)) + 1)
        due = min(due, mentorship.planned_end)
        # A template's month may point before the start (a negative month):
        # the item never leaves the pair's planned period.
        due = max(due, mentorship.planned_start)
        start = min(_add_months(mentorship.planned_start, int(item.get("month", 0))), due)
        start = max(start, mentorship.planned_start)
        items.append(
            PlanItem(
                program=program,
                position=position,
                title=item["title"],
                starts_on=start,
                due_on=due,
                responsible=lead.participant.short_name if lead else "",
                expected_result=item.get("expected_result", ""),
            )
        )
    PlanItem.objects.bulk_create(items)
    return program


SUSPENDED_MESSAGE = (
    "Пара приостановлена: участник отозвал согласие на обработку персональных данных. "
    "Изменения не сохранены; решение о паре принимает директор приказом."
)


def _refuse_suspended(mentorship_id):
    status = Mentorship.objects.filter(pk=mentorship_id).values_list("status", flat=True).first()
    if status == MentorshipStatus.SUSPENDED:
        raise ValidationError(SUSPENDED_MESSAGE)


@transaction.atomic
def program_update(*, program, data, version, by):
    _refuse_suspended(program.mentorship_id)
    locked = PersonalProgram.objects.select_for_update().get(pk=program.pk)
    if locked.version != version:
        raise StaleEditError(STALE_MESSAGE)
    for key, value in data.items():
        setattr(locked, key, value)
    locked.version = version + 1
    locked._history_user = by
    locked.full_clean(exclude=["version"])
    locked.save()
    return locked


@transaction.atomic
def plan_item_save(*, program, data, by, item=None, version=None):
    """Create an item, or update one when the version the user saw is still
    current (two people editing one item: the second gets a conflict)."""
    _refuse_suspended(program.mentorship_id)
    if item is None:
        item = PlanItem(program=program)
        item.position = (program.items.count() or 0) + 1
    else:
        item = PlanItem.objects.select_for_update().get(pk=item.pk, program=program)
        if version is not None and item.version != version:
            raise StaleEditError(STALE_MESSAGE)
        item.version += 1
    _check_plan_dates(program.mentorship, item, data)
    for key, value in data.items():
        setattr(item, key, value)
    if item.status == PlanItem.Status.DONE and not item.done_on:
        item.done_on = timezone.localdate()
    if item.status != PlanItem.Status.DONE:
        item.done_on = None
    item._history_user = by
    item.full_clean(exclude=["version"])
    item.save()
    return item


def _check_plan_dates(mentorship, item, data):
    """A plan item's dates lie within the pair's planned period. Only a
    changed date is checked: an item whose dates were right when written
    stays editable (its status, its result) after the pair's dates moved."""
    errors = {}
    for field in ("starts_on", "due_on"):
        if field not in data or (item.pk and data[field] == getattr(item, field)):
            continue
        error = mentorship.plan_date_error(data[field])
        if error:
            errors[field] = error
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def plan_item_delete(*, item, by):
    _refuse_suspended(item.program.mentorship_id)
    item._history_user = by
    item.delete()


@transaction.atomic
def plan_item_evidence_set(*, item, evidence, by):
    """Attach a file or photo confirming a plan item, replacing the one it
    had; ``evidence=None`` removes it. The content is checked first
    (uploads.validate_upload: PDF, JPEG or PNG; ValidationError with a
    Russian message, nothing changed). The file it replaces is deleted from
    storage after the commit; the item's history keeps who changed it when.
    Raises ValidationError for a suspended or closed pair."""
    from ..uploads import validate_upload

    mentorship = item.program.mentorship
    _refuse_suspended(mentorship.pk)
    if mentorship.status not in HOLDING_STATUSES:
        raise ValidationError("Подтверждения добавляются только в открытых парах.")
    checked = validate_upload(evidence) if evidence else None
    item = PlanItem.objects.select_for_update().get(pk=item.pk)
    old = item.evidence.name
    if checked:
        item.evidence.save(checked.filename, evidence, save=False)
    else:
        item.evidence = ""
    item.version += 1
    item._history_user = by
    item.save(update_fields=["evidence", "version"])
    if old and old != item.evidence.name:
        storage = item.evidence.storage
        transaction.on_commit(lambda: storage.delete(old))
    return item


@transaction.atomic
def _attach_evidence(meeting, evidence):
    """Check the uploaded file's content (PDF, JPEG or PNG) and store it."""
    from ..uploads import validate_upload

    if not evidence:
        return
    checked = validate_upload(evidence)
    meeting.evidence.save(checked.filename, evidence, save=False)


def meeting_log(*, mentorship, data, attendees, by, evidence=None):
    if mentorship.status == MentorshipStatus.SUSPENDED:
        raise ValidationError(SUSPENDED_MESSAGE)
    if mentorship.status not in (MentorshipStatus.ACTIVE, MentorshipStatus.AGREED):
        raise ValidationError("Встречи отмечаются в согласованных и действующих парах.")
    _check_meeting(mentorship, data, attendees)
    meeting = Meeting(mentorship=mentorship, created_by=by, **data)
    _attach_evidence(meeting, evidence)
    meeting.full_clean()
    meeting._history_user = by
    meeting.save()
    meeting.attendees.set(attendees)
    return meeting


def _check_meeting(mentorship, data, attendees):
    error = mentorship.meeting_date_error(data["held_on"])
    if error:
        raise ValidationError({"held_on": error})
    member_ids = set(mentorship.members.values_list("participant_id", flat=True))
    if any(p.pk not in member_ids for p in attendees):
        raise ValidationError("Отметить можно только участников этой пары или группы.")


@transaction.atomic
def meeting_update(*, meeting, data, attendees, by, evidence=None, version=None):
    """Correct a logged meeting (a typo in the date or topic); the change
    is kept in the meeting's history (simple-history). ``version`` is the
    one the user saw: a colleague's correction in between raises
    StaleEditError. ``evidence`` None keeps the file the meeting has."""
    mentorship = meeting.mentorship
    if mentorship.status not in (MentorshipStatus.ACTIVE, MentorshipStatus.AGREED):
        raise ValidationError("Встречи завершённой пары не изменяются.")
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if version is not None and meeting.version != version:
        raise StaleEditError(STALE_MESSAGE)
    meeting.version += 1
    _check_meeting(mentorship, data, attendees)
    for field, value in data.items():
        setattr(meeting, field, value)
    _attach_evidence(meeting, evidence)
    meeting.full_clean()
    meeting._history_user = by
    meeting.save()
    meeting.attendees.set(attendees)
    return meeting


@transaction.atomic
def meeting_delete(*, meeting, by):
    """Remove a meeting logged by mistake; the deletion stays in the history
    (who and when), so the reports' counts can be explained."""
    if meeting.mentorship.status not in (MentorshipStatus.ACTIVE, MentorshipStatus.AGREED):
        raise ValidationError("Встречи завершённой пары не удаляются.")
    meeting._history_user = by
    meeting.delete()


def mentees_without_mentor(organization):
    """Mentees in the bank who are in no open mentorship: they need
    psychological and pedagogical support and a continued search."""
    busy = MentorshipMember.objects.filter(
        role=Role.MENTEE, mentorship__status__in=HOLDING_STATUSES
    ).values("participant_id")
    return (
        Participant.objects.of(organization)
        .active()
        .mentees()
        .exclude(pk__in=busy)
        .with_consent_state()
    )


def approved_mentors(organization):
    return (
        Participant.objects.of(organization)
        .active()
        .mentors()
        .filter(mentor_status=MentorStatus.APPROVED)
    )
