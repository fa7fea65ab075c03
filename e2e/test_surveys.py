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


def test_standard_questionnaires_show_their_source_and_a_pupil_copy_speaks_to_pupils(
    page, phone_page, cast
):
    """The survey list names the source of each standard questionnaire (Р-145)
    behind "Источник и отличия"; a pupil's copy, opened by the personal link
    on a phone, addresses the pupil with "ты"."""
    from surveys import services

    login(page, cast.methodist.username, PASSWORD)
    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto(f"{page.base_url}/surveys/")
    page.get_by_text("Источник и отличия").first.click()
    assert "Р-145" in page.locator("details[open]").first.inner_text()
    screenshot(page, "surveys-templates-source-1366")

    survey = services.survey_from_template(
        organization=cast.school, code="effectiveness_pupil_mentee_actual", by=None
    )
    pupil = person(cast.school, target_group="school_student")
    _campaign, tokens = send(survey, [pupil], title="Итоги года: обучающиеся")
    phone_page.goto(f"{phone_page.base_url}/surveys/a/{tokens[pupil.pk]}/")
    content = phone_page.content()
    assert "Оцени от 1 до 10" in content
    assert "Насколько комфортно было общение с наставником?" in content
    screenshot(phone_page, "surveys-pupil-questionnaire-390")

    login(phone_page, cast.methodist.username, PASSWORD)
    phone_page.goto(f"{phone_page.base_url}/surveys/")
    phone_page.get_by_text("Источник и отличия").first.click()
    width = phone_page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, width
    screenshot(phone_page, "surveys-templates-source-390")
