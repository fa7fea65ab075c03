"""The methodist imports two held-out published roadmaps (issue 16) through the
browser: a table whose detail cells are all empty is saved and shown, and a
site's electronic-signature mark stays among the stamps, out of the title."""

from conftest import PASSWORD
from e2e.conftest import login, screenshot
from roadmaps.models import Roadmap
from roadmaps.tests.heldout import HELDOUT, build

ENTRIES = {e["slug"]: e for e in HELDOUT}


def upload(page, path, start, end):
    page.goto(page.base_url + "/roadmaps/import/")
    page.get_by_label("Файл дорожной карты (.docx или .xlsx)").set_input_files(path)
    page.get_by_label("Период: с (год)").fill(str(start))
    page.get_by_label("по (год)").fill(str(end))
    page.get_by_role("button", name="Проверить файл").click()
    page.wait_for_url("**/roadmaps/import/*/")


def test_held_out_roadmaps_import_through_the_browser(page, cast, tmp_path):
    login(page, "methodist", PASSWORD)

    irbit = build(ENTRIES["irbit22"], tmp_path)
    upload(page, irbit, 2021, 2022)
    assert "ДОКУМЕНТ ПОДПИСАН ЭЛЕКТРОННОЙ ПОДПИСЬЮ" in page.locator("#import-stamps").inner_text()
    assert "ПОДПИСАН" not in page.locator("#preview-title").inner_text()
    screenshot(page, "i16held-irbit-preview-1366")

    tambar = build(ENTRIES["tambarskaya"], tmp_path)
    upload(page, tambar, 2020, 2021)
    assert page.locator("#summary-stages").inner_text() == "1"
    assert page.locator("#summary-activities").inner_text() == "4"
    assert page.locator("#summary-flagged").inner_text() == "0"
    assert "Строк без срока в документе: 4" in page.locator("#import-undated").inner_text()
    screenshot(page, "i16held-tambar-preview-1366")
    page.get_by_role("button", name="Сохранить дорожную карту").click()
    page.wait_for_url("**/roadmaps/*/")
    assert "этапов 1, мероприятий 4" in page.locator(".messages").inner_text()
    roadmap = Roadmap.objects.get()
    assert roadmap.columns == []
    assert "Назначение кураторов внедрения" in page.locator("main").inner_text()
    screenshot(page, "i16held-empty-columns-1366")
    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(page, "i16held-empty-columns-390")
