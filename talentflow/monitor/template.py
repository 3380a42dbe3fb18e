"""The operator template: reading a participant list exported as csv or xlsx.

The template layout (:data:`COLUMNS`, first sheet, header row) imports with no mapping file.
Other layouts — Russian or Kazakh headers, other value words, dd.mm.yyyy dates — are described
by a YAML column mapping (see ``talentflow/data/monitor/mappings/``)::

    sheet: 0                 # index or name (xlsx)
    header_row: 1
    columns: {person_id: ИИН, programme: Программа, cohort: [Год набора, Қабылдау жылы]}
    values: {status: {Обучается: studying, Окончил: graduated}}
    date_format: "%d.%m.%Y"
    defaults: {programme: BOLASHAK}

Reading only turns cells into text keyed by template column, each row with the number the
spreadsheet shows; checking, trimming and converting are the importer's job (done once per
distinct value, which is what keeps a million-row file fast).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from talentflow.stats.errors import DataImportError

#: The template's columns, in order. Only the first three are required.
COLUMNS = (
    "person_id", "programme", "cohort", "level", "field", "host_country", "start_date",
    "graduation_date", "status", "return_date", "obligation_months", "obligation_status",
    "employment_start", "employment_sector", "employment_region", "exit_date", "orcid",
)
REQUIRED = ("person_id", "programme", "cohort")
#: Read when a mapping names it, checked against the id and between rows, never stored.
EXTRA_COLUMNS = ("birth_date",)
DATE_COLUMNS = ("start_date", "graduation_date", "return_date", "employment_start", "exit_date", "birth_date")


class MappingError(ValueError):
    """The mapping file is malformed."""


@dataclass
class Mapping:
    """How a file's layout maps onto the template."""

    columns: dict[str, list[str]] = field(default_factory=dict)
    values: dict[str, dict[str, str]] = field(default_factory=dict)
    defaults: dict[str, str] = field(default_factory=dict)
    date_format: str | None = None
    sheet: int | str = 0
    header_row: int = 1

    @classmethod
    def load(cls, path: str | Path) -> Mapping:
        try:
            data = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
        except (OSError, yaml.YAMLError) as exc:
            raise MappingError(f"{path}: {exc}") from None
        cols: dict[str, list[str]] = {}
        for target, src in (data.get("columns") or {}).items():
            if target not in COLUMNS and target not in EXTRA_COLUMNS:
                raise MappingError(f"{path}: {target!r} is not a template column ({', '.join(COLUMNS)})")
            cols[target] = [str(s) for s in (src if isinstance(src, list) else [src])]
        values = {k: {_key(a): str(b) for a, b in (v or {}).items()} for k, v in (data.get("values") or {}).items()}
        return cls(columns=cols, values=values, defaults={k: str(v) for k, v in (data.get("defaults") or {}).items()},
                   date_format=data.get("date_format"), sheet=data.get("sheet", 0),
                   header_row=int(data.get("header_row", 1)))


def _key(text: Any) -> str:
    return re.sub(r"\s+", " ", str(text)).strip().casefold()


@dataclass
class Table:
    """A file's rows as text by template column. ``rows[i]`` is the spreadsheet row number of
    the i-th record (header row + 1 for the first)."""

    file: str
    sheet: str | None
    columns: dict[str, list[str]]
    rows: list[int]
    date_format: str | None = None

    def __len__(self) -> int:
        return len(self.rows)


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _read_rows(path: Path, mapping: Mapping) -> tuple[str | None, list[list[str]]]:
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        import openpyxl

        try:
            wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
        except Exception as exc:  # openpyxl raises many kinds for a broken file
            raise DataImportError(f"cannot read the workbook: {exc}", file=str(path)) from None
        try:
            ws = wb.worksheets[mapping.sheet] if isinstance(mapping.sheet, int) else wb[mapping.sheet]
        except (IndexError, KeyError):
            raise DataImportError(f"no sheet {mapping.sheet!r}", file=str(path)) from None
        rows = [[_cell(v) for v in r] for r in ws.iter_rows(values_only=True)]
        title = ws.title
        wb.close()
        return title, rows
    if suffix in (".csv", ".txt", ".tsv"):
        text, delimiter = _csv_text(path)
        return None, list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    raise DataImportError(f"unsupported file type {suffix!r} (csv or xlsx)", file=str(path))


def _csv_text(path: Path) -> tuple[str, str]:
    _, text, _, delimiter = _csv_decoded(path)
    return text, delimiter


def _csv_decoded(path: Path) -> tuple[bytes, str, str, str]:
    """The file's bytes, its text, the encoding that decoded it, and the delimiter."""
    raw = path.read_bytes()
    try:
        text, encoding = raw.decode("utf-8-sig"), "utf-8-sig"
    except UnicodeDecodeError:
        text, encoding = raw.decode("cp1251"), "cp1251"  # operators' Excel exports in Kazakhstan
    sample = text[:4096]
    delimiter = "\t" if path.suffix.lower() == ".tsv" else (";" if sample.count(";") > sample.count(",") else ",")
    return raw, text, encoding, delimiter


def _fast_csv(path: Path, mapping: Mapping) -> tuple[list[str], list[list[str]], list[int]] | None:
    """Header, columns and row numbers of a plain CSV through pandas' C parser (a million rows in
    about a second); ``None`` when the file needs the careful reader (blank lines, ragged rows,
    a header below row 1)."""
    if mapping.header_row != 1 or path.suffix.lower() not in (".csv", ".txt", ".tsv"):
        return None
    import numpy as np
    import pandas as pd

    raw, text, encoding, delimiter = _csv_decoded(path)
    if "\n\n" in text or "\n\r\n" in text:
        return None
    del text  # the parser reads the bytes: handing it the text would have it encoded back to UTF-8
    try:
        frame = pd.read_csv(io.BytesIO(raw), sep=delimiter, dtype=str, header=None, keep_default_na=False,
                            na_filter=False, skip_blank_lines=False, engine="c", encoding=encoding)
    except (pd.errors.ParserError, ValueError):
        return None
    if frame.empty:
        return None
    header = [str(v) for v in frame.iloc[0].tolist()]
    columns = [frame[j].iloc[1:].tolist() for j in frame.columns]
    n = len(frame) - 1
    numbers = list(range(2, 2 + n))
    first = np.asarray(columns[0], dtype=object) == "" if n else np.zeros(0, dtype=bool)
    if first.any():  # rows of empty cells (",,,,") are not records
        blank = [i for i in np.flatnonzero(first).tolist() if not any(c[i] for c in columns)]
        if blank:
            drop = set(blank)
            keep = [i for i in range(n) if i not in drop]
            columns = [[c[i] for i in keep] for c in columns]
            numbers = [numbers[i] for i in keep]
    return header, columns, numbers


def read_table(path: str | Path, mapping: Mapping | None = None) -> Table:
    """Read a participant file into template columns.

    Headers are matched without regard to case and spacing: first the mapping's names, then the
    template names. A required column that nothing matches is an error naming the header row."""
    path = Path(path)
    mapping = mapping or Mapping()
    fast = _fast_csv(path, mapping)
    if fast is not None:
        header_raw, transposed, numbers = fast
        return _to_table(path, None, header_raw, transposed, numbers, mapping)
    sheet, rows = _read_rows(path, mapping)
    h = mapping.header_row - 1
    if len(rows) <= h:
        raise DataImportError("no header row", file=str(path), sheet=sheet, row=mapping.header_row)
    body = rows[h + 1:]
    numbers = list(range(mapping.header_row + 1, mapping.header_row + 1 + len(body)))
    keep = [i for i, r in enumerate(body) if any(r)]  # blank lines are not records
    if len(keep) != len(body):
        body = [body[i] for i in keep]
        numbers = [numbers[i] for i in keep]
    width = len(rows[h])
    if any(len(r) != width for r in body):
        body = [r[:width] if len(r) >= width else [*r, *[""] * (width - len(r))] for r in body]
    # one transposition in C; cells are stripped where they are parsed (once per distinct value)
    transposed = [list(c) for c in zip(*body, strict=True)] if body else [[] for _ in range(width)]
    return _to_table(path, sheet, rows[h], transposed, numbers, mapping)


def _to_table(path: Path, sheet: str | None, header_raw: list[str], transposed: list[list[str]],
              numbers: list[int], mapping: Mapping) -> Table:
    header = [_key(c) for c in header_raw]
    where: dict[str, int] = {}
    for target in (*COLUMNS, *EXTRA_COLUMNS):
        for name in [*mapping.columns.get(target, []), target]:
            k = _key(name)
            if k in header:
                where[target] = header.index(k)
                break
    for req in REQUIRED:
        if req not in where and req not in mapping.defaults:
            raise DataImportError(
                f"required column {req!r} is missing (columns found: {', '.join(header_raw)})",
                file=str(path), sheet=sheet, row=mapping.header_row, column=req)
    n = len(numbers)
    columns: dict[str, list[str]] = {}
    for target in (*COLUMNS, *EXTRA_COLUMNS):
        if target in where:
            col = transposed[where[target]]
        elif target in mapping.defaults:
            col = [mapping.defaults[target]] * n
        else:
            continue
        recode = mapping.values.get(target)
        if recode:
            col = [recode.get(_key(v), v) for v in col]
        columns[target] = col
    return Table(str(path), sheet, columns, numbers, mapping.date_format)


def write_template(path: str | Path, records: list[dict[str, Any]]) -> None:
    """Write records in the template layout (csv or xlsx by suffix); used by the synthetic
    generator and the tests."""
    path = Path(path)
    if path.suffix.lower() == ".xlsx":
        import openpyxl

        wb = openpyxl.Workbook()
        ws = wb.active
        ws.title = "participants"
        ws.append(list(COLUMNS))
        for r in records:
            ws.append([r.get(c, "") if r.get(c) is not None else "" for c in COLUMNS])
        wb.save(path)
        return
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(COLUMNS)
        for r in records:
            w.writerow(["" if r.get(c) is None else r.get(c) for c in COLUMNS])
