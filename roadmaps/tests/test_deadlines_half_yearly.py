"""«1 раз в полугодие» and its kin in a roadmap's deadline column (v16c): once
in each school half-year (Sep–Dec, Jan–May), calendar halves in a calendar
plan; months named beside the phrase win, and «2 раза в год» without months
stays unrecognised as before."""

import datetime

import pytest

from roadmaps.deadlines import parse_deadline

D = datetime.date
SCHOOL_HALVES = [
    (D(2023, 9, 1), D(2023, 12, 31)),
    (D(2024, 1, 1), D(2024, 5, 31)),
]


@pytest.mark.parametrize(
    "text",
    [
        "1 раз в полугодие",
        "Раз в полугодие",
        "каждое полугодие",
        "По итогам каждого полугодия",
        "по полугодиям",
        "в конце каждого полугодия",
        "1 раз в семестр",
    ],
)
def test_once_a_half_year_is_each_school_half_of_the_plan(text):
    deadline = parse_deadline(text, period_start=2023, period_end=2024)
    assert list(deadline.occurrences) == SCHOOL_HALVES


def test_once_a_half_year_in_a_calendar_plan_is_each_calendar_half():
    deadline = parse_deadline(
        "1 раз в полугодие", period_start=2024, period_end=2024, calendar=True
    )
    assert list(deadline.occurrences) == [
        (D(2024, 1, 1), D(2024, 6, 30)),
        (D(2024, 7, 1), D(2024, 12, 31)),
    ]


def test_months_named_beside_it_win_and_a_named_half_stays_one_half():
    named = parse_deadline("1 раз в полугодие (декабрь, май)", period_start=2023, period_end=2024)
    assert list(named.occurrences) == [
        (D(2023, 12, 1), D(2023, 12, 31)),
        (D(2024, 5, 1), D(2024, 5, 31)),
    ]
    first = parse_deadline("по итогам I полугодия", period_start=2023, period_end=2024)
    assert list(first.occurrences) == SCHOOL_HALVES[:1]
    assert parse_deadline("2 раза в год", period_start=2023, period_end=2024).kind == "unparsed"
