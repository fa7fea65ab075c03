"""The analytic report compares expectations at the start with results at
the end for mentors and for mentees separately (Р-145's questionnaires of
the mentor and of the mentee)."""

import pytest

from reports import services
from surveys import services as survey_services
from surveys.models import SurveyKind
from surveys.tests.helpers import answer, deadline, pair, survey_with

from .helpers import pdf_text, workbook

pytestmark = pytest.mark.django_db


def _campaigns(org, role, mentorships, values):
    """An 'expected' and an 'actual' effectiveness campaign to ``role`` of
    the mentorships, everybody answering (before, after)."""
    surveys = []
    for title in ("Ожидания", "Итоги"):
        survey, (question,) = survey_with(
            org, [{"kind": "scale", "text": "Польза встреч", "code": "usefulness"}], title=title
        )
        survey.kind = SurveyKind.EFFECTIVENESS
        survey.save(update_fields=["kind"])
        surveys.append((survey, question))
    audience = {"kind": "mentorships", "mentorships": [m.pk for m in mentorships], "role": role}
    before, _ = survey_services.campaign_create(
        survey=surveys[0][0],
        data={"deadline": deadline(), "moment": "expected", "title": f"{role}: ожидания"},
        audience=audience,
        by=None,
    )
    after, _ = survey_services.campaign_create(
        survey=surveys[1][0],
        data={
            "deadline": deadline(),
            "moment": "actual",
            "baseline": before,
            "title": f"{role}: итоги",
        },
        audience=audience,
        by=None,
    )
    for campaign, (_survey, question), value in (
        (before, surveys[0], values[0]),
        (after, surveys[1], values[1]),
    ):
        for invitation in campaign.invitations.all():
            raw = survey_services.invitation_issue_link(invitation=invitation)
            answer(campaign, raw, {f"q{question.pk}": [str(value)]})


def test_analytic_report_has_mentors_and_mentees_expectations_vs_results(cast):
    first, _m1, _e1 = pair(cast.school)
    second, _m2, _e2 = pair(cast.school, first.form)
    _campaigns(cast.school, "mentor", [first, second], (5, 8))
    _campaigns(cast.school, "mentee", [first, second], (6, 7))
    content = services.report_build(organization=cast.school, kind="analytic", fmt="xlsx").content
    rows = list(workbook(content)["Ожидания и итоги по ролям"].iter_rows(values_only=True))[1:]
    overall = {r[0]: r[2:] for r in rows if r[1] == "В среднем"}
    assert overall["Наставники"] == (5, 8, 3)
    assert overall["Наставляемые"] == (6, 7, 1)
    text = pdf_text(
        services.report_build(organization=cast.school, kind="analytic", fmt="pdf").content
    )
    assert "Ожидания и итоги наставников и наставляемых" in text
    assert "Наставники" in text and "Наставляемые" in text


def test_standard_r145_questionnaires_of_mentors_compare_item_by_item_in_the_report(cast):
    """Copies of the standard 'expected' and 'actual' questionnaires of the
    mentor: every scale item of the start is compared with the same item at
    the end (the end's wording), and "оправдались ли ожидания", asked only at
    the end, is not compared."""
    first, _mentor1, _e1 = pair(cast.school)
    second, _mentor2, _e2 = pair(cast.school, first.form)
    audience = {"kind": "mentorships", "mentorships": [first.pk, second.pk], "role": "mentor"}
    before_survey = survey_services.survey_from_template(
        organization=cast.school, code="effectiveness_mentor_expected", by=None
    )
    after_survey = survey_services.survey_from_template(
        organization=cast.school, code="effectiveness_mentor_actual", by=None
    )
    before, _ = survey_services.campaign_create(
        survey=before_survey,
        data={"deadline": deadline(), "moment": "expected", "title": "Наставники: ожидания"},
        audience=audience,
        by=None,
    )
    after, _ = survey_services.campaign_create(
        survey=after_survey,
        data={
            "deadline": deadline(),
            "moment": "actual",
            "baseline": before,
            "title": "Наставники: итоги",
        },
        audience=audience,
        by=None,
    )
    # Every scale item: 6 expected, 9 at the end; yes/no and the choice as
    # the respondent would answer.
    for campaign, value in ((before, 6), (after, 9)):
        questions = list(campaign.version.questions.prefetch_related("options"))
        for invitation in campaign.invitations.all():
            data = {}
            for q in questions:
                if q.kind == "scale":
                    data[f"q{q.pk}"] = [str(value)]
                elif q.kind == "yes_no":
                    data[f"q{q.pk}"] = ["yes"]
                elif q.kind == "single":
                    data[f"q{q.pk}"] = [str(q.options.first().pk)]
            raw = survey_services.invitation_issue_link(invitation=invitation)
            answer(campaign, raw, data)
    content = services.report_build(organization=cast.school, kind="analytic", fmt="xlsx").content
    rows = list(workbook(content)["Ожидания и итоги по ролям"].iter_rows(values_only=True))[1:]
    compared = {r[1]: r[2:] for r in rows if r[0] == "Наставники"}
    assert compared["Насколько удалось спланировать работу?"] == (6, 9, 3)
    assert compared["Насколько удалось осуществить свой план?"] == (6, 9, 3)
    assert compared["Эффективность программы наставничества"] == (6, 9, 3)
    assert len(compared) == 7 + 1  # seven items of the start + "В среднем"
    assert not any("оправдались" in text for text in compared)


def _answered(org, role, mentorships, before_values, after_values):
    """Like :func:`_campaigns`, the invitations answering one value each
    (in their order) before and after."""
    surveys = []
    for title in ("Ожидания", "Итоги"):
        survey, (question,) = survey_with(
            org, [{"kind": "scale", "text": "Польза встреч", "code": "usefulness"}], title=title
        )
        survey.kind = SurveyKind.EFFECTIVENESS
        survey.save(update_fields=["kind"])
        surveys.append((survey, question))
    audience = {"kind": "mentorships", "mentorships": [m.pk for m in mentorships], "role": role}
    before, _ = survey_services.campaign_create(
        survey=surveys[0][0],
        data={"deadline": deadline(), "moment": "expected", "title": f"{role}: ожидания"},
        audience=audience,
        by=None,
    )
    after, _ = survey_services.campaign_create(
        survey=surveys[1][0],
        data={"deadline": deadline(), "moment": "actual", "baseline": before, "title": "итоги"},
        audience=audience,
        by=None,
    )
    for campaign, (_survey, question), values in (
        (before, surveys[0], before_values),
        (after, surveys[1], after_values),
    ):
        for invitation, value in zip(campaign.invitations.order_by("pk"), values, strict=True):
            raw = survey_services.invitation_issue_link(invitation=invitation)
            answer(campaign, raw, {f"q{question.pk}": [str(value)]})


def test_effectiveness_average_is_mentors_and_mentees_together_as_defined(cast, client_for):
    """The definitions say «наставники и наставляемые вместе»: with mentors
    at 5 → 8 and mentees at 6 → 7 (two each) the average is 5,5 → 7,5 —
    not the mentees' (latest campaign's) 6 → 7 — on the dashboard, in the
    analytic report's PDF and XLSX."""
    from decimal import Decimal

    from django.utils import timezone

    from mentoring import indicators as defs

    first, _m1, _e1 = pair(cast.school)
    second, _m2, _e2 = pair(cast.school, first.form)
    _campaigns(cast.school, "mentor", [first, second], (5, 8))
    _campaigns(cast.school, "mentee", [first, second], (6, 7))
    figures = defs.compute(
        ["effectiveness_expected", "effectiveness_actual"], [cast.school.pk], timezone.localdate()
    )[cast.school.pk]
    assert figures["effectiveness_expected"].value == Decimal("5.5")
    assert figures["effectiveness_actual"].value == Decimal("7.5")
    assert "наставники и наставляемые вместе" in defs.get("effectiveness_expected").population

    html = client_for(cast.director).get("/dashboard/").content.decode()
    assert 'data-indicator="effectiveness_expected">5,5<' in html
    assert 'data-indicator="effectiveness_actual">7,5<' in html
    assert "(+2)" in html

    content = services.report_build(organization=cast.school, kind="analytic", fmt="xlsx").content
    rows = list(workbook(content)["Анкетирование"].iter_rows(values_only=True))
    assert (
        "В среднем (наставники и наставляемые вместе)",
        Decimal("5.5"),
        Decimal("7.5"),
        Decimal("2.0"),
    ) in [tuple(Decimal(str(v)) if isinstance(v, float | int) else v for v in r) for r in rows]
    text = pdf_text(
        services.report_build(organization=cast.school, kind="analytic", fmt="pdf").content
    )
    text = " ".join(text.split())
    assert "наставники и наставляемые" in text and "5,5" in text and "7,5" in text


def test_changes_are_the_differences_of_the_printed_means(cast):
    """Mentees at 2,25 → 2,75 (printed 2,2 → 2,8): the change printed is
    +0,6 — the difference of the printed figures, not the raw +0,5 — and the
    XLSX cells carry the same one-decimal numbers as the PDF."""
    from decimal import Decimal

    pairs = [pair(cast.school)[0]]
    pairs += [pair(cast.school, pairs[0].form)[0] for _ in range(3)]
    _answered(cast.school, "mentee", pairs, (2, 2, 2, 3), (3, 3, 3, 2))
    content = services.report_build(organization=cast.school, kind="analytic", fmt="xlsx").content
    book = workbook(content)
    rows = list(book["Ожидания и итоги по ролям"].iter_rows(values_only=True))[1:]
    overall = {r[0]: r[2:] for r in rows if r[1] == "В среднем"}
    assert tuple(Decimal(str(v)) for v in overall["Наставляемые"]) == (
        Decimal("2.2"),
        Decimal("2.8"),
        Decimal("0.6"),
    )
    growth = [
        r
        for r in book["Второй этап"].iter_rows(values_only=True)
        if r and "наставляемых" in str(r[0])
    ]
    assert [tuple(Decimal(str(v)) for v in r[1:4]) for r in growth] == [
        (Decimal("2.2"), Decimal("2.8"), Decimal("0.6"))
    ]
    text = pdf_text(
        services.report_build(organization=cast.school, kind="analytic", fmt="pdf").content
    )
    text = " ".join(text.split())
    section = text[text.index("Анкета наставляемых: ожидания") :][:200]
    assert "2,2" in section and "2,8" in section and "+0,6" in section, section
