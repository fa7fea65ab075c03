"""One XLSX table writer for every register and export: write-only mode,
bold frozen header, autofilter, column widths, Russian dates."""

import datetime
import io

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

HEADER_FONT = Font(bold=True, color="FFFFFF")
HEADER_FILL = PatternFill("solid", fgColor="1F4E79")
WRAP = Alignment(wrap_text=True, vertical="top")
DATE_FORMAT = "DD.MM.YYYY"
DATETIME_FORMAT = "DD.MM.YYYY HH:MM"


def _cell(ws, value):
    # Plain values go in as they are: a cell object per value is what makes
    # a 10 000-row register slow; only dates and wrapped text need styling.
    if (
        value is None
        or isinstance(value, int | float)
        or (isinstance(value, str) and "\n" not in value)
    ):
        return value
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
    elif isinstance(value, str) and "\n" in value:
        cell.alignment = WRAP
    return cell


def add_table_sheet(workbook, *, title, columns, rows):
    """``columns``: [(header, width)]; ``rows``: an iterable of value lists."""
    ws = workbook.create_sheet(title=title[:31])
    for index, (_header, width) in enumerate(columns, start=1):
        ws.column_dimensions[get_column_letter(index)].width = width
    ws.freeze_panes = "A2"
    header = []
    for name, _width in columns:
        cell = WriteOnlyCell(ws, value=name)
        cell.font, cell.fill, cell.alignment = HEADER_FONT, HEADER_FILL, WRAP
        header.append(cell)
    ws.append(header)
    count = 0
    for row in rows:
        ws.append([_cell(ws, v) for v in row])
        count += 1
    ws.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{count + 1}"
    return count


def table_xlsx(*, title, columns, rows):
    """A workbook of one table sheet, as bytes."""
    workbook = Workbook(write_only=True)
    add_table_sheet(workbook, title=title, columns=columns, rows=rows)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def tables_xlsx(sheets):
    """A workbook of several table sheets, as bytes: ``sheets`` is a list of
    (title, columns, rows)."""
    workbook = Workbook(write_only=True)
    for title, columns, rows in sheets:
        add_table_sheet(workbook, title=title, columns=columns, rows=rows)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
