"""The figures of every report, one function per report. Formatters (HTML,
PDF, XLSX) only lay these out.

Figures for several organisations are computed with grouped aggregate
queries (a fixed number of queries whatever the number of organisations),
so a department of a hundred schools costs what one school costs.
"""

import html
import re
from collections import defaultdict
from decimal import Decimal

from django.db.models import Count, Q
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.text import Truncator

from mentoring import indicators as defs
from mentoring.exports import BANK_TITLES, bank_columns, bank_rows
from mentoring.models import (
    ConsentKind,
    MentoringForm,
    MentoringType,
    Mentorship,
    MentorshipMember,
    MentorshipStatus,
    Order,
    OrderStatus,
    Organization,
    PersonalProgram,
    TargetGroup,
)

from .periods import Period, Quarter

STUDENTS = (TargetGroup.SCHOOL_STUDENT, TargetGroup.COLLEGE_STUDENT)
TEACHERS = (TargetGroup.TEACHER, TargetGroup.YOUNG_SPECIALIST)
# Coverage counts people in active or completed mentorships (domain.md).
COVERING_STATUSES = (MentorshipStatus.ACTIVE, MentorshipStatus.COMPLETED)
# Statuses a mentorship can have had while it was at work on a past date.
WORKED_STATUSES = (MentorshipStatus.ACTIVE, MentorshipStatus.COMPLETED, MentorshipStatus.TERMINATED)
ROLE_LABELS = {
    MentorshipMember.Role.LEAD: "наставник",
    MentorshipMember.Role.CO_MENTOR: "наставник",
    MentorshipMember.Role.MENTEE: "наставляемый",
}


def percent(part, whole):
    """The one rounding rule of every percentage (mentoring.indicators)."""
    return defs.percent(part, whole)


def ratio(part, whole, digits=1):
    """A percentage of a figure that is not an indicator (a chart's bar, a
    survey's rate); indicators use :func:`percent`."""
    if not whole:
        return None
    return round(100 * part / whole, digits)


# --- coverage -------------------------------------------------------------------


def in_period(prefix, start, end):
    """Mentorships (through ``prefix``) at work at some time in [start, end]."""
    return Q(**{f"{prefix}activated_on__lte": end}) & (
        Q(**{f"{prefix}ended_on__isnull": True}) | Q(**{f"{prefix}ended_on__gte": start})
    )


# The coverage definitions the dashboard and the report show, one row each.
COVERAGE_CODES = (
    "coverage_students",
    "coverage_teachers",
    "young_specialists_mentored",
    "coverage_heads",
    "coverage_employers",
)


def coverage_rows(organization, period, *, figures=None, on_date=None, targets=None):
    """One row per coverage definition with data: headcount, covered, per
    cent, the target (the organisation's roadmap, else the definition's)
    and whether it is met — the same figures every surface shows."""
    on_date = on_date or figure_date(period)
    if figures is None:
        figures = defs.compute(COVERAGE_CODES, [organization.pk], on_date)[organization.pk]
    if targets is None:
        targets = defs.targets(organization, period.academic_year)
    rows = []
    for code in COVERAGE_CODES:
        figure = figures[code]
        if figure.whole is None and not figure.part:
            continue
        definition = defs.get(code)
        target, source = targets.get(code, (None, ""))
        rows.append(
            {
                "code": code,
                "group": code,
                "label": definition.label,
                "definition": definition,
                "headcount": figure.whole,
                "covered": figure.part,
                "percent": figure.value,
                "target": target,
                "target_source": source,
                "reached": definition.met(figure.value, target),
            }
        )
    return rows


def figure_date(period, today=None):
    """The date a period's figures are computed on: its end, or today while
    it runs."""
    today = today or timezone.localdate()
    return min(period.end, today) if period.start <= today else period.end


# --- indicators of many organisations (department dashboard, monitoring) --------

# (key in the indicator dict, definition code, which part of the figure)
INDICATOR_FIELDS = [
    ("participants", "participants", "value"),
    ("mentors", "mentors", "value"),
    ("mentees", "mentees", "value"),
    ("active_pairs", "active_pairs", "value"),
    ("students_covered", "coverage_students", "part"),
    ("students_headcount", "coverage_students", "whole"),
    ("students_percent", "coverage_students", "value"),
    ("teachers_covered", "coverage_teachers", "part"),
    ("teachers_headcount", "coverage_teachers", "whole"),
    ("teachers_percent", "coverage_teachers", "value"),
    ("young_specialists_percent", "young_specialists_mentored", "value"),
    ("consented", "consents", "part"),
    ("consent_percent", "consents", "value"),
    ("programs", "personal_programs", "value"),
    ("programs_done_percent", "programs_done", "value"),
    ("without_mentor", "without_mentor", "value"),
    ("roadmap_done_percent", "roadmap_done", "value"),
    ("roadmap_on_time_percent", "roadmap_on_time", "value"),
    ("survey_participation", "survey_participation", "value"),
    ("heads_percent", "coverage_heads", "value"),
    ("employers_percent", "coverage_employers", "value"),
    ("head_pairs", "head_pairs", "value"),
    ("training_sessions", "training_sessions", "value"),
]
INDICATOR_CODES = list(
    dict.fromkeys([*(code for _k, code, _p in INDICATOR_FIELDS), *COVERAGE_CODES])
)
INDICATORS = [
    ("participants", "Участников"),
    ("mentors", "Наставников"),
    ("mentees", "Наставляемых"),
    ("active_pairs", "Действующих пар и групп"),
    ("students_covered", "Обучающихся в наставничестве"),
    ("students_headcount", "Численность обучающихся"),
    ("students_percent", "Охват обучающихся наставничеством, %"),
    ("teachers_covered", "Педагогических работников в наставничестве"),
    ("teachers_headcount", "Численность педагогических работников"),
    ("teachers_percent", "Охват педагогических работников наставничеством, %"),
    ("young_specialists_percent", "Молодые специалисты с наставником, %"),
    ("consent_percent", "Согласия на обработку персональных данных, %"),
    ("programs", "Персонализированные программы наставничества (ППН)"),
    ("programs_done_percent", "Выполнение персонализированных программ, %"),
    ("without_mentor", "Наставляемых без наставника"),
    ("roadmap_done_percent", "Дорожная карта: выполнено к дате, %"),
]
# What a municipal roadmap monitors besides (the monitoring page and XLSX):
# coverage of the other target groups, head pairs, forms, local acts.
MONITORING_EXTRA = [
    ("heads_percent", "Охват руководителей, %"),
    ("employers_percent", "Охват представителей работодателей и партнёров, %"),
    ("head_pairs", "Пары «руководитель-наставник – молодой руководитель»"),
    ("training_sessions", "Занятий на группу наставников (наименьшее)"),
    ("roadmap_on_time_percent", "Дорожная карта: выполнено в срок, %"),
    ("survey_participation", "Участие в анкетировании, %"),
    ("forms", "Формы наставничества (пар и групп)"),
    ("act_regulation", "Положение о наставничестве утверждено"),
    ("act_roadmap", "Дорожная карта утверждена"),
    ("pairing_orders", "Приказов о закреплении пар (утверждено)"),
]
MONITORING_COLUMNS = INDICATORS + MONITORING_EXTRA
# The monitoring page shows the columns as thematic tables stacked one under
# another (each fits a 1366 px screen; the XLSX keeps one sheet of them all):
# (title, [keys of MONITORING_COLUMNS]). Every column is in exactly one.
MONITORING_GROUPS = [
    (
        "Участники, пары и формы наставничества",
        [
            "participants",
            "mentors",
            "mentees",
            "active_pairs",
            "without_mentor",
            "head_pairs",
            "forms",
        ],
    ),
    (
        "Охват обучающихся и педагогов",
        [
            "students_covered",
            "students_headcount",
            "students_percent",
            "teachers_covered",
            "teachers_headcount",
            "teachers_percent",
            "young_specialists_percent",
        ],
    ),
    (
        "Другие группы, согласия, программы и обучение наставников",
        [
            "heads_percent",
            "employers_percent",
            "consent_percent",
            "programs",
            "programs_done_percent",
            "training_sessions",
            "survey_participation",
        ],
    ),
    (
        "Локальные акты и дорожная карта",
        [
            "act_regulation",
            "act_roadmap",
            "pairing_orders",
            "roadmap_done_percent",
            "roadmap_on_time_percent",
        ],
    ),
]
# The definition behind each key (for its tooltip or footnote).
INDICATOR_DEFINITION = {key: code for key, code, _part in INDICATOR_FIELDS}
# The definitions of the monitoring's columns from monitoring_extras (the
# orders and the forms): every column of the page links to one.
EXTRA_DEFINITION = {
    "forms": "mentoring_forms",
    "act_regulation": "regulation_approved",
    "act_roadmap": "roadmap_approved",
    "pairing_orders": "pairing_orders",
}
COLUMN_DEFINITION = {**INDICATOR_DEFINITION, **EXTRA_DEFINITION}


def organization_indicators(org_ids, on_date, *, period=None):
    """{org id: {indicator key: value}} as of ``on_date`` from the
    definitions of mentoring.indicators, plus ``figures`` {code: Figure}.
    A fixed number of queries. ``period`` is accepted for compatibility:
    the definitions count the academic year of the date."""
    org_ids = list(org_ids)
    figures = defs.compute(INDICATOR_CODES, org_ids, on_date)
    result = {}
    for pk in org_ids:
        values = {"figures": figures[pk]}
        for key, code, part in INDICATOR_FIELDS:
            values[key] = getattr(figures[pk][code], part)
        result[pk] = values
    return result


def monitoring_extras(org_ids, on_date):
    """{org id: {forms, forms_list, act_regulation, act_roadmap,
    pairing_orders}} on the date: the figures of the definitions
    «Положение … утверждено», «Дорожная карта утверждена» and «Приказы о
    закреплении пар» (EXTRA_DEFINITION; "да"/"нет" for the first two, a
    count for the last) — the same computation every surface reads — and
    the forms of the pairs and groups at work ("Педагог – молодой
    специалист: 4; …", ``forms_list``: [(name, number)]), as many as the
    figure of «Формы наставничества» (the same pairs at work).
    Four queries."""
    org_ids = list(org_ids)
    acts = {key: code for key, code in EXTRA_DEFINITION.items() if key != "forms"}
    figures = defs.compute(acts.values(), org_ids, on_date)
    counts = {pk: [] for pk in org_ids}
    forms = (
        Mentorship.objects.filter(defs._at_work_on(on_date), organization_id__in=org_ids)
        .values("organization_id", "form__name")
        .annotate(n=Count("pk"))
        .order_by("organization_id", "form__name")
    )
    for row in forms:
        counts[row["organization_id"]].append((row["form__name"], row["n"]))
    extras = {}
    for pk in org_ids:
        done = {key: figures[pk][code].value or 0 for key, code in acts.items()}
        extras[pk] = {
            "forms": "; ".join(f"{name}: {n}" for name, n in counts[pk]) or "—",
            # The same as (form, number of pairs and groups): the page's compact cell.
            "forms_list": counts[pk],
            "act_regulation": "да" if done["act_regulation"] else "нет",
            "act_roadmap": "да" if done["act_roadmap"] else "нет",
            "pairing_orders": done["pairing_orders"],
        }
    return extras


# Where the monitoring (page and XLSX) lists the organisations' targets.
TARGETS_TITLE = "Цели организаций"


def monitoring_targets(organizations, on_date):
    """The targets of the monitored indicators, each organisation's own:
    its roadmap's target where it sets one, else the definition's default —
    with the source, from mentoring.indicators.targets (as the home page,
    the dashboard and the analytic report state it). Two queries.
    {"codes": [code], "rows": [{"org", "targets": [{"code", "target",
    "source", "own"}]}], "notes": {code: (None, where the targets are)}}"""
    organizations = list(organizations)
    year = defs.academic_year_of(on_date)
    by_org = defs.targets_many(organizations, year)
    monitored = [code for key, code, part in INDICATOR_FIELDS if part == "value"]
    codes = [
        code
        for code in dict.fromkeys(monitored)
        if defs.get(code).target is not None or any(code in t for t in by_org.values())
    ]
    rows = []
    for org in organizations:
        cells = []
        for code in codes:
            definition = defs.get(code)
            target, source = by_org[org.pk].get(code, (None, ""))
            cells.append(
                {
                    "code": code,
                    "target": target,
                    "source": source or definition.target_source,
                    "own": source != definition.target_source and target is not None,
                }
            )
        rows.append({"org": org, "targets": cells})
    return {
        "codes": codes,
        "rows": rows,
        "notes": {code: defs.target_note(code, f"таблица «{TARGETS_TITLE}»") for code in codes},
    }


def with_department_head_pairs(total, rows, department, on_date):
    """The department's ``total`` (:func:`totals` of ``rows``) with its
    head pairs: the department's own pairs, each once
    (:func:`department_head_pairs`), and HEAD_PAIRS_NOTE in its notes where
    the organisations' rows add up to more (a pair of two schools is in
    the row of each)."""
    total = {**total, "notes": dict(total.get("notes") or {})}
    total["head_pairs"] = department_head_pairs(department, on_date)
    in_rows = sum(r.get("head_pairs") or 0 for r in rows if not r.get("missing"))
    if total["head_pairs"] is not None and in_rows > total["head_pairs"]:
        total["notes"]["head_pairs"] = HEAD_PAIRS_NOTE
    return total


def department_head_pairs(department, on_date):
    """Head pairs of the department at work on the date (a pair has heads
    of two organisations: the organisations' counts do not add up)."""
    from mentoring.department_pairs import HEAD_PAIR_FORM_NAME

    return defs.compute(
        ["active_pairs"], [department.pk], on_date, params={"active_pairs": HEAD_PAIR_FORM_NAME}
    )[department.pk]["active_pairs"].value


# The shares of a headcount (раздел «Численность»): an organisation without
# the headcount of the group has no such figure, and the department's total
# is over the organisations with it (Definition.combined), labelled so.
HEADCOUNT_CODES = {
    "coverage_students": "обучающиеся",
    "coverage_teachers": "педагогические работники",
    "young_specialists_mentored": "молодые специалисты",
    "coverage_heads": "руководители",
    "coverage_employers": "представители работодателей",
}
# The groups the page warns about when their headcount is not entered (the
# heads' and employers' coverage is monitored only where a roadmap sets it).
HEADCOUNT_WARNED = ("coverage_students", "coverage_teachers", "young_specialists_mentored")
# How many organisations a note of the total names before «и ещё N».
NOTE_NAMES = 3


def totals(rows, names=None):
    """The department's figures over the organisations with data (rows
    without ``missing``, :func:`without_bank_figures`): every definition
    combined (parts and wholes summed, shares recomputed). ``count`` and
    ``of`` say over how many of how many organisations, ``label`` names the
    row («Итого» or «Итого (по 3 из 4 организаций с данными)»); with no
    organisation with data every figure is None («нет данных»), not 0.
    ``notes``: {key: text} for every column of a share that some of the
    organisations with data have no whole of (:func:`share_notes`);
    ``names``: the organisations' names, in the order of ``rows``."""
    names = list(names) if names is not None else [""] * len(rows)
    with_data = [r for r in rows if not r.get("missing")]
    total = {"figures": {}, "count": len(with_data), "of": len(rows), "notes": {}}
    total["label"] = total_label(len(with_data), len(rows))
    if rows and not with_data:
        total["missing"] = True
        for key, _label in MONITORING_COLUMNS:
            total[key] = None
        return total
    for code in INDICATOR_CODES:
        definition = defs.get(code)
        total["figures"][code] = definition.combined(
            [r["figures"][code] for r in with_data if "figures" in r]
        )
    for key, code, part in INDICATOR_FIELDS:
        total[key] = getattr(total["figures"][code], part)
    total["pairing_orders"] = sum(r.get("pairing_orders") or 0 for r in with_data)
    for key in ("act_regulation", "act_roadmap"):
        total[key] = f"{sum(r.get(key) == 'да' for r in with_data)} из {len(with_data)}"
    total["notes"] = share_notes(rows, names)
    return total


# The note of the total of head pairs when the rows add up to more.
HEAD_PAIRS_NOTE = (
    "каждая пара один раз (пара руководителей двух организаций входит в строку каждой из них)"
)


def share_notes(rows, names):
    """{key: note} of the department's total: for every column of a share
    (a per-cent definition summed over organisations, its part and whole
    too) that some organisations with data have no whole of — no
    headcount, no approved roadmap, no campaigns, no programmes
    (``Definition.no_whole``) — over how many it is computed: «по 1 из 4
    организаций (нет утверждённой дорожной карты: …)» (:func:`share_note`).
    None lacking, or all (the total is «нет данных» then): no note."""
    with_data = [(r, n) for r, n in zip(rows, names, strict=True) if not r.get("missing")]
    notes = {}
    for key, code, _part in INDICATOR_FIELDS:
        definition = defs.get(code)
        if not definition.is_percent or definition.combine != "sum":
            continue
        lacking = [name for row, name in with_data if not _has_whole(row, code)]
        if 0 < len(lacking) < len(with_data):
            notes[key] = share_note(
                len(with_data) - len(lacking), len(with_data), lacking, definition.no_whole
            )
    return notes


def _has_whole(row, code):
    figure = (row.get("figures") or {}).get(code)
    return bool(figure is not None and figure.whole)


def _has_headcount(row, code):
    return _has_whole(row, code)


def without_headcount(rows):
    """{org id: [the groups without a headcount]} of the organisations with
    data (``rows``: {org id: figures}, :func:`figures_on`) that lack the
    headcount of a warned group (:data:`HEADCOUNT_WARNED`): their coverage
    is not counted, nor in the department's total."""
    result = {}
    for pk, row in rows.items():
        if row.get("missing"):
            continue
        groups = [HEADCOUNT_CODES[c] for c in HEADCOUNT_WARNED if not _has_headcount(row, c)]
        if groups:
            result[pk] = groups
    return result


def total_notes(notes, keys):
    """The notes under a table of the columns ``keys``: one per distinct
    note of the total (:func:`share_notes`), naming its columns —
    [{"columns": "«Охват …, %», «Численность …»", "text": note}]."""
    labels = dict(MONITORING_COLUMNS)
    by_note = defaultdict(list)
    for key in keys:
        if notes.get(key):
            by_note[notes[key]].append(f"«{labels[key]}»")
    return [
        {"columns": ("по столбцам " if len(c) > 1 else "по столбцу ") + ", ".join(c), "text": note}
        for note, c in by_note.items()
    ]


def headcount_note(count, of, lacking):
    """The note of a total of a share of a headcount (:func:`share_note`
    with «нет численности»)."""
    return share_note(count, of, lacking, "нет численности")


def share_note(count, of, lacking, reason):
    """The note of a total of a share counted over ``count`` of the ``of``
    organisations with data, the others lacking its whole for ``reason``:
    «по 3 из 4 организаций (нет численности: МБОУ СОШ № 5)»; past
    :data:`NOTE_NAMES` names, «и ещё N»."""
    word = "организации" if of % 10 == 1 and of % 100 != 11 else "организаций"
    shown = ", ".join(str(name) for name in lacking[:NOTE_NAMES] if name)
    if len(lacking) > NOTE_NAMES:
        shown += f" и ещё {len(lacking) - NOTE_NAMES}"
    return (
        f"по {count} из {of} {word} ({reason}: {shown})"
        if shown
        else (f"по {count} из {of} {word} ({reason} у остальных)")
    )


def forms_cell(value, forms):
    """The compact cell of the forms of mentoring: the number of forms, the
    list (form: pairs and groups) under a disclosure and in the title — a
    list of long form names does not make the monitoring's row tall."""
    from mentoring.plurals import count_noun

    if not forms:
        return value if isinstance(value, str) and value else "—"
    return format_html(
        '<details class="cell-detail"><summary>{}</summary>'
        '<ul class="list-unstyled mb-0">{}</ul></details>',
        count_noun(len(forms), "форма,формы,форм"),
        format_html_join("", "<li>{}: {}</li>", forms),
    )


def total_label(count, of):
    """«Итого» over every organisation; «Итого (по 3 из 4 организаций с
    данными)» when only some have data."""
    if count == of or count == 0:
        return "Итого"
    word = "организации" if of % 10 == 1 and of % 100 != 11 else "организаций"
    return f"Итого (по {count} из {of} {word} с данными)"


# The figures unknown on a date when the organisation's banks were empty
# then (mentoring.indicators.Definition.from_banks), and the forms of its
# pairs; its orders and roadmap are known whatever its banks.
def bank_keys():
    """The monitoring's keys whose figures come from the banks."""
    keys = {key for key, code, _part in INDICATOR_FIELDS if defs.get(code).from_banks}
    return keys | {"forms"}


def without_bank_figures(values):
    """``values`` (an organisation's figures on a date) marked ``missing``
    with the figures of the banks None («нет данных»): the one "no data"
    rule of a date (mentoring.indicators.banks_filled)."""
    values = {**values, "missing": True, "figures": dict(values.get("figures") or {})}
    for key in bank_keys():
        values[key] = None
    for _key, code, _part in INDICATOR_FIELDS:
        if defs.get(code).from_banks:
            values["figures"][code] = defs.Figure(None)
    return values


def figures_on(org_ids, on_date):
    """{org id: {key: value, "figures": …}}: the monitoring's figures of
    the organisations on the date (indicators and extras), with «нет данных»
    for the figures of the banks of an organisation whose banks were empty
    then — whether the date ends the monitored quarter, the previous one or
    is today: one quarter, one set of figures in every file and page."""
    org_ids = list(org_ids)
    values = organization_indicators(org_ids, on_date)
    extras = monitoring_extras(org_ids, on_date)
    filled = defs.banks_filled(org_ids, on_date)
    result = {}
    for pk in org_ids:
        row = {**values[pk], **extras[pk]}
        result[pk] = row if pk in filled else without_bank_figures(row)
    return result


def department_dashboard_data(department, org_ids, on_date):
    """What the department dashboard shows, computed at once for caching:
    ``{"values": {org id: {key: value}}, "cells": {org id: [safe HTML of
    the row's <td> cells, one per table of MONITORING_GROUPS]}, "total":
    {key: value}, "total_cells": [safe HTML per table]}``. The cells are
    formatted here, once per figures version, not by the template on every
    request: 100 organisations × 24 columns are 2 400 cells. A fixed number
    of queries whatever the number of organisations."""
    from .templatetags.report_tags import nodata, num

    values = figures_on(org_ids, on_date)
    organizations = list(Organization.objects.filter(pk__in=org_ids).order_by("short_name", "pk"))
    names = {o.pk: o.short_name for o in organizations}
    rows = [values[pk] for pk in org_ids]
    total = with_department_head_pairs(
        totals(rows, [names.get(pk, "") for pk in org_ids]), rows, department, on_date
    )
    labels = dict(MONITORING_COLUMNS)

    def cell(row, key, attribute):
        value = row.get(key)
        shown = nodata if row.get("missing") else num
        if key == "forms":
            return format_html(
                '<td class="text-end cell-forms" data-label="{}"{}{}>{}</td>',
                labels[key],
                format_html(' title="{}"', value) if row.get("forms_list") else "",
                format_html(' data-key="{}"', key) if attribute else "",
                forms_cell(value, row.get("forms_list")) if value is not None else shown(value),
            )
        # A total over some of the organisations says over how many (the
        # count of the XLSX's note under the total; the full note, with the
        # names, in the title and once under the table).
        note = (row.get("notes") or {}).get(key)
        # The figure and its note are one piece, so on a phone card (a flex
        # line: label, figure) the note stands under the figure and the
        # label shrinks instead of the line running past the card.
        return format_html(
            '<td class="text-end" data-label="{}"{}{}>{}</td>',
            labels[key],
            format_html(' data-key="{}"', key) if attribute else "",
            format_html(' title="{}"', note) if note else "",
            format_html(
                '<span class="cell-figure">{}<small class="d-block fw-normal'
                ' text-body-secondary total-note">{}</small></span>',
                shown(value),
                # «по 3 из 4» never breaks inside.
                re.sub(
                    r"^по (\d+) из (\d+)", "по\u00a0\\1\u00a0из\u00a0\\2", note.split(" (", 1)[0]
                ),
            )
            if note
            else shown(value),
        )

    def cells(row, attribute):
        return [
            format_html_join("", "{}", ((cell(row, key, attribute),) for key in keys))
            for _title, keys in MONITORING_GROUPS
        ]

    targets = monitoring_targets(organizations, on_date)
    return {
        # The per-indicator figures were needed for the totals only: a
        # smaller value to read from the cache on every request.
        "values": {
            pk: {key: value for key, value in row.items() if key != "figures"}
            for pk, row in values.items()
        },
        # What the template shows of the targets, formatted here too (100
        # organisations × the monitored codes); no model objects in the value.
        "targets": {
            "codes": targets["codes"],
            "notes": targets["notes"],
            **monitoring_targets_html(targets),
        },
        "cells": {pk: cells(values[pk], True) for pk in org_ids},
        "total": total,
        "total_cells": cells(total, False),
        # The page's warning: organisations whose coverage is not counted.
        "without_headcount": without_headcount(values),
        # One header per table of MONITORING_GROUPS.
        "head_cells": [
            monitoring_head_cells(keys, targets["notes"]) for _t, keys in MONITORING_GROUPS
        ],
        "definitions": render_to_string(
            "includes/indicator_definitions.html",
            {
                "codes": list(dict.fromkeys(COLUMN_DEFINITION.values())),
                "targets": targets["notes"],
            },
        ),
    }


def monitoring_head_cells(keys, notes):
    """The <th> cells of a table of the department dashboard: the monitoring
    columns ``keys`` (soft-hyphenated, so a narrow column's heading wraps
    inside its words), each with its definition's footnote link stating
    ``notes``."""
    from mentoring.templatetags.indicator_tags import describe

    from .templatetags.report_tags import soft_hyphens

    labels = dict(MONITORING_COLUMNS)
    return format_html_join(
        "",
        '<th scope="col" class="text-end small">{}{}</th>',
        (
            (
                soft_hyphens(labels[key]),
                format_html(" {}", describe(COLUMN_DEFINITION[key], "ref", notes))
                if COLUMN_DEFINITION.get(key)
                else "",
            )
            for key in keys
        ),
    )


def monitoring_targets_html(targets):
    """The targets table of monitoring_targets as safe HTML: ``{"head": the
    <th> cells of the codes, "cells": {org id: the row's <td> cells}}`` (the
    organisation's name, which the figures do not watch, is added by the
    view)."""

    from .templatetags.report_tags import soft_hyphens

    def caption(code):
        return soft_hyphens(f"{_indicator_label(code)}, {_indicator_unit(code)}")

    def source_note(cell):
        if cell["own"]:
            return "дорожная карта организации"
        if cell["target"] is None:
            return "цели нет"
        return "по умолчанию"

    head = format_html_join(
        "",
        '<th scope="col" class="text-end small">{}</th>',
        ((caption(code),) for code in targets["codes"]),
    )
    captions = {code: caption(code) for code in targets["codes"]}
    cells = {
        row["org"].pk: format_html_join(
            "",
            '<td class="text-end" data-label="{}" data-target="{}" title="{}">'
            '<span class="target-value">{}</span>'
            '<small class="d-block text-body-secondary target-source">{}</small></td>',
            (
                (
                    captions[cell["code"]],
                    cell["code"],
                    cell["source"],
                    defs.fmt(cell["target"]),
                    source_note(cell),
                )
                for cell in row["targets"]
            ),
        )
        for row in targets["rows"]
    }
    return {"head": head, "cells": cells}


def _indicator_label(code):
    try:
        return defs.get(code).label
    except KeyError:
        return code


def _indicator_unit(code):
    try:
        return defs.get(code).unit
    except KeyError:
        return ""


def child_organizations(department, *fields):
    """The schools and other organisations below the department (not its
    sub-departments), by short name; ``fields``: load only these (a page
    of 100 rows that shows the names)."""
    ids = Organization.descendant_ids([department.pk])
    organizations = (
        Organization.objects.filter(pk__in=ids)
        .exclude(kind=Organization.Kind.DEPARTMENT)
        .order_by("short_name", "pk")
    )
    return list(organizations.only(*fields) if fields else organizations)


# --- the organisation's dashboard -----------------------------------------------


# The definitions the dashboard shows, listed under it.
DASHBOARD_DEFINITIONS = (
    "participants",
    "mentors",
    "active_pairs",
    "without_mentor",
    "consents",
    "personal_programs",
    "programs_done",
    *COVERAGE_CODES,
    "roadmap_done",
    "roadmap_on_time",
    "survey_participation",
    "effectiveness_expected",
    "effectiveness_actual",
    "training_sessions",
)
# The survey figures of the dashboard's block of surveys.
SURVEY_CODES = ("survey_participation", "effectiveness_expected", "effectiveness_actual")


def dashboard_data(organization, today=None):
    """Figures of the monitoring dashboard of one organisation (now)."""
    from mentoring.services.consents import consent_coverage

    today = today or timezone.localdate()
    period = Period.current(today)
    indicators = organization_indicators([organization.pk], today, period=period)[organization.pk]
    consent = consent_coverage(organization, today)
    consent.pop("missing_queryset")
    targets = defs.targets(organization, period.academic_year)
    consent["target"] = defs.target_of(targets, "consents")[0]
    data = {
        "period": period,
        "today": today,
        "indicators": indicators,
        "coverage": coverage_rows(
            organization, period, figures=indicators["figures"], on_date=today, targets=targets
        ),
        # The organisation's targets, stated by the definitions beside the figures.
        "targets": targets,
        "consents": consent,
        "mentorships": mentorships_by_form_and_status(organization),
        "programs": programs_summary(organization, period, today),
        "definition_codes": DASHBOARD_DEFINITIONS,
    }
    data.update(extra_dashboard_sections(organization, period, today))
    return data


# The figures of the mentors' training: key → definition.
TRAINING_FIGURES = {
    "groups": "training_groups",
    "sessions": "training_sessions_held",
    "mentors": "training_mentors",
    "groups_with_two": "training_groups_with_two",
    "courses": "external_courses",
    "course_people": "external_course_people",
    "course_hours": "external_course_hours",
    "fewest": "training_sessions",
}


def _training(organization, period, on_date):
    """The mentors' training from 1 September to the date: every figure is
    a definition's (TRAINING_FIGURES), "fewest" the "training_sessions"
    one the home page and the roadmap's indicator show; ``per_group`` the
    rows behind them. None without training data."""
    cache = {}
    training = {
        key: defs.get(code).compute([organization.pk], on_date, None, cache).get(organization.pk)
        for key, code in TRAINING_FIGURES.items()
    }
    training = {key: figure.value if figure else 0 for key, figure in training.items()}
    if not training["groups"] and not training["courses"]:
        return None
    training["per_group"] = [
        {"pk": pk, "title": title, "members_count": people, "sessions_count": held}
        for pk, title, people, held in cache[("training", on_date)].get(organization.pk, [])
    ]
    return training


def extra_dashboard_sections(organization, period, today):
    """Sections fed by the roadmaps, surveys and activities apps."""
    from . import charts, integrations

    # The positions of the year and the share done on time: the figures of
    # the roadmap definitions (ROADMAP_FIGURES), as the analytic report and
    # the roadmap pages count them.
    roadmap = analytic_roadmap_summary(organization, today)
    campaigns = integrations.open_campaigns(organization, today)
    survey = integrations.effectiveness(organization)
    training = _training(organization, period, today)
    # The mean scores only where the block shows them (an 'actual'
    # effectiveness campaign with its baseline exists).
    codes = SURVEY_CODES if survey else SURVEY_CODES[:1]
    survey_figures = defs.compute(codes, [organization.pk], today)[organization.pk]
    sections = [
        {"template": "reports/includes/dashboard_roadmap.html"},
        {"template": "reports/includes/dashboard_surveys.html"},
        {"template": "reports/includes/dashboard_training.html"},
    ]
    extra = {
        "roadmap": roadmap,
        "campaigns": campaigns,
        "effectiveness": survey,
        # The survey figures the block shows, from their definitions.
        "survey_figures": survey_figures,
        "survey_change": change(
            survey_figures["effectiveness_actual"].value,
            survey_figures["effectiveness_expected"].value,
        )
        if survey
        else None,
        "training": training,
        "sections": sections,
    }
    if roadmap:
        extra["roadmap_chart"] = {
            "type": "doughnut",
            # The legend states the parts' shares, adding up to 100.
            "labels": charts.share_labels(
                [
                    ("выполнено", roadmap["done"]),
                    ("просрочено", roadmap["overdue"]),
                    ("в плане", roadmap["planned"]),
                ],
                # «выполнено» is the roadmap pages' figure (5 of 33: 15,1).
                keep_first=True,
            ),
            "datasets": [
                {
                    "label": "Позиции",
                    "values": [roadmap["done"], roadmap["overdue"], roadmap["planned"]],
                    "color": ["#48a868", "#c0504d", "#cfd6de"],
                }
            ],
        }
    if survey:
        extra["surveys_chart"] = {
            "labels": [Truncator(q["text"]).chars(80) for q in survey["questions"]],
            "datasets": [
                {"label": "Ожидания", "values": [q["before"] for q in survey["questions"]]},
                {"label": "Итог", "values": [q["after"] for q in survey["questions"]]},
            ],
            "options": {"indexAxis": "y"},
        }
    if training and training["per_group"]:
        extra["training_chart"] = {
            "labels": [Truncator(g["title"]).chars(80) for g in training["per_group"]],
            "datasets": [
                {
                    "label": "Занятий",
                    "values": [g["sessions_count"] for g in training["per_group"]],
                },
                {
                    "label": "Наставников",
                    "values": [g["members_count"] for g in training["per_group"]],
                },
            ],
        }
    return extra


def mentorships_by_form_and_status(organization, period=None, *, on_date=None):
    """Table of mentorship counts: a row per form, a column per status.
    With ``on_date`` (the analytic report), the pairs and groups of the
    academic year of the date — the figures of the "mentorships_in_year"
    definition; else all of them."""
    if on_date is not None:
        cells = defs.mentorships_by_form_status([organization.pk], on_date).get(organization.pk, {})
        counts = [{"form_id": f, "status": st, "n": n} for (f, st), n in cells.items()]
    else:
        queryset = Mentorship.objects.filter(organization=organization)
        if period is not None:
            queryset = queryset.filter(
                Q(planned_start__lte=period.end)
                & (Q(ended_on__isnull=True) | Q(ended_on__gte=period.start))
            )
        counts = queryset.values("form_id", "status").annotate(n=Count("pk"))
    forms = {
        f.pk: f.name
        for f in MentoringForm.objects.filter(organization=organization).order_by(
            "position", "name"
        )
    }
    table = {pk: dict.fromkeys(MentorshipStatus.values, 0) for pk in forms}
    for row in counts:
        table.setdefault(row["form_id"], dict.fromkeys(MentorshipStatus.values, 0))[
            row["status"]
        ] = row["n"]
    rows = [
        {
            "form_id": pk,
            "form": forms.get(pk, "—"),
            "counts": table[pk],
            "total": sum(table[pk].values()),
        }
        for pk in table
        if sum(table[pk].values())
    ]
    by_status = {s: sum(r["counts"][s] for r in rows) for s in MentorshipStatus.values}
    return {
        "statuses": MentorshipStatus.choices,
        "rows": rows,
        "by_status": by_status,
        "total": sum(by_status.values()),
    }


PROGRAM_CODES = (
    "programs_with_items",
    "programs_done",
    "plan_items_overdue",
    "programs_average",
    "programs_completed",
)


def programs_summary(organization, period, on_date=None):
    """Personalised programmes of the mentorships at work in the period up to
    ``on_date`` (the population of the "programs_done" definition): how much
    of each plan is done by the date. Every figure is a definition's
    (``codes``: the figure's key → its definition), the bands of the chart
    come from the same query (mentoring.indicators.plan_progress)."""
    on_date = on_date or figure_date(period)
    cache = {}
    figures = {
        code: defs.get(code).compute([organization.pk], on_date, None, cache).get(organization.pk)
        for code in PROGRAM_CODES
    }
    plans = cache[("plans", on_date)].get(organization.pk, [])
    progress = [defs.plan_share(items, done) for items, done, _overdue in plans]
    bands = [
        ("0–24 %", sum(1 for p in progress if p < 25)),
        ("25–49 %", sum(1 for p in progress if 25 <= p < 50)),
        ("50–74 %", sum(1 for p in progress if 50 <= p < 75)),
        ("75–99 %", sum(1 for p in progress if 75 <= p < 100)),
        ("100 %", sum(1 for p in progress if p == 100)),
    ]
    done = figures["programs_done"] or defs.Figure(None, 0, 0)
    return {
        "programs": figures["programs_with_items"].value,
        "items": done.whole or 0,
        "done": done.part or 0,
        "overdue": figures["plan_items_overdue"].value,
        "done_percent": done.value,
        "average": figures["programs_average"].value,
        "completed": figures["programs_completed"].value,
        "bands": bands,
    }


# --- the analytic report --------------------------------------------------------


def analytic_data(organization, period, *, conclusions="", progress=None):
    """Everything the analytic report on the implementation and effectiveness
    of the programme shows, for one organisation and academic year.
    ``progress(per_cent)`` is called as sections are done."""
    progress = progress or (lambda value: None)
    org = organization
    end = figure_date(period)
    indicators = organization_indicators([org.pk], end, period=period)[org.pk]
    targets = defs.targets(org, period.academic_year)
    progress(10)

    # Participants by target group: in the banks and in mentorships, each
    # column a definition narrowed to the row's group.
    groups = participants_by_group(org, end)
    progress(25)

    forms, types = pairs_by_form_and_type(org, end)
    progress(35)

    consent_figure = indicators["figures"]["consents"]
    consent = {
        "total": consent_figure.whole or 0,
        "with_consent": consent_figure.part or 0,
        "missing": (consent_figure.whole or 0) - (consent_figure.part or 0),
        "percent": consent_figure.value,
    }
    kinds = dict(ConsentKind.choices)
    own = defs.compute(ANALYTIC_CODES, [org.pk], end)[org.pk]
    withdrawn = defs.compute_rows("consents_withdrawn", org.pk, end, list(kinds))
    duties = own["duties_consents"]
    consent_definition = defs.get("consents")
    consent_target = defs.target_of(targets, "consents")[0]
    consents = {
        "processing": consent,
        # The report's one consent target and its verdict.
        "target": consent_target,
        "met": consent_definition.met(consent["percent"], consent_target),
        "publication": own["publication_consents"].value,
        "duties": {"mentors": duties.whole or 0, "with_duties": duties.part or 0},
        "duties_percent": duties.value,
        "withdrawn": [
            {"kind": label, "code": code, "count": withdrawn[code].value}
            for code, label in kinds.items()
            if withdrawn[code].value
        ],
    }
    progress(45)

    mentorships = mentorships_by_form_and_status(org, period, on_date=end)
    outcomes = {
        "started": own["mentorships_started"].value,
        "completed": own["mentorships_completed"].value,
        "terminated": list(
            Mentorship.objects.filter(
                organization=org,
                status=MentorshipStatus.TERMINATED,
                ended_on__gte=period.start,
                ended_on__lte=end,
            )
            .order_by("ended_on")
            .values_list("end_reason", flat=True)[:20]
        ),
        "terminated_count": own["mentorships_terminated"].value,
        "meetings": own["meetings"].value,
    }
    programs = programs_summary(org, period, end)
    progress(60)

    orders = list(
        Order.objects.filter(
            organization=org,
            status=OrderStatus.APPROVED,
            signed_on__gte=period.start,
            signed_on__lte=period.end,
        ).order_by("signed_on", "sequence")
    )
    data = {
        "org": org,
        "period": period,
        "as_of": end,
        "generated": timezone.localtime(),
        "indicators": indicators,
        "groups": groups,
        "forms": forms,
        "types": types,
        "coverage": coverage_rows(
            org, period, figures=indicators["figures"], on_date=end, targets=targets
        ),
        # One target per indicator in the whole report: the roadmap's where
        # it sets one, else the definition's (and so in its definitions).
        "targets": targets,
        "consents": consents,
        "mentorships": mentorships,
        "outcomes": outcomes,
        "programs": programs,
        "orders": orders,
        "conclusions": conclusions,
        "conclusion_paragraphs": [p.strip() for p in conclusions.split("\n\n") if p.strip()],
    }
    data.update(extra_analytic_sections(org, period, targets=targets))
    data["second_stage"] = second_stage(
        org,
        period,
        programs=programs,
        surveys_by_role=data["surveys_by_role"],
        diagnostics=data["diagnostics"],
    )
    progress(75)
    return data


# The figures of the analytic report besides the dashboard's indicators.
ANALYTIC_CODES = (
    "publication_consents",
    "duties_consents",
    "mentorships_started",
    "mentorships_completed",
    "mentorships_terminated",
    "meetings",
)
# The columns of the table of participants by target group: key → definition
# (narrowed to the row's group).
GROUP_COLUMNS = {
    "total": "participants",
    "mentors": "mentors",
    "mentees": "mentees",
    "as_mentor": "pair_mentors",
    "as_mentee": "pair_mentees",
}
PAIR_COLUMNS = {
    "mentorships": "pairs_in_year",
    "mentors": "pair_mentors",
    "mentees": "pair_mentees",
}


def _rows_of(codes, org_id, on_date, params):
    """{key: {param: value}} of the definitions ``codes`` (key → code)
    narrowed to each of ``params``, queries shared."""
    return {
        key: {p: f.value for p, f in defs.compute_rows(code, org_id, on_date, params).items()}
        for key, code in codes.items()
    }


def participants_by_group(organization, on_date):
    """Rows of the target groups with someone in the banks or in pairs: the
    figures of GROUP_COLUMNS' definitions narrowed to the group."""
    columns = _rows_of(GROUP_COLUMNS, organization.pk, on_date, list(TargetGroup.values))
    return [
        {"label": label, "code": code, **{key: columns[key][code] for key in GROUP_COLUMNS}}
        for code, label in TargetGroup.choices
        if any(columns[key][code] for key in GROUP_COLUMNS)
    ]


def pairs_by_form_and_type(organization, on_date):
    """(forms, types): pairs and groups at work in the academic year to the
    date and the people in them, by form and type of mentoring, then by
    type — the figures of PAIR_COLUMNS' definitions narrowed to the row."""
    table = defs.pairs_by_form_type([organization.pk], on_date).get(organization.pk, {})
    type_labels = dict(MentoringType.choices)
    form_params = [("form", name, type_code) for name, type_code in sorted(table, key=str)]
    columns = _rows_of(PAIR_COLUMNS, organization.pk, on_date, form_params)
    forms = [
        {
            "form__name": p[1],
            "type_code": p[2],
            "type": type_labels.get(p[2], ""),
            **{key: columns[key][p] for key in PAIR_COLUMNS},
        }
        for p in form_params
    ]
    type_params = [
        ("type", code) for code in type_labels if any(f["type_code"] == code for f in forms)
    ]
    columns = _rows_of(PAIR_COLUMNS, organization.pk, on_date, type_params)
    types = [
        {"type": type_labels[p[1]], "code": p[1], **{key: columns[key][p] for key in PAIR_COLUMNS}}
        for p in type_params
    ]
    return forms, types


def _participants_by_group(organization, on_date):
    """{target group: (people as mentor, people as mentee)} of the pairs
    and groups at work from 1 September to the date: the figures of
    "pair_mentors" and "pair_mentees"."""
    columns = _rows_of(
        {0: "pair_mentors", 1: "pair_mentees"}, organization.pk, on_date, list(TargetGroup.values)
    )
    return {
        code: (columns[0][code], columns[1][code])
        for code in TargetGroup.values
        if columns[0][code] or columns[1][code]
    }


def second_stage(organization, period, *, programs, surveys_by_role, diagnostics):
    """Р-145's second stage of monitoring (motivational, personal and
    professional growth of the participants) where the data allows it:

    - growth of the number of participants: people in mentorships at work in
      the previous and in this academic year, by target group, as mentors
      and as mentees (a year with no mentorship at work has None —
      "нет данных" — and no change);
    - mentees' results: completion of the personalised programmes (the
      figures of section "programs": plan items done, programmes done in
      full; None without programmes), the growth of the mentees' and the
      mentors' questionnaire score from the start to the end (the overall
      mean of the 'expected' vs 'actual' campaign), and of the competency
      diagnostics from the previous to the current quarter.

    Two queries (the rest is already computed by the report).
    {"previous_label", "current_label", "groups": [{"label", "previous",
     "current", "change"}], "total": {...}, "plans": [(label, value)],
     "growth": [{"label", "before", "after", "change"}]}
    """
    previous_period = Period.of_year(period.academic_year - 1)
    before = _participants_by_group(organization, previous_period.end)
    after = _participants_by_group(organization, figure_date(period))
    # A year without any mentorship at work is «нет данных» in both
    # reports that show it (this year's and next year's), never 0 in one
    # and «нет данных» in the other.
    had_data, has_data = bool(before), bool(after)

    def row(label, previous, current, code=None):
        previous = previous if had_data else None
        current = current if has_data else None
        return {
            "label": label,
            "code": code,
            "previous": previous,
            "current": current,
            "change": change(current, previous) if None not in (previous, current) else None,
        }

    groups = []
    for code, label in TargetGroup.choices:
        if code not in before and code not in after:
            continue
        was, now = before.get(code, (0, 0)), after.get(code, (0, 0))
        for role, index, code in (
            ("наставники", 0, "pair_mentors"),
            ("наставляемые", 1, "pair_mentees"),
        ):
            if was[index] or now[index]:
                groups.append(row(f"{label}: {role}", was[index], now[index], code))
    total = row(
        "Всего участников в парах и группах",
        sum(a + b for a, b in before.values()),
        sum(a + b for a, b in after.values()),
    )
    has_programs = bool(programs["programs"])
    # (label, value, definition): the figures of section "programs".
    plans = [
        (
            "Персонализированных программ наставничества с пунктами плана",
            programs["programs"],
            "programs_with_items",
        ),
        (
            "Выполнено пунктов планов, %",
            programs["done_percent"] if has_programs else None,
            "programs_done",
        ),
        (
            "Программ выполнено полностью",
            programs["completed"] if has_programs else None,
            "programs_completed",
        ),
        ("Средний процент выполнения программы", programs["average"], "programs_average"),
    ]
    by_role = {r["role"]: r["overall"] for r in surveys_by_role or []}
    growth = []
    for role, label in (
        ("Наставляемые", "Анкета наставляемых: ожидания → итог (1–10)"),
        ("Наставники", "Анкета наставников: ожидания → итог (1–10)"),
    ):
        overall = by_role.get(role) or {}
        growth.append(
            {
                "label": label,
                "codes": ("effectiveness_expected", "effectiveness_actual"),
                "only": "только рассылки для роли строки",
                "before": overall.get("before"),
                "after": overall.get("after"),
                "change": overall.get("delta"),
            }
        )
    total_diag = (diagnostics or {}).get("total") or {}
    growth.append(
        {
            "label": "Диагностика компетенций: предыдущий → текущий квартал",
            "codes": ("diagnostics_score", ""),
            "only": "",
            "before": total_diag.get("previous"),
            "after": total_diag.get("current"),
            "change": total_diag.get("change"),
        }
    )
    return {
        "previous_label": previous_period.label,
        "current_label": period.label,
        "groups": groups,
        "total": total,
        "plans": plans,
        "growth": growth,
    }


def effectiveness_overall(organization, on_date):
    """{"before", "after", "delta"}: the figures of the definitions
    "effectiveness_expected" and "effectiveness_actual" (mentors and mentees
    together) on the date, and the change between them as printed."""
    figures = defs.compute(SURVEY_CODES[1:], [organization.pk], on_date)[organization.pk]
    before = figures["effectiveness_expected"].value
    after = figures["effectiveness_actual"].value
    return {"before": before, "after": after, "delta": change(after, before)}


ROADMAP_FIGURES = {
    "total": "roadmap_positions",
    "done": "roadmap_positions_done",
    "overdue": "roadmap_positions_overdue",
    "on_time_percent": "roadmap_on_time",
}


def analytic_roadmap_summary(organization, on_date):
    """Positions of the organisation's approved roadmaps in the academic
    year of the date: the figures of ROADMAP_FIGURES' definitions (the
    roadmaps app registers them). None without positions."""
    codes = [code for code in ROADMAP_FIGURES.values() if code in defs.REGISTRY]
    if len(codes) < len(ROADMAP_FIGURES):
        return None
    figures = defs.compute(codes, [organization.pk], on_date)[organization.pk]
    summary = {key: figures[code].value for key, code in ROADMAP_FIGURES.items()}
    if not summary["total"]:
        return None
    summary["planned"] = summary["total"] - summary["done"] - summary["overdue"]
    return summary


def extra_analytic_sections(organization, period, *, targets=None):
    """Sections fed by the roadmaps, surveys and activities apps (each is
    left out of the report when it has nothing for the period).
    ``targets``: {code: (target, source)} of :func:`defs.targets`, the one
    target of each indicator in the report."""
    from . import charts, integrations

    if targets is None:
        targets = defs.targets(organization, period.academic_year)
    as_of = figure_date(period)
    roadmap = analytic_roadmap_summary(organization, as_of)
    if roadmap:
        on_time = defs.get("roadmap_on_time")
        target, source = defs.target_of(targets, "roadmap_on_time")
        roadmap["on_time_target"] = target
        roadmap["on_time_target_source"] = source
        roadmap["on_time_met"] = on_time.met(roadmap["on_time_percent"], target)
    indicators = integrations.roadmap_indicators(organization, as_of, targets=targets)
    if roadmap:
        # The roadmap's own indicator of positions done on time is the
        # summary's figure: shown once, there, with the roadmap's wording.
        own = [r for r in indicators if r["code"] == "roadmap_on_time" and not r["param"]]
        roadmap["on_time_name"] = own[0]["own_name"] if own else ""
        indicators = [r for r in indicators if r not in own]
    survey = integrations.effectiveness(organization, period)
    if survey:
        # The mean of every answer, mentors' and mentees' together: the
        # figures of the effectiveness definitions, as the dashboard shows.
        survey["overall"] = effectiveness_overall(organization, as_of)
    diagnostics = integrations.diagnostics_changes(organization, period)
    snapshots = integrations.snapshot_changes(organization, period)
    training = _training(organization, period, as_of)
    extra = {
        "surveys": survey,
        "surveys_by_role": integrations.effectiveness_by_role(organization, period)
        if survey
        else [],
        "training": training,
        "diagnostics": diagnostics,
        "snapshots": snapshots,
        "quarterly": {"diagnostics": diagnostics, "snapshots": snapshots}
        if diagnostics or snapshots
        else None,
        "events": integrations.events_summary(organization, period, as_of),
        "roadmap": {"summary": roadmap, "indicators": indicators}
        if roadmap or indicators
        else None,
        "charts": {},
    }
    if survey:
        extra["charts"]["surveys"] = charts.paired_bar_chart(
            [(q["text"], q["before"], q["after"]) for q in survey["questions"]],
            title="Средний балл: ожидания и итог",
            legend=("ожидания", "итог"),
        )
    if roadmap:
        extra["charts"]["roadmap"] = charts.pie_chart(
            [
                ("выполнено", roadmap["done"]),
                ("просрочено", roadmap["overdue"]),
                ("в плане", roadmap["planned"]),
            ],
            title="Позиции дорожной карты за период",
            # «выполнено» is the figure of the roadmap pages (rounded down).
            keep_first=True,
        )
    return extra


def program_count(organization):
    return PersonalProgram.objects.filter(mentorship__organization=organization).count()


# --- registers ------------------------------------------------------------------

REGISTER_COLUMNS = [
    ("№", 6),
    ("Фамилия", 18),
    ("Имя", 14),
    ("Отчество", 18),
    ("Роль", 14),
    ("Целевая группа", 24),
    ("Класс / группа", 10),
    ("Должность", 24),
    ("Форма наставничества", 28),
    ("Наставник", 22),
    ("Наставляемые", 30),
    ("Статус пары (группы)", 14),
    ("Начало", 12),
    ("Окончание", 12),
    ("Приказ о закреплении", 22),
]
REGISTER_FILTERS = ("target_group", "form", "status", "role")


def register_queryset(organization, period, filters=None):
    filters = filters or {}
    queryset = MentorshipMember.objects.filter(
        in_period("mentorship__", period.start, period.end),
        mentorship__organization=organization,
        mentorship__status__in=COVERING_STATUSES,
        participant__anonymized_at__isnull=True,
    )
    if filters.get("target_group") in TargetGroup.values:
        queryset = queryset.filter(participant__target_group=filters["target_group"])
    if str(filters.get("form", "")).isdigit():
        queryset = queryset.filter(mentorship__form_id=int(filters["form"]))
    if filters.get("status") in COVERING_STATUSES:
        queryset = queryset.filter(mentorship__status=filters["status"])
    if filters.get("role") == "mentor":
        queryset = queryset.exclude(role=MentorshipMember.Role.MENTEE)
    elif filters.get("role") == "mentee":
        queryset = queryset.filter(role=MentorshipMember.Role.MENTEE)
    return queryset


def register_rows(organization, period, filters=None):
    """The personified register: one row per person and mentorship (active or
    completed in the period), with the pair, form, dates and order. Streams
    from the database; the names of the partners come from one query."""
    queryset = register_queryset(organization, period, filters)
    partners = defaultdict(lambda: {"lead": "", "mentees": []})
    names = MentorshipMember.objects.filter(
        mentorship_id__in=queryset.values("mentorship_id")
    ).values_list(
        "mentorship_id",
        "role",
        "participant__last_name",
        "participant__first_name",
        "participant__patronymic",
    )
    for mentorship_id, role, last, first, middle in names.iterator(chunk_size=5000):
        short = last + "".join(f" {p[0]}." for p in (first, middle) if p)
        if role == MentorshipMember.Role.LEAD:
            partners[mentorship_id]["lead"] = short
        elif role == MentorshipMember.Role.MENTEE:
            partners[mentorship_id]["mentees"].append(short)
    statuses = dict(MentorshipStatus.choices)
    groups = dict(TargetGroup.choices)
    rows = queryset.order_by(
        "participant__last_name", "participant__first_name", "participant__patronymic", "pk"
    ).values_list(
        "role",
        "participant__last_name",
        "participant__first_name",
        "participant__patronymic",
        "participant__target_group",
        "participant__class_group",
        "participant__position",
        "mentorship_id",
        "mentorship__form__name",
        "mentorship__status",
        "mentorship__activated_on",
        "mentorship__ended_on",
        "mentorship__order__number",
        "mentorship__order__signed_on",
    )
    for number, row in enumerate(rows.iterator(chunk_size=5000), start=1):
        (
            role,
            last,
            first,
            middle,
            group,
            class_group,
            position,
            mentorship_id,
            form,
            status,
            started,
            ended,
            order_number,
            order_date,
        ) = row
        pair = partners[mentorship_id]
        mentees = pair["mentees"]
        mentee_text = ", ".join(mentees) if len(mentees) <= 5 else f"группа, {len(mentees)} чел."
        order = f"№ {order_number} от {order_date:%d.%m.%Y}" if order_number and order_date else ""
        yield [
            number,
            last,
            first,
            middle,
            ROLE_LABELS[role],
            groups.get(group, group),
            class_group,
            position,
            form,
            pair["lead"],
            mentee_text,
            statuses[status],
            started,
            ended,
            order,
        ]


BANK_FILTERS = ("target_group", "mentor_status", "consent", "pair", "subject")


def bank_register(organization, side, filters=None):
    """(title, columns, rows) of a bank of mentors or mentees or the register
    of potential mentors, with the same filters as the bank's page."""
    from mentoring.filters import ParticipantFilter
    from mentoring.views.banks import bank_queryset

    data = {k: v for k, v in (filters or {}).items() if k in BANK_FILTERS and v}
    kind = "mentee" if side == "mentees" else "mentor"
    queryset = ParticipantFilter(
        data or None, queryset=bank_queryset(organization, side), side=kind
    ).qs
    return (
        BANK_TITLES[side],
        bank_columns(side),
        bank_rows(queryset.order_by("last_name", "first_name", "patronymic", "pk"), side),
    )


# --- municipal monitoring ---------------------------------------------------------


def monitoring_rows(department, quarter, *, progress=None):
    """One row per organisation of the department with the indicators at the
    end of the quarter (today for the quarter under way) and at the end of
    the previous quarter, both by :func:`figures_on` (one rule for «нет
    данных»). ``total``: the quarter's total over the organisations with
    data; ``change_total``: both quarters' totals over the organisations
    with data in both (a change of the same organisations)."""
    progress = progress or (lambda value: None)
    organizations = child_organizations(department)
    ids = [o.pk for o in organizations]
    end = min(quarter.end, timezone.localdate())
    current = figures_on(ids, end)
    progress(50)
    previous_quarter = quarter.previous()
    previous = figures_on(ids, previous_quarter.end)
    progress(80)
    rows = [
        {"org": org, "current": current[org.pk], "previous": previous[org.pk]}
        for org in organizations
    ]
    both = [r for r in rows if not r["current"].get("missing") and not r["previous"].get("missing")]

    def total_of(which, of_rows):
        return totals([r[which] for r in of_rows], [r["org"].short_name for r in of_rows])

    return {
        "department": department,
        "quarter": quarter,
        "previous_quarter": previous_quarter,
        "rows": rows,
        "targets": monitoring_targets(organizations, end),
        "total": with_department_head_pairs(
            total_of("current", rows), [r["current"] for r in rows], department, end
        ),
        "previous_total": total_of("previous", rows),
        "change_total": {
            "label": total_label(len(both), len(rows)),
            "count": len(both),
            "of": len(rows),
            "current": total_of("current", both) if both else {"missing": True, "figures": {}},
            "previous": total_of("previous", both) if both else {"missing": True, "figures": {}},
        },
    }


# The key indicators of the page's block «Изменение за квартал».
QUARTER_CHANGE_KEYS = (
    "participants",
    "active_pairs",
    "students_percent",
    "teachers_percent",
    "young_specialists_percent",
    "consent_percent",
    "programs_done_percent",
)


def _change_cells(cells):
    """The ``<td>`` cells of one organisation's row of the block «Изменение
    за квартал» as safe HTML, built once with the cached figures: a
    department of 100 organisations has 700 cells of three figures, which a
    template loop renders in tens of milliseconds on every request
    (mentoring.rows). ``cells``: a row's ``cells`` of :func:`quarter_change`."""
    from .templatetags.report_tags import nodata, signed_nodata

    esc = html.escape
    return mark_safe(  # noqa: S308 - every value escaped here
        "".join(
            f'<td class="text-end" data-label="{esc(c["label"])}" '
            f'data-change-key="{esc(c["key"])}"><span class="d-block small '
            'text-body-secondary">было: <span class="change-previous">'
            f'{esc(nodata(c["previous"]))}</span></span><span class="d-block">стало: '
            f'<span class="change-current">{esc(nodata(c["current"]))}</span></span>'
            '<span class="d-block fw-semibold change-delta">'
            f"{esc(signed_nodata(c['change']))}</span></td>"
            for c in cells
        )
    )


def quarter_change(department, quarter=None):
    """The page's block «Изменение за квартал»: per organisation and key
    indicator (:data:`QUARTER_CHANGE_KEYS`) the previous quarter's value,
    the quarter's and the change — None («нет данных») where either is
    unknown; the same figures as the monitoring XLSX's sheet (built by
    :func:`monitoring_rows`). ``quarter``: the current one by default.
    {"quarter", "previous_quarter", "columns": [{"key", "label"}],
    "rows": [{"org", "cells": [...]}], "total": {"label", "cells"}}"""
    quarter = quarter or Quarter.current(timezone.localdate())
    data = monitoring_rows(department, quarter)
    labels = dict(MONITORING_COLUMNS)

    def cells(current, before):
        result = []
        for key in QUARTER_CHANGE_KEYS:
            now, then = current.get(key), before.get(key)
            result.append(
                {
                    "key": key,
                    "label": labels[key],
                    "previous": then,
                    "current": now,
                    "change": change(now, then),
                    # A total over some of the organisations says so, for
                    # either quarter (:func:`share_notes`).
                    "previous_note": (before.get("notes") or {}).get(key, ""),
                    "current_note": (current.get("notes") or {}).get(key, ""),
                }
            )
        return result

    total = data["change_total"]
    rows = []
    for r in data["rows"]:
        row_cells = cells(r["current"], r["previous"])
        rows.append({"org": r["org"], "cells": row_cells, "cells_html": _change_cells(row_cells)})
    return {
        "quarter": quarter,
        "previous_quarter": data["previous_quarter"],
        "columns": [{"key": key, "label": labels[key]} for key in QUARTER_CHANGE_KEYS],
        "rows": rows,
        "total": {"label": total["label"], "cells": cells(total["current"], total["previous"])},
    }


def change(current, previous):
    """The difference of two figures; None when either is unknown or not a
    number (a text column such as the forms)."""
    numbers = (int, float, Decimal)
    if not isinstance(current, numbers) or not isinstance(previous, numbers):
        return None
    difference = current - previous
    return round(difference, 1) if isinstance(difference, float) else difference
