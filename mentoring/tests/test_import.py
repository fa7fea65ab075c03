"""Import of participants from XLSX: the service, the hostile-file guards, the
management command and the upload → preview → confirm pages."""

import datetime
import io
import json
import time
import zipfile
from pathlib import Path

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.utils import timezone

from mentoring.factories import ParticipantFactory
from mentoring.models import AuditEvent, MentorStatus, Participant, TargetGroup
from mentoring.services.imports import COLUMNS, participants_import
from mentoring.spreadsheets import SpreadsheetError, defusedxml_in_use, read_sheet_rows
from mentoring.views.imports import store_upload

HEADERS = [c.header for c in COLUMNS]
KEYS = [c.key for c in COLUMNS]


def row(**values):
    """A data row in template column order: row(last_name="Иванов", ...)."""
    unknown = set(values) - set(KEYS)
    assert not unknown, unknown
    return [values.get(key) for key in KEYS]


def teacher(last_name="Соколова", **extra):
    values = {
        "last_name": last_name,
        "first_name": "Анна",
        "patronymic": "Игоревна",
        "birth_date": "12.03.1985",
        "target_group": "Педагогический работник",
        "position": "Учитель математики",
        "is_mentor": "да",
        **extra,
    }
    return row(**values)


def student(last_name="Белов", **extra):
    values = {
        "last_name": last_name,
        "first_name": "Пётр",
        "birth_date": "05.09.2008",
        "target_group": "Обучающийся школы",
        "class_group": "11Б",
        **extra,
    }
    return row(**values)


def write_xlsx(path, rows, headers=HEADERS, title="Участники"):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = title
    if headers is not None:
        sheet.append(headers)
    for values in rows:
        sheet.append(values)
    workbook.save(path)
    return path


def run(cast, path, **kwargs):
    return participants_import(organization=cast.school, fileobj=path, by=cast.methodist, **kwargs)


def messages_of(result):
    return " ".join(e["message"] for e in result.errors)


# --- a valid import ------------------------------------------------------------


def test_valid_file_creates_participants_with_history_and_audit(cast, tmp_path):
    path = write_xlsx(
        tmp_path / "ok.xlsx",
        [
            teacher(external_id="T-1", email="Sokolova@Example.org", experience_years=12),
            student(representative_name="Белова Ольга Ивановна"),
        ],
    )

    result = run(cast, path)

    assert result.ok, result.errors
    assert (result.created, result.updated) == (2, 0)
    assert Participant.objects.filter(organization=cast.school).count() == 2
    mentor = Participant.objects.get(external_id="T-1")
    assert mentor.is_mentor and not mentor.is_mentee
    assert mentor.mentor_status == MentorStatus.POTENTIAL
    assert mentor.birth_date == datetime.date(1985, 3, 12)
    assert mentor.email == "sokolova@example.org"
    assert mentor.experience_years == 12
    pupil = Participant.objects.get(last_name="Белов")
    # A student whose row names no bank goes to the bank of mentees.
    assert pupil.is_mentee and not pupil.is_mentor and pupil.mentor_status == ""
    assert pupil.target_group == TargetGroup.SCHOOL_STUDENT
    # The audit trail: a history record per participant, by the importer.
    history = Participant.history.filter(id__in=[mentor.pk, pupil.pk])
    assert history.count() == 2
    assert {h.history_user_id for h in history} == {cast.methodist.pk}
    assert {h.history_type for h in history} == {"+"}
    event = AuditEvent.objects.get(organization=cast.school, action=AuditEvent.Action.IMPORT)
    assert event.details == {"created": 2, "updated": 0, "file_rows": 2}
    assert event.actor == cast.methodist
    assert "Соколова" not in json.dumps(event.details, ensure_ascii=False)


def test_reimport_updates_instead_of_duplicating(cast, tmp_path):
    rows = [teacher(external_id="T-1"), student(representative_name="Белова О. И.")]
    path = write_xlsx(tmp_path / "first.xlsx", rows)
    assert run(cast, path).created == 2

    again = run(cast, path)
    assert again.ok
    assert (again.created, again.updated, again.unchanged) == (0, 2, 2)
    assert Participant.objects.filter(organization=cast.school).count() == 2

    changed = write_xlsx(
        tmp_path / "second.xlsx",
        [
            teacher(external_id="T-1", position="Заместитель директора"),
            # Found by full name and birth date, whatever the case and ё.
            student(last_name="БЕЛОВ", first_name="петр", class_group="11А"),
        ],
    )
    result = run(cast, changed)

    assert result.ok, result.errors
    assert (result.created, result.updated, result.unchanged) == (0, 2, 0)
    assert Participant.objects.filter(organization=cast.school).count() == 2
    assert Participant.objects.get(external_id="T-1").position == "Заместитель директора"
    pupil = Participant.objects.get(class_group="11А")
    # An empty cell does not erase what is stored.
    assert pupil.representative_name == "Белова О. И."
    assert Participant.history.filter(id=pupil.pk).count() == 2


def test_reimport_never_downgrades_an_approved_mentor(cast, tmp_path):
    approved = ParticipantFactory(
        organization=cast.school,
        external_id="T-1",
        is_mentor=True,
        is_mentee=False,
        mentor_status=MentorStatus.APPROVED,
        mentor_approved_on=datetime.date(2025, 9, 1),
    )
    path = write_xlsx(tmp_path / "f.xlsx", [teacher(external_id="T-1", is_mentor="нет")])

    result = run(cast, path)

    assert result.ok, result.errors
    approved.refresh_from_db()
    assert approved.is_mentor and approved.mentor_status == MentorStatus.APPROVED
    assert approved.last_name == "Соколова"


def test_anonymized_participants_are_not_matched(cast, tmp_path):
    ParticipantFactory(
        organization=cast.school,
        last_name="Соколова",
        first_name="Анна",
        patronymic="Игоревна",
        birth_date=datetime.date(1985, 3, 12),
        anonymized_at=timezone.now(),
    )
    path = write_xlsx(tmp_path / "f.xlsx", [teacher()])

    result = run(cast, path)

    assert (result.created, result.updated) == (1, 0)
    assert Participant.objects.filter(last_name="Соколова").count() == 2


def test_other_organisations_participants_are_not_matched(cast, tmp_path):
    ParticipantFactory(organization=cast.other_school, external_id="T-1")
    path = write_xlsx(tmp_path / "f.xlsx", [teacher(external_id="T-1")])

    result = run(cast, path)

    assert (result.created, result.updated) == (1, 0)


def test_headers_and_values_are_read_tolerantly(cast, tmp_path):
    headers = [
        "фамилия",
        "ИМЯ *",
        "Дата  рождения",
        "Целевая группа",
        "Квалификационная категория",
        "наставник",
        "Наставляемый (да/нет)",
        "Одаренный",
        "№",
    ]
    path = write_xlsx(
        tmp_path / "f.xlsx",
        [
            ["Орлова", "Нина", datetime.datetime(1990, 1, 2), "teacher", "высшая", "+", "0", "", 1],
            ["Ершов", "Иван", "2010-05-06", "ОБУЧАЮЩИЙСЯ ШКОЛЫ", "", 0, 1, "нет", 2],
            [None, None, None, None, None, None, None, None, 3],  # a pre-numbered empty row
        ],
        headers=headers,
    )

    result = run(cast, path)

    assert result.ok, result.errors
    assert result.file_rows == 2
    orlova = Participant.objects.get(last_name="Орлова")
    assert orlova.birth_date == datetime.date(1990, 1, 2)
    assert orlova.qualification_category == "highest"
    assert orlova.is_mentor and not orlova.is_mentee
    ershov = Participant.objects.get(last_name="Ершов")
    # Special categories need a written consent first: see the test below.
    assert ershov.is_mentee and not ershov.special_gifted


def test_special_category_columns_need_a_consent_with_a_scan_row_by_row(cast, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from mentoring.services.consents import consent_give

    with_scan = ParticipantFactory(
        organization=cast.school,
        last_name="Сканова",
        first_name="Анна",
        patronymic="Игоревна",
        birth_date=datetime.date(1985, 3, 12),
        is_mentor=True,
    )
    consent_give(
        participant=with_scan,
        kind="processing",
        data={"given_on": datetime.date.today() - datetime.timedelta(days=3)},
        scan=SimpleUploadedFile("scan.pdf", b"%PDF-1.4\n%%EOF\n"),
    )
    path = write_xlsx(
        tmp_path / "f.xlsx",
        [teacher("Сканова", special_disability="да"), teacher("Новикова", special_difficult="да")],
    )
    result = run(cast, path, dry_run=True)
    assert [(e["row"], e["field"]) for e in result.errors] == [(3, "ТЖС")], result.errors
    assert "письменном согласии" in messages_of(result)
    assert not Participant.objects.filter(last_name="Новикова").exists()


# --- bad input: each gets a Russian message and writes nothing ------------------------


def assert_nothing_written(cast, before=0):
    assert Participant.objects.filter(organization=cast.school).count() == before
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.IMPORT).exists()


def test_empty_file_is_refused(cast, tmp_path):
    path = tmp_path / "empty.xlsx"
    path.write_bytes(b"")

    result = run(cast, path)

    assert "Файл пуст" in messages_of(result)
    assert_nothing_written(cast)


def test_workbook_with_an_empty_sheet_is_refused(cast, tmp_path):
    path = write_xlsx(tmp_path / "blank.xlsx", [], headers=None)

    result = run(cast, path)

    assert len(result.errors) == 1
    assert "лист пуст" in messages_of(result)
    assert_nothing_written(cast)


def test_template_without_rows_is_refused(cast, tmp_path):
    path = write_xlsx(tmp_path / "only-header.xlsx", [])

    result = run(cast, path)

    assert result.errors == [
        {
            "row": 1,
            "field": None,
            "message": "В файле нет ни одной строки с участниками: под строкой заголовков пусто.",
        }
    ]
    assert_nothing_written(cast)


def test_missing_and_wrong_headers_give_one_file_error(cast, tmp_path):
    path = write_xlsx(
        tmp_path / "wrong.xlsx",
        [["Иванов", "Иван", "педагог"]],
        headers=["ФИО", "Имя", "Группа крови"],
    )

    result = run(cast, path)

    assert len(result.errors) == 1
    message = result.errors[0]["message"]
    assert result.errors[0]["row"] == 1
    assert "нет обязательных столбцов: «Фамилия», «Целевая группа»" in message
    assert "неизвестный столбец «ФИО» (столбец A)" in message
    assert "неизвестный столбец «Группа крови» (столбец C)" in message
    assert_nothing_written(cast)


def test_text_file_renamed_to_xlsx_is_refused(cast, tmp_path):
    path = tmp_path / "list.xlsx"
    path.write_text("Фамилия;Имя\nИванов;Иван\n", encoding="utf-8")

    result = run(cast, path)

    assert "не является книгой Excel" in messages_of(result)
    assert_nothing_written(cast)


def test_zip_bomb_is_refused_before_unpacking(cast, tmp_path):
    path = tmp_path / "bomb.xlsx"
    chunk = b"\0" * (1024 * 1024)
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as entry:
            for _ in range(300):
                entry.write(chunk)
    assert path.stat().st_size < 2 * 1024 * 1024

    started = time.perf_counter()
    result = run(cast, path)

    assert time.perf_counter() - started < 2
    assert "в распакованном виде он занимает больше 48 МБ" in messages_of(result)
    assert_nothing_written(cast)


def test_file_over_10_mb_is_refused(cast, tmp_path):
    path = tmp_path / "huge.xlsx"
    path.write_bytes(b"PK\x03\x04" + b"\1" * (10 * 1024 * 1024))

    result = run(cast, path)

    assert "Файл слишком большой: допускается не более 10 МБ" in messages_of(result)
    assert_nothing_written(cast)


def test_password_protected_and_legacy_xls_files_are_refused(cast, tmp_path):
    ole2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512
    encrypted = tmp_path / "secret.xlsx"
    encrypted.write_bytes(ole2 + "EncryptedPackage".encode("utf-16-le"))
    legacy = tmp_path / "old.xlsx"
    legacy.write_bytes(ole2)

    assert "защищён паролем" in messages_of(run(cast, encrypted))
    assert "Не удалось прочитать файл Excel 97–2003 (.xls)" in messages_of(run(cast, legacy))
    assert_nothing_written(cast)


def test_too_many_rows_are_refused(tmp_path):
    path = write_xlsx(tmp_path / "many.xlsx", [teacher(f"Фамилия{i}") for i in range(6)])

    with pytest.raises(SpreadsheetError, match="В файле больше 5 строк с данными"):
        read_sheet_rows(path, max_rows=5)
    assert len(read_sheet_rows(path, max_rows=6).rows) == 7


def test_duplicated_rows_are_an_error_naming_the_first(cast, tmp_path):
    path = write_xlsx(
        tmp_path / "dup.xlsx",
        [
            teacher(),  # row 2
            student(representative_name="Белова О. И."),  # row 3
            teacher(),  # row 4: the same person as row 2
            teacher("Другая", external_id="X-1"),  # row 5
            teacher("Третья", external_id="x-1"),  # row 6: the same external id
        ],
    )

    result = run(cast, path)

    assert [(e["row"], e["field"]) for e in result.errors] == [
        (4, "Фамилия"),
        (6, "Внешний ID"),
    ]
    assert "уже есть в строке 2" in result.errors[0]["message"]
    assert "уже есть в строке 5" in result.errors[1]["message"]
    assert_nothing_written(cast)


def test_nonexistent_date_is_an_error(cast, tmp_path):
    path = write_xlsx(tmp_path / "date.xlsx", [student(birth_date="31.02.2010")])

    result = run(cast, path)

    assert result.errors == [
        {"row": 2, "field": "Дата рождения", "message": "Несуществующая дата 31.02.2010."}
    ]
    assert_nothing_written(cast)


def test_birth_dates_in_the_future_or_before_1900_are_errors(cast, tmp_path):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    path = write_xlsx(
        tmp_path / "dates.xlsx",
        [
            teacher(birth_date=tomorrow.strftime("%d.%m.%Y")),
            teacher("Старая", birth_date="01.01.1899"),
            teacher("Кривая", birth_date="весной"),
        ],
    )

    result = run(cast, path)

    text = messages_of(result)
    assert "ещё не наступила" in text
    assert "раньше 1900 года" in text
    assert "Дата должна быть в виде дд.мм.гггг, а не «весной»" in text
    assert_nothing_written(cast)


def test_minor_without_representative_is_an_error(cast, tmp_path):
    ten_years_ago = timezone.localdate().replace(year=timezone.localdate().year - 10, day=1)
    path = write_xlsx(
        tmp_path / "minor.xlsx", [student(birth_date=ten_years_ago.strftime("%d.%m.%Y"))]
    )

    result = run(cast, path)

    assert result.errors == [
        {
            "row": 2,
            "field": "Законный представитель (ФИО)",
            "message": "Участнику нет 14 лет: укажите законного представителя.",
        }
    ]
    assert_nothing_written(cast)


def test_row_errors_are_russian_and_name_the_column(cast, tmp_path):
    path = write_xlsx(
        tmp_path / "bad.xlsx",
        [
            row(last_name="Без", first_name="Группы"),
            teacher("Почта", email="not-an-email"),
            teacher("Стаж", experience_years="много"),
            teacher("Группа", target_group="Космонавт"),
            teacher("Флаг", is_mentor="возможно"),
            teacher("Никто", is_mentor="нет"),
        ],
    )

    result = run(cast, path)

    by_row = {e["row"]: (e["field"], e["message"]) for e in result.errors}
    assert by_row[2] == ("Целевая группа", "Обязательное поле не заполнено.")
    assert by_row[3] == ("E-mail", "Неверный адрес электронной почты «not-an-email».")
    assert by_row[4] == ("Стаж (лет)", "Нужно целое число, а не «много».")
    assert by_row[5][0] == "Целевая группа"
    assert by_row[5][1].startswith("Неизвестное значение «Космонавт»")
    assert by_row[6] == ("Наставник", "Ожидается «да» или «нет», а не «возможно».")
    assert by_row[7][0] == "Наставник"
    assert "банке наставников или наставляемых" in by_row[7][1]
    assert_nothing_written(cast)


def test_one_bad_row_means_nothing_is_written(cast, tmp_path):
    ParticipantFactory(organization=cast.school, external_id="T-1", position="Учитель")
    path = write_xlsx(
        tmp_path / "mixed.xlsx",
        [
            teacher(external_id="T-1", position="Директор"),
            teacher("Новая"),
            student(birth_date="31.02.2010"),
        ],
    )

    result = run(cast, path)

    assert not result.ok
    assert (result.created, result.updated) == (0, 0)
    assert Participant.objects.filter(organization=cast.school).count() == 1
    assert Participant.objects.get(external_id="T-1").position == "Учитель"


def test_dry_run_reports_and_writes_nothing(cast, tmp_path):
    path = write_xlsx(tmp_path / "ok.xlsx", [teacher(), student(representative_name="Б. О.")])

    result = run(cast, path, dry_run=True)

    assert result.ok and (result.created, result.updated) == (2, 0)
    assert [r.action for r in result.rows] == ["create", "create"]
    assert_nothing_written(cast)


def test_openpyxl_parses_with_defusedxml():
    assert defusedxml_in_use()


def test_import_makes_the_same_number_of_queries_for_5_and_50_rows(cast, tmp_path):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    small = write_xlsx(tmp_path / "5.xlsx", [teacher(f"Ф{i}") for i in range(5)])
    large = write_xlsx(tmp_path / "50.xlsx", [teacher(f"Ф{i}") for i in range(5, 55)])
    other = write_xlsx(tmp_path / "55.xlsx", [teacher(f"Х{i}") for i in range(100, 150)])
    with CaptureQueriesContext(connection) as first:
        run(cast, small)
    with CaptureQueriesContext(connection) as second:
        run(cast, large)
    with CaptureQueriesContext(connection) as third:
        run(cast, other)
    with CaptureQueriesContext(connection) as update:
        run(cast, large)  # the update path
    # Creating 50 costs what creating 5 costs (the first run pays for the
    # organisation's first consent text and the like, so compare 2nd and 3rd).
    assert len(second) == len(third)
    assert len(first) <= len(second) + 3
    assert len(update) <= len(second) + 5
    assert len(second) <= 30
    assert Participant.objects.filter(organization=cast.school).count() == 105


# --- speed ----------------------------------------------------------------------------


def test_10000_rows_import_whole(cast, tmp_path):
    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet("Участники")
    sheet.append(HEADERS)
    for i in range(10_000):
        if i % 2:
            sheet.append(
                student(
                    f"Ученик{i}",
                    external_id=f"S-{i}",
                    birth_date=datetime.datetime(2008, 1 + i % 12, 1 + i % 28),
                )
            )
        else:
            sheet.append(teacher(f"Учитель{i}", email=f"t{i}@example.org", experience_years=i % 40))
    path = tmp_path / "10000.xlsx"
    workbook.save(path)

    started = time.perf_counter()
    result = run(cast, path)
    elapsed = time.perf_counter() - started

    print(f"\nИмпорт 10 000 строк: {elapsed:.2f} с")
    assert result.ok, result.errors[:3]
    assert result.created == 10_000
    assert Participant.objects.filter(organization=cast.school).count() == 10_000
    assert Participant.history.count() == 10_000
    print(f"import: {elapsed:.2f} s (budgets are checked by make bench)")


# --- the management command ---------------------------------------------------------


def call(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command("import_participants", *args, stdout=out, stderr=err)
    return out.getvalue()


def test_command_prints_json_and_imports(cast, tmp_path):
    path = write_xlsx(tmp_path / "ok.xlsx", [teacher(), student(representative_name="Б. О.")])

    output = call(str(path), "--org", cast.school.slug, "--json")

    assert json.loads(output) == {"created": 2, "updated": 0, "errors": []}
    assert Participant.objects.filter(organization=cast.school).count() == 2
    event = AuditEvent.objects.get(action=AuditEvent.Action.IMPORT)
    assert event.actor is None

    again = call(str(path), "--org", cast.school.slug, "--json")
    assert json.loads(again) == {"created": 0, "updated": 2, "errors": []}


def test_command_exits_1_with_errors_and_writes_nothing(cast, tmp_path):
    path = write_xlsx(tmp_path / "bad.xlsx", [teacher(), student(birth_date="31.02.2010")])
    out = io.StringIO()

    with pytest.raises(CommandError) as raised:
        call_command(
            "import_participants", str(path), "--org", cast.school.slug, "--json", stdout=out
        )

    assert raised.value.returncode == 1
    assert json.loads(out.getvalue()) == {
        "created": 0,
        "updated": 0,
        "errors": [
            {"row": 3, "field": "Дата рождения", "message": "Несуществующая дата 31.02.2010."}
        ],
    }
    assert_nothing_written(cast)


def test_command_dry_run_writes_nothing(cast, tmp_path):
    path = write_xlsx(tmp_path / "ok.xlsx", [teacher()])

    output = call(str(path), "--org", cast.school.slug, "--dry-run", "--json")
    human = call(str(path), "--org", cast.school.slug, "--dry-run")

    assert json.loads(output) == {"created": 1, "updated": 0, "errors": []}
    assert "Проверка без сохранения" in human and "будет создано 1" in human
    assert_nothing_written(cast)


def test_command_human_output_lists_errors_in_russian(cast, tmp_path):
    path = tmp_path / "text.xlsx"
    path.write_text("просто текст", encoding="utf-8")
    out = io.StringIO()

    with pytest.raises(CommandError, match="Импорт не выполнен"):
        call_command("import_participants", str(path), "--org", cast.school.slug, stdout=out)

    assert out.getvalue().startswith("файл: Файл не является книгой Excel")


def test_command_unknown_organisation_is_an_error(cast, tmp_path):
    path = write_xlsx(tmp_path / "ok.xlsx", [teacher()])

    with pytest.raises(CommandError, match="Организация с адресом «nope» не найдена") as raised:
        call(str(path), "--org", "nope")

    assert raised.value.returncode == 1


def test_command_refuses_a_department(cast, tmp_path):
    path = write_xlsx(tmp_path / "ok.xlsx", [teacher()])

    with pytest.raises(CommandError):
        call(str(path), "--org", cast.department.slug, "--json")

    assert not Participant.objects.exists()


# --- the pages --------------------------------------------------------------------------


def upload(client, path, name="список.xlsx"):
    with open(path, "rb") as fh:
        data = fh.read()
    return client.post(
        "/import/", {"file": SimpleUploadedFile(name, data, content_type="application/zip")}
    )


def stored_files(settings):
    folder = Path(settings.MEDIA_ROOT) / "imports"
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


def test_template_download_is_an_xlsx_with_reference_and_instruction_sheets(cast, client_for):
    response = client_for(cast.methodist).get("/import/template.xlsx")

    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["Участники", "Справочники", "Инструкция"]
    sheet = workbook["Участники"]
    assert [c.value for c in sheet[1]] == HEADERS
    assert sheet.freeze_panes == "A2"
    assert sheet.max_row == 1
    references = workbook["Справочники"]
    assert [c.value for c in references["A"]][1:7] == [label for _, label in TargetGroup.choices]


def test_upload_preview_confirm_flow(cast, client_for, tmp_path, settings):
    client = client_for(cast.methodist)
    path = write_xlsx(tmp_path / "ok.xlsx", [teacher(), student(representative_name="Б. О.")])

    response = upload(client, path)

    assert response.status_code == 302
    preview_url = response["Location"]
    token = preview_url.strip("/").split("/")[-1]
    assert len(stored_files(settings)) == 2  # the file and its sidecar
    assert not Participant.objects.exists()

    page = client.get(preview_url)
    assert page.status_code == 200
    text = page.content.decode()
    assert "Будет создано: 2, обновлено: 0, ошибок: 0" in text
    assert "Соколова Анна Игоревна" in text and "создать" in text
    assert 'id="confirm-button" disabled' not in text

    done = client.post(f"/import/{token}/confirm/", follow=True)

    assert done.status_code == 200
    assert "Импортировано: создано 2, обновлено 0." in done.content.decode()
    assert Participant.objects.filter(organization=cast.school).count() == 2
    assert stored_files(settings) == []
    assert client.get(preview_url).status_code == 404


def test_preview_shows_row_errors_and_disables_confirm(cast, client_for, tmp_path):
    client = client_for(cast.coordinator)
    path = write_xlsx(tmp_path / "bad.xlsx", [teacher(), student(birth_date="31.02.2010")])
    preview_url = upload(client, path)["Location"]

    text = client.get(preview_url).content.decode()

    assert "Будет создано: 1, обновлено: 0, ошибок: 1" in text
    assert "Несуществующая дата 31.02.2010." in text
    assert 'id="confirm-button" disabled' in text
    assert "Исправьте файл и загрузите его снова" in text

    confirm = client.post(preview_url + "confirm/", follow=True)
    assert "Импорт не выполнен" in confirm.content.decode()
    assert not Participant.objects.exists()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "Отправленный файл пуст."),
        (b"just text", "Файл не является книгой Excel (.xlsx)"),
    ],
)
def test_upload_refuses_bad_files_with_a_form_error(cast, client_for, settings, content, message):
    response = client_for(cast.methodist).post(
        "/import/", {"file": SimpleUploadedFile("x.xlsx", content)}
    )

    assert response.status_code == 200
    assert message in response.content.decode()
    assert stored_files(settings) == []


def test_upload_refuses_a_file_over_10_mb(cast, client_for, settings):
    big = SimpleUploadedFile("big.xlsx", b"PK\x03\x04" + b"\0" * (10 * 1024 * 1024))

    response = client_for(cast.methodist).post("/import/", {"file": big})

    assert "Файл слишком большой" in response.content.decode()
    assert stored_files(settings) == []


def test_upload_refuses_wrong_headers(cast, client_for, tmp_path, settings):
    path = write_xlsx(tmp_path / "w.xlsx", [["a", "b"]], headers=["Колонка 1", "Колонка 2"])

    response = upload(client_for(cast.methodist), path)

    assert response.status_code == 200
    assert "нет обязательных столбцов" in response.content.decode()
    assert stored_files(settings) == []


def test_preview_of_another_organisations_upload_is_404(cast, client_for, tmp_path):
    path = write_xlsx(tmp_path / "ok.xlsx", [teacher()])
    with open(path, "rb") as fh:
        token = store_upload(
            organization=cast.school, user=cast.methodist, fileobj=fh, name="ok.xlsx"
        )
    client = client_for(cast.other_methodist)

    assert client.get(f"/import/{token}/").status_code == 404
    assert client.post(f"/import/{token}/confirm/").status_code == 404
    assert client.get("/import/not-a-token/").status_code == 404
    assert not Participant.objects.exists()


def test_preview_of_a_large_file_is_capped(cast, client_for, tmp_path):
    rows = [teacher(f"Фамилия{i}") for i in range(250)] + [student(birth_date="31.02.2010")]
    path = write_xlsx(tmp_path / "big.xlsx", rows)
    client = client_for(cast.methodist)

    text = client.get(upload(client, path)["Location"]).content.decode()

    assert text.count('<tr class="table-danger">') == 1
    assert "Фамилия199 " in text and "Фамилия200 " not in text
    assert "ещё строк без ошибок: 50" in text
