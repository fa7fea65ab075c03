"""XLSX formatters of the reports (openpyxl write-only through
reports.xlsx): the analytic report with a sheet per section, the registers,
the municipal monitoring table."""

from contextvars import ContextVar

from django.utils import timezone

from mentoring import indicators as defs
from mentoring.models import MentorshipStatus

from .builders import (
    INDICATOR_DEFINITION,
    MONITORING_COLUMNS,
    REGISTER_COLUMNS,
    TARGETS_TITLE,
    TRAINING_FIGURES,
    change,
)
from .xlsx import tables_xlsx

PARAMETER_COLUMNS = [("Параметр", 30), ("Значение", 70)]


def _parameters(rows):
    return ("Параметры", PARAMETER_COLUMNS, rows)


def register_xlsx(*, title, organization, period_label, filters_label, columns, rows):
    """A register: the table on the first sheet (frozen header, filters,
    widths, Russian dates), what was asked for on the second."""
    return tables_xlsx(
        [
            (title, columns, rows),
            _parameters(
                [
                    ["Документ", title],
                    ["Организация", organization.name],
                    ["Период", period_label],
                    ["Отбор", filters_label or "все записи"],
                    ["Сформирован", timezone.localtime().replace(tzinfo=None)],
                ]
            ),
        ]
    )


def personified_register_xlsx(*, organization, period, filters_label, rows):
    return register_xlsx(
        title="Персонифицированный реестр",
        organization=organization,
        period_label=period.label,
        filters_label=filters_label,
        columns=REGISTER_COLUMNS,
        rows=rows,
    )


NO_DATA = "нет данных"
# The indicators of the sheet "Общие сведения", labelled as everywhere else.
ANALYTIC_GENERAL_KEYS = (
    "participants",
    "mentors",
    "mentees",
    "active_pairs",
    "students_percent",
    "teachers_percent",
    "young_specialists_percent",
    "consent_percent",
    "programs",
    "programs_done_percent",
    "without_mentor",
    "roadmap_done_percent",
    "roadmap_on_time_percent",
    "survey_participation",
)


def definitions_sheet(definitions=None, *, numbered=False):
    """The sheet "Определения": one row per indicator definition
    (``definitions``: with an organisation's own targets, see
    mentoring.indicators.with_targets; all defaults when None).
    ``numbered``: a first column «№», the number the workbook's figures
    cite in square brackets (the analytic report's footnote numbers)."""
    definitions = definitions if definitions is not None else defs.definitions()
    columns = [
        ("Показатель", 40),
        ("Единица", 8),
        ("Что считается", 60),
        ("Совокупность", 50),
        ("Дата", 30),
        ("Округление", 30),
        ("Цель", 8),
        ("Источник цели", 60),
    ]
    rows = [
        [
            d.label,
            d.unit,
            d.counted,
            d.population,
            d.on_date,
            d.rounding,
            d.target,
            d.target_source,
        ]
        for d in definitions
    ]
    if numbered:
        columns = [("№", 6), *columns]
        rows = [[number, *row] for number, row in enumerate(rows, start=1)]
    return ("Определения", columns, rows)


# The analytic workbook's definition numbers while it is written:
# {code: number}, the PDF's footnote numbers; a definition only the workbook
# cites gets the next number. None outside analytic_xlsx (no numbers).
_NUMBERS = ContextVar("analytic_definition_numbers", default=None)
# What a figure without a definition (a roadmap's manual indicator, a
# quarterly snapshot entered by hand) says instead of a number, as in the PDF.
MANUAL = "(вводится вручную, без определения)"


def _roadmap_named(label, own_name="", param=None):
    """A roadmap indicator's name in the workbook: its definition's
    ``label``, the roadmap's own wording beside it, the form of pairs it
    is narrowed to — as the PDF names it (templates/pdf/analytic)."""
    return (
        label
        + (f" (в дорожной карте — «{own_name}»)" if own_name else "")
        + (f" (только формы «{param}»)" if param else "")
    )


def _cite(text, *codes):
    """``text`` with the numbers of the definitions ``codes`` in the
    workbook's sheet «Определения» ("Охват …, % [3]", "… [8, 9]");
    ``MANUAL`` after it when the figure has no definition; ``text`` alone
    outside the analytic workbook."""
    numbers = _NUMBERS.get()
    if numbers is None:
        return text
    codes = [code for code in codes if code]
    if not codes:
        return f"{text} {MANUAL}"
    for code in codes:
        if code not in numbers:
            numbers[code] = len(numbers) + 1
    return f"{text} [{', '.join(str(numbers[code]) for code in codes)}]"


def _named(code, narrowed=""):
    """The name of a figure's row or column: its definition's label, as in
    the sheet «Определения» (the workbook's way to name a figure's
    definition); ``narrowed`` says what a table's row narrows it to."""
    label = defs.get(code).label
    return _cite(f"{label} ({narrowed})" if narrowed else label, code)


ROW_GROUP = "целевая группа строки"
ROW_FORM = "форма и вид строки"


def _verdict(met):
    """ "да"/"нет" for a target met or not; "" when unknown."""
    return "" if met is None else ("да" if met else "нет")


def analytic_xlsx(data):
    """The analytic report, one sheet per section. Every figure's row or
    column names its definition with the number the PDF's footnote gives
    it («… [3]», the sheet «Определения»); a figure without one says
    «(вводится вручную, без определения)» (issue 17)."""
    from .pdf import analytic_context

    context = analytic_context(data)
    numbers = dict(context["definition_numbers"])
    token = _NUMBERS.set(numbers)
    try:
        sheets = _analytic_sheets(data)
    finally:
        _NUMBERS.reset(token)
    # The definitions cited, numbered as in the PDF (then any only the
    # workbook cites), with the organisation's targets.
    every = {d.code: d for d in defs.with_targets(defs.definitions(), data.get("targets") or {})}
    cited = sorted(numbers, key=numbers.get)
    sheets.append(definitions_sheet([every[code] for code in cited], numbered=True))
    return tables_xlsx(sheets)


def _analytic_sheets(data):
    indicators = data["indicators"]
    processing = data["consents"]["processing"]
    programs = data["programs"]
    outcomes = data["outcomes"]
    statuses = data["mentorships"]["statuses"]
    sheets = [
        (
            "Общие сведения",
            PARAMETER_COLUMNS,
            [
                ["Организация", data["org"].name],
                ["Период", data["period"].label],
                ["Начало периода", data["period"].start],
                ["Окончание периода", data["period"].end],
                ["Показатели на дату", data["as_of"]],
                *[
                    [_cite(label, INDICATOR_DEFINITION.get(key)), indicators[key]]
                    for key, label in MONITORING_COLUMNS
                    if key in ANALYTIC_GENERAL_KEYS
                ],
                [_named("meetings"), outcomes["meetings"]],
            ],
        ),
        (
            "Участники",
            [
                ("Целевая группа", 36),
                *[
                    (_named(code, ROW_GROUP), 16)
                    for code in (
                        "participants",
                        "mentors",
                        "mentees",
                        "pair_mentors",
                        "pair_mentees",
                    )
                ],
            ],
            [
                [g["label"], g["total"], g["mentors"], g["mentees"], g["as_mentor"], g["as_mentee"]]
                for g in data["groups"]
            ],
        ),
        (
            "Формы",
            [
                ("Форма наставничества", 40),
                ("Вид", 28),
                *[
                    (_named(code, ROW_FORM), 16)
                    for code in ("pairs_in_year", "pair_mentors", "pair_mentees")
                ],
            ],
            [
                [f["form__name"], f["type"], f["mentorships"], f["mentors"], f["mentees"]]
                for f in data["forms"]
            ],
        ),
        (
            "Виды",
            [
                ("Вид наставничества", 36),
                *[
                    (_named(code, "вид строки"), 16)
                    for code in ("pairs_in_year", "pair_mentors", "pair_mentees")
                ],
            ],
            [[t["type"], t["mentorships"], t["mentors"], t["mentees"]] for t in data["types"]],
        ),
        (
            "Охват",
            [
                ("Показатель", 36),
                ("Численность", 12),
                ("В наставничестве", 14),
                ("Охват, %", 10),
                ("Цель, %", 10),
                ("Достигнута", 12),
                ("Источник цели", 50),
            ],
            [
                [
                    _cite(r["label"], r["code"]),
                    r["headcount"],
                    r["covered"],
                    r["percent"],
                    r["target"],
                    "" if r["reached"] is None else ("да" if r["reached"] else "нет"),
                    r["target_source"],
                ]
                for r in data["coverage"]
            ],
        ),
        (
            "Согласия",
            PARAMETER_COLUMNS,
            [
                [_named("consents", "совокупность"), processing["total"]],
                [_named("consents", "что считается"), processing["with_consent"]],
                [_named("consents"), processing["percent"]],
                [_cite("Цель, %", "consents"), data["consents"].get("target")],
                ["Цель достигнута", _verdict(data["consents"].get("met"))],
                [_named("consents", "без согласия"), processing["missing"]],
                [_named("publication_consents"), data["consents"]["publication"]],
                [_named("duties_consents", "совокупность"), data["consents"]["duties"]["mentors"]],
                [_named("duties_consents"), data["consents"]["duties_percent"]],
                *[
                    [_named("consents_withdrawn", w["kind"].lower()), w["count"]]
                    for w in data["consents"]["withdrawn"]
                ],
            ],
        ),
        (
            "Пары и группы",
            [
                ("Форма наставничества", 40),
                *[
                    (f"{_named('mentorships_in_year')}: {label.lower()}", 14)
                    for _c, label in statuses
                ],
                (_named("mentorships_in_year"), 14),
            ],
            [
                [r["form"], *[r["counts"][c] for c in MentorshipStatus.values], r["total"]]
                for r in data["mentorships"]["rows"]
            ]
            + [
                [
                    "Итого",
                    *[data["mentorships"]["by_status"][c] for c in MentorshipStatus.values],
                    data["mentorships"]["total"],
                ]
            ],
        ),
        (
            "Программы",
            PARAMETER_COLUMNS,
            [
                [_named("programs_with_items"), programs["programs"]],
                [_named("programs_done", "совокупность"), programs["items"]],
                [_named("programs_done", "выполнено пунктов"), programs["done"]],
                [_named("programs_done"), programs["done_percent"]],
                [_named("plan_items_overdue"), programs["overdue"]],
                [_named("programs_average"), programs["average"]],
                [_named("programs_completed"), programs["completed"]],
                [_named("mentorships_started"), outcomes["started"]],
                [_named("mentorships_completed"), outcomes["completed"]],
                [_named("mentorships_terminated"), outcomes["terminated_count"]],
                *[
                    [_named("programs_with_items", f"выполнено {band}"), n]
                    for band, n in programs["bands"]
                ],
            ],
        ),
    ]
    sheets += extra_analytic_sheets(data)
    sheets.append(second_stage_sheet(data["second_stage"]))
    sheets.append(
        (
            "Документы",
            [("Номер", 14), ("Дата", 12), ("Заголовок", 70)],
            [[o.number, o.signed_on, o.title] for o in data["orders"]],
        )
    )
    sheets.append(
        ("Выводы", [("Выводы и предложения", 120)], [[p] for p in data["conclusion_paragraphs"]])
    )
    return sheets


def _campaign_pairs(survey):
    """«Ожидания» и «Итоги»; …: the compared campaigns of the analytic
    report's section of questionnaires (reports.integrations.effectiveness)."""
    return "; ".join(f"«{c['baseline']}» и «{c['title']}»" for c in survey.get("campaigns", []))


def extra_analytic_sheets(data):
    """Sheets of the sections fed by the roadmaps, surveys and activities."""
    sheets = []
    survey = data.get("surveys")
    if survey:
        sheets.append(
            (
                "Анкетирование",
                [
                    ("Вопрос", 60),
                    (_named("effectiveness_expected", "вопрос строки"), 16),
                    (_named("effectiveness_actual", "вопрос строки"), 16),
                    (_cite("Изменение", "effectiveness_expected", "effectiveness_actual"), 12),
                ],
                [[q["text"], q["before"], q["after"], q["delta"]] for q in survey["questions"]]
                + [["В среднем (наставники и наставляемые вместе)", *survey["overall"].values()]]
                # The rows and the mean are of the same answers: say whose.
                + [[f"По ответам рассылок: {_campaign_pairs(survey)}", None, None, None]],
            )
        )
    by_role = data.get("surveys_by_role")
    if by_role:
        sheets.append(
            (
                "Ожидания и итоги по ролям",
                [
                    ("Роль", 16),
                    ("Вопрос", 60),
                    (_named("effectiveness_expected", "роль и вопрос строки"), 16),
                    (_named("effectiveness_actual", "роль и вопрос строки"), 16),
                    (_cite("Изменение", "effectiveness_expected", "effectiveness_actual"), 12),
                ],
                [
                    [r["role"], q["text"], q["before"], q["after"], q["delta"]]
                    for r in by_role
                    for q in r["questions"]
                ]
                + [[r["role"], "В среднем", *r["overall"].values()] for r in by_role],
            )
        )
    sheets += quarterly_sheets(data)
    training = data.get("training")
    if training:
        sheets.append(
            (
                "Обучение",
                [
                    ("Группа или показатель", 50),
                    (_named("training_mentors", "группа строки"), 16),
                    (_named("training_sessions_held", "группа строки"), 16),
                ],
                [
                    [g["title"], g["members_count"], g["sessions_count"]]
                    for g in training["per_group"]
                ]
                + [
                    [_named(code), None, training.get(key)]
                    for key, code in TRAINING_FIGURES.items()
                ],
            )
        )
    events = data.get("events")
    if events:
        sheets.append(
            (
                "Мероприятия и практики",
                [
                    ("Мероприятие или практика", 50),
                    (f"{_named('events_held', 'вид строки')} / авторы", 30),
                    (f"{_named('events_students_reached', 'вид строки')} / итог", 20),
                ],
                [[e["kind"], e["count"], e["reached"]] for e in events["events"]]
                + [
                    [
                        p["title"],
                        p["authors"],
                        "победитель" if p["is_winner"] else p["status_label"].lower(),
                    ]
                    for p in events["practices"]
                ],
            )
        )
    roadmap = data.get("roadmap")
    if roadmap:
        summary = roadmap["summary"]
        sheets.append(
            (
                "Дорожная карта",
                [("Показатель", 60), ("Факт", 12), ("Цель", 12), ("Достигнута", 12)],
                # The positions' figures only with positions in the period
                # (as the PDF's section), the roadmap's indicators always.
                (_roadmap_summary_rows(summary) if summary else [])
                + [
                    [
                        _cite(_roadmap_named(r["label"], r["own_name"], r["param"]), r["code"]),
                        r["actual"],
                        r["target"],
                        _verdict(r["met"] if None not in (r["actual"], r["target"]) else None),
                    ]
                    for r in roadmap["indicators"]
                ],
            )
        )
    return sheets


def _roadmap_summary_rows(summary):
    """The sheet «Дорожная карта»'s rows of the positions (the PDF's summary
    table): total, done, done on time against its target (with the
    roadmap's own wording of that indicator), overdue."""
    return [
        [_named("roadmap_positions"), summary.get("total"), None, None],
        [_named("roadmap_positions_done"), summary.get("done"), None, None],
        [
            _cite(
                _roadmap_named(defs.get("roadmap_on_time").label, summary.get("on_time_name")),
                "roadmap_on_time",
            ),
            summary.get("on_time_percent"),
            summary.get("on_time_target"),
            _verdict(summary.get("on_time_met")),
        ],
        [_named("roadmap_positions_overdue"), summary.get("overdue"), None, None],
    ]


# The row under the monitoring's total that says over how many
# organisations each share's total is (builders.share_notes).
TOTAL_NOTES_LABEL = "Итого: процент посчитан по организациям"


def monitoring_xlsx(data):
    """The municipal monitoring table: a row per organisation with the
    quarter's indicators; the change against the previous quarter on the
    second sheet."""
    quarter, previous = data["quarter"], data["previous_quarter"]
    columns = [("№", 6), ("Организация", 40)] + [(label, 14) for _k, label in MONITORING_COLUMNS]
    current_rows = []
    for number, row in enumerate(data["rows"], start=1):
        current_rows.append(
            [number, row["org"].short_name, *_figures(row["current"], MONITORING_COLUMNS)]
        )
    total = data["total"]
    current_rows.append(["", total["label"], *_figures(total, MONITORING_COLUMNS)])
    if total.get("notes"):
        # Over which organisations a total of a share is (the page shows
        # the same note under the total's figure).
        current_rows.append(
            [
                "",
                TOTAL_NOTES_LABEL,
                *[total["notes"].get(key, "") for key, _label in MONITORING_COLUMNS],
            ]
        )

    change_columns = [("№", 6), ("Организация", 40)]
    for _key, label in MONITORING_COLUMNS:
        change_columns += [
            (f"{label}: {previous.label}", 14),
            (f"{label}: {quarter.label}", 14),
            (f"{label}: изменение", 12),
        ]

    def triple(current, before):
        # A figure unknown in either quarter (no data for the previous
        # quarter, no headcount then) reads "нет данных" in its cell and in
        # the change: never a 0, an empty cell or a made-up change. Text
        # columns (forms, acts) have no change: "—".
        values = []
        for key, _label in MONITORING_COLUMNS:
            now = current.get(key)
            then = _nd(before.get(key))
            if now is None or then == NO_DATA:
                difference = NO_DATA
            elif isinstance(now, str) or isinstance(then, str):
                difference = "—"
            else:
                difference = _nd(change(now, then))
            values += [then, _nd(now), difference]
        return values

    change_rows = [
        [number, row["org"].short_name, *triple(row["current"], row["previous"])]
        for number, row in enumerate(data["rows"], start=1)
    ]
    # The total of the organisations with data in both quarters, labelled
    # so: a change of the same organisations (builders.monitoring_rows).
    both = data["change_total"]
    change_rows.append(["", both["label"], *triple(both["current"], both["previous"])])
    before_notes = both["previous"].get("notes") or {}
    now_notes = both["current"].get("notes") or {}
    if before_notes or now_notes:
        change_rows.append(
            [
                "",
                TOTAL_NOTES_LABEL,
                *[
                    cell
                    for key, _label in MONITORING_COLUMNS
                    for cell in (before_notes.get(key, ""), now_notes.get(key, ""), "")
                ],
            ]
        )
    targets = data["targets"]
    target_rows = [
        [
            row["org"].short_name,
            defs.get(cell["code"]).label,
            _nd(cell["target"]),
            defs.get(cell["code"]).unit,
            cell["source"],
        ]
        for row in targets["rows"]
        for cell in row["targets"]
    ]
    return tables_xlsx(
        [
            # Organisations in rows: the header and the № and organisation
            # columns stay in view.
            (f"Мониторинг {quarter.code}", columns, current_rows, "C2"),
            ("Изменение за квартал", change_columns, change_rows, "C2"),
            (
                TARGETS_TITLE,
                [
                    ("Организация", 40),
                    ("Показатель", 50),
                    ("Цель", 10),
                    ("Единица", 8),
                    ("Источник цели", 70),
                ],
                target_rows,
                "B2",
            ),
            # Each organisation has its own target (the sheet above): the
            # definitions say so instead of one default as everyone's.
            definitions_sheet(defs.with_targets(defs.definitions(), targets["notes"])),
            _parameters(
                [
                    ["Департамент", data["department"].name],
                    ["Квартал", quarter.label],
                    ["Показатели на дату", min(quarter.end, timezone.localdate())],
                    ["Предыдущий квартал", previous.label],
                    ["Организаций", len(data["rows"])],
                    ["Сформирован", timezone.localtime().replace(tzinfo=None)],
                ]
            ),
        ]
    )


def _figures(values, columns):
    """The values of the columns' keys; «нет данных» for the unknown ones,
    as the sheet «Изменение за квартал» shows the same quarter."""
    return [_nd(values.get(key)) for key, _label in columns]


def _nd(value):
    """A figure, or "нет данных" (never 0) when it is unknown."""
    return NO_DATA if value is None else value


def quarterly_sheets(data):
    """The table of changes after the quarterly diagnostics, per participant
    group, and the indicators' quarterly snapshots (section "quarterly")."""
    sheets = []
    diagnostics = data.get("diagnostics")
    if diagnostics:
        previous, current = diagnostics["previous"].label, diagnostics["current"].label
        rows = []
        for g in diagnostics["groups"]:
            rows.append(
                [
                    g["label"],
                    _named("diagnostics_responded", "группа"),
                    _nd(g["responded"][0]),
                    _nd(g["responded"][1]),
                    _nd(g["responded_change"]),
                ]
            )
            rows.append(
                [
                    g["label"],
                    _named("diagnostics_score", "группа"),
                    _nd(g["overall"]["previous"]),
                    _nd(g["overall"]["current"]),
                    _nd(g["overall"]["change"]),
                ]
            )
            rows += [
                [
                    g["label"],
                    _cite(f"{i['text']} (группа и умение строки)", "diagnostics_score"),
                    _nd(i["previous"]),
                    _nd(i["current"]),
                    _nd(i["change"]),
                ]
                for i in g["items"]
            ]
        total = diagnostics["total"]
        rows.append(
            [
                "Все участники",
                _named("diagnostics_score"),
                _nd(total["previous"]),
                _nd(total["current"]),
                _nd(total["change"]),
            ]
        )
        sheets.append(
            (
                "Диагностика по группам",
                [
                    ("Группа участников", 28),
                    ("Показатель", 50),
                    (previous, 18),
                    (current, 18),
                    ("Изменение", 14),
                ],
                rows,
            )
        )
    snapshots = data.get("snapshots")
    if snapshots:
        sheets.append(
            (
                "Квартальные срезы",
                [
                    ("Группа участников", 28),
                    ("Показатель", 50),
                    ("Единица", 10),
                    (snapshots["previous"].label, 18),
                    (snapshots["current"].label, 18),
                    ("Изменение", 14),
                ],
                [
                    [
                        r["group"],
                        _cite(
                            _roadmap_named(r["name"], r.get("own_name"), r.get("param")),
                            r.get("code"),
                        ),
                        r["unit"],
                        _nd(r["previous"]),
                        _nd(r["current"]),
                        _nd(r["change"]),
                    ]
                    for r in snapshots["rows"]
                ],
            )
        )
    return sheets


def second_stage_sheet(stage):
    """Р-145's second stage of monitoring: growth of participants, mentees'
    plans, score growth from start to end."""
    rows = [["Рост числа участников", stage["previous_label"], stage["current_label"], ""]]
    rows += [
        [
            f"{r['label']} — {_named(r['code'], ROW_GROUP)}"
            if r.get("code")
            else _cite(f"{r['label']} (сумма)", "pair_mentors", "pair_mentees"),
            _nd(r["previous"]),
            _nd(r["current"]),
            _nd(r["change"]),
        ]
        for r in [*stage["groups"], stage["total"]]
    ]
    rows += [[], ["Выполнение персонализированных программ", "", "Значение", ""]]
    rows += [[_named(code), "", _nd(value), ""] for _label, value, code in stage["plans"]]
    rows += [[], ["Рост оценок", "В начале", "В конце", "Изменение"]]
    rows += [
        [
            _cite(r["label"] + (f" ({r['only']})" if r.get("only") else ""), *r["codes"]),
            _nd(r["before"]),
            _nd(r["after"]),
            _nd(r["change"]),
        ]
        for r in stage["growth"]
    ]
    return (
        "Второй этап",
        [("Показатель", 70), ("Было", 20), ("Стало", 20), ("Изменение", 14)],
        rows,
    )
