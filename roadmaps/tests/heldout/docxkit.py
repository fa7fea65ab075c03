"""A small kit to rebuild a published roadmap as a DOCX (python-docx).

A table is given row by row; each row is a list of cells, one per grid
column, where a cell is:

- ``"text"``: one cell ("\\n" starts a new paragraph inside it);
- ``Span("text", n)``: one cell merged across ``n`` grid columns;
- ``DOWN``: the cell above continues into this row (vertical merge).
"""

from dataclasses import dataclass
from pathlib import Path

import docx


@dataclass(frozen=True)
class Span:
    text: str
    width: int


DOWN = object()


def new_document():
    return docx.Document()


def paragraphs(document, text):
    """One paragraph per line of ``text``; an empty line is an empty paragraph."""
    for line in text.split("\n"):
        document.add_paragraph(line)


def _set_text(cell, text):
    lines = text.split("\n")
    cell.paragraphs[0].text = lines[0]
    for line in lines[1:]:
        cell.add_paragraph(line)


def table(document, width, rows):
    """Add a bordered table of ``width`` grid columns holding ``rows`` (see module doc)."""
    tbl = document.add_table(rows=len(rows), cols=width)
    tbl.style = "Table Grid"
    for r, row in enumerate(rows):
        c = 0
        for entry in row:
            if entry is DOWN:
                above = tbl.cell(r - 1, c)
                span = 1
                # the cell above may itself span several columns
                while c + span < width and tbl.cell(r - 1, c + span)._tc is above._tc:
                    span += 1
                above.merge(tbl.cell(r, c + span - 1))
                c += span
                continue
            if isinstance(entry, Span):
                cell = tbl.cell(r, c).merge(tbl.cell(r, c + entry.width - 1))
                _set_text(cell, entry.text)
                c += entry.width
                continue
            _set_text(tbl.cell(r, c), entry)
            c += 1
        if c != width:
            raise ValueError(f"row {r} fills {c} of {width} columns")
    return tbl


def save(document, path: Path) -> Path:
    document.save(str(path))
    return path
