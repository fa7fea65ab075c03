"""The department's monitoring XLSX, change sheet: a figure unknown in a
quarter reads «нет данных» in its cell and its change — never 0, an empty
cell, or a change made up from a partial total."""

import datetime

import pytest
from django.utils import timezone

from mentoring.models import Participant, TargetGroup
from reports import services
from reports.periods import Quarter

from .helpers import pairs, people, workbook

pytestmark = pytest.mark.django_db

NO_DATA = "нет данных"


def test_every_unknown_cell_of_the_change_sheet_says_no_data(cast):
    quarter = Quarter.current(timezone.localdate())
    start = quarter.start
    other = cast.other_school
    mentors = people(other, 3, mentor=True, prefix="Квартальная")
    mentees = people(other, 3, group=TargetGroup.YOUNG_SPECIALIST, prefix="Квартальный")
    pairs(other, mentors[:2], mentees[:2], activated_on=start - datetime.timedelta(days=20))
    pairs(other, mentors[2:], mentees[2:], activated_on=start + datetime.timedelta(days=1))
    entered = timezone.make_aware(
        datetime.datetime.combine(start, datetime.time()) - datetime.timedelta(days=30)
    )
    Participant.objects.filter(pk__in=[p.pk for p in mentors + mentees]).update(created_at=entered)
    # No headcount: the coverage of students is unknown in both quarters.
    built = services.report_build(
        organization=cast.department, kind="monitoring", fmt="xlsx", period=quarter.code
    )
    change = list(workbook(built.content).worksheets[1].iter_rows(values_only=True))
    header = change[0]
    rows = {r[1]: r for r in change[1:]}
    previous = quarter.previous().label

    def triple(org, label):
        col = header.index(f"{label}: {previous}")
        return rows[org][col : col + 3]

    assert triple(other.short_name, "Действующих пар и групп") == (2, 3, 1)
    assert triple(other.short_name, "Охват обучающихся наставничеством, %") == (NO_DATA,) * 3
    # A text column has no change.
    assert triple(other.short_name, "Формы наставничества (пар и групп)")[2] == "—"
    # The first school has nobody in its banks: neither quarter has data
    # (the quarter's own monitoring says so too), and the department's
    # total is the other school's, labelled so — its figures compared with
    # its own, not with both schools' now.
    assert triple(cast.school.short_name, "Участников") == (NO_DATA,) * 3
    total = "Итого (по 1 из 2 организаций с данными)"
    assert triple(total, "Действующих пар и групп") == (2, 3, 1)
    # Not one empty cell in a row of figures.
    for row in change[1:]:
        assert None not in row[2:], row
