"""Every URL of the project × every role of the fixed cast.

Each app keeps ACCESS tables in ``<app>/tests/access*.py`` (one per area). A URL pattern
without an entry fails ``test_every_url_pattern_has_an_access_entry``.
"""

import importlib
from pathlib import Path

import pytest
from django.apps import apps
from django.urls import URLPattern, URLResolver, get_resolver, resolve

from mentoring.tests.access_table import LOGIN, ROLES

# Outside the school that holds the sweep's objects: the specialist (at the
# department) and the other school's methodist. On a page of one object of
# the school they get 404 whatever their role, never 403: a refusal must not
# tell them the object exists (mentoring.access.role_required).
OUTSIDERS = {"specialist", "other_methodist"}


def names_an_object(url):
    """Whether the URL is a page of one object (a pk in the pattern)."""
    return any(key == "pk" or key.endswith("_pk") for key in resolve(url.split("?")[0]).kwargs)


# Patterns covered elsewhere, with the reason.
EXEMPT_NAMESPACES = {
    # Django's admin checks is_staff itself; test_admin_is_for_superusers_only.
    "admin",
}


def collect_tables():
    table = {}
    for config in apps.get_app_configs():
        tests_dir = Path(config.path) / "tests"
        for file in sorted(tests_dir.glob("access*.py")):
            if file.stem == "access_table":
                continue
            module = importlib.import_module(f"{config.name}.tests.{file.stem}")
            duplicate = table.keys() & module.ACCESS.keys()
            assert not duplicate, f"entries defined twice: {duplicate}"
            table.update(module.ACCESS)
    return table


def pattern_names(patterns=None, namespace=None):
    """Every named URL pattern as 'namespace:name' (or 'name')."""
    if patterns is None:
        patterns = get_resolver().url_patterns
    names = set()
    for p in patterns:
        if isinstance(p, URLResolver):
            ns = p.namespace or namespace
            if ns in EXEMPT_NAMESPACES:
                continue
            full = f"{namespace}:{p.namespace}" if namespace and p.namespace else ns
            names |= pattern_names(p.url_patterns, full)
        elif isinstance(p, URLPattern):
            assert p.name, f"URL pattern without a name: {p.pattern}"
            names.add(f"{namespace}:{p.name}" if namespace else p.name)
    return names


def missing_entries(names, table):
    return sorted(set(names) - set(table))


TABLE = collect_tables()
CASES = [(name, role) for name in sorted(TABLE) for role in [*ROLES, "anonymous"]]


def test_every_url_pattern_has_an_access_entry():
    missing = missing_entries(pattern_names(), TABLE)
    assert not missing, f"URL patterns without an access-table entry: {missing}"


def test_sweep_reports_a_new_url_without_entry():
    from django.urls import path

    def view(request):  # pragma: no cover - never called
        return None

    patterns = [*get_resolver().url_patterns, path("new-page/", view, name="brand_new_page")]
    assert missing_entries(pattern_names(patterns), TABLE) == ["brand_new_page"]


def test_no_stale_entries():
    stale = sorted(set(TABLE) - pattern_names())
    assert not stale, f"access-table entries for URLs that no longer exist: {stale}"


@pytest.mark.parametrize(("name", "role"), CASES)
def test_access(name, role, cast, client):
    entry = TABLE[name]
    if entry.setup:
        entry.setup(cast)
    if role != "anonymous":
        client.force_login(cast.by_role(role), backend="django.contrib.auth.backends.ModelBackend")
    url = entry.url(cast)
    data = entry.data(cast) if entry.data else {}
    response = getattr(client, entry.method)(url, data)
    expected = entry.expected[role]
    if expected == 403 and role in OUTSIDERS - entry.outsiders_who_see and names_an_object(url):
        expected = 404
    if expected == LOGIN:
        assert response.status_code == 302, (name, role, response.status_code)
        assert response["Location"].startswith("/accounts/login/"), response["Location"]
    else:
        assert response.status_code == expected, (name, role, response.status_code)


@pytest.mark.django_db
def test_admin_is_for_superusers_only(cast, client, admin_client):
    client.force_login(cast.director, backend="django.contrib.auth.backends.ModelBackend")
    assert client.get("/admin/").status_code == 302
    assert admin_client.get("/admin/").status_code == 200
    assert "Наставничество — администрирование" in admin_client.get("/admin/").text
