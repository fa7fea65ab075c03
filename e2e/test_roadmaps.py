"""The methodist imports a sample roadmap through the browser, marks an
activity done with evidence and sees the percentage change."""

from pathlib import Path

from playwright.sync_api import expect

from conftest import PASSWORD
from e2e.conftest import login, screenshot
from mentoring.indicators import fmt, percent
from roadmaps.models import Occurrence, Roadmap

SAMPLE = Path("/work/shared/samples/roadmaps/sosh11-2021-2024.docx")
if not SAMPLE.exists():
    SAMPLE = Path(__file__).resolve().parent.parent / "roadmaps/demo_samples" / SAMPLE.name


def test_methodist_imports_a_roadmap_and_marks_an_activity_done(page, cast, tmp_path):
    login(page, "methodist", PASSWORD)
    page.get_by_role("link", name="Дорожная карта").first.click()
    page.wait_for_load_state()
    page.get_by_role("link", name="Загрузить из Word или Excel").click()
    page.wait_for_load_state()
    page.get_by_label("Файл дорожной карты (.docx или .xlsx)").set_input_files(SAMPLE)
    screenshot(page, "roadmap-upload")
    page.get_by_role("button", name="Проверить файл").click()
    page.wait_for_url("**/roadmaps/import/*/")

    assert page.locator("#summary-stages").inner_text() == "5"
    assert page.locator("#summary-activities").inner_text() == "17"
    assert page.locator("#summary-flagged").inner_text() == "1"
    assert "СОШ № 11" in page.locator("#preview-title").inner_text()
    assert page.locator("#preview-table tr.rm-flag").count() == 1
    assert Roadmap.objects.count() == 0
    screenshot(page, "roadmap-preview")

    page.get_by_role("button", name="Сохранить дорожную карту").click()
    page.wait_for_url("**/roadmaps/*/")
    assert (
        "Дорожная карта загружена: этапов 5, мероприятий 17."
        in page.locator(".messages").inner_text()
    )
    roadmap = Roadmap.objects.get()
    assert page.locator("#progress-percent").inner_text() == "0\xa0%"
    screenshot(page, "roadmap-table")

    occurrence = Occurrence.objects.get(roadmap=roadmap, activity__deadline_text="До 25.10.2021")
    row = page.locator(f"#a{occurrence.activity_id}")
    assert "просрочено 1" in row.inner_text()
    row.locator("a.occ").first.click()
    panel = row.locator(".occurrence-panel")
    panel.wait_for()
    panel.get_by_label("Комментарий").fill("Рубрика «Наставничество» создана на сайте школы.")
    panel.get_by_label("Ссылка").fill("https://school.example/nastavnichestvo")
    pdf = tmp_path / "spravka.pdf"
    pdf.write_bytes(b"%PDF-1.4\n%evidence\n")
    panel.get_by_label("Файл (PDF, JPEG, PNG)").set_input_files(pdf)
    panel.get_by_label("Дата выполнения").fill("2021-10-20")
    screenshot(page, "roadmap-mark-done")
    panel.get_by_role("button", name="Выполнено").click()

    page.locator(f"#a{occurrence.activity_id} a.occ-done").wait_for()
    # A polled expectation, not wait_for_function: the page's CSP forbids eval.
    expect(page.locator("#progress-percent")).not_to_have_text("0\xa0%", timeout=10_000)
    total = Occurrence.objects.filter(roadmap=roadmap).count()
    assert page.locator("#progress-percent").inner_text() == f"{fmt(percent(1, total))}\xa0%"
    assert "Выполнено 1 из 1" in page.locator(f"#a{occurrence.activity_id}").inner_text()
    # The stage's percentage follows (5 occurrences in "Информационное сопровождение").
    stage_row = page.locator(f"#a{occurrence.stage_id}")
    assert "выполнено 20\xa0%" in stage_row.inner_text()
    occurrence.refresh_from_db()
    assert occurrence.status == "done" and occurrence.evidence_name == "spravka.pdf"
    assert occurrence.link == "https://school.example/nastavnichestvo"
    screenshot(page, "roadmap-done")

    page.get_by_role("link", name="По месяцам").click()
    page.wait_for_load_state()
    assert "Октябрь 2021" in page.content()
    screenshot(page, "roadmap-timeline")
