"""Every per-cent total of the department's monitoring that is over fewer
organisations than those with data says over how many and why (no
headcount, no approved roadmap, no campaigns, no programmes): one helper,
builders.share_notes, for the page, the block «Изменение за квартал» and
every XLSX sheet."""

from decimal import Decimal

import pytest
from django.template.loader import render_to_string

from mentoring import indicators as defs
from reports import builders

NAMES = ["СОШ № 11", "СОШ № 5", "Гимназия № 2", "ДДТ"]


def row(**figures):
    """An organisation's figures: every definition empty but ``figures``."""
    values = {"figures": {code: defs.Figure(None) for code in builders.INDICATOR_CODES}}
    values["figures"].update(figures)
    for key, code, part in builders.INDICATOR_FIELDS:
        values[key] = getattr(values["figures"][code], part)
    return values


def test_a_roadmap_total_over_one_organisation_of_four_says_so_and_why():
    rows = [
        row(
            roadmap_done=defs.Figure(Decimal("83.3"), 5, 6),
            survey_participation=defs.Figure(Decimal(90), 9, 10),
        ),
        row(survey_participation=defs.Figure(Decimal(50), 1, 2)),
        row(programs_done=defs.Figure(Decimal(40), 2, 5)),
        row(survey_participation=defs.Figure(Decimal(0), 0, 3)),
    ]
    total = builders.totals(rows, NAMES)
    assert total["roadmap_done_percent"] == Decimal("83.3")
    assert total["notes"]["roadmap_done_percent"] == (
        "по 1 из 4 организаций (нет утверждённой дорожной карты или её позиций к дате: "
        "СОШ № 5, Гимназия № 2, ДДТ)"
    )
    # Nobody's positions on time are counted here: «нет данных», no note.
    assert total["roadmap_on_time_percent"] is None
    assert "roadmap_on_time_percent" not in total["notes"]
    assert total["notes"]["survey_participation"] == (
        "по 3 из 4 организаций (нет рассылок анкет: Гимназия № 2)"
    )
    assert total["notes"]["programs_done_percent"] == (
        "по 1 из 4 организаций (нет ППН: СОШ № 11, СОШ № 5, ДДТ)"
    )
    assert "students_percent" not in total["notes"]
    # Counts are not shares: no note.
    assert "participants" not in total["notes"] and "programs" not in total["notes"]


def test_no_note_when_every_organisation_or_none_has_the_whole():
    rows = [row(roadmap_done=defs.Figure(Decimal(50), 1, 2)) for _ in NAMES]
    assert "roadmap_done_percent" not in builders.totals(rows, NAMES)["notes"]
    # Nobody has it: the total is «нет данных», not a share of some.
    total = builders.totals([row() for _ in NAMES], NAMES)
    assert total["roadmap_done_percent"] is None
    assert "roadmap_done_percent" not in total["notes"]


def test_table_notes_name_their_columns():
    notes = {
        "roadmap_done_percent": "по 1 из 4 организаций (x: А)",
        "roadmap_on_time_percent": "по 1 из 4 организаций (x: А)",
    }
    keys = ["act_regulation", "roadmap_done_percent", "roadmap_on_time_percent"]
    assert builders.total_notes(notes, keys) == [
        {
            "columns": "по столбцам «Дорожная карта: выполнено к дате, %», "
            "«Дорожная карта: выполнено в срок, %»",
            "text": "по 1 из 4 организаций (x: А)",
        }
    ]


@pytest.mark.django_db
def test_change_block_prints_the_notes_of_its_total():
    cell = {
        "key": "programs_done_percent",
        "label": "Выполнение",
        "previous": Decimal(30),
        "current": Decimal(34),
        "change": Decimal(4),
        "previous_note": "по 2 из 4 организаций (нет ППН: А, Б)",
        "current_note": "по 3 из 4 организаций (нет ППН: А)",
    }
    data = {
        "quarter": {"label": "IV кв."},
        "previous_quarter": {"label": "III кв."},
        "columns": [{"key": "programs_done_percent", "label": "Выполнение"}],
        "rows": [{"org": {"slug": "a", "short_name": "А"}, "cells": [cell]}],
        "total": {"label": "Итого", "cells": [cell]},
    }
    html = render_to_string(
        "reports/includes/monitoring_quarter_change.html", {"quarter_change": data}
    )
    foot = html.split("<tfoot>")[1]
    assert "по 2 из 4 организаций (нет ППН: А, Б)" in foot
    assert "по 3 из 4 организаций (нет ППН: А)" in foot
