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
