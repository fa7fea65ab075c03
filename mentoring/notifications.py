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
    Organization,
    PlanItem,
    Role,
)
from .notify import Notice, register, scoped

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
def orders_awaiting_approval(today, organization_ids=None):
    orders = list(scoped(Order.objects.filter(status=OrderStatus.SUBMITTED), organization_ids))
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
def orders_approved(today, organization_ids=None):
    """Nothing nightly: the drafter is told at once (services/orders.py)."""
    return ()


@register("mentor_application", "Заявки «Стать наставником»")
def mentor_applications(today, organization_ids=None):
    """Nothing nightly: the programme's staff are told at once (surveys)."""
    return ()


@register("order_returned", "Приказы возвращены на доработку")
def orders_returned(today, organization_ids=None):
    orders = scoped(
        Order.objects.filter(
            status=OrderStatus.RETURNED, created_by__isnull=False, created_by__is_active=True
        ),
        organization_ids,
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
def plan_items_due(today, organization_ids=None):
    """Members with accounts hear of their items due within a week or
    overdue; methodists of the organisation hear of the overdue ones."""
    horizon = today + datetime.timedelta(days=DUE_SOON_DAYS)
    items = list(
        scoped(
            PlanItem.objects.filter(
                status__in=[PlanItem.Status.PLANNED, PlanItem.Status.IN_PROGRESS],
                due_on__lte=horizon,
                program__mentorship__status=MentorshipStatus.ACTIVE,
            ),
            organization_ids,
            "program__mentorship__organization_id",
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


INVITATION_REMINDER_DAYS = 3


@register("invitation_not_accepted", "Приглашение не принято за три дня")
def invitations_not_accepted(today, organization_ids=None):
    """Whoever invited a person hears once that the invitation (link or
    activation code) has not been accepted for INVITATION_REMINDER_DAYS days
    while it is still valid; an invitation without its author goes to the
    organisation's coordinators and methodists. Issue 19, reminders."""
    from django.utils import timezone

    from .models import Invitation

    cutoff = timezone.make_aware(
        datetime.datetime.combine(
            today - datetime.timedelta(days=INVITATION_REMINDER_DAYS), datetime.time.max
        )
    )
    pending = list(
        scoped(
            Invitation.objects.filter(
                used_at__isnull=True,
                revoked_at__isnull=True,
                expires_at__gt=timezone.now(),
                created_at__lte=cutoff,
                user__is_active=True,
            ),
            organization_ids,
        ).select_related("user", "created_by", "organization")
    )
    managers = _members(
        {i.organization_id for i in pending if not (i.created_by and i.created_by.is_active)},
        [Role.COORDINATOR, Role.METHODIST],
    )
    for invitation in pending:
        author = invitation.created_by
        recipients = (
            [author.pk] if author and author.is_active else managers[invitation.organization_id]
        )
        name = invitation.user.get_full_name() or invitation.user.get_username()
        for user_id in recipients:
            yield Notice(
                user_id=user_id,
                kind="invitation_not_accepted",
                key=f"invitation:{invitation.pk}:not_accepted",
                title=f"{name} не принял(а) приглашение от "
                f"{timezone.localtime(invitation.created_at):%d.%m.%Y} "
                f"({invitation.get_role_display().lower()}): напомните или выдайте новое",
                url=reverse("mentoring:organization_detail", args=[invitation.organization.slug]),
                organization_id=invitation.organization_id,
            )


@register("consent_missing", "Не хватает согласий для активации пар")
def consents_missing_before_activation(today, organization_ids=None):
    from .services.mentorships import activation_errors

    mentorships = list(
        scoped(Mentorship.objects.filter(status=MentorshipStatus.AGREED), organization_ids)
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


@register("pair_attention", "Пары, требующие внимания")
def pairs_attention(today, organization_ids=None):
    """Coordinators and methodists hear of each active pair that needs
    attention (mentoring.health), again whenever its reasons change; the new
    notice replaces the unread older one about the pair."""
    import hashlib

    from .health import reasons_by_pair

    with_active = set(
        scoped(Mentorship.objects.filter(status=MentorshipStatus.ACTIVE), organization_ids)
        .values_list("organization_id", flat=True)
        .distinct()
    )
    managers = _members(with_active, [Role.COORDINATOR, Role.METHODIST])
    for organization in Organization.objects.filter(pk__in=with_active):
        reasons = reasons_by_pair(organization, today=today)
        if not reasons or not managers[organization.pk]:
            continue
        names = {m.pk: str(m) for m in Mentorship.objects.filter(pk__in=reasons).with_people()}
        for pk, items in reasons.items():
            digest = hashlib.sha256("; ".join(sorted(items)).encode()).hexdigest()[:12]
            for user_id in managers[organization.pk]:
                yield Notice(
                    user_id=user_id,
                    kind="pair_attention",
                    key=f"attention:{pk}:{digest}",
                    title=f"Пара «{names.get(pk, pk)}» требует внимания: {'; '.join(items)}",
                    url=reverse("mentoring:mentorship_detail", args=[pk]),
                    organization_id=organization.pk,
                    supersedes=True,
                )


@register("pair_no_meeting", "В вашей паре давно не было встречи")
def pairs_without_meeting(today, organization_ids=None):
    """Mentors with an account whose active pair has had no meeting for the
    organisation's number of weeks (MentoringSettings)."""
    from django.db.models import Max

    from .models import MentoringSettings

    weeks = dict(
        MentoringSettings.objects.values_list("organization_id", "health_no_meeting_weeks")
    )
    default = MentoringSettings._meta.get_field("health_no_meeting_weeks").default
    pairs = (
        scoped(Mentorship.objects.filter(status=MentorshipStatus.ACTIVE), organization_ids)
        .annotate(last_meeting=Max("meetings__held_on"))
        .values("pk", "organization_id", "last_meeting", "activated_on", "planned_start")
    )
    stale, organization_of = {}, {}
    for row in pairs:
        limit = today - datetime.timedelta(weeks=weeks.get(row["organization_id"], default))
        since = row["last_meeting"] or row["activated_on"] or row["planned_start"]
        if since and since < limit:
            stale[row["pk"]] = since
            organization_of[row["pk"]] = row["organization_id"]
    mentors = MentorshipMember.objects.filter(
        mentorship_id__in=stale,
        role__in=[MentorshipMember.Role.LEAD, MentorshipMember.Role.CO_MENTOR],
        participant__user__isnull=False,
        participant__anonymized_at__isnull=True,
    ).values_list("mentorship_id", "participant__user_id")
    for mentorship_id, user_id in mentors:
        since = stale[mentorship_id]
        yield Notice(
            user_id=user_id,
            kind="pair_no_meeting",
            key=f"no-meeting:{mentorship_id}:{since:%Y%m%d}",
            title=f"С {since:%d.%m.%Y} в паре не было встреч: договоритесь о встрече и отметьте её",
            url=reverse("mentoring:mentorship_detail", args=[mentorship_id]),
            organization_id=organization_of[mentorship_id],
        )


@register("plan_item_tomorrow", "Срок пункта программы наставничества — завтра")
def plan_items_tomorrow(today, organization_ids=None):
    """Members with accounts of pairs whose open plan item is due tomorrow."""
    tomorrow = today + datetime.timedelta(days=1)
    items = scoped(
        PlanItem.objects.filter(
            due_on=tomorrow,
            program__mentorship__status__in=[MentorshipStatus.ACTIVE, MentorshipStatus.AGREED],
        ),
        organization_ids,
        "program__mentorship__organization_id",
    ).exclude(status__in=[PlanItem.Status.DONE, PlanItem.Status.CANCELLED])
    members = MentorshipMember.objects.filter(
        mentorship__program__items__in=items,
        participant__user__isnull=False,
        participant__anonymized_at__isnull=True,
    ).values_list("mentorship_id", "participant__user_id")
    users = defaultdict(set)
    for mentorship_id, user_id in members:
        users[mentorship_id].add(user_id)
    for item in items.select_related("program__mentorship"):
        for user_id in users[item.program.mentorship_id]:
            yield Notice(
                user_id=user_id,
                kind="plan_item_tomorrow",
                key=f"plan-item:{item.pk}:tomorrow:{item.due_on:%Y%m%d}",
                title=f"Завтра срок пункта программы: «{item.title}»",
                url=reverse("mentoring:mentorship_detail", args=[item.program.mentorship_id]),
                due=item.due_on,
                organization_id=item.program.mentorship.organization_id,
            )


@register("consent_expiring", "Согласия, срок которых истекает")
def consents_expiring(today, organization_ids=None):
    """30 days before a consent's term ends (its text's «срок действия»),
    the coordinator and methodist are told to collect a new one."""
    consents = list(
        scoped(
            Consent.objects.expiring(today, days=30),
            organization_ids,
            "participant__organization_id",
        )
        .filter(participant__anonymized_at__isnull=True)
        .select_related("participant")
    )
    staff = _members(
        {c.participant.organization_id for c in consents}, [Role.COORDINATOR, Role.METHODIST]
    )
    for consent in consents:
        for user_id in staff[consent.participant.organization_id]:
            yield Notice(
                user_id=user_id,
                kind="consent_expiring",
                key=f"consent:{consent.pk}:expiring:{consent.expires_on:%Y%m%d}",
                title=f"{consent.get_kind_display()} участника {consent.participant.short_name} "
                f"действует до {consent.expires_on:%d.%m.%Y}: получите новое",
                url=reverse("mentoring:participant_detail", args=[consent.participant_id]),
                due=consent.expires_on,
                organization_id=consent.participant.organization_id,
            )
