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
from mentoring.plurals import count_noun

__all__ = [
    "MAX_FILE_SIZE",
    "MAX_UNCOMPRESSED_SIZE",
    "RoadmapImportError",
    "parse_roadmap",
]

MAX_FILE_SIZE = 10 * 1024 * 1024
# What the importer really needs (issue 13): a 300-activity roadmap unpacks to
# about 0.2 MB, the 5000-row limit to a few MB; 200 MB took 13 s and 2.7 GB.
MAX_UNCOMPRESSED_SIZE = 12 * 1024 * 1024
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
            title_lines, grid, notes = _read_docx(data)
        else:
            title_lines, grid, notes = _read_xlsx(data)
    except RoadmapImportError:
        raise
    except Exception as exc:  # any library failure here means a broken file
        raise RoadmapImportError(
            "Не удалось прочитать файл: он повреждён или сохранён в неподдерживаемом виде. "
            "Откройте его в Word или Excel и сохраните заново."
        ) from exc
    return _build_roadmap(title_lines, grid, notes)


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

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"


def _w(tag: str) -> str:
    return f"{{{W_NS}}}{tag}"


# Tracked changes (ECMA-376 Part 1, 17.13.5): the document is read as it looks
# with every revision accepted. Deleted and moved-away content is dropped;
# inserted and moved-here content is kept as ordinary text; property changes
# (rPrChange, pPrChange, tblPrChange, trPrChange, tcPrChange, sectPrChange,
# numberingChange) hold only the old formatting and are never read for text.
_REMOVED_CONTENT = {_w("del"), _w("moveFrom"), MC_FALLBACK}
_PROPERTY_CHANGES = {
    _w(t)
    for t in (
        "rPrChange",
        "pPrChange",
        "tblPrChange",
        "tblPrExChange",
        "trPrChange",
        "tcPrChange",
        "sectPrChange",
        "tblGridChange",
        "numberingChange",
    )
}
_SKIPPED_SUBTREES = _REMOVED_CONTENT | _PROPERTY_CHANGES
# Word's symbol fonts (Symbol, Wingdings) put bullets in the private use area.
_SYMBOL_CHARS = {"F0B7": "•", "F0A7": "▪", "F0D8": "➢", "F076": "❖", "F0FC": "✓", "F02D": "-"}
_PUA_RE = re.compile("[\uf020-\uf0ff]")


def _map_symbol_chars(text: str) -> str:
    """Private-use symbol-font characters (U+F0B7 bullet...) as ordinary ones."""
    return _PUA_RE.sub(lambda m: _SYMBOL_CHARS.get(f"{ord(m.group()):04X}", "•"), text)


map_symbol_chars = _map_symbol_chars  # public name for the PDF export


@dataclass
class _DocxTable:
    number: int  # 1-based position among the document's tables
    before: list[str]  # paragraphs between the previous table and this one
    grid: Grid


def _body_blocks(body):
    """Paragraphs and tables of the body in order, through content controls
    (w:sdt), custom XML and inserted-run wrappers; deleted ones are skipped."""
    for child in body.iterchildren():
        tag = child.tag
        if tag in (_w("p"), _w("tbl")):
            yield child
        elif tag in (_w("sdt"), _w("customXml"), _w("ins"), _w("moveTo")):
            inner = child.find(_w("sdtContent")) if tag == _w("sdt") else child
            if inner is not None:
                yield from _body_blocks(inner)


class _Numbering:
    """Word automatic numbering (numbering.xml, ECMA-376 Part 1, 17.9): the
    label each numbered paragraph displays ("1.", "1.1.", "а)"), computed by
    counting the paragraphs of every list in document order."""

    def __init__(self, document):
        self.levels: dict[str, dict[int, tuple[int, str, str]]] = {}
        self.style_numpr: dict[str, tuple[str, int]] = {}
        self.counters: dict[str, dict[int, int]] = {}
        try:
            root = document.part.numbering_part.element
        except (KeyError, NotImplementedError, AttributeError):
            root = None
        if root is not None:
            abstract = {}
            for an in root.findall(_w("abstractNum")):
                abstract[an.get(_w("abstractNumId"))] = self._levels(an)
            for num in root.findall(_w("num")):
                ref = num.find(_w("abstractNumId"))
                levels = dict(abstract.get(ref.get(_w("val")) if ref is not None else None, {}))
                for override in num.findall(_w("lvlOverride")):
                    ilvl = _int(override.get(_w("ilvl")), 0)
                    lvl = override.find(_w("lvl"))
                    if lvl is not None:
                        levels.update(self._levels_from([lvl], default_ilvl=ilvl))
                    start = override.find(_w("startOverride"))
                    if start is not None and ilvl in levels:
                        _s, fmt, text = levels[ilvl]
                        levels[ilvl] = (_int(start.get(_w("val")), 1), fmt, text)
                self.levels[num.get(_w("numId"))] = levels
        try:
            styles = document.styles.element
        except Exception:  # a document without styles.xml
            styles = None
        if styles is not None:
            for style in styles.findall(_w("style")):
                numpr = style.find(f"{_w('pPr')}/{_w('numPr')}")
                if numpr is not None:
                    num_id = numpr.find(_w("numId"))
                    ilvl = numpr.find(_w("ilvl"))
                    if num_id is not None:
                        self.style_numpr[style.get(_w("styleId"))] = (
                            num_id.get(_w("val")),
                            _int(ilvl.get(_w("val")) if ilvl is not None else None, 0),
                        )

    def _levels(self, abstract_num) -> dict[int, tuple[int, str, str]]:
        return self._levels_from(abstract_num.findall(_w("lvl")))

    @staticmethod
    def _levels_from(lvls, default_ilvl: int = 0) -> dict[int, tuple[int, str, str]]:
        levels = {}
        for lvl in lvls:
            ilvl = _int(lvl.get(_w("ilvl")), default_ilvl)
            start = lvl.find(_w("start"))
            fmt = lvl.find(_w("numFmt"))
            text = lvl.find(_w("lvlText"))
            levels[ilvl] = (
                _int(start.get(_w("val")) if start is not None else None, 1),
                fmt.get(_w("val")) if fmt is not None else "decimal",
                text.get(_w("val")) if text is not None else "",
            )
        return levels

    def label(self, p) -> str:
        """The label the paragraph displays, "" when it is not numbered."""
        ppr = p.find(_w("pPr"))
        num_id, ilvl = None, 0
        if ppr is not None:
            numpr = ppr.find(_w("numPr"))
            if numpr is not None:
                n = numpr.find(_w("numId"))
                lv = numpr.find(_w("ilvl"))
                num_id = n.get(_w("val")) if n is not None else None
                ilvl = _int(lv.get(_w("val")) if lv is not None else None, 0)
            if num_id is None:
                style = ppr.find(_w("pStyle"))
                if style is not None and style.get(_w("val")) in self.style_numpr:
                    num_id, ilvl = self.style_numpr[style.get(_w("val"))]
        if not num_id or num_id == "0" or num_id not in self.levels:
            return ""
        levels = self.levels[num_id]
        if ilvl not in levels:
            return ""
        counters = self.counters.setdefault(num_id, {})
        counters[ilvl] = counters.get(ilvl, levels[ilvl][0] - 1) + 1
        for deeper in [k for k in counters if k > ilvl]:
            del counters[deeper]
        _start, fmt, text = levels[ilvl]
        if fmt in ("bullet", "none"):
            return ""

        def value(match: re.Match) -> str:
            level = int(match.group(1)) - 1
            if level not in levels:
                return ""
            count = counters.get(level, levels[level][0])
            return _format_number(count, levels[level][1])

        return re.sub(r"%(\d)", value, text).strip()


def _int(value, default: int) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return default


_RUSSIAN_LETTERS = "абвгдежзиклмнопрстуфхцчшщэюя"


def _format_number(n: int, fmt: str) -> str:
    if fmt in ("upperRoman", "lowerRoman"):
        roman = _roman(n)
        return roman if fmt == "upperRoman" else roman.lower()
    if fmt in ("upperLetter", "lowerLetter"):
        letter = chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)
        return letter.upper() if fmt == "upperLetter" else letter
    if fmt in ("russianLower", "russianUpper"):
        letter = _RUSSIAN_LETTERS[(n - 1) % len(_RUSSIAN_LETTERS)]
        return letter.upper() if fmt == "russianUpper" else letter
    if fmt == "decimalZero":
        return f"{n:02d}"
    return str(n)


def _roman(n: int) -> str:
    out = ""
    for value, letters in (
        (1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
        (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"),
    ):  # fmt: skip
        while n >= value:
            out += letters
            n -= value
    return out


class _DocxReader:
    """Reads a document body into the paragraphs and table grids it displays."""

    def __init__(self, document):
        self.numbering = _Numbering(document)
        self.notes: list[str] = []
        self.objects = 0

    def paragraph_text(self, p) -> str:
        """What a w:p displays: its numbering label, runs, tabs and breaks;
        tracked deletions and text-box fallbacks skipped."""
        label = self.numbering.label(p)
        parts: list[str] = []
        self._collect(p, parts)
        text = _map_symbol_chars("".join(parts))
        if label:
            return f"{label} {text.lstrip()}" if text.strip() else label
        return text

    def _collect(self, element, parts: list[str]) -> None:
        for el in element:
            tag = el.tag
            if not isinstance(tag, str) or tag in _SKIPPED_SUBTREES:
                continue
            if tag == _w("t"):
                parts.append(el.text or "")
            elif tag == _w("tab"):
                parts.append("\t")
            elif tag in (_w("br"), _w("cr")):
                parts.append("\n")
            elif tag == _w("noBreakHyphen"):
                parts.append("-")
            elif tag == _w("sym"):
                parts.append(_SYMBOL_CHARS.get((el.get(_w("char")) or "").upper(), "•"))
            elif tag in (_w("object"), _w("drawing"), _w("pict")):
                self.objects += 1
                self._collect(el, parts)  # text boxes inside drawings still count
            else:
                self._collect(el, parts)

    def cell_text(self, tc) -> str:
        return _clean("\n".join(self.joined_paragraphs(tc.iter(_w("p")))))

    def joined_paragraphs(self, paragraphs) -> list[str]:
        """Texts of the paragraphs; one whose mark is a tracked deletion is
        joined with the paragraph after it, as Word shows it once accepted."""
        texts: list[str] = []
        join_next = False
        for p in paragraphs:
            text = self.paragraph_text(p)
            if join_next and texts:
                texts[-1] += text
            else:
                texts.append(text)
            join_next = _paragraph_deleted(p)
        return texts

    def grid(self, tbl) -> Grid:
        grid: Grid = []
        truncated_cols = False
        for tr in _children(tbl, _w("tr")):
            tr_pr = tr.find(_w("trPr"))
            if tr_pr is not None and tr_pr.find(_w("del")) is not None:
                continue  # a deleted row
            r = len(grid)
            row: list[_Cell] = []
            before = tr_pr.find(_w("gridBefore")) if tr_pr is not None else None
            col = _int(before.get(_w("val")), 0) if before is not None else 0
            for c in range(min(max(col, 0), MAX_COLS)):
                row.append(_Cell("", (r, c)))
            for tc in _children(tr, _w("tc")):
                tc_pr = tc.find(_w("tcPr"))
                if tc_pr is not None and tc_pr.find(_w("cellDel")) is not None:
                    continue
                span_el = tc_pr.find(_w("gridSpan")) if tc_pr is not None else None
                span = _int(span_el.get(_w("val")), 1) if span_el is not None else 1
                span = max(1, min(span, MAX_COLS))
                vmerge = tc_pr.find(_w("vMerge")) if tc_pr is not None else None
                continues = vmerge is not None and vmerge.get(_w("val")) in (None, "continue")
                above = grid[r - 1][col] if continues and r > 0 and col < len(grid[r - 1]) else None
                cell = above if above is not None else _Cell(self.cell_text(tc), (r, col))
                for _ in range(span):
                    row.append(cell)
                col += span
                if col >= MAX_COLS:
                    truncated_cols = truncated_cols or col > MAX_COLS
                    break
            grid.append(row[:MAX_COLS])
            if len(grid) >= MAX_ROWS:
                self.notes.append(
                    f"Таблица длиннее {MAX_ROWS} строк: строки после {MAX_ROWS}-й не прочитаны."
                )
                break
        if truncated_cols:
            self.notes.append(f"В таблице больше {MAX_COLS} столбцов: лишние не прочитаны.")
        return _pad(grid)


def _children(parent, tag: str):
    """Child elements with ``tag``, also inside content controls (w:sdt),
    custom XML and tracked insertions wrapping them."""
    for child in parent:
        if child.tag == tag:
            yield child
        elif child.tag == _w("sdt"):
            content = child.find(_w("sdtContent"))
            if content is not None:
                yield from _children(content, tag)
        elif child.tag in (_w("customXml"), _w("ins"), _w("moveTo")):
            yield from _children(child, tag)


def _paragraph_deleted(p) -> bool:
    """The paragraph mark itself is a tracked deletion (w:pPr/w:rPr/w:del) or
    was moved away (w:pPr/w:rPr/w:moveFrom): with every change accepted the
    paragraph is gone, so it leaves no empty line behind."""
    marks = p.find(f"{_w('pPr')}/{_w('rPr')}")
    return marks is not None and (
        marks.find(_w("del")) is not None or marks.find(_w("moveFrom")) is not None
    )


_CONTINUATION_RE = re.compile(r"^\s*(?:продолжение|окончание)\s+(?:табл|прил)", re.IGNORECASE)
_CAPTION_RE = re.compile(r"^\s*таблица\s*(?:№\s*)?\d*\s*[.:]?\s*$", re.IGNORECASE)


def _read_docx(data: bytes) -> tuple[list[str], Grid, list[str]]:
    import docx  # imported lazily: only needed for this format

    document = docx.Document(io.BytesIO(data))
    reader = _DocxReader(document)
    pending: list = []  # paragraphs since the last table
    tables: list[_DocxTable] = []
    for block in _body_blocks(document.element.body):
        if block.tag == _w("p"):
            pending.append(block)
        else:
            before = reader.joined_paragraphs(pending)
            tables.append(_DocxTable(len(tables) + 1, before, reader.grid(block)))
            pending = []
    if not tables:
        raise RoadmapImportError(
            "В документе нет таблицы. Дорожная карта должна быть оформлена таблицей "
            "с колонками «№», «Мероприятие», «Сроки», «Ответственный»."
        )

    # Pieces of one table split by a page caption ("Продолжение таблицы 1") or
    # by blank paragraphs are joined before anything is chosen.
    joined: list[tuple[_DocxTable, list[int]]] = []
    for table in tables:
        if joined and _continues(joined[-1][0], table):
            _append_grid(joined[-1][0].grid, table.grid)
            joined[-1][1].append(table.number)
        else:
            joined.append((_DocxTable(table.number, table.before, table.grid), [table.number]))

    scored = [(_roadmap_score(t.grid), t, numbers) for t, numbers in joined]
    candidates = [s for s in scored if s[0] > 0]
    if not candidates:
        raise RoadmapImportError(_no_header_message())
    _score, chosen, numbers = max(candidates, key=lambda s: s[0])
    notes = list(reader.notes)
    if len(tables) > 1:
        pieces = (
            f"таблицы {', '.join(map(str, numbers))} документа (продолжения соединены)"
            if len(numbers) > 1
            else f"таблица {numbers[0]} документа"
        )
        notes.insert(0, f"Дорожная карта взята из таблицы: {pieces}; всего таблиц {len(tables)}.")
        for _s, table, nums in scored:
            if table is chosen:
                continue
            rows = sum(1 for row in table.grid if any(c.text for c in row))
            size = count_noun(rows, "строка,строки,строк")
            notes.append(
                f"Таблица {nums[0]} ({size}, «{_table_caption(table.grid)}») пропущена: "
                "она не похожа на дорожную карту или в ней меньше мероприятий."
            )
    if reader.objects:
        notes.append(
            f"В документе есть рисунки или встроенные объекты ({reader.objects}): "
            "они не переносятся, только текст."
        )
    # Only the paragraphs right before the roadmap table can hold its title;
    # approval stamps may stand anywhere above it (before an earlier table).
    before = [line for line in chosen.before if not _CONTINUATION_RE.match(line)]
    earlier = [line for t in tables if t.number < chosen.number for line in [*t.before, ""]]
    return [*earlier, _TITLE_BREAK, *before], chosen.grid, notes


# Marks where the lines that can hold the title begin (after stamps found above).
_TITLE_BREAK = "\x00title"


def _continues(previous: _DocxTable, table: _DocxTable) -> bool:
    """Whether `table` is the next page of `previous`: the same width, and between
    them nothing but blank lines or a caption "Продолжение таблицы 1"."""
    if not previous.grid or not table.grid or len(previous.grid[0]) != len(table.grid[0]):
        return False
    between = [t.strip() for t in table.before if t.strip()]
    if not between:
        return _find_header(table.grid) is None or _same_header(previous.grid, table.grid)
    return all(_CONTINUATION_RE.match(t) or _CAPTION_RE.match(t) for t in between) and any(
        _CONTINUATION_RE.match(t) for t in between
    )


def _same_header(first: Grid, second: Grid) -> bool:
    a, b = _find_header(first), _find_header(second)
    if a is None or b is None:
        return False
    return [c.text for c in first[a[0]]] == [c.text for c in second[b[0]]]


def _append_grid(grid: Grid, following: Grid) -> None:
    # A continuation starts with the row numbering the columns ("1 2 3 4 5"),
    # which is not data.
    skip = 0
    while skip < len(following) and _is_column_numbering(following, skip):
        skip += 1
    following = following[skip:]
    offset = len(grid) - skip
    for row in following:
        copies: dict[int, _Cell] = {}
        grid.append(
            [
                copies.setdefault(id(c), _Cell(c.text, (c.origin[0] + offset, c.origin[1])))
                for c in row
            ]
        )


def _roadmap_score(grid: Grid) -> int:
    """How much a table looks like a roadmap: 0 without a header; otherwise its
    data rows weighted by the columns a roadmap has (deadline, responsible)."""
    header = _find_header(grid)
    if header is None:
        return 0
    start, end, data = header
    try:
        columns = _map_columns(grid, start, end)
    except RoadmapImportError:
        return 0
    weight = (
        1
        + sum(1 for field in ("deadline_text", "responsible") if columns.fields.get(field)) * 2
        + sum(1 for field in ("expected_result", "indicators") if columns.fields.get(field))
    )
    rows = sum(1 for row in grid[data:] if any(c.text for c in row))
    return weight * max(rows, 1)


def _table_caption(grid: Grid) -> str:
    for row in grid:
        texts = [c.text for c, _ in _spans_of(row) if c.text]
        if texts:
            text = " | ".join(texts)
            return text if len(text) <= 60 else text[:57] + "…"
    return ""


def _spans_of(row: list[_Cell]) -> list[tuple[_Cell, int]]:
    out: list[tuple[_Cell, int]] = []
    for c, cell in enumerate(row):
        if not out or out[-1][0] is not cell:
            out.append((cell, c))
    return out


# --- XLSX --------------------------------------------------------------------


def _read_xlsx(data: bytes) -> tuple[list[str], Grid, list[str]]:
    import openpyxl  # imported lazily: only needed for this format

    # read_only=False because read-only worksheets do not expose merged cells;
    # the size guards in _detect_format run before this point.
    workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=False, data_only=True)
    try:
        scored = []
        for index, sheet in enumerate(workbook.worksheets):
            notes: list[str] = []
            grid = _xlsx_grid(sheet, notes)
            scored.append((_roadmap_score(grid), index, sheet.title, grid, notes))
    finally:
        workbook.close()
    candidates = [s for s in scored if s[0] > 0]
    if not candidates:
        raise RoadmapImportError(_no_header_message())
    _score, index, title, grid, notes = max(candidates, key=lambda s: (s[0], -s[1]))
    notes.extend(_formula_notes(data, title, grid))
    if len(scored) > 1:
        notes.insert(0, f"Дорожная карта взята с листа «{title}»; всего листов {len(scored)}.")
        for score, _i, other, _g, _n in scored:
            if other != title and score > 0:
                notes.append(f"Лист «{other}» с похожей таблицей пропущен.")
    # The title lines are the sheet rows above the header, which
    # _build_roadmap collects from the grid itself.
    return [], grid, notes


def _formula_notes(data: bytes, title: str, grid: Grid) -> list[str]:
    """A note naming the cells of the chosen sheet whose formula has no saved
    value: they read as empty, so a deadline or a title there is lost."""
    from openpyxl.utils import get_column_letter

    from mentoring.spreadsheets import formulas_without_values

    found = formulas_without_values(data, title, len(grid))
    cells = [f"{get_column_letter(c + 1)}{r}" for r in sorted(found) for c in found[r]]
    if not cells:
        return []
    shown = ", ".join(cells[:5]) + (f" и ещё {len(cells) - 5}" if len(cells) > 5 else "")
    return [
        f"В ячейках с формулой нет сохранённого значения, они прочитаны пустыми: {shown}. "
        "Откройте файл в Excel или LibreOffice, сохраните его заново и загрузите снова "
        "или замените формулы значениями."
    ]


_MONTHS_NOMINATIVE = (
    "январь",
    "февраль",
    "март",
    "апрель",
    "май",
    "июнь",
    "июль",
    "август",
    "сентябрь",
    "октябрь",
    "ноябрь",
    "декабрь",
)


def _xlsx_value(value: Any, number_format: str = "General") -> str:
    """The text a cell displays, as far as it matters for a roadmap.

    A date shown without its day (number format "mmm.yy", "ММММ ГГГГ": Excel
    turned a typed "сентябрь 2023" into a date) is the month the user wrote,
    "сентябрь 2023", not the first day of it; a date shown as a year only is
    that year. Numbers keep the decimals their format shows ("1.10").
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return "да" if value else "нет"
    if isinstance(value, (datetime, date)):
        shown = _format_codes(number_format)
        if shown and "d" not in shown and "y" in shown:
            if "m" in shown:
                return f"{_MONTHS_NOMINATIVE[value.month - 1]} {value.year}"
            return str(value.year)
        if isinstance(value, datetime) and value.time() != time(0) and "h" in shown:
            return value.strftime("%d.%m.%Y %H:%M")
        return value.strftime("%d.%m.%Y")
    if isinstance(value, float):
        decimals = re.search(r"0\.(0+)", number_format or "")
        if decimals and not value.is_integer():
            return f"{value:.{len(decimals.group(1))}f}"
        if value.is_integer():
            return str(int(value))
    return _clean(str(value))


def _format_codes(number_format: str) -> str:
    """The date codes of a number format (d, m, y, h), literals and locale tags dropped."""
    fmt = (number_format or "").split(";")[0]
    fmt = re.sub(r'"[^"]*"|\[[^\]]*\]|\\.', "", fmt).lower()
    # Russian Excel writes Д/М/Г in some formats.
    fmt = fmt.translate(str.maketrans("дмгч", "dmyh"))
    return "".join(ch for ch in fmt if ch in "dmyh")


def _xlsx_grid(sheet, notes: list[str] | None = None) -> Grid:
    max_row = min(sheet.max_row or 0, MAX_ROWS)
    max_col = min(sheet.max_column or 0, MAX_COLS)
    if notes is not None and (sheet.max_row or 0) > MAX_ROWS:
        notes.append(
            f"На листе «{sheet.title}» больше {MAX_ROWS} строк: строки после "
            f"{MAX_ROWS}-й не прочитаны."
        )
    if notes is not None and (sheet.max_column or 0) > MAX_COLS:
        notes.append(f"На листе «{sheet.title}» больше {MAX_COLS} столбцов: лишние не прочитаны.")
    grid: Grid = [[_Cell("", (r, c)) for c in range(max_col)] for r in range(max_row)]
    for r, row in enumerate(sheet.iter_rows(min_row=1, max_row=max_row, max_col=max_col)):
        for c, cell in enumerate(row):
            value = cell.value
            if value is None:
                continue
            text = _xlsx_value(value, cell.number_format)
            grid[r][c].text = _map_symbol_chars(text)
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
    if re.fullmatch(r"(?:nn?|нн?|№?)\s*п\s*/\s*п|nn|нн", t):
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
    # "№ этапа" left of the stage column when the activities have a № of their own.
    stage_number: int | None = None


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
    # "№ этапа | Этап | № п/п | Мероприятие": the № left of the stage column
    # numbers the stages, the one between it and the activities the activities.
    stage_number = None
    numbers = [c for c, k in sorted(kinds.items()) if k == "number"]
    if grouped_stage is not None and len(numbers) >= 2:
        before = [c for c in numbers if c < grouped_stage]
        between = [c for c in numbers if grouped_stage < c < title_col]
        if before and between:
            stage_number, number = before[-1], [between[-1]]
    return _Columns(number, fields, grouped_stage, title_is_stage, stage_number)


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


def _build_roadmap(title_lines: list[str], grid: Grid, notes: list[str] | None = None) -> dict:
    header = _find_header(grid)
    if header is None:
        raise RoadmapImportError(_no_header_message())
    start, label_end, data_start = header
    columns = _map_columns(grid, start, label_end)
    notes = list(notes or [])
    # Rows of the table above its header (a caption row, or the rows above the
    # header on a sheet) belong to the title.
    lines = list(title_lines)
    for r in range(start):
        texts = [cell.text for cell, _ in _spans(grid, r) if cell.origin[0] == r and cell.text]
        if texts:
            lines.append(" ".join(texts))
    if _TITLE_BREAK in lines:
        cut = lines.index(_TITLE_BREAK)
        earlier_stamps = _split_stamps(lines[:cut])[1]
        lines = lines[cut + 1 :]
    else:
        earlier_stamps = []
    lines, stamps = _split_stamps(lines)
    stamps = earlier_stamps + stamps
    title = _pick_title(lines)

    # Header rows repeated on every page (or by appended tables) are not data.
    header_rows = {tuple(c.text for c in grid[r]) for r in range(start, data_start)}
    rows = [
        r for r in range(data_start, len(grid)) if tuple(c.text for c in grid[r]) not in header_rows
    ]
    notes.extend(_unmapped_column_notes(grid, columns, start, label_end, rows))
    stages = _Builder(grid, columns).build(rows)
    return {"title": title, "stages": stages, "stamps": stamps, "notes": notes}


def _unmapped_column_notes(
    grid: Grid, columns: _Columns, start: int, end: int, rows: list[int]
) -> list[str]:
    """A note for every column with text in the data rows that no field takes."""
    used = set(columns.number) | {c for cols in columns.fields.values() for c in cols}
    if columns.stage is not None:
        used.add(columns.stage)
    if columns.stage_number is not None:
        used.add(columns.stage_number)
    notes = []
    width = len(grid[start]) if grid else 0
    for c in range(width):
        if c in used:
            continue
        filled = sum(
            1
            for r in rows
            if grid[r][c].text and grid[r][c].origin == (r, c) and grid[r][c].origin[1] == c
        )
        if not filled:
            continue
        label = " ".join(
            dict.fromkeys(grid[r][c].text for r in range(start, end) if grid[r][c].text)
        )
        notes.append(
            f"Столбец {c + 1} «{label or 'без названия'}» не распознан: его текст "
            f"({filled} ячеек) не перенесён."
        )
    return notes


_STAMP_START_RE = re.compile(
    r"^(?:утвержд|утверждаю|согласован|приложение|принят|рассмотрен|одобрен|директор"
    r"|приказ|к\s+приказу|документ\s+подписан)",
    re.IGNORECASE,
)
# The second line of "Приложение 1 / к приказу № 15 от …" continues the stamp
# above it instead of starting one of its own.
_STAMP_CONTINUATION_RE = re.compile(
    r"^к\s+(?:приказу|распоряжению|постановлению|решению|протоколу)\b", re.IGNORECASE
)
# Detail lines: position, name, order number, date, the issuing body
# ("Министерства образования и науки"), and the mark a site puts on a PDF
# signed electronically ("Сертификат: …", "Владелец …", "Действителен с … до …").
_STAMP_DETAIL_RE = re.compile(
    r"приказ|протокол|\bот\s+[«\"\d_]|№\s*\d|директор|заведующ|руководител|_{3,}|м\.\s*п\."
    r"|министерств|департамент|управлени\w*\s+образовани|комитет\w*\s+(?:по\s+)?образовани"
    r"|^сертификат|^владелец|^действителен\s+с"
    r"|педагогическ\w*\s+совет|заседани|подпись|\d{1,2}\.\d{1,2}\.\d{2,4}|«\s*_*\d*\s*»"
    r"|\bг\.\s*$|^[а-яё]\.\s*[а-яё]\.\s*[а-яё]+$|^[а-яё]+\s+[а-яё]\.\s*[а-яё]\.$",
    re.IGNORECASE,
)


def _split_stamps(lines: list[str]) -> tuple[list[str], list[str]]:
    """Separate approval stamps ("УТВЕРЖДАЮ / Директор / ___ / приказ от … № 42",
    "Приложение № 2 к приказу …", "ПРИНЯТО на педагогическом совете …", a site's
    "ДОКУМЕНТ ПОДПИСАН ЭЛЕКТРОННОЙ ПОДПИСЬЮ / Сертификат …") from the
    lines that can be the title. A stamp is a line starting with one of those
    words plus the lines under it that read like its details (position, name,
    order number, date), up to a blank line or a line naming the document.
    Returns (other lines, stamps as texts)."""
    rest: list[str] = []
    stamps: list[list[str]] = []
    in_stamp = False
    for raw in lines:
        line = _clean(raw)
        normalized = _norm(line)
        if not line:
            in_stamp = False
            rest.append(line)
            continue
        starts = _STAMP_START_RE.match(normalized) and not _TITLE_HINT_RE.search(normalized)
        continues = in_stamp and (
            _STAMP_DETAIL_RE.match(line) or _STAMP_CONTINUATION_RE.match(normalized)
        )
        if starts and not continues:
            stamps.append([line])
            in_stamp = True
            continue
        if (
            in_stamp
            and not _TITLE_HINT_RE.search(normalized)
            and (_STAMP_DETAIL_RE.search(line) or len(line) <= 30)
        ):
            stamps[-1].append(line)
            continue
        in_stamp = False
        rest.append(line)
    return rest, ["\n".join(block) for block in stamps]


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


@dataclass
class _GroupRow:
    """The role of a row under a title cell merged down (see
    `_Builder.merged_title_groups`): kind "head", "item" or "continuation"."""

    kind: str
    number: str  # the item's own number ("" when none)
    title: str  # the item's own title
    head_keeps_number: bool = False  # head: the first row's number is the head's
    first_is_item: bool = False  # head: the first row is also one of its items


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
        """Value of column c in row r: vertical merges repeat, horizontal ones count once.

        One cell merged across the № and the title columns ("1. Подготовительный
        этап" over both) is the title's: the № column reads empty there.
        """
        cell = self.grid[r][c]
        if (
            self.number_col is not None
            and cell is self.grid[r][self.number_col] is (self.grid[r][self.title_col])
        ):
            return cell.text if c == self.title_col else ""
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
        """Text of a row whose content is one cell merged across the table, else
        None. A number in a № cell of its own beside that cell may be filled."""
        filled = [
            (cell, cols)
            for cell, cols in _spans(self.grid, r)
            if cell.text and not (self.number_col in cols and self.title_col not in cols)
        ]
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

        # A numbered row whose text is one cell across the table is a heading
        # too when its number is of the top level ("1." beside "Подготовительный
        # этап" merged over the other columns).
        top = min((len(n.parts) for _r, _raw, n in info if n and n.parts), default=1)
        headings = {
            r
            for r, _raw, number in info
            if (
                (number is None or number.is_stage_marker)
                and (self.merged_heading_text(r) is not None or self.only_title(r))
            )
            or (
                number is not None
                and number.parts is not None
                and len(number.parts) == top
                and self.merged_heading_text(r) is not None
            )
        }
        # A number typed at the start of an activity's text ("1.2 Разработка…")
        # when the number column is empty (or absent) is the activity's number.
        self.typed_titles: dict[int, str] = {}
        self.typed_only: set[int] = set()  # rows numbered only by their typed text
        for i, (r, raw, number) in enumerate(info):
            if r in headings:
                continue
            in_cell = _TYPED_NUMBER_RE.match(raw.strip()) if number is None else None
            in_cell_number = _parse_number(in_cell.group("num")) if in_cell else None
            if in_cell_number is not None and in_cell_number.parts is not None:
                # "1.1 Издание приказа" typed in the № cell: its number counts.
                info[i] = (r, raw, in_cell_number)
                if not self.text(r, self.title_col):
                    self.typed_titles[r] = in_cell.group("rest").strip()
                continue
            if self.continues(r, self.title_col):
                continue
            typed = _TYPED_NUMBER_RE.match(self.text(r, self.title_col))
            if raw.strip():
                # The same number in the № column and at the start of the text
                # ("1.1 | 1.1 Разработка…"): the text is what follows it.
                repeated = _parse_number(typed.group("num")) if typed else None
                if number is not None and repeated is not None and repeated.text == number.text:
                    self.typed_titles[r] = typed.group("rest").strip()
                continue
            if typed:
                parsed = _parse_number(typed.group("num"))
                if parsed is not None and parsed.parts is not None:
                    info[i] = (r, parsed.text, parsed)
                    self.typed_titles[r] = typed.group("rest").strip()
                    self.typed_only.add(r)
        markers = {r for r, _raw, number in info if number and number.is_stage_marker}
        depths = [len(n.parts) for _r, _raw, n in info if n and n.parts and _r not in headings]
        sectioned = bool(headings or markers)
        min_depth = min(depths) if depths else 1
        flat = bool(depths) and max(depths) == min_depth
        # Without headings the shortest numbers are stages, unless the list is
        # flat and its title column does not speak of stages.
        numbered_stages = not sectioned and not (flat and not self.columns.title_is_stage)

        if self.columns.stage is not None:
            self.split_groups: dict[int, _GroupRow] = {}
            return self.plan_grouped(info)
        self.split_groups = self.merged_title_groups(info)

        plan: list[tuple[int, str, str | None, str | None]] = []
        for r, raw, number in info:
            group_row = self.split_groups.get(r)
            if group_row is not None and group_row.kind == "head":
                # The first row of a title cell merged down over several rows.
                merged_title = self.text(r, self.title_col)
                if group_row.head_keeps_number and number is not None:
                    num, title = number.text, self.typed_titles.get(r, merged_title)
                else:
                    num, title = _split_heading_number(merged_title)
                parsed = _parse_number(num) if num else None
                if r in headings or (parsed is not None and parsed.is_stage_marker):
                    role = "stage"
                elif parsed is not None and parsed.parts is not None:
                    shallow = numbered_stages and len(parsed.parts) == min_depth
                    role = "stage" if shallow else "parent"
                else:
                    role = "parent" if sectioned or numbered_stages else "stage"
                plan.append((r, role, num, title))
                if group_row.first_is_item:
                    plan.append((r, "child", group_row.number, group_row.title))
                continue
            if group_row is not None:
                if group_row.kind == "item":
                    plan.append((r, "child", group_row.number, group_row.title))
                else:
                    plan.append((r, "continuation", None, None))
                continue
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
        # Stage number and name written only in the first row of the stage, the
        # cells below left empty: a number standing only on rows that start a
        # stage numbers the stage, not its first activity.
        # Numbers typed in the activity cells ("1.2 Издание приказа") are the
        # activities' own: only the № column can number a stage.
        numbered = [
            (r, number)
            for r, raw, number in info
            if number is not None and r not in self.typed_only
        ]
        starts_stage = {
            r
            for r, _raw, _n in info
            if self.grid[r][stage_col].origin[0] == r and self.grid[r][stage_col].text
        }
        numbers_are_stages = (
            bool(numbered)
            and all(r in starts_stage for r, _n in numbered)
            and any(r not in starts_stage for r, _raw, _n in info)
        )
        for r, raw, number in info:
            if numbers_are_stages and r in starts_stage:
                stage_cell = self.grid[r][stage_col]
                current = stage_cell.origin
                _num, title = _split_heading_number(stage_cell.text)
                plan.append((r, "group", number.text if number else _num, title))
                if self.text(r, self.title_col):
                    # The stage's first activity may carry its own typed number.
                    typed = _TYPED_NUMBER_RE.match(self.text(r, self.title_col))
                    own = _parse_number(typed.group("num")) if typed else None
                    if own is not None and own.parts is not None:
                        self.typed_titles[r] = typed.group("rest").strip()
                        plan.append((r, "activity", own.text, None))
                    else:
                        plan.append((r, "activity", "", None))
                continue
            stage_cell = self.grid[r][stage_col]
            number_cell = self.grid[r][self.number_col] if self.number_col is not None else None
            # A number merged down exactly like the stage cell numbers the stage.
            number_is_stage = (
                number_cell is not None
                and self.columns.stage_number is None
                and (
                    number_cell.origin[0] == stage_cell.origin[0] and number_cell is not stage_cell
                )
            )
            if stage_cell.text and stage_cell.origin != current:
                current = stage_cell.origin
                num, title = _split_heading_number(stage_cell.text)
                if self.columns.stage_number is not None:
                    own = _parse_number(self.grid[r][self.columns.stage_number].text)
                    num = own.text if own is not None else num
                has_activity = bool(self.text(r, self.title_col))
                span = sum(1 for row in self.grid if row[stage_col] is stage_cell)
                if number is not None and (not has_activity or (number_is_stage and span > 1)):
                    num = number.text
                plan.append((r, "group", num, title))
                if not has_activity:
                    continue
                if (
                    self.columns.stage_number is None
                    and num is not None
                    and number is not None
                    and num == number.text
                ):
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
        parent: dict | None = None  # the merged cell whose rows are its own items

        for r, role, number, title in self.plan(rows):
            if role == "continuation":
                if last is not None:
                    self.append_continuation(last, r)
                continue
            values = self.values(r)
            group_row = self.split_groups.get(r)
            if group_row is not None and group_row.kind == "head" and role != "child":
                # A merged title cell: its first row's own details are the
                # cell's unless that row is one of its items.
                head_values = dict.fromkeys(ALL_FIELDS, "")
                if not group_row.first_is_item:
                    head_values.update(self.values(r, own_only=True))
                head_values["title"] = title or ""
                values = head_values
            if role in ("stage", "group"):
                parent = None
                if group_row is not None:
                    stage = _new_stage(number, values)
                    stages.append(stage)
                    path = []
                    last = stage
                    continue
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

            if r in self.typed_titles and group_row is None:
                values["title"] = self.typed_titles[r]
            if role == "child":
                values = self.values(r, own_only=True)
                if values["content"] == title:
                    values["content"] = ""  # the content column is the item's title
                values["title"] = title or ""
                if parent is not None:
                    child = _new_activity(number or "", values)
                    parent["children"].append(child)
                    last = child
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
            if role != "child":
                parent = activity if role == "parent" else None
        return stages

    def merged_title_groups(self, info: list) -> dict[int, _GroupRow]:
        """Rows under one title cell merged down over several rows (vMerge, or a
        merged range on a sheet), by row.

        A merged cell repeats its text in every row it covers; the text is said
        once, by the first row (the "head": a stage or a parent activity). Each
        row below is, by what it holds of its own (not merged from above):

        - an "item" of the head when it has its own number (1.1, 1.2 under a
          stage name merged down the activity column) or its own text in a
          content column; its title is that text, else a title typed after the
          number in the № cell ("1.1 Приказ"), else its own result;
        - a "continuation" otherwise (only a deadline, a responsible or a
          result): its texts are appended to the item above it.

        The first row is an item too when it has its own content text, or when
        its number is not the parent of the numbers below (1.1 over 1.2, 1.3):
        then the head takes no number. Rows in `info` are (row, № text, parsed
        number) tuples; rows not under such a cell are not in the result.
        """
        content_cols = [c for c in self.columns.fields.get("content", []) if c != self.title_col]
        groups: dict[tuple[int, int], list] = {}
        for entry in info:
            cell = self.grid[entry[0]][self.title_col]
            if cell.text:
                groups.setdefault(cell.origin, []).append(entry)
        result: dict[int, _GroupRow] = {}
        for origin, group in groups.items():
            if len(group) < 2 or group[0][0] != origin[0]:
                continue
            items = [self.group_item(r, raw) for r, raw, _n in group]
            head_number = group[0][2]
            below = [
                item.number
                for item, (r, _raw, _n) in zip(items[1:], group[1:], strict=True)
                if item is not None and self.own_number(r)
            ]
            keeps = head_number is not None and self.own_number(group[0][0])
            if keeps and head_number.parts is not None:
                head_parts = head_number.parts
                for text in below:
                    parsed = _parse_number(text)
                    if parsed is None or parsed.parts is None:
                        continue
                    if parsed.parts[: len(head_parts)] != head_parts or parsed.parts == head_parts:
                        keeps = False
            first = items[0]
            first_is_item = bool(
                first is not None
                and (
                    any(self.text(group[0][0], c) for c in content_cols)
                    or (not keeps and self.own_number(group[0][0]))
                )
            )
            if first_is_item and keeps:
                first = _GroupRow("item", "", first.title)
            result[group[0][0]] = _GroupRow(
                "head",
                first.number if first_is_item else "",
                first.title if first_is_item else "",
                head_keeps_number=keeps,
                first_is_item=first_is_item,
            )
            for item, (r, _raw, _n) in zip(items[1:], group[1:], strict=True):
                result[r] = item if item is not None else _GroupRow("continuation", "", "")
        return result

    def own_number(self, r: int) -> bool:
        """The row has its own text in the № column (not merged from above)."""
        return (
            self.number_col is not None
            and bool(self.text(r, self.number_col))
            and not self.continues(r, self.number_col)
        )

    def group_item(self, r: int, raw: str) -> _GroupRow | None:
        """The row as an item under a merged title cell (number and title from
        its own cells), None when it has neither its own number nor content."""
        content = "\n".join(
            self.text(r, c)
            for c in self.columns.fields.get("content", [])
            if c != self.title_col and self.text(r, c) and not self.continues(r, c)
        )
        own_number = self.own_number(r)
        if not content and not own_number:
            return None
        number = _clean_number(raw) if own_number else ""
        parsed = _parse_number(number) if number else None
        if parsed is not None:
            number = parsed.text
        title = content
        typed = _TYPED_NUMBER_RE.match(number) if number and parsed is None else None
        if typed:
            typed_number = _parse_number(typed.group("num"))
            if typed_number is not None:
                number = typed_number.text
                title = title or typed.group("rest").strip()
        if not title:
            title = "\n".join(
                self.text(r, c)
                for c in self.columns.fields.get("expected_result", [])
                if self.text(r, c) and not self.continues(r, c)
            )
        return _GroupRow("item", number, title)

    def append_continuation(self, item: dict, r: int) -> None:
        """Append the row's own texts to the item it continues."""
        for field, value in self.values(r, own_only=True).items():
            if value and value not in item[field]:
                item[field] = f"{item[field]}\n{value}" if item[field] else value


_TYPED_NUMBER_RE = re.compile(
    r"^(?P<num>\d{1,2}(?:\.\d{1,2})+\.?|\d{1,2}\.)\s+(?P<rest>\S.*)$", re.DOTALL
)


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
