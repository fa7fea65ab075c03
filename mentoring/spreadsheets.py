"""Safe reading and writing of XLSX workbooks uploaded by users.

An uploaded spreadsheet is hostile until proven otherwise. Before openpyxl
sees a byte, ``read_sheet_rows`` checks:

- the size (at most ``MAX_FILE_SIZE``; only that much plus one byte is read);
- that it is a ZIP archive at all (a text file renamed to .xlsx is not), and not
  an OLE2 container (a legacy .xls or a password-protected workbook);
- the archive's declared uncompressed size (at most ``MAX_UNCOMPRESSED_SIZE``):
  a few kilobytes can unpack to gigabytes. ``zipfile`` stops reading an entry
  at its declared size, and openpyxl reads through ``zipfile``, so the declared
  total is a real bound;
- that defusedxml is installed, so openpyxl parses the XML with it (no entity
  expansion, no external entities).

The workbook is then opened with ``read_only=True, data_only=True`` (streamed,
formulas as their cached values) and at most ``MAX_ROWS`` non-empty rows are
accepted. Problems raise `SpreadsheetError` whose message is Russian and fit
to show to the user.

Pure openpyxl: no Django imports, so the management command, the views and the
tests share it.
"""

from __future__ import annotations

import io
import os
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import IO, Any

from mentoring import officefiles
from mentoring.textclean import strip_control_characters

MAX_FILE_SIZE = 10 * 1024 * 1024
# A 20 000-row list with every column filled unpacks to about 38 MB; the cap
# keeps the worst accepted file within 5 s and 300 MB (bench/parse_bench.py).
MAX_UNCOMPRESSED_SIZE = 48 * 1024 * 1024
MAX_ZIP_ENTRIES = 2000
MAX_ROWS = 20_000
# Rows of nothing (formatting only) are skipped, but not forever: a sheet with a
# million styled empty rows is refused rather than streamed for minutes.
MAX_SCANNED_ROWS = 5 * MAX_ROWS

OLE2_MAGIC = officefiles.OLE2_MAGIC

MB = 1024 * 1024


class SpreadsheetError(ValueError):
    """The file cannot be read; ``message`` is Russian and fit for the user."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def defusedxml_in_use() -> bool:
    """Whether openpyxl parses XML with defusedxml (it does when it is installed)."""
    from openpyxl.xml import DEFUSEDXML

    return bool(DEFUSEDXML)


# --- guards --------------------------------------------------------------------


def read_limited(source: str | os.PathLike | IO[bytes], limit: int = MAX_FILE_SIZE) -> bytes:
    """The file's bytes, reading at most ``limit + 1`` of them."""
    try:
        return officefiles.read_limited(source, limit)
    except officefiles.FileProblem as problem:
        raise SpreadsheetError(
            {
                "too_big": f"Файл слишком большой: допускается не более {limit // MB} МБ. "
                "Разделите список на несколько файлов.",
                "unreadable": "Не удалось открыть файл.",
                "text": "Файл нужно передать в двоичном виде.",
                "empty": "Файл пуст: в нём нет ни одного байта. Загрузите книгу Excel (.xlsx).",
            }[problem.code]
        ) from problem


def check_xlsx_bytes(data: bytes) -> None:
    """Raise SpreadsheetError unless the bytes look like a sane XLSX archive."""
    if data.startswith(OLE2_MAGIC):
        if "EncryptedPackage".encode("utf-16-le") in data:
            raise SpreadsheetError(
                "Файл защищён паролем. Сохраните его в Excel без пароля и загрузите снова."
            )
        raise SpreadsheetError(
            "Формат .xls не поддерживается: откройте файл в Excel и сохраните его как "
            "«Книга Excel (.xlsx)»."
        )
    if not officefiles.is_zip(data):
        raise SpreadsheetError(
            "Файл не является книгой Excel (.xlsx): возможно, это текстовый или другой файл "
            "с изменённым расширением. Скачайте шаблон и заполните его."
        )
    try:
        infos = officefiles.zip_members(data)
    except officefiles.FileProblem as exc:
        raise SpreadsheetError(
            "Файл повреждён: не удаётся прочитать его содержимое. "
            "Откройте его в Excel и сохраните заново."
        ) from exc
    if len(infos) > MAX_ZIP_ENTRIES:
        raise SpreadsheetError("Файл отклонён: в нём слишком много внутренних частей.")
    if any(info.flag_bits & 0x1 for info in infos):
        raise SpreadsheetError(
            "Файл защищён паролем. Сохраните его в Excel без пароля и загрузите снова."
        )
    declared = officefiles.unpacked_size(infos)
    if declared > MAX_UNCOMPRESSED_SIZE:
        raise SpreadsheetError(
            "Файл отклонён: в распакованном виде он занимает больше "
            f"{MAX_UNCOMPRESSED_SIZE // MB} МБ. Так выглядят «архивные бомбы»; "
            "обычный список участников намного меньше."
        )
    if "xl/workbook.xml" not in {info.filename for info in infos}:
        raise SpreadsheetError(
            "Файл не является книгой Excel (.xlsx). Скачайте шаблон и заполните его."
        )


# --- reading -----------------------------------------------------------------

# Formats a participant list arrives in. XLSX is streamed with openpyxl; the
# legacy .xls and OpenDocument .ods go through python-calamine (a maintained
# Rust reader: no macros run, no external references followed); CSV through
# the standard library.
FORMATS = ("xlsx", "xls", "ods", "csv")
ODS_MIMETYPE = b"application/vnd.oasis.opendocument.spreadsheet"
MAX_COLUMNS = 80


@dataclass
class SheetRows:
    """Non-empty rows of one sheet: ``(row number as the program shows it,
    tuple of values)``. ``formula_cells`` maps a row number to the 0-based
    columns holding a formula with no saved value (a file written by a program
    that does not compute formulas): those cells read as empty."""

    title: str
    rows: list[tuple[int, tuple[Any, ...]]] = field(default_factory=list)
    formula_cells: dict[int, list[int]] = field(default_factory=dict)
    kind: str = "xlsx"


def detect_kind(data: bytes, filename: str = "") -> str:
    """The format by the content: "xlsx", "xls", "ods" or "csv", or SpreadsheetError.

    Text is CSV unless the file's name claims a workbook (a text file renamed
    to .xlsx is refused, not guessed at)."""
    if data.startswith(OLE2_MAGIC):
        if "EncryptedPackage".encode("utf-16-le") in data:
            raise SpreadsheetError(
                "Файл защищён паролем. Сохраните его в Excel без пароля и загрузите снова."
            )
        return "xls"
    if officefiles.is_zip(data):
        try:
            infos = officefiles.zip_members(data)
        except officefiles.FileProblem:
            return "xlsx"  # check_xlsx_bytes words the message
        names = {info.filename for info in infos}
        if "xl/workbook.xml" not in names and "content.xml" in names:
            return "ods"
        return "xlsx"
    if filename.lower().endswith((".xlsx", ".xlsm", ".xls", ".ods")):
        raise SpreadsheetError(
            "Файл не является книгой Excel (.xlsx): возможно, это текстовый или другой файл "
            "с изменённым расширением. Скачайте шаблон и заполните его."
        )
    if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise SpreadsheetError(
            "Файл не является таблицей: загрузите книгу Excel (.xlsx, .xls), "
            "таблицу LibreOffice (.ods) или текст CSV."
        )
    return "csv"


def check_zip_bytes(data: bytes, required: str, wrong_kind: str) -> None:
    """The archive guards of the module docstring for an OOXML or ODF file."""
    try:
        infos = officefiles.zip_members(data)
    except officefiles.FileProblem as exc:
        raise SpreadsheetError(
            "Файл повреждён: не удаётся прочитать его содержимое. "
            "Откройте его в Excel и сохраните заново."
        ) from exc
    if len(infos) > MAX_ZIP_ENTRIES:
        raise SpreadsheetError("Файл отклонён: в нём слишком много внутренних частей.")
    if any(info.flag_bits & 0x1 for info in infos):
        raise SpreadsheetError(
            "Файл защищён паролем. Сохраните его в Excel без пароля и загрузите снова."
        )
    declared = officefiles.unpacked_size(infos)
    if declared > MAX_UNCOMPRESSED_SIZE:
        raise SpreadsheetError(
            "Файл отклонён: в распакованном виде он занимает больше "
            f"{MAX_UNCOMPRESSED_SIZE // MB} МБ. Так выглядят «архивные бомбы»; "
            "обычный список участников намного меньше."
        )
    if required not in {info.filename for info in infos}:
        raise SpreadsheetError(wrong_kind)


def read_sheet_rows(
    source: str | os.PathLike | IO[bytes],
    *,
    prefer_sheet: str | None = None,
    max_rows: int = MAX_ROWS,
    header_rows: int = 1,
    stop_after: int | None = None,
    filename: str | None = None,
) -> SheetRows:
    """Read the non-empty rows of one sheet (``prefer_sheet`` if the workbook
    has it, else the first) of an .xlsx, .xls, .ods or .csv file after the
    guards of the module docstring.

    At most ``max_rows + header_rows`` non-empty rows are accepted; more raise
    SpreadsheetError: reading stops there, and rows are cut at MAX_COLUMNS
    columns. ``stop_after`` stops reading after that many non-empty rows (to
    look at the header only). ``filename`` (default: the path or the upload's
    name) only serves to refuse a text file named like a workbook."""
    data = read_limited(source)
    if filename is None:
        filename = str(source) if isinstance(source, (str, os.PathLike)) else ""
        filename = filename or getattr(source, "name", "") or ""
    kind = detect_kind(data, str(filename))
    limit = max_rows + header_rows
    if kind == "csv":
        return _read_csv(data, limit, stop_after, max_rows)
    if kind in ("xls", "ods"):
        if kind == "ods":
            check_zip_bytes(
                data,
                "content.xml",
                "Файл не является таблицей LibreOffice (.ods). Сохраните его заново.",
            )
        return _read_calamine(data, kind, prefer_sheet, limit, stop_after, max_rows)
    check_xlsx_bytes(data)
    return _read_xlsx(data, prefer_sheet, limit, stop_after, max_rows)


def _collect(result: SheetRows, rows, limit: int, stop_after: int | None, max_rows: int):
    """Append the non-empty rows of ``rows`` (number, values) within the limits."""
    for number, values in rows:
        if number > MAX_SCANNED_ROWS:
            raise SpreadsheetError(_too_many_rows(max_rows))
        if values is None:
            continue
        values = tuple(
            [
                None if v is None or (isinstance(v, str) and not v.strip()) else v
                for v in values[:MAX_COLUMNS]
            ]
        )
        if values.count(None) == len(values):
            continue
        result.rows.append((number, values))
        if len(result.rows) > limit:
            raise SpreadsheetError(_too_many_rows(max_rows))
        if stop_after is not None and len(result.rows) >= stop_after:
            break
    return result


def _read_xlsx(data, prefer_sheet, limit, stop_after, max_rows) -> SheetRows:
    """XLSX through python-calamine as well: openpyxl's pure-Python streaming
    took about 1 s per 1 000 rows, calamine reads 20 000 rows in a fraction of
    that. The archive guards have run; values are the saved (cached) ones, and
    formulas without a saved value are found by `_formulas_without_values`."""
    result = _read_calamine(data, "xlsx", prefer_sheet, limit, stop_after, max_rows)
    path = _sheet_path(data, result.title)
    if path:
        last = result.rows[-1][0] if result.rows else 0
        result.formula_cells = _formulas_without_values(data, path, last)
    return result


def _sheet_path(data: bytes, title: str) -> str | None:
    """The archive path of the sheet named ``title`` (xl/workbook.xml and its
    relationships), None when it cannot be told."""
    import posixpath
    import zipfile

    from defusedxml.ElementTree import fromstring

    main = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
    rel_ns = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            workbook = fromstring(archive.read("xl/workbook.xml"))
            rels = fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    except Exception:  # a missing part: no formula check, the values still read
        return None
    targets = {r.get("Id"): r.get("Target", "") for r in rels}
    for sheet in workbook.iter(f"{main}sheet"):
        if sheet.get("name") == title:
            target = targets.get(sheet.get(f"{rel_ns}id"), "")
            if target.startswith("/"):
                return target.lstrip("/")
            return posixpath.normpath(posixpath.join("xl", target)) if target else None
    return None


def formulas_without_values(data: bytes, sheet_title: str, last_row: int) -> dict[int, list[int]]:
    """Cells of the XLSX sheet named ``sheet_title`` holding a formula with no
    saved value (a file written by a program that does not compute formulas;
    such cells read as empty): {1-based row: [0-based columns]} up to
    ``last_row``; {} when the sheet cannot be found. ``data``: the file's
    bytes, already checked by `check_xlsx_bytes`."""
    path = _sheet_path(data, sheet_title)
    return _formulas_without_values(data, path, last_row) if path else {}


def _formulas_without_values(data: bytes, path: str, last_row: int) -> dict[int, list[int]]:
    """Cells of the sheet XML with a formula (<f>) and no saved value (<v>), by
    row number, up to ``last_row``. Only files with formulas are parsed twice."""
    import zipfile

    from defusedxml.ElementTree import iterparse
    from openpyxl.utils.cell import column_index_from_string, coordinate_from_string

    ns = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        try:
            with archive.open(path) as fh:
                has_formulas = any(
                    b"<f>" in chunk or b"<f " in chunk
                    for chunk in iter(lambda: fh.read(1 << 20), b"")
                )
        except KeyError:
            return {}
        if not has_formulas:
            return {}
        found: dict[int, list[int]] = {}
        with archive.open(path) as fh:
            for _event, element in iterparse(fh, events=("end",)):
                if element.tag == f"{ns}row":
                    element.clear()
                    continue
                if element.tag != f"{ns}c":
                    continue
                formula = element.find(f"{ns}f")
                value = element.find(f"{ns}v")
                if formula is not None and (value is None or not (value.text or "").strip()):
                    ref = element.get("r") or ""
                    try:
                        letters, row = coordinate_from_string(ref)
                    except ValueError:
                        continue
                    if row > last_row:
                        break
                    found.setdefault(row, []).append(column_index_from_string(letters) - 1)
    return found


def _read_calamine(data, kind, prefer_sheet, limit, stop_after, max_rows) -> SheetRows:
    from python_calamine import CalamineWorkbook

    label = {"xls": "Excel 97–2003 (.xls)", "ods": "LibreOffice (.ods)"}.get(kind, "Excel")
    try:
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
        names = workbook.sheet_names
        if not names:
            raise SpreadsheetError("В книге нет ни одного листа.")
        name = prefer_sheet if prefer_sheet in names else names[0]
        sheet = workbook.get_sheet_by_name(name)
        start_row = sheet.start[0] if sheet.start else 0
        result = SheetRows(title=name, kind=kind)
        # Empty cells read as "": _collect makes them None.
        rows = enumerate(sheet.iter_rows(), start=start_row + 1)
        _collect(result, rows, limit, stop_after, max_rows)
        return result
    except SpreadsheetError:
        raise
    except Exception as exc:  # any reader failure here means a broken file
        message = str(exc).lower()
        if "password" in message or "encrypt" in message:
            raise SpreadsheetError(
                "Файл защищён паролем. Сохраните его без пароля и загрузите снова."
            ) from exc
        raise SpreadsheetError(
            f"Не удалось прочитать файл {label}: он повреждён или сохранён в неподдерживаемом "
            "виде. Откройте его и сохраните заново как «Книга Excel (.xlsx)»."
        ) from exc


def decode_text(data: bytes) -> str:
    """CSV bytes as text: a BOM decides (UTF-8, UTF-16); else UTF-8 when it
    decodes, else Windows-1251 (Excel's "CSV" on a Russian Windows)."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1251", errors="replace")


# Excel's separator hint on the first line of a CSV: "sep=;" (Excel reads it,
# hides the line and numbers the next one 1).
_SEP_LINE_RE = re.compile(r'^\ufeff?"?sep=(.)"?[ \t]*(?:\r\n|\r|\n|$)', re.IGNORECASE)


def _read_csv(data, limit, stop_after, max_rows) -> SheetRows:
    import csv

    text = decode_text(data)
    sep = _SEP_LINE_RE.match(text)
    if sep:
        delimiter = sep.group(1)
        text = text[sep.end() :]
    else:
        sample = text[:8192]
        try:
            dialect = csv.Sniffer().sniff(sample, delimiters=";,\t|")
            delimiter = dialect.delimiter
        except csv.Error:
            first = sample.splitlines()[0] if sample else ""
            delimiter = max(";,\t", key=first.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    result = SheetRows(title="CSV", kind="csv")
    return _collect(result, enumerate(reader, start=1), limit, stop_after, max_rows)


def _too_many_rows(max_rows: int) -> str:
    grouped = f"{max_rows:,}".replace(",", "\N{NO-BREAK SPACE}")
    return f"В файле больше {grouped} строк с данными: разделите список на несколько файлов."


# --- writing a template ---------------------------------------------------------


@dataclass
class TemplateColumn:
    header: str
    width: int = 18
    comment: str = ""
    # A data-validation list: a range ("'Справочники'!$A$2:$A$7") or '"да,нет"'.
    choices_formula: str = ""
    number_format: str = ""


@dataclass
class ReferenceList:
    title: str
    values: Sequence[str]


def write_template(
    *,
    columns: Sequence[TemplateColumn],
    sheet_title: str,
    references: Sequence[ReferenceList] = (),
    instructions: Iterable[str] = (),
    template_rows: int = 2000,
) -> bytes:
    """An empty workbook to fill in: the header row (bold, frozen, with
    widths and data-validation lists for ``template_rows`` rows), a
    "Справочники" sheet with the reference lists side by side, and an
    "Инструкция" sheet with one paragraph per line."""
    from openpyxl import Workbook
    from openpyxl.comments import Comment
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    from mentoring.xlsx import set_cell

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = sheet_title
    header_fill = PatternFill("solid", fgColor="E8F0F8")
    bold = Font(bold=True)
    for index, column in enumerate(columns, start=1):
        cell = set_cell(sheet, row=1, column=index, value=column.header)
        cell.font = bold
        cell.fill = header_fill
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = column.width
        if column.comment:
            cell.comment = Comment(column.comment, "Наставничество")
        cells = f"{letter}2:{letter}{template_rows + 1}"
        if column.choices_formula:
            validation = DataValidation(
                type="list", formula1=column.choices_formula, allow_blank=True
            )
            validation.error = "Выберите значение из списка."
            validation.errorTitle = column.header
            validation.showErrorMessage = False  # a hint, not a barrier
            sheet.add_data_validation(validation)
            validation.add(cells)
        if column.number_format:
            sheet.column_dimensions[letter].number_format = column.number_format
    sheet.row_dimensions[1].height = 32
    sheet.freeze_panes = "A2"

    if references:
        ref_sheet = workbook.create_sheet("Справочники")
        for index, ref in enumerate(references, start=1):
            letter = get_column_letter(index)
            set_cell(ref_sheet, row=1, column=index, value=ref.title).font = bold
            for row, value in enumerate(ref.values, start=2):
                set_cell(ref_sheet, row=row, column=index, value=value)
            ref_sheet.column_dimensions[letter].width = (
                max([len(ref.title), *(len(v) for v in ref.values)]) + 2
            )
        ref_sheet.freeze_panes = "A2"

    lines = list(instructions)
    if lines:
        help_sheet = workbook.create_sheet("Инструкция")
        help_sheet.column_dimensions["A"].width = 110
        for row, line in enumerate(lines, start=1):
            cell = set_cell(help_sheet, row=row, column=1, value=line)
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            if row == 1:
                cell.font = Font(bold=True, size=13)

    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def cell_text(value: Any) -> str:
    """A cell value as stripped text: whole floats without ".0", dates as дд.мм.гггг."""
    if (
        value.__class__ is str
        and value.isprintable()
        and "  " not in value
        and not value.startswith(" ")
        and not value.endswith(" ")
    ):
        # The common case, without the work below: a printable string has no
        # control characters and no whitespace but the space.
        return value
    if value is None:
        return ""
    if isinstance(value, bool):
        return "да" if value else "нет"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.strftime("%d.%m.%Y")
    if isinstance(value, date):
        return value.strftime("%d.%m.%Y")
    text = strip_control_characters(str(value))
    return " ".join(text.split()) if "\n" not in text else text.strip()
