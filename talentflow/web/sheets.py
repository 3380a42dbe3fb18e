"""The ``.xlsx`` twin of a table page: the same rows and columns as its ``.csv`` twin, in a workbook.

Cells are written as the CSV writes them (a list joined by "; ", true/false, a withheld cell as
the word the page uses), except that numbers stay numbers. Text from documents and data never
becomes a formula: openpyxl would read a string starting with "=" as one, so every such cell is
turned back into text (:func:`talentflow.io.cells.protect_sheet`), and characters XML cannot hold
are replaced (:func:`talentflow.io.cells.xlsx_text`). The header row is bold and frozen; a second
sheet says where the table comes from and, when the rows are synthetic, that they are.
"""

from __future__ import annotations

import io
import math
from collections.abc import Iterable, Mapping
from typing import Any

from talentflow.io.cells import protect_sheet, xlsx_text

MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def xlsx_cell(value: Any) -> Any:
    """A value as the CSV twin writes it, numbers kept as numbers."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return value
    if isinstance(value, list | tuple):
        value = "; ".join(str(v) for v in value)
    return xlsx_text(str(value))


def is_synthetic(rows: Iterable[Mapping[str, Any]], data: Any) -> bool:
    """Whether a table holds synthetic rows: a truthy ``synthetic`` column, or page data that names
    synthetic programmes (the monitoring pages)."""
    if isinstance(data, Mapping) and data.get("synthetic"):
        return True
    return any(r.get("synthetic") for r in rows)


def to_xlsx(rows: list[Mapping[str, Any]], columns: list[str], sheet: str, about: list[tuple[str, str]]) -> bytes:
    """The workbook: sheet ``sheet`` with the header and the rows, sheet "about" with ``about``
    (label, text) lines."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    ws = wb.active
    ws.title = sheet[:31] or "table"
    ws.append([xlsx_text(c) for c in columns])
    for cell in ws[1]:
        cell.font = Font(bold=True)
    ws.freeze_panes = "A2"
    for r in rows:
        ws.append([xlsx_cell(r.get(c)) for c in columns])
    for i, c in enumerate(columns, start=1):
        ws.column_dimensions[ws.cell(row=1, column=i).column_letter].width = max(10, min(50, len(c) + 4))
    note = wb.create_sheet("about")
    for label, text in about:
        note.append([xlsx_text(label), xlsx_text(text)])
    for cell in note["A"]:
        cell.font = Font(bold=True)
    note.column_dimensions["A"].width = 22
    note.column_dimensions["B"].width = 100
    protect_sheet(ws)
    protect_sheet(note)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
