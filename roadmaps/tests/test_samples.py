"""The six sample roadmaps imported through the service into the database."""

import datetime
from pathlib import Path

import pytest

from roadmaps.importing import parse_roadmap
from roadmaps.models import Activity, Occurrence, Roadmap
from roadmaps.services import period_from_title, roadmap_import

SAMPLES = Path("/work/shared/samples/roadmaps")


def import_sample(name, organization, by=None):
    parsed = parse_roadmap(SAMPLES / name, name)
    period = period_from_title(parsed["title"])
    return roadmap_import(
        organization=organization,
        parsed=parsed,
        period_start=period[0],
        period_end=period[1],
        source_name=name,
        by=by,
    )


def rows(roadmap):
    return list(roadmap.activities.order_by("position"))


@pytest.mark.parametrize("ext", ["docx", "xlsx"])
def test_sosh11_imports_with_every_stage_and_activity(cast, ext):
    roadmap = import_sample(f"sosh11-2021-2024.{ext}", cast.school, cast.methodist)
    assert (roadmap.period_start, roadmap.period_end) == (2021, 2024)
    assert roadmap.title.startswith("«Дорожная карта»\nРеализации целевой модели")
    items = rows(roadmap)
    stages = [a for a in items if a.depth == 0]
    activities = [a for a in items if a.depth > 0]
    assert len(stages) == 5 and len(activities) == 17
    assert [s.number for s in stages] == [""] * 5
    assert stages[3].title == "Информационное сопровождение деятельности"
    assert not any(s.is_tracked for s in stages)
    by_stage = {s.pk: [a.number for a in activities if a.stage_id == s.pk] for s in stages}
    assert list(by_stage.values()) == [
        ["1", "2", "3", "4", "5"],
        ["1", "2", "3"],
        ["1", "2"],
        ["1", "2", "3"],
        ["1", "2", "3", "4"],
    ]
    first = activities[0]
    assert first.deadline_text == "В течение всего периода реализации ЦМН"
    assert first.responsible == (
        "куратор целевой модели наставничества, Директор школы, администрация школы"
    )
    assert first.expected_result == "Сформирована база наставников"
    assert first.indicators.startswith("Количество участников, охваченных системой")
    assert activities[1].deadline_text == "По отдельному графику"
    assert activities[1].responsible == "Заместители директора"
    assert activities[1].deadline_kind == "unparsed"
    assert activities[1].occurrences.count() == 0
    quarterly = activities[8]
    assert quarterly.deadline_text == "1 раз в четверть"
    assert quarterly.occurrences.count() == 12
    assert activities[10].deadline_text == "До 25.10.2021"
    assert list(activities[10].occurrences.values_list("starts_on", "ends_on")) == [
        (datetime.date(2021, 9, 1), datetime.date(2021, 10, 25))
    ]
    assert activities[15].deadline_text == "15.09.2021"
    assert activities[16].responsible == "Директор школы"
    assert roadmap.columns == ["deadline_text", "responsible", "expected_result", "indicators"]
    # Every occurrence belongs to the school and to its activity's stage.
    assert not Occurrence.objects.filter(roadmap=roadmap).exclude(organization=cast.school).exists()
    for a in activities:
        assert set(a.occurrences.values_list("stage_id", flat=True)) <= {a.stage_id}


@pytest.mark.parametrize("ext", ["docx", "xlsx"])
def test_ddt_stages_are_tracked_rows(cast, ext):
    roadmap = import_sample(f"ddt-2022.{ext}", cast.school)
    assert (roadmap.period_start, roadmap.period_end) == (2022, 2022)
    items = rows(roadmap)
    assert [a.number for a in items] == ["1", "2", "3", "4", "5", "6"]
    assert all(a.depth == 0 and a.is_tracked for a in items)
    assert items[0].title == "Подготовка условий\nдля реализации системы наставничества"
    assert items[0].content.endswith("· «Наставничество» на сайте МКОУ ДО -ДДТ")
    assert items[0].deadline_text == "Декабрь 2021 г."
    assert items[0].responsible == "директор , методисты"
    assert items[1].deadline_text == "ежегодно\nдекабрь (дополнительно\nв течение года)"
    assert items[3].responsible == "педагоги -\nнаставники"
    assert items[4].deadline_text == "ежегодно\nапрель-май"
    assert items[5].responsible == "методист"
    assert list(items[0].occurrences.values_list("ends_on", flat=True)) == [
        datetime.date(2021, 12, 31)
    ]
    assert roadmap.columns == ["content", "deadline_text", "responsible", "expected_result"]


@pytest.mark.parametrize("ext", ["docx", "xlsx"])
def test_pedagogi_has_seven_stages_without_dates(cast, ext):
    roadmap = import_sample(f"pedagogi-2025-2026.{ext}", cast.school)
    assert (roadmap.period_start, roadmap.period_end) == (2025, 2026)
    items = rows(roadmap)
    assert [a.number for a in items] == [str(n) for n in range(1, 8)]
    assert items[1].title == "Формирование банка наставляемых"
    assert items[1].content.startswith("1) Сбор информации о профессиональных запросах")
    assert all(a.deadline_text == "" and a.responsible == "" for a in items)
    # No deadline column: every stage is flagged and waits for dates by hand.
    assert all(a.is_tracked and a.deadline_kind == "none" for a in items)
    assert not Occurrence.objects.filter(roadmap=roadmap).exists()


def test_docx_and_xlsx_give_the_same_rows(cast):
    a = import_sample("sosh11-2021-2024.docx", cast.school)
    b = import_sample("sosh11-2021-2024.xlsx", cast.school)
    fields = ("depth", "number", "title", "deadline_text", "responsible", "expected_result")
    assert [tuple(getattr(x, f) for f in fields) for x in rows(a)] == [
        tuple(getattr(x, f) for f in fields) for x in rows(b)
    ]
    assert (
        Occurrence.objects.filter(roadmap=a).count() == Occurrence.objects.filter(roadmap=b).count()
    )


def test_period_from_title():
    assert period_from_title("на 2021-2024 год") == (2021, 2024)
    assert period_from_title("на 2025-2026 учебный год") == (2025, 2026)
    assert period_from_title("2022 год") == (2022, 2022)
    assert period_from_title("на 2024/25 учебный год") == (2024, 2025)
    assert period_from_title("Дорожная карта") is None


def test_period_from_title_reads_a_range_that_names_its_months():
    # Held-out roadmap of a kindergarten (issue 16): "(сентябрь 2022 г. - май 2024 г.)".
    assert period_from_title("План (сентябрь 2022 г. - май 2024 г.)") == (2022, 2024)
    assert period_from_title("с сентября 2021 года по май 2022 года") == (2021, 2022)
    assert period_from_title("от 01.09.2022 г. до 2040 г.") is None  # longer than 10 years


def test_a_table_of_numbers_and_titles_only_imports_without_columns(cast):
    # Held-out roadmaps (issue 16) whose deadline and responsible cells are empty.
    item = {
        "number": "1.1",
        "title": "Назначение кураторов",
        "content": "",
        "deadline_text": "",
        "responsible": "",
        "expected_result": "",
        "indicators": "",
        "documents": "",
        "children": [],
    }
    stage = {**item, "number": "1", "title": "Нормативное регулирование", "activities": [item]}
    del stage["children"]
    roadmap = roadmap_import(
        organization=cast.school,
        parsed={"title": "План мероприятий", "stages": [stage]},
        period_start=2020,
        period_end=2021,
    )
    assert roadmap.columns == []
    assert list(roadmap.activities.values_list("number", "deadline_kind")) == [
        ("1", "none"),
        ("1.1", "none"),
    ]


def test_nothing_is_written_when_the_import_fails(cast):
    parsed = parse_roadmap(SAMPLES / "ddt-2022.docx", "ddt-2022.docx")
    parsed["stages"][3]["number"] = "x" * 80  # longer than the column allows
    with pytest.raises(Exception):  # noqa: B017 - any failure must roll back
        roadmap_import(organization=cast.school, parsed=parsed, period_start=2022, period_end=2022)
    assert Roadmap.objects.count() == 0
    assert Activity.objects.count() == 0
