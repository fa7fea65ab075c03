"""Schedules, tracking, percentages, copies, the template, approval, the
municipal roll-up, the pages and their query counts."""

import datetime
import io
import json
from decimal import Decimal

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from mentoring.models import Order, OrderStatus
from mentoring.services.orders import order_approve, order_submit
from roadmaps.models import Activity, Occurrence, OccurrenceStatus, Roadmap
from roadmaps.services import (
    activity_set_dates,
    activity_set_people,
    activity_update,
    occurrence_mark_done,
    roadmap_copy,
    roadmap_from_template,
    roadmap_import,
    roadmap_order_create,
    roadmap_progress,
    roadmap_rollup,
)
from roadmaps.tests.test_samples import SAMPLES, import_sample

D = datetime.date


def parsed_with(*activities, title="Дорожная карта на 2024-2025 учебный год"):
    """A parsed roadmap of one stage with the given (number, deadline) activities."""
    items = [
        {
            "number": number,
            "title": f"Мероприятие {number}",
            "content": "",
            "deadline_text": deadline,
            "responsible": "Методист",
            "expected_result": "",
            "indicators": "",
            "documents": "",
            "children": [],
        }
        for number, deadline in activities
    ]
    stage = {k: "" for k in items[0] if k != "children"} if items else {}
    stage.update({"number": "1", "title": "Этап", "activities": items})
    return {"title": title, "stages": [stage]}


def make(cast, *activities, org=None):
    return roadmap_import(
        organization=org or cast.school,
        parsed=parsed_with(*activities),
        period_start=2024,
        period_end=2025,
    )


def occ(roadmap, number, index=0):
    return (
        Occurrence.objects.filter(roadmap=roadmap, activity__number=number)
        .order_by("starts_on")
        .all()[index]
    )


def done(o, on, by):
    return occurrence_mark_done(occurrence=o, done_on=on, comment="Сделано", by=by)


# --- deadlines become occurrences ----------------------------------------------------------


@pytest.mark.parametrize(
    ("phrase", "windows"),
    [
        ("15.10.2024", [(D(2024, 10, 15), D(2024, 10, 15))]),
        ("01.09.2024 - 30.09.2024", [(D(2024, 9, 1), D(2024, 9, 30))]),
        ("Декабрь 2024 г.", [(D(2024, 12, 1), D(2024, 12, 31))]),
        ("ежегодно, апрель-май", [(D(2025, 4, 1), D(2025, 5, 31))]),
        (
            "1 раз в четверть",
            [
                (D(2024, 9, 1), D(2024, 10, 31)),
                (D(2024, 11, 1), D(2024, 12, 31)),
                (D(2025, 1, 1), D(2025, 3, 31)),
                (D(2025, 4, 1), D(2025, 5, 31)),
            ],
        ),
        (
            "Март, июнь, сентябрь, декабрь",
            [
                (D(2024, 9, 1), D(2024, 9, 30)),
                (D(2024, 12, 1), D(2024, 12, 31)),
                (D(2025, 3, 1), D(2025, 3, 31)),
                (D(2025, 6, 1), D(2025, 6, 30)),
            ],
        ),
        ("2023-2025 гг.", [(D(2023, 1, 1), D(2025, 12, 31))]),
        ("В течение всего периода", [(D(2024, 9, 1), D(2025, 8, 31))]),
        ("До 01.11 каждого учебного года", [(D(2024, 9, 1), D(2024, 11, 1))]),
        ("по отдельному графику", []),
    ],
)
def test_deadline_phrases_become_occurrences(cast, phrase, windows):
    roadmap = make(cast, ("1.1", phrase))
    activity = roadmap.activities.get(number="1.1")
    assert list(activity.occurrences.values_list("starts_on", "ends_on")) == windows
    assert activity.deadline_text == phrase
    assert (activity.deadline_kind == "unparsed") == (not windows)


def test_unparsed_deadline_gets_dates_by_hand(cast):
    roadmap = make(cast, ("1.1", "По отдельному графику"))
    activity = roadmap.activities.get(number="1.1")
    assert activity.deadline_unrecognized
    activity_set_dates(
        activity=activity,
        windows=[(D(2024, 10, 1), D(2024, 10, 15)), (D(2025, 3, 3), D(2025, 3, 3))],
    )
    activity.refresh_from_db()
    assert activity.deadline_kind == "manual"
    assert activity.deadline_text == "По отдельному графику"
    assert activity.occurrences.filter(is_manual=True).count() == 2
    with pytest.raises(ValidationError):
        activity_set_dates(activity=activity, windows=[(D(2024, 10, 15), D(2024, 10, 1))])


def test_children_without_deadline_inherit_the_parents(cast):
    parsed = parsed_with(("1.1", "Сентябрь 2024"))
    parent = parsed["stages"][0]["activities"][0]
    parent["children"] = [dict(parent, number="1.1.1", deadline_text="", children=[])]
    roadmap = roadmap_import(
        organization=cast.school, parsed=parsed, period_start=2024, period_end=2025
    )
    child = roadmap.activities.get(number="1.1.1")
    assert child.deadline_text == ""
    assert child.depth == 2 and child.parent.number == "1.1"
    assert child.stage == roadmap.activities.get(depth=0)
    assert list(child.occurrences.values_list("ends_on", flat=True)) == [D(2024, 9, 30)]


def test_editing_the_deadline_reschedules_but_keeps_reported_occurrences(cast):
    roadmap = make(cast, ("1.1", "1 раз в четверть"))
    activity = roadmap.activities.get(number="1.1")
    done(occ(roadmap, "1.1"), D(2024, 10, 20), cast.methodist)
    activity_update(activity=activity, data={"deadline_text": "Декабрь 2024"})
    windows = list(activity.occurrences.values_list("starts_on", "status"))
    assert windows == [(D(2024, 9, 1), "done"), (D(2024, 12, 1), "planned")]


# --- percentages, overdue, done on time -------------------------------------------------------


@pytest.mark.parametrize("today", [D(2025, 1, 15)])
def test_overdue_and_percentages(cast, today):
    roadmap = make(
        cast,
        ("1.1", "1 раз в четверть"),  # 4 windows: Sep-Oct, Nov-Dec, Jan-Mar, Apr-May
        ("1.2", "15.10.2024"),
        ("1.3", "Март 2025"),
        ("1.4", "по отдельному графику"),  # no occurrences: not counted
    )
    done(occ(roadmap, "1.1", 0), D(2024, 10, 30), cast.methodist)  # on time
    done(occ(roadmap, "1.1", 1), D(2025, 1, 10), cast.methodist)  # late
    # 1.2 (15.10.2024) is not done: overdue. 1.3 is done early.
    done(occ(roadmap, "1.3", 0), D(2025, 1, 12), cast.methodist)
    stage = roadmap.activities.get(depth=0)

    progress = roadmap_progress(roadmap, today=today)
    overall = progress["overall"]
    assert overall["total"] == 6
    assert overall["done"] == 3
    assert overall["percent"] == 50
    assert overall["overdue"] == 1
    # Due: the two past quarters, 15.10 and the early-done March one; on time: 2 of 4.
    assert overall["due"] == 4
    assert overall["on_time"] == 2
    assert overall["on_time_percent"] == 50
    assert progress["stages"][stage.pk]["percent"] == 50
    assert list(Occurrence.objects.overdue(today).values_list("activity__number", flat=True)) == [
        "1.2"
    ]

    # A cancelled occurrence leaves the percentages.
    late = occ(roadmap, "1.2")
    late.status, late.comment = OccurrenceStatus.CANCELLED, "Не требуется"
    late.save()
    overall = roadmap_progress(roadmap, today=today)["overall"]
    assert (overall["total"], overall["done"], overall["percent"], overall["overdue"]) == (
        5,
        3,
        60,
        0,
    )


def test_percentages_per_stage(cast):
    parsed = parsed_with(("1.1", "Сентябрь 2024"), ("1.2", "Октябрь 2024"))
    second = dict(parsed["stages"][0], number="2", title="Второй этап")
    second["activities"] = [dict(parsed["stages"][0]["activities"][0], number="2.1")]
    parsed["stages"].append(second)
    roadmap = roadmap_import(
        organization=cast.school, parsed=parsed, period_start=2024, period_end=2025
    )
    done(occ(roadmap, "1.1"), D(2024, 9, 10), cast.methodist)
    stages = {s.number: s.pk for s in roadmap.activities.filter(depth=0)}
    progress = roadmap_progress(roadmap, today=D(2024, 12, 1))
    assert progress["stages"][stages["1"]]["percent"] == 50
    assert progress["stages"][stages["2"]]["percent"] == 0
    assert progress["overall"]["percent"] == Decimal(
        "33.3"
    )  # one decimal, rounded down, as everywhere


def test_marking_done_needs_evidence_and_a_past_date(cast):
    roadmap = make(cast, ("1.1", "Сентябрь 2024"))
    o = occ(roadmap, "1.1")
    with pytest.raises(ValidationError, match="подтверждение"):
        occurrence_mark_done(occurrence=o, done_on=D(2024, 9, 5), by=cast.methodist)
    with pytest.raises(ValidationError, match="будущем"):
        occurrence_mark_done(
            occurrence=o, done_on=D(2099, 1, 1), comment="Сделано", by=cast.methodist
        )
    occurrence_mark_done(
        occurrence=o, done_on=D(2024, 9, 5), link="https://school.example/news/1", by=cast.mentor
    )
    o.refresh_from_db()
    assert (o.status, o.done_on, o.link, o.done_by) == (
        "done",
        D(2024, 9, 5),
        "https://school.example/news/1",
        cast.mentor,
    )


# --- copies, template, approval ------------------------------------------------------------------


def test_copy_of_last_years_roadmap_shifts_dates_by_a_year(cast):
    roadmap = import_sample("sosh11-2021-2024.docx", cast.school)
    first = roadmap.activities.get(depth=1, stage__position=1, number="1")
    activity_set_people(activity=first, users=[cast.methodist])
    done(Occurrence.objects.filter(roadmap=roadmap).first(), D(2021, 12, 1), cast.methodist)
    copy = roadmap_copy(roadmap=roadmap)
    assert (copy.period_start, copy.period_end) == (2022, 2025)
    assert "на 2022-2025 год" in copy.title
    assert copy.copied_from == roadmap and copy.is_draft
    assert copy.activities.count() == roadmap.activities.count() == 22
    old = list(roadmap.occurrences.order_by("activity__position", "starts_on"))
    new = list(copy.occurrences.order_by("activity__position", "starts_on"))
    assert len(old) == len(new)
    for a, b in zip(old, new, strict=True):
        assert b.starts_on == a.starts_on.replace(year=a.starts_on.year + 1)
        assert b.ends_on == a.ends_on.replace(year=a.ends_on.year + 1)
        assert b.status == "planned" and b.done_on is None and not b.comment
    assert copy.activities.get(deadline_text="До 25.10.2022")
    assert copy.activities.get(deadline_text="По отдельному графику").deadline_kind == "unparsed"
    new_first = copy.activities.get(position=first.position)
    assert list(new_first.responsible_users.all()) == [cast.methodist]


def test_standard_template_has_seven_stages(cast):
    roadmap = roadmap_from_template(organization=cast.school, academic_year=2025)
    stages = list(roadmap.activities.order_by("position"))
    assert len(stages) == 7
    assert [s.number for s in stages] == [str(n) for n in range(1, 8)]
    assert stages[0].title.startswith("Подготовка условий")
    assert stages[6].title.startswith("Информационная поддержка")
    assert (roadmap.period_start, roadmap.period_end) == (2025, 2026)
    assert all(s.occurrences.exists() for s in stages)
    assert "2025-2026 учебный год" in roadmap.title


def test_roadmap_is_approved_when_its_order_is(cast):
    roadmap = make(cast, ("1.1", "Сентябрь 2024"))
    order = roadmap_order_create(roadmap=roadmap, by=cast.methodist)
    assert order.kind == "roadmap" and order.organization == cast.school
    assert roadmap_order_create(roadmap=roadmap, by=cast.methodist) == order
    order_submit(order=order, by=cast.methodist)
    roadmap.refresh_from_db()
    assert roadmap.is_draft
    order_approve(order=order, by=cast.director, on_date=D(2024, 9, 2))
    roadmap.refresh_from_db()
    assert roadmap.status == "approved" and roadmap.approved_on == D(2024, 9, 2)
    assert Order.objects.get(pk=order.pk).status == OrderStatus.APPROVED
    with pytest.raises(ValidationError):
        activity_update(activity=roadmap.activities.get(number="1.1"), data={"title": "Новое"})


# --- municipal roll-up ---------------------------------------------------------------------------


def test_municipal_rollup_per_organisation(cast):
    roadmap = make(cast, ("1.1", "Сентябрь 2024"), ("1.2", "Октябрь 2024"), org=cast.department)
    one, two = roadmap.activities.filter(depth=1).order_by("position")
    activity_set_people(activity=one, users=[], organizations=[cast.school, cast.other_school])
    activity_set_people(activity=two, users=[cast.methodist], organizations=[cast.school])
    # The department itself no longer carries assigned activities.
    assert not roadmap.occurrences.filter(organization=cast.department).exists()
    school_first = roadmap.occurrences.get(activity=one, organization=cast.school)
    done(school_first, D(2024, 9, 20), cast.director)
    rows = {r["organization__short_name"]: r for r in roadmap_rollup(roadmap, today=D(2025, 1, 1))}
    assert rows["Школа № 1"]["total"] == 2 and rows["Школа № 1"]["percent"] == 50
    assert rows["Школа № 1"]["overdue"] == 1
    assert rows["Школа № 2"]["total"] == 1 and rows["Школа № 2"]["percent"] == 0
    part = roadmap_progress(roadmap, today=D(2025, 1, 1), organization=cast.other_school)
    assert part["overall"]["total"] == 1
    with pytest.raises(ValidationError, match="отчиталась"):
        activity_set_people(activity=one, users=[], organizations=[cast.other_school])
    with pytest.raises(ValidationError, match="подведомственные"):
        activity_set_people(activity=one, users=[], organizations=[cast.department])


def test_rollup_page_writes_each_organisations_row(cast, client_for):
    """The rows are built in Python (views._rollup_rows): the same cells the
    template wrote — counts, the progress bar, overdue in red, on time."""
    roadmap = make(cast, ("1.1", "Сентябрь 2024"), ("1.2", "Октябрь 2024"), org=cast.department)
    one, two = roadmap.activities.filter(depth=1).order_by("position")
    activity_set_people(activity=one, users=[], organizations=[cast.school, cast.other_school])
    activity_set_people(activity=two, users=[cast.methodist], organizations=[cast.school])
    first = roadmap.occurrences.get(activity=one, organization=cast.school)
    done(first, D(2024, 9, 20), cast.director)
    page = client_for(cast.specialist).get(f"/roadmaps/{roadmap.pk}/rollup/").text
    school = page.split(f'<tr data-org="{cast.school.pk}">')[1].split("</tr>")[0]
    cells = [c.split(">", 1)[1] for c in school.split("</td>")[:-1]]
    assert cells[0].strip() == "Школа № 1" and cells[1:3] == ["2", "1"]
    assert 'aria-valuenow="50"' in school and "pct-50" in school and ">50&nbsp;%</span>" in school
    assert '<td class="text-end text-danger fw-semibold">1</td>' in school
    other = page.split(f'<tr data-org="{cast.other_school.pk}">')[1].split("</tr>")[0]
    assert 'aria-valuenow="0"' in other and "pct-0" in other and ">0&nbsp;%</span>" in other


def test_schools_staff_report_their_part_of_the_department_roadmap(cast, client_for):
    roadmap = make(cast, ("1.1", "Сентябрь 2024"), ("1.2", "Октябрь 2024"), org=cast.department)
    one, two = roadmap.activities.filter(depth=1).order_by("position")
    activity_set_people(activity=one, users=[], organizations=[cast.school, cast.other_school])
    activity_set_people(activity=two, users=[], organizations=[cast.other_school])
    client = client_for(cast.director)
    page = client.get(f"/roadmaps/{roadmap.pk}/")
    assert page.status_code == 200
    assert "Мероприятие 1.1" in page.text and "Мероприятие 1.2" not in page.text
    mine = roadmap.occurrences.get(organization=cast.school)
    theirs = roadmap.occurrences.filter(organization=cast.other_school).first()
    data = {"action": "done", "done_on": "2024-09-25", "comment": "Проведено"}
    assert client.post(f"/roadmaps/occurrences/{mine.pk}/", data).status_code == 302
    assert client.post(f"/roadmaps/occurrences/{theirs.pk}/", data).status_code == 403
    mine.refresh_from_db()
    assert mine.status == "done"
    tasks = client.get("/roadmaps/tasks/")
    assert "Мероприятие 1.1" not in tasks.text  # done; shown with ?done=1
    assert "Мероприятие 1.1" in client.get("/roadmaps/tasks/?done=1").text
    specialist = client_for(cast.specialist)
    assert "Школа № 1" in specialist.get(f"/roadmaps/{roadmap.pk}/rollup/").text


# --- pages ---------------------------------------------------------------------------


def test_import_through_the_pages(cast, client_for):
    client = client_for(cast.methodist)
    with open(SAMPLES / "sosh11-2021-2024.docx", "rb") as fh:
        response = client.post("/roadmaps/import/", {"file": fh})
    assert response.status_code == 302
    preview = client.get(response["Location"])
    assert preview.status_code == 200
    assert 'id="summary-activities">17<' in preview.text
    assert "срок не распознан" in preview.text
    assert Roadmap.objects.count() == 0
    confirm = client.post(response["Location"] + "confirm/")
    roadmap = Roadmap.objects.get()
    assert confirm["Location"] == f"/roadmaps/{roadmap.pk}/"
    assert roadmap.activities.count() == 22 and roadmap.source_name == "sosh11-2021-2024.docx"


def docx_without_table():
    import docx

    document = docx.Document()
    document.add_paragraph("Дорожная карта на 2024-2025 год")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def xlsx_with_header_on_row_7():
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet["A3"] = "Дорожная карта наставничества на 2024-2025 учебный год"
    for c, value in enumerate(["№", None, "Мероприятие", "Сроки", "Ответственный"], start=2):
        sheet.cell(row=7, column=c, value=value)
    sheet.cell(row=8, column=2, value="1")
    sheet.cell(row=8, column=4, value="Приказ")
    sheet.cell(row=8, column=5, value="Сентябрь")
    sheet.cell(row=8, column=6, value="Директор")
    sheet.column_dimensions["J"].width = 40
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512
ENCRYPTED = OLE2 + "EncryptedPackage".encode("utf-16-le") + b"\x00" * 64


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("no-table.docx", docx_without_table, "В документе нет таблицы"),
        ("legacy.doc", lambda: OLE2, "Формат .doc не поддерживается"),
        ("secret.docx", lambda: ENCRYPTED, "защищён паролем"),
        ("broken.xlsx", lambda: b"PK\x03\x04 broken zip", "повреждён"),
        ("text.docx", lambda: b"just text", "не является документом Word"),
    ],
)
def test_bad_files_are_refused_with_a_russian_message(cast, client_for, name, content, message):
    client = client_for(cast.methodist)
    upload = SimpleUploadedFile(name, content())
    response = client.post("/roadmaps/import/", {"file": upload})
    assert response.status_code == 200
    assert message in response.text
    assert Roadmap.objects.count() == Activity.objects.count() == 0
    with pytest.raises(Exception, match=message):
        path = f"{cast.school.pk}-{name}"
        import tempfile
        from pathlib import Path

        target = Path(tempfile.mkdtemp()) / path
        target.write_bytes(content())
        call_command("import_roadmap", str(target), "--org", cast.school.slug)
    assert Roadmap.objects.count() == 0


def test_xlsx_with_header_on_row_7_and_empty_columns_imports(cast, client_for):
    client = client_for(cast.methodist)
    upload = SimpleUploadedFile("row7.xlsx", xlsx_with_header_on_row_7())
    response = client.post("/roadmaps/import/", {"file": upload})
    assert response.status_code == 302, response.text
    client.post(response["Location"] + "confirm/")
    roadmap = Roadmap.objects.get()
    assert (roadmap.period_start, roadmap.period_end) == (2024, 2025)
    activity = roadmap.activities.get(depth__gt=0) if roadmap.activities.count() > 1 else None
    row = activity or roadmap.activities.get()
    assert (row.number, row.title, row.deadline_text, row.responsible) == (
        "1",
        "Приказ",
        "Сентябрь",
        "Директор",
    )


def test_period_is_asked_when_the_title_has_none(cast, client_for):
    import docx

    document = docx.Document()
    document.add_paragraph("План мероприятий")
    table = document.add_table(rows=2, cols=3)
    for c, text in enumerate(["№", "Мероприятие", "Сроки"]):
        table.cell(0, c).text = text
    for c, text in enumerate(["1", "Приказ", "Сентябрь"]):
        table.cell(1, c).text = text
    buffer = io.BytesIO()
    document.save(buffer)
    client = client_for(cast.methodist)
    response = client.post(
        "/roadmaps/import/", {"file": SimpleUploadedFile("plan.docx", buffer.getvalue())}
    )
    assert "нет периода" in response.text
    response = client.post(
        "/roadmaps/import/",
        {"file": SimpleUploadedFile("plan.docx", buffer.getvalue()), "period_start": "2025"},
    )
    assert response.status_code == 302
    client.post(response["Location"] + "confirm/")
    assert Roadmap.objects.get().period_label == "2025–2026"


def test_responsible_mentor_marks_done_from_my_tasks_with_a_pdf(cast, client_for):
    roadmap = make(cast, ("1.1", "Сентябрь 2024"))
    activity = roadmap.activities.get(number="1.1")
    activity_set_people(activity=activity, users=[cast.mentor])
    client = client_for(cast.mentor)
    assert client.get(f"/roadmaps/{roadmap.pk}/").status_code == 403
    tasks = client.get("/roadmaps/tasks/")
    assert "Мероприятие 1.1" in tasks.text
    o = activity.occurrences.get()
    pdf = SimpleUploadedFile("отчёт.pdf", b"%PDF-1.4\n%test\n", content_type="application/pdf")
    response = client.post(
        f"/roadmaps/occurrences/{o.pk}/",
        {"action": "done", "done_on": "2024-09-30", "evidence": pdf, "next": "tasks"},
    )
    assert response.status_code == 302 and response["Location"] == "/roadmaps/tasks/"
    o.refresh_from_db()
    assert o.status == "done" and o.evidence_name == "отчёт.pdf"
    assert o.evidence.name.endswith(".pdf") and "отчёт" not in o.evidence.name
    download = client.get(f"/roadmaps/occurrences/{o.pk}/evidence/")
    assert download.status_code == 200
    assert b"".join(download.streaming_content).startswith(b"%PDF")
    # A script posing as a PDF is refused.
    o2 = make(cast, ("1.1", "Октябрь 2024")).occurrences.get()
    activity_set_people(activity=o2.activity, users=[cast.mentor])
    fake = SimpleUploadedFile("x.pdf", b"<script>alert(1)</script>")
    client.post(f"/roadmaps/occurrences/{o2.pk}/", {"done_on": "2024-10-01", "evidence": fake})
    o2.refresh_from_db()
    assert o2.status == "planned"


def test_htmx_mark_done_returns_the_row_and_triggers_progress(cast, client_for):
    roadmap = make(cast, ("1.1", "Сентябрь 2024"), ("1.2", "Октябрь 2024"))
    client = client_for(cast.methodist)
    o = occ(roadmap, "1.1")
    response = client.post(
        f"/roadmaps/occurrences/{o.pk}/",
        {"action": "done", "done_on": "2024-09-30", "comment": "Готово"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    assert response["HX-Trigger"] == "roadmapChanged"
    assert f'id="a{o.activity_id}"' in response.text and "occ-done" in response.text
    fragment = client.get(f"/roadmaps/{roadmap.pk}/?fragment=progress")
    assert 'id="progress-percent">50&nbsp;%<' in fragment.text


def test_inline_edit_of_a_draft_row(cast, client_for):
    roadmap = make(cast, ("1.1", "Сентябрь 2024"))
    activity = roadmap.activities.get(number="1.1")
    client = client_for(cast.methodist)
    form = client.get(f"/roadmaps/activities/{activity.pk}/edit/", HTTP_HX_REQUEST="true")
    assert "<form" in form.text
    data = {
        "number": "1.1",
        "title": "Приказ о наставничестве",
        "deadline_text": "Ноябрь 2024",
        "responsible": "Директор",
    }
    response = client.post(
        f"/roadmaps/activities/{activity.pk}/edit/", data, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200 and "Приказ о наставничестве" in response.text
    activity.refresh_from_db()
    assert activity.deadline_text == "Ноябрь 2024"
    assert list(activity.occurrences.values_list("ends_on", flat=True)) == [D(2024, 11, 30)]


# --- query counts -------------------------------------------------------------------------------


def app_queries(ctx):
    """Queries of the roadmaps tables (the session's idle-time refresh and the
    notification checks of other apps come and go with the clock)."""
    return sum(1 for q in ctx.captured_queries if "roadmaps_" in q["sql"])


def roadmap_of(cast, n):
    return make(cast, *[(f"1.{i}", "1 раз в четверть") for i in range(1, n + 1)])


@pytest.mark.parametrize("url", ["/roadmaps/{pk}/", "/roadmaps/{pk}/timeline/", "/roadmaps/"])
def test_pages_take_the_same_queries_for_5_and_50_activities(
    cast, client_for, django_assert_max_num_queries, url
):
    client = client_for(cast.methodist)
    counts = []
    for n in (5, 50):
        roadmap = roadmap_of(cast, n)
        first = roadmap.activities.filter(depth=1).first()
        activity_set_people(activity=first, users=[cast.methodist, cast.coordinator])
        done(roadmap.occurrences.first(), D(2024, 10, 1), cast.methodist)
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        client.get(url.format(pk=roadmap.pk))  # warm up the session
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(url.format(pk=roadmap.pk))
        assert response.status_code == 200
        counts.append(app_queries(ctx))
    assert counts[0] == counts[1]
    with django_assert_max_num_queries(20):
        client.get(url.format(pk=roadmap.pk))


def test_my_tasks_and_overdue_query_counts(cast, client_for):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(cast.methodist)
    counts = []
    for n in (5, 50):
        roadmap = roadmap_of(cast, n)
        for a in roadmap.activities.filter(depth=1):
            activity_set_people(activity=a, users=[cast.methodist])
        for url in ("/roadmaps/tasks/", "/roadmaps/overdue/"):
            client.get(url)  # warm up the session
            with CaptureQueriesContext(connection) as ctx:
                assert client.get(url).status_code == 200
            counts.append(app_queries(ctx))
    assert counts[:2] == counts[2:]


# --- exports and the command --------------------------------------------------------------------


def test_xlsx_export_has_statuses(cast, client_for):
    roadmap = import_sample("sosh11-2021-2024.xlsx", cast.school)
    first = roadmap.occurrences.filter(activity__deadline_text="До 25.10.2021").get()
    done(first, D(2021, 10, 20), cast.methodist)
    response = client_for(cast.methodist).get(f"/roadmaps/{roadmap.pk}/export.xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    header = values[0]
    assert header[:3] == ["№", "Этап, мероприятие", "Сроки"]
    row = next(r for r in values if r[2] == "До 25.10.2021")
    assert row[header.index("Выполнение")] == "выполнено 1 из 1"
    assert "выполнено 20.10.2021" in row[header.index("Сроки по графику")]
    assert row[header.index("Подтверждение")] == "Сделано"
    assert len(values) == 1 + 22 + 1


def test_pdf_export_lists_the_activities(cast, client_for):
    import subprocess
    import tempfile

    roadmap = import_sample("ddt-2022.docx", cast.school)
    response = client_for(cast.methodist).get(f"/roadmaps/{roadmap.pk}/export.pdf")
    assert response.content.startswith(b"%PDF")
    with tempfile.NamedTemporaryFile(suffix=".pdf") as fh:
        fh.write(response.content)
        fh.flush()
        text = subprocess.run(  # noqa: S603 - our own temporary file
            ["/usr/bin/pdftotext", "-layout", fh.name, "-"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    assert "Дом детского творчества" in text
    assert "Отбор и обучение" in text


def test_import_command_json_shape_and_dry_run(cast, capsys):
    call_command(
        "import_roadmap",
        str(SAMPLES / "sosh11-2021-2024.xlsx"),
        "--org",
        cast.school.slug,
        "--dry-run",
        "--json",
    )
    data = json.loads(capsys.readouterr().out)
    assert Roadmap.objects.count() == 0
    assert set(data) == {"title", "stages"}  # notes and stamps go to stderr
    stage_keys = {"number", "title", "deadline_text", "responsible", "expected_result"}
    activity_keys = stage_keys | {"indicators", "documents", "children"}
    assert all(set(s) == stage_keys | {"activities"} for s in data["stages"])
    assert all(set(a) == activity_keys for s in data["stages"] for a in s["activities"])
    assert data["stages"][0]["number"] is None
    assert data["stages"][2]["activities"][0]["deadline_text"] == "1 раз в четверть"
    assert sum(len(s["activities"]) for s in data["stages"]) == 17

    call_command("import_roadmap", str(SAMPLES / "ddt-2022.docx"), "--org", cast.school.slug)
    assert "Импортировано" in capsys.readouterr().out
    roadmap = Roadmap.objects.get()
    assert roadmap.activities.count() == 6
