"""Security checks that the other suites do not make yet (issue 9).

Already covered elsewhere and not repeated here:
- session fixation, idle and absolute timeout, throttling, no-store,
  ``check --deploy``, log redaction: mentoring/tests/test_foundation.py;
- survey personal links (256-bit tokens stored as SHA-256 only):
  surveys/tests/test_links.py::test_token_is_long_random_and_stored_only_as_a_hash;
- names of mentors without publication consent on public pages:
  reports/tests/test_public.py.
"""

import functools
import json
import os
import re
import subprocess
import sys
from collections import deque
from html import unescape
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.models import Session
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.test import Client, override_settings
from django.urls import Resolver404, path, resolve
from django.utils import timezone

from conftest import PASSWORD
from mentoring.tests.test_access_sweep import TABLE
from mentoring.validators import ContextSpecificWordsValidator

ROOT = Path(__file__).resolve().parents[2]


def login(client, user, password=PASSWORD):
    """A real sign-in through the login form (not force_login)."""
    response = client.post("/accounts/login/", {"username": user.username, "password": password})
    assert response.status_code == 302, response.status_code
    return client


def is_signed_in(client):
    return client.get("/").status_code == 200


# --- sessions end on the server -----------------------------------------------------


def test_logout_deletes_the_session_so_the_old_cookie_no_longer_works(cast, client):
    login(client, cast.methodist)
    old_key = client.cookies["sessionid"].value
    assert Session.objects.filter(session_key=old_key).exists()

    client.post("/accounts/logout/")

    assert not Session.objects.filter(session_key=old_key).exists()
    replay = Client()
    replay.cookies["sessionid"] = old_key
    response = replay.get("/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_logout_is_post_only_and_offered_on_every_signed_in_page(cast, client_for):
    client = client_for(cast.mentor)
    assert client.get("/accounts/logout/").status_code == 405
    page = client.get("/").text
    assert 'action="/accounts/logout/"' in page


def test_password_change_ends_other_sessions_and_keeps_the_current_one(cast):
    here, elsewhere = login(Client(), cast.mentor), login(Client(), cast.mentor)
    response = here.post(
        "/accounts/password_change/",
        {
            "old_password": PASSWORD,
            "new_password1": "Сосна-Облако-Рюкзак-2026",
            "new_password2": "Сосна-Облако-Рюкзак-2026",
        },
    )
    assert response.status_code == 302
    assert is_signed_in(here)
    assert not is_signed_in(elsewhere)


def test_password_change_needs_the_current_password(cast, client_for):
    client = client_for(cast.mentor)
    response = client.post(
        "/accounts/password_change/",
        {
            "old_password": "not-the-password",
            "new_password1": "Сосна-Облако-Рюкзак-2026",
            "new_password2": "Сосна-Облако-Рюкзак-2026",
        },
    )
    assert response.status_code == 200
    cast.mentor.refresh_from_db()
    assert cast.mentor.check_password(PASSWORD)


def test_a_disabled_users_open_session_stops_working(cast):
    client = login(Client(), cast.methodist)
    assert is_signed_in(client)
    cast.methodist.is_active = False
    cast.methodist.save()
    assert not is_signed_in(client)


def test_admin_ends_all_sessions_of_a_user(cast, client, admin_user):
    first, second = login(Client(), cast.methodist), login(Client(), cast.methodist)
    other = login(Client(), cast.director)
    client.force_login(admin_user, backend="django.contrib.auth.backends.ModelBackend")

    response = client.post(
        "/admin/mentoring/user/",
        {"action": "end_sessions", "_selected_action": [cast.methodist.pk]},
    )

    assert response.status_code == 302
    assert not is_signed_in(first) and not is_signed_in(second)
    assert is_signed_in(other)
    remaining = [s.get_decoded().get(SESSION_KEY) for s in Session.objects.all()]
    assert str(cast.methodist.pk) not in remaining
    assert str(admin_user.pk) in remaining


# --- password reset -------------------------------------------------------------------


def reset_link():
    match = re.search(r"(/accounts/reset/[^/\s]+/[^/\s]+/)", mail.outbox[-1].body)
    return match.group(1)


def test_password_reset_link_works_once_and_ends_every_session(cast, client):
    signed_in = login(Client(), cast.methodist)
    client.post("/accounts/password_reset/", {"email": cast.methodist.email})
    link = reset_link()

    form_page = client.get(link)
    assert form_page.status_code == 302  # to .../set-password/, the token leaves the URL
    done = client.post(
        form_page["Location"],
        {"new_password1": "Сосна-Облако-Рюкзак-2026", "new_password2": "Сосна-Облако-Рюкзак-2026"},
    )
    assert done.status_code == 302 and done["Location"] == "/accounts/reset/done/"

    again = Client().get(link, follow=True)
    assert "Ссылка недействительна" in again.text
    assert not is_signed_in(signed_in)
    cast.methodist.refresh_from_db()
    assert cast.methodist.check_password("Сосна-Облако-Рюкзак-2026")


def test_password_reset_answers_the_same_for_an_unknown_address(cast, client):
    known = client.post("/accounts/password_reset/", {"email": cast.methodist.email})
    assert len(mail.outbox) == 1
    unknown = Client().post("/accounts/password_reset/", {"email": "nobody@example.org"})
    assert len(mail.outbox) == 1  # nothing sent, and nothing said
    assert (known.status_code, known["Location"]) == (unknown.status_code, unknown["Location"])
    token = re.compile(r'"X-CSRFToken": "[^"]+"|name="csrfmiddlewaretoken" value="[^"]+"')
    pages = [token.sub("", Client().get(r["Location"]).text) for r in (known, unknown)]
    assert pages[0] == pages[1]


# --- passwords -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "password",
    [
        "Наставник2025!",
        "mentor123456",
        "nastavnik-2024",
        "SCHOOL2026school",
        "Пароль_пароль",
    ],
)
def test_context_words_with_a_suffix_are_refused(password, db):
    with pytest.raises(ValidationError, match="легко угадываемом слове"):
        ContextSpecificWordsValidator().validate(password)


def test_organisation_slugs_are_context_words(cast):
    # cast.other_school's slug is "test-other"
    with pytest.raises(ValidationError):
        ContextSpecificWordsValidator().validate("Other2026!!")


@pytest.mark.parametrize(
    "password", ["mentor-orange-bicycle-42", "наставник любит длинные фразы", "Сосна-Облако-2026"]
)
def test_passphrases_pass_the_context_check(password, db):
    ContextSpecificWordsValidator().validate(password)


def test_password_change_page_refuses_a_context_word_password(cast, client_for):
    response = client_for(cast.mentor).post(
        "/accounts/password_change/",
        {
            "old_password": PASSWORD,
            "new_password1": "Наставник2026",
            "new_password2": "Наставник2026",
        },
    )
    assert response.status_code == 200
    assert "легко угадываемом слове" in response.text


def test_long_passwords_are_accepted_and_checked_exactly(cast, client_for):
    """ASVS 6.2.8/6.2.9: 64+ characters, any characters, no truncation, no
    change of case."""
    long_password = "Длинная фраза: " + "x" * 100 + " — и пробелы, и ёЁ!"
    response = client_for(cast.mentor).post(
        "/accounts/password_change/",
        {"old_password": PASSWORD, "new_password1": long_password, "new_password2": long_password},
    )
    assert response.status_code == 302
    assert len(long_password) > 64
    login(Client(), cast.mentor, long_password)
    for near_miss in (long_password[:-1] + "?", long_password.lower(), long_password[:64]):
        assert (
            Client()
            .post("/accounts/login/", {"username": "mentor", "password": near_miss})
            .status_code
            == 200
        )


def test_password_fields_are_masked(cast, client_for, client):
    assert 'type="password"' in client.get("/accounts/login/").text
    page = client_for(cast.mentor).get("/accounts/password_change/").text
    assert page.count('type="password"') == 3
    assert 'autocomplete="off"' not in page  # password managers may fill it in


# --- production settings: cookies and headers ------------------------------------


@functools.cache
def production_settings():
    """The security settings as a production process (DJANGO_DEBUG=0) sees them."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.update(
        {
            "DJANGO_DEBUG": "0",
            "DJANGO_SECRET_KEY": "k" * 20 + "Zq8#xT2!vLp0@nW4sR6$yB1%mC3^dE5&",
            "DJANGO_ALLOWED_HOSTS": "example.org",
        }
    )
    names = [
        "DEBUG",
        "SESSION_COOKIE_SECURE",
        "SESSION_COOKIE_HTTPONLY",
        "SESSION_COOKIE_SAMESITE",
        "CSRF_COOKIE_SECURE",
        "CSRF_COOKIE_HTTPONLY",
        "SECURE_SSL_REDIRECT",
        "SECURE_HSTS_SECONDS",
        "SECURE_HSTS_INCLUDE_SUBDOMAINS",
        "SECURE_HSTS_PRELOAD",
        "SECURE_CONTENT_TYPE_NOSNIFF",
        "SECURE_REFERRER_POLICY",
        "SECURE_CROSS_ORIGIN_OPENER_POLICY",
        "X_FRAME_OPTIONS",
        "SESSION_ENGINE",
    ]
    code = (
        "import json; from django.conf import settings as s; "
        f"print(json.dumps({{n: getattr(s, n) for n in {names!r}}}))"
    )
    result = subprocess.run(  # noqa: S603 - our own manage.py, fixed arguments
        [sys.executable, "manage.py", "shell", "-c", code],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_production_cookie_and_transport_settings():
    prod = production_settings()
    assert prod["DEBUG"] is False
    assert prod["SESSION_COOKIE_SECURE"] and prod["SESSION_COOKIE_HTTPONLY"]
    assert prod["SESSION_COOKIE_SAMESITE"] == "Lax"
    assert prod["CSRF_COOKIE_SECURE"] and prod["CSRF_COOKIE_HTTPONLY"]
    assert prod["SECURE_SSL_REDIRECT"]
    assert prod["SECURE_HSTS_SECONDS"] >= 31536000
    assert prod["SESSION_ENGINE"] == "django.contrib.sessions.backends.db"


def production_overrides():
    prod = dict(production_settings())
    prod.pop("DEBUG")
    return prod


def test_session_cookie_attributes_in_production(cast, client):
    with override_settings(**production_overrides()):
        page = client.get("/accounts/login/", secure=True)
        csrf = page.cookies["csrftoken"]
        response = client.post(
            "/accounts/login/", {"username": "methodist", "password": PASSWORD}, secure=True
        )
    cookie = response.cookies["sessionid"]
    assert cookie["httponly"] and cookie["secure"] and cookie["samesite"] == "Lax"
    assert csrf["httponly"] and csrf["secure"]


def test_security_headers_in_production(cast, client):
    with override_settings(**production_overrides()):
        plain = client.get("/accounts/login/")
        response = client.get("/accounts/login/", secure=True)
    assert plain.status_code == 301 and plain["Location"].startswith("https://")
    assert response["Strict-Transport-Security"] == ("max-age=31536000; includeSubDomains; preload")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"


# --- error pages -------------------------------------------------------------------


def boom(request):
    raise RuntimeError("secret internals: SELECT * FROM mentoring_participant")


urlpatterns = [path("boom/", boom)]
urlpatterns += __import__("config.urls", fromlist=["urlpatterns"]).urlpatterns

LEAKS = (
    "Traceback",
    "SECRET_KEY",
    "secret internals",
    "SELECT ",
    "/work/",
    "site-packages",
    "django.",
    "Request Method",
    "URLconf",
    "DEBUG = True",
)


@override_settings(ROOT_URLCONF=__name__, DEBUG=False)
def test_error_pages_show_no_internals(cast, client_for):
    client = client_for(cast.mentor)
    client.raise_request_exception = False
    pages = {
        404: client.get("/no-such-page/"),
        403: client.get("/import/"),  # a mentor on a methodist's page
        500: client.get("/boom/"),
    }
    other = client_for(cast.other_methodist).get(f"/organizations/{cast.school.slug}/")
    pages["404 (another organisation)"] = other
    for code, response in pages.items():
        expected = int(str(code)[:3])
        assert response.status_code == expected, code
        text = response.content.decode()
        assert re.search(r"[А-Яа-я]", text), code
        for leak in LEAKS:
            assert leak not in text, (code, leak)


# --- public pages: no personal data of the demo participants ---------------------

PUBLIC_VIEWS = {
    name
    for name, entry in TABLE.items()
    if entry.expected.get("anonymous") == 200 and name.startswith("reports:public")
}
BINARY_VIEWS = {
    "mentoring:organization_logo",
    "mentoring:public_file_attachment",
    "mentoring:public_file_material",
    "mentoring:public_file_news_picture",
    "mentoring:public_file_portrait",
}


def view_name(url):
    try:
        return resolve(urlsplit(url).path).view_name
    except Resolver404:
        return None


def crawl(client, starts, limit=400):
    """Every public page reachable from ``starts`` by links, as an anonymous
    visitor (text pages only; files are images and documents)."""
    seen, queue, pages = set(starts), deque(starts), {}
    while queue and len(pages) < limit:
        url = queue.popleft()
        response = client.get(url)
        kind = response.get("Content-Type", "")
        if response.status_code != 200 or not ("text/" in kind or "xml" in kind):
            continue
        pages[url] = response.content.decode()
        for href in re.findall(r'(?:href|src)="([^"#]+)', pages[url]):
            target = urljoin(url, unescape(href))
            parts = urlsplit(target)
            if parts.netloc not in ("", "testserver"):
                continue
            target = parts.path + (f"?{parts.query}" if parts.query else "")
            name = view_name(target)
            if target not in seen and name in PUBLIC_VIEWS | {"reports:apply"}:
                seen.add(target)
                queue.append(target)
    return pages


def personal_data_of(participants):
    """Strings that must never appear on a public page."""
    needles = {}
    for p in participants:
        label = f"participant {p.pk}"
        if p.email:
            needles[p.email] = f"{label}: e-mail"
        if p.phone:
            needles[p.phone] = f"{label}: phone"
        if p.representative_phone:
            needles[p.representative_phone] = f"{label}: representative's phone"
        if p.representative_name:
            needles[p.representative_name] = f"{label}: representative"
        if p.birth_date:
            needles[p.birth_date.strftime("%d.%m.%Y")] = f"{label}: birth date"
            needles[p.birth_date.isoformat()] = f"{label}: birth date"
    return needles


def test_public_pages_of_the_demo_show_no_personal_data_without_consent(db, client):
    from mentoring.models import Organization, Participant

    call_command("seed_demo")
    organizations = Organization.objects.exclude(kind=Organization.Kind.DEPARTMENT)
    starts = [
        f"/o/{org.slug}/nastavnichestvo/{page}"
        for org in organizations
        for page in ("", "embed/", "novosti/rss/")
    ]
    pages = crawl(client, starts)

    reached = {view_name(url) for url in pages}
    assert PUBLIC_VIEWS - {"reports:public_order", "reports:public_news_detail"} <= reached, (
        PUBLIC_VIEWS - reached
    )
    participants = list(Participant.objects.all())
    needles = personal_data_of(participants)
    today = timezone.localdate()
    published_names = {
        p.full_name
        for p in participants
        if p.consents.filter(kind="publication", publish_name=True).valid_on(today).exists()
    }
    for p in participants:
        if p.full_name not in published_names:
            needles[p.full_name] = f"participant {p.pk}: name without publication consent"
    assert len(needles) > 100
    # The scan sees the people who did consent: it does read the pages' content.
    assert any(name in text for name in published_names for text in pages.values())
    leaks = [
        (url, what)
        for url, text in pages.items()
        for needle, what in needles.items()
        if needle in text
    ]
    assert leaks == []


# --- logging of refused requests ------------------------------------------------------


def test_refused_access_and_csrf_failures_are_logged_by_path_only(cast, client_for, caplog):
    caplog.set_level("WARNING")
    client_for(cast.mentor).get("/import/?q=Иванова")
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(cast.methodist, backend="django.contrib.auth.backends.ModelBackend")
    strict.post("/import/", {})
    records = [(r.name, r.levelname, r.getMessage()) for r in caplog.records]
    assert any(
        n == "django.request" and "Forbidden" in m and "/import/" in m for n, _, m in records
    )
    assert any(n == "django.security.csrf" and "CSRF" in m for n, _, m in records), records
    assert "Иванова" not in caplog.text


def test_a_newline_in_the_path_cannot_forge_a_log_line(db, client, caplog):
    caplog.set_level("WARNING", logger="django.request")
    client.get("/no-such-page%0A2026-01-01 INFO mentoring.security: login ok user=1/")
    messages = [r.getMessage() for r in caplog.records if r.name == "django.request"]
    assert messages and all("\n" not in m for m in messages)
