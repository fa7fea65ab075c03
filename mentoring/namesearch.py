"""Finding a person's name in free text, in any grammatical case.

Russian names change with case: «Иванова Маша» is written «Ивановой Маши»,
«у Белоусова Н. А.». A plain substring search misses most of these, so the
forms come from a morphological analyser: pymorphy3 with the OpenCorpora
dictionary (pinned in requirements.txt), which knows surnames, first names
and patronymics as such (tags Surn, Name, Patr) and predicts the paradigm of
unknown surnames. It is used in two places: the check of public texts before
publication and the scrubbing of a destroyed person's name from other
people's texts.
"""

import functools
import re

WORD_RE = re.compile(r"[А-Яа-яЁёA-Za-z-]+\.?")
NAME_TAGS = {"Surn", "Name", "Patr"}


def _norm(word):
    return word.lower().replace("ё", "е").rstrip(".")


@functools.lru_cache(maxsize=1)
def _morph():
    import pymorphy3

    return pymorphy3.MorphAnalyzer()


@functools.lru_cache(maxsize=4096)
def word_forms(word):
    """All case forms of a name part as a frozenset of lowercase strings
    (ё written as е). ``word_forms("Иванова")`` holds «ивановой», «иванову»…
    A word the dictionary does not know as a name gives itself only."""
    word = (word or "").strip()
    if not word:
        return frozenset()
    forms = {_norm(word)}
    # A double surname: each part separately.
    if "-" in word:
        for part in word.split("-"):
            forms |= word_forms(part)
    for parse in _morph().parse(word):
        if NAME_TAGS & set(parse.tag.grammemes):
            forms |= {_norm(f.word) for f in parse.lexeme if f.tag.number != "plur"}
    return frozenset(forms)


def tokens(text):
    return [m.group(0) for m in WORD_RE.finditer(text or "")]


def _is_initial(word):
    return len(word.rstrip(".")) == 1 and word[:1].isupper()


def names_person(text, last_name, first_name, patronymic=""):
    """True when the text names the person: a form of the surname with,
    next to it, a form of the first name or patronymic (within two words),
    the first name's initial in initials order («Иванова М. П.», «М. П.
    Иванова»), or an adjacent capitalised word starting with the first
    name's letter (a diminutive: «Ивановой Маши»). The surname alone is not
    enough: it is often an ordinary word or a namesake; and the patronymic
    initial alone never counts («Новикова В. О.» does not name Новиков П. В.)."""
    words = tokens(text)
    surname = word_forms(last_name)
    if not words or not surname or not first_name:
        return False
    given = word_forms(first_name) | word_forms(patronymic)
    letter = first_name[0].upper()
    for i, word in enumerate(words):
        if _norm(word) not in surname:
            continue
        near = words[max(0, i - 2) : i] + words[i + 1 : i + 3]
        if any(_norm(w) in given for w in near):
            return True
        after = words[i + 1] if i + 1 < len(words) else ""
        before = words[i - 1] if i >= 1 else ""
        before2 = words[i - 2] if i >= 2 else ""
        # Initials after the surname: the first one is the first name's.
        if after and _is_initial(after):
            if after[0] == letter:
                return True
            continue
        # Initials before it: «М. П. Иванова» or «М. Иванова».
        if before and _is_initial(before):
            first = before2 if before2 and _is_initial(before2) else before
            if first[0] == letter:
                return True
            continue
        # A diminutive or a spelling the dictionary lacks, right next to it.
        for w in (after, before):
            if w and w[0].isupper() and w[0] == letter and not _is_initial(w):
                return True
    return False


def scrub(text, replacement, *, last_name, emails=(), extra=()):
    """The text with every form of the surname, every e-mail in ``emails``
    and every string in ``extra`` (full names as typed, phones) replaced.
    Returns ``(new_text, changed)``."""
    if not text:
        return text, False
    new = text
    for value in [*emails, *extra]:
        if value:
            new = re.sub(re.escape(value), replacement, new, flags=re.IGNORECASE)
    forms = word_forms(last_name)
    if forms:

        def repl(match):
            return replacement if _norm(match.group(0)) in forms else match.group(0)

        new = re.sub(r"[А-Яа-яЁёA-Za-z-]+", repl, new)
    return new, new != text


def surname_stems(last_name):
    """Short prefixes to pre-filter rows in the database (``icontains``)
    before the exact check in Python: the common beginning of the forms."""
    forms = sorted(word_forms(last_name))
    if not forms:
        return []
    stem = forms[0]
    for form in forms[1:]:
        while not form.startswith(stem):
            stem = stem[:-1]
    stem = stem if len(stem) >= 3 else _norm(last_name)
    # The database compares letters as stored: try both е and ё spellings.
    return sorted({stem, stem.replace("е", "ё")})
