"""Orders: drafting, submission, the director's decision. Approving a
pairing order activates its mentorships in the same transaction."""

import hashlib

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
    Mentorship,
    MentorshipMember,
    MentorshipStatus,
    Order,
    OrderKind,
    OrderStatus,
    Organization,
)
from ..notifications import _stamp
from ..registries import order_approval_effects
from . import STALE_MESSAGE, StaleEditError
from .mentorships import activation_errors
from .notifications import notify_now

DEFAULT_TEXTS = {
    OrderKind.REGULATION: {
        "title": "Об утверждении Положения о наставничестве",
        "preamble": "В соответствии с методологией (целевой моделью) наставничества "
        "обучающихся для организаций, осуществляющих образовательную деятельность, "
        "и в целях реализации программы наставничества",
        "points": [
            "Утвердить Положение о наставничестве (приложение).",
            "Заместителю директора, куратору внедрения целевой модели наставничества, "
            "ознакомить педагогических работников с Положением.",
            "Разместить Положение в разделе «Наставничество» официального сайта.",
            "Контроль исполнения приказа оставляю за собой.",
        ],
    },
    OrderKind.ROADMAP: {
        "title": "Об утверждении дорожной карты внедрения целевой модели наставничества",
        "preamble": "В целях организованного внедрения целевой модели наставничества",
        "points": [
            "Утвердить дорожную карту внедрения целевой модели наставничества (приложение).",
            "Назначить ответственных за выполнение мероприятий дорожной карты.",
            "Контроль исполнения приказа оставляю за собой.",
        ],
    },
    OrderKind.PAIRING: {
        "title": "О закреплении наставнических пар (групп)",
        "preamble": "В соответствии с Положением о наставничестве, на основании "
        "письменных согласий участников",
        "points": [
            "Закрепить наставнические пары (группы) согласно приложению.",
            "Наставникам совместно с наставляемыми разработать персонализированные "
            "программы наставничества в течение двух недель.",
            "Куратору обеспечить методическое сопровождение наставнических пар (групп).",
            "Контроль исполнения приказа оставляю за собой.",
        ],
        "appendix_title": "Список наставнических пар (групп)",
    },
    OrderKind.CHANGE: {
        "title": "О прекращении наставнических пар (групп)",
        "preamble": "В соответствии с Положением о наставничестве",
        "points": [
            "Прекратить работу наставнических пар (групп) согласно приложению.",
            "Куратору продолжить подбор наставников для наставляемых, оставшихся без пары.",
            "Контроль исполнения приказа оставляю за собой.",
        ],
        "appendix_title": "Список наставнических пар (групп), прекращающих работу",
    },
    OrderKind.FINAL_EVENT: {
        "title": "О проведении итогового мероприятия программы наставничества",
        "preamble": "В целях подведения итогов реализации программы наставничества",
        "points": [
            "Провести итоговое мероприятие программы наставничества.",
            "Куратору подготовить аналитическую справку о результатах наставничества.",
            "Отобрать лучшие практики наставничества для методической копилки.",
            "Контроль исполнения приказа оставляю за собой.",
        ],
    },
    OrderKind.AWARD: {
        "title": "О поощрении наставников",
        "preamble": "По итогам реализации программы наставничества",
        "points": [
            "Объявить благодарность наставникам за высокие результаты работы.",
            "Контроль исполнения приказа оставляю за собой.",
        ],
    },
}


def order_defaults(kind):
    texts = DEFAULT_TEXTS[OrderKind(kind)]
    return {
        "title": texts["title"],
        "preamble": texts["preamble"],
        "points": list(texts["points"]),
        "appendix_title": texts.get("appendix_title", ""),
    }


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
    order = Order(organization=organization, kind=kind, created_by=by, **data)
    order.points = _clean_points(order.points)
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
    coordinator and methodist when the drafter no longer keeps the data."""
    from ..models import MANAGER_ROLES, Membership

    managers = set(
        Membership.objects.filter(
            organization=order.organization_id, role__in=MANAGER_ROLES
        ).values_list("user_id", flat=True)
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
    # The organisation's row is the lock that serialises numbering.
    Organization.objects.select_for_update().get(pk=organization.pk)
    last = Order.objects.filter(organization=organization, year=year).aggregate(m=Max("sequence"))[
        "m"
    ]
    return (last or 0) + 1


@transaction.atomic
def order_approve(*, order, by, on_date=None):
    """Approve a submitted order: register it (number, date) and, for a
    pairing order, activate its mentorships — all or nothing, under row
    locks. Approving an approved order again changes nothing."""
    locked = Order.objects.select_for_update().get(pk=order.pk)
    if locked.is_approved:
        return locked
    if locked.status != OrderStatus.SUBMITTED:
        raise ValidationError("Утвердить можно только приказ, направленный на утверждение.")
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
    sequence = _next_sequence(locked.organization, year)
    locked.year, locked.sequence, locked.signed_on = year, sequence, on_date
    locked.number = locked.organization.format_order_number(sequence, year)
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
    # What upper apps do on approval (the roadmaps app: approve the roadmap).
    order_approval_effects(locked, by)
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
    from ..views.orders import order_pdf_bytes  # the one renderer of orders

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
