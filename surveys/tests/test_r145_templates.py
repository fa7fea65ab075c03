"""The standard effectiveness questionnaires follow Р-145's questionnaires of
the mentor and of the mentee item by item, cite their source, and the pupil
versions speak to pupils."""

import pytest

from surveys import services
from surveys.templates_builtin import TEMPLATES

pytestmark = pytest.mark.django_db

EFFECTIVENESS = [code for code, t in TEMPLATES.items() if t["kind"] == "effectiveness"]


def _questions(code):
    return [q for s in TEMPLATES[code]["sections"] for q in s["questions"]]


def test_every_effectiveness_template_cites_the_r145_source_in_its_note():
    assert len(EFFECTIVENESS) == 8
    for code in EFFECTIVENESS:
        note = TEMPLATES[code]["note"]
        assert "Р-145" in note, code
        assert "МР-42/02" in note, code
        assert "анкета наставник" in note or "анкета наставляемого" in note, code


def test_teacher_mentee_questionnaire_at_the_end_has_the_source_items_in_order():
    texts = [q["text"] for q in _questions("effectiveness_mentee_actual")]
    assert texts[:9] == [
        "Эффективность программы наставничества",
        "Насколько комфортно было общение с наставником?",
        "Насколько полезными/интересными были групповые встречи?",
        "Насколько полезными/интересными были личные встречи?",
        "Насколько понятными были задачи, поставленные наставником?",
        "Ощущали ли Вы поддержку наставника?",
        "Насколько полезна была помощь наставника?",
        "Насколько Вы довольны вашей совместной работой?",
        "Насколько оправдались Ваши ожидания от участия в программе наставничества?",
    ]
    assert "Хотели бы Вы продолжить работу в программе наставничества?" in texts


def test_teacher_mentor_questionnaire_asks_about_planning_and_the_plan():
    texts = [q["text"] for q in _questions("effectiveness_mentor_actual")]
    assert texts.index("Насколько удалось спланировать работу?") == 5
    assert texts.index("Насколько удалось осуществить свой план?") == 6
    assert all("наставником" not in t for t in texts)


def test_pupil_versions_speak_to_pupils_not_to_teachers():
    for code in EFFECTIVENESS:
        if "pupil" not in code:
            continue
        texts = " ".join(q["text"] for q in _questions(code)) + TEMPLATES[code]["description"]
        assert "ты" in texts.split() or "тебе" in texts or "твои" in texts, code
        for teacher_word in ("профессиональн", "уроков", "коллектив", "Вы "):
            assert teacher_word not in texts, (code, teacher_word)
    pupil = [q["text"] for q in _questions("effectiveness_pupil_mentee_actual")]
    assert any("жизни класса и школы" in t for t in pupil)


def test_an_old_five_item_expected_copy_still_compares_with_the_new_actual(cast):
    """Codes shared with the earlier adaptation (comfort, usefulness,
    planning, plan_done) stay, so campaigns sent with an old copy still
    compare with the new questionnaire."""
    new = services.survey_from_template(
        organization=cast.school, code="effectiveness_mentor_actual", by=None
    )
    codes = set(new.current_version().questions.values_list("code", flat=True))
    assert {"comfort", "usefulness", "planning", "plan_done"} <= codes
