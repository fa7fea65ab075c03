"""The methodist imports a programme document with two tables and stamps, and
a class list with an unknown column mapped in the preview; both previews fit
a phone screen (issue 16)."""

import io

import docx
import openpyxl

from conftest import PASSWORD
from e2e.conftest import login, screenshot
from mentoring.models import Participant


def programme_docx(path):
    document = docx.Document()
    document.add_paragraph("УТВЕРЖДАЮ")
    document.add_paragraph("Директор ____________ И. И. Иванов")
    document.add_paragraph("")
    document.add_paragraph("Этапы программы")
    first = document.add_table(rows=2, cols=3)
    for c, v in enumerate(["Этапы", "Мероприятия", "Результат"]):
        first.cell(0, c).text = v
    document.add_paragraph("Дорожная карта реализации программы на 2025-2026 учебный год")
    table = document.add_table(rows=4, cols=6)
    rows = [
        ["№", "Мероприятие", "Сроки", "Ответственный", "Результат", "Примечание"],
        ["1.1", "Приказ", "сентябрь", "Директор", "https://example.org/" + "a/" * 40, "x"],
        ["1.2", "Положение", "I полугодие 2025/26", "Методист", "Положение", ""],
        ["1.3", "Встречи", "по отдельному графику", "Наставники", "Протоколы", ""],
    ]
    for r, values in enumerate(rows):
        for c, v in enumerate(values):
            table.cell(r, c).text = v
    document.save(path)


def test_previews_of_real_files_fit_desktop_and_phone(page, cast, tmp_path):
    login(page, "methodist", PASSWORD)
    path = tmp_path / "programma.docx"
    programme_docx(path)
    page.goto(page.base_url + "/roadmaps/import/")
    page.get_by_label("Файл дорожной карты (.docx или .xlsx)").set_input_files(path)
    page.get_by_role("button", name="Проверить файл").click()
    page.wait_for_url("**/roadmaps/import/*/")
    notes = page.locator("#import-notes").inner_text()
    assert "таблица 2 документа" in notes and "«Примечание» не распознан" in notes
    assert "УТВЕРЖДАЮ" in page.locator("#import-stamps").inner_text()
    screenshot(page, "i16-roadmap-preview-1366")
    page.set_viewport_size({"width": 390, "height": 844})
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(page, "i16-roadmap-preview-390")

    page.set_viewport_size({"width": 1366, "height": 900})
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["Список 9 «А» класса"])
    sheet.append([])
    sheet.append(["Фамилия", "Имя", "Дата рождения", "Класс", "Кто", "Телефон родителя"])
    sheet.append(["Белов", "Пётр", "14.06.09", "9А", "ученик", "89123456789"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    list_path = tmp_path / "spisok.xlsx"
    list_path.write_bytes(buffer.getvalue())
    page.goto(page.base_url + "/import/")
    page.locator("input[type=file]").set_input_files(list_path)
    page.locator("#import-submit").click()
    page.wait_for_url("**/import/*/")
    page.get_by_label("Столбец E «Кто»").select_option("target_group")
    page.get_by_label("Столбец F «Телефон родителя»").select_option("representative_phone")
    page.get_by_role("button", name="Применить").click()
    page.wait_for_load_state()
    table = page.locator("#preview-table").inner_text()
    assert "14.06.2009" in table and "+7 912 345-67-89" in table
    screenshot(page, "i16-participants-preview-1366")
    page.set_viewport_size({"width": 390, "height": 844})
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(page, "i16-participants-preview-390")
    assert not Participant.objects.exists()
