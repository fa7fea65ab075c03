from conftest import PASSWORD
from e2e.conftest import login, screenshot
from mentoring.factories import MembershipFactory
from mentoring.models import Role


def test_methodist_logs_in_and_switches_organisation(page, cast):
    MembershipFactory(user=cast.methodist, organization=cast.other_school, role=Role.METHODIST)

    login(page, "methodist", PASSWORD)

    assert page.get_by_role("heading", level=1).inner_text().startswith("Здравствуйте")
    switcher = page.locator("#orgSwitcher")
    assert "Школа № 1" in switcher.inner_text()
    screenshot(page, "foundation-methodist-home")

    switcher.click()
    page.get_by_role("button", name="Школа № 2").click()
    page.wait_for_load_state()

    assert "Школа № 2" in page.locator("#orgSwitcher").inner_text()
    assert "Вы работаете в организации «Школа № 2»" in page.locator(".messages").inner_text()
    screenshot(page, "foundation-methodist-switched")


def test_wrong_password_shows_russian_error(page, cast):
    login(page, "methodist", "wrong-password")
    assert "Пожалуйста, введите правильные имя пользователя и пароль" in page.content()
