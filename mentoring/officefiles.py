"""Reading uploaded Office files safely, shared by the participant import,
the roadmap import and the attachment checks.

Pure Python (no Django): the roadmap parser uses it too. Problems are raised
as ``FileProblem`` with a ``code``; each caller words the Russian message
for its own feature.
"""

from __future__ import annotations

import contextlib
import io
import os
import zipfile
from pathlib import Path
from typing import IO

OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # legacy .doc/.xls and encrypted OOXML
ZIP_MAGIC = b"PK\x03\x04"
EMPTY_ZIP_MAGIC = b"PK\x05\x06"


class FileProblem(Exception):
    """``code``: "unreadable", "text", "empty", "too_big" or "corrupt"."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


def read_limited(source: str | os.PathLike | IO[bytes], limit: int) -> bytes:
    """The file's bytes, reading at most ``limit + 1`` of them, so that a huge
    upload is never held whole."""
    if isinstance(source, (str, os.PathLike)):
        path = Path(source)
        try:
            if path.stat().st_size > limit:
                raise FileProblem("too_big")
            with path.open("rb") as fh:
                data = fh.read(limit + 1)
        except OSError as exc:
            raise FileProblem("unreadable") from exc
    else:
        size = getattr(source, "size", None)
        if isinstance(size, int) and size > limit:
            raise FileProblem("too_big")
        if hasattr(source, "seek"):
            with contextlib.suppress(OSError, ValueError):
                source.seek(0)
        data = source.read(limit + 1)
        if isinstance(data, str):
            raise FileProblem("text")
    if not data:
        raise FileProblem("empty")
    if len(data) > limit:
        raise FileProblem("too_big")
    return data


def is_zip(data: bytes) -> bool:
    return data.startswith(ZIP_MAGIC) or data.startswith(EMPTY_ZIP_MAGIC)


def zip_members(source: bytes | IO[bytes]) -> list[zipfile.ZipInfo]:
    """The archive's members, read from its directory only (nothing is
    unpacked). Raises FileProblem("corrupt")."""
    stream = io.BytesIO(source) if isinstance(source, bytes) else source
    try:
        with zipfile.ZipFile(stream) as archive:
            return archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as exc:
        raise FileProblem("corrupt") from exc


def unpacked_size(members: list[zipfile.ZipInfo]) -> int:
    """The declared total size once unpacked. zipfile stops reading a member
    at its declared size, so this bounds what any library will unpack: check
    it before opening the file with openpyxl or python-docx ("zip bombs")."""
    return sum(max(info.file_size, 0) for info in members)


# --- DTDs in XML parts -----------------------------------------------------------

# The first bytes of an XML entity without a byte order mark, and the
# encoding family they reveal (XML 1.0, Appendix F "Autodetection of
# Character Encodings").
_XML_SIGNATURES = (
    (b"\x00\x00\x00\x3c", "utf-32-be"),
    (b"\x3c\x00\x00\x00", "utf-32-le"),
    (b"\x00\x3c\x00\x3f", "utf-16-be"),
    (b"\x3c\x00\x3f\x00", "utf-16-le"),
    (b"\x4c\x6f\xa7\x94", "cp037"),  # "<?xm" in EBCDIC
)
_BOMS = (
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\xef\xbb\xbf", "utf-8"),
    (b"\xfe\xff", "utf-16-be"),
    (b"\xff\xfe", "utf-16-le"),
)
_DTD_MARKERS = ("<!doctype", "<!entity")


def _xml_family(head: bytes) -> str:
    """The encoding family of an XML entity from its first bytes: the byte
    order mark, else the byte pattern of ``<`` (XML 1.0 Appendix F; a ``<``
    followed or preceded by a zero byte is UTF-16 even without ``<?xml``, as
    expat reads it), else UTF-8."""
    for bom, name in _BOMS:
        if head.startswith(bom):
            return name
    for signature, name in _XML_SIGNATURES:
        if head.startswith(signature):
            return name
    if head[:2] == b"\x3c\x00":
        return "utf-16-le"
    if head[:2] == b"\x00\x3c":
        return "utf-16-be"
    return "utf-8"


def _declared_codec(head: bytes, family: str) -> str:
    """The codec of the XML declaration's ``encoding="…"`` read in
    ``family``, else ``family``. Raises FileProblem("encoding") for an
    encoding Python does not know."""
    import codecs
    import re

    declaration = head[:1024].decode(family, errors="replace").lstrip("\ufeff")
    match = re.match(r"""\s*<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._:-]+)["']""", declaration)
    if not match:
        return family
    try:
        codec = codecs.lookup(match.group(1))
    except LookupError as exc:
        raise FileProblem("encoding") from exc
    if codec.name.replace("_", "-") in ("utf-16", "utf-32", "utf-8-sig"):
        return family  # no byte order given: the bytes give it
    return codec.name


def xml_encoding(head: bytes) -> str:
    """The encoding of an XML entity from its first bytes: the byte order
    mark, else the byte pattern of ``<`` (XML 1.0 Appendix F), else the
    ``encoding="…"`` of the XML declaration, else UTF-8. Raises
    FileProblem("encoding") for an encoding Python does not know (a parser
    that knows it could still expand entities we did not see)."""
    family = _xml_family(head)
    if any(head.startswith(bom) for bom, _name in _BOMS):
        return family
    return _declared_codec(head, family)


def looks_like_xml(head: bytes) -> bool:
    """Whether the first bytes of a part are XML (a ``<`` first, after a
    byte order mark and white space, in the sniffed encoding), whatever the
    part is called: [Content_Types].xml can declare any name as XML."""
    text = head[:256].decode(_xml_family(head), errors="replace")
    return text.lstrip("\ufeff \t\r\n").startswith("<")


def xml_declares_dtd(stream: IO[bytes], chunk_size: int = 64 * 1024) -> bool:
    """Whether an XML part declares a DTD or entities (``<!DOCTYPE``,
    ``<!ENTITY``) in whatever encoding it is written in: UTF-8, UTF-16 and
    UTF-32 with or without a byte order mark, or any declared encoding.

    The part is read both in the encoding its bytes reveal and in the one
    its declaration names when they differ: parsers disagree on which wins
    (libxml2 reads a "UTF-16" label over UTF-8 bytes as UTF-8), so a DTD
    visible in either is a DTD.

    Office never writes a DTD into its parts; a DTD is how "billion laughs"
    entity expansion and external entities are built (OWASP ASVS 5.0 V1.5.1).
    The part is decoded incrementally, so memory stays at a few chunks
    however large the part is. Raises FileProblem("encoding") for an unknown
    encoding."""
    import codecs

    head = stream.read(chunk_size)
    family = _xml_family(head)
    names = dict.fromkeys([family, xml_encoding(head), _declared_codec(head, family)])
    decoders = [codecs.getincrementaldecoder(name)(errors="replace") for name in names]
    overlap = max(len(marker) for marker in _DTD_MARKERS)
    tails = [""] * len(decoders)
    chunk = head
    while True:
        final = not chunk
        for index, decoder in enumerate(decoders):
            text = (tails[index] + decoder.decode(chunk, final=final)).lower()
            if any(marker in text for marker in _DTD_MARKERS):
                return True
            tails[index] = text[-overlap:]
        if final:
            return False
        chunk = stream.read(chunk_size)
