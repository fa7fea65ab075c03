"""SQLite's LIKE folds case for ASCII only, so `icontains` would miss
'Математика' when searching 'матем'. On SQLite (the development default) the
LIKE function is replaced by one that folds Unicode case, as PostgreSQL's
UPPER() does."""

import functools
import re


@functools.lru_cache(maxsize=256)
def _compile(pattern, escape):
    parts, i = [], 0
    while i < len(pattern):
        char = pattern[i]
        if escape and char == escape and i + 1 < len(pattern):
            parts.append(re.escape(pattern[i + 1]))
            i += 2
            continue
        parts.append(".*" if char == "%" else "." if char == "_" else re.escape(char))
        i += 1
    return re.compile("".join(parts), re.IGNORECASE | re.DOTALL)


@functools.lru_cache(maxsize=256)
def _plain_needle(pattern, escape):
    """'%word%' with no other wildcard or escape → 'word' (a substring test
    is several times faster than the regular expression); else None."""
    inner = pattern[1:-1] if len(pattern) >= 2 and pattern[0] == pattern[-1] == "%" else None
    if inner is None or "%" in inner or "_" in inner or (escape and escape in inner):
        return None
    return inner


def unicode_like(pattern, value, escape=None):
    if pattern is None or value is None:
        return None
    pattern = pattern.casefold()
    needle = _plain_needle(pattern, escape)
    if needle is not None:
        return needle in str(value).casefold()
    return _compile(pattern, escape).fullmatch(str(value).casefold()) is not None


def install(sender, connection, **kwargs):
    if connection.vendor == "sqlite":
        raw = connection.connection
        raw.create_function("like", 2, unicode_like, deterministic=True)
        raw.create_function("like", 3, unicode_like, deterministic=True)
