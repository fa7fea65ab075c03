"""Shared vocabulary of the per-app access tables (``<app>/tests/access.py``).

The sweep in mentoring/tests/test_access_sweep.py walks every URL pattern of
the project and fails when one has no entry in some app's ACCESS table.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

LOGIN = "login"

ROLES = [
    "director",
    "coordinator",
    "methodist",
    "mentor",
    "mentee",
    "specialist",
    "other_methodist",
]
STAFF = ["director", "coordinator", "methodist"]


def everyone(code, *, anonymous=LOGIN):
    """Every role gets ``code``; anonymous users get ``anonymous``."""
    return {**dict.fromkeys(ROLES, code), "anonymous": anonymous}


def staff_only(code=200, *, other=403):
    """The organisation's director, coordinator and methodist get ``code``,
    the rest ``other``; the methodist of another organisation gets 404."""
    expected = everyone(other)
    expected.update(dict.fromkeys(STAFF, code))
    expected["other_methodist"] = 404
    return expected


@dataclass
class Entry:
    url: Callable
    expected: dict
    method: str = "get"
    data: Callable | None = None
    setup: Callable | None = None
    extra: dict = field(default_factory=dict)
    # Outsiders (test_access_sweep.OUTSIDERS) who may read the object the
    # URL names (a department's specialist reads its schools' practices):
    # their refusal is 403, not the 404 of an undisclosed object.
    outsiders_who_see: frozenset = frozenset()
