"""Checking uploaded files by their content, not by their name.

A browser sends whatever name and Content-Type the user's machine makes up,
so both are ignored: the kind is read from the first bytes (the "magic"
signature), images are also decoded by Pillow, and the file is stored under a
fresh random name with the extension of the detected kind. The original name
never reaches the file system, which rules out path traversal and names that
trick a later download into running something.

Used for consent scans; later features (documents, photos, certificates)
call ``validate_upload`` with their own ``allowed`` kinds and size limit.
"""

import uuid
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat

from . import officefiles

MB = 1024 * 1024
DEFAULT_MAX_BYTES = 10 * MB
# Enough for every signature below and for recognising HTML/scripts.
HEAD_BYTES = 512


@dataclass(frozen=True)
class FileKind:
    name: str
    label: str
    signature: bytes
    content_type: str
    extension: str
    is_image: bool = False
    pillow_format: str = ""


KINDS = {
    kind.name: kind
    for kind in (
        FileKind("pdf", "PDF", b"%PDF-", "application/pdf", ".pdf"),
        FileKind("jpeg", "JPEG", b"\xff\xd8\xff", "image/jpeg", ".jpg", True, "JPEG"),
        FileKind("png", "PNG", b"\x89PNG\r\n\x1a\n", "image/png", ".png", True, "PNG"),
    )
}

# Office Open XML documents are ZIP archives: recognised only when a caller
# allows them, by the archive's structure (see ``_detect_office``), never by
# the signature alone: a bare ZIP stays refused.
OFFICE_KINDS = {
    kind.name: kind
    for kind in (
        FileKind(
            "docx",
            "DOCX",
            b"PK\x03\x04",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            ".docx",
        ),
        FileKind(
            "xlsx",
            "XLSX",
            b"PK\x03\x04",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            ".xlsx",
        ),
        FileKind(
            "pptx",
            "PPTX",
            b"PK\x03\x04",
            "application/vnd.openxmlformats-officedocument.presentationml.presentation",
            ".pptx",
        ),
    )
}
# The part that tells the three apart.
OFFICE_MAIN_PARTS = {
    "docx": "word/document.xml",
    "xlsx": "xl/workbook.xml",
    "pptx": "ppt/presentation.xml",
}
# A document unpacking to more than this is refused (a "zip bomb").
OFFICE_MAX_UNCOMPRESSED = 100 * MB
OFFICE_MAX_MEMBERS = 10_000

# Content that is never accepted, named so the user understands why.
FORBIDDEN = (
    (b"MZ", "Файл является исполняемой программой Windows, а не документом."),
    (b"\x7fELF", "Файл является исполняемой программой, а не документом."),
    (b"#!", "Файл является сценарием (программой), а не документом."),
    (b"PK\x03\x04", "Файл является архивом (ZIP или документом Office), а не сканом."),
    (b"Rar!", "Файл является архивом RAR, а не сканом."),
    (b"7z\xbc\xaf\x27\x1c", "Файл является архивом 7-Zip, а не сканом."),
)
MARKUP_MARKERS = (b"<!doctype", b"<html", b"<script", b"<svg", b"<?xml", b"<?php")


@dataclass(frozen=True)
class CheckedUpload:
    """What ``validate_upload`` found: the kind, its content type and a safe
    name to store the file under."""

    kind: str
    content_type: str
    filename: str


def _kind(name):
    return KINDS.get(name) or OFFICE_KINDS[name]


def allowed_labels(allowed):
    return ", ".join(_kind(name).label for name in allowed)


def safe_filename(kind):
    """A fresh random name with the extension of the detected kind."""
    return f"{uuid.uuid4().hex}{_kind(kind).extension}"


def content_type_for(filename):
    """Content type of a file stored under a name made by ``safe_filename``."""
    lowered = str(filename).lower()
    for kind in (*KINDS.values(), *OFFICE_KINDS.values()):
        if lowered.endswith(kind.extension) or (kind.name == "jpeg" and lowered.endswith(".jpeg")):
            return kind.content_type
    return "application/octet-stream"


def _read_head(file):
    file.seek(0)
    head = file.read(HEAD_BYTES)
    file.seek(0)
    return head or b""


def _detect(head):
    for kind in KINDS.values():
        if head.startswith(kind.signature):
            return kind
    return None


def _detect_office(file, allowed):
    """The Office kind of a ZIP upload, checked by its structure: a
    ``[Content_Types].xml`` part, the main part of an allowed kind, a
    declared unpacked size within the limit, no macros and no DTD in the XML
    parts. Raises ValidationError."""
    try:
        file.seek(0)
        infos = officefiles.zip_members(file)
    except officefiles.FileProblem as exc:
        raise ValidationError(
            "Архив повреждён или не является документом Office.", code="broken_office"
        ) from exc
    finally:
        file.seek(0)
    names = {info.filename for info in infos}
    unpacked = officefiles.unpacked_size(infos)
    if len(infos) > OFFICE_MAX_MEMBERS or unpacked > OFFICE_MAX_UNCOMPRESSED:
        raise ValidationError(
            "Документ в распакованном виде слишком велик.", code="office_too_large"
        )
    if "[Content_Types].xml" in names:
        for name, part in OFFICE_MAIN_PARTS.items():
            if part in names and name in allowed:
                if any(n.lower().endswith("vbaproject.bin") for n in names):
                    raise ValidationError(
                        "Документ содержит макросы. Сохраните его без макросов "
                        "(.docx, .xlsx, .pptx) и загрузите снова.",
                        code="office_macros",
                    )
                _refuse_dtd(file, infos)
                return OFFICE_KINDS[name]
    raise ValidationError(
        f"Файл является архивом, а не документом. Загрузите файл {allowed_labels(allowed)}.",
        code="forbidden_content",
    )


# Office never writes a DTD into its XML parts; a DTD is how entity-expansion
# "XML bombs" ("billion laughs") and external entities are built. Every part
# that is XML is read, by its name or by its first bytes ([Content_Types].xml
# can declare a part of any name as XML), and each is
# decoded in its own encoding (a UTF-32 part hides "<!DOCTYPE" from a byte
# search) and read in chunks (the total is bounded by OFFICE_MAX_UNCOMPRESSED).
XML_PART_SUFFIXES = (".xml", ".rels", ".vml")
XML_DTD_MESSAGE = (
    "Документ содержит объявления DTD или сущностей XML, которых "
    "не бывает в файлах Office (так устроены «XML-бомбы»). "
    "Откройте его в Word, Excel или PowerPoint и сохраните заново."
)


def _refuse_dtd(file, infos):
    """Raise ValidationError when an XML part of the Office archive declares
    a DTD or entities, or is written in an encoding we cannot read."""
    import zipfile
    import zlib

    try:
        file.seek(0)
        with zipfile.ZipFile(file) as archive:
            for info in infos:
                with archive.open(info) as part:
                    named_xml = info.filename.lower().endswith(XML_PART_SUFFIXES)
                    if not named_xml and not officefiles.looks_like_xml(part.read(256)):
                        continue
                with archive.open(info) as part:
                    if officefiles.xml_declares_dtd(part):
                        raise ValidationError(XML_DTD_MESSAGE, code="xml_dtd")
    except officefiles.FileProblem as exc:
        raise ValidationError(XML_DTD_MESSAGE, code="xml_dtd") from exc
    except (zipfile.BadZipFile, zlib.error, OSError, ValueError, EOFError, RuntimeError) as exc:
        # RuntimeError: an encrypted member; OSError and BadZipFile: a bad CRC.
        raise ValidationError(
            "Архив повреждён или не является документом Office.", code="broken_office"
        ) from exc
    finally:
        file.seek(0)


def _refusal(head, allowed):
    for signature, message in FORBIDDEN:
        if head.startswith(signature):
            return message
    lowered = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if any(lowered.startswith(marker) for marker in MARKUP_MARKERS):
        return "Файл является веб-страницей или сценарием, а не документом."
    return f"Формат файла не распознан. Загрузите файл {allowed_labels(allowed)}."


def _check_image(file, kind):
    from PIL import Image

    try:
        file.seek(0)
        with Image.open(file) as image:
            image_format = image.format
            image.verify()
    except Exception as exc:  # Pillow raises many kinds for a broken file.
        raise ValidationError(
            f"Изображение {kind.label} повреждено или не читается. Отсканируйте документ заново.",
            code="broken_image",
        ) from exc
    finally:
        file.seek(0)
    if image_format != kind.pillow_format:
        raise ValidationError(
            f"Содержимое файла не соответствует формату {kind.label}.", code="format_mismatch"
        )


def validate_upload(file, *, allowed=("pdf", "jpeg", "png"), max_bytes=DEFAULT_MAX_BYTES):
    """Check an uploaded file and return a ``CheckedUpload``.

    Raises ``ValidationError`` with a Russian message when the file is empty,
    too large, or its content is not one of the ``allowed`` kinds (``"pdf"``,
    ``"jpeg"``, ``"png"``, and when allowed the Office documents ``"docx"``,
    ``"xlsx"``, ``"pptx"``), whatever its name says. The file position is
    left at the start.
    """
    unknown = set(allowed) - KINDS.keys() - OFFICE_KINDS.keys()
    if unknown:
        raise ValueError(f"unknown upload kinds: {sorted(unknown)}")
    size = getattr(file, "size", None)
    if size is None:
        file.seek(0, 2)
        size = file.tell()
        file.seek(0)
    if size == 0:
        raise ValidationError("Файл пустой.", code="empty")
    if size > max_bytes:
        raise ValidationError(
            f"Файл больше {filesizeformat(max_bytes)}: уменьшите разрешение скана "
            "или разделите документ.",
            code="too_large",
        )
    head = _read_head(file)
    kind = _detect(head)
    if kind is None and head.startswith(b"PK\x03\x04") and set(allowed) & OFFICE_KINDS.keys():
        kind = _detect_office(file, allowed)
    if kind is None:
        raise ValidationError(_refusal(head, allowed), code="forbidden_content")
    if kind.name not in allowed:
        raise ValidationError(
            f"Файлы {kind.label} здесь не принимаются. Загрузите файл {allowed_labels(allowed)}.",
            code="kind_not_allowed",
        )
    if kind.is_image:
        _check_image(file, kind)
    return CheckedUpload(
        kind=kind.name, content_type=kind.content_type, filename=safe_filename(kind.name)
    )
