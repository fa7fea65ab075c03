"""The PDF charts print a figure as every other surface does
(mentoring.indicators.fmt and percent): decimal comma, rounded down to 0,1."""

from decimal import Decimal

from reports import charts


def test_bar_values_use_the_decimal_comma():
    svg = charts.bar_chart([("Обучающиеся", Decimal("0.8")), ("Педагоги", Decimal("16.0"))])
    assert ">0,8<" in svg and ">16<" in svg
    assert "0.8" not in svg and "16.0" not in svg


def test_pie_shares_round_down_like_the_indicators():
    svg = charts.pie_chart([("есть согласие", 59), ("нет согласия", 6)])
    # 59 of 65 = 90,769…: the consent indicator says 90,7, not 91.
    assert "59 (90,7 %)" in svg
    assert "6 (9,2 %)" in svg
