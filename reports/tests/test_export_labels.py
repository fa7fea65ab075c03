"""Every file a user downloads (reports in XLSX and PDF, bank, roadmap and survey
exports) shows display labels, never the stored code of a choice ("approved",
"active", "school_student"): built from the demo data, every cell and every PDF
line is compared with the codes of every choice field of the project."""

import io
import re
import subprocess

import openpyxl
import pytest
from django.apps import apps
from django.core.management import call_command

from mentoring.models import Membership, Organization, Role
from reports.models import KIND_FORMATS, ReportFormat, ReportKind
from reports.services import report_build
from roadmaps.models import Roadmap
from surveys.models import Campaign

CODE = re.compile(r"[a-z][a-z_-]{2,}")


def choice_codes():
    """Stored values of every choice field of the project's models."""
    codes = set()
    for model in apps.get_models():
        if model._meta.app_label not in ("mentoring", "roadmaps", "surveys", "reports"):
            continue
        for field in model._meta.get_fields():
            for value, _label in getattr(field, "flatchoices", None) or []:
                if isinstance(value, str) and CODE.fullmatch(value):
                    codes.add(value)
    return codes


def xlsx_codes(content, codes):
    found = set()
    workbook = openpyxl.load_workbook(io.BytesIO(content))
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows(values_only=True):
            for value in row:
                if isinstance(value, str):
                    found |= {part for part in re.split(r"[,;]\s*", value.strip()) if part in codes}
    return found


def pdf_codes(content, codes, tmp_path):
    path = tmp_path / "report.pdf"
    path.write_bytes(content)
    text = subprocess.run(  # noqa: S603
        ["pdftotext", "-layout", str(path), "-"],  # noqa: S607
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return {word for word in re.findall(r"[a-z][a-z_-]{2,}", text) if word in codes}


@pytest.fixture
def demo(db):
    call_command("seed_demo", stdout=io.StringIO())
    return {org.slug: org for org in Organization.objects.all()}


def test_choice_codes_cover_the_statuses():
    codes = choice_codes()
    assert {"approved", "active", "school_student", "done"} <= codes


def test_reports_show_labels_not_codes(demo, tmp_path):
    codes = choice_codes()
    found = {}
    for kind in ReportKind.values:
        org = demo["demo-do"] if kind == ReportKind.MONITORING else demo["sosh-11"]
        for fmt in KIND_FORMATS[kind]:
            report = report_build(organization=org, kind=kind, fmt=fmt)
            if fmt == ReportFormat.XLSX:
                codes_in = xlsx_codes(report.content, codes)
            else:
                codes_in = pdf_codes(report.content, codes, tmp_path)
            if codes_in:
                found[f"{kind}.{fmt}"] = sorted(codes_in)
    assert not found


def test_exports_show_labels_not_codes(demo, client):
    codes = choice_codes()
    school = demo["sosh-11"]
    methodist = Membership.objects.get(organization=school, role=Role.METHODIST).user
    client.force_login(methodist, backend="django.contrib.auth.backends.ModelBackend")
    urls = [f"/bank/{side}/export.xlsx" for side in ("mentors", "mentees", "potential-mentors")]
    urls += [f"/roadmaps/{r.pk}/export.xlsx" for r in Roadmap.objects.filter(organization=school)]
    urls += [
        f"/surveys/campaigns/{c.pk}/results.xlsx"
        for c in Campaign.objects.filter(organization=school)
    ]
    found = {}
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        codes_in = xlsx_codes(b"".join(response), codes)
        if codes_in:
            found[url] = sorted(codes_in)
    assert len(urls) >= 5
    assert not found
