"""The analytic report's section of questionnaires: the rows per question and
the mean «В среднем» are of the same answers — the campaigns the
effectiveness definitions pool (mentors' and mentees' latest together) —
and the section says which campaigns they are."""

from decimal import Decimal

import pytest
from django.utils import timezone

from reports import builders, services
from reports.periods import Period
from surveys.indicators import score
from surveys.models import Answer, Campaign, ResponseStatus
from surveys.tests.helpers import pair

from .helpers import pdf_text, workbook
from .test_expectations_by_role import _campaigns

pytestmark = pytest.mark.django_db


def _mean(campaigns):
    numbers = list(
        Answer.objects.filter(
            response__campaign__in=campaigns,
            response__status=ResponseStatus.SUBMITTED,
            number__isnull=False,
        ).values_list("number", flat=True)
    )
    return sum(numbers, Decimal(0)) / len(numbers)


def test_rows_and_the_mean_of_the_questionnaires_come_from_the_same_answers(cast):
    first, _m1, _e1 = pair(cast.school)
    second, _m2, _e2 = pair(cast.school, first.form)
    # Mentors 5 → 8, then mentees 6 → 7: the latest campaign is the mentees'.
    _campaigns(cast.school, "mentor", [first, second], (5, 8))
    _campaigns(cast.school, "mentee", [first, second], (6, 7))
    afters = list(Campaign.objects.filter(organization=cast.school, moment="actual"))
    befores = [c.baseline for c in afters]
    assert len(afters) == 2
    period = Period.current(timezone.localdate())
    survey = builders.extra_analytic_sections(cast.school, period)["surveys"]
    before, after = _mean(befores), _mean(afters)
    assert (before, after) == (Decimal("5.5"), Decimal("7.5"))
    # One question: its row is the mean of every answer to it in both
    # roles' campaigns, as is the summary (before the fix the row was the
    # mentees' 6 → 7 beside a pooled 5,5 → 7,5).
    (row,) = survey["questions"]
    assert (row["before"], row["after"]) == (score(before), score(after))
    assert (survey["overall"]["before"], survey["overall"]["after"]) == (
        score(before),
        score(after),
    )
    assert {c["title"] for c in survey["campaigns"]} == {"mentor: итоги", "mentee: итоги"}
    rows = list(
        workbook(
            services.report_build(organization=cast.school, kind="analytic", fmt="xlsx").content
        )["Анкетирование"].iter_rows(values_only=True)
    )[1:]
    assert rows[0][1:3] == (5.5, 7.5)
    assert rows[1][0].startswith("В среднем") and rows[1][1:3] == (5.5, 7.5)
    assert "«mentor: ожидания» и «mentor: итоги»" in rows[2][0]
    assert "«mentee: ожидания» и «mentee: итоги»" in rows[2][0]
    text = pdf_text(
        services.report_build(organization=cast.school, kind="analytic", fmt="pdf").content
    )
    assert "по одним и тем же ответам" in " ".join(text.split())
