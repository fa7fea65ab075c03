"""The analytic report's table of changes after the quarterly diagnostics
(per participant group, previous vs current quarter, from the diagnostics
campaigns and the indicators' quarterly snapshots) and Р-145's second stage
of monitoring (growth of participants, mentees' results), in the PDF and the
XLSX. A missing quarter or year is "нет данных", never 0 with a change."""

import datetime

import pytest
from django.utils import timezone

from mentoring import indicators as defs
from mentoring.models import MentorshipStatus, TargetGroup
from reports import services
from reports.periods import Period
from roadmaps.models import Indicator, IndicatorKind, IndicatorSnapshot
from surveys.models import Campaign, SurveyKind
from surveys.tests.helpers import answer, person, send, survey_with

from .helpers import pairs, pdf_text, people, plain, workbook

pytestmark = pytest.mark.django_db


def has_row(text, start, values):
    """A line of the PDF's text (whitespace collapsed) that begins with
    ``start`` and ends with ``values``: a table row whose label may wrap."""
    for line in text.splitlines():
        line = " ".join(line.split())
        if line.startswith(start) and line.endswith(values):
            return True
    return False


def _quarter_dates():
    """A day of the current calendar quarter inside the current academic year
    and a day of the quarter before it (in the same or the previous year)."""
    today = timezone.localdate()
    first_month = 3 * ((today.month - 1) // 3) + 1
    current_start = datetime.date(today.year, first_month, 1)
    return today, current_start - datetime.timedelta(days=10)


def _diagnostics(org):
    """Two quarters of a 2-item diagnostics: young specialists A, B and a
    teacher C answer in both, a pupil D only in the current quarter."""
    survey, (design, digital) = survey_with(
        org,
        [
            {"kind": "scale", "text": "Проектирование урока", "code": "design", "scale_max": 5},
            {"kind": "scale", "text": "Цифровые ресурсы", "code": "digital", "scale_max": 5},
        ],
        title="Диагностика",
    )
    survey.kind = SurveyKind.DIAGNOSTICS
    survey.save(update_fields=["kind"])
    a = person(org, target_group=TargetGroup.YOUNG_SPECIALIST, last_name="Альфа")
    b = person(org, target_group=TargetGroup.YOUNG_SPECIALIST, last_name="Бета")
    c = person(org, target_group=TargetGroup.TEACHER, last_name="Вега")
    d = person(org, target_group=TargetGroup.SCHOOL_STUDENT, last_name="Гамма")
    current_day, previous_day = _quarter_dates()
    answers = {
        "previous": {a: (2, 3), b: (3, 4), c: (4, 4)},
        "current": {a: (4, 4), b: (5, 5), c: (4, 4), d: (3, 2)},
    }
    for when, day in (("previous", previous_day), ("current", current_day)):
        campaign, tokens = send(survey, list(answers[when]), title=f"Диагностика ({when})")
        for who, (x, y) in answers[when].items():
            answer(
                campaign, tokens[who.pk], {f"q{design.pk}": [str(x)], f"q{digital.pk}": [str(y)]}
            )
        Campaign.objects.filter(pk=campaign.pk).update(deadline=day)
    return current_day, previous_day


def _snapshots(org, current_day, previous_day):
    pupils = Indicator.objects.create(
        organization=org,
        name="Охват обучающихся",
        kind=IndicatorKind.COVERAGE,
        target_group=TargetGroup.SCHOOL_STUDENT,
        position=1,
    )
    teachers = Indicator.objects.create(
        organization=org,
        name="Охват педагогов",
        kind=IndicatorKind.COVERAGE,
        target_group=TargetGroup.TEACHER,
        position=2,
    )
    for indicator, day, value in (
        (pupils, previous_day, "10.00"),
        (pupils, current_day, "14.50"),
        (teachers, current_day, "20.00"),  # no snapshot the quarter before
    ):
        IndicatorSnapshot.objects.create(
            indicator=indicator,
            year=day.year,
            month=3 * ((day.month - 1) // 3 + 1),
            taken_on=day,
            value=value,
        )


def _build(org, fmt):
    return services.report_build(organization=org, kind="analytic", fmt=fmt).content


def test_diagnostics_table_of_changes_per_group_in_the_xlsx(cast):
    current_day, previous_day = _diagnostics(cast.school)
    _snapshots(cast.school, current_day, previous_day)
    wb = workbook(_build(cast.school, "xlsx"))
    rows = list(wb["Диагностика по группам"].iter_rows(values_only=True))[1:]
    # The figures' rows are named by their definitions (sheet «Определения»).
    score = defs.get("diagnostics_score").label
    overall, responded = f"{score} (группа)", f"{defs.get('diagnostics_responded').label} (группа)"
    table = {(r[0], plain(r[1])): r[2:] for r in rows}
    assert table[("Молодой специалист", overall)] == (3, 4.5, 1.5)
    assert table[("Молодой специалист", "Проектирование урока (группа и умение строки)")] == (
        2.5,
        4.5,
        2,
    )
    assert table[("Молодой специалист", "Цифровые ресурсы (группа и умение строки)")] == (
        3.5,
        4.5,
        1,
    )
    assert table[("Молодой специалист", responded)] == (2, 2, 0)
    # A real zero change is a zero; a missing quarter is "нет данных".
    assert table[("Педагогический работник", overall)] == (4, 4, 0)
    pupil_overall = table[("Обучающийся школы", overall)]
    assert pupil_overall == ("нет данных", 2.5, "нет данных")
    assert table[("Обучающийся школы", responded)] == (
        "нет данных",
        1,
        "нет данных",
    )
    assert table[("Все участники", score)] == (3.3, 3.9, 0.6)

    snapshots = list(wb["Квартальные срезы"].iter_rows(values_only=True))[1:]
    by_name = {plain(r[1]): r[3:] for r in snapshots}
    # Named by the definition, the roadmap's wording beside it.
    pupils = f"{defs.get('coverage_students').label} (в дорожной карте — «Охват обучающихся»)"
    teachers = f"{defs.get('coverage_teachers').label} (в дорожной карте — «Охват педагогов»)"
    assert by_name[pupils] == (10, 14.5, 4.5)
    assert by_name[teachers] == ("нет данных", 20, "нет данных")


def test_diagnostics_table_of_changes_is_a_section_of_the_pdf(cast):
    current_day, previous_day = _diagnostics(cast.school)
    _snapshots(cast.school, current_day, previous_day)
    text = pdf_text(_build(cast.school, "pdf"))
    assert "Квартальная диагностика: таблица учёта изменений" in text
    assert "Диагностика компетенций по группам участников" in text
    assert has_row(text, "Средний балл по всем умениям", "3 4,5 +1,5")
    assert has_row(text, "Педагогический Охват", "нет данных 20 нет данных")
    assert has_row(text, "Обучающийся Охват", "10 14,5 +4,5")
    assert "«Охват педагогов»" in " ".join(text.split())
    assert has_row(
        # The label, with its footnote, wraps after its first word.
        text,
        "Прошли",
        "нет данных 1 из 1 нет данных",
    )


def _two_years_of_pairs(org):
    period = Period.current(timezone.localdate())
    last_year = period.start - datetime.timedelta(days=200)
    old_mentors = people(org, 1, mentor=True, prefix="Стар")
    old_mentees = people(org, 1, group=TargetGroup.YOUNG_SPECIALIST, prefix="Молод")
    pairs(
        org,
        old_mentors,
        old_mentees,
        status=MentorshipStatus.COMPLETED,
        activated_on=last_year,
        ended_on=last_year + datetime.timedelta(days=60),
    )
    mentors = people(org, 2, mentor=True, prefix="Наст")
    mentees = people(org, 2, group=TargetGroup.YOUNG_SPECIALIST, prefix="Нов")
    pairs(
        org,
        mentors,
        mentees,
        activated_on=max(period.start, timezone.localdate() - datetime.timedelta(days=20)),
    )


def test_second_stage_shows_growth_of_participants_and_mentees_results(cast):
    _two_years_of_pairs(cast.school)
    wb = workbook(_build(cast.school, "xlsx"))
    rows = {plain(r[0]): r[1:] for r in wb["Второй этап"].iter_rows(values_only=True) if r and r[0]}
    # A figure's row names its definition (the sheet «Определения»).
    mentees = f"{defs.get('pair_mentees').label} (целевая группа строки)"
    mentors = f"{defs.get('pair_mentors').label} (целевая группа строки)"
    assert rows[f"Молодой специалист: наставляемые — {mentees}"] == (1, 2, 1)
    assert rows[f"Педагогический работник: наставники — {mentors}"] == (1, 2, 1)
    assert rows["Всего участников в парах и группах (сумма)"] == (2, 4, 2)
    # Two programmes this year, 2 of 4 plan items done in each.
    assert rows[defs.get("programs_with_items").label][1] == 2
    assert rows[defs.get("programs_done").label][1] == 50
    # No questionnaires and no diagnostics: no data, not zeros.
    growth = rows["Анкета наставляемых: ожидания → итог (1–10) (только рассылки для роли строки)"]
    assert growth == ("нет данных", "нет данных", "нет данных")

    text = pdf_text(_build(cast.school, "pdf"))
    assert "Второй этап мониторинга: рост участников и результаты наставляемых" in text
    assert has_row(text, "Всего участников в парах и", "2 4 +2")
    assert has_row(text, "Молодой специалист:", "1 2 +1")
    assert has_row(text, "Анкета наставляемых: ожидания", "нет данных нет данных нет данных")


def test_second_stage_without_last_year_says_no_data_not_zero(cast):
    mentors = people(cast.school, 1, mentor=True, prefix="Наст")
    mentees = people(cast.school, 1, group=TargetGroup.YOUNG_SPECIALIST, prefix="Нов")
    pairs(cast.school, mentors, mentees)
    wb = workbook(_build(cast.school, "xlsx"))
    rows = {plain(r[0]): r[1:] for r in wb["Второй этап"].iter_rows(values_only=True) if r and r[0]}
    assert rows["Всего участников в парах и группах (сумма)"] == ("нет данных", 2, "нет данных")
    text = pdf_text(_build(cast.school, "pdf"))
    assert has_row(text, "Всего участников в парах и", "нет данных 2 нет данных")
    # Without any diagnostics the quarterly section is left out.
    assert "Квартальная диагностика: таблица учёта изменений" not in text
