"""Russian-aware name search, and the registry behind the header search.

People type "е" where the name has "ё" ("Семен" for "Семён", "Соловьев" for
"Соловьёв") and rarely mind the case. Every name search of the project goes
through ``words_q``: each typed word must occur, Ё/Е- and case-insensitively,
in one of the given fields.

The comparison is ``UPPER(REPLACE(REPLACE(field, 'ё', 'е'), 'Ё', 'Е')) LIKE
'%WORD%'`` with the word folded the same way in Python. People's names are
searched on a stored column instead (``person_q``): ``Participant.search_name``
holds "ФАМИЛИЯ ИМЯ ОТЧЕСТВО" folded by the database (a generated column),
and on PostgreSQL a trigram GIN index (``pg_trgm``, migration
``0015_i18perf_participant_search_name``) serves ``LIKE '%WORD%'`` on it.
SQLite (development, tests) has no such index and gives the same results:
its LIKE is replaced by a Unicode case-folding one (``sqlite.py``), one
call per row instead of one per name part. Which index serves which page:
docs/performance.md.

The header search (``global_search``) asks every registered source for its
hits within the current user's access. The mentoring app registers people,
pairs and orders; upper apps (roadmaps) register theirs in their
``AppConfig.ready`` through ``register_search_source`` — mentoring never
imports them.
"""

from dataclasses import dataclass

from django.db.models import F, Q, TextField, Value
from django.db.models.functions import Replace, Upper
from django.db.models.lookups import Contains

MAX_WORDS = 4


def fold(text):
    """'Семён' → 'СЕМЕН': the Python side of the database expression."""
    return (text or "").replace("ё", "е").replace("Ё", "Е").upper()


def Folded(field):
    """The database expression of ``fold`` over a field (or a field path)."""
    text = TextField()
    inner = Replace(field, Value("ё"), Value("е"), output_field=text)
    return Upper(Replace(inner, Value("Ё"), Value("Е"), output_field=text), output_field=text)


def search_words(query, limit=MAX_WORDS):
    """The first ``limit`` words of a typed query, folded."""
    return [fold(word) for word in (query or "").split()[:limit]]


def words_q(query, *fields):
    """A ``Q`` that holds when every word of ``query`` occurs in one of the
    ``fields`` (names or ``relation__field`` paths), Ё/Е- and case-insensitively.
    An empty query gives an always-true ``Q()``."""
    condition = Q()
    for word in search_words(query):
        any_field = Q()
        for field in fields:
            any_field |= Q(Contains(Folded(field), word))
        condition &= any_field
    return condition


def person_q(query, prefix=""):
    """What ``words_q`` over a participant's last, first and middle names
    gives, read from the stored folded column ``Participant.search_name``
    ("ФАМИЛИЯ ИМЯ ОТЧЕСТВО"): every word of ``query`` occurs in it. A word
    has no spaces, so it occurs in the joined names exactly when it occurs
    in one of them. One LIKE per row instead of three folded ones; on
    PostgreSQL the trigram index on the column serves it. ``prefix`` is the
    path to the participant (``"participant__"``)."""
    condition = Q()
    for word in search_words(query):
        condition &= Q(Contains(F(prefix + "search_name"), word))
    return condition


# --- header search registry -------------------------------------------------


@dataclass(frozen=True)
class SearchHit:
    """One line of the header search: what it is, its title, where it leads."""

    kind: str
    title: str
    url: str
    note: str = ""


_SOURCES = []

HITS_PER_SOURCE = 8


def register_search_source(source):
    """Add a source: a callable ``source(request, query, limit) -> list[SearchHit]``
    that returns only what ``request.membership`` may open (and ``[]`` for roles
    it does not serve). Registering the same callable twice is a no-op."""
    if source not in _SOURCES:
        _SOURCES.append(source)
    return source


def global_search(request, query, limit=HITS_PER_SOURCE):
    """Hits of every registered source, in registration order, as
    ``[(kind, [SearchHit, …]), …]`` with empty groups left out."""
    if not search_words(query):
        return []
    groups = []
    for source in _SOURCES:
        hits = source(request, query, limit)
        if hits:
            groups.append((hits[0].kind, hits))
    return groups
