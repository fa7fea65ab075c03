"""The analytic report as PDF (WeasyPrint): a title page, a table of
contents with page numbers, numbered A4 pages, charts as inline SVG."""

from django.template.loader import render_to_string

from mentoring import indicators as defs
from mentoring.pdf import render_pdf

from . import charts

ANALYTIC_TEMPLATE = "pdf/analytic.html"
BASE_SECTIONS = [
    ("general", "Организация, период и основные показатели", "pdf/analytic/general.html"),
    ("participants", "Участники по целевым группам и формам", "pdf/analytic/participants.html"),
    ("coverage", "Охват целевых групп наставничеством", "pdf/analytic/coverage.html"),
    ("consents", "Согласия на обработку персональных данных", "pdf/analytic/consents.html"),
    ("mentorships", "Наставнические пары и группы, их итоги", "pdf/analytic/mentorships.html"),
    ("programs", "Выполнение персонализированных программ", "pdf/analytic/programs.html"),
]
# Sections fed by the other apps, shown when their data is in ``data``.
OPTIONAL_SECTIONS = [
    ("surveys", "Результаты анкетирования: ожидания и итоги", "pdf/analytic/surveys.html"),
    (
        "quarterly",
        "Квартальная диагностика: таблица учёта изменений",
        "pdf/analytic/quarterly.html",
    ),
    ("training", "Обучение наставников", "pdf/analytic/training.html"),
    ("events", "Мероприятия и лучшие практики", "pdf/analytic/events.html"),
    ("roadmap", "Выполнение дорожной карты", "pdf/analytic/roadmap.html"),
]
CLOSING_SECTIONS = [
    (
        "second_stage",
        "Второй этап мониторинга: рост участников и результаты наставляемых",
        "pdf/analytic/second_stage.html",
    ),
    ("documents", "Документы программы за период", "pdf/analytic/documents.html"),
    ("conclusions", "Выводы и предложения", "pdf/analytic/conclusions.html"),
    ("definitions", "Определения показателей", "pdf/analytic/definitions.html"),
]


def analytic_sections(data):
    sections = list(BASE_SECTIONS)
    sections += [s for s in OPTIONAL_SECTIONS if data.get(s[0])]
    sections += CLOSING_SECTIONS
    return [
        {"id": key, "number": index, "title": title, "template": template}
        for index, (key, title, template) in enumerate(sections, start=1)
    ]


def _per_form(rows):
    """{form name: pairs and groups}: a form's rows of several types
    (its pairs and its groups) make one bar."""
    result = {}
    for row in rows:
        result[row["form__name"]] = result.get(row["form__name"], 0) + row["mentorships"]
    return result


def analytic_charts(data):
    coverage = data["coverage"]
    statuses = dict(data["mentorships"]["statuses"])
    processing = data["consents"]["processing"]
    return {
        "coverage": charts.bar_chart(
            [(r["label"], r["percent"] or 0) for r in coverage],
            title="Охват, % от численности группы (красная черта — целевое значение)",
            unit=" %",
            max_value=100,
            targets={r["label"]: r["target"] for r in coverage if r["target"] is not None},
        )
        if coverage
        else "",
        "groups": charts.bar_chart(
            [(g["label"], g["total"]) for g in data["groups"]], title="Участники по целевым группам"
        )
        if data["groups"]
        else "",
        "consents": charts.pie_chart(
            [
                ("есть согласие", processing["with_consent"]),
                ("нет согласия", processing["missing"]),
            ],
            title="Согласия на обработку персональных данных",
            keep_first=True,
        ),
        "statuses": charts.pie_chart(
            [(statuses[s], n) for s, n in data["mentorships"]["by_status"].items() if n],
            title="Пары и группы по статусам",
        ),
        "forms": charts.bar_chart(
            list(_per_form(data["forms"]).items()),
            title="Пары и группы по формам наставничества",
        )
        if data["forms"]
        else "",
        "programs": charts.bar_chart(
            data["programs"]["bands"], title="Программы по доле выполненных пунктов плана"
        ),
    }


class _Cited(dict):
    """The numbers of every definition, noting which the report looks up
    (the ``{% ref %}`` footnotes)."""

    def __init__(self, *args):
        super().__init__(*args)
        self.cited = set()

    def get(self, key, default=None):
        self.cited.add(key)
        return super().get(key, default)


def analytic_context(data):
    """The template context of the analytic report: the data, the
    definitions it cites (with the organisation's targets: the ones its
    tables show) numbered for the footnotes, the sections and the charts.
    The list holds exactly the definitions the footnotes cite (a
    department-only definition is not listed in a school's report): the
    report is laid out once to see which, in the registry's order."""
    every = defs.with_targets(defs.definitions(), data.get("targets") or {})
    context = {
        **data,
        "definitions": every,
        "sections": analytic_sections(data),
        "charts": {**analytic_charts(data), **data.get("charts", {})},
    }
    numbers = _Cited({d.code: i for i, d in enumerate(every, start=1)})
    render_to_string(ANALYTIC_TEMPLATE, {**context, "definition_numbers": numbers})
    definitions = [d for d in every if d.code in numbers.cited]
    context["definitions"] = definitions
    context["definition_numbers"] = {d.code: i for i, d in enumerate(definitions, start=1)}
    return context


def analytic_html(data):
    """The analytic report as the HTML WeasyPrint lays out."""
    return render_to_string(ANALYTIC_TEMPLATE, analytic_context(data))


def analytic_pdf(data):
    return render_pdf(ANALYTIC_TEMPLATE, analytic_context(data))
