"""Roadmap shapes found by the issue-16 tester (branch v16) that the
earlier tests cover only one at a time: a stage written only in its first
row together with activity numbers typed in the activity cells, and an
activity number written both in the № column and at the start of its text."""

import io

import docx

from roadmaps.importing import parse_roadmap


def _docx(rows):
    document = docx.Document()
    document.add_paragraph("Дорожная карта на 2023-2024 учебный год")
    table = document.add_table(rows=len(rows), cols=len(rows[0]))
    for r, values in enumerate(rows):
        for c, value in enumerate(values):
            table.cell(r, c).text = value
    buffer = io.BytesIO()
    document.save(buffer)
    buffer.seek(0)
    return buffer


def test_stage_in_first_row_with_numbers_typed_in_activity_cells_keeps_both_numberings():
    parsed = parse_roadmap(
        _docx(
            [
                ["№", "Этап", "Мероприятие", "Срок", "Ответственный", "Результат"],
                ["1", "Подготовительный", "1.1 Разработка положения", "сентябрь", "Зам", "П"],
                ["", "", "1.2 Издание приказа", "октябрь", "Директор", "Приказ"],
                ["2", "Основной", "2.1 Формирование пар", "ноябрь", "Куратор", "Пары"],
                ["", "", "2.2 Проведение встреч", "декабрь", "Наставники", "Протоколы"],
            ]
        ),
        "stages.docx",
    )
    assert [(s["number"], s["title"]) for s in parsed["stages"]] == [
        ("1", "Подготовительный"),
        ("2", "Основной"),
    ]
    assert [
        [(a["number"], a["title"], a["children"]) for a in s["activities"]]
        for s in parsed["stages"]
    ] == [
        [("1.1", "Разработка положения", []), ("1.2", "Издание приказа", [])],
        [("2.1", "Формирование пар", []), ("2.2", "Проведение встреч", [])],
    ]


def test_number_repeated_at_start_of_activity_text_is_not_kept_in_the_title():
    parsed = parse_roadmap(
        _docx(
            [
                ["№ п/п", "Мероприятие", "Срок", "Ответственный", "Результат"],
                ["1", "Подготовительный этап", "", "", ""],
                ["1.1", "1.1 Разработка положения", "сентябрь", "Зам", "Положение"],
                ["1.2.", "1.2. Издание приказа", "октябрь", "Директор", "Приказ"],
                ["1.3", "1.30 участников", "ноябрь", "Куратор", "Список"],
            ]
        ),
        "repeated.docx",
    )
    assert [(a["number"], a["title"]) for a in parsed["stages"][0]["activities"]] == [
        ("1.1", "Разработка положения"),
        ("1.2", "Издание приказа"),
        ("1.3", "1.30 участников"),
    ]


def test_note_on_a_skipped_table_agrees_the_row_count_in_russian():
    document = docx.Document()
    earlier = document.add_table(rows=3, cols=3)
    for r, values in enumerate(
        [
            ["Этапы", "Мероприятия", "Результат"],
            ["Подготовка", "Анкеты", "Список"],
            ["Основной", "Встречи", "Протоколы"],
        ]
    ):
        for c, value in enumerate(values):
            earlier.cell(r, c).text = value
    document.add_paragraph("Дорожная карта на 2023-2024 учебный год")
    table = document.add_table(rows=4, cols=5)
    for r, values in enumerate(
        [
            ["№ п/п", "Мероприятие", "Срок", "Ответственный", "Результат"],
            ["1", "Подготовительный этап", "", "", ""],
            ["1.1", "Положение", "сентябрь", "Зам", "Положение"],
            ["1.2", "Приказ", "октябрь", "Директор", "Приказ"],
        ]
    ):
        for c, value in enumerate(values):
            table.cell(r, c).text = value
    buffer = io.BytesIO()
    document.save(buffer)
    buffer.seek(0)
    notes = parse_roadmap(buffer, "two.docx")["notes"]
    assert any(n.startswith("Таблица 1 (3 строки, «Этапы") for n in notes), notes


def test_paragraph_moved_away_by_a_tracked_move_leaves_no_empty_line():
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    document = docx.Document()
    document.add_paragraph("Дорожная карта на 2023-2024 учебный год")
    rows = [
        ["№", "Мероприятие", "Срок", "Ответственный", "Результат"],
        ["1", "Организационный этап", "", "", ""],
        ["1.1", "Итоговая конференция", "май 2024", "Куратор", "Отчёт"],
    ]
    table = document.add_table(rows=3, cols=5)
    for r, values in enumerate(rows):
        for c, value in enumerate(values):
            table.cell(r, c).text = value
    cell = table.cell(2, 1)
    stamp = 'w:author="X" w:date="2023-01-01T00:00:00Z"'
    cell._tc.append(
        parse_xml(
            f'<w:p {nsdecls("w")}><w:pPr><w:rPr><w:moveFrom w:id="1" {stamp}/></w:rPr></w:pPr>'
            f'<w:moveFrom w:id="2" {stamp}><w:r><w:t>Перенесённый абзац</w:t></w:r>'
            "</w:moveFrom></w:p>"
        )
    )
    cell.add_paragraph("Подведение итогов")
    buffer = io.BytesIO()
    document.save(buffer)
    buffer.seek(0)
    activity = parse_roadmap(buffer, "moved.docx")["stages"][0]["activities"][0]
    assert activity["title"] == "Итоговая конференция\nПодведение итогов"
