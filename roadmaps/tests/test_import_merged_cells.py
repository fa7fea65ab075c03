"""Roadmaps whose stage names stand in merged cells (issue 16, h16): a stage row
spanning the table (gridSpan), a stage name merged down the activity column
(vMerge) over numbered activity rows, and № and title merged over several rows
whose continuation rows hold only a deadline or a responsible. A merged cell
repeats its text in every row it covers; the importer must say it once."""

import io

import docx
import openpyxl
import pytest
from docx.oxml.ns import qn

from roadmaps.importing import parse_roadmap
from roadmaps.models import Activity
from roadmaps.services import roadmap_import
from roadmaps.tests.heldout.docxkit import DOWN, Span, table

HEADER = ["№ п/п", "Мероприятие", "Срок", "Ответственный", "Результат"]
TITLE = "Дорожная карта реализации целевой модели наставничества на 2023-2024 учебный год"


def docx_file(rows):
    document = docx.Document()
    document.add_paragraph(TITLE)
    table(document, 5, [HEADER, *rows])
    buffer = io.BytesIO()
    document.save(buffer)
    buffer.seek(0)
    return buffer


def xlsx_file(rows, merges):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append([TITLE])
    sheet.append(HEADER)
    for row in rows:
        sheet.append(row)
    for cell_range in merges:
        sheet.merge_cells(cell_range)
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    return buffer


def outline(parsed):
    """[(stage number, stage title, [(number, title, deadline, responsible, result)])]."""

    def walk(items):
        for a in items:
            yield (
                a["number"],
                a["title"],
                a["deadline_text"],
                a["responsible"],
                a["expected_result"],
            )
            yield from walk(a["children"])

    return [(s["number"], s["title"], list(walk(s["activities"]))) for s in parsed["stages"]]


def assert_no_empty_or_repeated_rows(parsed):
    stage_titles = {s["title"] for s in parsed["stages"]}
    seen = set()
    for _number, stage_title, items in outline(parsed):
        assert stage_title
        for number, title, *_rest in items:
            assert title, f"activity {number!r} without a title"
            assert title not in stage_titles, f"stage name {title!r} repeated as an activity"
            assert (number, title) not in seen
            seen.add((number, title))


# (a) a stage row: one cell over the whole row, over № and Мероприятие, or
# beside its own number.
STAGE_ROWS = {
    "whole row": (
        [Span("1. Подготовительный этап", 5)],
        [Span("Раздел 2. Формирование банков", 5)],
    ),
    "number and title cells": (
        [Span("1. Подготовительный этап", 2), "", "", ""],
        [Span("Раздел 2. Формирование банков", 2), "", "", ""],
    ),
    "own number cell": (
        ["1.", Span("Подготовительный этап", 4)],
        ["Раздел 2", Span("Формирование банков", 4)],
    ),
}


@pytest.mark.parametrize("layout", STAGE_ROWS, ids=list(STAGE_ROWS))
def test_stage_row_spanning_the_table_is_a_stage_and_the_next_one_too(layout):
    first, second = STAGE_ROWS[layout]
    parsed = parse_roadmap(
        docx_file(
            [
                first,
                ["1.1", "Приказ о внедрении наставничества", "сентябрь", "Директор", "Приказ"],
                ["1.2", "Положение о наставничестве", "октябрь", "Методист", "Положение"],
                second,
                ["2.1", "Банк наставников", "ноябрь", "Куратор", "База наставников"],
                ["2.2", "Банк наставляемых", "ноябрь", "Куратор", "База наставляемых"],
            ]
        ),
        "spans.docx",
    )
    assert outline(parsed) == [
        (
            "1",
            "Подготовительный этап",
            [
                ("1.1", "Приказ о внедрении наставничества", "сентябрь", "Директор", "Приказ"),
                ("1.2", "Положение о наставничестве", "октябрь", "Методист", "Положение"),
            ],
        ),
        (
            "Раздел 2",
            "Формирование банков",
            [
                ("2.1", "Банк наставников", "ноябрь", "Куратор", "База наставников"),
                ("2.2", "Банк наставляемых", "ноябрь", "Куратор", "База наставляемых"),
            ],
        ),
    ]
    assert_no_empty_or_repeated_rows(parsed)


# (b) the stage name merged down the activity column over three rows; the rows
# below the stage's own row hold the activities' numbers, deadlines and results.
MERGED_DOWN_ROWS = [
    ["1", "Подготовительный этап", "", "", ""],
    ["1.1", DOWN, "сентябрь", "Директор", "Приказ о внедрении наставничества"],
    ["1.2", DOWN, "октябрь", "Методист", "Положение о наставничестве"],
    ["2", "Формирование банков", "", "", ""],
    ["2.1", DOWN, "ноябрь", "Куратор", "База наставников"],
    ["2.2", DOWN, "декабрь", "Куратор", "База наставляемых"],
]
MERGED_DOWN_OUTLINE = [
    (
        "1",
        "Подготовительный этап",
        [
            ("1.1", "Приказ о внедрении наставничества", "сентябрь", "Директор",
             "Приказ о внедрении наставничества"),
            ("1.2", "Положение о наставничестве", "октябрь", "Методист",
             "Положение о наставничестве"),
        ],
    ),
    (
        "2",
        "Формирование банков",
        [
            ("2.1", "База наставников", "ноябрь", "Куратор", "База наставников"),
            ("2.2", "База наставляемых", "декабрь", "Куратор", "База наставляемых"),
        ],
    ),
]  # fmt: skip


def test_stage_name_merged_down_the_activity_column_heads_the_numbered_rows():
    parsed = parse_roadmap(docx_file(MERGED_DOWN_ROWS), "vmerge.docx")
    assert outline(parsed) == MERGED_DOWN_OUTLINE
    assert_no_empty_or_repeated_rows(parsed)


def test_stage_name_merged_down_a_sheet_reads_as_in_word():
    rows = [[None if v is DOWN else v for v in row] for row in MERGED_DOWN_ROWS]
    parsed = parse_roadmap(xlsx_file(rows, ["B3:B5", "B6:B8"]), "merged.xlsx")
    assert outline(parsed) == MERGED_DOWN_OUTLINE


def test_vmerge_written_with_explicit_continue_and_numbered_stage_text():
    """Word also writes <w:vMerge w:val="continue"/>; and the stage number may be
    typed in the merged cell, the № cell of the stage row left empty."""
    buffer = docx_file(
        [
            ["", "1. Подготовительный этап", "", "", ""],
            ["1.1", DOWN, "сентябрь", "Директор", "Приказ"],
            ["1.2", DOWN, "октябрь", "Методист", "Положение"],
            ["", "2. Формирование банков", "", "", ""],
            ["2.1", DOWN, "ноябрь", "Куратор", "База наставников"],
        ]
    )
    document = docx.Document(buffer)
    for vmerge in document.element.body.iter(qn("w:vMerge")):
        if vmerge.get(qn("w:val")) is None:
            vmerge.set(qn("w:val"), "continue")
    edited = io.BytesIO()
    document.save(edited)
    edited.seek(0)
    parsed = parse_roadmap(edited, "continue.docx")
    assert outline(parsed) == [
        (
            "1",
            "Подготовительный этап",
            [
                ("1.1", "Приказ", "сентябрь", "Директор", "Приказ"),
                ("1.2", "Положение", "октябрь", "Методист", "Положение"),
            ],
        ),
        ("2", "Формирование банков", [("2.1", "База наставников", "ноябрь", "Куратор",
                                       "База наставников")]),
    ]  # fmt: skip


def test_activity_title_typed_in_the_number_cell_under_a_merged_stage_name():
    parsed = parse_roadmap(
        docx_file(
            [
                ["1", "Подготовительный этап", "", "", ""],
                ["1.1 Издание приказа", DOWN, "сентябрь", "Директор", "Приказ"],
                ["1.2 Разработка положения", DOWN, "октябрь", "Методист", "Положение"],
            ]
        ),
        "typed.docx",
    )
    assert outline(parsed) == [
        (
            "1",
            "Подготовительный этап",
            [
                ("1.1", "Издание приказа", "сентябрь", "Директор", "Приказ"),
                ("1.2", "Разработка положения", "октябрь", "Методист", "Положение"),
            ],
        )
    ]


# (c) № and title merged over three rows; the rows below hold only a deadline
# and a responsible: one activity with all of them.
def test_number_and_title_merged_over_three_rows_are_one_activity():
    parsed = parse_roadmap(
        docx_file(
            [
                [Span("1. Подготовительный этап", 5)],
                ["1.1", "Приказ о внедрении наставничества", "сентябрь", "Директор", "Приказ"],
                [DOWN, DOWN, "октябрь", "Заместитель директора", ""],
                [DOWN, DOWN, "ноябрь", "", ""],
                ["1.2", "Положение о наставничестве", "октябрь", "Методист", "Положение"],
                [Span("2. Формирование банков", 5)],
                ["2.1", "Банк наставников", "ноябрь", "Куратор", "База наставников"],
                [DOWN, DOWN, "декабрь", "Методист", ""],
                [DOWN, DOWN, "", "Психолог", ""],
            ]
        ),
        "rows.docx",
    )
    assert outline(parsed) == [
        (
            "1",
            "Подготовительный этап",
            [
                ("1.1", "Приказ о внедрении наставничества", "сентябрь\nоктябрь\nноябрь",
                 "Директор\nЗаместитель директора", "Приказ"),
                ("1.2", "Положение о наставничестве", "октябрь", "Методист", "Положение"),
            ],
        ),
        (
            "2",
            "Формирование банков",
            [("2.1", "Банк наставников", "ноябрь\nдекабрь", "Куратор\nМетодист\nПсихолог",
              "База наставников")],
        ),
    ]  # fmt: skip
    assert_no_empty_or_repeated_rows(parsed)


def test_numbered_stage_merged_with_its_number_over_rows_is_not_a_second_stage():
    """Without headings the numbers decide: "1.1" merged down under stage "1" is
    an activity of that stage, whatever the rows below it hold."""
    parsed = parse_roadmap(
        docx_file(
            [
                ["1", "Подготовительный этап", "", "", ""],
                ["1.1", "Приказ о внедрении", "сентябрь", "Директор", "Проект приказа"],
                [DOWN, DOWN, "октябрь", "Заместитель директора", "Приказ"],
                ["2", "Формирование банков", "", "", ""],
                ["2.1", "Банк наставников", "ноябрь", "Куратор", "База"],
            ]
        ),
        "numbered.docx",
    )
    assert outline(parsed) == [
        (
            "1",
            "Подготовительный этап",
            [("1.1", "Приказ о внедрении", "сентябрь\nоктябрь", "Директор\nЗаместитель директора",
              "Проект приказа\nПриказ")],
        ),
        ("2", "Формирование банков", [("2.1", "Банк наставников", "ноябрь", "Куратор", "База")]),
    ]  # fmt: skip


def test_merged_stage_layout_saves_one_row_per_activity(cast):
    parsed = parse_roadmap(docx_file(MERGED_DOWN_ROWS), "vmerge.docx")
    roadmap = roadmap_import(
        organization=cast.school, parsed=parsed, period_start=2023, period_end=2024
    )
    rows = list(roadmap.activities.order_by("position").values_list("depth", "number", "title"))
    assert rows == [
        (0, "1", "Подготовительный этап"),
        (1, "1.1", "Приказ о внедрении наставничества"),
        (1, "1.2", "Положение о наставничестве"),
        (0, "2", "Формирование банков"),
        (1, "2.1", "База наставников"),
        (1, "2.2", "База наставляемых"),
    ]
    stage_of = {a.number: a.stage.number for a in Activity.objects.filter(roadmap=roadmap, depth=1)}
    assert stage_of == {"1.1": "1", "1.2": "1", "2.1": "2", "2.2": "2"}
