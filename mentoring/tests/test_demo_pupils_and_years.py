"""The demo: pupils answer the pupils' questionnaires, teachers the
teachers'; the roadmaps name their years as Russian writes them. One
seeding for both (seed_demo takes a minute)."""

import io
import re

import pytest
from django.core.management import call_command

from mentoring.models.participants import STUDENT_GROUPS
from surveys.models import Response, SurveyKind
from surveys.templates_builtin import TEMPLATES

pytestmark = pytest.mark.django_db

# The standard questionnaires that speak to teachers: lessons, parents,
# professional growth (the pupils' versions carry "pupil" in their code).
TEACHER_TEMPLATES = {
    code
    for code, template in TEMPLATES.items()
    if template["kind"] in (SurveyKind.EFFECTIVENESS, SurveyKind.DIAGNOSTICS)
    and "pupil" not in code
} | {"mentee_needs", "mentor_candidate"}


def test_demo_pupils_answer_pupils_questionnaires_and_roadmaps_name_years_right():
    from roadmaps.models import Activity, Roadmap

    call_command("seed_demo", stdout=io.StringIO())
    pupils = Response.objects.filter(
        invitation__participant__target_group__in=STUDENT_GROUPS
    ).select_related("campaign__survey")
    assert pupils.filter(campaign__survey__kind=SurveyKind.DIAGNOSTICS).exists()
    wrong = {
        (r.campaign.title, r.campaign.survey.template_code)
        for r in pupils
        if r.campaign.survey.template_code in TEACHER_TEMPLATES
    }
    assert wrong == set()
    # The pupils' diagnostics asks about learning, not lessons and parents.
    texts = set(
        Response.objects.filter(
            target_group__in=STUDENT_GROUPS, campaign__survey__kind=SurveyKind.DIAGNOSTICS
        ).values_list("answers__question__text", flat=True)
    )
    assert "Проектирование урока и занятия" not in texts
    assert "Взаимодействие с родителями" not in texts
    assert "Ставлю учебные цели и планирую, как их достичь" in texts

    # «на 2026-2029 год» → «на 2026–2029 годы»; no sample's years left over.
    titles = list(Roadmap.objects.values_list("title", flat=True))
    assert titles
    for title in titles:
        assert not re.search(r"20\d\d-20\d\d", title), title
        assert not re.search(r"(20\d\d)–(20\d\d) год\b", title) or all(
            int(b) - int(a) <= 1 for a, b in re.findall(r"(20\d\d)–(20\d\d) год\b", title)
        ), title
    stale = Activity.objects.filter(title__contains="2021-2024")
    assert not stale.exists(), list(stale.values_list("title", flat=True))
    assert (
        Activity.objects.filter(title__contains="дорожной карты на 20")
        .exclude(title__contains="2021")
        .exists()
    )
