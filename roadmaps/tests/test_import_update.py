"""Updating a roadmap from a new version of its file (issue 16, h16): the
roadmap keeps its id, so links to it stay valid; activities that are still in
the file keep their ids, people, dates and evidence; the rest is replaced."""

import datetime
import io

import docx
import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command

from roadmaps.models import Activity, Occurrence, Roadmap, RoadmapStatus
from roadmaps.services import (
    activity_set_dates,
    activity_set_people,
    occurrence_mark_done,
    roadmap_import,
)

D = datetime.date
TITLE = "Дорожная карта внедрения наставничества на 2024-2025 учебный год"


def item(number, title, deadline="", children=()):
    return {
        "number": number,
        "title": title,
        "content": "",
        "deadline_text": deadline,
        "responsible": "Методист",
        "expected_result": "",
        "indicators": "",
        "documents": "",
        "children": list(children),
    }


def parsed_of(*stages, title=TITLE):
    """stages: (number, title, [(number, title, deadline)])."""
    out = []
    for number, stage_title, activities in stages:
        stage = item(number, stage_title)
        stage.pop("children")
        stage["activities"] = [item(*a) for a in activities]
        out.append(stage)
    return {"title": title, "stages": out}


VERSION_1 = parsed_of(
    (
        "1",
        "Подготовительный этап",
        [
            ("1.1", "Приказ о внедрении", "сентябрь 2024"),
            ("1.2", "Положение о наставничестве", "октябрь 2024"),
            ("1.3", "Анкетирование педагогов", "ноябрь 2024"),
        ],
    ),
    ("2", "Формирование банков", [("2.1", "Банк наставников", "декабрь 2024")]),
)
VERSION_2 = parsed_of(
    (
        "1",
        "Подготовительный этап",
        [
            ("1.1", "Приказ о внедрении", "сентябрь 2024"),
            ("1.2", "Положение о наставничестве (новая редакция)", "январь 2025"),
            ("1.3", "Дорожная карта на сайте", "февраль 2025"),
        ],
    ),
    ("2", "Формирование банков наставников и наставляемых", [
        ("2.1", "Банк наставников", "декабрь 2024"),
        ("2.2", "Банк наставляемых", "декабрь 2024"),
    ]),
)  # fmt: skip


def import_version(cast, parsed, replace=None):
    return roadmap_import(
        organization=cast.school,
        parsed=parsed,
        period_start=2024,
        period_end=2025,
        source_name="dk.docx",
        by=cast.methodist,
        replace=replace,
    )


def test_update_keeps_the_roadmap_id_matched_activities_and_their_evidence(cast):
    roadmap = import_version(cast, VERSION_1)
    old = {a.number: a for a in roadmap.activities.all()}
    done = old["1.1"].occurrences.get()
    evidence = SimpleUploadedFile("приказ.pdf", b"%PDF-1.4\n%test\n")
    occurrence_mark_done(
        occurrence=done,
        done_on=D(2024, 9, 20),
        evidence=evidence,
        evidence_name="приказ.pdf",
        by=cast.methodist,
    )
    activity_set_people(activity=old["1.2"], users=[cast.coordinator])
    done.refresh_from_db()
    evidence_path = done.evidence.path

    updated = import_version(cast, VERSION_2, replace=roadmap)

    assert updated.pk == roadmap.pk and Roadmap.objects.count() == 1
    rows = list(
        Activity.objects.filter(roadmap=roadmap)
        .order_by("position")
        .values_list("pk", "position", "depth", "number", "title", "stage__number")
    )
    assert [r[1:] for r in rows] == [
        (1, 0, "1", "Подготовительный этап", None),
        (2, 1, "1.1", "Приказ о внедрении", "1"),
        (3, 1, "1.2", "Положение о наставничестве (новая редакция)", "1"),
        (4, 1, "1.3", "Дорожная карта на сайте", "1"),
        (5, 0, "2", "Формирование банков наставников и наставляемых", None),
        (6, 1, "2.1", "Банк наставников", "2"),
        (7, 1, "2.2", "Банк наставляемых", "2"),
    ]
    ids = {number: pk for pk, _p, _d, number, _t, _s in rows}
    # Matched by number and title, or by number alone, or by title alone.
    assert ids["1"] == old["1"].pk and ids["1.1"] == old["1.1"].pk
    assert ids["1.2"] == old["1.2"].pk and ids["2"] == old["2"].pk
    assert ids["2.1"] == old["2.1"].pk
    assert ids["2.2"] not in {a.pk for a in old.values()}
    # The done occurrence with its file survives; the file is still on disk.
    kept = Occurrence.objects.get(activity_id=ids["1.1"])
    assert (kept.pk, kept.status, kept.evidence_name) == (done.pk, "done", "приказ.pdf")
    with open(evidence_path, "rb") as stored:
        assert stored.read().startswith(b"%PDF")
    # A changed deadline moves the untouched occurrence; people stay.
    moved = Activity.objects.get(pk=ids["1.2"])
    assert [(o.starts_on, o.ends_on) for o in moved.occurrences.all()] == [
        (D(2025, 1, 1), D(2025, 1, 31))
    ]
    assert list(moved.responsible_users.all()) == [cast.coordinator]
    # Every occurrence counts under its activity's (new or kept) stage.
    for o in Occurrence.objects.filter(roadmap=roadmap).select_related("activity"):
        assert o.stage_id == (o.activity.stage_id or o.activity_id)
    assert Occurrence.objects.filter(roadmap=roadmap).count() == 5  # one per activity


def test_update_keeps_dates_set_by_hand_while_the_deadline_text_is_the_same(cast):
    parsed = parsed_of(("1", "Этап", [("1.1", "Встречи", "по отдельному графику")]))
    roadmap = import_version(cast, parsed)
    activity = roadmap.activities.get(number="1.1")
    activity_set_dates(activity=activity, windows=[(D(2024, 10, 1), D(2024, 10, 15))])
    parsed["stages"][0]["activities"][0]["responsible"] = "Куратор"
    import_version(cast, parsed, replace=roadmap)
    activity.refresh_from_db()
    assert (activity.deadline_kind, activity.responsible) == ("manual", "Куратор")
    assert [(o.starts_on, o.ends_on) for o in activity.occurrences.all()] == [
        (D(2024, 10, 1), D(2024, 10, 15))
    ]


def test_an_approved_roadmap_is_not_updated_from_a_file(cast):
    roadmap = import_version(cast, VERSION_1)
    Roadmap.objects.filter(pk=roadmap.pk).update(
        status=RoadmapStatus.APPROVED, approved_on=D(2024, 9, 1)
    )
    roadmap.refresh_from_db()
    with pytest.raises(ValidationError):
        import_version(cast, VERSION_2, replace=roadmap)
    assert roadmap.activities.count() == 6


def docx_bytes(rows):
    document = docx.Document()
    document.add_paragraph(TITLE)
    table = document.add_table(rows=len(rows) + 1, cols=4)
    for r, values in enumerate([["№", "Мероприятие", "Сроки", "Ответственный"], *rows]):
        for c, value in enumerate(values):
            table.cell(r, c).text = value
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


FILE_1 = docx_bytes(
    [
        ["1", "Подготовительный этап", "", ""],
        ["1.1", "Приказ о внедрении", "сентябрь 2024", "Директор"],
        ["1.2", "Положение о наставничестве", "октябрь 2024", "Методист"],
    ]
)
FILE_2 = docx_bytes(
    [
        ["1", "Подготовительный этап", "", ""],
        ["1.1", "Приказ о внедрении", "сентябрь 2024", "Директор"],
        ["1.2", "Анкетирование наставников", "ноябрь 2024", "Психолог"],
    ]
)


def upload(client, content):
    response = client.post("/roadmaps/import/", {"file": SimpleUploadedFile("dk.docx", content)})
    assert response.status_code == 302
    return response["Location"]


def test_new_version_of_the_file_updates_the_roadmap_and_its_old_link_still_works(cast, client_for):
    client = client_for(cast.methodist)
    client.post(upload(client, FILE_1) + "confirm/")
    roadmap = Roadmap.objects.get()
    url = roadmap.get_absolute_url()
    assert "Положение о наставничестве" in client.get(url).text

    preview_url = upload(client, FILE_2)
    preview = client.get(preview_url)
    assert 'id="same-title"' in preview.text and f'value="{roadmap.pk}"' in preview.text
    done = client.post(preview_url + "confirm/", {"replace": str(roadmap.pk)})
    assert done.status_code == 302 and done["Location"] == url
    assert Roadmap.objects.get().pk == roadmap.pk

    page = client.get(url)
    assert page.status_code == 200
    assert "Анкетирование наставников" in page.text
    assert "Положение о наставничестве" not in page.text
    assert "Дорожная карта обновлена" in page.text


def test_new_version_may_still_be_saved_as_another_roadmap(cast, client_for):
    client = client_for(cast.methodist)
    client.post(upload(client, FILE_1) + "confirm/")
    client.post(upload(client, FILE_2) + "confirm/", {"replace": "new"})
    assert Roadmap.objects.count() == 2


def test_command_updates_a_roadmap_of_the_same_title_and_period_in_place(cast, tmp_path, capsys):
    first, second = tmp_path / "v1.docx", tmp_path / "v2.docx"
    first.write_bytes(FILE_1)
    second.write_bytes(FILE_2)
    call_command("import_roadmap", str(first), "--org", cast.school.slug)
    roadmap = Roadmap.objects.get()
    kept = roadmap.activities.get(number="1.1").pk
    call_command("import_roadmap", str(second), "--org", cast.school.slug, "--replace", roadmap.pk)
    assert f"Обновлена дорожная карта № {roadmap.pk}" in capsys.readouterr().out
    assert Roadmap.objects.get().pk == roadmap.pk
    assert roadmap.activities.get(number="1.1").pk == kept
    assert roadmap.activities.get(number="1.2").title == "Анкетирование наставников"
    with pytest.raises(CommandError, match="обновить её нельзя"):
        call_command("import_roadmap", str(second), "--org", cast.school.slug, "--replace", 999)


def test_a_row_inserted_in_the_middle_keeps_the_renumbered_rows_their_ids(cast):
    roadmap = import_version(
        cast,
        parsed_of(("1", "Этап", [("1.1", "Приказ", "сентябрь 2024"), ("1.2", "Положение", "")])),
    )
    old = {a.title: a.pk for a in roadmap.activities.all()}
    import_version(
        cast,
        parsed_of(
            (
                "1",
                "Этап",
                [
                    ("1.1", "Приказ", "сентябрь 2024"),
                    ("1.2", "Анкета", ""),
                    ("1.3", "Положение", ""),
                ],
            )
        ),
        replace=roadmap,
    )
    now = {a.title: (a.pk, a.number) for a in roadmap.activities.all()}
    assert now["Положение"] == (old["Положение"], "1.3")
    assert now["Приказ"] == (old["Приказ"], "1.1")
    assert now["Анкета"][0] not in old.values()
