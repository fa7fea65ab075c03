"""Issue 13 point 8, the small ones: __Host- cookies in production, the
public cache dropped by every write that changes a public page, a missing
report file is a 404, control characters never stored and never breaking
the RSS feed."""

import datetime
import json
import os
import subprocess
import sys

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from mentoring.models import Participant, TargetGroup
from mentoring.models.activities import News
from mentoring.public_cache import _watched, public_cache_version
from mentoring.tests.test_banks import edit_payload
from reports.models import JobStatus, ReportJob

from .access import PUBLIC, published_news
from .test_public import section  # noqa: F401 - fixture

BOARD = PUBLIC + "doska-pochyota/"


def test_production_cookies_carry_the_host_prefix():
    env = {
        **os.environ,
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": "x" * 60,
        "DJANGO_ALLOWED_HOSTS": "example.org",
        "DJANGO_SETTINGS_MODULE": "config.settings",
    }
    code = (
        "import json, django; django.setup(); from django.conf import settings as s; "
        "print(json.dumps([s.SESSION_COOKIE_NAME, s.CSRF_COOKIE_NAME, s.SESSION_COOKIE_SECURE, "
        "s.CSRF_COOKIE_SECURE, s.SESSION_COOKIE_DOMAIN, s.CSRF_COOKIE_DOMAIN, "
        "s.SESSION_COOKIE_PATH, s.CSRF_COOKIE_PATH]))"
    )
    out = subprocess.run(  # noqa: S603 - our own interpreter and settings
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    ).stdout
    assert json.loads(out.strip().splitlines()[-1]) == [
        "__Host-sessionid",
        "__Host-csrftoken",
        True,
        True,
        None,
        None,
        "/",
        "/",
    ]


# --- the public cache ------------------------------------------------------------------


def test_participant_becoming_a_minor_leaves_the_cached_honour_board_at_once(
    client,
    client_for,
    cast,
    section,  # noqa: F811 - the fixture imported above
    django_capture_on_commit_callbacks,
):
    person = section["published"]
    assert "Публикуемова" in client.get(BOARD).content.decode()  # now cached
    data = edit_payload(
        Participant.objects.get(pk=person.pk),
        birth_date=(timezone.localdate() - datetime.timedelta(days=16 * 365)).isoformat(),
        target_group=TargetGroup.COLLEGE_STUDENT,
    )
    with django_capture_on_commit_callbacks(execute=True):
        reply = client_for(cast.methodist).post(f"/participants/{person.pk}/edit/", data)
    assert reply.status_code == 302, reply.content.decode()[:1000]
    assert "Публикуемова" not in client.get(BOARD).content.decode()


def test_group_change_by_any_save_drops_the_cached_honour_board(
    client,
    section,  # noqa: F811 - the fixture imported above
    django_capture_on_commit_callbacks,
):
    assert "Публикуемова" in client.get(BOARD).content.decode()
    person = Participant.objects.get(pk=section["published"].pk)
    person.target_group = TargetGroup.SCHOOL_STUDENT
    with django_capture_on_commit_callbacks(execute=True):
        person.save()  # the admin's path: no service involved
    assert "Публикуемова" not in client.get(BOARD).content.decode()


def test_every_model_a_public_page_is_built_from_bumps_the_cache():
    from mentoring.models import Consent, Order, Organization
    from mentoring.models.activities import Attachment, Award, Material, Portrait, Practice
    from reports.models import PublicSettings
    from roadmaps.models import Activity, Occurrence, Roadmap

    expected = {
        Organization,
        Participant,
        Consent,
        Award,
        Portrait,
        News,
        Practice,
        Material,
        Attachment,
        Order,
        PublicSettings,
        Roadmap,
        Activity,
        Occurrence,
    }
    assert expected <= set(_watched)


def test_one_transaction_bumps_the_version_once_after_it_commits(
    cast, django_capture_on_commit_callbacks
):
    before = public_cache_version(cast.school.slug)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        news = published_news(cast)
        news.title = "Новое название"
        news.save()
    assert public_cache_version(cast.school.slug) == before  # not before the commit
    for callback in callbacks:
        callback()
    assert public_cache_version(cast.school.slug) != before


# --- reports -----------------------------------------------------------------------------


def test_report_whose_file_is_missing_is_404_not_500(cast, client_for, settings):
    job = ReportJob(organization=cast.school, kind="mentors", format="xlsx", status=JobStatus.DONE)
    job.file.save("report.xlsx", ContentFile(b"PK"), save=True)
    os.remove(job.file.path)
    response = client_for(cast.methodist).get(f"/reports/jobs/{job.pk}/download/")
    assert response.status_code == 404


# --- control characters ------------------------------------------------------------------


def test_text_fields_strip_control_characters_on_save(cast, client_for):
    response = client_for(cast.methodist).post(
        "/news/new/",
        {"title": "Старт\x0bпрограммы\x01", "body": "Строка 1\r\nСтрока\x0c 2\tи\x7f \x85конец"},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    news = News.objects.get()
    assert news.title == "Стартпрограммы"
    assert news.body == "Строка 1\nСтрока 2\tи конец"


def test_rss_feed_never_fails_on_stored_control_characters(client, cast):
    news = published_news(cast)
    # Stored before the cleaning existed (QuerySet.update bypasses save()).
    News.objects.filter(pk=news.pk).update(title="Новость\x0b", body="Текст\x0c из Word\x1f")
    response = client.get(PUBLIC + "novosti/rss/")
    assert response.status_code == 200
    text = response.content.decode()
    assert "Новость" in text and "Текст из Word" in text
    assert "\x0b" not in text and "\x0c" not in text


@pytest.mark.parametrize("value", ["a\x00b", "a\x1bb", "a\ufffeb"])
def test_participant_names_lose_control_characters_whatever_saves_them(cast, value):
    person = Participant.objects.create(
        organization=cast.school, last_name=value, first_name="Анна", target_group="teacher"
    )
    person.refresh_from_db()
    assert person.last_name == "ab"


def test_every_project_app_cleans_its_text_fields_on_save():
    """The cleaning covers each app of this project, not a hand-kept list:
    the documents app (Положение, agreements) came after the list was written."""
    from django.apps import apps
    from django.conf import settings

    from mentoring.textclean import cleaned_apps

    local = {
        config.label
        for config in apps.get_app_configs()
        if os.path.dirname(config.path) == str(settings.BASE_DIR)
    }
    assert "documents" in local
    assert local <= cleaned_apps()


def test_regulation_text_pasted_from_word_still_exports_to_docx(cast):
    """A \\x0b in a section of the Положение was stored and made the DOCX
    download fail (python-docx refuses XML-incompatible strings)."""
    import io

    from docx import Document

    from documents.exports import regulation_docx
    from documents.services import regulation_create, regulation_section_update

    regulation = regulation_create(organization=cast.school, by=cast.methodist)
    regulation_section_update(
        regulation=regulation,
        key="final",
        heading="9. Заключительные\x0b положения",
        text="9.1. Положение\x0c действует\x01 бессрочно.",
        version=1,
        by=cast.methodist,
    )
    regulation.title = "Положение\x0b о наставничестве"
    regulation.save()
    regulation.refresh_from_db()
    assert regulation.title == "Положение о наставничестве"
    text = "\n".join(p.text for p in Document(io.BytesIO(regulation_docx(regulation))).paragraphs)
    assert "Положение действует бессрочно." in text
    assert "9. Заключительные положения" in text


def test_import_that_makes_a_participant_a_minor_drops_the_cached_honour_board(
    client,
    cast,
    tmp_path,
    section,  # noqa: F811 - the fixture imported above
    django_capture_on_commit_callbacks,
):
    """The import writes with bulk_update (no post_save): the honour board
    kept showing a person the file made a 16-year-old student."""
    from mentoring.services.imports import participants_import
    from mentoring.tests.test_import import row, write_xlsx

    person = Participant.objects.get(pk=section["published"].pk)
    Participant.objects.filter(pk=person.pk).update(external_id="P-1")
    assert "Публикуемова" in client.get(BOARD).content.decode()  # now cached
    born = timezone.localdate() - datetime.timedelta(days=16 * 365)
    path = write_xlsx(
        tmp_path / "list.xlsx",
        [
            row(
                external_id="P-1",
                last_name=person.last_name,
                first_name=person.first_name,
                patronymic=person.patronymic,
                birth_date=born.strftime("%d.%m.%Y"),
                target_group="Обучающийся школы",
                class_group="10А",
            )
        ],
    )
    with django_capture_on_commit_callbacks(execute=True):
        result = participants_import(organization=cast.school, fileobj=path, by=cast.methodist)
    assert result.ok and result.updated == 1, result.errors
    assert Participant.objects.get(pk=person.pk).birth_date == born
    assert "Публикуемова" not in client.get(BOARD).content.decode()
