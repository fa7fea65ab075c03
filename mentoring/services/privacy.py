"""The life cycle of a person's data after consent: withdrawal stops the
processing at once, destruction reaches every copy the registry knows of,
and an act proves it.

- ``processing_stop`` (ст. 21 ч. 5 152-ФЗ): called when a processing consent
  is withdrawn: active pairs suspended, unapproved pairs withdrawn, a draft
  change order for the director, the person off the public pages.
- ``participant_destroy``: deletes the subject's rows, files and history
  rows from every place in ``mentoring.personal_data``, cuts their name and
  e-mail out of other rows' free text, and writes the act of destruction
  (Приказ РКН № 179) *before* the name is gone.
- ``personal_data_purge``: the nightly run (``manage.py purge_withdrawn``):
  everybody due — 30 days after a withdrawal, or the organisation's
  retention after the purpose is reached — one person per transaction under
  a row lock taken with SKIP LOCKED, so two servers running it at once
  destroy each person once and write one act.
"""

import datetime
import hashlib
import logging

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Exists, Max, OuterRef, Q, Subquery
from django.utils import timezone

from .. import namesearch
from ..models import (
    HOLDING_STATUSES,
    PURGE_AFTER_DAYS,
    AuditEvent,
    Consent,
    ConsentKind,
    DestructionAct,
    Mentorship,
    MentorshipStatus,
    Order,
    OrderKind,
    OrderStatus,
    Participant,
    Role,
)
from ..personal_data import places, registry
from ..public_cache import public_cache_bump

logger = logging.getLogger(__name__)

REMOVED = "[данные удалены]"
INFORMATION_SYSTEM = "Информационная система «Наставничество» (учёт программы наставничества)"


class PurgeIncomplete(Exception):
    """The nightly run destroyed some people but not all: ``acts`` are the
    DestructionActs written, ``failures`` a list of ``(participant_id,
    message)`` still holding data (they stay due and overdue on the
    director's home page until the cause is fixed)."""

    def __init__(self, acts, failures):
        self.acts, self.failures = acts, failures
        super().__init__(f"{len(failures)} destruction(s) failed")


# --- Withdrawal ---------------------------------------------------------------------


@transaction.atomic
def processing_stop(*, participant, by=None, on_date=None):
    """Stop processing the person at once (152-ФЗ ст. 21 ч. 5): active pairs
    and groups with them become «Приостановлена», proposed and agreed ones
    are withdrawn, and a draft order «Об изменении или прекращении…» listing
    the suspended ones is prepared for the director (or the existing draft
    is extended). Returns ``{"suspended": [...], "withdrawn": [...],
    "order": Order | None}``. Meetings, plan edits, survey links and
    mailings check ``Participant.can_be_processed`` and the suspended
    status, so nothing new involves the person from now on."""
    from simple_history.utils import bulk_update_with_history

    on_date = on_date or timezone.localdate()
    mentorships = list(
        Mentorship.objects.select_for_update()
        .filter(
            pk__in=Mentorship.objects.filter(members__participant=participant).values("pk"),
            status__in=HOLDING_STATUSES,
        )
        .order_by("pk")
    )
    suspended, withdrawn = [], []
    for m in mentorships:
        if m.status == MentorshipStatus.ACTIVE:
            m.status = MentorshipStatus.SUSPENDED
            suspended.append(m)
        elif m.status in (MentorshipStatus.PROPOSED, MentorshipStatus.AGREED):
            m.status = MentorshipStatus.TERMINATED
            m.ended_on, m.ended_by = on_date, by
            m.end_reason = "Отзыв согласия на обработку персональных данных участником"
            withdrawn.append(m)
        m.version += 1
    changed = suspended + withdrawn
    if changed:
        bulk_update_with_history(
            changed,
            Mentorship,
            ["status", "ended_on", "ended_by", "end_reason", "version"],
            default_user=by,
            default_change_reason="Отзыв согласия на обработку",
        )
    if withdrawn:
        from ..models import MentorshipMember

        MentorshipMember.objects.filter(mentorship__in=withdrawn).update(active=False)
    order = None
    if suspended:
        order = _change_order_draft(participant.organization, suspended, by)
    public_cache_bump(participant.organization_id)
    return {"suspended": suspended, "withdrawn": withdrawn, "order": order}


def _change_order_draft(organization, mentorships, by):
    """The open draft change order of the organisation, extended with the
    mentorships, or a new one. The director decides: end the pairs or
    re-form them (a pair re-formed without the person goes into a new
    pairing order)."""
    from .orders import order_create, order_defaults

    draft = (
        Order.objects.select_for_update()
        .filter(
            organization=organization,
            kind=OrderKind.CHANGE,
            status__in=(OrderStatus.DRAFT, OrderStatus.RETURNED),
        )
        .order_by("pk")
        .first()
    )
    if draft is not None:
        draft.mentorships.add(*mentorships)
        return draft
    data = order_defaults(OrderKind.CHANGE)
    data["preamble"] = (
        "В соответствии с Положением о наставничестве, в связи с отзывом согласия на "
        "обработку персональных данных (часть 5 статьи 21 Федерального закона "
        "от 27.07.2006 № 152-ФЗ «О персональных данных»)"
    )
    return order_create(
        organization=organization, kind=OrderKind.CHANGE, data=data, mentorships=mentorships, by=by
    )


def withdrawal_tasks(organization, today=None):
    """The methodist's task list: per person whose processing consent is
    withdrawn and whose data is not destroyed yet, what is still to do.
    Returns a list of ``{"participant", "withdrawn_on", "destroy_by",
    "tasks": [str]}`` ordered by the deadline; a fixed number of queries."""
    today = today or timezone.localdate()
    people = list(
        withdrawn_participants()
        .filter(organization=organization)
        .prefetch_related("memberships_in_mentorships__mentorship")
        .order_by("last_withdrawn", "pk")
    )
    drafts = set(
        Order.objects.filter(
            organization=organization,
            kind=OrderKind.CHANGE,
            status__in=(OrderStatus.DRAFT, OrderStatus.RETURNED, OrderStatus.SUBMITTED),
        ).values_list("mentorships", flat=True)
    )
    rows = []
    for p in people:
        tasks = []
        for member in p.memberships_in_mentorships.all():
            m = member.mentorship
            if m.status == MentorshipStatus.SUSPENDED:
                if m.pk in drafts:
                    tasks.append(
                        f"Пара (группа) № {m.pk} приостановлена: проект приказа о прекращении "
                        "— на подпись директору"
                    )
                else:
                    tasks.append(
                        f"Пара (группа) № {m.pk} приостановлена: подготовить приказ о прекращении"
                    )
        tasks.append("Изъять бумажный экземпляр согласия и уничтожить его по акту")
        tasks.append("Проверить публикации на сайте вне системы (соцсети, стенды)")
        destroy_by = p.last_withdrawn + datetime.timedelta(days=PURGE_AFTER_DAYS)
        rows.append(
            {
                "participant": p,
                "withdrawn_on": p.last_withdrawn,
                "destroy_by": destroy_by,
                "overdue": destroy_by < today,
                "tasks": tasks,
            }
        )
    return rows


# --- Who is due ---------------------------------------------------------------------


def withdrawn_participants():
    """Participants whose processing consent is withdrawn and none is in
    force, annotated with ``last_withdrawn``."""
    # Driven by the withdrawn consents (few, a partial index) rather than by
    # a join of every participant with every consent grouped per person:
    # the methodist's home page asks this on each visit (issue 18: 100 ms →
    # ~1 ms at 10 000 participants on PostgreSQL).
    in_force = Consent.objects.filter(
        participant=OuterRef("pk"), kind=ConsentKind.PROCESSING, withdrawn_on__isnull=True
    )
    withdrawn = Consent.objects.filter(
        participant=OuterRef("pk"), kind=ConsentKind.PROCESSING, withdrawn_on__isnull=False
    )
    return (
        Participant.objects.filter(Exists(withdrawn))
        .exclude(Exists(in_force))
        .annotate(
            last_withdrawn=Subquery(withdrawn.order_by("-withdrawn_on").values("withdrawn_on")[:1])
        )
    )


def _purpose_reached():
    """Participants who left the organisation (``left_on``) and are in no
    open pair: their data is kept ``Organization.retention_days`` more."""
    open_pairs = Mentorship.objects.filter(
        members__participant=OuterRef("pk"), status__in=HOLDING_STATUSES
    )
    last_end = Mentorship.objects.filter(members__participant=OuterRef("pk")).order_by("-ended_on")
    return (
        Participant.objects.filter(left_on__isnull=False)
        .exclude(Exists(open_pairs))
        .annotate(last_end=last_end.values("ended_on")[:1])
    )


def _purpose_deadline(participant):
    start = max(d for d in (participant.left_on, participant.last_end) if d is not None)
    return start + datetime.timedelta(days=participant.organization.retention_days)


def destruction_due(today=None, organization=None):
    """Everybody whose data must be destroyed by ``today``: a list of
    ``(participant_id, reason, reason_date, deadline)``. Catches up: a
    deadline missed on earlier nights is still due."""
    today = today or timezone.localdate()
    due = {}
    cutoff = today - datetime.timedelta(days=PURGE_AFTER_DAYS)
    withdrawn = withdrawn_participants().filter(last_withdrawn__lte=cutoff)
    if organization is not None:
        withdrawn = withdrawn.filter(organization=organization)
    for pk, day in withdrawn.values_list("pk", "last_withdrawn"):
        due[pk] = (pk, DestructionAct.Reason.WITHDRAWN, day, day + datetime.timedelta(days=30))
    left = _purpose_reached().select_related("organization")
    if organization is not None:
        left = left.filter(organization=organization)
    for p in left:
        deadline = _purpose_deadline(p)
        if deadline <= today and p.pk not in due:
            due[p.pk] = (p.pk, DestructionAct.Reason.PURPOSE, p.left_on, deadline)
    return sorted(due.values())


def destruction_overdue(organization, today=None):
    """People of the organisation whose destruction deadline has passed
    (the nightly run was missed or failed): shown to the director on the
    home page. A list of ``{"participant", "deadline", "reason"}``."""
    today = today or timezone.localdate()
    late = [row for row in destruction_due(today, organization) if row[3] < today]
    people = Participant.objects.in_bulk([row[0] for row in late])
    return [
        {
            "participant": people[pk],
            "deadline": deadline,
            "reason": DestructionAct.Reason(reason).label,
        }
        for pk, reason, _day, deadline in late
        if pk in people
    ]


# --- Destruction ----------------------------------------------------------------


def _history_model(model):
    manager = getattr(model, "history", None)
    return getattr(manager, "model", None)


def _files_of(queryset, place):
    names = []
    if not place.files:
        return names
    for values in queryset.values_list(*place.files):
        names.extend(v for v in values if v)
    history = _history_model(place.model)
    if history is not None:
        ids = list(queryset.values_list("pk", flat=True))
        for values in history.objects.filter(id__in=ids).values_list(*place.files):
            names.extend(v for v in values if v)
    return names


def _scrub_mentions(place, participant, emails, extra):
    """Cut the subject's name forms and e-mail out of the place's free text
    in rows of the organisation (and their history rows). Returns the
    number of rows changed."""
    model = place.model
    targets = [model]
    history = _history_model(model)
    if history is not None:
        targets.append(history)
    stems = namesearch.surname_stems(participant.last_name)
    changed = 0
    for target in targets:
        queryset = target._default_manager.all()
        if place.organization:
            queryset = queryset.filter(**{place.organization: participant.organization_id})
        match = Q()
        for name in place.mentions:
            for needle in [*stems, *emails]:
                if needle:
                    match |= Q(**{f"{name}__icontains": needle})
        pk_name = "history_id" if target is history else "pk"
        for row in queryset.filter(match).values(pk_name, *place.mentions):
            updates = {}
            for name in place.mentions:
                new, did = namesearch.scrub(
                    row[name],
                    REMOVED,
                    last_name=participant.last_name,
                    emails=emails,
                    extra=extra,
                )
                if did:
                    updates[name] = new[: target._meta.get_field(name).max_length or None]
            if updates:
                # Queryset update: approved orders refuse save(), and the
                # cleaning itself must leave no history row with the name.
                target._default_manager.filter(**{pk_name: row[pk_name]}).update(**updates)
                changed += 1
    return changed


def _categories(participant):
    """The categories the registry finds for the subject, with counts."""
    found = []
    for place in places():
        queryset = place.subject_rows(participant)
        if queryset is None:
            continue
        count = queryset.count()
        if count:
            found.append({"category": place.category, "records": count, "model": place.label})
    return found


def _next_act_number(organization):
    from ..models import Organization

    Organization.objects.select_for_update().get(pk=organization.pk)
    last = DestructionAct.objects.filter(organization=organization).aggregate(m=Max("number"))
    return (last["m"] or 0) + 1


def _destroyers(organization, by):
    if by is not None:
        return by.full_name or by.get_username()
    from ..models import Membership

    director = (
        Membership.objects.filter(organization=organization, role=Role.DIRECTOR)
        .select_related("user")
        .order_by("pk")
        .first()
    )
    name = director.user.full_name if director else ""
    return f"Автоматически по расписанию; ответственный: директор {name}".strip()


def _act_write(*, participant, reason, reason_date, categories, by, now):
    """Render the act and the journal extract (Приказ РКН № 179, п. 3 and
    п. 4) while the subject's name still exists, and store both."""
    from ..pdf import render_pdf

    organization = participant.organization
    number = _next_act_number(organization)
    journal = [
        {
            "at": now.isoformat(),
            "subject": participant.full_name,
            "category": row["category"],
            "records": row["records"],
            "system": INFORMATION_SYSTEM,
            "reason": DestructionAct.Reason(reason).label,
        }
        for row in categories
    ]
    act = DestructionAct(
        organization=organization,
        number=number,
        subject_name=participant.full_name,
        subject_ref=participant.pk,
        reason=reason,
        reason_date=reason_date,
        categories=categories,
        journal=journal,
        destroyed_at=now,
        destroyed_by=_destroyers(organization, by),
        keep_until=DestructionAct.keep_until_for(now.date()),
    )
    pdf = render_pdf(
        "pdf/destruction_act.html",
        {"act": act, "org": organization, "system": INFORMATION_SYSTEM, "by": by},
    )
    act.sha256 = hashlib.sha256(pdf).hexdigest()
    act.pdf.save(f"akt-{organization.pk}-{number}.pdf", ContentFile(pdf), save=False)
    stored = act.pdf.name
    try:
        with transaction.atomic():
            act.save()
    except IntegrityError:
        act.pdf.storage.delete(stored)
        raise
    return act


def participant_destroy(*, participant, reason, reason_date, by=None):
    """Destroy everything the registry knows about the person and write the
    act. Runs inside the caller's transaction, which holds the person's row
    lock. Approved orders and their frozen PDFs stay unchanged (archival
    documents, 152-ФЗ ст. 6 ч. 1 п. 2); the act is the other exception.
    Files are deleted after the commit (a file cannot be rolled back).
    Returns the DestructionAct. Raises IntegrityError when another run has
    already written this person's act."""
    from .orders import order_freeze

    now = timezone.now()
    # An approved order naming them must be frozen before anything changes.
    for order in Order.objects.filter(
        status=OrderStatus.APPROVED,
        frozen_pdf="",
        mentorships__members__participant=participant,
    ).distinct():
        order_freeze(order=order)
    categories = _categories(participant)
    act = _act_write(
        participant=participant,
        reason=reason,
        reason_date=reason_date,
        categories=categories,
        by=by,
        now=now,
    )
    try:
        return _destroy_rows(participant, act, categories, reason, by)
    except BaseException:
        # The act's file names the subject and is on disk already; the rows
        # roll back, the file must go too.
        act.pdf.storage.delete(act.pdf.name)
        raise


def _destroy_rows(participant, act, categories, reason, by):
    organization = participant.organization
    user = participant.user
    emails = sorted(
        {e for e in (participant.email, user.email if user else "") if e}, key=str.lower
    )
    extra = [participant.full_name, participant.phone, participant.representative_name]
    if user is not None:
        extra.append(user.get_username())
    extra = [e for e in extra if e and len(e) >= 4]

    files = []
    histories = []
    ordered = sorted(
        places(), key=lambda p: (p.label == "mentoring.Participant", p.label == "mentoring.User")
    )
    # Every place's rows are found before anything is deleted: some are
    # found through others (a sole mentee's meetings and plan items through
    # their membership of the pair), which would be gone otherwise.
    found = []
    for place in ordered:
        if place.user:
            continue
        queryset = place.subject_rows(participant)
        if queryset is None:
            continue
        ids = list(queryset.values_list("pk", flat=True))
        files.extend(_files_of(place.model._default_manager.filter(pk__in=ids), place))
        history = _history_model(place.model)
        if history is not None and ids:
            # Deleting a row writes one more history row ("-"): the
            # history goes last, after every delete below.
            histories.append((history, ids))
        found.append((place, ids))
    # Rows first (children before the person, the account last)...
    for place, ids in found:
        if place.label in ("mentoring.Participant", "mentoring.User"):
            continue
        place.model._default_manager.filter(pk__in=ids).delete()
    # ...then the texts of others that name them, while the name is known...
    for place in places():
        if place.mentions:
            _scrub_mentions(place, participant, emails, extra)
    # ...then the person and their account.
    account_ids = list(
        registry.places["mentoring.User"].subject_rows(participant).values_list("pk", flat=True)
    )
    Participant.objects.filter(pk=participant.pk).delete()
    if account_ids:
        from ..models import User

        User.objects.filter(pk__in=account_ids).delete()
    for history, ids in histories:
        history.objects.filter(id__in=ids).delete()

    AuditEvent.objects.create(
        organization=organization,
        action=AuditEvent.Action.DESTROY,
        participant_id_ref=participant.pk,
        actor=by,
        details={
            "act": act.number,
            "reason": reason,
            "categories": [row["model"] for row in categories],
            "files_deleted": len(files),
        },
    )
    public_cache_bump(organization.pk)

    def delete_files():
        from django.core.files.storage import default_storage

        for name in files:
            default_storage.delete(name)

    transaction.on_commit(delete_files)
    return act


def personal_data_purge(*, today=None, by=None, dry_run=False):
    """The nightly destruction run. Destroys everybody due (see
    ``destruction_due``), one person per transaction, locking the person's
    row with SKIP LOCKED: a person another server is destroying right now
    is skipped, and once that commits the row is gone. Idempotent; catches
    up on missed nights. Returns the list of DestructionActs written (with
    ``dry_run``, the list of participant ids due, nothing changed). A person
    whose destruction fails is rolled back alone, the run goes on, and
    PurgeIncomplete is raised at the end with the acts written and the
    failures (nothing is passed off as destroyed)."""
    today = today or timezone.localdate()
    due = destruction_due(today)
    if dry_run:
        return [row[0] for row in due]
    acts, failures = [], []
    for pk, reason, reason_date, _deadline in due:
        with transaction.atomic():
            participant = (
                Participant.objects.select_for_update(skip_locked=True, of=("self",))
                .select_related("organization", "user")
                .filter(pk=pk)
                .first()
            )
            if participant is None:
                continue
            # Re-check under the lock: a new consent may have come meanwhile.
            if not any(row[0] == pk for row in destruction_due(today, participant.organization)):
                continue
            try:
                with transaction.atomic():
                    acts.append(
                        participant_destroy(
                            participant=participant,
                            reason=reason,
                            reason_date=reason_date,
                            by=by,
                        )
                    )
            except Exception as error:
                # Only the act's own uniqueness means another run destroyed
                # them; anything else (ProtectedError is an IntegrityError
                # too) is a failure to report, and the others go on.
                if (
                    isinstance(error, IntegrityError)
                    and DestructionAct.objects.filter(subject_ref=pk).exists()
                ):
                    continue
                logger.exception("Destruction of participant %s failed", pk)
                failures.append((pk, str(error)))
    if failures:
        raise PurgeIncomplete(acts, failures)
    return acts


def participant_mark_left(*, participant, on_date, by=None):
    """Record that the person left the organisation: the purpose of
    processing is reached (ст. 21 ч. 4), and the data is destroyed after the
    organisation's retention period."""
    if on_date is None:
        raise ValidationError({"left_on": "Укажите дату выбытия."})
    if on_date > timezone.localdate():
        raise ValidationError({"left_on": "Дата выбытия не может быть позже сегодняшней."})
    participant.left_on = on_date
    if by is not None:
        participant._history_user = by
    participant.save(update_fields=["left_on"])
    return participant
