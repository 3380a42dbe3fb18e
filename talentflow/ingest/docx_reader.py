"""DOCX → text with python-docx: paragraphs and tables in the order they stand in the body.

``Document.paragraphs`` alone would lose tables (budgets, indicators, responsible bodies: the
very details that raise a code to depth 4), and reading tables after the paragraphs would move
them away from the point they belong to.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

import docx
from docx.opc.exceptions import PackageNotFoundError
from docx.table import Table
from docx.text.paragraph import Paragraph

from talentflow.io.zipguard import ZipLimitError, check_zip


class DocxError(ValueError):
    """The file is not a readable DOCX."""


def _table_lines(table: Table) -> list[str]:
    lines = []
    for row in table.rows:
        cells: list[str] = []
        for cell in row.cells:
            value = " ".join(p.text.strip() for p in cell.paragraphs if p.text.strip())
            if value and (not cells or cells[-1] != value):  # merged cells repeat their text
                cells.append(value)
        if cells:
            lines.append(" | ".join(cells))
    return lines


def extract_docx(path: str | Path) -> tuple[str, str | None]:
    """Text (blocks separated by blank lines) and the first heading or title paragraph."""
    try:
        check_zip(path)  # a zip bomb is refused before python-docx unpacks anything
    except ZipLimitError as exc:
        raise DocxError(str(exc)) from None
    try:
        document = docx.Document(str(path))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError, TypeError, AttributeError,
            EOFError, RecursionError, SyntaxError) as exc:
        raise DocxError(f"corrupt DOCX ({exc.__class__.__name__}: {str(exc)[:200]})") from exc
    blocks: list[str] = []
    title: str | None = None
    for element in document.element.body.iterchildren():
        tag = element.tag.rsplit("}", 1)[-1]
        if tag == "p":
            paragraph = Paragraph(element, document)
            text = paragraph.text.replace("\r\n", "\n").replace("\r", "\n").strip()
            if not text:
                continue
            style = (paragraph.style.name if paragraph.style is not None else "") or ""
            if title is None and (style.startswith("Heading") or style == "Title"):
                title = text
            blocks.append(text)
        elif tag == "tbl":
            lines = _table_lines(Table(element, document))
            if lines:
                blocks.append("\n".join(lines))
    return "\n\n".join(blocks), title
