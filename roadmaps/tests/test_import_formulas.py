"""An XLSX roadmap whose deadline is a formula with no saved value (a file
written by a program that does not compute formulas): the cell reads empty and
the preview notes say which cell and what to do (v16c)."""

import io

import openpyxl

from roadmaps.importing import parse_roadmap

TITLE = "Дорожная карта внедрения наставничества на 2023-2024 учебный год"


def test_a_formula_without_a_saved_value_is_named_in_the_notes():
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append([TITLE])
    sheet.append(["№ п/п", "Мероприятие", "Срок", "Ответственный"])
    sheet.append(["1", "Организационный этап", None, None])
    sheet.append(["1.1", "Встречи пар", '="ежемесячно"', "Наставники"])
    sheet.append(["1.2", "Отчёт", "май", "Куратор"])
    buffer = io.BytesIO()
    workbook.save(buffer)  # openpyxl keeps no computed value for the formula
    buffer.seek(0)

    parsed = parse_roadmap(buffer, "dk.xlsx")

    meetings = parsed["stages"][0]["activities"][0]
    assert (meetings["title"], meetings["deadline_text"]) == ("Встречи пар", "")
    assert any(
        "формулой нет сохранённого значения" in note and ": C4." in note for note in parsed["notes"]
    )


def test_formulas_with_saved_values_give_no_note():
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append([TITLE])
    sheet.append(["№ п/п", "Мероприятие", "Срок", "Ответственный"])
    sheet.append(["1", "Организационный этап", None, None])
    sheet.append(["1.1", "Встречи пар", "ежемесячно", "Наставники"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    assert parse_roadmap(buffer, "dk.xlsx")["notes"] == []
