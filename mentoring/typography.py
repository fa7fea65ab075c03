"""Russian typography of printed documents: one helper every document uses.

* ``nbsp(text)`` puts non-breaking spaces where a line must not break: after
  «№», between initials and a surname («Е. В. Ростовская», «Ростовская Е. В.»),
  after the short words of addresses and units («д. 11», «г. Энск», «ул. Мира»),
  and before «г.»/«гг.» after a year («2026 г.»). The source is the usual rule of
  Russian typesetting (Мильчин А. Э., Чельцова Л. К. «Справочник издателя и
  автора», § 8.3: an abbreviation stays on the line of the word or number it
  belongs to); ГОСТ Р 7.0.97-2016 п. 5.8 writes the registration number as
  «№ 11» and the signature as initials before the surname.
* ``normalize_title(title)`` turns an imported document title into text that can
  be quoted inside a sentence: outer quotes and a closing period removed, the
  quotes inside turned into the inner pair „…“ (outer «…» are put by the
  caller), capitals carried over from a table heading lowered, hyphens between
  years turned into an en dash.
"""

import re

NBSP = "\u00a0"

_NUMBER_SIGN = re.compile(r"№\s*(?=\S)")
# «Е. В. Ростовская»: initials before a surname.
_INITIALS_BEFORE = re.compile(r"\b([А-ЯЁ]\.)\s+([А-ЯЁ]\.)?\s*(?=[А-ЯЁ][а-яё])")
# «Ростовская Е. В.»: a surname, then initials.
_INITIALS_AFTER = re.compile(r"([А-ЯЁ][а-яё]+)\s+([А-ЯЁ]\.)\s*([А-ЯЁ]\.)?")
# Short words that stay with what follows: д. 11, г. Энск, ул. Мира, стр. 2, к. 3.
_SHORT_WORDS = re.compile(
    r"(?<![\w.])(д|г|ул|пр|пер|стр|корп|к|каб|оф|с|п|пгт|рп|пос|обл|ст|ч|п\.п|пп|т|тел)\.\s+"
    r"(?=[\w«\"])",
    re.IGNORECASE,
)
# «2026 г.», «2021–2024 гг.»: the year and its abbreviation stay together.
_YEAR_ABBREVIATION = re.compile(r"(\d)\s+(гг?\.)")


def nbsp(text):
    """The text with non-breaking spaces where Russian typesetting forbids a
    line break. ``text`` is plain text (not HTML); ``None`` gives ``""``."""
    if not text:
        return ""
    text = _NUMBER_SIGN.sub("№" + NBSP, str(text))
    text = _INITIALS_BEFORE.sub(
        lambda m: m.group(1) + (NBSP + m.group(2) if m.group(2) else "") + NBSP, text
    )
    text = _INITIALS_AFTER.sub(
        lambda m: m.group(1) + NBSP + m.group(2) + (NBSP + m.group(3) if m.group(3) else ""),
        text,
    )
    text = _SHORT_WORDS.sub(lambda m: m.group(0).rstrip() + NBSP, text)
    text = _YEAR_ABBREVIATION.sub(lambda m: m.group(1) + NBSP + m.group(2), text)
    return text


_QUOTE_CHARS = "«»„“”\"'‘’"
_YEARS = re.compile(r"(\d{4})\s*[-‐‑–—]\s*(\d{4})")
_PERIOD_TAIL = re.compile(
    r"[\s,]+(?:на\s+)?(?:период\s+)?(\d{4})(?:\s*[-–—/]\s*(\d{4}))?\s*"
    r"(учебн\w*\s+год\w*|гг?\.?|год[аы]?|годов)?\s*$",
    re.IGNORECASE,
)
_ALL_CAPS_RUN = re.compile(r"(?:\b[А-ЯЁ]{2,}\b[\s()]*){2,}")


def _inner_quotes(text):
    """Every pair of quotes inside a title becomes „…“ (the inner pair of
    Russian typesetting: «…» outside, „…“ inside)."""
    out, opened = [], False
    for i, char in enumerate(text):
        if char in "«„":
            out.append("„")
            opened = True
        elif char in "»“":
            out.append("“")
            opened = False
        elif char in '"”':
            # A straight quote opens at the start or after a space or bracket.
            before = text[i - 1] if i else " "
            if not opened and (before.isspace() or before in "(["):
                out.append("„")
                opened = True
            else:
                out.append("“")
                opened = False
        else:
            out.append(char)
    return "".join(out)


def _lower_line_starts(title):
    """A capital at the start of a line of a multi-line title comes from the
    line break of a table heading, not from the language: 'Реализации' on a
    new line becomes 'реализации' (an abbreviation such as МАОУ is kept)."""
    lines = [line.strip() for line in str(title or "").splitlines() if line.strip()]
    out = lines[:1]
    for line in lines[1:]:
        first, _, rest = line.partition(" ")
        bare = first.lstrip('«„"(')
        if bare[:1].isupper() and (bare[1:2].islower() or len(bare) == 1):
            first = first[: len(first) - len(bare)] + bare[0].lower() + bare[1:]
        out.append(f"{first} {rest}".strip())
    return " ".join(out)


def _lower_caps_runs(text):
    """'ДОРОЖНАЯ КАРТА (ПЛАН МЕРОПРИЯТИЙ)' → 'дорожная карта (план мероприятий)':
    a run of capitalised words with a long one is shouting, not abbreviations
    (МБОУ СОШ stays)."""

    def lower(match):
        run = match.group(0)
        if max(len(w) for w in re.findall(r"[А-ЯЁ]+", run)) < 6:
            return run
        return run.lower()

    return _ALL_CAPS_RUN.sub(lower, text)


def normalize_title(title):
    """An imported document title ready to be quoted in a sentence.

    '«Дорожная карта»\nРеализации целевой модели на 2021-2024 год.' →
    '„Дорожная карта“ реализации целевой модели на 2021–2024 год'.
    The first letter keeps its case; the caller decides. Capitals in the
    middle of a line are kept (names of documents and organisations).
    """
    text = _lower_caps_runs(_lower_line_starts(title))
    text = text.rstrip(" .;")
    # Outer quotes around the whole title go: the caller quotes it.
    while len(text) > 1 and text[0] in _QUOTE_CHARS and text[-1] in _QUOTE_CHARS:
        inner = text[1:-1]
        if sum(inner.count(c) for c in _QUOTE_CHARS) % 2:
            break
        text = inner.strip().rstrip(" .;")
    text = _YEARS.sub(lambda m: f"{m.group(1)}–{m.group(2)}", text)
    # '«Дорожная карта» Реализации …': a quoted lead-in followed by a
    # capital is a heading split in two, the continuation is lowered.
    text = re.sub(
        r"^([«„\"][^«»„“\"]+[»“\"]\s+)([А-ЯЁ])(?=[а-яё])",
        lambda m: m.group(1) + m.group(2).lower(),
        text,
    )
    return _inner_quotes(text)


def heading_title(title):
    """An imported document title as the heading of the document itself
    (not quoted in a sentence): ``normalize_title`` with the quotes back to
    the outer pair «…» and the first letter capitalised.

    '«Дорожная карта»\nРеализации целевой модели\nВ МАОУ «СОШ № 11» на
    2021-2024 год.' → '«Дорожная карта» реализации целевой модели в МАОУ
    «СОШ № 11» на 2021–2024 год'."""
    text = normalize_title(title).replace("„", "«").replace("“", "»")
    return text[:1].upper() + text[1:]


def strip_period(title):
    """(title without a trailing 'на 2021–2024 год' or '2022 год', the period
    phrase to print after it or None): 'на 2021–2024 годы', 'на 2025–2026
    учебный год', 'на 2022 год'."""
    match = _PERIOD_TAIL.search(title)
    if not match:
        return title, None
    start, end, unit = match.group(1), match.group(2), (match.group(3) or "").lower()
    if not end and not unit and not title[: match.start()].rstrip().endswith("на"):
        return title, None  # a bare number at the end is not a period
    if "учебн" in unit:
        phrase = f"на {start}–{end} учебный год" if end else f"на {start} учебный год"
    elif end:
        phrase = f"на {start}–{end} годы"
    else:
        phrase = f"на {start} год"
    return title[: match.start()].rstrip(" ,"), phrase


def lower_first(text):
    """'Дорожная карта' → 'дорожная карта' (an abbreviation is kept)."""
    if len(text) > 1 and text[1:2].isupper():
        return text
    return text[:1].lower() + text[1:]


# --- periods as the pages and reports print them ------------------------------------

EN_DASH = "\u2013"
ROMAN_QUARTERS = {1: "I", 2: "II", 3: "III", 4: "IV"}
_YEAR_CODE = re.compile(r"\s*(\d{4})\s*[-‐‑–—/]\s*(\d{4})\s*")
_QUARTER_CODE = re.compile(r"\s*(\d{4})\s*-\s*Q([1-4])\s*", re.IGNORECASE)


def academic_year_range(start_year):
    """The academic year starting in ``start_year`` as printed: "2026–2027"
    (an en dash between the years, no spaces: Мильчин, § 8.4; not the hyphen
    of the stored codes "2026-2027"). The one way every page, PDF and XLSX
    writes a range of academic years."""
    start_year = int(start_year)
    return f"{start_year}{EN_DASH}{start_year + 1}"


def academic_year_label(start_year):
    """ "2026–2027 учебный год" for 2026 (see :func:`academic_year_range`)."""
    return f"{academic_year_range(start_year)} учебный год"


def quarter_label(year, number):
    """A calendar quarter as the reports and the quarterly diagnostics name
    it: "IV квартал 2026 г." for (2026, 4)."""
    return f"{ROMAN_QUARTERS[int(number)]} квартал {int(year)} г."


def quarter_of(day):
    """(year, number) of the calendar quarter of a date."""
    return day.year, (day.month - 1) // 3 + 1


def period_code_label(code):
    """The label of a stored period code: "2026-2027" → "2026–2027 учебный
    год", "2026-Q4" → "IV квартал 2026 г."; any other text as it is (the
    code itself is kept as stored)."""
    code = code or ""
    match = _YEAR_CODE.fullmatch(code)
    if match and int(match[2]) == int(match[1]) + 1:
        return academic_year_label(match[1])
    match = _QUARTER_CODE.fullmatch(code)
    if match:
        return quarter_label(match[1], match[2])
    return code
