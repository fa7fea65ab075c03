"""One target per indicator in one analytic report: the organisation's
roadmap target where it sets one (with its source), else the definition's
default — in the coverage table, the roadmap's indicators, the definitions
(PDF and XLSX) — and one verdict consistent with the figure."""

import io
import re
from decimal import Decimal

import pytest

from mentoring import indicators as defs
from mentoring.models import MentorshipStatus, TargetGroup
from reports import services
from roadmaps.indicators import organization_targets
from roadmaps.models import Indicator, IndicatorKind, IndicatorTarget

from .helpers import consents, headcount, pairs, people, period_now, plain, workbook

pytestmark = pytest.mark.django_db


@pytest.fixture
def school(cast):
    """16 of 50 pedagogical workers covered (32 %): below the default 70 %,
    above the roadmap's 30 %."""
    org = cast.school
    mentors = people(org, 10, mentor=True, prefix="Наставникова")
    mentees = people(org, 10, group=TargetGroup.YOUNG_SPECIALIST, prefix="Молодцова")
    pairs(org, mentors[:6], mentees[:6])
    pairs(org, mentors[6:8], mentees[6:8], status=MentorshipStatus.COMPLETED)
    consents(mentors + mentees)
    headcount(org, TargetGroup.TEACHER, 40)
    headcount(org, TargetGroup.YOUNG_SPECIALIST, 10)
    indicator = Indicator.objects.create(
        organization=org,
        name="Доля педагогов в наставничестве",
        kind=IndicatorKind.COVERAGE,
        target_group=TargetGroup.TEACHER,
    )
    IndicatorTarget.objects.create(
        indicator=indicator, year=period_now().academic_year, value=Decimal(30)
    )
    return org


def flat_text(pdf):
    """The PDF's text on one line, a table cell's lines kept together
    (pypdf reads cell by cell; pdftotext -layout interleaves wrapped cells)."""
    from pypdf import PdfReader

    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    return re.sub(r"\s+", " ", text.replace("\u2010\n", ""))


def test_xlsx_shows_the_roadmaps_coverage_target_once_with_one_verdict(school):
    book = workbook(services.report_build(organization=school, kind="analytic", fmt="xlsx").content)
    label = defs.get("coverage_teachers").label
    coverage = next(r for r in book["Охват"].iter_rows(values_only=True) if plain(r[0]) == label)
    assert coverage[3:6] == (32, 30, "да")
    assert "Доля педагогов в наставничестве" in coverage[6]
    # The roadmap's indicator is named by its definition, the roadmap's
    # wording beside it.
    roadmap = next(
        r
        for r in book["Дорожная карта"].iter_rows(values_only=True)
        if plain(r[0]) == f"{label} (в дорожной карте — «Доля педагогов в наставничестве»)"
    )
    assert roadmap[1:] == (32, 30, "да")
    definition = next(r for r in book["Определения"].iter_rows(values_only=True) if r[1] == label)
    assert definition[7] == 30
    assert "Доля педагогов в наставничестве" in definition[8]
    # Every target the workbook states for the indicator is the same one.
    targets = {coverage[4], roadmap[2], definition[7]}
    assert targets == {30}
    # The indicator without a roadmap target keeps the default and its source.
    students = next(
        r
        for r in book["Определения"].iter_rows(values_only=True)
        if r[1] == defs.get("young_specialists_mentored").label
    )
    assert students[7] == 100


def test_pdf_states_one_target_and_one_verdict_for_coverage(school):
    text = flat_text(services.report_build(organization=school, kind="analytic", fmt="pdf").content)
    label = defs.get("coverage_teachers").label
    # The coverage table: 50 people, 16 covered, 32 %, target 30 %, met.
    assert re.search(rf"{label} \[(\d+)\] 50 16 32 30 да", text), text
    number = re.search(rf"{label} \[(\d+)\]", text)[1]
    # The roadmap's indicator: the same figure, target and verdict.
    assert re.search(
        rf"{label} \(в дорожной карте — «Доля педагогов в наставничестве»\) \[{number}\] 32 30 да",
        text,
    ), text
    # The definitions state the roadmap's target, not the default 70 %.
    definitions = text[text.rindex("Определения показателей") :]
    start = definitions.index(f"[{number}] {label}")
    teachers = definitions[start : definitions.index(f"[{int(number) + 1}]", start)]
    assert "Цель: 30 %" in teachers and "Цель: 70" not in teachers
    assert "дорожная карта организации" in teachers


def test_roadmap_on_time_target_comes_from_the_roadmap(school):
    from reports import builders

    indicator = Indicator.objects.create(
        organization=school, name="Мероприятия в срок", kind=IndicatorKind.ROADMAP_ON_TIME
    )
    IndicatorTarget.objects.create(
        indicator=indicator, year=period_now().academic_year, value=Decimal(90)
    )
    data = builders.extra_analytic_sections(school, period_now())
    rows = {r["name"]: r for r in data["roadmap"]["indicators"]}
    assert rows["Мероприятия в срок"]["target"] == 90
    targets = defs.targets(school, period_now().academic_year)
    assert targets["roadmap_on_time"][0] == 90


def test_two_roadmap_indicators_of_one_definition_give_its_strictest_target(cast):
    year = period_now().academic_year
    for group, value in ((TargetGroup.SCHOOL_STUDENT, 50), (TargetGroup.COLLEGE_STUDENT, 60)):
        indicator = Indicator.objects.create(
            organization=cast.school,
            name=f"Охват: {group.label}",
            kind=IndicatorKind.COVERAGE,
            target_group=group,
        )
        IndicatorTarget.objects.create(indicator=indicator, year=year, value=value)
    target, source = organization_targets(cast.school, year)["coverage_students"]
    assert target == 60
    assert TargetGroup.COLLEGE_STUDENT.label in source


def test_consent_target_of_the_roadmap_is_the_reports_one_target(school):
    indicator = Indicator.objects.create(
        organization=school, name="Согласия участников", kind=IndicatorKind.CONSENTS
    )
    IndicatorTarget.objects.create(
        indicator=indicator, year=period_now().academic_year, value=Decimal(95)
    )
    book = workbook(services.report_build(organization=school, kind="analytic", fmt="xlsx").content)
    sheet = {plain(r[0]): r[1] for r in book["Согласия"].iter_rows(values_only=True)}
    # The figure's row is named by its definition, as in the sheet «Определения».
    share = sheet[defs.get("consents").label]
    assert (share, sheet["Цель, %"], sheet["Цель достигнута"]) == (
        100,
        95,
        "да",
    )
    label = defs.get("consents").label
    definition = next(r for r in book["Определения"].iter_rows(values_only=True) if r[1] == label)
    assert definition[7] == 95
    text = flat_text(services.report_build(organization=school, kind="analytic", fmt="pdf").content)
    assert "целевое значение — 95 %, достигнуто" in text
    assert "целевое значение — 100 %" not in text
