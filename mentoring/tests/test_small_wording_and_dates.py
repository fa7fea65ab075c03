"""Small mends: the years in the demo roadmaps, the final event's date,
the labelled definitions of the dashboard, the definition of meetings."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from mentoring import indicators as defs
from mentoring.models import OrderKind
from mentoring.services.orders import final_event_date_problem, order_create, order_defaults
from mentoring.templatetags.indicator_tags import describe
from roadmaps.demo import shift_years_in_text


def test_moved_roadmap_years_are_written_with_an_en_dash_and_the_plural():
    assert shift_years_in_text("Дорожная карта на 2021-2024 год", 5) == (
        "Дорожная карта на 2026–2029 годы"
    )
    assert shift_years_in_text("Разработка дорожной карты на 2021-2024 учебный год", 5) == (
        "Разработка дорожной карты на 2026–2029 учебные годы"
    )
    assert shift_years_in_text("План на 2021-2022 учебный год", 5) == (
        "План на 2026–2027 учебный год"
    )
    assert shift_years_in_text("Семинар в 2022 году", 4) == "Семинар в 2026 году"


def test_a_final_event_date_outside_this_academic_year_or_a_year_ahead_is_refused():
    today = timezone.localdate()
    start = defs.academic_year_start(today)
    assert "раньше начала текущего учебного года" in final_event_date_problem(
        datetime.date(2020, 1, 1)
    )
    assert final_event_date_problem(start - datetime.timedelta(days=1))
    assert final_event_date_problem(start) == ""
    assert final_event_date_problem(today) == ""
    assert "больше чем через год" in final_event_date_problem(today + datetime.timedelta(days=400))


@pytest.mark.django_db
def test_the_final_event_order_refuses_a_date_of_2020(cast):
    data = order_defaults("final_event")
    data["details"] = {"date": "2020-01-01", "place": "Актовый зал", "programme": ["Открытие"]}
    with pytest.raises(ValidationError, match="раньше начала текущего учебного года"):
        order_create(
            organization=cast.school, kind=OrderKind.FINAL_EVENT, data=data, by=cast.methodist
        )


def test_definitions_one_under_another_say_which_figure_they_explain():
    expected = describe("effectiveness_expected", "labelled")
    actual = describe("effectiveness_actual", "labelled")
    assert "Как считается: анкеты эффективности: ожидания" in expected
    assert "Как считается: анкеты эффективности: итог" in actual
    assert "Как считается</summary>" in describe("effectiveness_actual")


def test_meetings_in_the_period_have_a_definition():
    definition = defs.get("meetings")
    assert "встречи" in definition.describe()
