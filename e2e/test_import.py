"""The methodist imports participants from the template through the browser."""

import openpyxl

from conftest import PASSWORD
from e2e.conftest import login, screenshot
from mentoring.models import Participant


def test_methodist_imports_the_template_through_the_ui(page, cast, tmp_path):
    login(page, "methodist", PASSWORD)
    page.get_by_role("link", name="Импорт участников").first.click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", level=1).inner_text() == "Импорт участников из Excel"
    screenshot(page, "import-upload")

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Скачать шаблон (.xlsx)").click()
    template = tmp_path / "template.xlsx"
    download_info.value.save_as(template)

    workbook = openpyxl.load_workbook(template)
    sheet = workbook["Участники"]
    headers = [cell.value for cell in sheet[1]]

    def put(row, **values):
        for header, value in values.items():
            sheet.cell(row=row, column=headers.index(header) + 1, value=value)

    put(
        2,
        **{
            "Фамилия*": "Соколова",
            "Имя*": "Анна",
            "Отчество": "Игоревна",
            "Дата рождения": "12.03.1985",
            "Целевая группа*": "Педагогический работник",
            "Должность": "Учитель математики",
            "Наставник (да/нет)": "да",
        },
    )
    put(
        3,
        **{
            "Фамилия*": "Белов",
            "Имя*": "Пётр",
            "Дата рождения": "05.09.2008",
            "Целевая группа*": "Обучающийся школы",
            "Класс/группа": "11Б",
            "Наставляемый (да/нет)": "да",
        },
    )
    filled = tmp_path / "участники.xlsx"
    workbook.save(filled)

    page.get_by_label("Файл со списком (.xlsx, .xls, .ods, .csv)").set_input_files(filled)
    page.get_by_role("button", name="Проверить файл").click()
    page.wait_for_url("**/import/*/")

    assert page.locator("#summary-created").inner_text() == "2"
    assert page.locator("#summary-errors").inner_text() == "0"
    rows = page.locator("#preview-table tbody tr")
    assert rows.count() == 2
    assert "Соколова Анна Игоревна" in rows.nth(0).inner_text()
    assert "создать" in rows.nth(1).inner_text()
    assert Participant.objects.count() == 0
    screenshot(page, "import-preview")

    page.get_by_role("button", name="Импортировать").click()
    page.wait_for_load_state()

    assert "Импортировано: создано 2, обновлено 0." in page.locator(".messages").inner_text()
    assert Participant.objects.filter(organization=cast.school).count() == 2
    screenshot(page, "import-done")


def test_preview_with_errors_cannot_be_confirmed(page, cast, tmp_path):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Участники"
    sheet.append(["Фамилия*", "Имя*", "Дата рождения", "Целевая группа*"])
    sheet.append(["Белов", "Пётр", "31.02.2010", "Обучающийся школы"])
    path = tmp_path / "bad.xlsx"
    workbook.save(path)

    login(page, "methodist", PASSWORD)
    page.goto(page.base_url + "/import/")
    page.get_by_label("Файл со списком (.xlsx, .xls, .ods, .csv)").set_input_files(path)
    page.get_by_role("button", name="Проверить файл").click()
    page.wait_for_url("**/import/*/")

    assert "Несуществующая дата 31.02.2010." in page.locator("#preview-table").inner_text()
    assert page.get_by_role("button", name="Импортировать").is_disabled()
    screenshot(page, "import-preview-errors")
