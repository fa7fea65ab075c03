"""Participant lists as schools have them (issues 16, 14): title lines above the
header, group headings over columns, dates as other programs write them,
formulas without saved values, names re-typed in capitals, capacity below the
current load, .xls/.ods/.csv, unknown columns mapped in the preview, and a
preview that shows every parsed value. Every file is built here."""

import datetime
import io
import zipfile

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from mentoring.factories import ParticipantFactory, make_pair
from mentoring.models import Participant, TargetGroup
from mentoring.services.imports import participants_import, participants_parse


def run(cast, source, **kwargs):
    return participants_import(
        organization=cast.school, fileobj=source, by=cast.methodist, **kwargs
    )


def xlsx_bytes(rows, merges=()):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Участники"
    for values in rows:
        sheet.append(values)
    for cells in merges:
        sheet.merge_cells(cells)
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    buffer.name = "list.xlsx"
    return buffer


def messages(result):
    return " ".join(e["message"] for e in result.errors)


def test_header_found_below_title_lines_and_blank_rows(cast):
    source = xlsx_bytes(
        [
            ["Список педагогов МБОУ СОШ № 5 на 2024/2025 учебный год"],
            [],
            ["Фамилия", "Имя", "Целевая группа", "Наставник"],
            ["Соколова", "Анна", "педагог", "да"],
        ]
    )
    result = run(cast, source)
    assert result.ok, result.errors
    person = Participant.objects.get()
    assert (person.last_name, person.first_name, person.is_mentor) == ("Соколова", "Анна", True)
    assert result.notes[0].startswith("Строка заголовков — 3-я")


def test_group_headings_over_columns(cast):
    source = xlsx_bytes(
        [
            ["Фамилия", "Имя", "Дата рождения", "Целевая группа", "Законный представитель", None],
            [None, None, None, None, "ФИО", "Телефон"],
            ["Белов", "Пётр", "05.09.2015", "ученик", "Белова Ольга Ивановна", "8 (912) 345-67-89"],
        ],
        merges=["A1:A2", "B1:B2", "C1:C2", "D1:D2", "E1:F1"],
    )
    result = run(cast, source)
    assert result.ok, result.errors
    person = Participant.objects.get()
    assert person.representative_name == "Белова Ольга Ивановна"
    assert person.representative_phone == "+7 912 345-67-89"
    assert person.birth_date == datetime.date(2015, 9, 5)


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("14.06.09", datetime.date(2009, 6, 14)),
        ("16. 06. 2009", datetime.date(2009, 6, 16)),
        ("2009-06-17 00:00:00", datetime.date(2009, 6, 17)),
        ("17/06/2009", datetime.date(2009, 6, 17)),
        ("01.02.85", datetime.date(1985, 2, 1)),
    ],
)
def test_dates_written_by_other_programs(cast, typed, expected):
    source = xlsx_bytes(
        [
            ["Фамилия", "Имя", "Дата рождения", "Целевая группа", "Законный представитель (ФИО)"],
            ["Белов", "Пётр", typed, "ученик", "Белова О. И."],
        ]
    )
    result = run(cast, source)
    assert result.ok, result.errors
    assert Participant.objects.get().birth_date == expected


def test_ambiguous_or_impossible_date_is_refused(cast):
    source = xlsx_bytes(
        [
            ["Фамилия", "Имя", "Дата рождения", "Целевая группа"],
            ["Белов", "Пётр", "31.02.2009", "ученик"],
        ]
    )
    result = run(cast, source)
    assert "Несуществующая дата 31.02.2009" in messages(result)
    assert not Participant.objects.exists()


def test_formula_without_saved_value_names_the_cell(cast):
    source = xlsx_bytes(
        [
            ["Фамилия", "Имя", "Целевая группа", "Стаж (лет)", "Наставник"],
            ["Соколова", "Анна", "педагог", "=2024-1999", "да"],
        ]
    )
    # openpyxl writes the formula without a cached value, as other programs do.
    result = run(cast, source)
    assert not result.ok
    text = messages(result)
    assert "В ячейке D2 формула без сохранённого значения" in text
    assert "сохраните его заново или замените формулу значением" in text
    assert not Participant.objects.exists()


def test_reimport_in_capitals_keeps_the_careful_spelling(cast):
    stored = ParticipantFactory(
        organization=cast.school,
        last_name="Семёнова",
        first_name="Алёна",
        patronymic="",
        birth_date=datetime.date(1990, 1, 2),
        target_group=TargetGroup.TEACHER,
        is_mentor=True,
        position="",
    )
    source = xlsx_bytes(
        [
            ["Фамилия", "Имя", "Дата рождения", "Целевая группа", "Должность", "Наставник"],
            ["СЕМЕНОВА", "Алена ", "02.01.1990", "педагог", "Учитель", "да"],
        ]
    )
    result = run(cast, source)
    assert result.ok, result.errors
    assert (result.created, result.updated) == (0, 1)
    stored.refresh_from_db()
    assert (stored.last_name, stored.first_name, stored.position) == (
        "Семёнова",
        "Алёна",
        "Учитель",
    )


def test_capacity_below_current_mentees_is_refused_on_that_row(cast):
    pair = make_pair(cast.school, by=cast.methodist)
    mentor = pair.members.get(role="lead").participant
    mentor.capacity = 1
    mentor.save()
    source = xlsx_bytes(
        [
            ["Внешний ID", "Фамилия", "Имя", "Отчество", "Дата рождения", "Целевая группа",
             "Наставник", "Может взять наставляемых"],
            [mentor.external_id, mentor.last_name, mentor.first_name, mentor.patronymic,
             mentor.birth_date.strftime("%d.%m.%Y") if mentor.birth_date else None,
             mentor.get_target_group_display(), "да", 0],
        ]
    )  # fmt: skip
    result = run(cast, source)
    assert not result.ok
    assert result.errors[0]["row"] == 2
    assert "уже 1 наставляемый в действующих" in result.errors[0]["message"]
    mentor.refresh_from_db()
    assert mentor.capacity == 1


def csv_bytes(text, encoding):
    return io.BytesIO(text.encode(encoding))


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1251"])
def test_csv_in_utf8_and_windows_1251(cast, encoding):
    text = "Фамилия;Имя;Целевая группа;Наставник\r\nЁлкина;Дарья;педагог;да\r\n"
    result = run(cast, csv_bytes(text, encoding))
    assert result.ok, result.errors
    person = Participant.objects.get()
    assert (person.last_name, person.first_name) == ("Ёлкина", "Дарья")


def test_csv_with_commas(cast):
    text = 'Фамилия,Имя,Целевая группа,Наставник\n"Иванова","Ирина","педагог","да"\n'
    result = run(cast, csv_bytes(text, "utf-8"))
    assert result.ok, result.errors
    assert Participant.objects.get().last_name == "Иванова"


def test_xls_file(cast):
    import xlwt

    workbook = xlwt.Workbook()
    sheet = workbook.add_sheet("Участники")
    for c, value in enumerate(["Фамилия", "Имя", "Дата рождения", "Целевая группа", "Наставник"]):
        sheet.write(0, c, value)
    date_style = xlwt.easyxf(num_format_str="DD.MM.YYYY")
    sheet.write(1, 0, "Кравцова")
    sheet.write(1, 1, "Нина")
    sheet.write(1, 2, datetime.date(1980, 4, 3), date_style)
    sheet.write(1, 3, "педагог")
    sheet.write(1, 4, "да")
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    result = run(cast, buffer)
    assert result.ok, result.errors
    person = Participant.objects.get()
    assert (person.last_name, person.birth_date) == ("Кравцова", datetime.date(1980, 4, 3))


def ods_bytes(rows):
    cells = "".join(
        "<table:table-row>"
        + "".join(
            f'<table:table-cell office:value-type="string"><text:p>{v}</text:p></table:table-cell>'
            for v in values
        )
        + "</table:table-row>"
        for values in rows
    )
    content = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"'
        ' xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"'
        ' xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
        '<office:body><office:spreadsheet><table:table table:name="Участники">'
        f"{cells}</table:table></office:spreadsheet></office:body></office:document-content>"
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0">'
        '<manifest:file-entry manifest:full-path="/" '
        'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
        "</manifest:manifest>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(
            zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet"
        )
        archive.writestr("content.xml", content)
        archive.writestr("META-INF/manifest.xml", manifest)
    buffer.seek(0)
    return buffer


def test_ods_file(cast):
    source = ods_bytes(
        [["Фамилия", "Имя", "Целевая группа", "Наставник"], ["Орлова", "Вера", "педагог", "да"]]
    )
    result = run(cast, source)
    assert result.ok, result.errors
    assert Participant.objects.get().last_name == "Орлова"


def test_unknown_columns_are_listed_for_mapping_not_refused(cast):
    source = xlsx_bytes(
        [
            ["Фамилия", "Имя", "Категория участника", "Сотовый", "Наставник"],
            ["Орлова", "Вера", "педагог", "89123456789", "да"],
        ]
    )
    parsed = participants_parse(fileobj=source)
    assert parsed["unknown"] == {"2": "Категория участника", "3": "Сотовый"}
    assert "нет обязательных столбцов: «Целевая группа»" in parsed["file_errors"][0]["message"]
    source.seek(0)
    mapped = participants_parse(fileobj=source, column_map={"2": "target_group", "3": "phone"})
    assert mapped["file_errors"] == []
    result = participants_import(organization=cast.school, parsed=mapped, by=cast.methodist)
    assert result.ok, result.errors
    person = Participant.objects.get()
    assert (person.target_group, person.phone) == (TargetGroup.TEACHER, "+7 912 345-67-89")


def test_preview_maps_columns_shows_values_and_counts_error_rows(cast, client_for, monkeypatch):
    client = client_for(cast.methodist)
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["Фамилия", "Имя", "Дата рождения", "Класс", "Кто", "Телефон", "Примечание"])
    sheet.append(["Белов", "Пётр", "05.09.2008", "9А", "ученик", "8 912 345 67 89", "x"])
    for i in range(26):
        sheet.append([f"Ученик{i}", "Иван", "05.09.2008", "9Б", "ученик", "", ""])
    sheet.append(["Плохой", "Иван", "99.99.2008", "9Б", "ученик", "", ""])
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = client.post(
        "/import/", {"file": SimpleUploadedFile("spisok.xlsx", buffer.getvalue())}
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    preview_url = response["Location"]
    page = client.get(preview_url).content.decode()
    assert 'id="column-mapping"' in page and "Столбец E «Кто»" in page
    mapped = client.post(preview_url, {"map_4": "target_group", "map_6": ""})
    assert mapped.status_code == 302
    # From here on the stored rows are used: the file is not parsed again.
    monkeypatch.setattr(
        "mentoring.views.imports.participants_parse",
        lambda **kw: (_ for _ in ()).throw(AssertionError("parsed again")),
    )
    page = client.get(preview_url).content.decode()
    assert "Строк с ошибками: 1 (строка 29)" in page
    assert "05.09.2008" in page and "9А" in page and "+7 912 345-67-89" in page
    assert "Обучающийся школы" in page
    assert "Столбец G «Примечание» не распознан и не загружается" in page
    confirm = client.post(preview_url + "confirm/")
    assert confirm.status_code == 302 and not Participant.objects.exists()


def test_bank_export_edited_in_excel_reimports(cast, client_for):
    """Export → edit in Excel → import round-trips: the same people updated."""
    mentor = ParticipantFactory(
        organization=cast.school,
        last_name="Аксёнова",
        first_name="Ольга",
        patronymic="Петровна",
        external_id="T-17",
        birth_date=datetime.date(1979, 5, 6),
        target_group=TargetGroup.TEACHER,
        is_mentor=True,
        capacity=1,
    )
    response = client_for(cast.methodist).get("/bank/mentors/export.xlsx")
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    sheet = workbook.active
    header = [c.value for c in sheet[1]]
    row = 2
    sheet.cell(row=row, column=header.index("Может взять наставляемых") + 1, value=3)
    sheet.cell(row=row, column=header.index("Телефон") + 1, value="8 (912) 000-11-22")
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    buffer.name = "mentors.xlsx"
    result = run(cast, buffer)
    assert result.ok, result.errors
    assert (result.created, result.updated) == (0, 1)
    assert result.notes == []
    mentor.refresh_from_db()
    assert (mentor.capacity, mentor.phone) == (3, "+7 912 000-11-22")
    assert Participant.objects.count() == 1


def test_template_has_consent_columns_and_consents_are_recorded(cast):
    from mentoring.models import Consent
    from mentoring.services.imports import participants_import_template

    template = openpyxl.load_workbook(io.BytesIO(participants_import_template()))
    headers = [c.value for c in template["Участники"][1]]
    assert "Дата согласия на обработку ПДн" in headers
    assert "Согласие дал (сам/представитель)" in headers
    assert "Документ полномочий представителя" in headers
    sheet = template["Участники"]
    index = {h: i for i, h in enumerate(headers)}
    rows = [
        {
            "Фамилия*": "Соколова",
            "Имя*": "Анна",
            "Дата рождения": "12.03.1985",
            "Целевая группа*": "педагог",
            "Наставник (да/нет)": "да",
            "Дата согласия на обработку ПДн": "01.09.2025",
            "Дата согласия наставника на обязанности": "02.09.2025",
        },
        {
            "Фамилия*": "Белов",
            "Имя*": "Пётр",
            "Дата рождения": "05.09.2016",
            "Целевая группа*": "ученик",
            "Законный представитель (ФИО)": "Белова Ольга Ивановна",
            "Кем приходится": "мать",
            "Дата согласия на обработку ПДн": "03.09.2025",
            "Согласие дал (сам/представитель)": "законный представитель",
            "Документ полномочий представителя": "свидетельство о рождении",
        },
    ]
    for r, values in enumerate(rows, start=2):
        for header, value in values.items():
            sheet.cell(row=r, column=index[header] + 1, value=value)
    buffer = io.BytesIO()
    template.save(buffer)
    buffer.seek(0)
    buffer.name = "template.xlsx"
    result = run(cast, buffer)
    assert result.ok, result.errors
    consents = {
        (c.participant.last_name, c.kind): c for c in Consent.objects.select_related("participant")
    }
    assert set(consents) == {
        ("Соколова", "processing"),
        ("Соколова", "duties"),
        ("Белов", "processing"),
    }
    child = consents[("Белов", "processing")]
    assert child.given_on == datetime.date(2025, 9, 3)
    assert (child.given_by, child.representative_document) == (
        "representative",
        "свидетельство о рождении",
    )


def test_child_consent_without_representative_document_refuses_the_file(cast):
    source = xlsx_bytes(
        [
            ["Фамилия", "Имя", "Дата рождения", "Целевая группа",
             "Законный представитель (ФИО)", "Дата согласия на обработку ПДн"],
            ["Белов", "Пётр", "05.09.2016", "ученик", "Белова О. И.", "03.09.2025"],
        ]
    )  # fmt: skip
    result = run(cast, source)
    assert not result.ok
    assert "заполните кем приходится, документ полномочий" in messages(result)
    assert not Participant.objects.exists()


@pytest.mark.parametrize("header", ["Моб. тел.", "Мобильный телефон", "Контактный телефон", "Тел."])
def test_phone_column_under_the_names_schools_give_it(cast, header):
    source = xlsx_bytes(
        [
            ["Фамилия", "Имя", "Целевая группа", "Наставник", header],
            ["Соколова", "Анна", "педагог", "да", "8 (912) 345-67-89"],
        ]
    )
    result = run(cast, source)
    assert result.ok, result.errors
    assert Participant.objects.get().phone == "+7 912 345-67-89"
