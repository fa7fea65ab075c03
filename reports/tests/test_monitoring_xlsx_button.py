"""The monitoring page's button «Таблица мониторинга (XLSX)» builds the
XLSX of the quarter shown: a POST to the report build (PRG: a background
job's progress page, or the file at once for a small department); a double
click starts one job."""

import re

import pytest
from django.utils import timezone

from reports import services
from reports.models import ReportJob
from reports.periods import Quarter

pytestmark = pytest.mark.django_db


def button_form(page):
    form = re.search(
        r'<form method="post" action="([^"]+)" id="monitoring-xlsx-form">(.*?)</form>', page, re.S
    )
    assert form, "no button form"
    fields = dict(re.findall(r'name="(\w+)" value="([^"]*)"', form[2]))
    return form[1], fields


def test_button_starts_one_job_for_the_quarter_shown_and_lands_on_its_progress(
    cast, client_for, monkeypatch
):
    monkeypatch.setattr(services, "BACKGROUND_ORGANIZATIONS", 0)
    client = client_for(cast.specialist)
    page = client.get("/dashboard/department/").content.decode()
    action, fields = button_form(page)
    quarter = Quarter.current(timezone.localdate())
    assert action == "/reports/build/monitoring/"
    assert fields["quarter"] == quarter.code and fields["submit_token"]
    assert f"Таблица мониторинга (XLSX), {quarter.label}" in page
    before = ReportJob.objects.count()
    first = client.post(action, fields)
    job = ReportJob.objects.latest("pk")
    assert ReportJob.objects.count() == before + 1
    assert first.status_code == 302 and first["Location"] == job.get_absolute_url()
    assert job.period == quarter.code and job.kind == "monitoring"
    # The double click: the same token, the same job, nothing new.
    second = client.post(action, fields)
    assert second.status_code == 302 and second["Location"] == job.get_absolute_url()
    assert ReportJob.objects.count() == before + 1


def test_button_of_a_small_department_downloads_the_xlsx_at_once(cast, client_for):
    client = client_for(cast.specialist)
    action, fields = button_form(client.get("/dashboard/department/").content.decode())
    response = client.post(action, fields)
    assert response.status_code == 200
    assert "spreadsheetml" in response["Content-Type"]
    assert Quarter.current(timezone.localdate()).code in response["Content-Disposition"]
