"""Tests for roadmaps.deadlines (pure Python, no Django)."""

from datetime import date
from pathlib import Path

import docx
import openpyxl
import pytest

from roadmaps.deadlines import KINDS, Deadline, parse_deadline

SAMPLES = Path("/work/shared/samples/roadmaps")


def d(text: str) -> date:
    day, month, year = (int(x) for x in text.split("."))
    return date(year, month, day)


def w(start: str, end: str) -> tuple[date, date]:
    return (d(start), d(end))


# (phrase, period_start, period_end, kind, occurrences)
CASES = [
    ("Декабрь 2021 г.", 2021, 2022, "months", [w("01.12.2021", "31.12.2021")]),
    (
        "ежегодно, апрель-май",
        2021,
        2024,
        "yearly",
        [
            w("01.04.2022", "31.05.2022"),
            w("01.04.2023", "31.05.2023"),
            w("01.04.2024", "31.05.2024"),
        ],
    ),
    ("Март-апрель 2023 года", 2022, 2023, "months", [w("01.03.2023", "30.04.2023")]),
    (
        "До 01.11 каждого учебного года",
        2021,
        2024,
        "yearly",
        [
            w("01.09.2021", "01.11.2021"),
            w("01.09.2022", "01.11.2022"),
            w("01.09.2023", "01.11.2023"),
        ],
    ),
    (
        "1 раз в четверть",
        2025,
        2026,
        "quarterly",
        [
            w("01.09.2025", "31.10.2025"),
            w("01.11.2025", "31.12.2025"),
            w("01.01.2026", "31.03.2026"),
            w("01.04.2026", "31.05.2026"),
        ],
    ),
    (
        "Март, июнь, сентябрь, декабрь",
        2025,
        2026,
        "listed_months",
        [
            w("01.09.2025", "30.09.2025"),
            w("01.12.2025", "31.12.2025"),
            w("01.03.2026", "31.03.2026"),
            w("01.06.2026", "30.06.2026"),
        ],
    ),
    ("2023-2025 гг.", 2023, 2025, "multi_year", [w("01.01.2023", "31.12.2025")]),
    ("В течение всего периода", 2021, 2024, "continuous", [w("01.09.2021", "31.08.2024")]),
    ("Постоянно", 2025, 2026, "continuous", [w("01.09.2025", "31.08.2026")]),
    ("по отдельному графику", 2025, 2026, "unparsed", []),
    ("15.09.2025", 2025, 2026, "date", [w("15.09.2025", "15.09.2025")]),
    ("до 25.12.2022", 2022, 2023, "date", [w("01.09.2022", "25.12.2022")]),
    ("01.09.2022 - 30.09.2022", 2022, 2023, "range", [w("01.09.2022", "30.09.2022")]),
    ("01.09.2022–30.09.2022", None, None, "range", [w("01.09.2022", "30.09.2022")]),
    ("с 01.09 по 30.09.2022", None, None, "range", [w("01.09.2022", "30.09.2022")]),
    ("сентябрь 2025 г.", 2025, 2026, "months", [w("01.09.2025", "30.09.2025")]),
    ("в течение учебного года", 2025, 2026, "continuous", [w("01.09.2025", "31.08.2026")]),
    ("Сентябрь-октябрь", 2025, 2026, "months", [w("01.09.2025", "31.10.2025")]),
    (
        "Сентябрь-октябрь",
        2024,
        2026,
        "months",
        [w("01.09.2024", "31.10.2024"), w("01.09.2025", "31.10.2025")],
    ),
    ("Май 2026", 2025, 2026, "months", [w("01.05.2026", "31.05.2026")]),
    ("I квартал 2024", 2023, 2024, "months", [w("01.01.2024", "31.03.2024")]),
    (
        "ежеквартально",
        2025,
        2026,
        "quarterly",
        [
            w("01.09.2025", "31.10.2025"),
            w("01.11.2025", "31.12.2025"),
            w("01.01.2026", "31.03.2026"),
            w("01.04.2026", "31.05.2026"),
        ],
    ),
    # Chosen: continuous (any time within the period), see the module docstring.
    ("по мере необходимости", 2025, 2026, "continuous", [w("01.09.2025", "31.08.2026")]),
    # Real phrases from the samples.
    (
        "ежегодно\nдекабрь (дополнительно\nв течение года)",
        2022,
        2022,
        "yearly",
        [w("01.12.2022", "31.12.2022")],
    ),
    (
        "ежегодно\nсентябрь\n(дополнительно по запросу) в течение учебного года",
        2022,
        2022,
        "yearly",
        [w("01.09.2022", "30.09.2022")],
    ),
    ("декабрь - май", 2025, 2026, "months", [w("01.12.2025", "31.05.2026")]),
    ("Сентябрь 2021 – Май 2024", 2021, 2024, "range", [w("01.09.2021", "31.05.2024")]),
    ("Весь период", 2021, 2024, "continuous", [w("01.09.2021", "31.08.2024")]),
    ("До 25.10.2021", 2021, 2024, "date", [w("01.09.2021", "25.10.2021")]),
    # More forms.
    ("к 1 сентября 2025 г.", None, None, "date", [w("01.09.2025", "01.09.2025")]),
    ("не позднее 15 мая 2026 года", None, None, "date", [w("01.09.2025", "15.05.2026")]),
    ("2025-2026 учебный год", None, None, "multi_year", [w("01.09.2025", "31.08.2026")]),
    ("2025/26 учебный год", None, None, "multi_year", [w("01.09.2025", "31.08.2026")]),
    ("2022 год", None, None, "multi_year", [w("01.01.2022", "31.12.2022")]),
    ("в течение 2022 года", None, None, "continuous", [w("01.01.2022", "31.12.2022")]),
    ("II четверть", 2025, 2026, "months", [w("01.11.2025", "31.12.2025")]),
    (
        "март 2023, июнь 2023",
        None,
        None,
        "listed_months",
        [w("01.03.2023", "31.03.2023"), w("01.06.2023", "30.06.2023")],
    ),
    ("ежегодно", 2025, 2026, "yearly", [w("01.09.2025", "31.08.2026")]),
    # Two dates a year without their months: not widened to the whole year.
    ("2 раза в год", 2025, 2026, "unparsed", []),
    # A calendar-year period (period_start == period_end).
    ("Декабрь", 2022, 2022, "months", [w("01.12.2022", "31.12.2022")]),
    ("Весь период", 2022, 2022, "continuous", [w("01.01.2022", "31.12.2022")]),
]


@pytest.mark.parametrize(("text", "start", "end", "kind", "occurrences"), CASES)
def test_parse_deadline(text, start, end, kind, occurrences):
    result = parse_deadline(text, period_start=start, period_end=end)
    assert result.text == text
    assert result.kind == kind
    assert result.occurrences == tuple(occurrences)
    assert result.recognized is (kind != "unparsed")


@pytest.mark.parametrize(
    ("text", "month"),
    [
        ("январь", 1),
        ("января", 1),
        ("в январе", 1),
        ("Февраль", 2),
        ("до конца февраля", 2),
        ("МАРТ", 3),
        ("в марте", 3),
        ("апреля", 4),
        ("май", 5),
        ("мая", 5),
        ("в мае", 5),
        ("июнь", 6),
        ("в июле", 7),
        ("августа", 8),
        ("в сентябре", 9),
        ("октябрь", 10),
        ("ноября", 11),
        ("в декабре", 12),
    ],
)
def test_month_in_any_case(text, month):
    result = parse_deadline(text, period_start=2025, period_end=2026)
    assert result.kind == "months"
    ((start, end),) = result.occurrences
    assert start.month == month and end.month == month
    assert start.year == (2025 if month >= 9 else 2026)


def test_month_without_year_repeats_per_academic_year():
    result = parse_deadline("апрель", period_start=2021, period_end=2024)
    assert [s.year for s, _ in result.occurrences] == [2022, 2023, 2024]


def test_quarterly_over_three_academic_years():
    result = parse_deadline("1 раз в четверть", period_start=2021, period_end=2024)
    assert len(result.occurrences) == 12
    assert result.occurrences[0] == w("01.09.2021", "31.10.2021")
    assert result.occurrences[-1] == w("01.04.2024", "31.05.2024")


def test_explicit_years_are_kept_outside_the_period():
    # "Декабрь 2021 г." in a roadmap for 2022: the document says 2021.
    result = parse_deadline("Декабрь 2021 г.", period_start=2022, period_end=2022)
    assert result.occurrences == (w("01.12.2021", "31.12.2021"),)


def test_without_period_phrases_without_years_have_no_occurrences():
    result = parse_deadline("ежегодно, апрель-май")
    assert result.kind == "yearly" and result.recognized and result.occurrences == ()


@pytest.mark.parametrize("text", ["", "   ", "по отдельному графику", "по плану ОО", "???"])
def test_unparsed(text):
    result = parse_deadline(text, period_start=2025, period_end=2026)
    assert result == Deadline(text=text, kind="unparsed", occurrences=(), recognized=False)


def test_deadline_is_frozen():
    result = parse_deadline("Май 2026")
    with pytest.raises(AttributeError):
        result.kind = "date"  # type: ignore[misc]
    assert result.kind in KINDS


# --- every deadline phrase of the sample roadmaps ----------------------------


def _deadline_column(header_cells: list[str]) -> int | None:
    for index, text in enumerate(header_cells):
        if "срок" in text.lower():
            return index
    return None


def _sample_deadline_cells() -> set[str]:
    """Deadline cells of all six samples, read directly (independent of importing.py)."""
    phrases: set[str] = set()
    for path in sorted(SAMPLES.glob("*.docx")):
        for table in docx.Document(str(path)).tables:
            column = _deadline_column([c.text for c in table.rows[0].cells])
            if column is None:
                continue
            for row in table.rows[1:]:
                cells = row.cells
                # Full-width merged section rows repeat one cell in every column.
                if len({id(c._tc) for c in cells}) == 1:
                    continue
                phrases.add(cells[column].text.strip())
    for path in sorted(SAMPLES.glob("*.xlsx")):
        sheet = openpyxl.load_workbook(path, data_only=True).active
        rows = list(sheet.iter_rows(values_only=True))
        for r, row in enumerate(rows):
            column = _deadline_column([str(v or "") for v in row])
            if column is not None:
                for data_row in rows[r + 1 :]:
                    if data_row[column] is not None:
                        phrases.add(str(data_row[column]).strip())
                break
    phrases.discard("")
    return phrases


# The only real phrase that stays unparsed: the schedule is in another document.
SAMPLE_UNPARSED = {"По отдельному графику"}


def test_sample_deadline_phrases_found():
    phrases = _sample_deadline_cells()
    assert len(phrases) == 18
    assert "Декабрь 2021 г." in phrases and "1 раз в четверть" in phrases


@pytest.mark.parametrize("phrase", sorted(_sample_deadline_cells()))
def test_sample_deadline_phrase_recognised(phrase):
    result = parse_deadline(phrase, period_start=2021, period_end=2024)
    assert result.recognized is (phrase not in SAMPLE_UNPARSED), result
    if result.recognized:
        assert result.occurrences, result
