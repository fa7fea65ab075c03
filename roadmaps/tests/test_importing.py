"""Tests for roadmaps.importing (pure Python, no Django, no database)."""

import io
import re
import zipfile
from pathlib import Path

import docx
import openpyxl
import pytest

from roadmaps.importing import MAX_FILE_SIZE, RoadmapImportError, parse_roadmap

SAMPLES = Path("/work/shared/samples/roadmaps")
CYRILLIC = re.compile(r"[а-яА-ЯёЁ]")

STAGE_KEYS = {
    "number",
    "title",
    "content",
    "deadline_text",
    "responsible",
    "expected_result",
    "indicators",
    "documents",
    "activities",
}
ACTIVITY_KEYS = STAGE_KEYS - {"activities"} | {"children"}


def all_activities(items):
    for item in items:
        yield item
        yield from all_activities(item["children"])


def activity_count(roadmap):
    return sum(len(list(all_activities(s["activities"]))) for s in roadmap["stages"])


def check_shape(roadmap):
    assert set(roadmap) == {"title", "stages", "stamps", "notes"}
    assert isinstance(roadmap["title"], str)
    for stage in roadmap["stages"]:
        assert set(stage) == STAGE_KEYS
        assert stage["number"] is None or isinstance(stage["number"], str)
        for key in STAGE_KEYS - {"number", "activities"}:
            assert isinstance(stage[key], str)
        for activity in all_activities(stage["activities"]):
            assert set(activity) == ACTIVITY_KEYS
            for key in ACTIVITY_KEYS - {"children"}:
                assert isinstance(activity[key], str)


def load(name):
    path = SAMPLES / name
    roadmap = parse_roadmap(path, name)
    check_shape(roadmap)
    return roadmap


# --- the sample roadmaps --------------------------------------------------------


@pytest.mark.parametrize("ext", ["docx", "xlsx"])
def test_sample_ddt(ext):
    roadmap = load(f"ddt-2022.{ext}")
    assert roadmap["title"] == (
        "Дорожная карта (план мероприятий)\n"
        "по реализации Положения о системе наставничества\n"
        "педагогических работников в МКОУ ДО — Дом детского творчества\n"
        "2022 год"
    )
    stages = roadmap["stages"]
    assert [s["number"] for s in stages] == ["1", "2", "3", "4", "5", "6"]
    assert activity_count(roadmap) == 0
    first = stages[0]
    assert first["title"] == "Подготовка условий\nдля реализации системы наставничества"
    assert first["content"].startswith("Подготовка и принятие локальных\nнормативных правовых")
    assert first["content"].endswith("· «Наставничество» на сайте МКОУ ДО -ДДТ")
    assert first["deadline_text"] == "Декабрь 2021 г."
    assert first["responsible"] == "директор , методисты"
    assert first["expected_result"] == "Приняты локальные\nнормативные правовые актов"
    assert stages[1]["deadline_text"] == "ежегодно\nдекабрь (дополнительно\nв течение года)"
    assert stages[3]["deadline_text"] == "декабрь - май"
    assert stages[3]["responsible"] == "педагоги -\nнаставники"
    assert stages[4]["deadline_text"] == "ежегодно\nапрель-май"
    assert stages[4]["responsible"] == "директор, методисты, наставники"
    assert stages[5]["deadline_text"] == "в течение\nучебного года"
    assert stages[5]["responsible"] == "методист"
    assert all(s["indicators"] == "" and s["documents"] == "" for s in stages)


@pytest.mark.parametrize("ext", ["docx", "xlsx"])
def test_sample_pedagogi(ext):
    roadmap = load(f"pedagogi-2025-2026.{ext}")
    assert roadmap["title"] == (
        "ДОРОЖНАЯ КАРТА (ПЛАН МЕРОПРИЯТИЙ)\n"
        "по реализации Положения о системе (целевой модели) наставничества педагогических "
        "работников на 2025-2026 учебный год"
    )
    stages = roadmap["stages"]
    assert [s["number"] for s in stages] == ["1", "2", "3", "4", "5", "6", "7"]
    assert activity_count(roadmap) == 0
    assert stages[1]["title"] == "Формирование банка наставляемых"
    assert stages[1]["content"] == (
        "1) Сбор информации о профессиональных запросах педагогов. 2) Формирование банка "
        "данных наставляемых, обеспечение согласий на сбор и обработку персональных данных."
    )
    # This roadmap has no deadline or responsible columns.
    assert all(s["deadline_text"] == "" and s["responsible"] == "" for s in stages)


SOSH11_SECTIONS = [
    "Организационно-методическое сопровождение деятельности",
    "Программно-методическое сопровождение деятельности",
    "Аналитическое сопровождение деятельности, мониторинг",
    "Информационное сопровождение деятельности",
    "Управление реализацией Целевой модели наставничеств на уровне образовательной организации",
]


@pytest.mark.parametrize("ext", ["docx", "xlsx"])
def test_sample_sosh11(ext):
    roadmap = load(f"sosh11-2021-2024.{ext}")
    assert roadmap["title"] == (
        "«Дорожная карта»\nРеализации целевой модели наставничества\n"
        "В МАОУ «СОШ № 11» на 2021-2024 год"
    )
    stages = roadmap["stages"]
    assert [s["title"] for s in stages] == SOSH11_SECTIONS
    assert [s["number"] for s in stages] == [None] * 5
    assert all(s["deadline_text"] == "" and s["responsible"] == "" for s in stages)
    assert [[a["number"] for a in s["activities"]] for s in stages] == [
        ["1", "2", "3", "4", "5"],
        ["1", "2", "3"],
        ["1", "2"],
        ["1", "2", "3"],
        ["1", "2", "3", "4"],
    ]
    assert activity_count(roadmap) == 17
    first = stages[0]["activities"][0]
    assert first["title"] == (
        "Формирование базы наставляемых из числа обучающихся, педагогов, партнеров и т.д."
    )
    assert first["deadline_text"] == "В течение всего периода реализации ЦМН"
    assert first["responsible"] == (
        "куратор целевой модели наставничества, Директор школы, администрация школы"
    )
    assert first["expected_result"] == "Сформирована база наставников"
    assert first["indicators"].startswith("Количество участников, охваченных системой")
    assert first["content"] == "" and first["documents"] == ""
    second = stages[0]["activities"][1]
    assert second["deadline_text"] == "По отдельному графику"
    assert second["responsible"] == "Заместители директора"
    assert second["indicators"] == ""
    monitoring = stages[2]["activities"]
    assert monitoring[0]["deadline_text"] == "1 раз в четверть"
    assert monitoring[1]["deadline_text"] == "Сентябрь 2021 – Май 2024"
    assert monitoring[1]["responsible"] == (
        "Куратор целевой модели наставничества, Заместители директора"
    )
    assert stages[1]["activities"][0]["deadline_text"] == "До 01.11 каждого учебного года"
    assert stages[3]["activities"][0]["deadline_text"] == "До 25.10.2021"
    management = stages[4]["activities"]
    assert management[2]["deadline_text"] == "15.09.2021"
    assert management[3]["responsible"] == "Директор школы"


@pytest.mark.parametrize("name", ["ddt-2022", "pedagogi-2025-2026", "sosh11-2021-2024"])
def test_docx_and_xlsx_agree(name):
    assert load(f"{name}.docx") == load(f"{name}.xlsx")


def test_file_object_and_misleading_name():
    # The format comes from the content, not the name.
    data = (SAMPLES / "sosh11-2021-2024.xlsx").read_bytes()
    roadmap = parse_roadmap(io.BytesIO(data), "roadmap.docx")
    assert activity_count(roadmap) == 17


# --- synthetic roadmaps: layouts the samples do not show ---------------------------


def build_complex_docx(path):
    """Stamp above the title, two-row header, column numbering, roman stages,
    nested numbers, vertical merges and a continuation row."""
    document = docx.Document()
    for text in ["УТВЕРЖДАЮ", "Директор школы ________", ""]:
        document.add_paragraph(text)
    document.add_paragraph("План мероприятий (дорожная карта)")
    document.add_paragraph("по внедрению наставничества на 2024-2025 учебный год")
    table = document.add_table(rows=13, cols=6)
    rows = [
        ["№ п/п", "Наименование\nмероприятия", "Сроки", "", "Ответственный исполнитель", ""],
        ["", "", "начало", "окончание", "", ""],
        ["1", "2", "3", "4", "5", "6"],
        ["I", "Организационный этап", "", "", "", ""],
        ["1", "Подготовка приказа", "01.09.2024", "15.09.2024", "", "Приказ"],
        ["2", "Анкетирование", "сентябрь", "октябрь", "", "Анкеты"],
        ["2.1", "Анкетирование наставников", "", "", "Заместитель директора", ""],
        ["2.1.1", "Анализ анкет", "", "", "Педагог-психолог", "Справка"],
        ["II", "Практический этап", "", "", "", ""],
        ["3", "Встречи пар", "ежемесячно", "", "Наставники", "Протоколы"],
        ["", "Итоговая встреча", "", "май", "", "Отчёт"],
        ["", "Мероприятие без номера", "в течение года", "", "Куратор", ""],
        ["", "", "", "", "", ""],
    ]
    rows[0][5] = "Ожидаемый результат"
    for r, values in enumerate(rows):
        for c, value in enumerate(values):
            cell = table.cell(r, c)
            lines = value.split("\n")
            cell.text = lines[0]
            for line in lines[1:]:
                cell.add_paragraph(line)
    # Header: "№", "Мероприятие", "Ответственный", "Результат" span two rows;
    # "Сроки" spans two columns over "начало"/"окончание".
    for c in (0, 1, 4, 5):
        top = table.cell(0, c)
        text = [p.text for p in top.paragraphs]
        merged = top.merge(table.cell(1, c))
        for p in list(merged.paragraphs)[len(text) :]:
            p._p.getparent().remove(p._p)
    table.cell(0, 2).merge(table.cell(0, 3)).paragraphs[-1]._p.getparent().remove(
        table.cell(0, 2).paragraphs[-1]._p
    )
    # One responsible person for activities 1 and 2.
    merged = table.cell(4, 4).merge(table.cell(5, 4))
    merged.text = "Директор"
    # The number of activity 3 is merged down over its continuation row.
    merged = table.cell(9, 0).merge(table.cell(10, 0))
    merged.text = "3"
    document.add_paragraph("Методист: Иванова И.И.")
    document.save(path)


def test_complex_docx(tmp_path):
    path = tmp_path / "complex.docx"
    build_complex_docx(path)
    roadmap = parse_roadmap(path, "complex.docx")
    check_shape(roadmap)
    assert roadmap["title"] == (
        "План мероприятий (дорожная карта)\nпо внедрению наставничества на 2024-2025 учебный год"
    )
    first, second = roadmap["stages"]
    assert (first["number"], first["title"]) == ("I", "Организационный этап")
    assert (second["number"], second["title"]) == ("II", "Практический этап")
    assert [a["number"] for a in first["activities"]] == ["1", "2"]
    one, two = first["activities"]
    assert one["deadline_text"] == "01.09.2024 - 15.09.2024"
    assert one["responsible"] == "Директор"
    assert one["expected_result"] == "Приказ"
    # The vertically merged "Ответственный" applies to every row it spans.
    assert two["responsible"] == "Директор"
    assert two["deadline_text"] == "сентябрь - октябрь"
    assert [c["number"] for c in two["children"]] == ["2.1"]
    child = two["children"][0]
    assert child["responsible"] == "Заместитель директора"
    assert [g["number"] for g in child["children"]] == ["2.1.1"]
    assert child["children"][0]["expected_result"] == "Справка"
    assert activity_count(roadmap) == 6
    three, unnumbered = second["activities"]
    # The continuation row (number merged from above) is folded into activity 3.
    assert three["number"] == "3"
    assert three["title"] == "Встречи пар\nИтоговая встреча"
    assert three["deadline_text"] == "ежемесячно\nмай"
    assert three["expected_result"] == "Протоколы\nОтчёт"
    assert unnumbered["number"] == ""
    assert unnumbered["title"] == "Мероприятие без номера"
    assert unnumbered["responsible"] == "Куратор"


def test_multi_paragraph_cells_are_joined_with_newlines(tmp_path):
    document = docx.Document()
    document.add_paragraph("Дорожная карта")
    table = document.add_table(rows=2, cols=4)
    for c, text in enumerate(["№", "Мероприятие", "Срок", "Ответственные"]):
        table.cell(0, c).text = text
    table.cell(1, 0).text = "1"
    table.cell(1, 1).text = "  Первый абзац"
    table.cell(1, 1).add_paragraph("  второй абзац  ")
    table.cell(1, 3).text = "Ростовская Е.В.,"
    table.cell(1, 3).add_paragraph("Малинина Я.Н.")
    path = tmp_path / "para.docx"
    document.save(path)
    roadmap = parse_roadmap(path, "para.docx")
    # A flat list under a title column that is not about stages: one implicit stage.
    (stage,) = roadmap["stages"]
    assert stage["number"] is None and stage["title"] == ""
    (activity,) = stage["activities"]
    assert activity["title"] == "Первый абзац\n  второй абзац"
    assert activity["responsible"] == "Ростовская Е.В.,\nМалинина Я.Н."


def build_row7_xlsx(path):
    """Title rows, header on row 7 starting at column C, extra empty columns."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet["A1"] = "Приложение 1 к приказу № 5"
    sheet["A3"] = "Дорожная карта реализации программы наставничества"
    sheet["A4"] = "МБОУ СОШ № 1 на 2023-2024 гг."
    header = [
        "№",
        "Содержание  деятельности",
        None,
        "СРОК\nисполнения",
        "Ответственные",
        "Показатели эффективности",
        "Документы, подтверждающие результат",
    ]
    for c, value in enumerate(header, start=3):
        sheet.cell(row=7, column=c, value=value)
    data = [
        (8, ["Раздел 1. Организационные мероприятия"]),
        (9, ["1.1", "Приказ о наставничестве", None, "Сентябрь 2023", "Директор", None, "Приказ"]),
        (10, ["1.2.", "Обучение наставников", None, "октябрь-ноябрь", "Завуч", "100%", None]),
        (11, ["1.2.1", "Семинар", None, "15.10.2023", "Петрова А.А.", None, None]),
        (12, ["1.2.2", "Консультации", None, "1 раз в четверть", None, None, None]),
        (14, ["Информационное сопровождение"]),
        (15, [2.1, "Новости на сайте", None, "Постоянно", "Администратор сайта", None, None]),
    ]
    for r, values in data:
        for c, value in enumerate(values, start=3):
            if value is not None:
                sheet.cell(row=r, column=c, value=value)
    sheet.merge_cells("C8:I8")
    sheet.merge_cells("C14:I14")
    sheet.merge_cells("G11:G12")  # one responsible for two activities
    sheet.column_dimensions["K"].width = 30  # formatting beyond the table
    sheet.cell(row=20, column=12).number_format = "0.00"
    workbook.save(path)


def test_xlsx_header_on_row_7_with_extra_columns(tmp_path):
    path = tmp_path / "row7.xlsx"
    build_row7_xlsx(path)
    roadmap = parse_roadmap(path, "row7.xlsx")
    check_shape(roadmap)
    assert roadmap["title"] == (
        "Дорожная карта реализации программы наставничества\nМБОУ СОШ № 1 на 2023-2024 гг."
    )
    first, second = roadmap["stages"]
    assert (first["number"], first["title"]) == ("Раздел 1", "Организационные мероприятия")
    assert (second["number"], second["title"]) == (None, "Информационное сопровождение")
    assert [a["number"] for a in first["activities"]] == ["1.1", "1.2"]
    training = first["activities"][1]
    assert training["indicators"] == "100%"
    assert [c["number"] for c in training["children"]] == ["1.2.1", "1.2.2"]
    seminar, consult = training["children"]
    assert seminar["deadline_text"] == "15.10.2023"
    assert seminar["responsible"] == consult["responsible"] == "Петрова А.А."
    assert consult["deadline_text"] == "1 раз в четверть"
    assert first["activities"][0]["documents"] == "Приказ"
    assert first["activities"][0]["deadline_text"] == "Сентябрь 2023"
    # A numeric cell 2.1 is read as the number "2.1".
    assert [a["number"] for a in second["activities"]] == ["2.1"]
    assert second["activities"][0]["responsible"] == "Администратор сайта"
    assert activity_count(roadmap) == 5


def test_xlsx_stage_column_merged_down(tmp_path):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["№", "Этап", "Мероприятие", "Сроки", "Ответственный"])
    sheet.append([1, "Подготовительный", "Приказ", "сентябрь", "Директор"])
    sheet.append([None, None, "Положение", "октябрь", "Завуч"])
    sheet.append([None, None, "Раздел на сайте", "ноябрь", "Завуч"])
    sheet.append([2, "Основной", "Встречи пар", "ежемесячно", "Наставники"])
    sheet.append([None, None, "Итоговое мероприятие", "май", "Куратор"])
    for rng in ("A2:A4", "B2:B4", "A5:A6", "B5:B6"):
        sheet.merge_cells(rng)
    path = tmp_path / "grouped.xlsx"
    workbook.save(path)
    roadmap = parse_roadmap(path, "grouped.xlsx")
    check_shape(roadmap)
    assert [(s["number"], s["title"]) for s in roadmap["stages"]] == [
        ("1", "Подготовительный"),
        ("2", "Основной"),
    ]
    prep, main = roadmap["stages"]
    assert [a["title"] for a in prep["activities"]] == ["Приказ", "Положение", "Раздел на сайте"]
    assert [a["deadline_text"] for a in main["activities"]] == ["ежемесячно", "май"]
    assert all(a["number"] == "" for s in roadmap["stages"] for a in s["activities"])


def test_numbered_stages_without_headings(tmp_path):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["N", "Наименование мероприятия", "Дата", "Ответственный", "Результат"])
    sheet.append(["1.", "Подготовка", None, None, None])
    sheet.append(["1.1.", "Приказ", "01.09.2025", "Директор", "Приказ издан"])
    sheet.append(["2.", "Реализация", "2025-2026", "Куратор", None])
    sheet.append(["2.1.", "Встречи", "ежемесячно", "Наставники", None])
    sheet.append(["2.2.", "Отчёт", "май", "Куратор", "Отчёт"])
    path = tmp_path / "stages.xlsx"
    workbook.save(path)
    roadmap = parse_roadmap(path, "stages.xlsx")
    assert [(s["number"], s["title"]) for s in roadmap["stages"]] == [
        ("1", "Подготовка"),
        ("2", "Реализация"),
    ]
    assert roadmap["stages"][1]["deadline_text"] == "2025-2026"
    assert [a["number"] for a in roadmap["stages"][1]["activities"]] == ["2.1", "2.2"]
    assert roadmap["stages"][0]["activities"][0]["expected_result"] == "Приказ издан"


# --- hostile and broken input ------------------------------------------------------


def assert_rejected(path_or_file, filename, pattern):
    with pytest.raises(RoadmapImportError) as excinfo:
        parse_roadmap(path_or_file, filename)
    message = str(excinfo.value)
    assert CYRILLIC.search(message), message
    assert re.search(pattern, message), message
    return message


def test_empty_file(tmp_path):
    path = tmp_path / "empty.xlsx"
    path.write_bytes(b"")
    assert_rejected(path, "empty.xlsx", "пуст")
    assert_rejected(io.BytesIO(b""), "empty.docx", "пуст")


def test_text_file_renamed(tmp_path):
    path = tmp_path / "notes.xlsx"
    path.write_text("№;Мероприятие;Сроки\n1;Приказ;сентябрь\n", encoding="utf-8")
    assert_rejected(path, "notes.xlsx", r"не является")


def test_docx_without_table(tmp_path):
    document = docx.Document()
    document.add_paragraph("Дорожная карта")
    document.add_paragraph("1. Приказ — сентябрь")
    path = tmp_path / "no-table.docx"
    document.save(path)
    assert_rejected(path, "no-table.docx", "нет таблицы")


def test_docx_table_without_header(tmp_path):
    document = docx.Document()
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "Иванов"
    table.cell(0, 1).text = "Петров"
    path = tmp_path / "other-table.docx"
    document.save(path)
    assert_rejected(path, "other-table.docx", "заголовков")


def test_xlsx_without_header(tmp_path):
    workbook = openpyxl.Workbook()
    workbook.active.append(["Иванов", "Петров", 3])
    path = tmp_path / "no-header.xlsx"
    workbook.save(path)
    assert_rejected(path, "no-header.xlsx", "заголовков")


def test_corrupt_zip(tmp_path):
    data = (SAMPLES / "ddt-2022.docx").read_bytes()
    path = tmp_path / "broken.docx"
    path.write_bytes(data[: len(data) // 2])
    assert_rejected(path, "broken.docx", "повреждён")


def test_zip_with_broken_document_xml(tmp_path):
    path = tmp_path / "broken-xml.docx"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("[Content_Types].xml", "<Types")
        zf.writestr("word/document.xml", "<w:document")
    assert_rejected(path, "broken-xml.docx", "повреждён")


def test_zip_that_is_not_an_office_document(tmp_path):
    path = tmp_path / "photos.xlsx"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("photo.jpg", b"\xff\xd8\xff")
    assert_rejected(path, "photos.xlsx", "не является")


OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def test_legacy_doc(tmp_path):
    path = tmp_path / "roadmap.doc"
    path.write_bytes(OLE2 + b"\x00" * 512 + "WordDocument".encode("utf-16-le"))
    message = assert_rejected(path, "roadmap.doc", r"\.doc")
    assert message == "Формат .doc не поддерживается, сохраните файл как .docx"


def test_legacy_xls(tmp_path):
    path = tmp_path / "roadmap.xls"
    path.write_bytes(OLE2 + b"\x00" * 512 + "Workbook".encode("utf-16-le"))
    assert_rejected(path, "roadmap.xls", r"\.xls")


def test_password_protected(tmp_path):
    # Encrypted OOXML is an OLE2 container with EncryptionInfo/EncryptedPackage.
    path = tmp_path / "secret.xlsx"
    streams = "EncryptionInfo".encode("utf-16-le") + "EncryptedPackage".encode("utf-16-le")
    path.write_bytes(OLE2 + b"\x00" * 512 + streams)
    assert_rejected(path, "secret.xlsx", "паролем")


def test_zip_bomb_is_rejected_before_unpacking(tmp_path, monkeypatch):
    path = tmp_path / "bomb.xlsx"
    chunk = b"\x00" * (1024 * 1024)
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("xl/workbook.xml", "<workbook/>")
        with zf.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as entry:
            for _ in range(300):
                entry.write(chunk)
    assert path.stat().st_size < MAX_FILE_SIZE

    def forbidden(*args, **kwargs):
        raise AssertionError("openpyxl must not be reached")

    monkeypatch.setattr(openpyxl, "load_workbook", forbidden)
    assert_rejected(path, "bomb.xlsx", "больше 12 МБ")


def test_file_over_10_mb(tmp_path):
    path = tmp_path / "huge.docx"
    with path.open("wb") as fh:
        fh.write(b"PK\x03\x04")
        fh.write(b"\x00" * MAX_FILE_SIZE)
    assert_rejected(path, "huge.docx", "10 МБ")
    with path.open("rb") as fh:
        assert_rejected(fh, "huge.docx", "10 МБ")


def test_stamp_lines_stay_together_and_a_signature_mark_is_a_stamp():
    # Held-out roadmaps (issue 16): "Приложение 1 / к приказу № 15 …" is one stamp,
    # the issuing ministry belongs to it, and a site's electronic-signature mark
    # is a stamp, not a part of the title.
    from roadmaps.importing import _split_stamps

    rest, stamps = _split_stamps(
        [
            "Приложение 1",
            "к приказу",
            "Министерства образования и науки",
            "Челябинской области",
            "от 6 февраля 2023 г. N 01/288",
            "Дорожная карта",
            "ДОКУМЕНТ ПОДПИСАН ЭЛЕКТРОННОЙ ПОДПИСЬЮ",
            "Сертификат: 036BCB450004AEAC9D46A1DA7BBCE1A487",
            'Владелец МБДОУ "ДЕТСКИЙ САД 22"',
            "Действителен с 20.12.2021 до 20.12.2022",
        ]
    )
    assert rest == ["Дорожная карта"]
    assert stamps == [
        "Приложение 1\nк приказу\nМинистерства образования и науки\nЧелябинской области\n"
        "от 6 февраля 2023 г. N 01/288",
        "ДОКУМЕНТ ПОДПИСАН ЭЛЕКТРОННОЙ ПОДПИСЬЮ\nСертификат: 036BCB450004AEAC9D46A1DA7BBCE1A487\n"
        'Владелец МБДОУ "ДЕТСКИЙ САД 22"\nДействителен с 20.12.2021 до 20.12.2022',
    ]


def test_a_second_appendix_after_a_stamp_is_its_own_stamp():
    from roadmaps.importing import _split_stamps

    _rest, stamps = _split_stamps(["Приложение 1", "к приказу № 15", "Приложение 2"])
    assert stamps == ["Приложение 1\nк приказу № 15", "Приложение 2"]
