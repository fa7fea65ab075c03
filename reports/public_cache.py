"""The cache of the public section.

Pages are cached per organisation, mode (normal / for the visually
impaired) and path under a *version* of the organisation. Anything that
changes what the public may see bumps the version after the transaction
commits (``public_cache_bump``): consents given or withdrawn, purges,
publication settings, published orders, news, practices, materials. Old
entries are never read again and expire on their own.

Changes that do not pass through a bumping service (a participant's card
edited, a roadmap activity ticked) show after PAGE_TIMEOUT at the latest:
a short timeout is the backstop, the version is what privacy relies on.
"""

import time
from functools import partial

from django.core.cache import cache
from django.db import transaction

PAGE_TIMEOUT = 5 * 60
# The version outlives the pages; when it is evicted anyway, the new initial
# value (a clock reading) differs from every version used before.
VERSION_TIMEOUT = 30 * 24 * 60 * 60


def _version_key(slug):
    return f"public:v:{slug}"


def public_cache_version(slug):
    key = _version_key(slug)
    version = cache.get(key)
    if version is None:
        version = time.time_ns()
        cache.add(key, version, VERSION_TIMEOUT)
        version = cache.get(key, version)
    return version


def page_key(slug, version, mode, path):
    return f"public:p:{slug}:{version}:{mode}:{path}"


def _bump_now(organization_id):
    from mentoring.models import Organization

    slug = Organization.objects.filter(pk=organization_id).values_list("slug", flat=True).first()
    if slug:
        cache.set(_version_key(slug), time.time_ns(), VERSION_TIMEOUT)


def public_cache_bump(organization):
    """Forget the cached public pages of the organisation (an Organization or
    its id) once the current transaction commits."""
    organization_id = getattr(organization, "pk", organization)
    transaction.on_commit(partial(_bump_now, organization_id))
