"""Interpretation of roadmap deadline phrases ("сроки").

Roadmaps state deadlines as Russian phrases, not dates: "Декабрь 2021 г.",
"ежегодно, апрель-май", "До 01.11 каждого учебного года", "1 раз в четверть",
"В течение всего периода"... `parse_deadline` turns such a phrase into a `Deadline`
with the date windows the phrase denotes inside the roadmap period, so that the
app can tell whether an activity is due or overdue.

Pure Python: no Django imports.

Kinds (``Deadline.kind``):

- ``date``: one or more exact dates, possibly "до"/"не позднее" a date
  ("15.09.2025", "до 25.12.2022", "к 1 сентября 2025 г.").
- ``range``: an explicit span between two dated points ("01.09.2022 - 30.09.2022",
  "Сентябрь 2021 – Май 2024").
- ``months``: one month or one month range, or a named quarter/half-year
  ("Декабрь 2021 г.", "Март-апрель 2023 года", "Сентябрь-октябрь", "I квартал 2024").
- ``yearly``: explicitly repeated every year ("ежегодно, апрель-май",
  "До 01.11 каждого учебного года", "ежегодно").
- ``quarterly``: once per school quarter ("1 раз в четверть", "ежеквартально"),
  or once per half-year ("1 раз в полугодие", "по итогам каждого полугодия":
  Sep–Dec and Jan–May of each school year, calendar halves in a calendar plan).
- ``listed_months``: several separate months ("Март, июнь, сентябрь, декабрь"),
  also "ежемесячно" (every month of the period).
- ``multi_year``: whole years without months ("2023-2025 гг.", "2022 год",
  "2025-2026 учебный год").
- ``continuous``: throughout ("В течение всего периода", "Постоянно", "Весь период",
  "в течение учебного года", "по мере необходимости", "по запросу").
  "По мере необходимости" is *continuous* on purpose: the activity may happen at
  any time within the period, so its only meaningful window is the whole period.
- ``unparsed``: anything else ("по отдельному графику": the schedule lives in
  another document, so no window can be derived).

Period rules: ``period_start``/``period_end`` are calendar years of the roadmap
period. When ``period_end > period_start`` the period is the academic years
1 Sep ``period_start`` .. 31 Aug ``period_end``; when they are equal it is the
calendar year. With only one of them given, the period is one academic year. A month
without a year belongs to an academic year: Sep-Dec to its first calendar year,
Jan-Aug to the second; such phrases repeat once per academic year of the period.
Phrases with their own years use them and ignore the period. Without any period,
phrases without years are still recognised but have no occurrences.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

__all__ = ["KINDS", "Deadline", "parse_deadline", "period_is_calendar"]

KINDS = (
    "date",
    "range",
    "months",
    "yearly",
    "quarterly",
    "listed_months",
    "multi_year",
    "continuous",
    "unparsed",
)

Window = tuple[date, date]


@dataclass(frozen=True)
class Deadline:
    """A deadline phrase and the date windows it denotes.

    ``text`` is the phrase exactly as given; ``occurrences`` are inclusive
    (start, end) windows in chronological order; ``recognized`` is False only for
    kind ``unparsed``.
    """

    text: str
    kind: str
    occurrences: tuple[Window, ...]
    recognized: bool


# --- vocabulary -------------------------------------------------------------

# Month stems; the inflected endings are matched by the regex below, so
# "январь", "января", "январе", "январю" all hit. "ма[йяюе]" needs its own ending
# so that "март" is not read as May.
_MONTH_STEMS = (
    ("январ", 1),
    ("феврал", 2),
    ("март", 3),
    ("апрел", 4),
    ("ма[йяюе]", 5),
    ("июн", 6),
    ("июл", 7),
    ("август", 8),
    ("сентябр", 9),
    ("октябр", 10),
    ("ноябр", 11),
    ("декабр", 12),
)
_MONTH_WORD = (
    r"\b(?:"
    + "|".join(
        f"(?P<m{num}>{stem}{'' if stem.startswith('ма[') else '[а-я]*'})"
        for stem, num in _MONTH_STEMS
    )
    + r")\b\.?"
)
# Year, optionally followed by "г.", "гг.", "год", "года", "годов", "году"...
_YEAR = r"(?P<{name}>(?:19|20)\d{{2}})(?:\s*(?:гг?\b\.?|год[а-я]*))?"
_YEAR_RE = re.compile(r"\b" + _YEAR.format(name="y"))
_YEAR_RANGE_RE = re.compile(
    r"\b" + _YEAR.format(name="y1") + r"\s*(?:-|/|по|до)\s*" + _YEAR.format(name="y2")
)
# "2025/26 учебный год"
_SHORT_YEAR_RANGE_RE = re.compile(r"\b(?P<y1>(?:19|20)\d{2})\s*[-/]\s*(?P<y2>\d{2})\b(?!\.)")
_MONTH_RE = re.compile(_MONTH_WORD + r"(?:\s*" + _YEAR.format(name="y") + r")?")
_NUM_DATE_RE = re.compile(
    r"(?<![\d.])(?P<d>\d{1,2})\.(?P<mo>\d{1,2})(?:\.(?P<y>\d{4}|\d{2}))?(?![\d])"
    r"(?:\s*(?:гг?\b\.?|год[а-я]*))?"
)
_WORD_DATE_RE = re.compile(
    r"(?<![\d.])(?P<d>\d{1,2})\s+" + _MONTH_WORD + r"(?:\s*" + _YEAR.format(name="y") + r")?"
)
_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "1": 1, "2": 2, "3": 3, "4": 4}
_ORDINALS = {"перв": 1, "втор": 2, "трет": 3, "четверт": 4}
_PART_RE = re.compile(
    r"(?:\b(?P<num>iv|iii|ii|i|[1-4])(?:\s*-?\s*(?:й|я|ый|ая|ое))?|\b(?P<word>перв|втор|трет|четверт)[а-я]*)"
    r"\s+(?P<unit>квартал|четверт|полугоди|триместр)[а-я]*"
    r"(?:\s*" + _YEAR.format(name="y") + r")?"
)

# "до"/"не позднее"/"к" before a date: the window runs up to that date.
_BY_RE = re.compile(r"(?:\bдо|\bне\s+позднее|\bне\s+позже|\bк|\bпо)\s*$")
_RANGE_SEP_RE = re.compile(r"^\s*(?:-|по|до)\s*$")
_FROM_RE = re.compile(r"(?:\bс|\bот|\bначиная\s+с)\s*$")

_YEARLY_RE = re.compile(
    r"ежегодн|каждый\s+(?:учебный\s+)?год|каждого\s+(?:учебного\s+|календарного\s+)?года"
    r"|в\s+каждом\s+(?:учебном\s+)?году|раза?\s+в\s+год\b"
)
_QUARTERLY_RE = re.compile(
    r"ежекварт|поквартальн|раз\s+в\s+(?:четверть|квартал)|кажд(?:ую|ой|ый|ого)\s+(?:четверт|квартал)"
    r"|по\s+(?:итогам|окончании)\s+(?:каждой\s+)?четверт|по\s+четвертям|по\s+кварталам"
)
_HALF_YEARLY_RE = re.compile(
    r"раз\s+в\s+(?:полугоди|семестр)|кажд(?:ое|ого|ом|ый)\s+(?:полугоди|семестр)"
    r"|по\s+(?:итогам|окончании)\s+полугодий|по\s+полугодиям|по\s+семестрам"
)
_MONTHLY_RE = re.compile(r"ежемесячн|раз\s+в\s+месяц|каждый\s+месяц|кажд(?:ого|ом)\s+месяц")
_CONTINUOUS_RE = re.compile(
    r"в\s+течени[еи]|весь\s+период|всего\s+периода|постоянн|на\s+протяжении|систематическ"
    r"|регулярн|в\s+период\s+реализации|по\s+мере\s+необходимости|по\s+необходимости"
    r"|по\s+запросу|по\s+мере\s+(?:поступления|возникновения)|в\s+ходе\s+реализации"
    r"|круглогодичн|весь\s+(?:учебный\s+)?год|ежедневн|еженедельн"
)
_ACADEMIC_RE = re.compile(r"учебн")
_PAREN_RE = re.compile(r"\([^()]*\)")

# School quarters (четверти) as (start month, start day, end month, end day),
# in academic order. Approximate: real term dates vary by region and school.
_SCHOOL_QUARTERS = ((9, 1, 10, 31), (11, 1, 12, 31), (1, 1, 3, 31), (4, 1, 5, 31))
_SCHOOL_HALVES = ((9, 1, 12, 31), (1, 1, 5, 31))
_CALENDAR_QUARTERS = ((1, 1, 3, 31), (4, 1, 6, 30), (7, 1, 9, 30), (10, 1, 12, 31))
_CALENDAR_HALVES = ((1, 1, 6, 30), (7, 1, 12, 31))


# --- helpers ----------------------------------------------------------------


def _normalize(text: str) -> str:
    """Lower-case, ё→е, one kind of dash, single spaces."""
    s = text.lower().replace("ё", "е")
    s = re.sub(r"[\u2010-\u2015\u2212\u00ad]", "-", s)
    s = s.replace("\u00a0", " ")
    s = re.sub(r"\s*-\s*", " - ", s)
    s = re.sub(r"\s+", " ", s)
    # Undo the spacing for hyphenated words ("1-й", "2-х") and dates are unaffected.
    s = re.sub(r"(?<=\d) - (?=[а-я])", "-", s)
    # "уч. г.", "уч.г.", "уч. года", "уч." are "учебный год" / "учебный".
    s = re.sub(r"\bуч\.?\s*(?:г\b\.?|год[а-я]*)", "учебный год", s)
    s = re.sub(r"\bуч\b\.?", "учебный", s)
    # The school year's ends: "в конце учебного года" is May, "в начале" September.
    s = re.sub(r"\b(?:в\s+)?конц[еа]\s+(?:каждого\s+)?учебного\s+года", "май", s)
    s = re.sub(r"\b(?:в\s+)?начал[еа]\s+(?:каждого\s+)?учебного\s+года", "сентябрь", s)
    return s.strip()


def _month_of(match: re.Match) -> int:
    for _stem, num in _MONTH_STEMS:
        if match.group(f"m{num}"):
            return num
    raise AssertionError("month regex matched without a month group")


def _year(value: str | None) -> int | None:
    if not value:
        return None
    year = int(value)
    return year + 2000 if year < 100 else year


def _last_day(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _ay_year(first_year: int, month: int) -> int:
    """Calendar year of `month` within the academic year starting in `first_year`."""
    return first_year if month >= 9 else first_year + 1


def _ay_start(d: date) -> date:
    return date(d.year if d.month >= 9 else d.year - 1, 9, 1)


class _Period:
    """The roadmap period: its date bounds and the academic years it overlaps.

    ``calendar`` is a period in calendar years ("в 2023-2024 годах", a regional
    plan): 1 Jan ``start`` .. 31 Dec ``end``, with calendar quarters."""

    def __init__(self, start: int | None, end: int | None, calendar: bool = False):
        self.calendar = calendar
        if start is None and end is None:
            self.bounds: Window | None = None
            self.academic_years: list[int] = []
            return
        if start is None:
            start = end - 1
        if end is None:
            end = start + 1
        if end < start:
            start, end = end, start
        if end == start or calendar:
            self.bounds = (date(start, 1, 1), date(end, 12, 31))
        else:
            self.bounds = (date(start, 9, 1), date(end, 8, 31))
        lo, hi = self.bounds
        self.academic_years = [
            y
            for y in range(lo.year - 1, hi.year + 1)
            if date(y, 9, 1) <= hi and date(y + 1, 8, 31) >= lo
        ]

    def clip(self, windows: list[Window]) -> tuple[Window, ...]:
        """Keep windows that overlap the period, sorted and without duplicates.

        Windows carrying the phrase's own years are marked with `_Explicit` and
        kept even outside the period: the document says so.
        """
        kept = []
        for w in windows:
            explicit = isinstance(w, _Explicit)
            w = (w[0], w[1])
            if (
                explicit
                or self.bounds is None
                or (w[0] <= self.bounds[1] and w[1] >= self.bounds[0])
            ):
                kept.append(w)
        return tuple(sorted(set(kept)))


class _Explicit(tuple):
    """A window whose years come from the phrase itself, not from the period."""

    __slots__ = ()


def _explicit(start: date, end: date) -> Window:
    return _Explicit((start, end))


def _month_window(year: int, month: int) -> Window:
    return (date(year, month, 1), _last_day(year, month))


def _span_window(year1: int, month1: int, year2: int, month2: int) -> Window:
    return (date(year1, month1, 1), _last_day(year2, month2))


def _consume(s: str, spans: list[tuple[int, int]]) -> str:
    """Blank out matched spans so later patterns do not see them again."""
    chars = list(s)
    for a, b in spans:
        for i in range(a, b):
            chars[i] = " "
    return "".join(chars)


# --- main entry point -------------------------------------------------------


def parse_deadline(
    text: str,
    *,
    period_start: int | None = None,
    period_end: int | None = None,
    calendar: bool = False,
) -> Deadline:
    """Interpret a deadline phrase; see the module docstring for kinds and rules.

    ``calendar`` says the roadmap period is in calendar years (see
    `period_is_calendar`): "ежеквартально" then gives calendar quarters and
    the period runs 1 Jan .. 31 Dec. Never raises for any string input: what
    cannot be interpreted is returned as kind ``unparsed`` with no occurrences.
    """
    period = _Period(period_start, period_end, calendar)
    s = _normalize(text or "")
    # Parenthesised remarks are additions ("ежегодно декабрь (дополнительно в течение
    # года)"); the main deadline is what stays outside them. Fall back to the
    # whole phrase when the remark is all there is. Months named only in the
    # remark are the deadline's months: "2 раза в год (декабрь, май)".
    core = _PAREN_RE.sub(" ", s).strip() or s.replace("(", " ").replace(")", " ")
    if not _MONTH_RE.search(core):
        months_in_remark = [p for p in _PAREN_RE.findall(s) if _MONTH_RE.search(p)]
        if months_in_remark:
            core = core + " " + " ".join(p.strip("()") for p in months_in_remark)
    core = re.sub(r"\s+", " ", core).strip()

    result = _parse_core(core, period)
    if result is None:
        return Deadline(text=text, kind="unparsed", occurrences=(), recognized=False)
    kind, windows = result
    return Deadline(text=text, kind=kind, occurrences=period.clip(windows), recognized=True)


def period_is_calendar(title: str) -> bool:
    """Whether a roadmap title states its period in calendar years: "в 2023-2024
    годах", "на 2023–2025 гг.", "на 2024 год" (a regional or municipal plan),
    as opposed to academic years ("2023/2024 учебный год", "2023-2024 уч. г.",
    "сентябрь 2022 г. - май 2024 г.").
    The same rule decides for every deadline of the roadmap."""
    s = _normalize(title or "")
    if _ACADEMIC_RE.search(s):
        return False
    if re.search(r"(?:19|20)\d{2}\s*/\s*(?:19|20)?\d{2}", s):
        return False  # "2023/24" is written for academic years
    school_months = re.search(
        r"(?:август|сентябр)[а-я]*\s+(?:19|20)\d{2}\s*(?:г\.|года?)?\s*(?:-|по|до)\s*"
        r"(?:ма[йяе]|июн[а-я]*|июл[а-я]*|август[а-я]*)\s+(?:19|20)\d{2}",
        s,
    )
    if school_months:
        return False  # "сентябрь 2022 г. - май 2024 г.": school years, month to month
    year_range = re.search(r"(?:19|20)\d{2}\s*(?:-|по|до)\s*(?:19|20)\d{2}(?P<unit>\s*\S*)", s)
    if year_range:
        # "на 2021-2024 год" (singular) is how schools write; "годах", "годы",
        # "гг." are calendar years.
        return bool(re.match(r"\s*(?:годах|годы|гг\b)", year_range.group("unit")))
    return bool(re.search(r"\b(?:19|20)\d{2}\s*(?:год\b|году\b|г\.)", s))


_SEVERAL_A_YEAR_RE = re.compile(r"\b(?:[2-9]|два|две|три|четыре)\s+раза?\s+в\s+год")
_THEN_YEARLY_RE = re.compile(r"\bдалее\s*[-,]?\s*(?:-\s*)?ежегодно(?P<tail>.*)$")


def _parse_then_yearly(s: str, period: _Period) -> tuple[str, list[Window]] | None:
    """ "Декабрь 2020 г., далее – ежегодно": December of every year of the period
    from 2020 on; "Май 2022, далее ежегодно в сентябре": May 2022, then September
    of each following year. Never a window before the first stated month, nor
    before the period: a first month before the period only starts the
    repetition ("Декабрь 2020 г., далее – ежегодно" in a 2023–2025 roadmap is
    December of 2023 and 2024), it is not a slot of this roadmap."""
    m = _THEN_YEARLY_RE.search(s)
    if not m:
        return None
    head = s[: m.start()]
    first = list(_MONTH_RE.finditer(head))
    if len(first) != 1 or not first[0].group("y"):
        return None
    month, year = _month_of(first[0]), _year(first[0].group("y"))
    tail = list(_MONTH_RE.finditer(m.group("tail")))
    repeat = _month_of(tail[0]) if len(tail) == 1 else month
    start = _month_window(year, month)
    # The stated month is kept even outside the period like any explicit date,
    # unless the period has already begun after it: then it is history.
    before_period = period.bounds is not None and start[1] < period.bounds[0]
    windows: list[Window] = [start if before_period else _explicit(*start)]
    last_year = period.bounds[1].year if period.bounds else year
    for y in range(year, last_year + 1):
        window = _month_window(y, repeat)
        if window[0] > start[1]:
            windows.append(window)
    return "yearly", windows


def _parse_core(s: str, period: _Period) -> tuple[str, list[Window]] | None:
    then_yearly = _parse_then_yearly(s, period)
    if then_yearly is not None:
        return then_yearly
    yearly = bool(_YEARLY_RE.search(s))
    academic = bool(_ACADEMIC_RE.search(s))

    dated = _parse_dates(s, period, yearly)
    if dated is not None:
        return dated

    parts = _parse_parts(s, period)
    if parts is not None:
        return parts

    if _QUARTERLY_RE.search(s):
        return "quarterly", _each_part(period, _CALENDAR_QUARTERS, _SCHOOL_QUARTERS)

    months = _parse_months(s, period, yearly)
    if months is not None:
        return months

    # After the months: "1 раз в полугодие (декабрь, май)" names its months.
    if _HALF_YEARLY_RE.search(s):
        return "quarterly", _each_part(period, _CALENDAR_HALVES, _SCHOOL_HALVES)

    years = _parse_years(s, academic)
    if years is not None:
        kind, windows = years
        if _CONTINUOUS_RE.search(s):
            kind = "continuous"
        return kind, windows

    if yearly:
        if _SEVERAL_A_YEAR_RE.search(s):
            # "2 раза в год" without its months: two dates a year nobody named;
            # one whole-year window would misstate it, so it stays unparsed.
            return None
        return "yearly", [(date(ay, 9, 1), date(ay + 1, 8, 31)) for ay in period.academic_years]
    if _MONTHLY_RE.search(s):
        return "listed_months", [
            _month_window(_ay_year(ay, m), m) for ay in period.academic_years for m in range(1, 13)
        ]
    if _CONTINUOUS_RE.search(s):
        return "continuous", [period.bounds] if period.bounds else []
    return None


def _each_part(period: _Period, calendar_parts, school_parts) -> list[Window]:
    """One window per part of every year of the period: calendar quarters or
    halves in a plan in calendar years, the school's in a school plan (parts
    as (month, day, month, day) tuples, e.g. _CALENDAR_QUARTERS)."""
    if period.calendar and period.bounds:
        return [
            (date(y, m1, d1), date(y, m2, d2))
            for y in range(period.bounds[0].year, period.bounds[1].year + 1)
            for m1, d1, m2, d2 in calendar_parts
        ]
    return [_quarter_window(ay, part) for ay in period.academic_years for part in school_parts]


def _quarter_window(first_year: int, q: tuple[int, int, int, int]) -> Window:
    m1, d1, m2, d2 = q
    return (date(_ay_year(first_year, m1), m1, d1), date(_ay_year(first_year, m2), m2, d2))


def _parse_dates(s: str, period: _Period, yearly: bool) -> tuple[str, list[Window]] | None:
    """Exact dates: "15.09.2025", "до 01.11", "01.09.2022 - 30.09.2022", "к 1 сентября"."""
    found: list[tuple[int, int, int, int, int | None]] = []  # start, end, day, month, year
    for m in _NUM_DATE_RE.finditer(s):
        day, month = int(m.group("d")), int(m.group("mo"))
        if 1 <= day <= 31 and 1 <= month <= 12:
            found.append((m.start(), m.end(), day, month, _year(m.group("y"))))
    for m in _WORD_DATE_RE.finditer(s):
        day = int(m.group("d"))
        if 1 <= day <= 31:
            found.append((m.start(), m.end(), day, _month_of(m), _year(m.group("y"))))
    if not found:
        return None
    found.sort()

    # A year given only once at the end applies to the dates before it
    # ("с 01.09 по 30.09.2022").
    explicit_years = [f[4] for f in found if f[4] is not None]

    windows: list[Window] = []
    has_range = False
    any_without_year = False
    i = 0
    while i < len(found):
        start, end, day, month, year = found[i]
        before = s[:start]
        nxt = found[i + 1] if i + 1 < len(found) else None
        if nxt is not None and _RANGE_SEP_RE.match(s[end : nxt[0]]):
            # A range of two dates.
            has_range = True
            y2 = nxt[4]
            y1 = year
            if y1 is None and y2 is not None:
                y1 = y2 if (month, day) <= (nxt[3], nxt[2]) else y2 - 1
            if y1 is not None and y2 is not None:
                a, b = _safe_date(y1, month, day), _safe_date(y2, nxt[3], nxt[2])
                if a and b and a <= b:
                    windows.append(_explicit(a, b))
            else:
                any_without_year = True
                for ay in period.academic_years:
                    a = _safe_date(_ay_year(ay, month), month, day)
                    b = _safe_date(_ay_year(ay, nxt[3]), nxt[3], nxt[2])
                    if a and b and a <= b:
                        windows.append((a, b))
            i += 2
            continue
        by = bool(_BY_RE.search(before))
        if year is None and len(explicit_years) == 1 and explicit_years[0] is not None:
            year = explicit_years[0] if not yearly else None
        if year is not None:
            d = _safe_date(year, month, day)
            if d:
                windows.append(_explicit(_by_start(d, period) if by else d, d))
        else:
            any_without_year = True
            for ay in period.academic_years:
                d = _safe_date(_ay_year(ay, month), month, day)
                if d:
                    windows.append((date(ay, 9, 1) if by else d, d))
        i += 1

    if any_without_year and (yearly or not explicit_years):
        return "yearly", windows
    if has_range:
        return "range", windows
    return "date", windows


def _by_start(d: date, period: _Period) -> date:
    """Start of a "до <date>" window: the academic year's start, not before the period."""
    start = _ay_start(d)
    if period.bounds is not None and start < period.bounds[0] <= d:
        start = period.bounds[0]
    return start


_AY_AFTER_RE = re.compile(r"^\s*(?P<y1>(?:19|20)\d{2})\s*[-/]\s*(?P<y2>(?:19|20)?\d{2})(?!\d)")


def _parse_parts(s: str, period: _Period) -> tuple[str, list[Window]] | None:
    """Named quarters and halves: "I квартал 2024", "II четверть", "1 полугодие".

    A half-year or quarter followed by an academic year ("I полугодие 2023/24",
    "2 полугодие 2023-2024 учебный год") is the school's: Sep–Dec of the first
    year, Jan–May of the second."""
    windows: list[Window] = []
    found = False
    for m in _PART_RE.finditer(s):
        n = _ROMAN[m.group("num")] if m.group("num") else _ORDINALS[m.group("word")]
        unit = m.group("unit")
        year = _year(m.group("y"))
        ay_match = _AY_AFTER_RE.match(s[m.start("y") :]) if m.group("y") else None
        if ay_match:
            y1, y2 = int(ay_match.group("y1")), _year(ay_match.group("y2"))
            if y2 < 100:
                y2 += 2000
            if y2 == y1 + 1 and unit in ("полугоди", "четверт", "триместр"):
                table = {
                    "полугоди": _SCHOOL_HALVES,
                    "четверт": _SCHOOL_QUARTERS,
                    "триместр": ((9, 1, 11, 30), (12, 1, 2, 28), (3, 1, 5, 31)),
                }[unit]
                if n <= len(table):
                    found = True
                    m1, d1, m2, _d2 = table[n - 1]
                    windows.append(_explicit(date(_ay_year(y1, m1), m1, d1), _quarter_end(y1, m2)))
                continue
        if year is not None and unit == "полугоди" and _ACADEMIC_RE.search(s):
            # "1 полугодие 2024 учебного года" is the academic year starting in 2024.
            found = True
            m1, d1, m2, _d2 = _SCHOOL_HALVES[n - 1] if n <= 2 else _SCHOOL_HALVES[0]
            windows.append(_explicit(date(_ay_year(year, m1), m1, d1), _quarter_end(year, m2)))
            continue
        # Calendar quarters are "кварталы"; school ones are "четверти", "триместры".
        if unit == "квартал":
            table = _CALENDAR_QUARTERS
        elif unit == "полугоди":
            table = _CALENDAR_HALVES if year is not None else _SCHOOL_HALVES
        elif unit == "триместр":
            table = ((9, 1, 11, 30), (12, 1, 2, 28), (3, 1, 5, 31))
        else:
            table = _SCHOOL_QUARTERS
        if n > len(table):
            continue
        found = True
        m1, d1, m2, _d2 = table[n - 1]
        if year is not None and table in (_CALENDAR_QUARTERS, _CALENDAR_HALVES):
            windows.append(_explicit(date(year, m1, d1), _last_day(year, m2)))
        elif year is not None:
            # "II четверть 2024": the academic year containing that quarter in `year`.
            ay = year if m1 >= 9 else year - 1
            windows.append(_explicit(date(_ay_year(ay, m1), m1, d1), _quarter_end(ay, m2)))
        else:
            for ay in period.academic_years:
                if table in (_CALENDAR_QUARTERS, _CALENDAR_HALVES):
                    y = _ay_year(ay, m1)
                    windows.append((date(y, m1, d1), _last_day(y, m2)))
                else:
                    windows.append((date(_ay_year(ay, m1), m1, d1), _quarter_end(ay, m2)))
    if not found:
        return None
    return "months", windows


def _quarter_end(ay: int, month: int) -> date:
    return _last_day(_ay_year(ay, month), month)


def _parse_months(s: str, period: _Period, yearly: bool) -> tuple[str, list[Window]] | None:
    """Month names: single, ranges ("апрель-май") and lists ("март, июнь")."""
    matches = list(_MONTH_RE.finditer(s))
    if not matches:
        return None
    items = [(m.start(), m.end(), _month_of(m), _year(m.group("y"))) for m in matches]

    # Group into ranges "month - month" and single months.
    groups: list[list[tuple[int, int | None]]] = []
    i = 0
    while i < len(items):
        _, end, month, year = items[i]
        if i + 1 < len(items) and _RANGE_SEP_RE.match(s[end : items[i + 1][0]]):
            groups.append([(month, year), (items[i + 1][2], items[i + 1][3])])
            i += 2
        else:
            groups.append([(month, year)])
            i += 1

    # A year written once after the last month ("март, июнь 2023") covers the list.
    trailing_year = groups[-1][-1][1]
    earlier = [y for g in groups for _, y in g][:-1]
    if trailing_year is not None and all(y is None for y in earlier):
        groups = [[(m, y if y is not None else trailing_year) for m, y in g] for g in groups]
    # Also "2023 год: март, июнь" / "март-апрель в 2023 году": a lone year elsewhere.
    if all(y is None for g in groups for _, y in g):
        rest = _consume(s, [(a, b) for a, b, _, _ in items])
        lone = [_year(m.group("y")) for m in _YEAR_RE.finditer(rest)]
        if len(lone) == 1 and not yearly:
            groups = [[(m, lone[0]) for m, _ in g] for g in groups]

    windows: list[Window] = []
    crosses_years = False
    for g in groups:
        (m1, y1), (m2, y2) = g[0], g[-1]
        if y1 is None and y2 is not None:
            # "Март-апрель 2023", "декабрь-январь 2024": the first month precedes.
            y1 = y2 if m1 <= m2 else y2 - 1
        if y2 is None and y1 is not None:
            y2 = y1 if m2 >= m1 else y1 + 1
        if y1 is not None and y2 is not None:
            if (y1, m1) > (y2, m2):
                continue
            crosses_years = crosses_years or (y2 > y1 and len(g) == 2 and g[0][1] is not None)
            windows.append(_explicit(*_span_window(y1, m1, y2, m2)))
            continue
        for ay in period.academic_years:
            a_year = _ay_year(ay, m1)
            b_year = _ay_year(ay, m2)
            if m1 == 8 and m2 >= 9 and not period.calendar:
                # "август-сентябрь": the preparation before the school year, in
                # its first calendar year.
                a_year = b_year = ay
            if (b_year, m2) < (a_year, m1):
                # "май-сентябрь": goes past the academic year's end.
                b_year = a_year if m2 >= m1 else a_year + 1
            windows.append(_span_window(a_year, m1, b_year, m2))

    if len(groups) > 1:
        return "listed_months", windows
    if crosses_years:
        return "range", windows
    if yearly:
        return "yearly", windows
    return "months", windows


def _parse_years(s: str, academic: bool) -> tuple[str, list[Window]] | None:
    """Bare years: "2023-2025 гг.", "2022 год", "2025-2026 учебный год"."""
    m = _YEAR_RANGE_RE.search(s) or _SHORT_YEAR_RANGE_RE.search(s)
    if m:
        y1, y2 = int(m.group("y1")), _year(m.group("y2"))
        if y2 < 100:
            y2 += 2000
        if y1 > y2:
            return None
        if academic:
            if y1 == y2:
                y2 = y1 + 1
            return "multi_year", [_explicit(date(y1, 9, 1), date(y2, 8, 31))]
        return "multi_year", [_explicit(date(y1, 1, 1), date(y2, 12, 31))]
    years = [int(m.group("y")) for m in _YEAR_RE.finditer(s)]
    if not years:
        return None
    if academic and len(years) == 1:
        # "2025/26 учебный год" is not matched as a range; a single year with
        # "учебный" is the academic year that starts in it.
        return "multi_year", [_explicit(date(years[0], 9, 1), date(years[0] + 1, 8, 31))]
    return "multi_year", [_explicit(date(y, 1, 1), date(y, 12, 31)) for y in sorted(set(years))]
