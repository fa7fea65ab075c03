"""A mentor submits a practice with a PDF in the browser; the coordinator
approves and publishes it; the public side then shows it."""

from conftest import PASSWORD
from e2e.conftest import login, screenshot
from mentoring.factories import ConsentFactory
from mentoring.models import Practice, PracticeStatus
from mentoring.tests.activity_data import MINIMAL_PDF, mentor_card


def messages_text(page):
    return page.locator(".messages").inner_text()


def logout(page):
    page.locator("#userMenu").click()
    page.get_by_role("button", name="Выйти").click()
    page.wait_for_load_state()


def test_mentor_submits_a_practice_and_the_coordinator_publishes_it(page, cast, tmp_path):
    card = mentor_card(cast)
    # Authors appear on the public page: their consent to publish the name
    # is checked before publication (issue 12).
    ConsentFactory(participant=card, kind="publication", publish_name=True)
    pdf = tmp_path / "Практика наставника.pdf"
    pdf.write_bytes(MINIMAL_PDF)

    login(page, "mentor", PASSWORD)
    page.get_by_role("link", name="Практики", exact=True).first.click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", level=1).inner_text() == "Банк успешных практик"
    page.get_by_role("link", name="Предложить практику").click()
    page.wait_for_load_state()
    page.locator("#id_title").fill("Урок вдвоём: совместное планирование")
    page.locator("#id_authors").fill("Наставников П. И.")
    page.locator("#id_description").fill(
        "Наставник и молодой специалист планируют урок вместе и разбирают его по схеме."
    )
    page.locator("#id_results").fill("Открытый урок молодого специалиста.")
    page.get_by_label("Файл практики").set_input_files(str(pdf))
    screenshot(page, "practices-mentor-submit")
    page.get_by_role("button", name="Направить на рассмотрение").click()
    page.wait_for_load_state()
    assert "Практика направлена на рассмотрение" in messages_text(page)
    assert "Практика наставника.pdf" in page.locator("main").inner_text()
    screenshot(page, "practices-submitted")
    practice = Practice.objects.get()
    assert practice.status == PracticeStatus.SUBMITTED
    logout(page)

    login(page, "coordinator", PASSWORD)
    page.get_by_role("link", name="Практики", exact=True).first.click()
    page.wait_for_load_state()
    page.get_by_role("link", name=practice.title).click()
    page.wait_for_load_state()
    page.get_by_role("button", name="Одобрить").click()
    page.wait_for_load_state()
    assert "Практика одобрена." in messages_text(page)
    page.get_by_role("button", name="Опубликовать").click()
    page.wait_for_load_state()
    assert "Практика опубликована" in messages_text(page)
    screenshot(page, "practices-published")
    practice.refresh_from_db()
    assert practice.status == PracticeStatus.PUBLISHED
    attachment = practice.attachments.get()
    logout(page)

    # The public side, without login.
    response = page.request.get(page.base_url + f"/public/files/{attachment.pk}/")
    assert response.status == 200 and response.body() == MINIMAL_PDF
    public = page.goto(page.base_url + f"/o/{cast.school.slug}/nastavnichestvo/praktiki/")
    if public.status == 200:
        assert practice.title in page.locator("body").inner_text()
        screenshot(page, "practices-public")
