import datetime
import re
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from mentoring.factories import OrganizationFactory, ParticipantFactory
from mentoring.models import ConsentKind, MentorshipStatus, Participant, TargetGroup
from reports import builders, services
from reports.jobs import job_create, job_run, job_submit
from reports.models import JobStatus, ReportConclusion, ReportJob
from reports.periods import Period, Quarter

from .helpers import (
    consents,
    headcount,
    pairs,
    pdf_text,
    people,
    period_now,
    plain,
    sheet_rows,
    workbook,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def school(cast):
    """10 teacher-mentors and 10 young specialists in 6 active and 2
    completed pairs; 2 mentees waiting; 16 of 20 with a processing
    consent; 40 teachers and 10 young specialists in the headcount."""
    org = cast.school
    mentors = people(org, 10, mentor=True, prefix="Наставникова")
    mentees = people(org, 10, group=TargetGroup.YOUNG_SPECIALIST, prefix="Молодцова")
    pairs(org, mentors[:6], mentees[:6])
    pairs(org, mentors[6:8], mentees[6:8], status=MentorshipStatus.COMPLETED, items=(("done", 4),))
    consents(mentors + mentees[:6])
    consents(mentors[:3], ConsentKind.PUBLICATION, publish_name=True)
    headcount(org, TargetGroup.TEACHER, 40)
    headcount(org, TargetGroup.YOUNG_SPECIALIST, 10)
    return org


# --- figures ----------------------------------------------------------------------


def test_indicators_count_people_pairs_coverage_and_consents(school):
    values = builders.organization_indicators([school.pk], timezone.localdate())[school.pk]
    assert values["participants"] == 20
    assert values["mentors"] == 10
    assert values["mentees"] == 10
    assert values["active_pairs"] == 6
    # Teachers: 8 mentors + 8 young specialists in active or completed pairs
    # of 40 + 10 people.
    assert values["teachers_covered"] == 16
    assert values["teachers_headcount"] == 50
    assert values["teachers_percent"] == 32.0
    assert values["consent_percent"] == 80.0
    # Waiting: 2 never paired and 2 whose pair is completed.
    assert values["without_mentor"] == 4
    # 6 programmes half done, 2 fully done: 12 + 8 of 24 + 8 items.
    assert values["programs"] == 8
    assert values["programs_done_percent"] == Decimal("62.5")


def test_coverage_rows_compare_with_headcount(school):
    rows = {r["code"]: r for r in builders.coverage_rows(school, period_now())}
    # Pedagogical workers: teachers and young specialists, mentors and mentees.
    assert rows["coverage_teachers"]["covered"] == 16
    assert rows["coverage_teachers"]["headcount"] == 50
    assert rows["coverage_teachers"]["percent"] == 32
    # Young specialists with a mentor: 8 of 10, the target 100 % is not met.
    assert rows["young_specialists_mentored"]["percent"] == 80
    assert rows["young_specialists_mentored"]["reached"] is False


def test_dashboard_shows_the_figures_with_links(school, client_for, cast):
    response = client_for(cast.director).get("/dashboard/")
    assert response.status_code == 200
    text = response.content.decode()
    assert "Сводка по программе наставничества" in text
    assert 'id="dashboard-data"' in text
    assert "<canvas" in text
    assert "/mentees/without-mentor/" in text or "mentees_without_mentor" not in text
    data = response.context["data"]
    assert data["consents"]["percent"] == 80
    assert data["mentorships"]["by_status"]["active"] == 6
    assert data["mentorships"]["by_status"]["completed"] == 2


def test_dashboard_query_count_is_the_same_for_5_and_50_people(cast, client_for):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    org = cast.school
    client = client_for(cast.coordinator)
    counts = []
    client.get("/dashboard/")
    for size in (5, 50):
        mentors = people(org, size, mentor=True, prefix=f"М{size}-")
        mentees = people(org, size, group=TargetGroup.YOUNG_SPECIALIST, prefix=f"Н{size}-")
        pairs(org, mentors, mentees)
        consents(mentors)
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/dashboard/").status_code == 200
        counts.append(len(captured))
    assert counts[0] == counts[1], counts
    # 33: the indicator row also computes the on-time roadmap and the survey
    # participation (shown in the report and monitoring as well).
    assert counts[0] <= 33


def test_department_dashboard_puts_organisations_side_by_side_with_totals(cast, client_for, school):
    other = cast.other_school
    mentors = people(other, 4, mentor=True, prefix="Другая")
    mentees = people(other, 4, group=TargetGroup.YOUNG_SPECIALIST, prefix="Другой")
    pairs(other, mentors, mentees)
    response = client_for(cast.specialist).get("/dashboard/department/")
    assert response.status_code == 200
    rows = {r["org"].pk: r["values"] for r in response.context["rows"]}
    assert rows[school.pk]["participants"] == 20
    assert rows[other.pk]["participants"] == 8
    assert rows[other.pk]["active_pairs"] == 4
    total = response.context["total"]
    assert total["participants"] == 28
    assert total["active_pairs"] == 10
    text = response.content.decode()
    assert "Школа № 1" in text and "Школа № 2" in text and "Итого" in text


def test_department_dashboard_shows_a_rename_and_a_write_at_once(cast, client_for, school):
    """The rows' cells are cached per figures version; the names and links
    are not (a rename does not bump the figures), a write does bump."""
    client = client_for(cast.specialist)
    response = client.get("/dashboard/department/")
    before = {r["org"].pk: r["values"] for r in response.context["rows"]}[school.pk]
    school.short_name = "Школа «Новое имя»"
    school.save()
    ParticipantFactory(organization=school)  # a save bumps the figures
    response = client.get("/dashboard/department/")
    text = response.content.decode()
    after = {r["org"].pk: r["values"] for r in response.context["rows"]}[school.pk]
    assert after["participants"] == before["participants"] + 1
    assert (
        f'<tr data-org="{school.slug}"><th scope="row"><a href="/dashboard/department/'
        f'{school.slug}/">Школа «Новое имя»</a></th>' in text
    )
    assert f'<tr data-targets-org="{school.slug}"><th scope="row">Школа «Новое имя»</th>' in text


def test_department_dashboard_queries_do_not_grow_with_organisations(cast, client_for):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(cast.specialist)
    counts = []
    client.get("/dashboard/department/")
    for batch in (2, 12):
        for i in range(batch):
            org = OrganizationFactory(parent=cast.department, slug=f"q-{batch}-{i}")
            mentors = people(org, 2, mentor=True, prefix=f"Q{batch}{i}")
            mentees = people(org, 2, group=TargetGroup.YOUNG_SPECIALIST, prefix=f"W{batch}{i}")
            pairs(org, mentors, mentees)
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/dashboard/department/").status_code == 200
        counts.append(len(captured))
    assert counts[0] == counts[1], counts


# --- registers --------------------------------------------------------------------


def test_personified_register_lists_each_person_with_the_pair(school):
    built = services.report_build(
        organization=school, kind="register", fmt="xlsx", period=period_now().code
    )
    rows = sheet_rows(built.content)
    header, body = rows[0], rows[1:]
    assert header[:5] == ["№", "Фамилия", "Имя", "Отчество", "Роль"]
    # 8 pairs in the period (6 active, 2 completed): 16 people.
    assert len(body) == 16
    first_mentee = next(r for r in body if r[1] == "Молодцова00000")
    assert first_mentee[4] == "наставляемый"
    assert first_mentee[9] == "Наставникова00000 А. И."
    assert first_mentee[11] == "Действует"
    assert isinstance(first_mentee[12], datetime.datetime)
    assert first_mentee[14].startswith("№ 1-о от ")
    wb = workbook(built.content)
    ws = wb.worksheets[0]
    assert ws.freeze_panes == "A2"
    assert ws["M2"].number_format == "DD.MM.YYYY"
    assert ws.column_dimensions["B"].width == 18
    assert wb.worksheets[1]["B3"].value == school.name


def test_register_filters_by_status_role_and_group(school):
    built = services.report_build(
        organization=school,
        kind="register",
        fmt="xlsx",
        params={"filters": {"status": "completed", "role": "mentee"}},
    )
    body = sheet_rows(built.content)[1:]
    assert [r[1] for r in body] == ["Молодцова00006", "Молодцова00007"]
    assert {r[11] for r in body} == {"Завершена"}
    params = sheet_rows(built.content, 1)
    assert ["Отбор", "статус: завершена; наставляемые"] in params


def test_bank_of_mentors_has_no_special_categories_and_follows_filters(school):
    built = services.report_build(
        organization=school,
        kind="mentors",
        fmt="xlsx",
        params={"filters": {"consent": "yes"}},
    )
    rows = sheet_rows(built.content)
    assert "ОВЗ" not in " ".join(str(c) for c in rows[0])
    assert len(rows) - 1 == 10
    # Columns by their headers: the export starts with «Внешний ID» so that it
    # re-imports (issue 16).
    assert rows[1][rows[0].index("Фамилия")] == "Наставникова00000"
    assert rows[1][14] == "есть" and "Внешний ID" in rows[0]


def test_bank_of_mentees_and_register_of_potential_mentors(cast, school):
    mentees = sheet_rows(
        services.report_build(organization=school, kind="mentees", fmt="xlsx").content
    )
    assert len(mentees) - 1 == 10
    from mentoring.models import Participant

    Participant.objects.filter(last_name="Наставникова00009").update(mentor_status="potential")
    potential = sheet_rows(
        services.report_build(organization=school, kind="potential-mentors", fmt="xlsx").content
    )
    surname = potential[0].index("Фамилия")
    assert [r[surname] for r in potential[1:]] == ["Наставникова00009"]
    assert potential[0][-1] == "Итог собеседования"


# --- analytic report --------------------------------------------------------------


def test_analytic_pdf_shows_the_figures(school):
    ReportConclusion.objects.create(
        organization=school, period=period_now().code, text="Программа выполняется по плану."
    )
    built = services.report_build(organization=school, kind="analytic", fmt="pdf")
    assert built.content.startswith(b"%PDF")
    text = pdf_text(built.content)
    assert "АНАЛИТИЧЕСКИЙ ОТЧЁТ" in text
    assert "Содержание" in text
    assert re.search(r"Участников программы.*\s20\n", text)
    assert re.search(r"Действующих пар и групп на .*\s6\n", text)
    assert re.search(r"Охват педагогических работников.*\s32\n", text)
    assert re.search(r"персональных данных, %\s+\[\d+\]\s+80\n", text)
    assert re.search(r"Охват педагогических\s+50\s+16\s+32\s+70\s+нет", text)
    assert "Программа выполняется по плану." in text
    assert "Определения показателей" in text
    # Numbered pages: "Стр. N из M" from the second page on.
    pages = re.findall(r"Стр\. (\d+) из (\d+)", text)
    assert pages and pages[0][0] == "2"
    assert int(pages[-1][0]) == int(pages[-1][1])
    # The table of contents points at real pages.
    assert re.search(r"3\. Охват целевых групп наставничеством \.+ \d+", text)


def test_analytic_pdf_embeds_cyrillic_fonts(school):
    import shutil
    import subprocess

    built = services.report_build(organization=school, kind="analytic", fmt="pdf")
    tool = shutil.which("pdffonts")
    if tool is None:  # pragma: no cover
        pytest.skip("pdffonts is not installed")
    result = subprocess.run([tool, "-"], input=built.content, capture_output=True, check=True)  # noqa: S603
    lines = result.stdout.decode().splitlines()[2:]
    assert lines and all(" yes " in line for line in lines)
    assert any("Report-Sans" in line for line in lines)


def test_analytic_xlsx_has_a_sheet_per_section(school):
    built = services.report_build(organization=school, kind="analytic", fmt="xlsx")
    wb = workbook(built.content)
    for name in ("Общие сведения", "Участники", "Охват", "Согласия", "Пары и группы", "Программы"):
        assert name in wb.sheetnames
    general = {plain(r[0]): r[1] for r in wb["Общие сведения"].iter_rows(values_only=True)}
    assert general["Участников"] == 20
    assert general["Согласия на обработку персональных данных, %"] == 80
    pairs_sheet = list(wb["Пары и группы"].iter_rows(values_only=True))
    assert pairs_sheet[-1][0] == "Итого"
    assert pairs_sheet[-1][-1] == 8


def test_conclusions_are_saved_from_the_form_and_reused(cast, client_for, school):
    client = client_for(cast.coordinator)
    response = client.post(
        "/reports/build/analytic/",
        {
            "analytic-period": period_now().code,
            "analytic-fmt": "pdf",
            "analytic-conclusions": "Охват педагогов превысил цель.",
        },
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "Охват педагогов превысил цель." in pdf_text(response.content)
    assert (
        ReportConclusion.objects.get(organization=school).text == "Охват педагогов превысил цель."
    )
    page = client.get("/reports/").content.decode()
    assert "Охват педагогов превысил цель." in page


def test_director_builds_the_report_but_does_not_change_the_conclusions(cast, client_for, school):
    ReportConclusion.objects.create(organization=school, period=period_now().code, text="Старые.")
    response = client_for(cast.director).post(
        "/reports/build/analytic/",
        {
            "analytic-period": period_now().code,
            "analytic-fmt": "xlsx",
            "analytic-conclusions": "Новые.",
        },
    )
    assert response.status_code == 200
    assert ReportConclusion.objects.get(organization=school).text == "Старые."


# --- monitoring -----------------------------------------------------------------------


def test_monitoring_has_a_row_per_organisation_and_the_quarter_change(cast, school):
    quarter = Quarter.current()
    start = quarter.start
    # Two pairs of the other school started last quarter, one this quarter.
    other = cast.other_school
    mentors = people(other, 3, mentor=True, prefix="Квартальная")
    mentees = people(other, 3, group=TargetGroup.YOUNG_SPECIALIST, prefix="Квартальный")
    pairs(other, mentors[:2], mentees[:2], activated_on=start - datetime.timedelta(days=20))
    pairs(other, mentors[2:], mentees[2:], activated_on=start + datetime.timedelta(days=1))
    # The people were in the banks before the previous quarter ended (a bank
    # entered later reads «нет данных» for that quarter, tested elsewhere).
    entered = timezone.make_aware(
        datetime.datetime.combine(start, datetime.time()) - datetime.timedelta(days=30)
    )
    Participant.objects.filter(pk__in=[p.pk for p in mentors + mentees]).update(created_at=entered)
    built = services.report_build(
        organization=cast.department, kind="monitoring", fmt="xlsx", period=quarter.code
    )
    wb = workbook(built.content)
    current = list(wb.worksheets[0].iter_rows(values_only=True))
    header = current[0]
    col = header.index("Действующих пар и групп")
    by_org = {r[1]: r for r in current[1:]}
    assert by_org["Школа № 2"][col] == 3
    assert by_org["Итого"][col] == 3 + by_org["Школа № 1"][col]
    change = list(wb.worksheets[1].iter_rows(values_only=True))
    header = change[0]
    prev_col = header.index(f"Действующих пар и групп: {quarter.previous().label}")
    row = next(r for r in change if r[1] == "Школа № 2")
    assert row[prev_col : prev_col + 3] == (2, 3, 1)


def test_quarters_and_periods_parse_and_step_back():
    assert Quarter.parse("2026-Q1").previous() == Quarter(2025, 4)
    assert Quarter(2026, 2).end == datetime.date(2026, 6, 30)
    assert Period.parse("2025-2026").end == datetime.date(2026, 8, 31)
    with pytest.raises(ValueError):
        Period.parse("2025-2027")


# --- the command ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "fmt", "org"),
    [
        ("analytic", "pdf", "test-school"),
        ("analytic", "xlsx", "test-school"),
        ("register", "xlsx", "test-school"),
        ("mentors", "xlsx", "test-school"),
        ("mentees", "xlsx", "test-school"),
        ("potential-mentors", "xlsx", "test-school"),
        ("monitoring", "xlsx", "test-do"),
    ],
)
def test_build_report_command_writes_each_kind(school, tmp_path, kind, fmt, org):
    out = tmp_path / f"report.{fmt}"
    call_command("build_report", kind, "--org", org, "--format", fmt, "--out", str(out))
    content = out.read_bytes()
    assert content.startswith(b"%PDF" if fmt == "pdf" else b"PK")


def test_build_report_command_with_period_into_a_directory(school, tmp_path):
    call_command(
        "build_report",
        "register",
        "--org",
        "test-school",
        "--out",
        str(tmp_path),
        "--period",
        period_now().code,
        "--filter",
        "role=mentor",
    )
    [path] = tmp_path.iterdir()
    assert path.name == f"reestr-uchastnikov-test-school-{period_now().code}.xlsx"
    assert len(sheet_rows(path.read_bytes())) - 1 == 8


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["nonsense", "--org", "test-school"], "Неизвестный вид отчёта"),
        (["register", "--org", "no-such-org"], "не найдена"),
        (["monitoring", "--org", "test-school"], "для департамента"),
        (["register", "--org", "test-do"], "Для департамента"),
        (["register", "--org", "test-school", "--format", "pdf"], "форматах"),
        (["analytic", "--org", "test-school", "--period", "2025-2030"], "Учебный год"),
    ],
)
def test_build_report_command_refuses_what_makes_no_sense(cast, tmp_path, args, message):
    with pytest.raises(CommandError, match=message):
        call_command("build_report", *args, "--out", str(tmp_path / "x"))
    assert not (tmp_path / "x").exists()


def test_build_report_command_exit_code_is_not_zero_on_error(cast, tmp_path):
    import subprocess
    import sys

    from django.conf import settings

    result = subprocess.run(
        [sys.executable, "manage.py", "build_report", "nonsense", "--org", "x", "--out", "x.xlsx"],
        cwd=settings.BASE_DIR,
        capture_output=True,
        check=False,
    )
    assert result.returncode != 0


# --- background jobs ----------------------------------------------------------------


def test_job_goes_from_queued_to_running_to_done_with_progress(school, monkeypatch):
    seen = []
    import reports.jobs as jobs

    original = jobs._set_progress

    def spy(job_id, value):
        original(job_id, value)
        job = ReportJob.objects.get(pk=job_id)
        seen.append((job.status, job.progress))

    monkeypatch.setattr(jobs, "_set_progress", spy)
    job = job_create(organization=school, kind="analytic", fmt="pdf", period=period_now().code)
    assert job.status == JobStatus.QUEUED and job.progress == 0
    job = job_run(job.pk)
    assert job.status == JobStatus.DONE
    assert job.progress == 100
    assert job.file.read().startswith(b"%PDF")
    assert job.filename.endswith(".pdf")
    assert seen and all(status == JobStatus.RUNNING for status, _p in seen)
    assert [p for _s, p in seen] == sorted(p for _s, p in seen)


def test_failed_job_keeps_the_message(school, monkeypatch):
    import reports.services as report_services

    def broken(*args, **kwargs):
        raise report_services.ReportError("Нет данных за период.")

    monkeypatch.setattr(report_services.builders, "analytic_data", broken)
    job = job_create(organization=school, kind="analytic", fmt="xlsx")
    job = job_run(job.pk)
    assert job.status == JobStatus.FAILED
    assert job.message == "Нет данных за период."
    assert not job.file


@pytest.mark.django_db(transaction=True)
def test_a_job_waits_in_the_task_queue_until_a_worker_builds_it(school, settings):
    # transaction=True: the worker closes its database connections between
    # tasks, which a test wrapped in one transaction cannot survive (PostgreSQL).
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    job = job_submit(organization=school, kind="mentors", fmt="xlsx")
    stale = job_create(organization=school, kind="mentees", fmt="xlsx")
    ReportJob.objects.filter(pk=stale.pk).update(
        status=JobStatus.RUNNING, heartbeat_at=timezone.now() - datetime.timedelta(hours=1)
    )
    alive = job_create(organization=school, kind="register", fmt="xlsx")
    ReportJob.objects.filter(pk=alive.pk).update(
        status=JobStatus.RUNNING, heartbeat_at=timezone.now()
    )
    assert DBTaskResult.objects.count() == 1
    assert ReportJob.objects.get(pk=job.pk).status == JobStatus.QUEUED
    call_command("db_worker", "--batch", "--no-startup-delay")
    assert ReportJob.objects.get(pk=job.pk).status == JobStatus.DONE
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"
    # A stale job is rebuilt when its task is delivered again; a live one is not
    # taken twice.
    assert job_run(stale.pk).status == JobStatus.DONE
    assert job_run(alive.pk) is None


def test_big_report_goes_to_the_background_with_a_progress_page(
    cast, client_for, school, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(services, "BACKGROUND_PARTICIPANTS", 5)
    client = client_for(cast.methodist)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/reports/build/mentors/", {})
    assert response.status_code == 302
    job = ReportJob.objects.get()
    assert response["Location"] == f"/reports/jobs/{job.pk}/"
    # The immediate task backend in tests: the job ran in the request.
    job.refresh_from_db()
    assert job.status == JobStatus.DONE
    page = client.get(f"/reports/jobs/{job.pk}/", HTTP_HX_REQUEST="true")
    assert page.status_code == 286  # htmx: stop polling
    assert f"/reports/jobs/{job.pk}/download/" in page.content.decode()
    download = client.get(f"/reports/jobs/{job.pk}/download/")
    assert download.status_code == 200
    assert b"".join(download.streaming_content).startswith(b"PK")


def test_progress_page_polls_while_the_job_runs(cast, client_for, school):
    job = job_create(organization=school, kind="mentors", fmt="xlsx")
    ReportJob.objects.filter(pk=job.pk).update(status=JobStatus.RUNNING, progress=40)
    page = client_for(cast.director).get(f"/reports/jobs/{job.pk}/").content.decode()
    assert 'hx-trigger="every 1s"' in page
    assert 'aria-valuenow="40"' in page


def test_small_report_is_downloaded_at_once(cast, client_for, school):
    response = client_for(cast.director).post(
        "/reports/build/register/",
        {"register-period": period_now().code, "register-role": "mentee"},
    )
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    assert len(sheet_rows(response.content)) - 1 == 8
    assert not ReportJob.objects.exists()


def test_specialist_builds_the_monitoring(cast, client_for, school):
    response = client_for(cast.specialist).post(
        "/reports/build/monitoring/", {"quarter": Quarter.current().code}
    )
    assert response.status_code == 200
    names = [r[1] for r in sheet_rows(response.content)[1:]]
    # Школа № 2 has nobody in its banks: the total is of the other school,
    # labelled so.
    assert names == ["Школа № 1", "Школа № 2", "Итого (по 1 из 2 организаций с данными)"]


def test_another_organisations_job_is_404(cast, client_for, school):
    job = job_create(organization=cast.other_school, kind="mentors", fmt="xlsx")
    job_run(job.pk)
    client = client_for(cast.methodist)
    assert client.get(f"/reports/jobs/{job.pk}/").status_code == 404
    assert client.get(f"/reports/jobs/{job.pk}/download/").status_code == 404


def test_order_is_published_and_unpublished(cast, client_for):
    from .access import approved_order

    order = approved_order(cast, public=False)
    client = client_for(cast.methodist)
    client.post(f"/public-settings/orders/{order.pk}/publish/", {"is_public": "1"})
    order.refresh_from_db()
    assert order.is_public
    client.post(f"/public-settings/orders/{order.pk}/publish/", {"is_public": "0"})
    order.refresh_from_db()
    assert not order.is_public
