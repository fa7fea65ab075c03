"""Participant import as the tester met it (issue 16): a column mapping error
sends the user to the mapping form on the preview, not to upload the file
again; Excel's "sep=;" line is a separator hint, not a title line; a slash
date that reads both ways is refused on its row. Every file is built here."""

import datetime
import io
import re

import openpyxl
from django.core.files.uploadedfile import SimpleUploadedFile

from mentoring.models import Participant
from mentoring.services.imports import participants_import, participants_parse


def xlsx_upload(rows):
    workbook = openpyxl.Workbook()
    for values in rows:
        workbook.active.append(values)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile("spisok.xlsx", buffer.getvalue())


def page_text(response):
    return " ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split())


def csv_source(text, encoding="utf-8"):
    source = io.BytesIO(text.replace("\n", "\r\n").encode(encoding))
    source.name = "spisok.csv"
    return source


def test_mapping_errors_send_the_user_to_the_mapping_form(cast, client_for):
    client = client_for(cast.methodist)
    upload = xlsx_upload(
        [
            ["Фамилия", "Имя", "Кто", "Сотовый", "Наставник"],
            ["Орлова", "Вера", "педагог", "89123456789", "да"],
        ]
    )
    preview_url = client.post("/import/", {"file": upload})["Location"]

    text = page_text(client.get(preview_url))
    assert "нет обязательных столбцов: «Целевая группа»" in text
    assert "в форме «Столбцы, которые не удалось распознать»" in text
    assert "загружать файл заново не нужно" in text
    assert "загрузите его снова" not in text and "снова загрузите" not in text

    # Column C given a field that column A already has.
    client.post(preview_url, {"map_2": "last_name", "map_3": "phone"})
    text = page_text(client.get(preview_url))
    assert "для столбца C выбрано поле «Фамилия», но оно уже есть в столбце A" in text
    assert "в форме «Столбцы, которые не удалось распознать»" in text
    assert "скачайте шаблон" not in text and "загрузите его снова" not in text

    refused = page_text(client.post(preview_url + "confirm/", follow=True))
    assert "Ничего не сохранено — выберите поле для нераспознанных столбцов в форме" in refused
    assert not Participant.objects.exists()

    client.post(preview_url, {"map_2": "target_group", "map_3": "phone"})
    assert client.post(preview_url + "confirm/").status_code == 302
    assert Participant.objects.get().last_name == "Орлова"


def test_excel_sep_line_is_a_separator_hint_not_a_title_line(cast):
    # The separator is ";", and every value of "Предметы" has commas in it.
    source = csv_source(
        "sep=;\n"
        "Фамилия;Имя;Целевая группа;Предметы;Наставник\n"
        "Орлова;Вера;педагог;математика, физика, информатика;да\n"
        "Петрова;Анна;педагог;русский язык, литература, история;да\n"
    )
    parsed = participants_parse(fileobj=source, filename="spisok.csv")
    assert parsed["file_errors"] == []
    assert parsed["header_row"] == 1  # as Excel shows it: the hint line is hidden
    assert not any("название списка" in note for note in parsed["notes"])
    assert [r["number"] for r in parsed["rows"]] == [2, 3]
    assert parsed["rows"][0]["values"]["subjects"] == "математика, физика, информатика"

    source = csv_source(
        "SEP=,\nФамилия,Имя,Целевая группа,Наставник\nОрлова,Вера,педагог,да\n", "cp1251"
    )
    parsed = participants_parse(fileobj=source, filename="spisok.csv")
    assert parsed["file_errors"] == [] and parsed["header_row"] == 1
    assert parsed["rows"][0]["values"]["first_name"] == "Вера"


def test_ambiguous_slash_date_is_refused_on_its_row_and_unambiguous_one_read_day_first(cast):
    source = csv_source(
        "sep=;\n"
        "Фамилия;Имя;Целевая группа;Дата рождения;Наставник\n"
        "Орлова;Вера;педагог;05/06/1980;да\n"
        "Петрова;Анна;педагог;14/06/1981;да\n"
        "Сидорова;Ольга;педагог;05.06.1980;да\n"
    )
    parsed = participants_parse(fileobj=source, filename="spisok.csv")
    result = participants_import(
        organization=cast.school, parsed=parsed, by=cast.methodist, dry_run=True
    )

    rows = {r.row: r for r in result.rows}
    assert [e["message"] for e in rows[2].errors] == [
        "Дата «05/06/1980» неоднозначна: это может быть 05.06 или 06.05. "
        "Запишите её в виде ДД.ММ.ГГГГ."
    ]
    assert rows[2].errors[0]["field"] == "Дата рождения"
    assert rows[3].errors == [] and rows[3].parsed["birth_date"] == datetime.date(1981, 6, 14)
    assert rows[4].errors == [] and rows[4].parsed["birth_date"] == datetime.date(1980, 6, 5)
    assert not Participant.objects.exists()


def test_row_errors_from_a_wrongly_mapped_column_point_to_the_mapping_form(cast, client_for):
    client = client_for(cast.methodist)
    upload = xlsx_upload(
        [
            ["Фамилия", "Имя", "Целевая группа", "Сотовый", "Наставник"],
            ["Орлова", "Вера", "педагог", "89123456789", "да"],
        ]
    )
    preview_url = client.post("/import/", {"file": upload})["Location"]
    client.post(preview_url, {"map_3": "birth_date"})  # phones read as dates: row errors

    refused = page_text(client.post(preview_url + "confirm/", follow=True))
    assert "Ничего не сохранено" in refused
    assert "если ошибка из-за неверно выбранного поля для столбца, измените выбор" in refused
    assert not Participant.objects.exists()
