"""The public section «Наставничество» in Chromium, normal and for the
visually impaired, checked by axe-core (WCAG 2.1 A/AA) on every page."""

import json
from pathlib import Path

import pytest

from e2e.conftest import screenshot
from reports.tests.test_public import section  # noqa: F401 - the fixture

AXE = Path(__file__).resolve().parent / "vendor" / "axe.min.js"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
PAGES = {
    "home": "",
    "documents": "dokumenty/",
    "news": "novosti/",
    "practices": "praktiki/",
    "honour-board": "doska-pochyota/",
    "materials": "materialy/",
    "embed": "embed/",
    "apply": "stat-nastavnikom/",
}


@pytest.fixture(autouse=True)
def _local_cache(settings):
    from django.core.cache import cache

    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "e2e"}
    }
    cache.clear()


def axe_violations(page):
    # Evaluated through the DevTools protocol: an injected <script> tag would
    # be refused by the page's Content-Security-Policy, as it should be.
    page.evaluate(AXE.read_text(encoding="utf-8"))
    result = page.evaluate(
        "async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}})", TAGS
    )
    return [
        {
            "id": v["id"],
            "impact": v["impact"],
            "help": v["help"],
            "nodes": [(n["target"], n.get("failureSummary", "")) for n in v["nodes"][:5]],
        }
        for v in result["violations"]
    ]


def check_pages(page, section, mode):  # noqa: F811
    base = page.base_url + "/o/test-school/nastavnichestvo/"
    found = {}
    for name, path in PAGES.items():
        page.goto(base + path)
        page.wait_for_load_state()
        html = page.content()
        for person in section["hidden"].values():
            assert person.last_name not in html, (name, person.last_name)
        violations = axe_violations(page)
        if violations:
            found[name] = violations
        screenshot(page, f"public-{mode}-{name}")
    if found:
        print(json.dumps(found, ensure_ascii=False, indent=1))
    assert not found


def test_public_section_passes_axe_in_normal_mode(page, section):  # noqa: F811
    check_pages(page, section, "normal")
    page.goto(page.base_url + "/o/test-school/nastavnichestvo/doska-pochyota/")
    assert "Публикуемова Анна Ивановна" in page.locator("main").inner_text()


def test_public_section_for_the_visually_impaired_passes_axe(page, section):  # noqa: F811
    page.goto(page.base_url + "/o/test-school/nastavnichestvo/")
    page.get_by_role("link", name="Версия для слабовидящих").click()
    page.wait_for_load_state()
    assert "vi-mode" in page.locator("body").get_attribute("class")
    size = page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)")
    assert size >= 22
    check_pages(page, section, "vi")
    # The switch is on every page and brings the normal version back.
    page.goto(page.base_url + "/o/test-school/nastavnichestvo/novosti/")
    page.get_by_role("link", name="Обычная версия сайта").click()
    page.wait_for_load_state()
    assert page.url.endswith("/novosti/")
    assert "vi-mode" not in (page.locator("body").get_attribute("class") or "")
