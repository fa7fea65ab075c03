import logging
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from conftest import PASSWORD
from mentoring.access import SESSION_ORG_KEY
from mentoring.factories import MembershipFactory, OrganizationFactory
from mentoring.logging import RedactPersonalDataFilter
from mentoring.middleware import IDLE_KEY
from mentoring.models import Membership, Organization, Role, User

ROOT = Path(__file__).resolve().parents[2]


def test_healthz_does_a_database_round_trip_without_session(db, client, django_assert_num_queries):
    with django_assert_num_queries(1):
        response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok"
    assert "sessionid" not in response.cookies


@pytest.mark.parametrize(
    ("role", "menu_label", "heading"),
    [
        ("director", "Организация и команда", "Здравствуйте"),
        ("methodist", "Организация и команда", "Здравствуйте"),
        ("mentor", None, "Здравствуйте"),
        ("specialist", "Организации", "Организации департамента"),
    ],
)
def test_each_role_sees_its_own_home_and_menu(cast, client_for, role, menu_label, heading):
    response = client_for(cast.by_role(role)).get("/")
    assert response.status_code == 200
    text = response.text
    assert heading in text
    labels = [item["label"] for item in response.context["menu"] if "label" in item]
    if menu_label:
        assert menu_label in labels
    else:
        assert labels[0] == "Главная"
        assert not {"Банк наставников", "Организация и команда", "Организации"} & set(labels)


def test_specialist_home_lists_departments_organisations(cast, client_for):
    response = client_for(cast.specialist).get("/")
    assert [o.slug for o in response.context["children"]] == ["test-school", "test-other"] or {
        o.slug for o in response.context["children"]
    } == {"test-school", "test-other"}
    assert "Школа № 2" in response.text


def test_methodist_gets_404_for_another_organisations_page(cast, client_for):
    client = client_for(cast.methodist)
    assert client.get(f"/organizations/{cast.other_school.slug}/").status_code == 404
    assert client.get(f"/organizations/{cast.department.slug}/").status_code == 404
    assert client.get("/organizations/no-such-org/").status_code == 404


def test_specialist_reads_child_organisation_but_not_a_foreign_one(cast, client_for):
    foreign_department = OrganizationFactory(kind=Organization.Kind.DEPARTMENT, slug="far-do")
    foreign_school = OrganizationFactory(slug="far-school", parent=foreign_department)
    client = client_for(cast.specialist)
    assert client.get(f"/organizations/{cast.school.slug}/").status_code == 200
    assert client.get(f"/organizations/{foreign_school.slug}/").status_code == 404


def test_organisation_page_lists_members_with_a_constant_number_of_queries(
    cast, client_for, django_assert_max_num_queries
):
    client = client_for(cast.methodist)
    url = f"/organizations/{cast.school.slug}/"

    def count_queries():
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    client.get(url)  # the first request of a session also writes the session row
    few = count_queries()
    for _ in range(30):
        MembershipFactory(organization=cast.school, role=Role.MENTEE)
    assert count_queries() == few
    with django_assert_max_num_queries(12):
        client.get(url)


def test_switching_organisation_changes_current_membership(cast, client_for):
    MembershipFactory(user=cast.methodist, organization=cast.other_school, role=Role.COORDINATOR)
    client = client_for(cast.methodist)
    response = client.post(
        reverse("mentoring:switch_organization"),
        {"organization": cast.other_school.pk, "next": "/"},
    )
    assert response.status_code == 302
    assert client.session[SESSION_ORG_KEY] == cast.other_school.pk
    home = client.get("/")
    assert home.context["current_membership"].role == Role.COORDINATOR
    assert home.context["current_org"] == cast.other_school


def test_switching_to_an_organisation_without_membership_is_404(cast, client_for):
    client = client_for(cast.methodist)
    response = client.post(
        reverse("mentoring:switch_organization"), {"organization": cast.other_school.pk}
    )
    assert response.status_code == 404
    assert SESSION_ORG_KEY not in client.session


def test_switch_ignores_an_offsite_next(cast, client_for):
    client = client_for(cast.methodist)
    response = client.post(
        reverse("mentoring:switch_organization"),
        {"organization": cast.school.pk, "next": "https://evil.example.com/"},
    )
    assert response["Location"] == "/"


def test_a_membership_removed_falls_back_to_another_organisation(cast, client_for):
    MembershipFactory(user=cast.methodist, organization=cast.other_school, role=Role.METHODIST)
    client = client_for(cast.methodist)
    client.post(reverse("mentoring:switch_organization"), {"organization": cast.other_school.pk})
    Membership.objects.filter(user=cast.methodist, organization=cast.other_school).delete()
    assert client.get("/").context["current_org"] == cast.school


def test_director_edits_organisation_contacts(cast, client_for):
    client = client_for(cast.director)
    response = client.post(
        f"/organizations/{cast.school.slug}/edit/",
        {
            "name": "МБОУ «Школа № 1»",
            "short_name": "Школа № 1",
            "address": "ул. Новая, 1",
            "phone": "",
            "email": "bad-email",
            "website": "",
        },
    )
    assert response.status_code == 200
    assert "Введите правильный адрес электронной почты" in response.text
    cast.school.refresh_from_db()
    assert cast.school.address == ""

    response = client.post(
        f"/organizations/{cast.school.slug}/edit/",
        {"name": "МБОУ «Школа № 1»", "short_name": "Школа № 1", "address": "ул. Новая, 1"},
    )
    assert response.status_code == 302
    cast.school.refresh_from_db()
    assert cast.school.address == "ул. Новая, 1"


def test_logo_that_is_not_an_image_is_refused(cast, client_for):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = client_for(cast.director)
    fake = SimpleUploadedFile("logo.png", b"MZ\x90\x00 this is an exe", content_type="image/png")
    response = client.post(
        f"/organizations/{cast.school.slug}/edit/",
        {"name": "МБОУ", "short_name": "Школа № 1", "logo": fake},
    )
    assert response.status_code == 200
    assert "Загрузите правильное изображение" in response.text
    cast.school.refresh_from_db()
    assert not cast.school.logo


def test_membership_rules(cast):
    from django.core.exceptions import ValidationError

    bad = Membership(user=cast.mentor, organization=cast.other_school, role=Role.SPECIALIST)
    with pytest.raises(ValidationError, match="специалиста департамента"):
        bad.full_clean()
    bad = Membership(user=cast.mentor, organization=cast.department, role=Role.MENTEE)
    with pytest.raises(ValidationError, match="нет наставников"):
        bad.full_clean()


def test_login_logout_and_session_fixation(cast, client):
    client.get("/accounts/login/")
    before = client.cookies.get("sessionid")
    response = client.post("/accounts/login/", {"username": "methodist", "password": PASSWORD})
    assert response.status_code == 302
    after = client.cookies["sessionid"].value
    assert before is None or before.value != after
    assert client.get("/").status_code == 200
    client.post("/accounts/logout/")
    assert client.get("/").status_code == 302


def test_failed_logins_are_throttled_per_username_and_address(cast, client, settings):
    settings.AXES_FAILURE_LIMIT = 3
    for _ in range(3):
        client.post(
            "/accounts/login/",
            {"username": "methodist", "password": "wrong"},
            REMOTE_ADDR="10.0.0.1",
        )
    locked = client.post(
        "/accounts/login/", {"username": "methodist", "password": PASSWORD}, REMOTE_ADDR="10.0.0.1"
    )
    assert locked.status_code == 429
    assert "Слишком много неудачных попыток" in locked.text
    # Another address, or another user from the same address, is not locked.
    other_address = client.post(
        "/accounts/login/", {"username": "methodist", "password": PASSWORD}, REMOTE_ADDR="10.0.0.2"
    )
    assert other_address.status_code == 302
    client.post("/accounts/logout/")
    other_user = client.post(
        "/accounts/login/", {"username": "director", "password": PASSWORD}, REMOTE_ADDR="10.0.0.1"
    )
    assert other_user.status_code == 302


def test_session_expires_after_inactivity(cast, client_for, settings):
    settings.SESSION_IDLE_MINUTES = 30
    client = client_for(cast.methodist)
    assert client.get("/").status_code == 200
    session = client.session
    session[IDLE_KEY] = int(time.time()) - 31 * 60
    session.save()
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_active_session_is_kept(cast, client_for, settings):
    client = client_for(cast.methodist)
    session = client.session
    session[IDLE_KEY] = int(time.time()) - 10 * 60
    session.save()
    assert client.get("/").status_code == 200
    assert client.session[IDLE_KEY] >= int(time.time()) - 5


def test_password_reset_sends_a_russian_email(cast, client):
    response = client.post("/accounts/password_reset/", {"email": cast.methodist.email})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert "Восстановление пароля" in mail.outbox[0].subject
    assert "/accounts/reset/" in mail.outbox[0].body


def test_password_change(cast, client_for):
    client = client_for(cast.mentor)
    response = client.post(
        "/accounts/password_change/",
        {
            "old_password": PASSWORD,
            "new_password1": "Новый-пароль-2026",
            "new_password2": "Новый-пароль-2026",
        },
    )
    assert response.status_code == 302
    cast.mentor.refresh_from_db()
    assert cast.mentor.check_password("Новый-пароль-2026")


def test_log_filter_masks_personal_data():
    record = logging.LogRecord(
        "x", logging.INFO, __file__, 1, "user %s phone %s at /bank/?q=%s", None, None
    )
    record.args = ("ivanova@example.org", "+7 (912) 345-67-89", "Иванова")
    RedactPersonalDataFilter().filter(record)
    message = record.getMessage()
    assert "ivanova@example.org" not in message
    assert "345-67-89" not in message
    assert "Иванова" not in message
    assert "[e-mail]" in message


def test_seed_demo_is_idempotent(db, capsys):
    call_command("seed_demo")
    counts = (User.objects.count(), Organization.objects.count(), Membership.objects.count())
    call_command("seed_demo")
    assert (User.objects.count(), Organization.objects.count(), Membership.objects.count()) == (
        counts
    )
    department = Organization.objects.get(slug="demo-do")
    assert department.name == "Департамент образования (демо)"
    assert set(department.children.values_list("kind", flat=True)) == {
        "school",
        "college",
        "centre",
    }
    roles = set(Membership.objects.values_list("role", flat=True))
    assert roles == set(Role.values)
    out = capsys.readouterr().out
    assert "school.methodist" in out
    assert "demo12345" in out
    call_command("seed_demo", once=True)
    assert "уже загружены" in capsys.readouterr().out


def test_demo_users_can_log_in(db, client):
    call_command("seed_demo")
    response = client.post(
        "/accounts/login/", {"username": "do.specialist", "password": "demo12345"}
    )
    assert response.status_code == 302
    assert "Организации департамента" in client.get("/").text


def run_check(env_extra):
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.update(env_extra)
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_settings_pass_check_deploy():
    result = run_check(
        {
            "DJANGO_DEBUG": "0",
            "DJANGO_SECRET_KEY": "k" * 20 + "Zq8#xT2!vLp0@nW4sR6$yB1%mC3^dE5&",
            "DJANGO_ALLOWED_HOSTS": "example.org",
        }
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_secret_key():
    result = run_check({"DJANGO_DEBUG": "0", "DJANGO_ALLOWED_HOSTS": "example.org"})
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_large_ids_render_without_grouping_in_links_and_forms(cast, client_for):
    """With the thousand separator on, pk 123456 rendered as '123 456' and
    broke the organisation switcher on a database with high ids."""
    big = OrganizationFactory(pk=123456, slug="big-id", short_name="Школа № 7")
    MembershipFactory(user=cast.methodist, organization=big, role=Role.METHODIST)
    page = client_for(cast.methodist).get("/").text
    assert 'name="organization" value="123456"' in page


def test_session_ends_after_its_absolute_lifetime(cast, client_for, settings):
    from mentoring.middleware import STARTED_KEY

    settings.SESSION_MAX_HOURS = 12
    client = client_for(cast.methodist)
    assert client.get("/").status_code == 200
    session = client.session
    session[STARTED_KEY] = int(time.time()) - 13 * 3600
    session[IDLE_KEY] = int(time.time())
    session.save()
    assert client.get("/").status_code == 302


def test_pages_of_signed_in_users_are_not_cached(cast, client_for, client):
    assert client_for(cast.methodist).get("/").headers["Cache-Control"] == "no-store"


def test_security_events_are_logged_without_names(cast, client, caplog):
    caplog.set_level("INFO", logger="mentoring.security")
    client.post("/accounts/login/", {"username": "methodist", "password": "wrong"})
    client.post("/accounts/login/", {"username": "methodist", "password": PASSWORD})
    text = caplog.text
    assert "login failed" in text
    assert f"login ok user={cast.methodist.pk}" in text
    assert "methodist" not in text.replace("mentoring.security", "")


def test_every_admin_changelist_opens_for_a_superuser(db, admin_client):
    from django.contrib import admin

    for model in admin.site._registry:
        opts = model._meta
        response = admin_client.get(f"/admin/{opts.app_label}/{opts.model_name}/")
        assert response.status_code == 200, (opts.label, response.status_code)


def test_gunicorn_access_log_masks_tokens_and_query_strings():
    from types import SimpleNamespace

    from config.gunicorn import MaskingLogger, access_log_format, mask

    assert mask("/surveys/a/Zx9_secret-token/") == "/surveys/a/…/"
    assert mask("/accounts/reset/MQ/abc-123/") == "/accounts/reset/…/"
    assert mask("/bank/mentees/") == "/bank/mentees/"
    logger = MaskingLogger.__new__(MaskingLogger)
    logger.cfg = SimpleNamespace(access_log_format="", logconfig_dict=None, syslog=False, user=None)
    environ = {
        "REQUEST_METHOD": "GET",
        "RAW_URI": "/surveys/a/secret/?q=Иванова",
        "PATH_INFO": "/surveys/a/secret/",
        "QUERY_STRING": "q=Иванова",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_REFERER": "https://x/surveys/a/secret/",
    }
    response = SimpleNamespace(status="200 OK", sent=10, headers=[])
    timing = SimpleNamespace(seconds=0, microseconds=1000)
    atoms = logger.atoms(response, SimpleNamespace(headers=[]), environ, timing)
    text = access_log_format % atoms
    assert text.startswith('- "GET /surveys/a/…/" 200 10')
    assert "secret" not in text
    assert "Иванова" not in text


def test_director_sets_operator_details_used_in_consent_forms(cast, client_for):
    client = client_for(cast.director)
    base = {"name": "МБОУ «Школа № 1»", "short_name": "Школа № 1"}
    response = client.post(
        f"/organizations/{cast.school.slug}/edit/", {**base, "inn": "12345", "ogrn": "1"}
    )
    assert "ИНН организации — 10 цифр" in response.text
    assert "ОГРН — 13 цифр" in response.text
    response = client.post(
        f"/organizations/{cast.school.slug}/edit/",
        {**base, "inn": "6601000000", "ogrn": "1026600000000", "retention_days": "180"},
    )
    assert response.status_code == 302
    cast.school.refresh_from_db()
    assert (cast.school.inn, cast.school.ogrn, cast.school.retention_days) == (
        "6601000000",
        "1026600000000",
        180,
    )


def test_specialist_home_counts_follow_a_new_mentor_in_a_school_at_once(cast, client_for):
    from mentoring.factories import ParticipantFactory

    client = client_for(cast.specialist)

    def mentors_of_school():
        children = client.get("/").context["children"]
        return next(c for c in children if c.pk == cast.school.pk).counts["mentor"]

    before = mentors_of_school()
    ParticipantFactory(organization=cast.school, is_mentor=True, is_mentee=False)
    assert mentors_of_school() == before + 1


def test_side_menu_marks_the_current_page_and_links_every_item(cast, client_for):
    """The side menu is pre-rendered per role and page (navigation.sidebar_html):
    the current page's item is the one marked active, every item links."""
    import re

    client = client_for(cast.methodist)
    text = client.get("/bank/mentees/").text
    sidebar = text[text.index('id="sidebar"') : text.index("</aside>")]
    active = re.findall(
        r'<a class="nav-link active" aria-current="page" href="([^"]+)">([^<]+)</a>', sidebar
    )
    assert active == [("/bank/mentees/", "Банк наставляемых")]
    labels = [item["label"] for item in client.get("/").context["menu"] if "label" in item]
    assert len(re.findall(r'<a class="nav-link', sidebar)) == len(labels)
    home = client.get("/").text
    home_sidebar = home[home.index('id="sidebar"') : home.index("</aside>")]
    assert re.findall(r'aria-current="page" href="([^"]+)"', home_sidebar) == ["/"]
    assert '<li class="nav-section">Участники</li>' in sidebar


def test_gunicorn_worker_freezes_what_it_loaded_and_bench_can_silence_the_access_log(
    monkeypatch,
):
    """config/gunicorn.py: each worker moves what it loaded into the
    collector's permanent generation (gc.freeze), and GUNICORN_ACCESS_LOG=""
    turns the access log off (make bench), "-" by default."""
    import gc
    import importlib

    import config.gunicorn as settings

    try:
        settings.post_worker_init(worker=None)
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()
    assert settings.accesslog == "-"
    monkeypatch.setenv("GUNICORN_ACCESS_LOG", "")
    assert importlib.reload(settings).accesslog is None
    monkeypatch.delenv("GUNICORN_ACCESS_LOG")
    importlib.reload(settings)
