"""Rows for PostgreSQL's ``COPY … FROM STDIN`` in its text format, built column by column.

COPY is the fastest way into PostgreSQL, but its text has to be made in Python, and per row
and per cell that costs more than the server's whole work (a million awards of 25 columns: about
9 s through the rows, against about 1.5 s column by column). So each column is formatted at once
— integers through one ``map(str, …)`` in C, text through its distinct values (formatted once
each and picked by code) — and the rows are only joined at the end.

The format: tab-separated, ``\\N`` for NULL, backslash escapes for backslash, tab, newline and
carriage return (PostgreSQL manual, "COPY", "Text Format").
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import numpy as np
import pandas as pd

#: Rows per write to the server (bounds the text held in memory at once).
COPY_BLOCK = 100_000
NULL = "\\N"


def copy_cell(v: object) -> str:
    """One value as COPY text."""
    if v is None or (isinstance(v, float) and v != v):
        return NULL
    if isinstance(v, str):
        if "\\" in v or "\t" in v or "\n" in v or "\r" in v:
            return v.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")
        return v
    if isinstance(v, np.generic):
        v = v.item()
    if isinstance(v, dt.date | dt.datetime):
        return v.isoformat()
    return str(v)


def int_column(values: np.ndarray, missing: int | None = None) -> list[str]:
    """An integer column as text; cells equal to ``missing`` (a sentinel) are NULL.

    A column of few distinct values (month keys, days, cohorts, codes) is formatted once per
    value and picked by code; a column of mostly distinct values (ids) through one
    ``map(str, …)``."""
    values = np.asarray(values)
    codes, uniques = pd.factorize(values)  # in C, a few hundredths of a second per million
    if len(uniques) * 2 <= len(values):
        table = np.asarray([NULL if u == missing else str(u) for u in uniques.tolist()], dtype=object)
        return table[codes].tolist()
    text = list(map(str, values.tolist()))  # in C
    if missing is not None:
        for i in np.flatnonzero(values == missing).tolist():
            text[i] = NULL
    return text


def object_column(values: Sequence | pd.Series | np.ndarray) -> list[str]:
    """A column of Python values (text, numbers, dates; ``None``/NaN for NULL) as text.

    Text with nothing to escape is its own COPY text (a column of a million pseudonyms is passed
    through as it is); anything else is formatted once per distinct value."""
    vals = values.tolist() if hasattr(values, "tolist") else list(values)
    kinds = set(map(type, vals))
    if kinds <= {str, type(None)}:
        present = [v for v in vals if v is not None] if type(None) in kinds else vals
        joined = "".join(present)
        if not ("\\" in joined or "\t" in joined or "\n" in joined or "\r" in joined):
            return [NULL if v is None else v for v in vals] if type(None) in kinds else vals
    codes, uniques = pd.factorize(pd.Series(vals, dtype=object), use_na_sentinel=True)
    table = np.asarray([copy_cell(v) for v in uniques.tolist()] + [NULL], dtype=object)
    return table[codes].tolist()  # code -1 (NULL) picks the last entry


def join_rows(columns: Sequence[list[str]]) -> str:
    """Formatted columns (equal lengths) as COPY text, one line per row."""
    if not columns or not len(columns[0]):
        return ""
    return "\n".join(map("\t".join, zip(*columns, strict=True))) + "\n"


def copy_text(rows: list[tuple]) -> str:
    """Rows (tuples of Python values) as COPY text, column by column."""
    if not rows:
        return ""
    cols = []
    for col in zip(*rows, strict=True):
        first = next((v for v in col if v is not None), None)
        if type(first) is int and all(type(v) is int or v is None for v in col):
            text = list(map(str, col))  # a missing value (None) became "None"
            if None in col:
                text = [NULL if t == "None" else t for t in text]
            cols.append(text)
        else:
            cols.append(object_column(col))
    return join_rows(cols)


def write_copy(conn, table: str, columns: Sequence[str], blocks) -> None:
    """``COPY table (columns) FROM STDIN`` of the text blocks (an iterable of COPY text) on a
    SQLAlchemy connection to PostgreSQL (psycopg 3)."""
    raw = conn.connection.driver_connection
    with raw.cursor() as cur, cur.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
        for text in blocks:
            if text:
                copy.write(text)
