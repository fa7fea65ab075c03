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
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import IO, Any

from mentoring import officefiles
from mentoring.textclean import strip_control_characters

MAX_FILE_SIZE = 10 * 1024 * 1024
MAX_UNCOMPRESSED_SIZE = 100 * 1024 * 1024
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


@dataclass
class SheetRows:
    """Non-empty rows of one sheet: ``(excel row number, tuple of values)``."""

    title: str
    rows: list[tuple[int, tuple[Any, ...]]] = field(default_factory=list)


def _is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def read_sheet_rows(
    source: str | os.PathLike | IO[bytes],
    *,
    prefer_sheet: str | None = None,
    max_rows: int = MAX_ROWS,
    header_rows: int = 1,
    stop_after: int | None = None,
) -> SheetRows:
    """Read the non-empty rows of one sheet (``prefer_sheet`` if the workbook
    has it, else the first) after the guards of the module docstring.

    At most ``max_rows + header_rows`` non-empty rows are accepted; more raise
    SpreadsheetError. ``stop_after`` stops reading after that many non-empty
    rows (to look at the header only)."""
    if not defusedxml_in_use():  # pragma: no cover - requirements.txt pins it
        raise SpreadsheetError(
            "Импорт из Excel отключён: на сервере не установлен пакет defusedxml."
        )
    data = read_limited(source)
    check_xlsx_bytes(data)

    import openpyxl  # imported lazily: only needed here

    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # any library failure here means a broken file
        raise SpreadsheetError(
            "Не удалось прочитать книгу Excel: файл повреждён или сохранён в неподдерживаемом "
            "виде. Откройте его в Excel и сохраните заново как .xlsx."
        ) from exc
    try:
        sheets = workbook.worksheets
        if not sheets:
            raise SpreadsheetError("В книге нет ни одного листа.")
        sheet = next((s for s in sheets if s.title == prefer_sheet), sheets[0])
        # The <dimension> tag written by some programs is wrong (often "A1");
        # in read-only mode it would cut the sheet short.
        if hasattr(sheet, "reset_dimensions"):
            sheet.reset_dimensions()
        result = SheetRows(title=sheet.title)
        limit = max_rows + header_rows
        try:
            for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
                if number > MAX_SCANNED_ROWS:
                    raise SpreadsheetError(_too_many_rows(max_rows))
                if values is None or all(_is_blank(v) for v in values):
                    continue
                result.rows.append((number, tuple(values)))
                if len(result.rows) > limit:
                    raise SpreadsheetError(_too_many_rows(max_rows))
                if stop_after is not None and len(result.rows) >= stop_after:
                    break
        except SpreadsheetError:
            raise
        except Exception as exc:
            raise SpreadsheetError(
                "Не удалось прочитать лист книги Excel: файл повреждён. "
                "Откройте его в Excel и сохраните заново."
            ) from exc
        return result
    finally:
        workbook.close()


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
