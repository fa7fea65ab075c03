"""Security sweep across the whole project (issue 9).

Every page of the access table is opened as a role allowed to see it; every
POST form on it must carry the CSRF token, and posting to it without the
token must be refused with 403. Every POST-only URL likewise.
"""

from html.parser import HTMLParser
from urllib.parse import urljoin

import pytest
from django.test import Client

from mentoring.tests.test_access_sweep import TABLE

ROLE_ORDER = ["methodist", "coordinator", "director", "mentor", "mentee", "specialist", "anonymous"]


class FormParser(HTMLParser):
    def __init__(self):
        super().__init__()
        self.forms = []
        self._current = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and (attrs.get("method") or "get").lower() == "post":
            self._current = {"action": attrs.get("action") or "", "csrf": False}
            self.forms.append(self._current)
        elif (
            tag == "input"
            and self._current is not None
            and attrs.get("name") == "csrfmiddlewaretoken"
            and attrs.get("value")
        ):
            self._current["csrf"] = True

    def handle_endtag(self, tag):
        if tag == "form":
            self._current = None


def reader_of(entry):
    for role in ROLE_ORDER:
        if entry.expected.get(role) == 200:
            return role
    return None


def login(client, cast, role):
    if role != "anonymous":
        client.force_login(cast.by_role(role), backend="django.contrib.auth.backends.ModelBackend")


GET_CASES = sorted(name for name, e in TABLE.items() if e.method == "get" and reader_of(e))
POST_CASES = sorted(name for name, e in TABLE.items() if e.method == "post")


@pytest.mark.parametrize("name", GET_CASES)
def test_post_forms_carry_csrf_token_and_refuse_posts_without_it(name, cast, client):
    entry = TABLE[name]
    if entry.setup:
        entry.setup(cast)
    role = reader_of(entry)
    login(client, cast, role)
    url = entry.url(cast)
    response = client.get(url, entry.data(cast) if entry.data else {})
    assert response.status_code == 200
    if "html" not in response.get("Content-Type", ""):
        return
    parser = FormParser()
    parser.feed(response.content.decode())
    strict = Client(enforce_csrf_checks=True)
    login(strict, cast, role)
    for form in parser.forms:
        assert form["csrf"], f"{name}: a POST form without the CSRF token ({form['action']})"
        target = urljoin(url, form["action"]) if form["action"] else url
        if target.startswith("/accounts/logout"):
            continue
        refused = strict.post(target, {})
        assert refused.status_code == 403, (name, target, refused.status_code)


@pytest.mark.parametrize("name", POST_CASES)
def test_post_only_urls_refuse_requests_without_csrf_token(name, cast):
    entry = TABLE[name]
    if entry.setup:
        entry.setup(cast)
    role = next(
        (r for r in ROLE_ORDER if entry.expected.get(r) not in (403, 404, "login")), "methodist"
    )
    strict = Client(enforce_csrf_checks=True)
    login(strict, cast, role)
    response = strict.post(entry.url(cast), entry.data(cast) if entry.data else {})
    assert response.status_code == 403, (name, role, response.status_code)
