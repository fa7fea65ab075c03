"""Issue 17: every figure of the analytic report cites its definition.

The report's HTML (what WeasyPrint lays out) is read table by table: a
figure cell is a ``<td class="num">`` with a digit in it, and it must have a
footnote ``<span class="ref">[N]</span>`` in its row or in its column's
heading, N being a number of the section «Определения показателей»; only a
roadmap indicator entered by hand may say so instead. The figures are the
definitions' values, and no definition text ends with two full stops."""

import re
from html.parser import HTMLParser

import pytest
from django.core.management import call_command
from django.utils import timezone

from mentoring import indicators as defs
from mentoring.models import Organization
from reports import builders
from reports.pdf import analytic_context, analytic_html
from reports.periods import Period

pytestmark = pytest.mark.django_db

REF = re.compile(r"^\[\d+(, \d+)*(; [^\]]+)?\]$")
VOID = {"br", "col", "meta", "img", "hr", "input", "link"}


class Tables(HTMLParser):
    """Rows of every table: [(section id, [cell]), …], a cell being
    {"tag", "num", "text", "refs", "manual", "span"}; the column headings
    of a table are its last row of <th> cells."""

    def __init__(self):
        super().__init__()
        self.section = None
        self.rows = []
        self.headings = []  # per open table: the cells of its heading row
        self.row = None
        self.cell = None
        self.ref = None
        self.refs_outside = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        classes = (attrs.get("class") or "").split()
        if tag == "section" and "part" in classes:
            self.section = attrs.get("id")
        elif tag == "table":
            self.headings.append([])
        elif tag == "tr":
            self.row = []
        elif tag in ("td", "th") and self.row is not None:
            self.cell = {
                "tag": tag,
                "num": "num" in classes,
                "text": "",
                "refs": [],
                "manual": False,
                "span": int(attrs.get("colspan") or 1),
            }
        elif tag == "span" and "ref" in classes:
            self.ref = ""
        if attrs.get("data-figure-source") == "manual" and self.cell is not None:
            self.cell["manual"] = True

    def handle_endtag(self, tag):
        if tag == "span" and self.ref is not None:
            if self.cell is not None:
                self.cell["refs"].append(self.ref)
            else:
                self.refs_outside.append(self.ref)
            self.ref = None
        elif tag in ("td", "th") and self.cell is not None:
            self.row.append(self.cell)
            self.cell = None
        elif tag == "tr" and self.row is not None:
            if self.row and all(c["tag"] == "th" for c in self.row):
                self.headings[-1] = self.row
            else:
                self.rows.append((self.section, self.row, self.headings[-1]))
            self.row = None
        elif tag == "table":
            self.headings.pop()

    def handle_data(self, data):
        if self.ref is not None:
            self.ref += data
        if self.cell is not None:
            self.cell["text"] += data


def columns(cells):
    """(column index, cell) with colspans."""
    index = 0
    for cell in cells:
        yield index, cell
        index += cell["span"]


def uncited_figures(html):
    """[(section, row text)] of the figure cells without a footnote, and
    the footnotes that name no definition number."""
    tables = Tables()
    tables.feed(html)
    bad_refs = [
        ref
        for section, row, _head in tables.rows
        for cell in row + _head
        for ref in cell["refs"]
        if not REF.match(ref.strip())
    ] + [ref for ref in tables.refs_outside if not REF.match(ref.strip())]
    heading_refs = {}
    uncited, figures = [], 0
    for section, row, heading in tables.rows:
        heading_refs = {i: bool(c["refs"]) for i, c in columns(heading)}
        row_cited = any(c["refs"] or c["manual"] for c in row)
        for index, cell in columns(row):
            if cell["tag"] != "td" or not cell["num"] or not re.search(r"\d", cell["text"]):
                continue
            figures += 1
            if not (row_cited or heading_refs.get(index)):
                uncited.append((section, " | ".join(c["text"].strip() for c in row)))
    return uncited, bad_refs, figures, {s for s, _r, _h in tables.rows}


@pytest.fixture
def demo_school():
    call_command("seed_demo")
    return Organization.objects.get(slug="sosh-11")


def test_every_figure_of_the_analytic_report_cites_its_definition_and_no_text_has_two_stops(
    demo_school,
):
    period = Period.current(timezone.localdate())
    data = builders.analytic_data(demo_school, period)
    html = analytic_html(data)
    uncited, bad_refs, figures, sections = uncited_figures(html)
    # The demo fills every section with figures, the optional ones too.
    assert {
        "general",
        "participants",
        "coverage",
        "consents",
        "mentorships",
        "programs",
        "surveys",
        "quarterly",
        "training",
        "events",
        "roadmap",
        "second_stage",
    } <= sections
    assert figures > 100
    assert uncited == []
    assert bad_refs == []
    # Each cited definition is in the list at the end, with its number.
    context = analytic_context(data)
    listed = re.findall(r"<td>\[(\d+)\]</td>", html)
    assert [int(n) for n in listed] == list(range(1, len(context["definitions"]) + 1))
    cited = {
        int(n)
        for ref in re.findall(r'class="ref"[^>]*>\[([^\]]+)\]', html)
        for n in re.findall(r"\d+", ref.split(";")[0])
    }
    assert cited <= set(range(1, len(listed) + 1))
    # No text of the report ends a sentence with two full stops («2024 г..»).
    text = re.sub(r"<[^>]+>", "", html)
    assert re.findall(r".{40}(?<!\.)\.\.(?!\.).{0,10}", text) == []


def test_the_check_finds_a_figure_without_its_footnote():
    html = (
        '<section class="part" id="x"><table><thead><tr><th>П</th><th class="num">З</th></tr>'
        '</thead><tbody><tr><td>Пар</td><td class="num">5</td></tr>'
        '<tr><td>Пар <span class="ref">[3]</span></td><td class="num">5</td></tr>'
        '<tr><td>Пар <span class="ref">[?]</span></td><td class="num">5</td></tr>'
        "</tbody></table></section>"
    )
    uncited, bad_refs, figures, _sections = uncited_figures(html)
    assert uncited == [("x", "Пар | 5")]
    assert bad_refs == ["[?]"]
    assert figures == 3


def test_the_report_reads_its_counts_from_the_definitions(demo_school):
    period = Period.current(timezone.localdate())
    on_date = builders.figure_date(period)
    data = builders.analytic_data(demo_school, period)

    def value(code, param=None):
        return defs.compute_rows(code, demo_school.pk, on_date, [param] if param else [])[
            param
        ].value

    teachers = next(g for g in data["groups"] if g["code"] == "teacher")
    assert teachers["total"] == value("participants", "teacher")
    assert teachers["as_mentor"] == value("pair_mentors", "teacher")
    assert sum(g["total"] for g in data["groups"]) == value("participants")
    assert data["programs"]["overdue"] == value("plan_items_overdue")
    assert data["programs"]["completed"] == value("programs_completed")
    assert (
        data["programs"]["items"]
        == defs.compute(["programs_done"], [demo_school.pk], on_date)[demo_school.pk][
            "programs_done"
        ].whole
    )
    assert data["mentorships"]["total"] == value("mentorships_in_year")
    assert data["outcomes"]["started"] == value("mentorships_started")
    assert sum(f["mentorships"] for f in data["forms"]) == value("pairs_in_year")
    roadmap = data["roadmap"]["summary"]
    assert roadmap["total"] == value("roadmap_positions") > 0
    assert roadmap["overdue"] == value("roadmap_positions_overdue")
    assert data["training"]["groups"] == value("training_groups") > 0
    assert data["training"]["mentors"] == value("training_mentors")
    assert data["consents"]["publication"] == value("publication_consents")
    diagnostics = data["diagnostics"]
    quarter_end = diagnostics["current"].end
    assert diagnostics["total"]["current"] is not None
    assert (
        diagnostics["total"]["current"]
        == defs.compute_rows("diagnostics_score", demo_school.pk, quarter_end, [])[None].value
    )
    assert data["second_stage"]["total"]["current"] == value("pair_mentors") + value("pair_mentees")


def test_no_definition_ends_with_two_full_stops():
    texts = [d.describe() for d in defs.definitions()]
    # A text that ends with an abbreviation («в 2025 г.») keeps one stop.
    assert [t for t in texts if re.search(r"(?<!\.)\.\.(?!\.)", t)] == []
    assert defs.sentence("в 2025 г.") == "в 2025 г."
    assert defs.sentence("в 2025 году") == "в 2025 году."


def test_the_definitions_list_holds_exactly_the_cited_definitions(cast):
    """A school's report does not list department-only definitions it never
    cites; the numbers of the footnotes and of the list agree, in the PDF's
    HTML and the XLSX's sheet «Определения»."""
    from reports import services

    from .helpers import workbook

    period = Period.current(timezone.localdate())
    data = builders.analytic_data(cast.school, period)
    context = analytic_context(data)
    html = analytic_html(data)
    cited = set()
    for refs in re.findall(r'data-ref="([^"]*)"', html):
        cited.update(refs.split())
    listed = [d.code for d in context["definitions"]]
    assert set(listed) == cited
    for code in ("coverage_heads", "coverage_employers", "head_pairs", "mentoring_programs"):
        assert code not in listed, code
    for n, code in enumerate(listed, start=1):
        assert context["definition_numbers"][code] == n
    content = services.report_build(organization=cast.school, kind="analytic", fmt="xlsx").content
    rows = list(workbook(content)["Определения"].iter_rows(values_only=True))[1:]
    # Numbered as the PDF's footnotes; any definition only the workbook
    # cites comes after the PDF's.
    assert [r[0] for r in rows] == list(range(1, len(rows) + 1))
    assert [r[1] for r in rows][: len(listed)] == [d.label for d in context["definitions"]]


CITED = re.compile(r"\[(\d+(?:, \d+)*)\]")


def test_every_figure_of_the_analytic_xlsx_cites_its_definition(demo_school):
    """Issue 17: every figure of the analytic workbook names its definition
    by the number of the sheet «Определения» — the PDF's number for the same
    definition — in its row's or its column's name, or says it is entered by
    hand; no number points past the list. The roadmap's indicators are named
    by their definitions, and the one of positions done on time is shown
    once (it is the summary's figure)."""
    from reports import services
    from reports.spreadsheets import MANUAL

    from .helpers import workbook

    period = Period.current(timezone.localdate())
    data = builders.analytic_data(demo_school, period)
    pdf_numbers = analytic_context(data)["definition_numbers"]
    book = workbook(
        services.report_build(organization=demo_school, kind="analytic", fmt="xlsx").content
    )
    # The demo fills the optional sheets too.
    assert {"Дорожная карта", "Анкетирование", "Обучение"} <= set(book.sheetnames)
    listed = {row[0]: row[1] for row in list(book["Определения"].iter_rows(values_only=True))[1:]}
    labels = {defs.get(code).label: number for code, number in pdf_numbers.items()}
    uncited = []
    for sheet in book.worksheets:
        if sheet.title in ("Определения", "Параметры", "Документы", "Выводы"):
            continue
        rows = list(sheet.iter_rows(values_only=True))
        head, body = rows[0], rows[1:]
        for row in body:
            texts = [c for c in row if isinstance(c, str)]
            # A row of figures is named by its own text or by the columns
            # of its figures (a change column is of the figures beside it).
            figures = [
                column
                for column, value in enumerate(row)
                if isinstance(value, int | float) and not isinstance(value, bool)
            ]
            names = [*texts, *(head[column] or "" for column in figures)]
            if figures and not any(CITED.search(t) or MANUAL in t for t in names):
                uncited.append((sheet.title, row))
            for text in [*texts, *(h for h in head if isinstance(h, str))]:
                for group in CITED.findall(text):
                    for number in map(int, group.split(", ")):
                        assert number in listed, (sheet.title, text)
                        # The PDF's number of a definition is the workbook's.
                        if listed[number] in labels:
                            assert labels[listed[number]] == number, text
    assert uncited == [], "\n".join(map(str, uncited))
    roadmap_rows = [r[0] for r in book["Дорожная карта"].iter_rows(values_only=True)][1:]
    assert any(MANUAL in r for r in roadmap_rows), roadmap_rows
    on_time = defs.get("roadmap_on_time").label
    assert sum(on_time in r for r in roadmap_rows) == 1, roadmap_rows
    # The PDF's section 11 too: the roadmap's wording beside the summary's
    # figure, no second row of the same figure among the targets.
    from django.template.loader import render_to_string

    own = data["roadmap"]["summary"]["on_time_name"]
    assert own
    section = render_to_string("pdf/analytic/roadmap.html", analytic_context(data))
    assert section.count(f"«{own}»") == 1
    assert section.count(f"{on_time}, %") == 1
    assert not [
        r
        for r in data["roadmap"]["indicators"]
        if r["code"] == "roadmap_on_time" and not r["param"]
    ]
    for row in data["roadmap"]["indicators"]:
        if row["code"]:
            assert row["label"] == defs.get(row["code"]).label
            assert any(r.startswith(row["label"]) for r in roadmap_rows), row
