"""Each kind of question: what is accepted, what is refused (in Russian),
and that a refused answer stores nothing."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from surveys import services
from surveys.models import Answer, Response

from .helpers import answer, person, send, survey_with

pytestmark = pytest.mark.django_db

KINDS = [
    {"kind": "scale", "text": "Комфорт", "scale_max": 10, "required": True},
    {"kind": "scale", "text": "Польза", "scale_max": 5},
    {"kind": "single", "text": "Формат", "options": ["Очно", "Онлайн"]},
    {"kind": "multiple", "text": "Темы", "options": ["Уроки", "Родители", "Документы"]},
    {"kind": "yes_no", "text": "Был опыт?"},
    {"kind": "number", "text": "Стаж", "number_min": Decimal(0), "number_max": Decimal(60)},
    {"kind": "short_text", "text": "Категория"},
    {"kind": "long_text", "text": "Запрос"},
]


@pytest.fixture
def setup(cast):
    survey, qs = survey_with(cast.school, KINDS)
    respondent = person(cast.school)
    campaign, tokens = send(survey, [respondent])
    return campaign, tokens[respondent.pk], qs


def data_for(qs, **values):
    return {f"q{qs[i].pk}": v if isinstance(v, list) else [v] for i, v in values.items()}


def test_every_kind_of_answer_is_stored(setup):
    campaign, token, qs = setup
    single, multiple = qs[2].options.all(), qs[3].options.all()
    data = {
        f"q{qs[0].pk}": ["9"],
        f"q{qs[1].pk}": ["5"],
        f"q{qs[2].pk}": [str(single[1].pk)],
        f"q{qs[3].pk}": [str(multiple[0].pk), str(multiple[2].pk)],
        f"q{qs[4].pk}": ["yes"],
        f"q{qs[5].pk}": ["3,5"],
        f"q{qs[6].pk}": ["Первая"],
        f"q{qs[7].pk}": ["Хочу научиться работать с родителями"],
    }
    response, missing = answer(campaign, token, data)
    assert missing == []
    assert response.is_submitted
    answers = {a.question_id: a for a in response.answers.prefetch_related("options")}
    assert answers[qs[0].pk].number == 9
    assert answers[qs[1].pk].number == 5
    assert [o.text for o in answers[qs[2].pk].options.all()] == ["Онлайн"]
    assert sorted(o.text for o in answers[qs[3].pk].options.all()) == ["Документы", "Уроки"]
    assert answers[qs[4].pk].number == 1
    assert answers[qs[5].pk].number == Decimal("3.5")
    assert answers[qs[6].pk].text == "Первая"


@pytest.mark.parametrize(
    ("index", "value", "message"),
    [
        (0, "11", "Оценка должна быть от 1 до 10."),
        (0, "0", "Оценка должна быть от 1 до 10."),
        (0, "7.5", "Выберите число от 1 до 10."),
        (0, "семь", "Выберите число от 1 до 10."),
        (1, "6", "Оценка должна быть от 1 до 5."),
        (4, "может быть", "Ответьте «да» или «нет»."),
        (5, "61", "Число не может быть больше 60."),
        (5, "-1", "Число не может быть меньше 0."),
        (5, "много", "Введите число, например 12 или 3,5."),
        (6, "а" * 301, "Ответ длиннее 300 символов"),
        (7, "б" * 5001, "Ответ длиннее 5000 символов"),
    ],
)
def test_invalid_answer_is_refused_in_russian_and_nothing_is_stored(setup, index, value, message):
    campaign, token, qs = setup
    with pytest.raises(ValidationError) as exc:
        answer(campaign, token, {f"q{qs[0].pk}": ["5"], f"q{qs[index].pk}": [value]})
    assert message in exc.value.message_dict[qs[index].pk][0]
    assert not Response.objects.exists()
    assert not Answer.objects.exists()


def test_option_of_another_question_is_refused(setup):
    campaign, token, qs = setup
    foreign = qs[3].options.first()
    with pytest.raises(ValidationError) as exc:
        answer(campaign, token, {f"q{qs[2].pk}": [str(foreign.pk)]}, submit=False)
    assert exc.value.message_dict[qs[2].pk] == ["Выберите вариант из предложенных."]
    with pytest.raises(ValidationError):
        answer(campaign, token, {f"q{qs[2].pk}": ["999999"]}, submit=False)
    assert not Answer.objects.exists()


def test_single_choice_takes_one_option(setup):
    campaign, token, qs = setup
    a, b = qs[2].options.all()
    with pytest.raises(ValidationError) as exc:
        answer(campaign, token, {f"q{qs[2].pk}": [str(a.pk), str(b.pk)]}, submit=False)
    assert exc.value.message_dict[qs[2].pk] == ["Выберите один вариант."]


def test_required_question_unanswered_keeps_a_draft_and_names_the_question(setup):
    campaign, token, qs = setup
    response, missing = answer(campaign, token, {f"q{qs[6].pk}": ["Высшая"]})
    assert [q.text for q in missing] == ["Комфорт"]
    assert response.status == "draft"
    assert response.answers.get().text == "Высшая"
    assert not response.invitation.responded


def test_choice_question_needs_two_options(cast):
    survey, _qs = survey_with(cast.school, [])
    section = survey.current_version().sections.get()
    with pytest.raises(ValidationError) as exc:
        services.question_add(
            survey=survey,
            section=section,
            data={"kind": "single", "text": "Выбор", "options": ["Один"]},
            by=None,
        )
    assert "хотя бы два варианта" in exc.value.message_dict["options"][0]
