"""Every page of every role at a phone (390 px) and a desktop (1366 px) width in
Chromium, on the demo data (``seed_demo``).

For each demo role the test walks the pages reachable by links from the home
page (one page per URL pattern and query-parameter set: one participant card
stands for all of them) and fails when

* the document is wider than the viewport (``scrollWidth > innerWidth``): a page
  that needs sideways scrolling on a phone or cuts off controls on a desktop;
* axe-core (WCAG 2.1 A/AA, contrast included) reports a serious or critical
  violation (at the desktop width).

The patterns the role may open (``mentoring/tests/access*.py``, answer 200 to a
GET) that the walk did not reach are printed, so a page without a link to it is
visible in the output.
"""

import json
from collections import deque
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

import pytest
from django.urls import Resolver404, resolve
from playwright.sync_api import Error as PlaywrightError

from e2e.conftest import login, screenshot
from e2e.test_journeys import PASSWORD, seeded  # noqa: F401 - the fixture

AXE = Path(__file__).resolve().parent / "vendor" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
WIDTHS = {"phone": (390, 844), "desktop": (1366, 900)}

# Demo user per role of the fixed cast (mentoring/demo.py).
ROLES = {
    "director": "school.director",
    "coordinator": "school.coordinator",
    "methodist": "school.methodist",
    "mentor": "school.mentor",
    "mentee": "school.mentee",
    "specialist": "do.specialist",
}
# Pages each walk may open per URL pattern, and in total.
PER_PATTERN = 1
LIMIT = 160
# Never followed: leaving the session, Django's admin, files.
SKIP_PREFIXES = ("/accounts/logout", "/admin/", "/media/", "/static/")
SKIP_SUFFIXES = (".xlsx", ".pdf", ".zip", ".csv", ".docx", ".png", ".jpg", ".svg", ".ics")

# Elements wider than the viewport, for the failure message.
WIDE_ELEMENTS = """() => {
  const w = document.documentElement.clientWidth;
  const out = [];
  for (const el of document.querySelectorAll('body *')) {
    const r = el.getBoundingClientRect();
    const p = el.parentElement.getBoundingClientRect();
    if (r.right > w + 1 && r.width > 0 && p.right <= w + 1) {
      const cls = typeof el.className === 'string' ? el.className.trim() : '';
      const name = el.tagName.toLowerCase() + (cls ? '.' + cls.split(/\\s+/).join('.') : '');
      out.push(name + ' right=' + Math.round(r.right));
    }
    if (out.length >= 6) break;
  }
  return out;
}"""


def _pattern(url):
    parts = urlsplit(url)
    try:
        match = resolve(parts.path)
    except Resolver404:
        return None
    keys = sorted({k for k, _v in parse_qsl(parts.query)} - {"page"})
    return match.view_name, tuple(keys)


def _links(page, base):
    hrefs = page.eval_on_selector_all(
        "a[href]:not([download])", "els => els.map(e => e.getAttribute('href'))"
    )
    for href in hrefs:
        if not href or href.startswith(("#", "mailto:", "tel:", "javascript:")):
            continue
        if href.startswith(base):
            href = href[len(base) :]
        if not href.startswith("/") or href.startswith("//"):
            continue
        href = href.split("#")[0]
        path = urlsplit(href).path
        if path.startswith(SKIP_PREFIXES) or path.lower().endswith(SKIP_SUFFIXES):
            continue
        yield href


def axe_serious(page):
    # Evaluated through the DevTools protocol: an injected <script> tag would
    # be refused by the page's Content-Security-Policy, as it should be.
    page.evaluate(AXE.read_text(encoding="utf-8"))
    result = page.evaluate(
        "async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}})",
        AXE_TAGS,
    )
    return [
        {
            "id": v["id"],
            "impact": v["impact"],
            "nodes": [(n["target"], n.get("failureSummary", "")[:200]) for n in v["nodes"][:4]],
        }
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def walk(browser, base, username, start=("/", "/accounts/password_change/")):
    """Visits the pages reachable from ``start`` (signed in as ``username``, or
    anonymous for None); returns {url: [problems]} and the visited pattern names."""
    contexts = {
        name: browser.new_context(viewport={"width": w, "height": h}, locale="ru-RU")
        for name, (w, h) in WIDTHS.items()
    }
    pages = {}
    for name, context in contexts.items():
        pages[name] = context.new_page()
        pages[name].set_default_timeout(20_000)
        pages[name].base_url = base
        if username:
            login(pages[name], username, PASSWORD)
    problems, seen_patterns, seen_urls = {}, {}, set()
    queue = deque(start)
    try:
        while queue and len(seen_urls) < LIMIT:
            url = queue.popleft()
            if url in seen_urls:
                continue
            pattern = _pattern(url)
            if pattern is None or seen_patterns.get(pattern, 0) >= PER_PATTERN:
                continue
            seen_urls.add(url)
            for name, page in pages.items():
                try:
                    response = page.goto(base + url)
                except PlaywrightError as error:  # a file answered with a download
                    if "Download is starting" not in str(error):
                        raise
                    break
                if response is None or "text/html" not in response.headers.get("content-type", ""):
                    break
                page.wait_for_load_state("load")
                if response.status != 200:
                    problems.setdefault(url, []).append(f"{name}: HTTP {response.status}")
                    break
                width = page.evaluate("document.documentElement.scrollWidth")
                viewport = page.evaluate("window.innerWidth")
                if width > viewport:
                    problems.setdefault(url, []).append(
                        f"{name}: scrollWidth {width} > {viewport}: {page.evaluate(WIDE_ELEMENTS)}"
                    )
                    screenshot(page, f"layout-fail-{username}-{name}-{len(seen_urls)}")
                # Colours and names do not change with the width: axe once per page.
                for v in axe_serious(page) if name == "desktop" else []:
                    problems.setdefault(url, []).append(f"{name}: axe {v['id']} {v['nodes']}")
                if name == "desktop":
                    seen_patterns[pattern] = seen_patterns.get(pattern, 0) + 1
                    for link in _links(page, base):
                        if link not in seen_urls:
                            queue.append(link)
    finally:
        for context in contexts.values():
            context.close()
    return problems, {p[0] for p in seen_patterns}


def start_urls(role):
    """The home page, then every page of the role's access table that takes no
    arguments (a page without a link to it is still checked)."""
    from django.urls import NoReverseMatch, reverse

    urls = ["/"]
    for name in sorted(role_get_patterns(role)):
        try:
            urls.append(reverse(name))
        except NoReverseMatch:
            continue
    return [
        u
        for u in urls
        if not u.startswith(SKIP_PREFIXES)
        and not u.lower().endswith(SKIP_SUFFIXES)  # files, not pages
        and u != "/healthz"
    ]


def role_get_patterns(role):
    from mentoring.tests.test_access_sweep import TABLE

    return {
        name
        for name, entry in TABLE.items()
        if entry.method == "get" and entry.expected.get(role) == 200
    }


@pytest.mark.parametrize("role", list(ROLES))
def test_every_page_fits_the_viewport_and_passes_axe(browser, live_server, seeded, role):  # noqa: F811
    problems, visited = walk(browser, live_server.url, ROLES[role], start_urls(role))
    unreached = sorted(role_get_patterns(role) - visited)
    print(f"{role}: {len(visited)} patterns visited; not reached by links: {unreached}")
    if problems:
        # The same fault repeats on many pages: one line per fault, with its pages.
        by_fault = {}
        for url, found in problems.items():
            for fault in found:
                by_fault.setdefault(fault, []).append(url)
        summary = {
            fault: urls[:4] + ([f"… {len(urls)}"] if len(urls) > 4 else [])
            for fault, urls in by_fault.items()
        }
        print(json.dumps(summary, ensure_ascii=False, indent=1))
    assert len(visited) >= 8, visited
    assert not problems


def test_pages_without_login_fit_the_viewport_and_pass_axe(browser, live_server, seeded):  # noqa: F811
    start = ("/accounts/login/", "/accounts/password_reset/", "/o/sosh-11/nastavnichestvo/")
    problems, visited = walk(browser, live_server.url, None, start)
    print(f"anonymous: {sorted(visited)}")
    assert {"login", "password_reset", "reports:public_home", "reports:apply"} <= visited
    assert not problems, problems


# Table cells outside their scrolling box or the screen (headers hidden by
# .table-cards on a phone do not count): a table the user has to scroll sideways.
CUT_CELLS = """() => {
  const vw = document.documentElement.clientWidth;
  const out = [];
  for (const table of document.querySelectorAll('main table')) {
    if (!table.getClientRects().length) continue;
    let box = table.parentElement;
    const scrolling = (el) => ['auto', 'scroll', 'hidden'].includes(getComputedStyle(el).overflowX);
    while (box !== document.body && !scrolling(box)) {
      box = box.parentElement;
    }
    const b = box === document.body ? {left: 0, right: vw} : box.getBoundingClientRect();
    for (const cell of table.querySelectorAll('th, td')) {
      const r = cell.getBoundingClientRect();
      const head = cell.closest('thead');
      if (!r.width || (head && head.getBoundingClientRect().width <= 1)) continue;
      if (r.right > Math.min(b.right, vw) + 1 || r.left < Math.max(b.left, 0) - 1) {
        const where = ' [' + Math.round(r.left) + '..' + Math.round(r.right) + ']';
        out.push(cell.innerText.trim().slice(0, 30) + where);
      }
    }
  }
  return out.slice(0, 8);
}"""

# [scrollWidth, clientWidth] of each monitoring table's scroll box.
MONITORING_WIDTHS = """() => [...document.querySelectorAll('.monitoring-table')].map(t => {
  const box = t.closest('.monitoring-scroll');
  return [box.scrollWidth, box.clientWidth];
})"""

# The home pages and dashboards whose figure tables a phone shows as cards
# (issue 14: the coverage table of the director's dashboard scrolled sideways).
DASHBOARDS = {
    "school.director": ["/", "/dashboard/"],
    "school.methodist": ["/", "/dashboard/"],
    "college.director": ["/", "/dashboard/"],
    "do.specialist": ["/", "/dashboard/department/", "/dashboard/department/sosh-11/"],
    "do.head": ["/", "/dashboard/department/"],
}


@pytest.mark.parametrize("username", list(DASHBOARDS))
def test_dashboard_tables_fit_a_phone(browser, live_server, seeded, username):  # noqa: F811
    """At 390 px no dashboard table scrolls sideways or cuts a cell off; at
    1366 px the page fits, and so does each of the department monitoring's
    thematic tables (issue 17: the 24 columns were one table scrolling
    inside its box)."""
    for name, (width, height) in WIDTHS.items():
        context = browser.new_context(viewport={"width": width, "height": height}, locale="ru-RU")
        page = context.new_page()
        page.set_default_timeout(20_000)
        page.base_url = live_server.url
        login(page, username, PASSWORD)
        try:
            for url in DASHBOARDS[username]:
                assert page.goto(live_server.url + url).status == 200, url
                page.wait_for_load_state("load")
                slug = url.strip("/").replace("/", "-") or "home"
                screenshot(page, f"dashboard-{username}-{slug}-{width}")
                assert page.evaluate("document.documentElement.scrollWidth") <= width, (name, url)
                if name == "phone":
                    assert page.evaluate(CUT_CELLS) == [], (username, url)
                if url == "/dashboard/department/":
                    widths = page.evaluate(MONITORING_WIDTHS)
                    assert len(widths) >= 4, widths
                    assert all(scroll <= client for scroll, client in widths), (name, widths)
        finally:
            context.close()
