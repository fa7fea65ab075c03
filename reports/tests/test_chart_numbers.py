"""The PDF charts print a figure as every other surface does
(mentoring.indicators.fmt and percent): decimal comma, rounded down to 0,1."""

from decimal import Decimal

from reports import charts


def test_bar_values_use_the_decimal_comma():
    svg = charts.bar_chart([("Обучающиеся", Decimal("0.8")), ("Педагоги", Decimal("16.0"))])
    assert ">0,8<" in svg and ">16<" in svg
    assert "0.8" not in svg and "16.0" not in svg


def test_pie_shares_are_parts_of_one_whole_adding_up_to_100():
    svg = charts.pie_chart([("есть согласие", 59), ("нет согласия", 6)])
    # 59 of 65 = 90,769…, 6 of 65 = 9,230…: rounded down they make 99,9;
    # the missing tenth goes to the largest remainder.
    assert "59 (90,8 %)" in svg
    assert "6 (9,2 %)" in svg


def test_a_pie_of_an_indicator_prints_the_indicators_figure_and_still_adds_up():
    # The consent pie's «есть согласие» is the consent indicator (rounded
    # down, 90,7 as on every card); «нет согласия» takes the rest.
    svg = charts.pie_chart([("есть согласие", 59), ("нет согласия", 6)], keep_first=True)
    assert "59 (90,7 %)" in svg and "6 (9,3 %)" in svg
    labels = charts.share_labels([("есть согласие", 59), ("нет согласия", 6)], keep_first=True)
    assert labels == ["есть согласие: 90,7 %", "нет согласия: 9,3 %"]


def test_pie_legend_of_thirds_and_sevenths_adds_up_to_100():
    svg = charts.pie_chart([("а", 1), ("б", 1), ("в", 1)])
    assert "а: 1 (33,4 %)" in svg and "б: 1 (33,3 %)" in svg and "в: 1 (33,3 %)" in svg
    labels = charts.share_labels([(str(n), 1) for n in range(7)])
    assert labels[:6] == [f"{n}: 14,3 %" for n in range(6)] and labels[6] == "6: 14,2 %"
