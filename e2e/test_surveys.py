"""A mentor answers a questionnaire by the personal link on a phone; the
methodist sees the response rate and the average."""

from conftest import PASSWORD
from e2e.conftest import login, screenshot
from surveys.tests.helpers import person, send, survey_with


def test_mentor_answers_by_personal_link_on_a_phone_and_methodist_sees_the_result(
    phone_page, page, cast
):
    survey, (scale, _choice, text) = survey_with(
        cast.school,
        [
            {
                "kind": "scale",
                "text": "Насколько полезными были встречи с наставляемым?",
                "scale_max": 10,
                "required": True,
                "label_min": "совсем нет",
                "label_max": "в полной мере",
            },
            {
                "kind": "single",
                "text": "Какой формат встреч был удобнее?",
                "options": ["Очные встречи", "Онлайн-консультации", "Посещение уроков"],
                "required": True,
            },
            {"kind": "long_text", "text": "Что стоит изменить в программе?"},
        ],
        title="Эффективность наставничества: результат для наставника",
    )
    mentor = person(cast.school, user=cast.mentor, is_mentor=True, mentor_status="approved")
    other = person(cast.school, is_mentor=True, mentor_status="approved")
    campaign, tokens = send(survey, [mentor, other], title="Итоги года: наставники")

    phone = phone_page
    phone.goto(f"{phone.base_url}/surveys/a/{tokens[mentor.pk]}/")
    assert "Эффективность наставничества" in phone.content()
    screenshot(phone, "surveys-phone-form")

    # Submitting without the required answers names them.
    phone.get_by_role("button", name="Отправить ответы").click()
    phone.wait_for_load_state()
    assert "ответьте на обязательные вопросы" in phone.content()
    screenshot(phone, "surveys-phone-missing")

    phone.locator(f"label[for=q{scale.pk}-8]").click()
    phone.get_by_label("Онлайн-консультации").check()
    phone.locator(f"#q{text.pk}").fill("Больше совместных посещений уроков")
    phone.get_by_role("button", name="Отправить ответы").click()
    phone.wait_for_load_state()
    assert "Спасибо! Ваши ответы отправлены." in phone.content()
    screenshot(phone, "surveys-phone-sent")
    # The link did not log anybody in.
    phone.goto(f"{phone.base_url}/")
    assert "/accounts/login/" in phone.url

    login(page, "methodist", PASSWORD)
    page.goto(f"{page.base_url}/surveys/campaigns/{campaign.pk}/results/")
    assert page.locator("#response-rate").inner_text() == "50 %"
    average = page.locator(f".result-average[data-question='{scale.pk}']").inner_text()
    assert average == "среднее 8 из 10"
    assert "Больше совместных посещений уроков" in page.content()
    page.wait_for_timeout(300)  # charts drawn
    screenshot(page, "surveys-methodist-results")
