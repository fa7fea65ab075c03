"""The public section's cache now lives in `mentoring.public_cache` (the base
app invalidates it and must not import this app); re-exported here so
existing imports keep working."""

from mentoring.public_cache import (  # noqa: F401
    PAGE_TIMEOUT,
    VERSION_TIMEOUT,
    page_key,
    public_cache_bump,
    public_cache_version,
    watch,
)
