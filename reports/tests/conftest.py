import pytest


@pytest.fixture(autouse=True)
def _local_cache(settings):
    """A process-local cache, empty for every test: the public pages' cache
    is asserted on (0 queries on a repeat), and a database cache would count
    its own queries."""
    from django.core.cache import cache

    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "t"}
    }
    cache.clear()
    yield
    cache.clear()
