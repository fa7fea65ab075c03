"""What the mentoring app has to tell whom (collectors of mentoring.notify):
orders awaiting approval or returned, plan items due soon or overdue, agreed
pairs that lack consents before activation. Imported by MentoringConfig.ready.

Each collector yields every notice that holds on ``today``; the key names the
state, so a notice comes again only when the state changes (an order
submitted a second time, a plan item's new due date).
"""

import datetime
from collections import defaultdict

from django.db.models import Prefetch
from django.urls import reverse

from .models import (
    Consent,
    Membership,
    Mentorship,
    MentorshipMember,
    MentorshipStatus,
    Order,
    OrderStatus,
    PlanItem,
    Role,
)
from .notify import Notice, register

DUE_SOON_DAYS = 7


def _members(organization_ids, roles):
    """{organization id: [user id, …]} of active users with the roles."""
    found = defaultdict(list)
    rows = Membership.objects.filter(
        organization_id__in=organization_ids, role__in=roles, user__is_active=True
    ).values_list("organization_id", "user_id")
    for organization_id, user_id in rows:
        found[organization_id].append(user_id)
    return found


def _stamp(moment):
    return moment.strftime("%Y%m%d%H%M%S%f") if moment else "0"


@register("order_submitted", "Приказы ожидают утверждения")
def orders_awaiting_approval(today):
    orders = list(Order.objects.filter(status=OrderStatus.SUBMITTED))
    directors = _members({o.organization_id for o in orders}, [Role.DIRECTOR])
    for order in orders:
        for user_id in directors[order.organization_id]:
            yield Notice(
                user_id=user_id,
                kind="order_submitted",
                key=f"order:{order.pk}:submitted:{_stamp(order.submitted_at)}",
                title=f"Приказ «{order.title}» ожидает утверждения",
                url=reverse("mentoring:order_detail", args=[order.pk]),
                organization_id=order.organization_id,
            )


@register("order_approved", "Приказы утверждены")
def orders_approved(today):
    """Nothing nightly: the drafter is told at once (services/orders.py)."""
    return ()


@register("mentor_application", "Заявки «Стать наставником»")
def mentor_applications(today):
    """Nothing nightly: the programme's staff are told at once (surveys)."""
    return ()


@register("order_returned", "Приказы возвращены на доработку")
def orders_returned(today):
    orders = Order.objects.filter(
        status=OrderStatus.RETURNED, created_by__isnull=False, created_by__is_active=True
    )
    for order in orders:
        comment = f": «{order.return_comment[:200]}»" if order.return_comment else ""
        yield Notice(
            user_id=order.created_by_id,
            kind="order_returned",
            key=f"order:{order.pk}:returned:{_stamp(order.decided_at)}",
            title=f"Приказ «{order.title}» возвращён на доработку{comment}",
            url=reverse("mentoring:order_detail", args=[order.pk]),
            organization_id=order.organization_id,
        )


@register("plan_item_due", "Сроки пунктов программ наставничества")
def plan_items_due(today):
    """Members with accounts hear of their items due within a week or
    overdue; methodists of the organisation hear of the overdue ones."""
    horizon = today + datetime.timedelta(days=DUE_SOON_DAYS)
    items = list(
        PlanItem.objects.filter(
            status__in=[PlanItem.Status.PLANNED, PlanItem.Status.IN_PROGRESS],
            due_on__lte=horizon,
            program__mentorship__status=MentorshipStatus.ACTIVE,
        ).select_related("program__mentorship")
    )
    if not items:
        return
    mentorship_ids = {i.program.mentorship_id for i in items}
    users = defaultdict(set)
    rows = MentorshipMember.objects.filter(
        mentorship_id__in=mentorship_ids,
        participant__user__isnull=False,
        participant__user__is_active=True,
        participant__anonymized_at__isnull=True,
    ).values_list("mentorship_id", "participant__user_id")
    for mentorship_id, user_id in rows:
        users[mentorship_id].add(user_id)
    methodists = _members({i.program.mentorship.organization_id for i in items}, [Role.METHODIST])
    for item in items:
        mentorship = item.program.mentorship
        overdue = item.due_on < today
        state = "overdue" if overdue else "soon"
        url = reverse("mentoring:program_detail", args=[mentorship.pk])
        title = (
            f"Просрочен пункт программы «{item.title}» (срок {item.due_on:%d.%m.%Y})"
            if overdue
            else f"Скоро срок пункта программы «{item.title}»: {item.due_on:%d.%m.%Y}"
        )
        recipients = set(users[mentorship.pk])
        if overdue:
            recipients |= set(methodists[mentorship.organization_id])
        for user_id in recipients:
            yield Notice(
                user_id=user_id,
                kind="plan_item_due",
                key=f"plan_item:{item.pk}:{state}:{item.due_on.isoformat()}",
                title=title,
                url=url,
                due=item.due_on,
                organization_id=mentorship.organization_id,
            )


@register("consent_missing", "Не хватает согласий для активации пар")
def consents_missing_before_activation(today):
    from .services.mentorships import activation_errors

    mentorships = list(
        Mentorship.objects.filter(status=MentorshipStatus.AGREED)
        .with_people()
        .prefetch_related(Prefetch("members__participant__consents", Consent.objects.all()))
    )
    blocked = [m for m in mentorships if activation_errors([m], today)]
    staff = _members({m.organization_id for m in blocked}, [Role.COORDINATOR, Role.METHODIST])
    for mentorship in blocked:
        for user_id in staff[mentorship.organization_id]:
            yield Notice(
                user_id=user_id,
                kind="consent_missing",
                key=f"mentorship:{mentorship.pk}:consent_missing",
                title=f"Пара (группа) «{mentorship}» согласована, но не хватает согласий "
                "для активации",
                url=reverse("mentoring:mentorship_detail", args=[mentorship.pk]),
                organization_id=mentorship.organization_id,
            )
