"""Roadmaps as schools really have them (issue 16): Word list numbering, tracked
changes, several tables, continuation captions, stamps, legal-database headers,
stage names in the first row only, merged stage cells, typed numbers and Excel
month formats. Every file is built here, the XML edited where python-docx cannot
make the structure."""

import io

import docx
import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls

from roadmaps.importing import parse_roadmap
from roadmaps.models import Roadmap

HEADER = ["№", "Мероприятие", "Сроки", "Ответственный", "Результат"]


def fill(table, rows):
    for r, values in enumerate(rows):
        for c, value in enumerate(values):
            table.cell(r, c).text = value


def save(document):
    buffer = io.BytesIO()
    document.save(buffer)
    buffer.seek(0)
    return buffer


def activities(parsed):
    out = []

    def walk(items):
        for item in items:
            out.append(item)
            walk(item["children"])

    for stage in parsed["stages"]:
        walk(stage["activities"])
    return out


NUMBERING = (
    f"<w:numbering {nsdecls('w')}>"
    '<w:abstractNum w:abstractNumId="7">'
    '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/>'
    '<w:lvlText w:val="%1."/></w:lvl>'
    '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/>'
    '<w:lvlText w:val="%1.%2."/></w:lvl>'
    "</w:abstractNum>"
    '<w:num w:numId="3"><w:abstractNumId w:val="7"/></w:num>'
    "</w:numbering>"
)


def number_paragraph(paragraph, level):
    ppr = paragraph._p.get_or_add_pPr()
    ppr.append(
        parse_xml(
            f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{level}"/><w:numId w:val="3"/></w:numPr>'
        )
    )


def test_word_automatic_numbering_is_read_as_displayed():
    document = docx.Document()
    document.add_paragraph("Дорожная карта на 2023-2024 учебный год")
    table = document.add_table(rows=6, cols=5)
    fill(
        table,
        [
            HEADER,
            ["", "Подготовительный этап", "", "", ""],
            ["", "Приказ о наставничестве", "сентябрь", "Директор", "Приказ"],
            ["", "Положение о наставничестве", "октябрь", "Методист", "Положение"],
            ["", "Практический этап", "", "", ""],
            ["", "Встречи пар", "ежемесячно", "Наставники", "Протоколы"],
        ],
    )
    for row, level in ((1, 0), (2, 1), (3, 1), (4, 0), (5, 1)):
        number_paragraph(table.cell(row, 0).paragraphs[0], level)
    # python-docx's default template has a numbering part: replace its content.
    numbering_part = document.part.numbering_part
    numbering_part._element = parse_xml(NUMBERING)
    parsed = parse_roadmap(save(document), "numbered.docx")
    assert [s["number"] for s in parsed["stages"]] == ["1", "2"]
    assert [s["title"] for s in parsed["stages"]] == [
        "Подготовительный этап",
        "Практический этап",
    ]
    assert [a["number"] for a in activities(parsed)] == ["1.1", "1.2", "2.1"]
    assert activities(parsed)[2]["title"] == "Встречи пар"


def tracked(document_xml_runs):
    return parse_xml(f"<w:p {nsdecls('w')}>{document_xml_runs}</w:p>")


def test_tracked_changes_read_as_if_all_accepted():
    document = docx.Document()
    document.add_paragraph("Дорожная карта на 2023-2024 учебный год")
    table = document.add_table(rows=5, cols=5)
    fill(
        table,
        [
            HEADER,
            ["1", "", "сентябрь", "Директор", "Приказ"],
            ["2", "Удалённая строка", "октябрь", "Методист", "Нет"],
            ["3", "", "май", "Куратор", "Отчёт"],
            ["4", "Встречи", "ежемесячно", "", "Протоколы"],
        ],
    )
    author = 'w:id="{}" w:author="Методист" w:date="2023-08-01T00:00:00Z"'
    cell = table.cell(1, 1)
    cell._tc.remove(cell.paragraphs[0]._p)
    cell._tc.append(
        tracked(
            "<w:r><w:t xml:space='preserve'>Приказ </w:t></w:r>"
            f"<w:del {author.format(1)}><w:r><w:delText>старый</w:delText></w:r></w:del>"
            f"<w:ins {author.format(2)}><w:r><w:t>о наставничестве</w:t></w:r></w:ins>"
            f"<w:moveFrom {author.format(3)}><w:r><w:t> (перенесено)</w:t></w:r></w:moveFrom>"
            "<w:r><w:rPr><w:b/>"
            f"<w:rPrChange {author.format(4)}><w:rPr><w:i/></w:rPr></w:rPrChange>"
            "</w:rPr><w:t xml:space='preserve'> и плане</w:t></w:r>"
        )
    )
    # The whole second data row is a tracked deletion.
    trpr = table.rows[2]._tr.get_or_add_trPr()
    trpr.append(parse_xml(f"<w:del {nsdecls('w')} {author.format(5)}/>"))
    cell = table.cell(3, 1)
    cell._tc.remove(cell.paragraphs[0]._p)
    cell._tc.append(
        tracked(
            "<w:pPr><w:pPrChange "
            + author.format(6)
            + "><w:pPr><w:jc w:val='center'/></w:pPr></w:pPrChange></w:pPr>"
            f"<w:moveTo {author.format(7)}><w:r><w:t>Итоговая конференция</w:t></w:r></w:moveTo>"
        )
    )
    # A deleted paragraph mark joins two paragraphs of one cell.
    cell = table.cell(4, 3)
    cell._tc.remove(cell.paragraphs[0]._p)
    cell._tc.append(
        tracked(
            f"<w:pPr><w:rPr><w:del {author.format(8)}/></w:rPr></w:pPr><w:r><w:t>Настав</w:t></w:r>"
        )
    )
    cell._tc.append(tracked("<w:r><w:t>ники</w:t></w:r>"))
    parsed = parse_roadmap(save(document), "tracked.docx")
    items = activities(parsed)
    assert [a["number"] for a in items] == ["1", "3", "4"]
    assert items[0]["title"] == "Приказ о наставничестве и плане"
    assert items[1]["title"] == "Итоговая конференция"
    assert items[2]["responsible"] == "Наставники"
    assert "Удалённая" not in str(parsed)


def test_every_table_considered_continuation_joined_and_choice_reported():
    document = docx.Document()
    document.add_paragraph("Программа наставничества на 2023-2024 учебный год")
    first = document.add_table(rows=3, cols=3)
    fill(
        first,
        [
            ["Этапы", "Мероприятия", "Результат"],
            ["Подготовка", "Обсуждение", "Решение"],
            ["Реализация", "Встречи", "Отчёт"],
        ],
    )
    document.add_paragraph("Дорожная карта реализации программы на 2023-2024 учебный год")
    roadmap = document.add_table(rows=3, cols=5)
    fill(
        roadmap,
        [
            HEADER,
            ["1", "Приказ", "сентябрь", "Директор", "Приказ"],
            ["2", "Положение", "октябрь", "Методист", "Положение"],
        ],
    )
    document.add_paragraph("Продолжение таблицы 1")
    rest = document.add_table(rows=3, cols=5)
    fill(
        rest,
        [
            ["1", "2", "3", "4", "5"],
            ["3", "Встречи пар", "ежемесячно", "Наставники", "Протоколы"],
            ["4", "Итоговая конференция", "май", "Куратор", "Отчёт"],
        ],
    )
    parsed = parse_roadmap(save(document), "programme.docx")
    assert [a["title"] for a in activities(parsed)] == [
        "Приказ",
        "Положение",
        "Встречи пар",
        "Итоговая конференция",
    ]
    assert "Продолжение" not in parsed["title"]
    assert parsed["title"].startswith("Дорожная карта реализации")
    assert parsed["notes"][0] == (
        "Дорожная карта взята из таблицы: таблицы 2, 3 документа (продолжения соединены); "
        "всего таблиц 3."
    )
    assert any(n.startswith("Таблица 1 (3 строк") for n in parsed["notes"])


def test_legal_database_number_headers():
    for header in ("NN п/п", "№№ п/п", "НН п/п"):
        document = docx.Document()
        document.add_paragraph("Дорожная карта на 2023-2024 учебный год")
        table = document.add_table(rows=3, cols=4)
        fill(
            table,
            [
                [header, "Наименование мероприятия", "Срок", "Ответственный"],
                ["1.", "Приказ", "сентябрь", "Директор"],
                ["2.", "Положение", "октябрь", "Методист"],
            ],
        )
        parsed = parse_roadmap(save(document), "legal.docx")
        assert [a["number"] for a in activities(parsed)] == ["1", "2"], header
        assert parsed["notes"] == [], header


def test_approval_stamps_are_kept_apart_from_the_title():
    document = docx.Document()
    for line in (
        "Дорожная карта реализации целевой модели наставничества",
        "Приложение № 2 к приказу МБОУ СОШ № 5 от 01.04.2022 № 42",
        "ПРИНЯТО",
        "на педагогическом совете",
        "протокол № 3 от 30.03.2022",
        "",
        "УТВЕРЖДАЮ",
        "Директор ____________ И. И. Иванов",
    ):
        document.add_paragraph(line)
    table = document.add_table(rows=2, cols=5)
    fill(table, [HEADER, ["1", "Приказ", "сентябрь", "Директор", "Приказ"]])
    parsed = parse_roadmap(save(document), "stamps.docx")
    assert parsed["title"] == "Дорожная карта реализации целевой модели наставничества"
    assert parsed["stamps"] == [
        "Приложение № 2 к приказу МБОУ СОШ № 5 от 01.04.2022 № 42",
        "ПРИНЯТО\nна педагогическом совете\nпротокол № 3 от 30.03.2022",
        "УТВЕРЖДАЮ\nДиректор ____________ И. И. Иванов",
    ]
    from roadmaps.services import period_from_title

    # No period in the title: the user is asked, never given the stamp's year.
    assert period_from_title(parsed["title"]) is None


def test_stage_number_and_name_only_in_first_row():
    document = docx.Document()
    document.add_paragraph("Дорожная карта на 2023-2024 учебный год")
    table = document.add_table(rows=6, cols=6)
    fill(
        table,
        [
            ["№", "Этап", "Мероприятие", "Сроки", "Ответственный", "Результат"],
            ["1", "Подготовительный", "Приказ", "сентябрь", "Директор", "Приказ"],
            ["", "", "Положение", "октябрь", "Методист", "Положение"],
            ["2", "Практический", "Встречи пар", "ежемесячно", "Наставники", "Протоколы"],
            ["", "", "Конференция", "май", "Куратор", "Отчёт"],
            ["", "", "Анкетирование", "май", "Психолог", "Справка"],
        ],
    )
    parsed = parse_roadmap(save(document), "stages.docx")
    assert [(s["number"], s["title"]) for s in parsed["stages"]] == [
        ("1", "Подготовительный"),
        ("2", "Практический"),
    ]
    assert [[a["title"] for a in s["activities"]] for s in parsed["stages"]] == [
        ["Приказ", "Положение"],
        ["Встречи пар", "Конференция", "Анкетирование"],
    ]
    assert all(a["number"] == "" for a in activities(parsed))


def test_rows_under_merged_stage_cell_become_activities():
    document = docx.Document()
    document.add_paragraph("Дорожная карта на 2023-2024 учебный год")
    table = document.add_table(rows=4, cols=6)
    fill(
        table,
        [
            ["№", "Наименование этапа", "Содержание", "Сроки", "Ответственный", "Результат"],
            ["1", "Подготовительный этап", "Приказ", "сентябрь", "Директор", "Приказ"],
            ["", "", "Положение", "октябрь", "Методист", "Положение"],
            ["", "", "Анкетирование", "ноябрь", "Психолог", "Справка"],
        ],
    )
    for c in (0, 1):
        text = table.cell(1, c).text
        merged = table.cell(1, c).merge(table.cell(3, c))
        merged.text = text
    parsed = parse_roadmap(save(document), "merged.docx")
    assert [(s["number"], s["title"]) for s in parsed["stages"]] == [("1", "Подготовительный этап")]
    items = parsed["stages"][0]["activities"]
    assert [(a["title"], a["deadline_text"], a["responsible"]) for a in items] == [
        ("Приказ", "сентябрь", "Директор"),
        ("Положение", "октябрь", "Методист"),
        ("Анкетирование", "ноябрь", "Психолог"),
    ]


def test_numbers_typed_at_start_of_activity():
    document = docx.Document()
    document.add_paragraph("Дорожная карта на 2023-2024 учебный год")
    table = document.add_table(rows=5, cols=5)
    fill(
        table,
        [
            HEADER,
            ["", "1. Подготовительный этап", "", "", ""],
            ["", "1.1 Разработка положения", "сентябрь", "Методист", "Положение"],
            ["", "1.2. Приказ о наставничестве", "октябрь", "Директор", "Приказ"],
            ["", "1.2.1 Проект приказа", "октябрь", "Юрист", "Проект"],
        ],
    )
    parsed = parse_roadmap(save(document), "typed.docx")
    assert parsed["stages"][0]["number"] == "1"
    top = parsed["stages"][0]["activities"]
    assert [(a["number"], a["title"]) for a in top] == [
        ("1.1", "Разработка положения"),
        ("1.2", "Приказ о наставничестве"),
    ]
    assert top[1]["children"][0]["number"] == "1.2.1"
    assert top[1]["children"][0]["title"] == "Проект приказа"


def test_excel_cells_read_as_displayed():
    import datetime

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["Дорожная карта на 2023-2024 учебный год"])
    sheet.append(HEADER)
    sheet.append([1, "Приказ", datetime.datetime(2023, 9, 1), "Директор", "Приказ"])
    sheet.append([2, "Положение", datetime.datetime(2023, 10, 1), "Методист", "Положение"])
    sheet.append([3, "Встреча", datetime.datetime(2023, 11, 14), "Куратор", "Протокол"])
    sheet["C3"].number_format = "mmm.yy"
    sheet["C4"].number_format = "[$-419]mmmm yyyy;@"
    sheet["C5"].number_format = "dd.mm.yyyy"
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    parsed = parse_roadmap(buffer, "months.xlsx")
    assert [a["deadline_text"] for a in activities(parsed)] == [
        "сентябрь 2023",
        "октябрь 2023",
        "14.11.2023",
    ]


def test_symbol_font_bullets_become_bullets():
    document = docx.Document()
    document.add_paragraph("Дорожная карта на 2023-2024 учебный год")
    table = document.add_table(rows=2, cols=5)
    fill(table, [HEADER, ["1", "\uf0b7 Приказ", "сентябрь", "Директор", "Приказ"]])
    run = table.cell(1, 4).paragraphs[0].add_run()
    run._r.append(parse_xml(f'<w:sym {nsdecls("w")} w:font="Symbol" w:char="F0B7"/>'))
    parsed = parse_roadmap(save(document), "bullets.docx")
    item = activities(parsed)[0]
    assert item["title"] == "• Приказ"
    assert item["expected_result"] == "Приказ•"


def test_unmapped_column_is_reported():
    document = docx.Document()
    document.add_paragraph("Дорожная карта на 2023-2024 учебный год")
    table = document.add_table(rows=2, cols=6)
    fill(table, [[*HEADER, "Примечание"], ["1", "Приказ", "сентябрь", "Директор", "Приказ", "x"]])
    parsed = parse_roadmap(save(document), "extra.docx")
    assert parsed["notes"] == [
        "Столбец 6 «Примечание» не распознан: его текст (1 ячеек) не перенесён."
    ]


# --- through the pages and the command --------------------------------------------


def two_table_docx():
    document = docx.Document()
    document.add_paragraph("Этапы программы")
    first = document.add_table(rows=2, cols=3)
    fill(first, [["Этапы", "Мероприятия", "Результат"], ["Подготовка", "Обсуждение", "Решение"]])
    document.add_paragraph("Дорожная карта на 2023-2024 учебный год")
    table = document.add_table(rows=3, cols=6)
    fill(
        table,
        [
            [*HEADER, "Примечание"],
            ["1", "Приказ", "сентябрь", "Директор", "Приказ", "важно"],
            ["2", "Положение", "октябрь", "Методист", "Положение", ""],
        ],
    )
    return save(document).getvalue()


def test_preview_reports_notes_parses_once_and_recognises_a_repeat(cast, client_for, monkeypatch):
    client = client_for(cast.methodist)
    content = two_table_docx()
    response = client.post("/roadmaps/import/", {"file": SimpleUploadedFile("dk.docx", content)})
    assert response.status_code == 302

    # Parsed once at upload: preview and confirm never parse the file again.
    def no_second_parse(*args, **kwargs):
        raise AssertionError("parsed twice")

    monkeypatch.setattr("roadmaps.importing.parse_roadmap", no_second_parse)
    monkeypatch.setattr("roadmaps.views.parse_roadmap", no_second_parse)
    preview = client.get(response["Location"])
    assert "Дорожная карта взята из таблицы: таблица 2 документа; всего таблиц 2." in preview.text
    assert "Столбец 6 «Примечание» не распознан" in preview.text
    assert 'id="same-file"' not in preview.text
    client.post(response["Location"] + "confirm/")
    first = Roadmap.objects.get()
    assert first.activities.count() == 3
    monkeypatch.undo()

    again = client.post("/roadmaps/import/", {"file": SimpleUploadedFile("dk.docx", content)})
    preview = client.get(again["Location"])
    assert 'id="same-file"' in preview.text and "Этот файл уже загружен" in preview.text
    refused = client.post(again["Location"] + "confirm/")
    assert refused.status_code == 302 and Roadmap.objects.count() == 1
    client.post(again["Location"] + "confirm/", {"replace": str(first.pk)})
    replaced = Roadmap.objects.get()
    # Updated in place: the roadmap keeps its id (links to it stay valid).
    assert replaced.pk == first.pk and replaced.activities.count() == 3


def test_command_says_what_it_skipped_and_refuses_a_repeat(cast, tmp_path, capsys):
    path = tmp_path / "dk.docx"
    path.write_bytes(two_table_docx())
    call_command("import_roadmap", str(path), "--org", cast.school.slug)
    err = capsys.readouterr().err
    assert "Внимание: Дорожная карта взята из таблицы: таблица 2 документа" in err
    assert "Внимание: Столбец 6 «Примечание» не распознан" in err
    roadmap = Roadmap.objects.get()
    with pytest.raises(CommandError, match="Этот файл уже загружен"):
        call_command("import_roadmap", str(path), "--org", cast.school.slug)
    call_command("import_roadmap", str(path), "--org", cast.school.slug, "--replace", roadmap.pk)
    assert Roadmap.objects.count() == 1 and Roadmap.objects.get().pk == roadmap.pk


def test_roadmap_pdf_wraps_urls_maps_symbol_bullets_and_repeats_the_header(cast, tmp_path):
    import shutil
    import subprocess

    from roadmaps.exports import roadmap_pdf
    from roadmaps.services import roadmap_import

    url = "https://example.org/" + "/".join(["очень-длинный-путь-к-документу"] * 8) + "?id=42"

    def activity(i):
        return {
            "number": f"1.{i}",
            "title": f"\uf0b7 Мероприятие {i}",
            "content": "",
            "deadline_text": "сентябрь",
            "responsible": "Методист",
            "expected_result": url if i < 4 else "Отчёт",
            "indicators": "",
            "documents": "",
            "children": [],
        }

    parsed = {
        "title": "Дорожная карта на 2024-2025 учебный год",
        "stages": [
            {
                "number": "1",
                "title": "Этап",
                "content": "",
                "deadline_text": "",
                "responsible": "",
                "expected_result": "",
                "indicators": "",
                "documents": "",
                "activities": [activity(i) for i in range(1, 61)],
            }
        ],
    }
    roadmap = roadmap_import(
        organization=cast.school, parsed=parsed, period_start=2024, period_end=2025
    )
    path = tmp_path / "roadmap.pdf"
    path.write_bytes(roadmap_pdf(roadmap))
    tool = shutil.which("pdftotext")
    assert tool, "poppler-utils (pdftotext) is required"
    pages = subprocess.run(  # noqa: S603 - a fixed local tool on our own bytes
        [tool, "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout.split("\f")
    pages = [p for p in pages if p.strip()]
    assert 2 <= len(pages) <= 6
    assert "\uf0b7" not in "".join(pages)
    assert "• Мероприятие 1" in pages[0]
    # The table header is repeated on every continuation page.
    assert all("Сроки по графику" in page for page in pages)
    assert "https://example.org/" in pages[0]
