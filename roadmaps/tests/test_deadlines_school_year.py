"""Deadlines as schools write them (issue 16): the academic year is the unit,
"уч." is учебный, months named in a remark, "далее ежегодно", calendar periods."""

import io
from datetime import date

import openpyxl
import pytest

from roadmaps.deadlines import parse_deadline, period_is_calendar
from roadmaps.importing import parse_roadmap
from roadmaps.services import roadmap_import


def windows(text, start=2023, end=2024, calendar=False):
    deadline = parse_deadline(text, period_start=start, period_end=end, calendar=calendar)
    return [(a.isoformat(), b.isoformat()) for a, b in deadline.occurrences]


def test_first_half_of_an_academic_year_is_september_to_december():
    assert windows("I полугодие 2023/24") == [("2023-09-01", "2023-12-31")]
    assert windows("1 полугодие 2023-2024 учебного года") == [("2023-09-01", "2023-12-31")]


def test_second_half_of_an_academic_year_is_january_to_may():
    assert windows("2 полугодие 2023-2024 уч.г.") == [("2024-01-01", "2024-05-31")]
    assert windows("II полугодие 2023/2024 уч. года") == [("2024-01-01", "2024-05-31")]


@pytest.mark.parametrize(
    "text",
    ["2023/2024 уч. год", "в течение 2023-2024 уч. года", "2023-2024 уч.г.", "2023/24 учебный год"],
)
def test_academic_year_spans_september_to_august(text):
    assert windows(text, 2022, 2025) == [("2023-09-01", "2024-08-31")]


def test_august_september_is_before_the_school_year():
    assert windows("август-сентябрь") == [("2023-08-01", "2023-09-30")]
    assert windows("август - сентябрь", 2023, 2025) == [
        ("2023-08-01", "2023-09-30"),
        ("2024-08-01", "2024-09-30"),
    ]


def test_twice_a_year_with_months_in_brackets():
    assert windows("2 раза в год (декабрь, май)", 2023, 2025) == [
        ("2023-12-01", "2023-12-31"),
        ("2024-05-01", "2024-05-31"),
        ("2024-12-01", "2024-12-31"),
        ("2025-05-01", "2025-05-31"),
    ]


def test_end_and_start_of_the_school_year():
    assert windows("в конце учебного года") == [("2024-05-01", "2024-05-31")]
    assert windows("В начале учебного года") == [("2023-09-01", "2023-09-30")]


def test_then_yearly_repeats_the_month_every_year():
    assert windows("Декабрь 2020 г., далее – ежегодно", 2020, 2024) == [
        ("2020-12-01", "2020-12-31"),
        ("2021-12-01", "2021-12-31"),
        ("2022-12-01", "2022-12-31"),
        ("2023-12-01", "2023-12-31"),
    ]
    deadline = parse_deadline(
        "Декабрь 2020 г., далее – ежегодно", period_start=2020, period_end=2024
    )
    assert deadline.kind == "yearly"


def test_then_yearly_in_another_month_never_before_the_first():
    assert windows("Май 2022, далее ежегодно в сентябре", 2021, 2024) == [
        ("2022-05-01", "2022-05-31"),
        ("2022-09-01", "2022-09-30"),
        ("2023-09-01", "2023-09-30"),
    ]


def test_then_yearly_from_a_year_before_the_period_gives_only_the_periods_years():
    # Academic 2023–2025 runs 1.09.2023–31.08.2025: Decembers of 2023 and 2024.
    assert windows("Декабрь 2020 г., далее – ежегодно", 2023, 2025) == [
        ("2023-12-01", "2023-12-31"),
        ("2024-12-01", "2024-12-31"),
    ]
    assert windows("Декабрь 2020 г., далее – ежегодно", 2023, 2025, calendar=True) == [
        ("2023-12-01", "2023-12-31"),
        ("2024-12-01", "2024-12-31"),
        ("2025-12-01", "2025-12-31"),
    ]
    assert windows("Май 2022, далее ежегодно в сентябре", 2023, 2025) == [
        ("2023-09-01", "2023-09-30"),
        ("2024-09-01", "2024-09-30"),
    ]


def test_quarterly_follows_the_period_kind():
    calendar = windows("ежеквартально", 2023, 2024, calendar=True)
    assert len(calendar) == 8
    assert calendar[0] == ("2023-01-01", "2023-03-31")
    assert calendar[-1] == ("2024-10-01", "2024-12-31")
    school = windows("ежеквартально", 2023, 2024)
    assert school == [
        ("2023-09-01", "2023-10-31"),
        ("2023-11-01", "2023-12-31"),
        ("2024-01-01", "2024-03-31"),
        ("2024-04-01", "2024-05-31"),
    ]


@pytest.mark.parametrize(
    ("title", "calendar"),
    [
        ("План мероприятий в 2023-2024 годах", True),
        ("Региональная дорожная карта на 2023–2025 гг.", True),
        ("Дорожная карта на 2024 год", True),
        ("Дорожная карта на 2023/2024 учебный год", False),
        ("Дорожная карта на 2023-2024 уч. г.", False),
        ("Дорожная карта 2023/24", False),
        ("Дорожная карта (сентябрь 2022 г. - май 2024 г.)", False),
        ("План на период с сентября 2021 года по май 2022 года", False),
        ("План на период январь 2023 г. - декабрь 2024 г.", True),
    ],
)
def test_period_kind_from_the_title(title, calendar):
    assert period_is_calendar(title) is calendar


def test_calendar_roadmap_gets_calendar_quarters(cast):
    from roadmaps.services import roadmap_import

    parsed = {
        "title": "План мероприятий в 2023-2024 годах",
        "stages": [
            {
                "number": "1",
                "title": "Этап",
                "content": "",
                "deadline_text": "",
                "responsible": "",
                "expected_result": "",
                "indicators": "",
                "documents": "",
                "activities": [
                    {
                        "number": "1.1",
                        "title": "Мониторинг",
                        "content": "",
                        "deadline_text": "ежеквартально",
                        "responsible": "Методист",
                        "expected_result": "",
                        "indicators": "",
                        "documents": "",
                        "children": [],
                    }
                ],
            }
        ],
    }
    roadmap = roadmap_import(
        organization=cast.school, parsed=parsed, period_start=2023, period_end=2024
    )
    activity = roadmap.activities.get(depth=1)
    starts = sorted(o.starts_on for o in activity.occurrences.all())
    assert len(starts) == 8 and starts[0] == date(2023, 1, 1)


def test_not_understood_stays_unparsed():
    deadline = parse_deadline("по отдельному графику", period_start=2023, period_end=2024)
    assert (deadline.kind, deadline.occurrences) == ("unparsed", ())


def test_several_times_a_year_without_months_is_not_widened():
    deadline = parse_deadline("2 раза в год", period_start=2023, period_end=2024)
    assert (deadline.kind, deadline.occurrences) == ("unparsed", ())
    assert windows("ежегодно") == [("2023-09-01", "2024-08-31")]


@pytest.mark.django_db
def test_imported_roadmap_gets_no_slot_before_its_period_for_then_yearly(cast):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Дорожная карта внедрения наставничества на 2023-2025 годы"])
    sheet.append(["№", "Мероприятие", "Сроки", "Ответственный"])
    sheet.append(["1", "Организационный этап", "", ""])
    sheet.append(["1.1", "Отчёт о наставничестве", "Декабрь 2020 г., далее – ежегодно", "Директор"])
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)
    parsed = parse_roadmap(buffer, "dk.xlsx")

    roadmap = roadmap_import(
        organization=cast.school, parsed=parsed, period_start=2023, period_end=2025
    )

    activity = roadmap.activities.get(number="1.1")
    assert activity.deadline_kind == "yearly"
    assert sorted(activity.occurrences.values_list("starts_on", flat=True)) == [
        date(2023, 12, 1),
        date(2024, 12, 1),
        date(2025, 12, 1),
    ]
