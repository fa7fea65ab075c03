"""The cache of the public section ("Наставничество" pages of a school).

Pages are cached per organisation, mode (normal / for the visually
impaired) and path under a *version* of the organisation; bumping the
version forgets them all (old entries are never read again and expire on
their own).

What the public may see must never outlive its cause: a participant who
becomes a minor, withdraws a consent or is anonymised leaves the honour
board at once. So the version is not bumped by hand in chosen services but
by every write of a model the public pages are built from, whatever wrote
it (a service, the admin, an import, a management command): each app
registers its models with `watch` (mentoring below, reports its settings,
roadmaps its roadmaps and positions). Cache invalidation is plumbing, not a
business rule, which is why a model signal is the right tool here. One bump
per organisation per transaction, after it commits. PAGE_TIMEOUT is only a
backstop. Source of the rule: 152-ФЗ ст. 10.1 (publication only while the
consent to it is in force).

Pure Django: the reports app serves the pages, this module only keys and
forgets them (the base app must not import the reports app).
"""

import threading
import time
from collections.abc import Callable

from django.core.cache import cache
from django.core.exceptions import ObjectDoesNotExist
from django.db import transaction
from django.db.models.signals import post_delete, post_save

PAGE_TIMEOUT = 5 * 60
# The version outlives the pages; when it is evicted anyway, the new initial
# value (a clock reading) differs from every version used before.
VERSION_TIMEOUT = 30 * 24 * 60 * 60

_pending = threading.local()
_watched: dict[type, Callable] = {}


def _version_key(slug):
    return f"public:v:{slug}"


def public_cache_version(slug):
    """The current version of the organisation's public pages (an int)."""
    key = _version_key(slug)
    version = cache.get(key)
    if version is None:
        version = time.time_ns()
        cache.add(key, version, VERSION_TIMEOUT)
        version = cache.get(key, version)
    return version


def page_key(slug, version, mode, path):
    return f"public:p:{slug}:{version}:{mode}:{path}"


def _bump_pending():
    ids = getattr(_pending, "ids", set())
    _pending.ids = set()
    if not ids:
        return
    from mentoring.models import Organization

    for slug in Organization.objects.filter(pk__in=ids).values_list("slug", flat=True):
        cache.set(_version_key(slug), time.time_ns(), VERSION_TIMEOUT)


def public_cache_bump(organization):
    """Forget the cached public pages of the organisation (an Organization or
    its id) once the current transaction commits (at once outside one)."""
    organization_id = getattr(organization, "pk", organization)
    if organization_id is None:
        return
    if not hasattr(_pending, "ids"):
        _pending.ids = set()
    _pending.ids.add(organization_id)
    # The first callback of the transaction bumps every pending organisation,
    # the others find nothing to do (an import of 10 000 rows bumps once).
    transaction.on_commit(_bump_pending)


def _changed(sender, instance, **kwargs):
    organization_of = _watched.get(sender)
    if organization_of is None:
        return
    try:
        organization_id = organization_of(instance)
    except (IndexError, AttributeError, ObjectDoesNotExist):
        return  # a vanished parent row (a cascade): its own delete bumps
    public_cache_bump(organization_id)


def watch(model, organization_of: Callable = lambda obj: obj.organization_id):
    """Bump the public cache of ``organization_of(instance)`` (an id) after
    every save or delete of ``model``."""
    _watched[model] = organization_of
    uid = f"public_cache:{model._meta.label_lower}"
    post_save.connect(_changed, sender=model, dispatch_uid=uid + ":save")
    post_delete.connect(_changed, sender=model, dispatch_uid=uid + ":delete")


def watch_mentoring_models():
    """The base app's models the public pages show (called from apps.ready)."""
    from mentoring.models import Consent, Order, Organization, Participant
    from mentoring.models.activities import Attachment, Award, Material, News, Portrait, Practice

    def via_participant(obj):
        from mentoring.models import Participant

        return Participant.objects.filter(pk=obj.participant_id).values_list(
            "organization_id", flat=True
        )[0]

    def attachment_owner(obj):
        return obj.owner.organization_id

    watch(Organization, lambda obj: obj.pk)
    watch(Participant)
    watch(Consent, via_participant)
    watch(Award, via_participant)
    watch(Portrait, via_participant)
    watch(News)
    watch(Practice)
    watch(Material)
    watch(Attachment, attachment_owner)
    watch(Order)
