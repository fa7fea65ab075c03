"""The department's yearly collection of analytic reports (issue 17): the
request with a deadline, the organisations' submissions and withdrawals,
reminders, the combined PDF and XLSX, and who may open what."""

import datetime
import io
import os

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from openpyxl import load_workbook
from pypdf import PdfReader

from mentoring.factories import MembershipFactory, OrganizationFactory, UserFactory
from mentoring.models import Organization, Role
from mentoring.notify import collect
from reports.collections import collection_submit
from reports.models import CollectionRequest, CollectionSubmission, SubmissionStatus
from reports.tests.access import collection_request
from reports.tests.helpers import pdf_text, sheet_rows

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


def _notices(user):
    return [
        n for n in collect(TODAY()) if n.user_id == user.pk and n.kind == "collection_requested"
    ]


def test_the_department_sends_one_request_however_often_the_form_is_posted(cast, client_for):
    client = client_for(cast.specialist)
    data = {
        "period": "2025-2026",
        "deadline": (TODAY() + datetime.timedelta(days=10)).isoformat(),
        "note": "Отчёт утверждается руководителем.",
    }
    first = client.post("/department/sbornik/", data)
    item = CollectionRequest.objects.get()
    assert first.status_code == 302 and first["Location"] == f"/department/sbornik/{item.pk}/"
    again = client.post("/department/sbornik/", data)
    assert again.status_code == 400
    assert "Запрос за этот учебный год уже создан." in again.content.decode()
    assert CollectionRequest.objects.count() == 1
    assert (item.department, item.period, item.created_by) == (
        cast.department,
        "2025-2026",
        cast.specialist,
    )


def test_a_past_deadline_is_refused_in_russian_and_nothing_is_written(cast, client_for):
    response = client_for(cast.specialist).post(
        "/department/sbornik/",
        {"period": "2025-2026", "deadline": (TODAY() - datetime.timedelta(days=1)).isoformat()},
    )
    assert response.status_code == 400
    assert "Срок представления уже прошёл" in response.content.decode()
    assert not CollectionRequest.objects.exists()


def test_each_organisation_sees_the_request_on_its_home_page_and_gets_a_notice(cast, client_for):
    item = collection_request(cast)
    home = client_for(cast.methodist).get("/").content.decode()
    assert "Аналитический сборник" in home
    assert f"/sbornik/{item.pk}/" in home
    assert [n.url for n in _notices(cast.director)] == [f"/sbornik/{item.pk}/"]
    assert _notices(cast.other_methodist), "the other school of the department is asked too"
    assert not _notices(cast.specialist), "the department is not asked for its own report"
    listing = client_for(cast.director).get("/sbornik/").content.decode()
    assert "2025–2026 учебный год" in listing and "ожидается" in listing


def test_the_school_submits_its_report_once_and_the_department_sees_who_did(cast, client_for):
    item = collection_request(cast)
    client = client_for(cast.director)
    response = client.post(f"/sbornik/{item.pk}/")
    assert response.status_code == 302
    submission = CollectionSubmission.objects.get()
    assert submission.status == SubmissionStatus.SUBMITTED
    assert submission.submitted_by == cast.director
    stored = submission.pdf.read()
    text = pdf_text(stored)
    assert "АНАЛИТИЧЕСКИЙ ОТЧЁТ" in text and "2025–2026" in text
    assert dict(submission.figures)["Участников"] == 0
    # A repeated POST changes nothing and says why.
    again = client.post(f"/sbornik/{item.pk}/", follow=True)
    assert "Отчёт уже представлен" in again.content.decode()
    assert CollectionSubmission.objects.count() == 1
    submission.refresh_from_db()
    assert submission.pdf.read() == stored
    # The department sees the school as submitted and the other as waiting.
    page = client_for(cast.specialist).get(f"/department/sbornik/{item.pk}/").content.decode()
    assert "Представили 1 из 2" in page
    assert "Директорова" in page and "ожидается" in page
    assert not _notices(cast.director), "no more notices once submitted"


def test_a_report_is_withdrawn_up_to_the_deadline_and_not_after(
    cast, client_for, django_capture_on_commit_callbacks
):
    item = collection_request(cast, submitted=True)
    submission = CollectionSubmission.objects.get()
    path = submission.pdf.path
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(cast.methodist).post(f"/sbornik/{item.pk}/withdraw/", follow=True)
    assert "Отчёт отозван" in response.content.decode()
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.WITHDRAWN and not submission.pdf
    assert not os.path.exists(path)

    CollectionRequest.objects.all().delete()
    past = collection_request(cast, submitted=True, deadline=TODAY() - datetime.timedelta(days=1))
    response = client_for(cast.methodist).post(f"/sbornik/{past.pk}/withdraw/", follow=True)
    assert "отозвать отчёт нельзя" in response.content.decode()
    assert CollectionSubmission.objects.get(request=past).status == SubmissionStatus.SUBMITTED


def test_a_report_after_the_deadline_is_accepted_and_shown_late(cast, client_for):
    item = collection_request(cast, deadline=TODAY() - datetime.timedelta(days=3))
    page = client_for(cast.specialist).get(f"/department/sbornik/{item.pk}/").content.decode()
    assert page.count("не представлен, срок прошёл") == 2
    collection_submit(request=item, organization=cast.school, by=cast.director)
    page = client_for(cast.specialist).get(f"/department/sbornik/{item.pk}/").content.decode()
    assert "представлен с опозданием" in page
    assert page.count("не представлен, срок прошёл") == 1


def test_reminding_sends_a_new_notice_only_to_those_who_have_not_submitted(cast, client_for):
    item = collection_request(cast, submitted=True)
    before = {n.key for n in _notices(cast.other_methodist)}
    response = client_for(cast.specialist).post(
        f"/department/sbornik/{item.pk}/remind/", follow=True
    )
    assert "Напоминание отправлено организациям: 1." in response.content.decode()
    after = _notices(cast.other_methodist)
    assert {n.key for n in after} - before, "a reminder is a new notice"
    assert "напоминает" in after[0].title
    assert not _notices(cast.director), "the school has submitted"
    item.refresh_from_db()
    assert item.reminders == 1 and item.reminded_at is not None


def test_the_combined_pdf_has_a_title_contents_and_each_report_in_turn(cast, client_for):
    item = collection_request(cast)
    collection_submit(request=item, organization=cast.school, by=cast.director)
    collection_submit(request=item, organization=cast.other_school, by=cast.other_methodist)
    sizes = [
        len(PdfReader(io.BytesIO(s.pdf.read())).pages)
        for s in CollectionSubmission.objects.order_by("organization__short_name")
    ]
    response = client_for(cast.specialist).get(f"/department/sbornik/{item.pk}/sbornik.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    content = response.content
    reader = PdfReader(io.BytesIO(content))
    front = len(reader.pages) - sum(sizes)
    assert front >= 2, "title page and contents come first"
    text = " ".join(pdf_text(content).split())
    assert "ИНФОРМАЦИОННО-АНАЛИТИЧЕСКИЙ СБОРНИК" in text
    assert text.count("АНАЛИТИЧЕСКИЙ ОТЧЁТ") == 2
    # The contents give the page where each report starts, and it does.
    starts = [front + 1, front + 1 + sizes[0]]
    outline = [(o.title, reader.get_destination_page_number(o) + 1) for o in reader.outline]
    assert outline == [("Школа № 1", starts[0]), ("Школа № 2", starts[1])]
    for start in starts:
        assert "АНАЛИТИЧЕСКИЙ ОТЧЁТ" in reader.pages[start - 1].extract_text()


def test_the_combined_xlsx_has_a_summary_and_a_sheet_per_organisation(cast, client_for):
    item = collection_request(cast, submitted=True)
    response = client_for(cast.specialist).get(f"/department/sbornik/{item.pk}/sbornik.xlsx")
    assert response.status_code == 200
    summary = sheet_rows(response.content, "Сводка")
    assert summary[0][:4] == ["Организация", "Состояние", "Представлен", "Показатели на"]
    assert summary[1][:2] == ["Школа № 1", "представлен"]
    assert summary[1][4] == 12, "the figure as submitted"
    assert summary[2][:2] == ["Школа № 2", "не представлен"]
    assert summary[2][4] is None
    sheet = sheet_rows(response.content, "1. Школа № 1")
    assert ["Участников", 12] in sheet
    assert len(load_workbook(io.BytesIO(response.content)).sheetnames) == 2


def _other_department():
    department = OrganizationFactory(kind=Organization.Kind.DEPARTMENT, slug="other-do")
    school = OrganizationFactory(slug="far-school", parent=department)
    specialist = UserFactory(username="far-specialist")
    MembershipFactory(user=specialist, organization=department, role=Role.SPECIALIST)
    director = UserFactory(username="far-director")
    MembershipFactory(user=director, organization=school, role=Role.DIRECTOR)
    return specialist, director


@pytest.mark.parametrize(
    "path",
    [
        "/department/sbornik/{pk}/",
        "/department/sbornik/{pk}/sbornik.pdf",
        "/department/sbornik/{pk}/sbornik.xlsx",
    ],
)
def test_another_departments_specialist_gets_404(cast, client_for, path):
    item = collection_request(cast, submitted=True)
    specialist, _director = _other_department()
    assert client_for(specialist).get(path.format(pk=item.pk)).status_code == 404


def test_a_school_of_another_department_gets_404_and_cannot_submit(cast, client_for):
    item = collection_request(cast)
    _specialist, director = _other_department()
    client = client_for(director)
    assert client.get(f"/sbornik/{item.pk}/").status_code == 404
    assert client.post(f"/sbornik/{item.pk}/").status_code == 404
    assert not CollectionSubmission.objects.exists()


def test_the_head_of_the_department_opens_the_request_but_a_school_director_does_not(
    cast, client_for
):
    item = collection_request(cast)
    head = UserFactory(username="do-head")
    MembershipFactory(user=head, organization=cast.department, role=Role.DIRECTOR)
    assert client_for(head).get(f"/department/sbornik/{item.pk}/").status_code == 200
    assert client_for(head).get("/sbornik/").status_code == 302
    assert client_for(cast.director).get(f"/department/sbornik/{item.pk}/").status_code == 403


def test_the_request_page_makes_as_many_queries_for_many_organisations_as_for_few(cast, client_for):
    item = collection_request(cast, submitted=True)
    client = client_for(cast.specialist)
    url = f"/department/sbornik/{item.pk}/"
    client.get(url)

    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    for n in range(20):
        OrganizationFactory(slug=f"extra-{n}", parent=cast.department)
    with CaptureQueriesContext(connection) as many:
        assert client.get(url).status_code == 200
    print(f"queries: {len(few)} for 2 organisations, {len(many)} for 22")
    assert len(many) == len(few)
