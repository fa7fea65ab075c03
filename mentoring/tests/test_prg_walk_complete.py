"""No creating form is left out of the post/redirect/get walks.

The walks live next to the views: ``GUARDED`` in mentoring/tests/
test_prg_walk.py and in ``<app>/tests/test_prg_walk.py`` of each upper app
(found by name, mentoring imports no upper app by name even in tests). This
test fails when

- a URL looks like it creates something (its name ends in ``_create``,
  ``_add``, ``_new``, ``_import``, ``_upload``, ``_copy``, ``_invite``,
  ``_propose``, ``_bulk``, ``_confirm``, ``_build``; or its path ends in
  ``/new/``, ``/import/``, ``/copy/``, ``/invite/``, ``/bulk/``, ``/send/``,
  ``/confirm/``, ``/upload/``) and is neither walked nor listed in
  ``NOT_WALKED`` with the reason;
- a view is wrapped in ``@submit_once`` but no walk posts its form twice;
- a walked view is not wrapped in ``@submit_once`` (except the forms that
  keep their own token, ``OWN_TOKEN``).
"""

import importlib
import re

from django.urls import URLPattern, URLResolver, get_resolver

from mentoring.tests.test_layering import upper_apps
from mentoring.tests.test_prg_walk import GUARDED

NAME = re.compile(
    r"_(create|add|new|import|upload|copy|invite|propose|bulk|confirm|build)(_view)?$"
)
PATH = re.compile(r"/(new|import|copy|invite|bulk|send|confirm|upload)/$")

# Looks creating by its name or path, yet is not walked — and why.
NOT_WALKED = {
    "mentoring:import_template": "GET of the import template XLSX, no form",
    "mentoring:practice_bank_add": (
        "sets a flag on an existing practice: a second POST finds it set and changes nothing"
    ),
    "mentoring:invitation_accept": (
        "the invitation link is one-time: a second POST finds it used and creates no account"
    ),
    "mentoring:account_activate": (
        "the activation code is one-time: a second POST finds it used and creates no account"
    ),
    "mentoring:plan_item_evidence_upload": (
        "replaces the one evidence file of an existing plan item: a repeat stores the same "
        "file again and creates no row"
    ),
    "password_reset_confirm": "sets a new password through a one-time link, creates nothing",
    "surveys:respond": "one response per one-time invitation link; a repeat updates it",
}

# Forms with their own one-time token instead of @submit_once.
OWN_TOKEN = {"surveys:campaign_create": "Campaign.submit_token (test_campaign_once.py)"}


def url_patterns(resolver=None, namespace="", prefix=""):
    """(``app:name``, route, view) of every named URL pattern, Django admin
    left out (its add pages are the operators' tool, not the product's
    forms)."""
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace == "admin":
                continue
            inner = namespace
            if pattern.namespace:
                inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
            yield from url_patterns(pattern, inner, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern) and pattern.name:
            name = f"{namespace}:{pattern.name}" if namespace else pattern.name
            yield name, prefix + str(pattern.pattern), pattern.callback


def walked():
    names = set(GUARDED)
    for app in sorted(upper_apps()):
        try:
            module = importlib.import_module(f"{app}.tests.test_prg_walk")
        except ModuleNotFoundError:
            continue
        names |= set(module.GUARDED)
    return names


def guarded(view):
    while view is not None:
        if getattr(view, "submit_once", False):
            return True
        view = getattr(view, "__wrapped__", None)
    return False


def test_every_url_that_looks_creating_is_walked_or_explained():
    covered = walked() | set(NOT_WALKED)
    missing = sorted(
        f"{name} ({route})"
        for name, route, _view in url_patterns()
        if (NAME.search(name) or PATH.search(route)) and name not in covered
    )
    assert not missing, "creating URLs without a PRG walk: " + ", ".join(missing)


def test_every_guarded_view_is_walked():
    names = walked()
    missing = sorted(
        name for name, _route, view in url_patterns() if guarded(view) and name not in names
    )
    assert not missing, "@submit_once views without a walk: " + ", ".join(missing)


def test_every_walked_view_is_guarded():
    views = {name: view for name, _route, view in url_patterns()}
    unknown = sorted(walked() - set(views))
    assert not unknown, "walks of URL names that do not exist: " + ", ".join(unknown)
    bare = sorted(name for name in walked() if not guarded(views[name]) and name not in OWN_TOKEN)
    assert not bare, "walked views without @submit_once: " + ", ".join(bare)


def test_the_not_walked_list_names_real_urls():
    names = {name for name, _route, _view in url_patterns()}
    assert set(NOT_WALKED) <= names, sorted(set(NOT_WALKED) - names)
