"""The builder: templates, ordering, and versions when answers exist."""

import pytest
from django.db.models import ProtectedError

from surveys import services
from surveys.models import Answer, Question, Survey, SurveyVersion
from surveys.templates_builtin import TEMPLATES

from .helpers import answer, person, send, survey_with

pytestmark = pytest.mark.django_db


def test_every_builtin_template_is_copied_with_its_questions(cast):
    for code, spec in TEMPLATES.items():
        survey = services.survey_from_template(organization=cast.school, code=code, by=None)
        expected = sum(len(s["questions"]) for s in spec["sections"])
        assert survey.current_version().questions.count() == expected, code
        assert survey.template_code == code
    needs = Survey.objects.get(template_code="mentee_needs")
    mapped = needs.current_version().questions.get(maps_to="requests")
    assert mapped.kind == "long_text"


def test_effectiveness_pairs_share_the_codes_of_their_scales(cast):
    """Every scale of an 'expected' questionnaire has its item with the same
    code at the end (the before/after comparison matches by code); the end
    adds only "Насколько оправдались ожидания", which has nothing to expect."""
    from surveys.templates_builtin import PAIRS

    for actual_code, expected_code in PAIRS.items():
        expected = services.survey_from_template(
            organization=cast.school, code=expected_code, by=None
        )
        actual = services.survey_from_template(organization=cast.school, code=actual_code, by=None)

        def codes(s):
            return list(
                s.current_version().questions.filter(kind="scale").values_list("code", flat=True)
            )

        assert codes(actual) == [*codes(expected), "expectations_met"], actual_code
        scales = actual.current_version().questions.filter(kind="scale")
        assert set(scales.values_list("scale_max", flat=True)) == {10}
    mentee = Survey.objects.get(template_code="effectiveness_mentee_actual")
    assert codes(mentee)[:4] == ["effectiveness", "comfort", "group_meetings", "usefulness"]


def test_questions_move_up_and_down_and_reorder_by_drag(cast):
    survey, (a, b, c) = survey_with(
        cast.school, [{"kind": "yes_no", "text": t} for t in ("А", "Б", "В")]
    )
    services.question_move(question=c, direction="up", by=None)
    version = survey.current_version()
    assert [q.text for q in version.questions.all()] == ["А", "В", "Б"]
    services.questions_reorder(section=a.section, ids=[b.pk, a.pk, c.pk], by=None)
    assert [q.text for q in version.questions.all()] == ["Б", "А", "В"]
    services.question_move(question=b, direction="up", by=None)  # already first
    assert [q.text for q in version.questions.all()] == ["Б", "А", "В"]


def test_editing_without_answers_changes_the_same_version(cast):
    survey, (q,) = survey_with(cast.school, [{"kind": "yes_no", "text": "Старый"}])
    services.question_update(question=q, data={"text": "Новый"}, by=None)
    assert SurveyVersion.objects.filter(survey=survey).count() == 1
    q.refresh_from_db()
    assert q.text == "Новый"
    services.question_delete(question=q, by=None)
    assert not Question.objects.filter(pk=q.pk).exists()


def test_editing_a_survey_with_answers_creates_a_new_version_and_keeps_the_answers(cast):
    survey, (q1, q2) = survey_with(
        cast.school,
        [{"kind": "scale", "text": "Комфорт"}, {"kind": "short_text", "text": "Комментарий"}],
    )
    who = person(cast.school)
    campaign, tokens = send(survey, [who])
    answer(campaign, tokens[who.pk], {f"q{q1.pk}": ["8"], f"q{q2.pk}": ["Хорошо"]})

    services.question_delete(question=q2, by=None)
    services.question_update(question=q1, data={"text": "Комфорт общения"}, by=None)

    versions = list(survey.versions.order_by("number"))
    assert [v.number for v in versions] == [1, 2]
    old, new = versions
    assert [q.text for q in old.questions.all()] == ["Комфорт", "Комментарий"]
    assert [q.text for q in new.questions.all()] == ["Комфорт общения"]
    assert new.questions.get().origin == q1
    assert Answer.objects.filter(question=q2).count() == 1
    campaign.refresh_from_db()
    assert campaign.version == old
    # A question with answers cannot be deleted even bypassing the services.
    with pytest.raises(ProtectedError):
        q2.delete()


def test_builder_page_warns_that_changes_become_a_new_version(cast, client_for):
    survey, (q,) = survey_with(cast.school, [{"kind": "scale", "text": "Комфорт"}])
    who = person(cast.school)
    campaign, tokens = send(survey, [who])
    answer(campaign, tokens[who.pk], {f"q{q.pk}": ["8"]})
    page = client_for(cast.methodist).get(f"/surveys/{survey.pk}/")
    assert "у анкеты есть ответы — изменения сохранятся как новая версия" in page.text.lower()


def test_methodist_adds_a_question_through_the_page(cast, client_for):
    survey, _ = survey_with(cast.school, [])
    section = survey.current_version().sections.get()
    response = client_for(cast.methodist).post(
        f"/surveys/{survey.pk}/questions/new/",
        {
            "section": section.pk,
            "kind": "single",
            "text": "Формат встреч",
            "scale_max": 10,
            "options_text": "Очно\nОнлайн\n",
            "maps_to": "",
        },
    )
    assert response.status_code == 302
    q = survey.current_version().questions.get()
    assert [o.text for o in q.options.all()] == ["Очно", "Онлайн"]


def test_preview_shows_questions_as_the_respondent_sees_them(cast, client_for):
    survey, _ = survey_with(
        cast.school,
        [{"kind": "scale", "text": "Насколько полезны встречи?", "label_min": "бесполезны"}],
    )
    page = client_for(cast.director).get(f"/surveys/{survey.pk}/preview/")
    assert "Насколько полезны встречи?" in page.text
    assert "1 — бесполезны" in page.text
