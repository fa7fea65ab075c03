"""Cached figures of an organisation: costly aggregates that may be a few
minutes old (home page cards, dashboard counts, a department's roll-up).

A figure is stored in Django's cache under a *version* of its
organisation: ``figures_get(org, "home:consents", compute)`` returns the
cached value or computes, stores and returns it. Every write to a watched
model (participants, consents, mentorships, orders, …; upper apps add
their own with ``figures_watch``) bumps the version of the organisation and
of every department above it once the transaction commits, so the next read
computes afresh; old entries are never read again and expire on their own.
Writes that bypass the model signals (``bulk_create``, ``QuerySet.update``)
call ``figures_bump`` themselves; FIGURES_TIMEOUT is the backstop for any
that do not.

Values must be picklable (dicts, lists, numbers, dates) — not querysets.
"""

import pickle
import threading
import time
import zlib
from functools import partial

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save

# How old a figure may be at most when a write was missed.
FIGURES_TIMEOUT = 5 * 60
# The version outlives the figures; when evicted anyway, the new initial
# value (a clock reading) differs from every version used before.
VERSION_TIMEOUT = 30 * 24 * 60 * 60

# {model class: callable(instance) -> organisation id or None}
_WATCHED = {}


def _version_key(organization_id):
    return f"figures:v:{organization_id}"


# Within one request the versions read are remembered (a home page reads
# three figures of one organisation: one cache read for the version instead
# of three). Only between request_started and request_finished: a task or a
# command runs long and must see other processes' bumps.
_request = threading.local()


def _request_started(**kwargs):
    _request.versions = {}


def _request_finished(**kwargs):
    _request.versions = None


def figures_version(organization_id):
    """The current version (an int) of the organisation's figures."""
    memo = getattr(_request, "versions", None)
    if memo is not None and organization_id in memo:
        return memo[organization_id]
    key = _version_key(organization_id)
    version = cache.get(key)
    if version is None:
        version = time.time_ns()
        cache.add(key, version, VERSION_TIMEOUT)
        version = cache.get(key, version)
    if memo is not None:
        memo[organization_id] = version
    return version


def figures_get(organization, name, compute, timeout=FIGURES_TIMEOUT, *, compress=False):
    """The figure ``name`` of ``organization`` (an Organization or its id):
    from the cache under the organisation's current version, or
    ``compute()`` stored for ``timeout`` seconds. ``name`` must say
    everything the value depends on besides the organisation (a date, a
    role, a period).

    ``compress``: store the value pickled and zlib-compressed — for a large
    value of formatted HTML (a department's 100 rows: 700 KB pickled, 20 KB
    compressed), which the cache would otherwise carry in full on every
    read. A call site always passes the same ``compress`` for a name."""
    organization_id = getattr(organization, "pk", organization)
    key = f"figures:{organization_id}:{figures_version(organization_id)}:{name}"
    stored = cache.get(key)
    if stored is None:
        value = compute()
        cache.set(
            key,
            zlib.compress(pickle.dumps(value, pickle.HIGHEST_PROTOCOL), 1) if compress else value,
            timeout,
        )
        return value
    if compress:
        # Our own cache entry, pickled above (Django's cache pickles every value).
        return pickle.loads(zlib.decompress(stored))  # noqa: S301
    return stored


def _bump_now(organization_ids):
    from .models import Organization

    ids, level = set(), set(organization_ids)
    # The organisation and the departments above it (a few levels).
    while level:
        ids |= level
        level = (
            set(
                Organization.objects.filter(pk__in=level, parent__isnull=False).values_list(
                    "parent_id", flat=True
                )
            )
            - ids
        )
    now = time.time_ns()
    cache.set_many({_version_key(i): now for i in ids}, VERSION_TIMEOUT)
    memo = getattr(_request, "versions", None)
    if memo is not None:
        for i in ids:
            memo[i] = now


def figures_bump(*organizations):
    """Forget the cached figures of the organisations (Organization objects
    or ids) and of the departments above them: at once and again when the
    current transaction commits."""
    ids = {getattr(o, "pk", o) for o in organizations if o is not None}
    ids.discard(None)
    if ids:
        # Now (this transaction reads its own writes) and again after the
        # commit (a reader in between may have cached the old figures under
        # the new version).
        _bump_now(ids)
        transaction.on_commit(partial(_bump_now, ids))


def _on_write(sender, instance, **kwargs):
    organization_of = _WATCHED.get(sender)
    if organization_of is None:
        return
    try:
        found = organization_of(instance)
    except Exception:  # a half-deleted object: the timeout is the backstop
        return
    figures_bump(*(found if isinstance(found, tuple | list) else (found,)))


def figures_watch(model, organization_of=lambda obj: obj.organization_id):
    """Bump the figures of ``organization_of(instance)`` (an id, or a tuple
    of ids) on every save and delete of ``model``. Called from
    AppConfig.ready()."""
    _WATCHED[model] = organization_of
    post_save.connect(_on_write, sender=model, dispatch_uid=f"figures:{model._meta.label}")
    post_delete.connect(_on_write, sender=model, dispatch_uid=f"figures:{model._meta.label}")


def connect():
    """Watch the base app's models (mentoring.apps.MentoringConfig.ready)."""
    from django.core.signals import request_finished, request_started

    from . import models as m

    request_started.connect(_request_started, dispatch_uid="figures:request-started")
    request_finished.connect(_request_finished, dispatch_uid="figures:request-finished")

    for model in (
        m.Participant,
        m.Mentorship,
        m.Order,
        m.TrainingGroup,
        m.Event,
        m.Headcount,
        m.Membership,
        m.MentoringForm,
        # Thresholds of the pairs' attention reasons (health.cached_reasons).
        m.MentoringSettings,
    ):
        figures_watch(model)
    # A school's name, kind or department is in its figures and in the
    # department's (the monitoring's rows, notes and quarter change).
    figures_watch(m.Organization, lambda obj: (obj.pk, obj.parent_id))
    figures_watch(m.Consent, lambda obj: obj.participant.organization_id)
    figures_watch(m.MentorshipMember, lambda obj: obj.mentorship.organization_id)
    figures_watch(m.Interview, lambda obj: obj.participant.organization_id)
    figures_watch(m.PlanItem, lambda obj: obj.program.mentorship.organization_id)
    figures_watch(m.Meeting, lambda obj: obj.mentorship.organization_id)
    figures_watch(m.TrainingSession, lambda obj: obj.group.organization_id)
    # An import or a purge writes in bulk (no per-row signals) and records
    # one audit event: that event bumps.
    figures_watch(
        m.AuditEvent,
        lambda obj: obj.organization_id if obj.action != m.AuditEvent.Action.EXPORT else None,
    )


def paginate(queryset, per_page, number, *, count=None, deferred=False):
    """``Paginator(queryset, per_page).get_page(number)``, with the number of
    rows given when it is already known (a cached figure) so the page does
    not count them again.

    ``deferred``: page over the ids alone, then load the page's rows with
    their annotations. A deep page (OFFSET 2 500) would otherwise compute
    every annotation (consent EXISTS subqueries) of every skipped row, and
    PostgreSQL turns an EXISTS in the select list over many estimated rows
    into a hashed subplan that reads the whole consent table (EXPLAIN: 250 ms
    with a department's 100 000 consents); over 25 ids it probes the index.
    One more query, the same number on every page."""
    from django.core.paginator import Paginator

    source = queryset.values_list("pk", flat=True) if deferred else queryset
    paginator = Paginator(source, per_page)
    if count is not None:
        paginator.count = count  # overrides the cached_property
    page = paginator.get_page(number)
    if deferred:
        page.object_list = rows_in_order(queryset, list(page.object_list))
    return page


def rows_in_order(queryset, ids):
    """The rows of ``queryset`` whose pk is in ``ids``, in the order of
    ``ids`` (one query; none for no ids): the second step of an id-first
    list, whose annotations are then computed for these rows only."""
    if not ids:
        return []
    rows = {obj.pk: obj for obj in queryset.filter(pk__in=ids).order_by()}
    return [rows[pk] for pk in ids if pk in rows]


def first_rows(queryset, limit):
    """``list(queryset[:limit])`` id-first: the ids of the first ``limit``
    rows in the queryset's order, then those rows with their annotations
    (see :func:`paginate`'s ``deferred``: an annotated EXISTS over every row
    of an organisation makes PostgreSQL read the whole consent table of the
    database, EXPLAIN: 45 ms for 15 rows of the matching page's waiting
    list in a database holding a department of 100 000 participants). Two
    queries."""
    return rows_in_order(queryset, list(queryset.values_list("pk", flat=True)[:limit]))
