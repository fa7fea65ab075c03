"""One XLSX writer for every workbook the product produces: registers,
bank exports, reports, survey results, roadmap exports and import templates.

Every value goes through `safe_value`/`safe_cell`, so a stored string can
never become a formula in the file ("CSV/formula injection", OWASP ASVS 5.0
V1.2.10): a string that starts with ``=``, ``+``, ``-``, ``@``, a tab or a
carriage return is written as a text cell (``data_type 's'``) with the
"quote prefix" style, which tells Excel and LibreOffice to keep it as text
even when the user edits the cell. Control characters that XML 1.0 cannot
carry are dropped instead of failing the whole export.

Tables: write-only mode, bold frozen header, autofilter, column widths,
Russian dates (ДД.ММ.ГГГГ).
"""

import datetime
import io

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

HEADER_FONT = Font(bold=True, color="FFFFFF")
HEADER_FILL = PatternFill("solid", fgColor="1F4E79")
WRAP = Alignment(wrap_text=True, vertical="top")
DATE_FORMAT = "DD.MM.YYYY"
DATETIME_FORMAT = "DD.MM.YYYY HH:MM"

# The first characters that make a spreadsheet read a typed value as a
# formula (OWASP "CSV Injection"; Excel also treats a leading tab or CR so).
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
_SHEET_TITLE_FORBIDDEN = str.maketrans(dict.fromkeys("[]:*?/\\", " "))


def is_formula_like(value) -> bool:
    """Whether ``value`` is a string a spreadsheet would take for a formula."""
    return isinstance(value, str) and value.startswith(FORMULA_TRIGGERS)


def clean_text(value: str) -> str:
    """``value`` without the control characters XML cannot carry (tab, LF
    and CR are kept)."""
    return ILLEGAL_CHARACTERS_RE.sub("", value)


def safe_value(value):
    """A plain value to append as is, or None when ``value`` needs a cell
    object (formula-like or multi-line text, dates)."""
    if value is None or isinstance(value, bool | int | float):
        return value
    return None


def _as_text(cell, text):
    # openpyxl binds "=..." as a formula ('f'); force text and mark the
    # style so an editing user does not turn it into one either.
    cell.value = text
    cell.data_type = "s"
    cell.quotePrefix = True


def safe_cell(ws, value):
    """A value for ``ws.append`` in a write-only sheet: plain numbers and
    short text as they are, everything else as a styled `WriteOnlyCell`.
    Strings are never formulas (see the module docstring)."""
    plain = safe_value(value)
    if plain is not None or value is None:
        return plain
    if isinstance(value, str):
        value = clean_text(value)
        if is_formula_like(value):
            cell = WriteOnlyCell(ws)
            _as_text(cell, value)
            if "\n" in value:
                cell.alignment = WRAP
            return cell
        if "\n" not in value:
            # Plain values go in as they are: a cell object per value is what
            # makes a 10 000-row register slow.
            return value
        cell = WriteOnlyCell(ws, value=value)
        cell.alignment = WRAP
        return cell
    cell = WriteOnlyCell(ws, value=value)
    if isinstance(value, datetime.datetime):
        # Excel has no time zones: write the wall-clock time of the
        # project's zone (settings.TIME_ZONE, Europe/Moscow), not UTC.
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        cell.value = value.replace(tzinfo=None)
        cell.number_format = DATETIME_FORMAT
    elif isinstance(value, datetime.date):
        cell.number_format = DATE_FORMAT
    return cell


def set_cell(sheet, *, row, column, value):
    """Write ``value`` into a cell of a normal (not write-only) sheet, with
    the same guarantees as `safe_cell`; returns the cell for styling."""
    cell = sheet.cell(row=row, column=column)
    if isinstance(value, str):
        value = clean_text(value)
        if is_formula_like(value):
            _as_text(cell, value)
            return cell
    cell.value = value
    return cell


def sheet_title(title: str) -> str:
    """A worksheet title Excel accepts: no ``[]:*?/\\``, at most 31 characters."""
    return (title.translate(_SHEET_TITLE_FORBIDDEN).strip() or "Лист")[:31]


def add_table_sheet(workbook, *, title, columns, rows, freeze="A2"):
    """Append a table sheet to a write-only ``workbook``.

    ``columns``: [(header, width in characters)]; ``rows``: an iterable of
    value lists (str, int, float, Decimal, date, datetime or None);
    ``freeze``: the first cell that scrolls ("A2" keeps the header row;
    "C2" keeps the first two columns too, say № and the organisation).
    Returns the number of data rows written."""
    ws = workbook.create_sheet(title=sheet_title(title))
    for index, (_header, width) in enumerate(columns, start=1):
        ws.column_dimensions[get_column_letter(index)].width = width
    ws.freeze_panes = freeze
    header = []
    for name, _width in columns:
        cell = WriteOnlyCell(ws)
        cell.value = clean_text(str(name))
        if is_formula_like(cell.value):
            _as_text(cell, cell.value)
        cell.font, cell.fill, cell.alignment = HEADER_FONT, HEADER_FILL, WRAP
        header.append(cell)
    ws.append(header)
    count = 0
    for row in rows:
        ws.append([safe_cell(ws, v) for v in row])
        count += 1
    ws.auto_filter.ref = f"A1:{get_column_letter(max(len(columns), 1))}{count + 1}"
    return count


def tables_xlsx(sheets):
    """A workbook of several table sheets, as bytes: ``sheets`` is a list of
    (title, columns, rows) or (title, columns, rows, freeze) as in
    `add_table_sheet`."""
    workbook = Workbook(write_only=True)
    for title, columns, rows, *freeze in sheets:
        add_table_sheet(
            workbook, title=title, columns=columns, rows=rows, freeze=freeze[0] if freeze else "A2"
        )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def table_xlsx(*, title, columns, rows):
    """A workbook of one table sheet, as bytes."""
    return tables_xlsx([(title, columns, rows)])
