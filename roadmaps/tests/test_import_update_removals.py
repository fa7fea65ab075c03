"""Updating a roadmap from a new version of its file never deletes activities
with reported work silently (issue 16): the preview lists the rows that would
go, the confirm step and the command refuse to delete those with reports or
responsible people unless the user says so explicitly."""

import datetime
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command

from roadmaps.models import Activity, Occurrence, Roadmap
from roadmaps.services import activity_set_people, occurrence_mark_done
from roadmaps.tests.test_import_update import docx_bytes, upload

FILE_1 = docx_bytes(
    [
        ["1", "Подготовительный этап", "", ""],
        ["1.1", "Приказ о внедрении", "сентябрь 2024", "Директор"],
        ["1.2", "Положение о наставничестве", "октябрь 2024", "Методист"],
        ["1.3", "Анкетирование педагогов", "ноябрь 2024", "Психолог"],
        ["1.4", "Совещание с педагогами", "декабрь 2024", "Директор"],
        ["1.5", "Информация на сайте", "январь 2025", "Методист"],
    ]
)
# The new version keeps only 1.1: 1.2–1.5 would be deleted.
FILE_2 = docx_bytes(
    [
        ["1", "Подготовительный этап", "", ""],
        ["1.1", "Приказ о внедрении", "сентябрь 2024", "Директор"],
    ]
)


def report_work(cast, roadmap):
    """1.2 done with a file, 1.3 a comment, 1.4 a responsible user, 1.5 nothing."""
    activities = {a.number: a for a in roadmap.activities.all()}
    occurrence_mark_done(
        occurrence=activities["1.2"].occurrences.get(),
        done_on=datetime.date(2024, 10, 20),
        evidence=SimpleUploadedFile("положение.pdf", b"%PDF-1.4\n%test\n"),
        evidence_name="положение.pdf",
        by=cast.methodist,
    )
    Occurrence.objects.filter(activity=activities["1.3"]).update(comment="Анкеты собраны")
    activity_set_people(activity=activities["1.4"], users=[cast.coordinator])
    return {number: a.pk for number, a in activities.items()}


def activity_ids(roadmap):
    return set(Activity.objects.filter(roadmap=roadmap).values_list("pk", flat=True))


def test_preview_lists_the_rows_an_update_would_delete_and_marks_those_with_reports(
    cast, client_for
):
    client = client_for(cast.methodist)
    client.post(upload(client, FILE_1) + "confirm/")
    roadmap = Roadmap.objects.get()
    report_work(cast, roadmap)

    page = client.get(upload(client, FILE_2)).text

    assert f'id="removals-{roadmap.pk}"' in page
    for title in (
        "Положение о наставничестве",
        "Анкетирование педагогов",
        "Совещание с педагогами",
        "Информация на сайте",
    ):
        assert title in page
    assert "будут удалены: 4" in page
    assert "отчётов: 1" in page  # 1.2 (done) and 1.3 (comment)
    assert "ответственные: " + cast.coordinator.get_full_name() in page  # 1.4
    assert f'name="remove_reported" value="{roadmap.pk}"' in page
    assert "Удалить мероприятия с отчётами: 3" in page


def test_confirm_without_the_tick_changes_nothing_and_says_why(cast, client_for):
    client = client_for(cast.methodist)
    client.post(upload(client, FILE_1) + "confirm/")
    roadmap = Roadmap.objects.get()
    ids = report_work(cast, roadmap)
    before = activity_ids(roadmap)
    preview_url = upload(client, FILE_2)

    response = client.post(preview_url + "confirm/", {"replace": str(roadmap.pk)}, follow=True)

    assert response.redirect_chain[-1][0] == preview_url
    assert "Обновление не выполнено, ничего не изменено" in response.text
    assert "Удалить мероприятия с отчётами: 3" in response.text
    assert activity_ids(roadmap) == before
    assert Occurrence.objects.get(activity_id=ids["1.2"]).status == "done"
    roadmap.refresh_from_db()
    assert roadmap.source_name == "dk.docx" and roadmap.activities.count() == 6


def test_confirm_with_the_tick_deletes_the_rows_with_reports(cast, client_for):
    client = client_for(cast.methodist)
    client.post(upload(client, FILE_1) + "confirm/")
    roadmap = Roadmap.objects.get()
    ids = report_work(cast, roadmap)
    preview_url = upload(client, FILE_2)
    listed = re.search(
        rf'name="reported_{roadmap.pk}" value="([\d,]*)"', client.get(preview_url).text
    )

    response = client.post(
        preview_url + "confirm/",
        {
            "replace": str(roadmap.pk),
            "remove_reported": str(roadmap.pk),
            f"reported_{roadmap.pk}": listed.group(1),
        },
    )

    assert response.status_code == 302 and response["Location"] == roadmap.get_absolute_url()
    assert activity_ids(roadmap) == {ids["1"], ids["1.1"]}
    assert not Occurrence.objects.filter(activity_id=ids["1.2"]).exists()


def test_the_tick_does_not_cover_reports_made_after_the_preview(cast, client_for):
    """A coordinator reports on 1.5 while the methodist reads the preview
    that listed 1.2-1.4 with reports: the ticked update is refused, nothing
    deleted, and the message names 1.5 (found by v16c tester)."""
    client = client_for(cast.methodist)
    client.post(upload(client, FILE_1) + "confirm/")
    roadmap = Roadmap.objects.get()
    ids = report_work(cast, roadmap)
    preview_url = upload(client, FILE_2)
    listed = re.search(
        rf'name="reported_{roadmap.pk}" value="([\d,]*)"', client.get(preview_url).text
    )
    assert {int(i) for i in listed.group(1).split(",") if i} == {ids["1.2"], ids["1.3"], ids["1.4"]}
    Occurrence.objects.filter(activity_id=ids["1.5"]).update(comment="Размещено на сайте")
    before = activity_ids(roadmap)

    response = client.post(
        preview_url + "confirm/",
        {
            "replace": str(roadmap.pk),
            "remove_reported": str(roadmap.pk),
            f"reported_{roadmap.pk}": listed.group(1),
        },
        follow=True,
    )

    assert response.redirect_chain[-1][0] == preview_url
    assert "Пока страница была открыта" in response.text
    assert "1.5 Информация на сайте" in response.text
    assert activity_ids(roadmap) == before
    assert "Удалить мероприятия с отчётами: 4" in response.text


def test_the_tick_for_another_roadmap_does_not_count(cast, client_for):
    client = client_for(cast.methodist)
    client.post(upload(client, FILE_1) + "confirm/")
    roadmap = Roadmap.objects.get()
    report_work(cast, roadmap)
    before = activity_ids(roadmap)
    client.post(
        upload(client, FILE_2) + "confirm/",
        {"replace": str(roadmap.pk), "remove_reported": str(roadmap.pk + 1)},
    )
    assert activity_ids(roadmap) == before


def test_rows_without_reports_are_deleted_without_the_tick(cast, client_for):
    client = client_for(cast.methodist)
    client.post(upload(client, FILE_1) + "confirm/")
    roadmap = Roadmap.objects.get()
    ids = {a.number: a.pk for a in roadmap.activities.all()}
    response = client.post(upload(client, FILE_2) + "confirm/", {"replace": str(roadmap.pk)})
    assert response["Location"] == roadmap.get_absolute_url()
    assert activity_ids(roadmap) == {ids["1"], ids["1.1"]}


def test_command_refuses_to_delete_rows_with_reports_without_the_flag(cast, tmp_path, capsys):
    first, second = tmp_path / "v1.docx", tmp_path / "v2.docx"
    first.write_bytes(FILE_1)
    second.write_bytes(FILE_2)
    call_command("import_roadmap", str(first), "--org", cast.school.slug)
    roadmap = Roadmap.objects.get()
    ids = report_work(cast, roadmap)
    before = activity_ids(roadmap)
    args = ("import_roadmap", str(second), "--org", cast.school.slug, "--replace", roadmap.pk)

    with pytest.raises(CommandError, match="--remove-reported") as refused:
        call_command(*args)

    assert refused.value.returncode != 0
    assert "1.2 Положение о наставничестве; отчётов: 1" in capsys.readouterr().err
    assert activity_ids(roadmap) == before

    call_command(*args, "--remove-reported")
    assert activity_ids(roadmap) == {ids["1"], ids["1.1"]}
    out = capsys.readouterr().out
    assert "Удалено строк, которых нет в новой версии: 4." in out
    assert "Удалено: 1.5 Информация на сайте" in out
