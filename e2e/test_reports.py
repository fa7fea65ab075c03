"""The director opens the dashboard (Chart.js draws the charts) and
downloads the analytic report PDF."""

from conftest import PASSWORD
from e2e.conftest import login, screenshot
from mentoring.models import ConsentKind, TargetGroup
from reports.tests.helpers import consents, headcount, pairs, people


def test_director_sees_the_dashboard_and_downloads_the_analytic_report(page, cast):
    org = cast.school
    mentors = people(org, 6, mentor=True, prefix="Наставникова")
    mentees = people(org, 8, group=TargetGroup.YOUNG_SPECIALIST, prefix="Молодцова")
    pairs(org, mentors[:5], mentees[:5])
    consents(mentors + mentees[:4])
    consents(mentors[:2], ConsentKind.PUBLICATION, publish_name=True)
    headcount(org, TargetGroup.TEACHER, 40)
    headcount(org, TargetGroup.YOUNG_SPECIALIST, 8)

    login(page, "director", PASSWORD)
    page.get_by_role("link", name="Сводка по программе").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", level=1).inner_text() == "Сводка по программе наставничества"
    assert page.locator("canvas").count() >= 3
    page.wait_for_function(
        "window.dashboardCharts && Object.keys(window.dashboardCharts).length >= 3"
    )
    drawn = page.evaluate(
        "Object.keys(window.dashboardCharts).filter(k => Chart.getChart(k) !== undefined)"
    )
    assert "chart-coverage" in drawn and "chart-consents" in drawn
    screenshot(page, "reports-dashboard")

    page.goto(page.base_url + "/reports/")
    page.wait_for_load_state()
    page.locator("#id_analytic-fmt").select_option("pdf")
    with page.expect_download() as info:
        page.locator("form[action$='/reports/build/analytic/'] button[type=submit]").click()
    download = info.value
    assert download.suggested_filename.startswith("analiticheskij-otchet-test-school-")
    path = download.path()
    with open(path, "rb") as handle:
        assert handle.read(4) == b"%PDF"
    screenshot(page, "reports-list")
