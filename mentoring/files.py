"""Uploaded files of the activities (certificates, event files, news
pictures, practices, materials): the limits per kind, storing under a random
name, and the one response that serves a file.

Checking the content is ``mentoring.uploads.validate_upload``; this module
only decides the limits and how a stored file leaves the server.
"""

import os
import unicodedata

from django.core.exceptions import SuspiciousFileOperation
from django.http import FileResponse, Http404
from django.utils.text import get_valid_filename

from .uploads import MB, content_type_for, validate_upload

PICTURE_KINDS = ("jpeg", "png")
PICTURE_MAX_BYTES = 5 * MB
SCAN_KINDS = ("pdf", "jpeg", "png")
DOCUMENT_KINDS = ("pdf", "jpeg", "png", "docx", "xlsx", "pptx")
DOCUMENT_MAX_BYTES = 20 * MB

LIMITS = {
    "picture": (PICTURE_KINDS, PICTURE_MAX_BYTES),
    "scan": (SCAN_KINDS, DOCUMENT_MAX_BYTES),
    "document": (DOCUMENT_KINDS, DOCUMENT_MAX_BYTES),
}

ACCEPT = {
    "picture": ".jpg,.jpeg,.png,image/jpeg,image/png",
    "scan": ".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png",
    "document": ".pdf,.jpg,.jpeg,.png,.docx,.xlsx,.pptx",
}

HELP = {
    "picture": "JPEG или PNG, не больше 5 МБ.",
    "scan": "PDF, JPEG или PNG, не больше 20 МБ.",
    "document": "PDF, DOCX, XLSX, PPTX, JPEG или PNG, не больше 20 МБ.",
}


def display_name(name, *, fallback="файл"):
    """The user's file name, only for showing and for the download name: no
    folders, no control characters, at most 120 characters."""
    name = str(name or "").replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C").strip(" .")
    stem, ext = os.path.splitext(name)
    name = f"{stem[:100]}{ext[:15]}"
    return name or fallback


def check_upload(file, kind):
    """``validate_upload`` with the limits of ``kind`` ("picture", "scan",
    "document"); returns the CheckedUpload. Raises ValidationError."""
    allowed, max_bytes = LIMITS[kind]
    return validate_upload(file, allowed=allowed, max_bytes=max_bytes)


def store(field_file, upload, kind):
    """Check ``upload`` and save it into ``field_file`` (a FieldFile of an
    unsaved or saved instance, not saving the instance) under a random
    name. Returns the sanitised original name for display."""
    checked = check_upload(upload, kind)
    field_file.save(checked.filename, upload, save=False)
    return display_name(getattr(upload, "name", ""))


def download_name(original, stored_name, fallback):
    """A download name with the extension of the stored (checked) file, so a
    name like "report.pdf.exe" never reaches the user's machine."""
    extension = os.path.splitext(str(stored_name))[1].lower()
    stem = os.path.splitext(display_name(original, fallback=fallback))[0]
    try:
        stem = get_valid_filename(stem)
    except SuspiciousFileOperation:
        stem = fallback
    return stem + extension


def file_response(field_file, *, filename, public=False, attachment=False):
    """Serve a stored file. Images are shown inline unless ``attachment``,
    everything else is a download; the browser is told not to guess the type
    and not to run anything in it. The caller has checked access before
    calling. Raises Http404 when nothing is stored or the file is gone."""
    if not field_file:
        raise Http404("Файл не загружен")
    try:
        handle = field_file.open("rb")
    except FileNotFoundError:
        raise Http404("Файл не найден") from None
    content_type = content_type_for(field_file.name)
    response = FileResponse(
        handle,
        as_attachment=attachment or not content_type.startswith("image/"),
        filename=download_name(filename, field_file.name, "file"),
        content_type=content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    # Public files vanish as soon as they are unpublished: caches revalidate.
    response["Cache-Control"] = "public, no-cache" if public else "private, no-store"
    return response
