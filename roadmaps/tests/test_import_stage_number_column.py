"""A roadmap table with two № columns, «№ этапа | Этап | №№ п/п | Мероприятие»,
the stage cells merged down over their activities (v16c): the first № numbers
the stages, the second the activities; neither column is reported as skipped."""

import io

import docx
import openpyxl

from roadmaps.importing import parse_roadmap
from roadmaps.services import walk_parsed

TITLE = "Дорожная карта реализации целевой модели наставничества на 2023-2024 учебный год"
HEADER = ["№ этапа", "Этап", "№№ п/п", "Мероприятие", "Сроки", "Ответственные"]
ROWS = [
    ["1", "Подготовительный этап", "1.", "Приказ о внедрении", "сентябрь", "Директор"],
    ["", "", "2.", "Положение о наставничестве", "октябрь", "Методист"],
    ["2", "Формирование банков", "1.", "Банк наставников", "декабрь", "Куратор"],
    ["", "", "2.", "Банк наставляемых", "май", "Куратор"],
]
EXPECTED = [
    (0, "1", "Подготовительный этап"),
    (1, "1", "Приказ о внедрении"),
    (1, "2", "Положение о наставничестве"),
    (0, "2", "Формирование банков"),
    (1, "1", "Банк наставников"),
    (1, "2", "Банк наставляемых"),
]


def outline(parsed):
    return [(depth, i["number"], i["title"]) for depth, i, _children in walk_parsed(parsed)]


def test_docx_stage_number_column_merged_down_beside_activity_numbers():
    document = docx.Document()
    document.add_paragraph(TITLE)
    grid = document.add_table(rows=len(ROWS) + 1, cols=len(HEADER))
    for r, values in enumerate([HEADER, *ROWS]):
        for c, value in enumerate(values):
            if value:
                grid.cell(r, c).text = value
    for col in (0, 1):
        for top in (1, 3):
            text = grid.cell(top, col).text
            grid.cell(top, col).merge(grid.cell(top + 1, col)).text = text
    buffer = io.BytesIO()
    document.save(buffer)
    buffer.seek(0)

    parsed = parse_roadmap(buffer, "dk.docx")

    assert outline(parsed) == EXPECTED
    assert parsed["notes"] == []


def test_xlsx_stage_number_written_only_in_the_first_row_of_the_stage():
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append([TITLE])
    sheet.append(HEADER)
    for row in ROWS:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.seek(0)

    parsed = parse_roadmap(buffer, "dk.xlsx")

    assert outline(parsed) == EXPECTED
    assert parsed["notes"] == []
