"""Issue 13 point 2: the Content-Security-Policy holds on every main page.

On the demo data, each role of the demo school (and the department's
specialist) logs in and opens every page of its side menu, and the methodist
also the first object page linked from each list; an anonymous visitor opens
the login page and the whole public section including the embed page. Any
``securitypolicyviolation`` event or CSP console error fails the test, and
every page must carry the policy header."""

import io
import re

import pytest
from django.core.management import call_command

from e2e.conftest import login, screenshot
from mentoring import demo
from mentoring.models import Membership
from mentoring.navigation import menu_for

SCHOOL = "sosh-11"
USERS = [
    "school.director",
    "school.coordinator",
    "school.methodist",
    "school.mentor",
    "school.mentee",
    "do.specialist",
]
# Collects violations in the page itself (an init script is not subject to the
# page's policy).
WATCH = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", function (e) {
  window.__csp.push(e.violatedDirective + " " + (e.blockedURI || "inline") + " "
                    + (e.sourceFile || "") + ":" + (e.lineNumber || ""));
});
"""
# Forms the methodist opens from the lists (crispy forms, htmx widgets).
FORMS = [
    "/participants/new/",
    "/events/new/",
    "/news/new/",
    "/practices/new/",
    "/materials/new/",
    "/training/groups/new/",
    "/surveys/new/",
    "/import/",
    "/roadmaps/import/",
    "/notifications/settings/",
]
OBJECT_LINK = re.compile(r"^/[a-z-]+(/[a-z-]+)?/\d+/$")


@pytest.fixture
def seeded(live_server, settings):
    from django.core.cache import cache

    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "csp"}
    }
    cache.clear()
    call_command("seed_demo", stdout=io.StringIO())


class Watcher:
    def __init__(self, page):
        self.page = page
        self.console = []
        page.add_init_script(WATCH)
        page.on(
            "console",
            lambda msg: (
                self.console.append(msg.text)
                if msg.type == "error" and "Content Security Policy" in msg.text
                else None
            ),
        )

    def visit(self, path):
        response = self.page.goto(self.page.base_url + path)
        assert response is not None and response.status < 500, (path, response and response.status)
        policy = response.headers.get("content-security-policy", "")
        assert "script-src 'self'" in policy, (path, policy)
        self.page.wait_for_load_state("networkidle")
        found = self.page.evaluate("window.__csp || []")
        errors, self.console[:] = list(self.console), []
        return [f"{path}: {v}" for v in found + errors]


def menu_paths(username):
    membership = Membership.objects.select_related("organization").filter(user__username=username)[
        0
    ]
    return [item["url"] for item in menu_for(membership) if "url" in item]


def test_no_page_of_any_role_violates_the_content_security_policy(seeded, browser, live_server):
    violations, visited = [], 0
    for username in USERS:
        context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="ru-RU")
        page = context.new_page()
        page.set_default_timeout(20_000)
        page.base_url = live_server.url
        watcher = Watcher(page)
        login(page, username, demo.DEMO_PASSWORD)
        for path in menu_paths(username):
            violations += watcher.visit(path)
            visited += 1
            if username != "school.methodist":
                continue
            # The pages whose style attributes became classes, to look at.
            name = path.strip("/").replace("/", "-") or "home"
            screenshot(page, f"csp-{name}")
            links = page.eval_on_selector_all(
                "main a[href]", "els => els.map(e => e.getAttribute('href'))"
            )
            first = next((h for h in links if OBJECT_LINK.match(h.split("?")[0])), None)
            if first:
                violations += watcher.visit(first)
                visited += 1
                screenshot(page, "csp-" + first.split("?")[0].strip("/").replace("/", "-"))
        if username == "school.methodist":
            for path in FORMS:
                violations += watcher.visit(path)
                visited += 1
        context.close()

    context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="ru-RU")
    page = context.new_page()
    page.base_url = live_server.url
    watcher = Watcher(page)
    public = f"/o/{SCHOOL}/nastavnichestvo/"
    for path in [
        "/accounts/login/",
        "/accounts/password_reset/",
        public,
        public + "dokumenty/",
        public + "novosti/",
        public + "praktiki/",
        public + "doska-pochyota/",
        public + "materialy/",
        public + "stat-nastavnikom/",
        public + "embed/",
    ]:
        violations += watcher.visit(path)
        visited += 1
    page.goto(page.base_url + public + "stat-nastavnikom/")
    screenshot(page, "csp-public-apply")
    embed = page.goto(page.base_url + public + "embed/")
    assert "frame-ancestors *" in embed.headers["content-security-policy"]
    home = page.goto(page.base_url + public)
    assert "frame-ancestors 'none'" in home.headers["content-security-policy"]
    context.close()
    assert visited > 60
    assert not violations, "\n".join(violations)
