"""Updating a roadmap from a new version of its file when a title repeats in
several stages («Анкетирование педагогов» at the start and at the end): rows
inserted above renumber them, yet each keeps its own reports and id, and no
reported row is said to be deleted while it is still in the file (v16c)."""

import datetime

import pytest

from roadmaps.models import Occurrence
from roadmaps.services import (
    RemovesReportedError,
    occurrence_mark_done,
    roadmap_update_removals,
)
from roadmaps.tests.test_import_update import import_version, parsed_of

SURVEY = "Анкетирование педагогов"

OLD = parsed_of(
    ("1", "Подготовительный этап", [
        ("1.1", "Приказ о внедрении", "сентябрь 2024"),
        ("1.2", SURVEY, "октябрь 2024"),
    ]),
    ("2", "Итоговый этап", [
        ("2.1", SURVEY, "апрель 2025"),
        ("2.2", "Семинар по итогам", "май 2025"),
    ]),
)  # fmt: skip
# A row inserted at the top of each stage renumbers everything below it.
NEW = parsed_of(
    ("1", "Подготовительный этап", [
        ("1.1", "Положение о наставничестве", "сентябрь 2024"),
        ("1.2", "Приказ о внедрении", "сентябрь 2024"),
        ("1.3", SURVEY, "октябрь 2024"),
    ]),
    ("2", "Итоговый этап", [
        ("2.1", "Мастер-класс наставников", "март 2025"),
        ("2.2", SURVEY, "апрель 2025"),
        ("2.3", "Семинар по итогам", "май 2025"),
    ]),
)  # fmt: skip


def test_rows_with_a_repeated_title_keep_their_reports_when_renumbered(cast):
    roadmap = import_version(cast, OLD)
    old = {a.number: a for a in roadmap.activities.all()}
    occurrence_mark_done(
        occurrence=old["1.2"].occurrences.get(),
        done_on=datetime.date(2024, 10, 20),
        comment="Проведено",
        by=cast.methodist,
    )
    Occurrence.objects.filter(activity=old["2.1"]).update(comment="Анкеты собраны")

    assert roadmap_update_removals(roadmap=roadmap, parsed=NEW) == []

    import_version(cast, NEW, replace=roadmap)
    now = {a.number: a for a in roadmap.activities.all()}
    assert now["1.3"].pk == old["1.2"].pk and now["1.3"].title == SURVEY
    assert now["2.2"].pk == old["2.1"].pk and now["2.2"].title == SURVEY
    assert now["1.3"].occurrences.get().status == "done"
    assert now["2.2"].occurrences.get().comment == "Анкеты собраны"
    # The inserted rows are new: no one's reports moved onto them.
    assert now["2.1"].pk not in {a.pk for a in old.values()}
    assert not now["2.1"].occurrences.exclude(comment="").exists()


def test_a_removal_names_its_stage_when_numbers_restart_in_each_stage(cast, client_for):
    """Activities numbered within their stage («3» in stages 1 and 2): the
    preview and the refusal say which stage the deleted row is from."""
    roadmap = import_version(
        cast,
        parsed_of(
            ("1", "Подготовительный этап", [("1", "Приказ", ""), ("2", SURVEY, "октябрь 2024")]),
            ("2", "Итоговый этап", [("1", "Семинар", ""), ("2", SURVEY, "апрель 2025")]),
        ),
    )
    first = roadmap.activities.get(title=SURVEY, stage__number="1")
    Occurrence.objects.filter(activity=first).update(comment="Анкеты собраны")
    new = parsed_of(
        ("1", "Подготовительный этап", [("1", "Приказ", "")]),
        ("2", "Итоговый этап", [("1", "Семинар", ""), ("2", SURVEY, "апрель 2025")]),
    )

    removals = roadmap_update_removals(roadmap=roadmap, parsed=new)

    assert [(r.activity.pk, r.stage) for r in removals] == [(first.pk, "1 Подготовительный этап")]
    with pytest.raises(RemovesReportedError, match="этап «1 Подготовительный этап»"):
        import_version(cast, new, replace=roadmap)
