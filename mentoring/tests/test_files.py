"""Uploaded files of the activities: content checked (not the name), size
limits per kind, random names inside MEDIA_ROOT, private files behind access
checks, public files only while published."""

import io
import zipfile
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from mentoring.files import display_name, download_name
from mentoring.models import Attachment, Practice
from mentoring.services import activities as services
from mentoring.tests import activity_data as data
from mentoring.uploads import MB, validate_upload


def submit_via_page(client, upload):
    return client.post(
        "/practices/new/",
        {"title": "П", "authors": "А", "description": "О", "results": "Р", "upload": upload},
    )


def stored_files(settings):
    root = Path(settings.MEDIA_ROOT)
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def test_a_disguised_executable_is_refused_and_nothing_is_stored(cast, client_for, settings):
    exe = SimpleUploadedFile(
        "Практика.pdf", b"MZ\x90\x00" + b"\x00" * 200, content_type="application/pdf"
    )
    response = submit_via_page(client_for(cast.mentor), exe)
    assert response.status_code == 200
    assert "исполняемой программой" in response.text
    assert not Practice.objects.exists() and stored_files(settings) == []


def test_an_oversize_document_is_refused(cast, client_for, settings):
    big = SimpleUploadedFile("big.pdf", data.MINIMAL_PDF + b"0" * (20 * MB))
    response = submit_via_page(client_for(cast.mentor), big)
    assert response.status_code == 200 and "Файл больше" in response.text
    assert not Practice.objects.exists()


def test_an_oversize_picture_is_refused_at_five_megabytes(cast):
    big = SimpleUploadedFile("big.png", b"\x89PNG\r\n\x1a\n" + b"0" * (5 * MB))
    with pytest.raises(ValidationError, match="Файл больше"):
        services.news_save(
            organization=cast.school,
            data={"title": "Т", "body": "Т"},
            picture=big,
            by=cast.methodist,
        )


def test_a_path_traversal_name_is_stored_under_a_random_name_inside_media_root(
    cast, client_for, settings
):
    response = submit_via_page(client_for(cast.mentor), data.pdf("../../etc/passwd.pdf"))
    assert response.status_code == 302
    attachment = Attachment.objects.get()
    stored = Path(attachment.file.path).resolve()
    assert stored.is_relative_to(Path(settings.MEDIA_ROOT).resolve())
    assert "passwd" not in attachment.file.name and ".." not in attachment.file.name
    assert len(stored.stem) == 32 and stored.suffix == ".pdf"
    assert attachment.original_name == "passwd.pdf"
    assert not Path("/etc/passwd.pdf").exists()


def test_names_are_sanitised_for_display_and_download():
    assert display_name("C:\\Users\\x\\Отчёт\x00.pdf") == "Отчёт.pdf"
    assert display_name("..") == "файл"
    assert download_name("отчёт.pdf.exe", "attachments/2026/ab.pdf", "file") == "отчёт.pdf.pdf"


def test_unpublished_practice_files_are_404_for_anonymous_and_served_once_published(cast, client):
    practice = data.practice(cast, status="approved", files=[data.pdf()])
    attachment = practice.attachments.get()
    url = f"/public/files/{attachment.pk}/"
    assert client.get(url).status_code == 404
    services.practice_publish(practice=practice, by=cast.methodist)
    response = client.get(url)
    assert response.status_code == 200
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"].startswith("attachment")
    assert b"".join(response.streaming_content) == data.MINIMAL_PDF
    services.practice_unpublish(practice=practice, by=cast.methodist)
    assert client.get(url).status_code == 404


def test_event_files_are_never_public(cast, client):
    event = data.event(cast)
    [attachment] = services.attachments_add(owner=event, files=[data.pdf()], by=cast.methodist)
    assert client.get(f"/public/files/{attachment.pk}/").status_code == 404


def test_draft_news_picture_is_404_for_anonymous(cast, client):
    news = services.news_save(
        organization=cast.school,
        data={"title": "Т", "body": "Т"},
        picture=data.png(),
        by=cast.methodist,
    )
    assert client.get(f"/public/news/{news.pk}/picture/").status_code == 404
    services.news_publish(news=news, by=cast.methodist)
    response = client.get(f"/public/news/{news.pk}/picture/")
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    assert response["Content-Disposition"].startswith("inline")


def test_private_files_go_through_the_access_check(cast, client_for):
    practice = data.practice(cast, files=[data.pdf()])
    attachment = practice.attachments.get()
    assert client_for(cast.mentor).get(f"/files/{attachment.pk}/").status_code == 200
    assert client_for(cast.mentee).get(f"/files/{attachment.pk}/").status_code == 404
    response = client_for(cast.methodist).get(f"/files/{attachment.pk}/")
    assert response["Cache-Control"] == "private, no-store"


def office(parts, *, declared=None):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in parts.items():
            archive.writestr(name, content)
    raw = buffer.getvalue()
    return SimpleUploadedFile("doc.docx", raw)


def test_office_documents_are_checked_by_structure():
    kinds = ("pdf", "docx", "xlsx", "pptx")
    good = office({"[Content_Types].xml": "<Types/>", "xl/workbook.xml": "<workbook/>"})
    assert validate_upload(good, allowed=kinds).kind == "xlsx"
    bare = office({"readme.txt": "hello"})
    with pytest.raises(ValidationError, match="архивом"):
        validate_upload(bare, allowed=kinds)
    with pytest.raises(ValidationError, match="архивом"):  # Office not allowed: refused as before
        validate_upload(good)


def test_a_zip_bomb_is_refused_by_its_declared_size():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", b"0" * (101 * MB))
    bomb = SimpleUploadedFile("bomb.docx", buffer.getvalue())
    assert bomb.size < 1 * MB
    with pytest.raises(ValidationError, match="слишком велик"):
        validate_upload(bomb, allowed=("docx",))
