"""Import of a roadmap (дорожная карта) table from a DOCX or XLSX file.

`parse_roadmap` reads an uploaded file and returns a plain dict (JSON-ready)::

    {"title": str,
     "stages": [{"number": str | None, "title": str, "content": str,
                 "deadline_text": str, "responsible": str, "expected_result": str,
                 "indicators": str, "documents": str,
                 "activities": [ACTIVITY, ...]}]}

    ACTIVITY = {"number": str, "title": str, "content": str, "deadline_text": str,
                "responsible": str, "expected_result": str, "indicators": str,
                "documents": str, "children": [ACTIVITY, ...]}

A field is "" when the document has no such column. Bad input raises
`RoadmapImportError` whose message is Russian and fit to show to the user.

How the table is understood (the documents differ from one organisation to the
next, so everything is found by content, not position):

- The format is decided by the bytes, not the file name: a ZIP with
  ``word/document.xml`` is DOCX, with ``xl/workbook.xml`` is XLSX; an OLE2 file is a
  legacy .doc/.xls or a password-protected OOXML file.
- The header row is the first row whose cells name at least two known columns
  (see `_classify_header`); a second header row below it (sub-headers under a
  horizontally merged cell, or a row under vertically merged header cells) is
  combined with it, and a row that just numbers the columns "1 2 3..." is skipped.
- Merged cells: a vertically merged cell gives its value to every row it spans;
  a horizontally merged cell counts once (for its first column).
- Stages and activities:
  * a row whose content is one cell merged across the table, or that has only
    the title filled, is a section heading → a stage (its number, if any, is
    taken from the number column or a leading "1." / "I." / "Этап 1" in the text);
  * numbers "I", "II", "Этап 1", "1 этап" always make stages;
  * without section headings, rows with the shortest numbers ("1", "2.") are the
    stages and longer numbers ("1.1", "4.3.1") are their activities — except for a
    flat list ("1", "2", "3" only) whose title column does not speak of stages
    ("этап", "раздел", "направление"): those rows are activities of one implicit
    stage (number None, title "");
  * with section headings, numbered rows are activities of the current stage,
    nested by number prefix (4.3.1 is a child of 4.3; an orphan goes to the level
    of its nearest existing ancestor);
  * a row whose number cell continues a vertically merged number cell of the row
    above is a continuation: its own (non-merged) texts are appended, with "\\n",
    to that activity;
  * any other unnumbered row is an activity with number "" at the top level of
    the current stage;
  * when the table has both a stage column ("Наименование этапа") and a separate
    activity column ("Мероприятие"), the stage column groups rows into stages.
- Cell text: paragraphs joined with "\\n", word for word; only the whole cell is
  stripped.

Pure Python (python-docx, openpyxl): no Django imports.
"""

from __future__ import annotations

import io
import os
import re
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import IO, Any

from mentoring import officefiles

__all__ = [
    "MAX_FILE_SIZE",
    "MAX_UNCOMPRESSED_SIZE",
    "RoadmapImportError",
    "parse_roadmap",
]

MAX_FILE_SIZE = 10 * 1024 * 1024
MAX_UNCOMPRESSED_SIZE = 200 * 1024 * 1024
# Bounds on the grid we build from a sheet: formatting can make openpyxl report
# a million rows, and merged ranges can cover whole columns.
MAX_ROWS = 5000
MAX_COLS = 60
# How far down the header row is searched for.
HEADER_SEARCH_ROWS = 40

OLE2_MAGIC = officefiles.OLE2_MAGIC

FIELDS = ("title", "content", "deadline_text", "responsible", "expected_result")
EXTRA_FIELDS = ("indicators", "documents")
ALL_FIELDS = FIELDS + EXTRA_FIELDS


class RoadmapImportError(ValueError):
    """The file cannot be imported; ``str(error)`` is a Russian message for the user."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


# --- reading the bytes and detecting the format ------------------------------


def parse_roadmap(fileobj_or_path: str | os.PathLike | IO[bytes], filename: str) -> dict:
    """Parse a roadmap DOCX/XLSX; see the module docstring for the result shape.

    `fileobj_or_path` is a path or a binary file object (e.g. a Django UploadedFile);
    `filename` is only used to word error messages, the format is detected from
    the content. Raises `RoadmapImportError` for anything that is not a readable
    roadmap.
    """
    data = _read_limited(fileobj_or_path)
    kind = _detect_format(data, filename)
    try:
        if kind == "docx":
            title_lines, grid = _read_docx(data)
        else:
            title_lines, grid = _read_xlsx(data)
    except RoadmapImportError:
        raise
    except Exception as exc:  # any library failure here means a broken file
        raise RoadmapImportError(
            "Не удалось прочитать файл: он повреждён или сохранён в неподдерживаемом виде. "
            "Откройте его в Word или Excel и сохраните заново."
        ) from exc
    return _build_roadmap(title_lines, grid)


def _read_limited(source: str | os.PathLike | IO[bytes]) -> bytes:
    """Read at most MAX_FILE_SIZE + 1 bytes, so a huge upload is never held whole."""
    try:
        return officefiles.read_limited(source, MAX_FILE_SIZE)
    except officefiles.FileProblem as problem:
        raise RoadmapImportError(
            {
                "too_big": _too_big_message(),
                "unreadable": "Не удалось открыть файл.",
                "text": "Файл нужно передать в двоичном виде.",
                "empty": "Файл пуст.",
            }[problem.code]
        ) from problem


def _too_big_message() -> str:
    return f"Файл слишком большой: допускается не более {MAX_FILE_SIZE // (1024 * 1024)} МБ."


def _detect_format(data: bytes, filename: str) -> str:
    """Return "docx" or "xlsx" judging by the content, or raise RoadmapImportError."""
    if data.startswith(OLE2_MAGIC):
        raise RoadmapImportError(_ole2_message(data, filename))
    if not officefiles.is_zip(data):
        raise RoadmapImportError(
            "Файл не является документом Word (.docx) или книгой Excel (.xlsx). "
            "Загрузите дорожную карту в одном из этих форматов."
        )
    try:
        infos = officefiles.zip_members(data)
    except officefiles.FileProblem as exc:
        raise RoadmapImportError(
            "Файл повреждён: не удаётся прочитать его содержимое. "
            "Откройте его в Word или Excel и сохраните заново."
        ) from exc
    # Declared sizes are checked before any library unpacks the archive.
    total = officefiles.unpacked_size(infos)
    if total > MAX_UNCOMPRESSED_SIZE:
        raise RoadmapImportError(
            "Файл отклонён: в распакованном виде он занимает больше "
            f"{MAX_UNCOMPRESSED_SIZE // (1024 * 1024)} МБ. Загрузите обычный документ "
            "с дорожной картой."
        )
    names = {info.filename for info in infos}
    if "word/document.xml" in names:
        return "docx"
    if "xl/workbook.xml" in names:
        return "xlsx"
    raise RoadmapImportError(
        "Архив не является документом Word (.docx) или книгой Excel (.xlsx). "
        "Загрузите дорожную карту в одном из этих форматов."
    )


def _ole2_message(data: bytes, filename: str) -> str:
    """Tell an encrypted OOXML file from a legacy .doc/.xls (both are OLE2 containers)."""

    def has_stream(name: str) -> bool:
        return name.encode("utf-16-le") in data

    if has_stream("EncryptedPackage") or has_stream("EncryptionInfo"):
        return (
            "Файл защищён паролем. Снимите защиту (сохраните файл без пароля) "
            "и загрузите его снова."
        )
    lower = (filename or "").lower()
    if has_stream("Workbook") or has_stream("Book") or lower.endswith(".xls"):
        return "Формат .xls не поддерживается, сохраните файл как .xlsx"
    return "Формат .doc не поддерживается, сохраните файл как .docx"


# --- the grid: a table with merges resolved -----------------------------------


@dataclass
class _Cell:
    """One grid position. Positions covered by one merged cell share `origin`."""

    text: str
    origin: tuple[int, int]

    def is_origin_at(self, row: int, col: int) -> bool:
        return self.origin == (row, col)


Grid = list[list[_Cell]]


def _pad(grid: Grid) -> Grid:
    width = max((len(r) for r in grid), default=0)
    for r, row in enumerate(grid):
        for c in range(len(row), width):
            row.append(_Cell("", (r, c)))
    return grid


def _clean(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n").strip()


# --- DOCX --------------------------------------------------------------------


def _read_docx(data: bytes) -> tuple[list[str], Grid]:
    import docx  # imported lazily: only needed for this format
    from docx.oxml.ns import qn

    document = docx.Document(io.BytesIO(data))
    body = document.element.body
    w_p, w_tbl = qn("w:p"), qn("w:tbl")

    paragraphs_before: list[str] = []
    tables: list[tuple[list[str], Any]] = []  # (paragraphs before it, tbl element)
    for child in body.iterchildren():
        if child.tag == w_p:
            paragraphs_before.append(_docx_paragraph_text(child))
        elif child.tag == w_tbl:
            tables.append((list(paragraphs_before), child))
            paragraphs_before = []
    if not tables:
        raise RoadmapImportError(
            "В документе нет таблицы. Дорожная карта должна быть оформлена таблицей "
            "с колонками «№», «Мероприятие», «Сроки», «Ответственный»."
        )

    grids = [_docx_grid(tbl) for _, tbl in tables]
    chosen = None
    for index, grid in enumerate(grids):
        if _find_header(grid) is not None:
            chosen = index
            break
    if chosen is None:
        raise RoadmapImportError(_no_header_message())

    grid = grids[chosen]
    # A roadmap broken across pages is sometimes saved as several tables: append
    # the following tables of the same width when nothing but blank paragraphs
    # separates them (their repeated header rows are dropped later as duplicates).
    width = len(grid[0]) if grid else 0
    for index in range(chosen + 1, len(grids)):
        following = grids[index]
        between = tables[index][0]
        if not following or len(following[0]) != width or any(t.strip() for t in between):
            break
        offset = len(grid)
        for row in following:
            copies: dict[int, _Cell] = {}
            grid.append(
                [
                    copies.setdefault(id(c), _Cell(c.text, (c.origin[0] + offset, c.origin[1])))
                    for c in row
                ]
            )
    # Only the paragraphs right before the roadmap table can hold its title.
    return tables[chosen][0], grid


def _docx_paragraph_text(p) -> str:
    """Text of a w:p: runs, tabs and breaks; text-box fallbacks and deletions skipped."""
    from docx.oxml.ns import qn

    w_t, w_tab, w_br, w_cr = qn("w:t"), qn("w:tab"), qn("w:br"), qn("w:cr")
    w_nbh = qn("w:noBreakHyphen")
    fallback = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
    skipped = set()
    for fb in p.iter(fallback):
        skipped.update(fb.iter())
    parts = []
    for el in p.iter():
        if el in skipped:
            continue
        if el.tag == w_t:
            parts.append(el.text or "")
        elif el.tag == w_tab:
            parts.append("\t")
        elif el.tag in (w_br, w_cr):
            parts.append("\n")
        elif el.tag == w_nbh:
            parts.append("-")
    return "".join(parts)


def _docx_grid(tbl) -> Grid:
    from docx.oxml.ns import qn

    w_p = qn("w:p")
    grid: Grid = []
    for r, tr in enumerate(tbl.xpath("./w:tr | ./w:sdt/w:sdtContent/w:tr")):
        row: list[_Cell] = []
        before = tr.xpath("./w:trPr/w:gridBefore/@w:val")
        col = int(before[0]) if before and str(before[0]).isdigit() else 0
        for c in range(col):
            row.append(_Cell("", (r, c)))
        for tc in tr.xpath("./w:tc | ./w:sdt/w:sdtContent/w:tc"):
            span_val = tc.xpath("./w:tcPr/w:gridSpan/@w:val")
            span = int(span_val[0]) if span_val and str(span_val[0]).isdigit() else 1
            span = max(1, min(span, MAX_COLS))
            vmerge = tc.xpath("./w:tcPr/w:vMerge")
            continues = bool(vmerge) and vmerge[0].get(qn("w:val")) in (None, "continue")
            above = grid[r - 1][col] if continues and r > 0 and col < len(grid[r - 1]) else None
            if above is not None:
                cell = above
            else:
                texts = [_docx_paragraph_text(p) for p in tc.iter(w_p)]
                cell = _Cell(_clean("\n".join(texts)), (r, col))
            # Horizontal span: the same cell object covers every spanned column.
            for _ in range(span):
                row.append(cell)
            col += span
        grid.append(row[:MAX_COLS])
        if len(grid) >= MAX_ROWS:
            break
    return _pad(grid)


# --- XLSX --------------------------------------------------------------------


def _read_xlsx(data: bytes) -> tuple[list[str], Grid]:
    import openpyxl  # imported lazily: only needed for this format

    # read_only=False because read-only worksheets do not expose merged cells;
    # the size guards in _detect_format run before this point.
    workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=False, data_only=True)
    try:
        for sheet in workbook.worksheets:
            grid = _xlsx_grid(sheet)
            if _find_header(grid) is not None:
                # The title lines are the sheet rows above the header, which
                # _build_roadmap collects from the grid itself.
                return [], grid
    finally:
        workbook.close()
    raise RoadmapImportError(_no_header_message())


def _xlsx_value(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "да" if value else "нет"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        if value.time() == time(0):
            return value.strftime("%d.%m.%Y")
        return value.strftime("%d.%m.%Y %H:%M")
    if isinstance(value, date):
        return value.strftime("%d.%m.%Y")
    return _clean(str(value))


def _xlsx_grid(sheet) -> Grid:
    max_row = min(sheet.max_row or 0, MAX_ROWS)
    max_col = min(sheet.max_column or 0, MAX_COLS)
    grid: Grid = [[_Cell("", (r, c)) for c in range(max_col)] for r in range(max_row)]
    for r, row in enumerate(
        sheet.iter_rows(min_row=1, max_row=max_row, max_col=max_col, values_only=True)
    ):
        for c, value in enumerate(row):
            grid[r][c].text = _xlsx_value(value)
    for merged in sheet.merged_cells.ranges:
        r0, c0 = merged.min_row - 1, merged.min_col - 1
        if r0 >= max_row or c0 >= max_col:
            continue
        origin = grid[r0][c0]
        for r in range(r0, min(merged.max_row, max_row)):
            for c in range(c0, min(merged.max_col, max_col)):
                grid[r][c] = origin
    return grid


# --- header recognition --------------------------------------------------------


def _norm(text: str) -> str:
    text = text.lower().replace("ё", "е").replace("\u00a0", " ")
    text = re.sub(r"[\s\-–—_]+", " ", text)
    return text.strip(" .:;,*")


# Kinds of title-like columns, told apart so that "Наименование этапа" +
# "Содержание деятельности" or "Этап" + "Мероприятие" are understood.
_STAGE_COL, _ACTIVITY_COL, _CONTENT_COL, _GENERIC_COL = (
    "title:stage",
    "title:activity",
    "title:content",
    "title:generic",
)


def _classify_header(text: str) -> str | None:
    """Map a header cell text to a field (or a title-column kind), None if unknown."""
    t = _norm(text)
    if not t or len(t) > 150:
        return None
    if t.startswith("№") or t in {"n", "no", "n п/п", "п/п", "номер", "номер п/п", "nn"}:
        return "number"
    if re.fullmatch(r"n\s*п\s*/\s*п|№?\s*п\s*/\s*п", t):
        return "number"
    if "документ" in t or "подтвержда" in t or "закрепля" in t:
        return "documents"
    if "показател" in t or "индикатор" in t or "критери" in t:
        return "indicators"
    if "срок" in t or "дата" in t or "период" in t or "время проведения" in t or t == "когда":
        return "deadline_text"
    if "ответствен" in t or "исполнител" in t:
        return "responsible"
    if "результат" in t or "продукт" in t or "итог" in t:
        return "expected_result"
    if "содержан" in t or "описани" in t:
        return _CONTENT_COL
    if "мероприят" in t or "вид работ" in t or "действи" in t:
        return _ACTIVITY_COL
    if "этап" in t or "раздел" in t or "направлени" in t or "задач" in t:
        return _STAGE_COL
    if "наименовани" in t or "название" in t or "тема" in t or "деятельност" in t:
        return _GENERIC_COL
    return None


_TITLE_KINDS = (_STAGE_COL, _ACTIVITY_COL, _CONTENT_COL, _GENERIC_COL)


def _row_labels(grid: Grid, r: int) -> list[str]:
    """Header text of each column of row r; a merged cell labels all its columns."""
    return [cell.text if cell.origin[0] <= r else "" for cell in grid[r]]


def _classify_row(labels: list[str]) -> dict[int, str]:
    return {c: kind for c, label in enumerate(labels) if (kind := _classify_header(label))}


def _is_header(kinds: dict[int, str], labels: list[str]) -> bool:
    distinct = {labels[c] for c in kinds}
    found = set(kinds.values())
    if len(distinct) < 2:
        return False
    has_title = bool(found & set(_TITLE_KINDS))
    return (has_title and len(found) >= 2) or len(found) >= 3


def _find_header(grid: Grid) -> tuple[int, int, int] | None:
    """Locate the header: (first header row, end of header rows, first data row).

    None when no row in the first HEADER_SEARCH_ROWS names enough known columns.
    """
    for r in range(min(len(grid), HEADER_SEARCH_ROWS)):
        labels = _row_labels(grid, r)
        kinds = _classify_row(labels)
        if _is_header(kinds, labels):
            end = r + 1
            if end < len(grid) and _is_subheader(grid, r, end):
                end += 1
            data = end
            if data < len(grid) and _is_column_numbering(grid, data):
                data += 1
            return r, end, data
    return None


def _spans(grid: Grid, r: int) -> list[tuple[_Cell, list[int]]]:
    """Distinct cells of row r with the columns each covers, left to right."""
    result: list[tuple[_Cell, list[int]]] = []
    for c, cell in enumerate(grid[r]):
        if result and result[-1][0] is cell:
            result[-1][1].append(c)
        else:
            result.append((cell, [c]))
    return result


def _is_subheader(grid: Grid, header: int, r: int) -> bool:
    """A second header row: sub-headers under merged header cells, not a data row."""
    own = [(cell, cols) for cell, cols in _spans(grid, r) if cell.origin[0] == r and cell.text]
    if not own or _is_column_numbering(grid, r):
        return False
    if _parse_number(own[0][0].text) is not None:
        return False
    # Header cells spanning two rows continue into this row...
    merged_down = any(cell.origin[0] == header for cell in grid[r])
    # ...or this row splits a header cell that spans several columns.
    wide = {c for cell, cols in _spans(grid, header) if len(cols) > 1 for c in cols}
    under_wide = any(set(cols) & wide for _, cols in own)
    if not (merged_down or under_wide):
        return False
    return all(_classify_header(cell.text) or len(cell.text) <= 60 for cell, _ in own)


def _is_column_numbering(grid: Grid, r: int) -> bool:
    """The row "1 2 3 4 5 6" that numbers the columns under a header."""
    values = [
        cell.text.strip().rstrip(".")
        for cell, _ in _spans(grid, r)
        if cell.origin[0] == r and cell.text
    ]
    return len(values) >= 3 and values == [str(i) for i in range(1, len(values) + 1)]


@dataclass
class _Columns:
    number: list[int]
    fields: dict[str, list[int]]  # field name -> columns
    stage: int | None  # a stage-name column next to a separate activity column
    title_is_stage: bool  # the title column speaks of stages


def _map_columns(grid: Grid, header: int, end: int) -> _Columns:
    width = len(grid[header])
    labels = []
    for c in range(width):
        parts: list[str] = []
        for r in range(header, end):
            cell = grid[r][c]
            # A header cell merged down from the row above is already counted.
            if cell.origin[0] == r and cell.text and cell.text not in parts:
                parts.append(cell.text)
        labels.append(" ".join(parts))

    kinds: dict[int, str] = {}
    for c, label in enumerate(labels):
        kind = _classify_header(label)
        if kind:
            kinds[c] = kind

    number = [c for c, k in kinds.items() if k == "number"][:1]
    fields: dict[str, list[int]] = {f: [] for f in ALL_FIELDS}
    for c, kind in kinds.items():
        if kind in ALL_FIELDS:
            fields[kind].append(c)

    def first(kind: str) -> int | None:
        return next((c for c, k in sorted(kinds.items()) if k == kind), None)

    stage_col, activity_col = first(_STAGE_COL), first(_ACTIVITY_COL)
    content_col, generic_col = first(_CONTENT_COL), first(_GENERIC_COL)
    grouped_stage = None
    if stage_col is not None and activity_col is not None:
        grouped_stage = stage_col
        title_col = activity_col
    else:
        title_col = next(
            (c for c in (activity_col, stage_col, generic_col, content_col) if c is not None),
            None,
        )
    if title_col is None:
        raise RoadmapImportError(_no_header_message())
    fields["title"] = [title_col]
    if content_col is not None and content_col != title_col:
        fields["content"] = [content_col]
    elif generic_col is not None and generic_col != title_col and grouped_stage is None:
        fields["content"] = [generic_col]
    title_is_stage = title_col == stage_col or bool(
        re.search(r"этап|раздел|направлени", _norm(labels[title_col]))
    )
    return _Columns(number, fields, grouped_stage, title_is_stage)


def _no_header_message() -> str:
    return (
        "Не найдена строка заголовков таблицы дорожной карты. В таблице должны быть "
        "колонки с названиями, например «№», «Мероприятие», «Сроки», «Ответственный»."
    )


# --- numbering -----------------------------------------------------------------

_ROMAN_RE = re.compile(r"^[IVXLC]+$")
_STAGE_WORD_RE = re.compile(
    r"^(?:(?:этап|раздел|блок|модуль|часть)\s*(?:№\s*)?(\d+|[IVXLC]+)"
    r"|(\d+|[IVXLC]+)\s*(?:-?й\s*)?(?:этап|раздел|блок|модуль|часть))$",
    re.IGNORECASE,
)
# A heading text that starts with its own number: "1. Подготовка", "II. Анализ",
# "Этап 1. Подготовка", "Этап 2: Отбор".
_HEADING_NUMBER_RE = re.compile(
    r"^(?P<num>(?:(?:этап|раздел|блок)\s*(?:№\s*)?(?:\d+|[IVXLC]+))|\d+(?:\.\d+)*|[IVXLC]+)"
    r"\s*[.):]\s+(?P<rest>\S.*)$",
    re.IGNORECASE | re.DOTALL,
)


def _fix_roman(text: str) -> str:
    # Cyrillic look-alikes typed in place of Latin roman numerals.
    return text.translate(str.maketrans("ІХУ", "IXV"))


@dataclass(frozen=True)
class _Number:
    text: str  # as shown: trailing dot removed, whitespace collapsed
    parts: tuple[int, ...] | None  # numeric parts for "4.3.1"; None for stage markers
    is_stage_marker: bool  # roman numeral, "Этап 1", "1 этап"


def _parse_number(raw: str) -> _Number | None:
    text = re.sub(r"\s+", " ", raw).strip()
    text = text.rstrip(".)").strip()
    if not text:
        return None
    if re.fullmatch(r"\d+(?:\.\d+)*", text):
        return _Number(text, tuple(int(p) for p in text.split(".")), False)
    fixed = _fix_roman(text)
    if _ROMAN_RE.match(fixed):
        return _Number(fixed, None, True)
    if _STAGE_WORD_RE.match(_fix_roman(text)):
        return _Number(text, None, True)
    return None


# --- building the roadmap --------------------------------------------------------


def _empty_item(number: str | None) -> dict:
    item: dict[str, Any] = {"number": number}
    for field in ALL_FIELDS:
        item[field] = ""
    return item


def _new_stage(number: str | None, values: dict[str, str] | None = None) -> dict:
    stage = _empty_item(number)
    if values:
        stage.update(values)
    stage["activities"] = []
    return stage


def _new_activity(number: str, values: dict[str, str]) -> dict:
    activity = _empty_item(number)
    activity.update(values)
    activity["children"] = []
    return activity


def _build_roadmap(title_lines: list[str], grid: Grid) -> dict:
    header = _find_header(grid)
    if header is None:
        raise RoadmapImportError(_no_header_message())
    start, label_end, data_start = header
    columns = _map_columns(grid, start, label_end)
    # Rows of the table above its header (a caption row, or the rows above the
    # header on a sheet) belong to the title.
    lines = list(title_lines)
    for r in range(start):
        texts = [cell.text for cell, _ in _spans(grid, r) if cell.origin[0] == r and cell.text]
        if texts:
            lines.append(" ".join(texts))
    title = _pick_title(lines)

    # Header rows repeated on every page (or by appended tables) are not data.
    header_rows = {tuple(c.text for c in grid[r]) for r in range(start, data_start)}
    rows = [
        r for r in range(data_start, len(grid)) if tuple(c.text for c in grid[r]) not in header_rows
    ]
    stages = _Builder(grid, columns).build(rows)
    return {"title": title, "stages": stages}


_TITLE_HINT_RE = re.compile(r"дорожн\w*\s+карт|план\w*\s+мероприяти|план\s+работы")
_STAMP_RE = re.compile(
    r"^(?:утвержд|утверждаю|согласован|приложение|принят|рассмотрен|директор|приказ)",
    re.IGNORECASE,
)


def _pick_title(lines: list[str]) -> str:
    """Choose the title among the lines above the table.

    From the first line that names the document ("Дорожная карта", "План
    мероприятий") down to the table; otherwise the last block of non-empty lines
    that are not approval stamps ("УТВЕРЖДАЮ", "Приложение к приказу").
    """
    lines = [_clean(line) for line in lines]
    for i, line in enumerate(lines):
        if _TITLE_HINT_RE.search(_norm(line)):
            block = [x for x in lines[i:] if x]
            return "\n".join(block[:8])
    block: list[str] = []
    for line in reversed(lines):
        if not line:
            if block:
                break
            continue
        if _STAMP_RE.match(_norm(line)):
            break
        block.insert(0, line)
    return "\n".join(block[-4:])


class _Builder:
    """Turns the data rows of the grid into stages and nested activities."""

    def __init__(self, grid: Grid, columns: _Columns):
        self.grid = grid
        self.columns = columns
        self.number_col = columns.number[0] if columns.number else None
        self.title_col = columns.fields["title"][0]
        self.field_cols = sorted({c for cols in columns.fields.values() for c in cols})

    # - cell access -

    def text(self, r: int, c: int) -> str:
        """Value of column c in row r: vertical merges repeat, horizontal ones count once."""
        cell = self.grid[r][c]
        if cell.origin[1] != c:
            return ""
        return cell.text

    def continues(self, r: int, c: int) -> bool:
        """True when (r, c) is covered by a cell that started in a row above."""
        return self.grid[r][c].origin[0] < r

    def values(self, r: int, own_only: bool = False) -> dict[str, str]:
        values = {}
        for field, cols in self.columns.fields.items():
            parts: list[str] = []
            for c in cols:
                if own_only and self.continues(r, c):
                    continue
                t = self.text(r, c)
                if t and t not in parts:
                    parts.append(t)
            # Two deadline columns are "начало"/"окончание": keep them a range.
            sep = " - " if field == "deadline_text" else "\n"
            values[field] = sep.join(parts)
        return values

    def merged_heading_text(self, r: int) -> str | None:
        """Text of a row whose content is one cell merged across the table, else None."""
        filled = [(cell, cols) for cell, cols in _spans(self.grid, r) if cell.text]
        if len(filled) != 1:
            return None
        cell, cols = filled[0]
        if cell.origin[0] != r or len(cols) < 2:
            return None
        needed = [c for c in self.field_cols if c != self.number_col]
        return cell.text if all(c in cols for c in needed) else None

    def only_title(self, r: int) -> bool:
        """The title cell is the only cell of the row with its own text."""
        if not self.text(r, self.title_col) or self.continues(r, self.title_col):
            return False
        for cell, cols in _spans(self.grid, r):
            if cell.text and cell.origin[0] == r and self.title_col not in cols:
                return False
        return True

    # - planning: the role of each row -

    def plan(self, rows: list[int]) -> list[tuple[int, str, str | None, str | None]]:
        """Decide each row's role; returns (row, role, number, title override) tuples.

        Roles: "stage", "group" (a new value in the stage column of a grouped
        layout), "activity", "continuation".
        """
        info = []
        for r in rows:
            if not any(cell.text for cell in self.grid[r]):
                continue  # blank row
            raw = self.text(r, self.number_col) if self.number_col is not None else ""
            info.append((r, raw, _parse_number(raw)))

        headings = {
            r
            for r, _raw, number in info
            if (number is None or number.is_stage_marker)
            and (self.merged_heading_text(r) is not None or self.only_title(r))
        }
        markers = {r for r, _raw, number in info if number and number.is_stage_marker}
        depths = [len(n.parts) for _r, _raw, n in info if n and n.parts and _r not in headings]
        sectioned = bool(headings or markers)
        min_depth = min(depths) if depths else 1
        flat = bool(depths) and max(depths) == min_depth
        # Without headings the shortest numbers are stages, unless the list is
        # flat and its title column does not speak of stages.
        numbered_stages = not sectioned and not (flat and not self.columns.title_is_stage)

        if self.columns.stage is not None:
            return self.plan_grouped(info)

        plan: list[tuple[int, str, str | None, str | None]] = []
        for r, raw, number in info:
            if self.number_col is not None and raw and self.continues(r, self.number_col):
                plan.append((r, "continuation", None, None))
            elif r in headings or r in markers:
                merged = self.merged_heading_text(r)
                if number is not None:
                    plan.append((r, "stage", number.text, merged))
                else:
                    text = merged if merged is not None else self.text(r, self.title_col)
                    num, title = _split_heading_number(text)
                    plan.append((r, "stage", num, title))
            elif number is not None and number.parts is not None:
                role = "stage" if numbered_stages and len(number.parts) == min_depth else "activity"
                plan.append((r, role, number.text, None))
            else:
                # Unnumbered (or oddly numbered) row: an activity numbered "" (or as
                # written, e.g. "1а").
                plan.append((r, "activity", _clean_number(raw), None))
        return plan

    def plan_grouped(self, info: list) -> list[tuple[int, str, str | None, str | None]]:
        """Layout with a stage column (often merged down) beside the activity column."""
        stage_col = self.columns.stage
        plan: list[tuple[int, str, str | None, str | None]] = []
        current: tuple[int, int] | None = None
        for r, raw, number in info:
            stage_cell = self.grid[r][stage_col]
            number_cell = self.grid[r][self.number_col] if self.number_col is not None else None
            # A number merged down exactly like the stage cell numbers the stage.
            number_is_stage = number_cell is not None and (
                number_cell.origin[0] == stage_cell.origin[0] and number_cell is not stage_cell
            )
            if stage_cell.text and stage_cell.origin != current:
                current = stage_cell.origin
                num, title = _split_heading_number(stage_cell.text)
                has_activity = bool(self.text(r, self.title_col))
                span = sum(1 for row in self.grid if row[stage_col] is stage_cell)
                if number is not None and (not has_activity or (number_is_stage and span > 1)):
                    num = number.text
                plan.append((r, "group", num, title))
                if not has_activity:
                    continue
                if num is not None and number is not None and num == number.text:
                    plan.append((r, "activity", "", None))
                else:
                    plan.append((r, "activity", number.text if number else "", None))
                continue
            if number_cell is not None and raw and self.continues(r, self.number_col):
                stage_number_shared = number_cell.origin[0] == stage_cell.origin[0]
                if not stage_number_shared:
                    plan.append((r, "continuation", None, None))
                    continue
                plan.append((r, "activity", "", None))
                continue
            plan.append((r, "activity", number.text if number else _clean_number(raw), None))
        return plan

    # - building -

    def build(self, rows: list[int]) -> list[dict]:
        stages: list[dict] = []
        stage: dict | None = None
        path: list[tuple[tuple[int, ...], dict]] = []  # open numbered activities
        last: dict | None = None

        for r, role, number, title in self.plan(rows):
            if role == "continuation":
                if last is not None:
                    self.append_continuation(last, r)
                continue
            values = self.values(r)
            if role in ("stage", "group"):
                if role == "group":
                    stage_values = {"title": title or ""}
                    if not values["title"]:
                        # A row holding the stage only: its details are the stage's.
                        stage_values.update({f: v for f, v in values.items() if f != "title"})
                elif title is not None:
                    # A merged heading or a heading with its number inside the text.
                    stage_values = {"title": title}
                else:
                    stage_values = values
                stage = _new_stage(number, stage_values)
                stages.append(stage)
                path = []
                last = stage
                continue

            activity = _new_activity(number or "", values)
            if stage is None:
                # Activities before any stage row go to an implicit stage.
                stage = _new_stage(None, {"title": ""})
                stages.append(stage)
            target = stage["activities"]
            parsed = _parse_number(number) if number else None
            if parsed is not None and parsed.parts is not None:
                parts = parsed.parts
                # Nest under the deepest open activity whose number is a prefix.
                while path and not (
                    len(path[-1][0]) < len(parts) and parts[: len(path[-1][0])] == path[-1][0]
                ):
                    path.pop()
                if path:
                    target = path[-1][1]["children"]
                path.append((parts, activity))
            else:
                path = []
            target.append(activity)
            last = activity
        return stages

    def append_continuation(self, item: dict, r: int) -> None:
        """Append the row's own texts to the item it continues."""
        for field, value in self.values(r, own_only=True).items():
            if value and value not in item[field]:
                item[field] = f"{item[field]}\n{value}" if item[field] else value


def _clean_number(raw: str) -> str:
    return re.sub(r"\s+", " ", raw).strip()


def _split_heading_number(text: str) -> tuple[str | None, str]:
    """ "1. Подготовка" -> ("1", "Подготовка"); "Подготовка" -> (None, "Подготовка")."""
    m = _HEADING_NUMBER_RE.match(text)
    if not m:
        return None, text
    number = _parse_number(m.group("num"))
    if number is None:
        return None, text
    return number.text, m.group("rest").strip()
