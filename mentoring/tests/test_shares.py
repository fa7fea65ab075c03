"""Parts of one whole printed as percents (a pie chart's legend, a table of
shares) add up to exactly 100 (largest remainder), while a standalone
indicator keeps the one rule: rounded down to 0,1."""

from decimal import Decimal

import pytest

from mentoring import indicators as defs


@pytest.mark.parametrize(
    "counts",
    [[1, 1, 1], [1] * 7, [2] * 7, [1, 2, 4], [59, 6], [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1], [3, 0, 5]],
)
def test_shares_of_awkward_counts_add_up_to_exactly_100(counts):
    tenths = defs.shares(counts)
    assert sum(tenths) == Decimal(100)
    assert sum(defs.shares(counts, places=0)) == Decimal(100)
    # Each share is its exact value rounded down or up by one unit, never more.
    whole = sum(counts)
    for count, share in zip(counts, tenths, strict=True):
        assert abs(share - Decimal(100 * count) / whole) < Decimal("0.1")


def test_thirds_and_sevenths_give_the_missing_unit_to_the_earlier_part():
    assert defs.shares([1, 1, 1]) == [Decimal("33.4"), Decimal("33.3"), Decimal("33.3")]
    assert defs.shares([1] * 7) == [Decimal("14.3")] * 6 + [Decimal("14.2")]
    assert defs.shares([1, 1, 1], places=0) == [Decimal(34), Decimal(33), Decimal(33)]


def test_an_empty_part_stays_zero_and_no_whole_gives_none():
    assert defs.shares([0, 3, 0]) == [Decimal(0), Decimal(100), Decimal(0)]
    assert defs.shares([0, 0]) == [None, None]


def test_a_standalone_indicator_still_rounds_down():
    # 59 of 65 is 90,769…: the consent indicator says 90,7, whereas the
    # same part in a pie of 59 and 6 reads 90,8 — unless the pie is the
    # indicator's picture (keep_first): then 90,7 and the rest 9,3.
    assert defs.percent(59, 65) == Decimal("90.7")
    assert defs.shares([59, 6])[0] == Decimal("90.8")
    assert defs.shares([59, 6], keep_first=True) == [Decimal("90.7"), Decimal("9.3")]
    assert defs.shares([1, 1, 1], keep_first=True) == [
        Decimal("33.3"),
        Decimal("33.4"),
        Decimal("33.3"),
    ]


def test_a_combined_share_leaves_out_the_parts_of_organisations_without_a_whole():
    coverage = defs.get("coverage_students")
    with_headcount = defs.Figure(defs.percent(30, 100), 30, 100)
    without = defs.Figure(None, 50, None)
    total = coverage.combined([with_headcount, without])
    assert (total.value, total.part, total.whole) == (Decimal(30), 30, 100)
    # Nobody with a headcount: no share, the people covered still add up.
    total = coverage.combined([without, without])
    assert (total.value, total.part, total.whole) == (None, 100, None)
