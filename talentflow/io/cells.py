"""Spreadsheet cells that stay text: the OWASP rule against CSV and formula injection.

Text from documents and data files (a quote, a source name, a document title) may start with
``=``, ``+``, ``-``, ``@``, a tab or a carriage return; Excel, LibreOffice and Google Sheets run
such a cell as a formula when they open the CSV (``=HYPERLINK(...)``, ``=cmd|' /C calc'!A0``).
Every CSV talentflow writes prefixes those cells with a single quote, and every XLSX stores them
as text cells, never as formulas. Plain numbers written as text (``-5``, ``+3.2``) are left as
they are: no spreadsheet runs them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\n")
_PLAIN_NUMBER = re.compile(r"[+-]?(\d[\d ]*)?([.,]\d+)?([eE][+-]?\d+)?")


def is_formula_like(value: Any) -> bool:
    """Whether a spreadsheet could run this text as a formula."""
    if not isinstance(value, str) or not value.startswith(_TRIGGERS):
        return False
    return not (any(c.isdigit() for c in value) and _PLAIN_NUMBER.fullmatch(value))


def neutralise(value: Any) -> Any:
    """``value`` safe for a CSV cell: formula-like text gets a leading single quote.

    A lone carriage return becomes a line feed: CSV writers quote a cell holding a line feed but
    not always one holding only a carriage return, and an unquoted one starts a new row whose
    first cell a spreadsheet would read as a formula.
    """
    if isinstance(value, str) and "\r" in value:
        value = value.replace("\r\n", "\n").replace("\r", "\n")
    return "'" + value if is_formula_like(value) else value


def neutralise_row(row: Iterable[Any]) -> list[Any]:
    return [neutralise(v) for v in row]


def neutralise_mapping(row: Mapping[str, Any]) -> dict[str, Any]:
    return {k: neutralise(v) for k, v in row.items()}


def neutralise_frame(frame: Any) -> Any:
    """A copy of a pandas frame whose text cells are neutralised (numbers untouched)."""
    out = frame.copy()
    for column in out.columns:
        if out[column].dtype == object or str(out[column].dtype).startswith("str"):
            out[column] = out[column].map(neutralise)
    out.columns = [neutralise(c) if isinstance(c, str) else c for c in out.columns]
    return out


def xlsx_text(value: Any) -> Any:
    """A value openpyxl accepts: control characters (which XML 1.0 cannot hold) become U+FFFD."""
    if isinstance(value, str):
        from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

        return ILLEGAL_CHARACTERS_RE.sub("\ufffd", value)
    return value


def xlsx_row(values: Iterable[Any]) -> list[Any]:
    return [xlsx_text(v) for v in values]


def as_text_cell(cell: Any) -> Any:
    """An openpyxl cell whose string value starts with ``=`` is kept as text, not a formula."""
    if isinstance(cell.value, str) and cell.data_type == "f":
        cell.data_type = "s"
    return cell


def protect_sheet(ws: Any) -> None:
    """Every formula-looking string of a worksheet (filled by talentflow) becomes a text cell."""
    for row in ws.iter_rows():
        for cell in row:
            as_text_cell(cell)


def protect_workbook(wb: Any) -> None:
    for ws in wb.worksheets:
        protect_sheet(ws)


def write_frame_xlsx(frame: Any, path: str | Path, sheet: str = "Sheet1") -> None:
    """A pandas frame as one .xlsx sheet with a header row; text stays text."""
    import pandas as pd
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = sheet
    ws.append([str(c) for c in frame.columns])
    for values in frame.itertuples(index=False, name=None):
        ws.append([xlsx_text(_xlsx_value(v, pd)) for v in values])
    protect_sheet(ws)
    save_workbook(wb, path)


def save_workbook(wb: Any, path: str | Path) -> None:
    """Save through memory: openpyxl leaves its zip open when a write fails (a full disk), and
    the half-closed file then complains at exit; one plain write fails cleanly instead."""
    import io

    buf = io.BytesIO()
    wb.save(buf)
    Path(path).write_bytes(buf.getvalue())


def _xlsx_value(v: Any, pd: Any) -> Any:
    """A frame value as openpyxl takes it: numpy scalars unboxed, missing → empty, dates naive."""
    if isinstance(v, list | tuple | dict | set):
        return str(v)
    if v is None or (not isinstance(v, str) and pd.isna(v)):
        return None
    if hasattr(v, "to_pydatetime"):
        v = v.to_pydatetime()
    if getattr(v, "tzinfo", None) is not None:
        v = v.replace(tzinfo=None)  # Excel has no time zones; the store keeps UTC
    if hasattr(v, "item") and not isinstance(v, str):
        v = v.item()
    return v if isinstance(v, int | float | str | bool) or hasattr(v, "isoformat") else str(v)
