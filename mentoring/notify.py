"""The registry of notifications: what each app has to tell whom.

An app registers collectors in its ``notifications.py`` module (imported by
its AppConfig.ready):

    @register("survey_waiting", "Ожидают ответа анкеты")
    def surveys_waiting(today, organization_ids=None):
        invitations = scoped(Invitation.objects.filter(...), organization_ids,
                             "campaign__organization_id")
        yield Notice(user_id=..., kind="survey_waiting", key="campaign:7", ...)

A collector yields every notice that holds on ``today`` about objects of
the organisations ``organization_ids`` (all organisations when None). The
daily sender (``manage.py send_reminders``) reads all of them and mails one
digest per user; the in-app list reads them for one user's organisations
when the user opens a page (``services.notifications.reminders_refresh``),
so a reminder shows in the application as soon as it is due. Both drop the
kinds a user turned off and never deliver the same ``key`` twice.
"""

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Notice:
    user_id: int
    kind: str
    # Stable identity of what the notice is about, including its state
    # ("order:12:submitted"): the same key is never sent twice to a user.
    key: str
    title: str
    url: str
    due: datetime.date | None = None
    # The organisation the notice is about (shown, and switched to on opening).
    organization_id: int | None = None
    # A notice of a changing state ("attention:12:<reasons>") replaces the
    # user's unread ones about the same subject (the key up to its last
    # ":"), so that the list does not fill with stale versions of it.
    supersedes: bool = False

    @property
    def subject(self):
        """The key without its last part ("attention:12:") when the notice
        supersedes earlier ones; "" otherwise."""
        return self.key.rpartition(":")[0] + ":" if self.supersedes else ""


KINDS: dict[str, str] = {}
# collector(today, organization_ids=None) → notices
COLLECTORS: list[tuple[str, Callable[..., Iterable[Notice]]]] = []


def register(kind, label):
    def decorator(collector):
        KINDS[kind] = label
        COLLECTORS.append((kind, collector))
        return collector

    return decorator


def collect(today, organization_ids=None):
    """Every notice of every collector; ``organization_ids`` limits them to
    objects of those organisations (None: all)."""
    for _kind, collector in COLLECTORS:
        yield from collector(today, organization_ids=organization_ids)


def scoped(queryset, organization_ids, field="organization_id"):
    """The queryset limited to the organisations (``field`` names the
    organisation's id from the queryset's model); unchanged for None."""
    if organization_ids is None:
        return queryset
    return queryset.filter(**{f"{field}__in": list(organization_ids)})
