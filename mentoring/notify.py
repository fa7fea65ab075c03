"""The registry of notifications: what each app has to tell whom.

An app registers collectors in its ``notifications.py`` module (imported by
its AppConfig.ready):

    @register("survey_waiting", "Ожидают ответа анкеты")
    def surveys_waiting(today):
        yield Notice(user_id=..., kind="survey_waiting", key="campaign:7", ...)

A collector yields every notice that holds on ``today``; the sender
(``manage.py send_reminders``) and the in-app list read all collectors,
drop the kinds a user turned off, and never send the same ``key`` twice.
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


KINDS: dict[str, str] = {}
COLLECTORS: list[tuple[str, Callable[[datetime.date], Iterable[Notice]]]] = []


def register(kind, label):
    def decorator(collector):
        KINDS[kind] = label
        COLLECTORS.append((kind, collector))
        return collector

    return decorator


def collect(today):
    for _kind, collector in COLLECTORS:
        yield from collector(today)
