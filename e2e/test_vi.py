"""The settings of the version for the visually impaired in Chromium: every
colour scheme passes axe-core (contrast included), the largest font and
spacing do not make the page scroll sideways on a phone, the settings are
remembered from page to page."""

import pytest

from e2e.conftest import screenshot
from e2e.test_public import PAGES, _local_cache, axe_violations  # noqa: F401 - fixture
from reports.tests.test_public import section  # noqa: F401 - the fixture

BASE = "/o/test-school/nastavnichestvo/"


@pytest.mark.parametrize("scheme", ["bw", "wb", "blue", "brown"])
def test_every_colour_scheme_passes_axe(page, section, scheme):  # noqa: F811
    page.goto(f"{page.base_url}{BASE}rezhim/?on=1&scheme={scheme}&next={BASE}")
    assert f"vi-scheme-{scheme}" in page.locator("html").get_attribute("class")
    found = {}
    for name, path in PAGES.items():
        if name == "embed":
            continue
        page.goto(page.base_url + BASE + path)
        violations = axe_violations(page)
        if violations:
            found[name] = violations
    screenshot(page, f"vi-{scheme}-apply")
    assert not found, found


def test_largest_settings_fit_a_phone_and_are_remembered(phone_page, section):  # noqa: F811
    page = phone_page
    page.goto(page.base_url + BASE)
    page.get_by_role("link", name="Версия для слабовидящих").click()
    page.get_by_role("link", name="Очень крупный").click()
    page.get_by_role("link", name="Большой").click()
    page.get_by_role("link", name="Белым по чёрному").click()
    page.wait_for_load_state()
    classes = page.locator("html").get_attribute("class")
    assert classes == "vi-size-3 vi-scheme-wb vi-images-off vi-spacing-3"
    size = page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)")
    assert size >= 35
    assert page.evaluate("getComputedStyle(document.body).backgroundColor") == "rgb(0, 0, 0)"
    for name, path in PAGES.items():
        if name == "embed":
            continue
        page.goto(page.base_url + BASE + path)
        assert page.locator("html").get_attribute("class") == classes, name
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, (name, width)
    screenshot(page, "vi-phone-largest")
