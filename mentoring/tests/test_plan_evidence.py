"""Plan items take evidence, as meetings do (issue 14): a file or photo
uploaded by the pair's mentor (or the methodist, the coordinator) from the
plan page, content-checked, downloadable only by those who read the pair,
replaced and removed, destroyed with the pair's data."""

import datetime
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from mentoring.factories import make_pair, mentee_participant, mentor_participant
from mentoring.models import Consent, ConsentKind, PlanItem
from mentoring.services.consents import consent_withdraw
from mentoring.services.privacy import personal_data_purge
from mentoring.tests.activity_data import pdf, png

TODAY = timezone.localdate()


@pytest.fixture
def pair(cast):
    mentor = mentor_participant(cast.school, user=cast.mentor)
    mentee = mentee_participant(cast.school, user=cast.mentee, last_name="Кравцова")
    return make_pair(cast.school, mentor=mentor, mentee=mentee, agreed=True, by=cast.methodist)


@pytest.fixture
def item(pair):
    return pair.program.items.order_by("position").first()


def upload_url(item):
    return f"/mentorships/{item.program.mentorship_id}/program/items/{item.pk}/evidence/upload/"


def download_url(item):
    return f"/mentorships/{item.program.mentorship_id}/program/items/{item.pk}/evidence/"


def photo():
    file = png("photo.png")
    file.seek(0)
    content = file.read()
    file.seek(0)
    return file, content


def stored_path(item):
    item.refresh_from_db()
    return Path(item.evidence.path)


def test_mentor_uploads_a_photo_that_the_methodist_downloads(cast, client_for, item):
    file, content = photo()
    response = client_for(cast.mentor).post(upload_url(item), {"evidence": file})
    assert response.status_code == 302
    assert response["Location"].endswith(f"/program/#item-{item.pk}")
    assert stored_path(item).is_file()
    assert item.evidence.name.startswith("plan/") and item.evidence.name.endswith(".png")
    download = client_for(cast.methodist).get(download_url(item))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == content
    assert download["Content-Disposition"].startswith("attachment")
    # The mentee reads the pair and may download the file too.
    assert client_for(cast.mentee).get(download_url(item)).status_code == 200


def test_plan_page_shows_the_link_and_the_upload_form(cast, client_for, item):
    client = client_for(cast.mentor)
    page = client.get(f"/mentorships/{item.program.mentorship_id}/program/").content.decode()
    assert upload_url(item) in page and 'enctype="multipart/form-data"' in page
    assert f'href="{download_url(item)}"' not in page
    client.post(upload_url(item), {"evidence": pdf("act.pdf")})
    page = client.get(f"/mentorships/{item.program.mentorship_id}/program/").content.decode()
    assert f'href="{download_url(item)}"' in page
    assert "Заменить файл" in page and "Удалить файл" in page
    # The mentee sees the link but no upload form.
    mentee_page = client_for(cast.mentee).get(f"/mentorships/{item.program.mentorship_id}/program/")
    assert f'href="{download_url(item)}"' in mentee_page.content.decode()
    assert upload_url(item) not in mentee_page.content.decode()


def test_hostile_file_is_refused_in_russian_and_nothing_changes(cast, client_for, item):
    client = client_for(cast.mentor)
    client.post(upload_url(item), {"evidence": pdf("act.pdf")})
    before = stored_path(item)
    version = item.version
    history = PlanItem.history.filter(id=item.pk).count()
    fake = SimpleUploadedFile("photo.png", b"MZ\x90\x00" + b"\x00" * 200, content_type="image/png")
    response = client.post(upload_url(item), {"evidence": fake}, follow=True)
    text = response.content.decode()
    assert "исполняемой программой" in text or "не является" in text
    assert f"«{item.title}»" in text
    item.refresh_from_db()
    assert Path(item.evidence.path) == before and before.is_file()
    assert item.version == version
    assert PlanItem.history.filter(id=item.pk).count() == history
    assert [p.name for p in before.parent.iterdir()] == [before.name]


def test_empty_post_asks_for_a_file_and_changes_nothing(cast, client_for, item):
    response = client_for(cast.methodist).post(upload_url(item), {}, follow=True)
    assert "Выберите файл или фото для загрузки." in response.content.decode()
    item.refresh_from_db()
    assert not item.evidence and item.version == 1


def test_replacing_deletes_the_old_file_and_removing_deletes_the_last(
    cast, client_for, item, django_capture_on_commit_callbacks
):
    client = client_for(cast.coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(upload_url(item), {"evidence": pdf("act.pdf")})
    first = stored_path(item)
    file, content = photo()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(upload_url(item), {"evidence": file})
    second = stored_path(item)
    assert second != first and second.read_bytes() == content and not first.exists()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(upload_url(item), {"remove": "1"}, follow=True)
    assert "Подтверждение удалено" in response.content.decode()
    item.refresh_from_db()
    assert not item.evidence and not second.exists()
    assert client.get(download_url(item)).status_code == 404
    # Who changed the file and when stays in the item's history.
    assert PlanItem.history.filter(id=item.pk, history_user=cast.coordinator).count() == 3


def test_other_organisation_gets_404_and_other_roles_403(cast, client_for, item):
    client_for(cast.mentor).post(upload_url(item), {"evidence": pdf("act.pdf")})
    path = stored_path(item)
    assert client_for(cast.other_methodist).get(download_url(item)).status_code == 404
    assert (
        client_for(cast.other_methodist).post(upload_url(item), {"remove": "1"}).status_code == 404
    )
    # The department's specialist is outside the school too: 404, never a
    # 403 that would tell the file exists.
    assert client_for(cast.specialist).get(download_url(item)).status_code == 404
    # The mentee and the director read the pair but do not change its plan.
    assert client_for(cast.mentee).post(upload_url(item), {"remove": "1"}).status_code == 403
    assert client_for(cast.director).post(upload_url(item), {"remove": "1"}).status_code == 403
    item.refresh_from_db()
    assert item.evidence and path.is_file()


def test_evidence_is_destroyed_with_the_mentees_data(
    cast, client_for, item, django_capture_on_commit_callbacks
):
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    from mentoring.models import Meeting

    client_for(cast.mentor).post(upload_url(item), {"evidence": pdf("act.pdf")})
    path = stored_path(item)
    # The pair's meeting evidence goes the same way (it stayed behind before).
    meeting = Meeting.objects.create(
        mentorship=item.program.mentorship,
        held_on=TODAY,
        format=Meeting.Format.IN_PERSON,
        topic="Первая встреча",
        evidence=default_storage.save("meetings/2026/photo.png", ContentFile(b"png")),
    )
    meeting_path = Path(meeting.evidence.path)
    assert meeting_path.is_file()
    mentee = item.program.mentorship.mentees[0]
    consent = Consent.objects.get(participant=mentee, kind=ConsentKind.PROCESSING)
    consent_withdraw(consent=consent, on_date=TODAY, by=cast.methodist)
    with django_capture_on_commit_callbacks(execute=True):
        acts = personal_data_purge(today=TODAY + datetime.timedelta(days=30))
    assert len(acts) == 1
    assert not PlanItem.objects.filter(pk=item.pk).exists()
    assert not Meeting.objects.filter(pk=meeting.pk).exists()
    assert not path.exists() and not meeting_path.exists()
