"""Orders: drafting, submission, the director's decision. Approving a
pairing order activates its mentorships in the same transaction."""

import hashlib
import re

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Max, Prefetch
from django.urls import reverse
from django.utils import timezone
from simple_history.utils import bulk_update_with_history

from ..models import (
    MENTORSHIP_KINDS,
    Consent,
    Membership,
    Mentorship,
    MentorshipMember,
    MentorshipStatus,
    Order,
    OrderKind,
    OrderStatus,
    Organization,
    Participant,
)
from ..notifications import _stamp
from ..orderkinds import approval_effects, spec_for
from . import STALE_MESSAGE, StaleEditError
from .mentorships import activation_errors
from .notifications import notify_now


def order_defaults(kind):
    """The default texts of a kind (mentoring.orderkinds): title, preamble
    citing the acts, points, appendix title. ``KeyError`` for an unknown kind."""
    spec = spec_for(kind)
    return {
        "title": spec.title,
        "preamble": spec.preamble,
        "points": list(spec.points),
        "appendix_title": spec.appendix_title,
    }


def _staff_names(organization, user_ids):
    """{user_id: (short name, position)} of the organisation's members."""
    rows = Membership.objects.filter(
        organization=organization, user_id__in=user_ids
    ).select_related("user")
    return {
        m.user_id: (m.user.short_name, m.position or m.get_role_display().lower()) for m in rows
    }


def _clean_assignments(organization, assignments, points):
    """Responsible persons and deadlines of points, names copied from the
    organisation's staff. Each item: {"point": n, "user_id": id, "deadline":
    "YYYY-MM-DD" or ""}. Raises ValidationError naming the bad row."""
    import datetime

    raw = [a for a in (assignments or []) if a and a.get("user_id")]
    names = _staff_names(organization, [a["user_id"] for a in raw])
    cleaned = []
    for a in raw:
        point = int(a.get("point") or 0)
        if not 1 <= point <= len(points):
            raise ValidationError(f"В приказе нет пункта {point}: проверьте ответственных.")
        if int(a["user_id"]) not in names:
            raise ValidationError("Ответственный должен быть работником организации.")
        deadline = a.get("deadline") or ""
        if deadline and not isinstance(deadline, str):
            deadline = deadline.isoformat()
        if deadline:
            try:
                datetime.date.fromisoformat(deadline)
            except ValueError:
                raise ValidationError(f"Срок по пункту {point}: дата ДД.ММ.ГГГГ.") from None
        name, position = names[int(a["user_id"])]
        if any(c["point"] == point and c["user_id"] == int(a["user_id"]) for c in cleaned):
            raise ValidationError(f"{name} указан(а) ответственным по пункту {point} дважды.")
        cleaned.append(
            {
                "point": point,
                "user_id": int(a["user_id"]),
                "name": name,
                "position": position,
                "deadline": deadline,
            }
        )
    cleaned.sort(key=lambda a: a["point"])
    return cleaned


def final_event_date_problem(day, today=None):
    """Why ``day`` cannot be the date of the final event (a Russian message
    for the order form), or "": it lies in the current academic year or
    within a year from today."""
    from ..indicators import academic_year_start

    today = today or timezone.localdate()
    start = academic_year_start(today)
    if day < start:
        return (
            f"Дата итогового мероприятия {day:%d.%m.%Y} — раньше начала текущего "
            f"учебного года ({start:%d.%m.%Y}). Укажите дату этого учебного года."
        )
    latest = (
        today.replace(year=today.year + 1)
        if (today.month, today.day) != (2, 29)
        else (today.replace(year=today.year + 1, day=28))
    )
    if day > latest:
        return (
            f"Дата итогового мероприятия {day:%d.%m.%Y} — больше чем через год "
            f"от сегодняшнего дня. Укажите дату не позднее {latest:%d.%m.%Y}."
        )
    return ""


def _clean_details(organization, kind, details):
    """Award: mentors of the organisation with their award; final event: date,
    place, programme and commission (staff). Names are copied."""
    import datetime

    spec = spec_for(kind)
    details = dict(details or {})
    if spec.details == "award":
        ids = [
            int(a["participant_id"]) for a in details.get("awards", []) if a.get("participant_id")
        ]
        people = {
            p.pk: p
            for p in Participant.objects.filter(
                organization=organization, pk__in=ids, is_mentor=True
            )
        }
        awards = []
        for a in details.get("awards", []):
            if not a.get("participant_id"):
                continue
            person = people.get(int(a["participant_id"]))
            if person is None:
                raise ValidationError("Поощрить можно только наставника своей организации.")
            if any(seen["participant_id"] == person.pk for seen in awards):
                raise ValidationError(
                    f"{person.full_name} указан(а) в списке поощряемых дважды: "
                    "оставьте одну строку с видом поощрения."
                )
            awards.append(
                {
                    "participant_id": person.pk,
                    "name": person.full_name,
                    "position": person.position,
                    "award": (a.get("award") or "Объявить благодарность").strip(),
                }
            )
        return {"awards": awards}
    if spec.details == "final_event":
        when = details.get("date") or ""
        if when and not isinstance(when, str):
            when = when.isoformat()
        if when:
            problem = final_event_date_problem(datetime.date.fromisoformat(when))
            if problem:
                raise ValidationError(problem)
        # A member listed twice is listed once (the order of the list kept).
        commission_ids = list(
            dict.fromkeys(int(i) for i in details.get("commission_ids", []) or [])
        )
        names = _staff_names(organization, commission_ids)
        commission = [
            {"user_id": i, "name": names[i][0], "position": names[i][1]}
            for i in commission_ids
            if i in names
        ]
        return {
            "date": when,
            "place": (details.get("place") or "").strip(),
            "programme": [
                line.strip() for line in (details.get("programme") or []) if line and line.strip()
            ],
            "commission": commission,
        }
    return {}


def _clean_points(points):
    points = [p.strip() for p in points if p and p.strip()]
    if not points:
        raise ValidationError("В приказе должен быть хотя бы один пункт.")
    return points


def _fresh(mentorships):
    """The mentorships as stored now (the caller's copies may be stale)."""
    ids = [m.pk for m in mentorships]
    return list(Mentorship.objects.filter(pk__in=ids).prefetch_related("members__participant"))


def _check_appendix(order, mentorships):
    if order.kind not in MENTORSHIP_KINDS:
        if mentorships:
            raise ValidationError("В приказе этого вида нет приложения с парами.")
        return
    if any(m.organization_id != order.organization_id for m in mentorships):
        raise ValidationError("В приложении пары другой организации.")
    wanted = (
        {MentorshipStatus.AGREED}
        if order.kind == OrderKind.PAIRING
        else {MentorshipStatus.ACTIVE, MentorshipStatus.SUSPENDED}
    )
    wrong = [m for m in mentorships if m.status not in wanted]
    if wrong:
        need = "согласованные" if order.kind == OrderKind.PAIRING else "действующие"
        raise ValidationError(
            f"В приложение можно включить только {need} пары и группы: "
            + ", ".join(f"«{m}» ({m.get_status_display().lower()})" for m in wrong)
        )
    _check_not_in_other_open_order(order, mentorships)


OPEN_ORDER_STATUSES = (OrderStatus.DRAFT, OrderStatus.SUBMITTED, OrderStatus.RETURNED)


def _check_not_in_other_open_order(order, mentorships):
    """A pair or group goes into one open (draft, submitted or returned)
    order of a kind at a time: with two, approving one leaves the other
    impossible to approve."""
    if not mentorships:
        return
    others = (
        Order.objects.filter(
            kind=order.kind,
            status__in=OPEN_ORDER_STATUSES,
            mentorships__in=[m.pk for m in mentorships],
        )
        .exclude(pk=order.pk)
        .values_list("mentorships", "title", "status")
    )
    busy = {}
    for mentorship_id, title, status in others:
        busy.setdefault(mentorship_id, (title, OrderStatus(status).label.lower()))
    clashes = [m for m in mentorships if m.pk in busy]
    if clashes:
        raise ValidationError(
            [
                f"Пара «{m}» уже включена в другой приказ «{busy[m.pk][0]}» "
                f"({busy[m.pk][1]}): уберите её из одного из приказов."
                for m in clashes
            ]
        )


class DirectorFacingError(ValidationError):
    """A refusal worded for the director deciding in the inbox."""


@transaction.atomic
def order_create(*, organization, kind, data, mentorships=(), by):
    if kind not in {k for k, _ in Order._meta.get_field("kind").choices}:
        raise ValidationError("Неизвестный вид приказа.")
    order = Order(organization=organization, kind=kind, created_by=by, **data)
    order.points = _clean_points(order.points)
    order.assignments = _clean_assignments(organization, order.assignments, order.points)
    order.details = _clean_details(organization, kind, order.details)
    mentorships = _fresh(mentorships)
    _check_appendix(order, mentorships)
    order._history_user = by
    order.full_clean()
    order.save()
    order.mentorships.set(mentorships)
    return order


@transaction.atomic
def order_update(*, order, data, mentorships, version, by):
    locked = Order.objects.select_for_update().get(pk=order.pk)
    if locked.is_approved:
        raise ValidationError("Утверждённый приказ изменить нельзя.")
    if locked.status == OrderStatus.SUBMITTED:
        raise ValidationError("Приказ на утверждении: изменить его можно после возврата.")
    if locked.version != version:
        raise StaleEditError(STALE_MESSAGE)
    for key, value in data.items():
        setattr(locked, key, value)
    locked.points = _clean_points(locked.points)
    locked.assignments = _clean_assignments(locked.organization, locked.assignments, locked.points)
    locked.details = _clean_details(locked.organization, locked.kind, locked.details)
    mentorships = _fresh(mentorships)
    _check_appendix(locked, mentorships)
    locked.version = version + 1
    locked._history_user = by
    locked.full_clean(exclude=["version"])
    locked.save()
    locked.mentorships.set(mentorships)
    return locked


@transaction.atomic
def order_submit(*, order, by):
    locked = Order.objects.select_for_update().get(pk=order.pk)
    if locked.status not in (OrderStatus.DRAFT, OrderStatus.RETURNED):
        raise ValidationError("Направить на утверждение можно черновик или возвращённый приказ.")
    mentorships = list(locked.mentorships.all())
    if locked.kind in MENTORSHIP_KINDS and not mentorships:
        raise ValidationError("Добавьте в приложение хотя бы одну пару или группу.")
    _check_appendix(locked, mentorships)
    # What the approval will ask for is asked here: the methodist completes
    # the order, the director does not get one he cannot sign.
    _check_details(locked)
    locked.status = OrderStatus.SUBMITTED
    locked.submitted_at = timezone.now()
    locked.version += 1
    locked._history_user = by
    locked.save()
    return locked


@transaction.atomic
def order_return(*, order, comment, by):
    if not comment.strip():
        raise ValidationError("Напишите, что исправить: комментарий обязателен.")
    locked = Order.objects.select_for_update().get(pk=order.pk)
    if locked.status != OrderStatus.SUBMITTED:
        raise ValidationError("Вернуть можно только приказ, направленный на утверждение.")
    locked.status = OrderStatus.RETURNED
    locked.return_comment = comment.strip()
    locked.decided_by, locked.decided_at = by, timezone.now()
    locked.version += 1
    locked._history_user = by
    locked.save()
    _tell_drafters(
        locked,
        kind="order_returned",
        key=f"order:{locked.pk}:returned:{_stamp(locked.decided_at)}",
        title=f"Приказ «{locked.title}» возвращён на доработку: «{locked.return_comment[:200]}»",
    )
    return locked


def _tell_drafters(order, *, kind, key, title):
    """In-app notification at once to whoever drafted the order, or to every
    coordinator and methodist when the drafter no longer keeps the data
    (at a department: its specialists, who draft the department's orders)."""
    from ..models import MANAGER_ROLES, Membership, Role

    roles = set(MANAGER_ROLES)
    if order.organization.is_department:
        roles.add(Role.SPECIALIST)
    managers = set(
        Membership.objects.filter(organization=order.organization_id, role__in=roles).values_list(
            "user_id", flat=True
        )
    )
    users = {order.created_by_id} & managers or managers
    notify_now(
        user_ids=users,
        kind=kind,
        key=key,
        title=title,
        url=reverse("mentoring:order_detail", args=[order.pk]),
        organization=order.organization,
    )


def _next_sequence(organization, year):
    last = Order.objects.filter(organization=organization, year=year).aggregate(m=Max("sequence"))[
        "m"
    ]
    return (last or 0) + 1


def order_number_suggestion(organization, year):
    """The number the system suggests for the next order of the year:
    the organisation's format (Organization.order_number_format) applied to
    one more than the largest sequence registered so far (numbers typed from
    the school's register count too when they start with digits)."""
    return organization.format_order_number(_next_sequence(organization, year), year)


_LEADING_NUMBER = re.compile(r"^\s*(\d{1,9})")
_NUMBER_SIGN = re.compile(r"^\s*(?:№|N(?=\s|\d))\s*")


def clean_register_number(text):
    """A registration number as typed from a register, ready to print after
    "№": whitespace collapsed, a leading "№" (or "N") dropped so that it is
    not printed twice. ``"  № 12-о "`` → ``"12-о"``; ``""`` or None → ``""``."""
    return _NUMBER_SIGN.sub("", " ".join((text or "").split()))


def register_key(text):
    """What makes two registration numbers the same entry of a register:
    case, spaces and a leading "№" do not count (``"№ 1-О"`` is ``"1-о"``).
    Compared in Python: SQLite folds the case of Latin letters only."""
    return "".join(clean_register_number(text).split()).casefold()


def register_number_taken(queryset, number):
    """Whether a row of ``queryset`` (one organisation's register: orders of
    a year, agreements) already holds ``number`` under ``register_key``."""
    key = register_key(number)
    return any(register_key(n) == key for n in queryset.values_list("number", flat=True))


def _check_details(order):
    spec = spec_for(order.kind)
    if spec.details == "award" and not order.details.get("awards"):
        raise ValidationError("Укажите поощряемых наставников и вид поощрения.")
    if spec.details == "final_event":
        wanted = (
            ("date", "дату"),
            ("place", "место"),
            ("programme", "программу"),
            ("commission", "состав комиссии"),
        )
        missing = [label for key, label in wanted if not order.details.get(key)]
        if missing:
            raise ValidationError("Укажите для итогового мероприятия: " + ", ".join(missing) + ".")


@transaction.atomic
def order_approve(*, order, by, on_date=None, number=None):
    """Approve a submitted order: register it and, for a pairing order,
    activate its mentorships — all or nothing, under row locks. Approving an
    approved order again changes nothing.

    ``number`` and ``on_date`` are the registration number and date from the
    organisation's single register of orders on core activity, entered by the
    director or the clerk (the form prefills ``order_number_suggestion``);
    without them the suggestion and today are used. A number already used by
    another order of the organisation in that year raises ValidationError.
    The effects other apps registered for the kind
    (mentoring.orderkinds.register_approval_effect) run in the same
    transaction."""
    locked = Order.objects.select_for_update().get(pk=order.pk)
    if locked.is_approved:
        return locked
    if locked.status != OrderStatus.SUBMITTED:
        raise ValidationError("Утвердить можно только приказ, направленный на утверждение.")
    _check_details(locked)
    on_date = on_date or timezone.localdate()
    mentorships = list(Mentorship.objects.select_for_update().filter(orders=locked).order_by("pk"))
    if mentorships:
        # Re-read with people and consents (the locks above are held).
        mentorships = list(
            Mentorship.objects.filter(pk__in=[m.pk for m in mentorships])
            .select_related("form")
            .prefetch_related(
                Prefetch(
                    "members",
                    queryset=MentorshipMember.objects.select_related(
                        "participant"
                    ).prefetch_related(Prefetch("participant__consents", Consent.objects.all())),
                )
            )
            .order_by("pk")
        )
        try:
            _check_appendix(locked, mentorships)
        except ValidationError as error:
            # The director cannot fix the appendix: say what happened and
            # that the order goes back to the drafter (the methodist gets
            # the details when they open the returned order).
            raise DirectorFacingError(
                [
                    "Приказ не утверждён: пары в приложении изменились после того, как приказ "
                    "направили на утверждение. Верните его на доработку с комментарием.",
                    *error.messages,
                ]
            ) from None
        if locked.kind == OrderKind.PAIRING:
            errors = activation_errors(mentorships, on_date)
            if errors:
                raise DirectorFacingError(
                    [
                        "Приказ не утверждён, пары не активированы. Верните его на доработку "
                        "с комментарием:",
                        *errors,
                    ]
                )
    year = on_date.year
    # The organisation's row is the lock that serialises numbering.
    Organization.objects.select_for_update().get(pk=locked.organization_id)
    suggested = _next_sequence(locked.organization, year)
    number = clean_register_number(number) or locked.organization.format_order_number(
        suggested, year
    )
    if len(number) > 50:
        raise ValidationError("Номер приказа длиннее 50 знаков.")
    taken = Order.objects.filter(organization=locked.organization, year=year)
    if register_number_taken(taken.exclude(pk=locked.pk), number):
        raise ValidationError(
            f"Приказ № {number} за {year} год уже есть в журнале регистрации: укажите другой номер."
        )
    sequence = None
    if number == locked.organization.format_order_number(suggested, year):
        sequence = suggested
    else:
        match = _LEADING_NUMBER.match(number)
        if match and not taken.filter(sequence=int(match.group(1))).exists():
            sequence = int(match.group(1))
    locked.year, locked.sequence, locked.signed_on = year, sequence, on_date
    locked.number = number
    locked.status = OrderStatus.APPROVED
    locked.decided_by, locked.decided_at = by, timezone.now()
    locked.return_comment = ""
    locked.version += 1
    locked._history_user = by
    locked.save()
    _tell_drafters(
        locked,
        kind="order_approved",
        key=f"order:{locked.pk}:approved",
        title=f"Приказ «{locked.title}» утверждён: № {locked.number} от "
        f"{locked.signed_on:%d.%m.%Y}",
    )
    for effect in approval_effects(locked.kind):
        effect(order=locked, by=by)
    if locked.kind == OrderKind.PAIRING:
        for m in mentorships:
            m.status, m.activated_on, m.order = MentorshipStatus.ACTIVE, on_date, locked
            m.version += 1
        bulk_update_with_history(
            mentorships,
            Mentorship,
            ["status", "activated_on", "order", "version"],
            default_user=by,
            default_change_reason=f"Приказ № {locked.number}",
        )
        try:
            with transaction.atomic():
                MentorshipMember.objects.filter(mentorship__in=mentorships).update(active=True)
        except IntegrityError:
            raise ValidationError(
                "Один из наставляемых уже в действующей паре той же формы: приказ не утверждён."
            ) from None
    elif locked.kind == OrderKind.CHANGE:
        reason = f"Приказ № {locked.number} от {on_date:%d.%m.%Y}"
        for m in mentorships:
            m.status, m.ended_on, m.end_reason, m.ended_by = (
                MentorshipStatus.TERMINATED,
                on_date,
                reason,
                by,
            )
            m.version += 1
        bulk_update_with_history(
            mentorships,
            Mentorship,
            ["status", "ended_on", "end_reason", "ended_by", "version"],
            default_user=by,
            default_change_reason=reason,
        )
        MentorshipMember.objects.filter(mentorship__in=mentorships).update(active=False)
    # Rendered right after the commit, so the director does not wait for
    # the PDF of a long appendix; the download and the destruction run
    # freeze an order still unfrozen before anything else (order_freeze is
    # idempotent).
    transaction.on_commit(lambda: order_freeze(order=Order.objects.get(pk=locked.pk)))
    return locked


def order_freeze(*, order):
    """Render the approved order's PDF (with its appendix) once and store it
    with its SHA-256; every later download serves this file, so changing or
    destroying people never alters a registered order (an order on core
    activity is an archival document kept permanently: 152-ФЗ ст. 6 ч. 1
    п. 2). Idempotent: an order already frozen is returned as is. Written by
    a queryset update because ``Order.save`` refuses approved rows.
    Returns the order with ``frozen_pdf`` and ``frozen_sha256`` set."""
    from ..orderprint import order_pdf_bytes  # the one renderer of orders

    if not order.is_approved:
        raise ValidationError("Закрепить можно только утверждённый приказ.")
    if order.frozen_pdf:
        return order
    pdf = order_pdf_bytes(order)
    digest = hashlib.sha256(pdf).hexdigest()
    field = Order._meta.get_field("frozen_pdf")
    name = field.generate_filename(order, f"prikaz-{order.pk}-{digest[:12]}.pdf")
    stored = field.storage.save(name, ContentFile(pdf))
    updated = Order.objects.filter(pk=order.pk, frozen_pdf="").update(
        frozen_pdf=stored, frozen_sha256=digest
    )
    if not updated:  # frozen meanwhile by a parallel request: keep theirs
        field.storage.delete(stored)
    order.refresh_from_db(fields=["frozen_pdf", "frozen_sha256"])
    return order


@transaction.atomic
def order_delete(*, order, by):
    if order.status not in (OrderStatus.DRAFT, OrderStatus.RETURNED):
        raise ValidationError("Удалить можно только черновик или возвращённый приказ.")
    order._history_user = by
    order.delete()
