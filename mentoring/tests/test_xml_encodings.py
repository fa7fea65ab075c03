"""Issue 13 point 4: a DTD in an Office part is found in any encoding.

A billion-laughs ``word/document.xml`` re-encoded as UTF-32 (and UTF-16, with
and without a byte order mark) hid "<!DOCTYPE" from a byte search and was
accepted as an event attachment; practice files use the same check."""

import io
import zipfile

import pytest

from mentoring import officefiles
from mentoring.models import Attachment, Practice
from mentoring.tests import activity_data as data
from mentoring.tests.test_upload_sweep import LAUGHS, multipart, valid_docx

ENCODINGS = {
    "utf-32 with BOM": ("utf-32", "UTF-32"),
    "utf-32-le without BOM": ("utf-32-le", "UTF-32"),
    "utf-32-be without BOM": ("utf-32-be", "UTF-32"),
    "utf-16 with BOM": ("utf-16", "UTF-16"),
    "utf-16-be without BOM": ("utf-16-be", "UTF-16"),
    "utf-8 with BOM": ("utf-8-sig", "UTF-8"),
    "cp1251 declared": ("cp1251", "windows-1251"),
}


def _document(encoding, declared, *, laughs=True):
    """The sample DOCX with word/document.xml re-encoded, a billion-laughs
    DTD in front of it when ``laughs``."""
    source = zipfile.ZipFile(io.BytesIO(valid_docx()))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == "word/document.xml":
                text = content.decode("utf-8")
                text = text[text.index("?>") + 2 :].lstrip()
                dtd = LAUGHS.split("\n", 1)[1] if laughs else ""
                declaration = f'<?xml version="1.0" encoding="{declared}" standalone="yes"?>\n'
                content = (declaration + dtd + text).encode(encoding)
            archive.writestr(info, content)
    return buffer.getvalue()


@pytest.mark.parametrize("label", sorted(ENCODINGS))
def test_a_dtd_is_found_in_every_encoding_of_an_xml_part(label):
    encoding, declared = ENCODINGS[label]
    part = zipfile.ZipFile(io.BytesIO(_document(encoding, declared))).read("word/document.xml")
    assert b"<!DOCTYPE" not in part or encoding.startswith(("utf-8", "cp"))
    # Small chunks: the marker may straddle two of them.
    assert officefiles.xml_declares_dtd(io.BytesIO(part), chunk_size=7)
    clean = zipfile.ZipFile(io.BytesIO(_document(encoding, declared, laughs=False)))
    assert not officefiles.xml_declares_dtd(io.BytesIO(clean.read("word/document.xml")))


def test_an_xml_part_in_an_unknown_encoding_is_a_problem():
    part = b'<?xml version="1.0" encoding="x-klingon"?><a/>'
    with pytest.raises(officefiles.FileProblem) as caught:
        officefiles.xml_declares_dtd(io.BytesIO(part))
    assert caught.value.code == "encoding"


@pytest.mark.parametrize("encoding", ["utf-32", "utf-32-le", "utf-16-be"])
def test_utf32_billion_laughs_event_attachment_is_refused(cast, client_for, encoding):
    event = data.event(cast)
    body, content_type = multipart(
        {"title": "План"}, "file", "plan.docx", _document(encoding, "UTF-32")
    )
    response = client_for(cast.methodist).post(
        f"/events/{event.pk}/files/new/", body, content_type=content_type
    )
    if response.status_code == 302:
        response = client_for(cast.methodist).get(response["Location"])
    assert "DTD" in response.text
    assert not Attachment.objects.exists()


def test_utf32_billion_laughs_practice_file_is_refused(cast, client_for):
    body, content_type = multipart(
        {"title": "Т", "authors": "А", "description": "О", "results": "Р"},
        "upload",
        "plan.docx",
        _document("utf-32", "UTF-32"),
    )
    response = client_for(cast.mentor).post("/practices/new/", body, content_type=content_type)
    assert response.status_code == 200
    assert "DTD" in response.text
    assert not Practice.objects.exists()


def test_the_same_document_without_the_dtd_is_accepted_as_a_practice_file(cast, client_for):
    body, content_type = multipart(
        {"title": "Т", "authors": "А", "description": "О", "results": "Р"},
        "upload",
        "plan.docx",
        _document("utf-16", "UTF-16", laughs=False),
    )
    response = client_for(cast.mentor).post("/practices/new/", body, content_type=content_type)
    assert response.status_code == 302, response.text[:3000]
    assert Practice.objects.get().attachments.count() == 1


def _with_part(name, content):
    """The sample DOCX plus one more part ``name`` declared as XML in
    [Content_Types].xml (as a custom XML data part would be)."""
    source = zipfile.ZipFile(io.BytesIO(valid_docx()))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "[Content_Types].xml":
                extension = name.rsplit(".", 1)[-1] if "." in name else ""
                entry = (
                    f'<Default Extension="{extension}" ContentType="application/xml"/>'
                    if extension
                    else f'<Override PartName="/{name}" ContentType="application/xml"/>'
                )
                data = data.replace(b"</Types>", entry.encode() + b"</Types>")
            archive.writestr(info, data)
        archive.writestr(name, content)
    return buffer.getvalue()


BOMB = LAUGHS.split("\n", 1)[1] + "<lolz>&lol9;</lolz>"


@pytest.mark.parametrize(
    "name,content",
    [
        ("customXml/item1.dat", BOMB.encode("utf-8")),
        ("customXml/item1", BOMB.encode("utf-32")),
        ("word/theme/theme1.bin", BOMB.encode("utf-16-le")),
        # Declared UTF-16 over UTF-8 bytes: decoding as declared hid the DTD.
        ("customXml/item2.xml", ('<?xml version="1.0" encoding="UTF-16LE"?>' + BOMB).encode()),
        ("customXml/item3.xml", ('<?xml version="1.0" encoding="cp037"?>' + BOMB).encode()),
    ],
)
def test_a_dtd_in_any_xml_part_is_refused_whatever_the_part_is_called(
    cast, client_for, name, content
):
    body, content_type = multipart(
        {"title": "Т", "authors": "А", "description": "О", "results": "Р"},
        "upload",
        "plan.docx",
        _with_part(name, content),
    )
    response = client_for(cast.mentor).post("/practices/new/", body, content_type=content_type)
    assert response.status_code == 200
    assert "DTD" in response.text
    assert not Practice.objects.exists()


def test_images_and_other_binary_parts_do_not_look_like_a_dtd(cast, client_for):
    body, content_type = multipart(
        {"title": "Т", "authors": "А", "description": "О", "results": "Р"},
        "upload",
        "plan.docx",
        _with_part("word/media/image1.png", b"\x89PNG\r\n\x1a\n" + b"<!DOCTYPE" * 3),
    )
    response = client_for(cast.mentor).post("/practices/new/", body, content_type=content_type)
    assert response.status_code == 302, response.text[:3000]
