"""Delivering notifications: the daily digest e-mail, the in-app items, the
per-user off switches.

``notices_deliver`` reads every collector of ``mentoring.notify`` for a day,
drops the kinds each user turned off and the (user, key) pairs already
delivered, and gives each user ONE digest e-mail with everything new plus an
in-app item per notice. The ``SentNotice`` rows are written in the same
transaction as the in-app items, before the mail leaves; a failed mail rolls
them back, so the next run tries again. Two overlapping runs cannot both
deliver: the unique (user, key) constraint stops the second.

In the application a reminder does not wait for the night:
``reminders_refresh`` evaluates the collectors for the user's organisations
when the user opens a page (at most every REFRESH_SECONDS per session) and
puts what is due in the in-app list at once; the nightly digest then mails
it without a second in-app item (e-mail stays batched).
"""

import logging
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import DatabaseError, IntegrityError, transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone

from .. import notify
from ..models import (
    Membership,
    Notification,
    NotificationPreference,
    Participant,
    SentNotice,
    User,
)

logger = logging.getLogger(__name__)


@dataclass
class DeliveryReport:
    users: int = 0
    emails: int = 0
    notices: int = 0
    skipped_off: int = 0
    already_sent: int = 0
    failed: list = field(default_factory=list)


def absolute_url(url):
    if not url or url.startswith(("http://", "https://")):
        return url
    return settings.DJANGO_SITE_URL.rstrip("/") + url


def kinds():
    """{kind: label} of every registered kind, in registration order."""
    return dict(notify.KINDS)


def disabled_kinds(user_ids):
    """{user id: {kinds turned off}} in one query."""
    off = defaultdict(set)
    rows = NotificationPreference.objects.filter(user_id__in=user_ids, enabled=False)
    for user_id, kind in rows.values_list("user_id", "kind"):
        off[user_id].add(kind)
    return off


@transaction.atomic
def preferences_set(*, user, enabled_kinds):
    """Store the user's switches: every registered kind not in
    ``enabled_kinds`` is off."""
    enabled_kinds = set(enabled_kinds)
    for kind in kinds():
        NotificationPreference.objects.update_or_create(
            user=user, kind=kind, defaults={"enabled": kind in enabled_kinds}
        )


def pending_notices(today):
    """New notices of the day per user: {user id: [Notice, …]}, with the
    report's counters of what was dropped."""
    report = DeliveryReport()
    unique = {}
    for notice in notify.collect(today):
        unique.setdefault((notice.user_id, notice.key), notice)
    if not unique:
        return {}, report
    user_ids = {user_id for user_id, _key in unique}
    off = disabled_kinds(user_ids)
    sent = set(
        SentNotice.objects.filter(
            user_id__in=user_ids, key__in={key for _u, key in unique}
        ).values_list("user_id", "key")
    )
    per_user = defaultdict(list)
    for (user_id, key), notice in unique.items():
        if notice.kind in off[user_id]:
            report.skipped_off += 1
        elif (user_id, key) in sent:
            report.already_sent += 1
        else:
            per_user[user_id].append(notice)
    order = {kind: i for i, kind in enumerate(notify.KINDS)}
    for notices in per_user.values():
        notices.sort(key=lambda n: (order.get(n.kind, len(order)), n.due or today, n.title))
    return per_user, report


def digest_message(user, notices, today):
    labels = kinds()
    groups = defaultdict(list)
    for notice in notices:
        groups[notice.kind].append(
            {"title": notice.title, "url": absolute_url(notice.url), "due": notice.due}
        )
    context = {
        "user": user,
        "today": today,
        "groups": [(labels.get(kind, kind), items) for kind, items in groups.items()],
        "count": len(notices),
        "site_url": settings.DJANGO_SITE_URL.rstrip("/"),
        "settings_url": absolute_url("/notifications/settings/"),
    }
    subject = f"Наставничество: сводка на {today:%d.%m.%Y} (новых уведомлений: {len(notices)})"
    text = render_to_string("mentoring/notification_digest_email.txt", context)
    html = render_to_string("mentoring/notification_digest_email.html", context)
    message = EmailMultiAlternatives(subject, text, settings.DEFAULT_FROM_EMAIL, [user.email])
    message.attach_alternative(html, "text/html")
    return message


def _item(user, notice, now):
    """The in-app item of a notice (unsaved)."""
    return Notification(
        user=user,
        organization_id=notice.organization_id,
        kind=notice.kind,
        key=notice.key,
        title=notice.title[:500],
        url=notice.url,
        due=notice.due,
        created_at=now,
    )


def _supersede(user, notices, now):
    """Mark read the user's unread items that the new ``notices`` replace
    (Notice.supersedes: same subject, another state). One query, none when
    no notice supersedes."""
    subjects = {n.subject for n in notices if n.subject}
    if not subjects:
        return
    same_subject = Q()
    for subject in subjects:
        same_subject |= Q(key__startswith=subject)
    Notification.objects.filter(same_subject, user=user, read_at__isnull=True).exclude(
        key__in=[n.key for n in notices]
    ).update(read_at=now)


def notices_deliver(*, today, dry_run=False):
    """Deliver the day's new notices: one digest e-mail per user (users
    without an address get the in-app items only). Returns a DeliveryReport.
    Idempotent: a second run the same day, or any later day, delivers
    nothing already delivered."""
    per_user, report = pending_notices(today)
    users = User.objects.filter(pk__in=per_user, is_active=True).in_bulk()
    for user_id, notices in per_user.items():
        user = users.get(user_id)
        if user is None:
            continue
        if dry_run:
            report.users += 1
            report.notices += len(notices)
            report.emails += 1 if user.email else 0
            continue
        now = timezone.now()
        try:
            with transaction.atomic():
                SentNotice.objects.bulk_create(
                    SentNotice(
                        user=user, key=n.key, kind=n.kind, sent_at=now, emailed=bool(user.email)
                    )
                    for n in notices
                )
                # Events told at once (notify_now) already have their item.
                shown = set(
                    Notification.objects.filter(
                        user=user, key__in=[n.key for n in notices]
                    ).values_list("key", flat=True)
                )
                # ignore_conflicts: a page load of the user may have put the
                # item in the list since (reminders_refresh).
                fresh = [n for n in notices if n.key not in shown]
                _supersede(user, fresh, now)
                Notification.objects.bulk_create(
                    [_item(user, n, now) for n in fresh], ignore_conflicts=True
                )
                if user.email:
                    digest_message(user, notices, today).send()
        except IntegrityError:
            # Another run delivered these in the meantime.
            report.already_sent += len(notices)
            continue
        except Exception as exc:  # SMTP errors and the like: retried next run.
            logger.warning("notification digest to user %s failed: %s", user_id, exc)
            report.failed.append(user_id)
            continue
        report.users += 1
        report.notices += len(notices)
        report.emails += 1 if user.email else 0
    return report


@transaction.atomic
def notification_mark_read(*, notification, by):
    if notification.user_id != by.pk:
        raise PermissionError("not the user's notification")
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return notification


@transaction.atomic
def notifications_mark_all_read(*, user):
    return Notification.objects.filter(user=user, read_at__isnull=True).update(
        read_at=timezone.now()
    )


def notify_now(*, user_ids, kind, key, title, url, organization):
    """Put an in-app notification in the users' lists at once, for events
    (an application through "Стать наставником", a decision on an order),
    without waiting for the nightly digest. Users who turned the kind off
    get nothing; a (user, key) already in the list is not repeated. The
    nightly digest still mails the event if a collector yields the same key,
    but adds no second in-app item. Returns the number of items created."""
    user_ids = set(user_ids)
    if not user_ids:
        return 0
    off = disabled_kinds(user_ids)
    active = set(User.objects.filter(pk__in=user_ids, is_active=True).values_list("pk", flat=True))
    have = set(
        Notification.objects.filter(user_id__in=user_ids, key=key).values_list("user_id", flat=True)
    )
    now = timezone.now()
    created = [
        Notification(
            user_id=user_id,
            organization=organization,
            kind=kind,
            key=key,
            title=title[:500],
            url=url,
            created_at=now,
        )
        for user_id in sorted(user_ids)
        if user_id in active and user_id not in have and kind not in off[user_id]
    ]
    # ignore_conflicts: a page load may have listed the same key meanwhile.
    Notification.objects.bulk_create(created, ignore_conflicts=True)
    return len(created)


# How long a user's reminders stay as evaluated before a page load looks
# again (per session); a new day always looks again.
REFRESH_SECONDS = 300
SESSION_KEY = "reminders_checked"


def _organizations_of(user):
    """The ids of the organisations the user works in or takes part in
    (memberships, and participants linked to the account). One query."""
    staff = Membership.objects.filter(user=user).order_by().values_list("organization_id")
    member = Participant.objects.filter(user=user).order_by().values_list("organization_id")
    return {pk for (pk,) in staff.union(member)}


def notices_show(*, user, today):
    """Put the user's due notices in the in-app list now, without e-mail.

    Reads every collector for the user's organisations (about one query a
    kind), keeps the notices addressed to the user, drops the kinds turned
    off, the keys already delivered (``SentNotice``) and those already in the
    list. Idempotent: the unique (user, key) of ``Notification`` makes a
    repeated or concurrent call add nothing. Writes no ``SentNotice``, so
    the nightly digest still mails what is new. Returns the number added."""
    organizations = _organizations_of(user)
    if not organizations or not user.is_active:
        return 0
    found = {}
    for notice in notify.collect(today, organization_ids=organizations):
        if notice.user_id == user.pk:
            found.setdefault(notice.key, notice)
    if not found:
        return 0
    off = disabled_kinds([user.pk])[user.pk]
    keys = list(found)
    known = set(SentNotice.objects.filter(user=user, key__in=keys).values_list("key", flat=True))
    known |= set(Notification.objects.filter(user=user, key__in=keys).values_list("key", flat=True))
    now = timezone.now()
    fresh = [n for n in found.values() if n.key not in known and n.kind not in off]
    with transaction.atomic():
        _supersede(user, fresh, now)
        Notification.objects.bulk_create(
            [_item(user, n, now) for n in fresh], ignore_conflicts=True
        )
    return len(fresh)


def reminders_refresh(request, user=None):
    """``notices_show`` for the signed-in user of the request (or ``user``),
    at most once per REFRESH_SECONDS per session (the moment is kept in the
    session, so the pages in between cost no query). A database error is
    logged and the page goes on: a reminder is never worth a broken page."""
    user = user or request.user
    if not user.is_authenticated:
        return 0
    now = timezone.now()
    today = timezone.localdate(now)
    session = getattr(request, "session", None)
    checked = session.get(SESSION_KEY) if session is not None else None
    if checked:
        day, _sep, moment = checked.partition(" ")
        if day == today.isoformat() and 0 <= now.timestamp() - float(moment) < REFRESH_SECONDS:
            return 0
    try:
        added = notices_show(user=user, today=today)
    except DatabaseError as exc:
        logger.warning("in-app reminders for user %s failed: %s", user.pk, exc)
        return 0
    if session is not None:
        session[SESSION_KEY] = f"{today.isoformat()} {now.timestamp()}"
    return added


def reminders_on_login(sender, request, user, **kwargs):
    """Receiver of ``user_logged_in``: signing in is opening the
    application, so the reminders due are listed then (and the first page
    after it does not pay for them)."""
    if request is not None and hasattr(request, "session"):
        reminders_refresh(request, user=user)
