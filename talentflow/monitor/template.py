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
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, overload

import numpy as np
import yaml

from talentflow.monitor import offload
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
#: Columns with about one distinct value per record: read as text, not as codes (the CSV
#: parser's categories would sort a million distinct ids, several times slower than text).
DISTINCT_COLUMNS = ("person_id", "orcid")
#: Where the header is looked for (a StringIO of the whole text would cost a copy of it).
HEADER_CHARS = 1 << 16
#: A CSV file at least this large is parsed in two halves, the second by a second process
#: (:mod:`talentflow.monitor.offload`), when a core is free.
SPLIT_BYTES = 4 << 20


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


class Coded(Sequence[str]):
    """A column as codes into its distinct values, as the CSV parser's categories give it.

    The importer checks and converts each distinct value once (:func:`prepare._factorize`); a
    column that arrives coded costs no string per cell and no second hashing of a million cells.
    It reads like the list of its cells (``col[i]``, iteration, :meth:`tolist`)."""

    __slots__ = ("codes", "uniques")

    def __init__(self, codes: np.ndarray, uniques: list[str]) -> None:
        self.codes = np.asarray(codes)  # the parser's small integers (int8 for under 128 values)
        if self.codes.dtype.kind not in "iu":
            raise TypeError(f"codes must be integers, not {self.codes.dtype}")
        self.uniques = uniques  # distinct, in any order

    def __len__(self) -> int:
        return len(self.codes)

    @overload
    def __getitem__(self, i: int) -> str: ...
    @overload
    def __getitem__(self, i: slice) -> list[str]: ...
    def __getitem__(self, i: int | slice) -> str | list[str]:
        if isinstance(i, slice):
            return self.tolist()[i]
        return self.uniques[self.codes[i]]

    def __iter__(self) -> Iterator[str]:
        return iter(self.tolist())

    def tolist(self) -> list[str]:
        return np.asarray(self.uniques, dtype=object)[self.codes].tolist()

    def __eq__(self, other: object) -> bool:  # equal to the list of the same cells
        if isinstance(other, Coded | list | tuple):
            return self.tolist() == list(other)
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]  # mutable like the list it stands for

    def __repr__(self) -> str:
        return f"Coded({self.tolist()[:5]!r}…, {len(self)} cells, {len(self.uniques)} distinct)"

    def take(self, keep: np.ndarray) -> Coded:
        return Coded(self.codes[keep], self.uniques)

    def recode(self, recode: dict[str, str]) -> Coded:
        """Each distinct value through the mapping's value words (two may become one)."""
        import pandas as pd

        new, merged = pd.factorize(pd.Series([recode.get(_key(v), v) for v in self.uniques], dtype=object))
        return Coded(np.asarray(new)[self.codes], merged.tolist())


@dataclass
class Table:
    """A file's rows as text by template column. ``rows[i]`` is the spreadsheet row number of
    the i-th record (header row + 1 for the first); a column is a list of cells or :class:`Coded`."""

    file: str
    sheet: str | None
    columns: dict[str, Sequence[str]]
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


def _fast_csv(path: Path, mapping: Mapping) -> tuple[list[str], dict[int, Sequence[str]], list[int]] | None:
    """Header, columns and row numbers of a plain CSV through pandas' C parser (a million rows in
    about two seconds); ``None`` when the file needs the careful reader (blank lines, ragged rows,
    a header below row 1).

    Columns with few distinct values (programmes, levels, dates, countries…) come back as
    :class:`Coded`: the parser hashes the cells in C and makes a string per distinct value only."""
    if mapping.header_row != 1 or path.suffix.lower() not in (".csv", ".txt", ".tsv"):
        return None

    raw, text, encoding, delimiter = _csv_decoded(path)
    if "\n\n" in text or "\n\r\n" in text:
        return None
    try:  # the header's first record, to know which columns hold one value per person
        first = next(csv.reader(io.StringIO(text[:HEADER_CHARS], newline=""), delimiter=delimiter))
    except (StopIteration, csv.Error):
        return None
    del text  # the parser reads the bytes: handing it the text would have it encoded back to UTF-8
    distinct = _indices(first, mapping, DISTINCT_COLUMNS).values()
    dtypes: defaultdict[int, Any] = defaultdict(lambda: "category", {j: object for j in distinct})
    cut = _split_point(raw) if len(raw) >= SPLIT_BYTES and offload.enabled() else None
    if cut is None:
        parsed = _parse(raw, delimiter, encoding, dtypes)
    else:  # the second half of the records is parsed by a second process meanwhile; it gets the
        # header line too, so that both halves infer the same kinds of value (see _parse)
        tail = offload.start(_parse, raw[:raw.index(b"\n") + 1] + raw[cut:], delimiter, encoding, dtypes)
        head, rest = _parse(raw[:cut], delimiter, encoding, dtypes), tail.result()
        if head is None or rest is None or len(head) != len(rest):  # ragged rows: one pass decides
            parsed = _parse(raw, delimiter, encoding, dtypes)
        else:
            parsed = {j: _concat(c, _drop_first(rest[j])) for j, c in head.items()}
    if not parsed:
        return None
    header: list[str] = []
    columns: dict[int, Sequence[str]] = {}
    for j, col in parsed.items():
        if isinstance(col, Coded):
            title, columns[j] = _without_header(col.codes, col.uniques)
        else:
            title, columns[j] = col[0], col[1:]
        header.append(str(title))
    n = len(next(iter(columns.values())))
    numbers = list(range(2, 2 + n))
    blank = np.ones(n, dtype=bool)  # rows of empty cells (",,,,") are not records
    for col in columns.values():
        blank &= _empty_cells(col)
        if not blank.any():
            break
    if blank.any():
        keep = np.flatnonzero(~blank)
        columns = {j: c.take(keep) if isinstance(c, Coded) else [c[i] for i in keep.tolist()]
                   for j, c in columns.items()}
        numbers = [numbers[i] for i in keep.tolist()]
    return header, columns, numbers


def _parse(raw: bytes, delimiter: str, encoding: str, dtypes: dict[int, Any]) -> dict[int, Sequence[str]] | None:
    """Every row of CSV bytes by column (the header, if any, as a row): :class:`Coded` for the
    columns typed ``category``, lists of cells for the others; ``None`` when the parser refuses,
    or when it read a column's values as numbers (it does when every cell, header included, looks
    like one; a text header keeps them text)."""
    import pandas as pd

    try:
        frame = pd.read_csv(io.BytesIO(raw), sep=delimiter, dtype=dtypes, header=None, keep_default_na=False,
                            na_filter=False, skip_blank_lines=False, engine="c", encoding=encoding,
                            low_memory=False)
    except (pd.errors.ParserError, ValueError):
        return None
    if frame.empty:
        return None
    out: dict[int, Sequence[str]] = {}
    for j in frame.columns:
        s = frame[j]
        if isinstance(s.dtype, pd.CategoricalDtype):
            categories = s.cat.categories.to_numpy(dtype=object).tolist()
            if not all(isinstance(c, str) for c in categories):  # read as numbers ("007" as 7): not text
                return None
            out[int(j)] = Coded(s.cat.codes.to_numpy(), categories)
        else:
            out[int(j)] = s.to_numpy(dtype=object).tolist()
    return out


def _drop_first(col: Sequence[str]) -> Sequence[str]:
    """A column without its first cell (the header line the second half was parsed with)."""
    if isinstance(col, Coded):
        return _without_header(col.codes, col.uniques)[1]
    return col[1:]


def _split_point(raw: bytes) -> int | None:
    """Where the second half of the records starts: after the first line break past the middle
    that is outside quotes (in RFC 4180 CSV, an even number of quote characters before it).
    ``None`` also when the header spans lines (the second half is parsed with its first line)."""
    first = raw.find(b"\n")
    if first == -1 or raw.count(b'"', 0, first) % 2:
        return None
    pos = raw.find(b"\n", len(raw) // 2)
    quotes = raw.count(b'"', 0, pos) if pos != -1 else 0
    while pos != -1 and quotes % 2:
        nxt = raw.find(b"\n", pos + 1)
        quotes += raw.count(b'"', pos, nxt) if nxt != -1 else 0
        pos = nxt
    return pos + 1 if 0 < pos < len(raw) - 1 else None


def _concat(a: Sequence[str], b: Sequence[str]) -> Sequence[str]:
    """Two parts of one column as one (coded parts get one set of distinct values)."""
    if isinstance(a, Coded) and isinstance(b, Coded):
        merged = list(dict.fromkeys([*a.uniques, *b.uniques]))
        at = {u: i for i, u in enumerate(merged)}
        remap = np.asarray([at[u] for u in b.uniques], dtype=np.intp)
        return Coded(np.concatenate([a.codes, remap[b.codes]]), merged)
    return [*a, *b]


def _without_header(codes: np.ndarray, categories: list[str]) -> tuple[str, Coded]:
    """A categorical column whose first cell is the header: the header's text, and the records
    coded without it (its text is among the distinct values only when a record has it too)."""
    head = int(codes[0])
    body = codes[1:]
    if (body == head).any():
        return categories[head], Coded(body, categories)
    return categories[head], Coded(body - (body > head), categories[:head] + categories[head + 1:])


def _empty_cells(col: Sequence[str]) -> np.ndarray:
    if isinstance(col, Coded):
        empty = [k for k, v in enumerate(col.uniques) if v == ""]
        return np.isin(col.codes, empty) if empty else np.zeros(len(col), dtype=bool)
    return np.asarray(col, dtype=object) == ""


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


def _indices(header_raw: Sequence[str], mapping: Mapping, targets: Sequence[str] = (*COLUMNS, *EXTRA_COLUMNS)
             ) -> dict[str, int]:
    """Which column of the file each template column is: the mapping's names first, then the
    template's, without regard to case and spacing."""
    header = [_key(c) for c in header_raw]
    where: dict[str, int] = {}
    for target in targets:
        for name in [*mapping.columns.get(target, []), target]:
            k = _key(name)
            if k in header:
                where[target] = header.index(k)
                break
    return where


def _to_table(path: Path, sheet: str | None, header_raw: list[str], transposed: Sequence[Sequence[str]] | dict[int, Sequence[str]],
              numbers: list[int], mapping: Mapping) -> Table:
    where = _indices(header_raw, mapping)
    for req in REQUIRED:
        if req not in where and req not in mapping.defaults:
            raise DataImportError(
                f"required column {req!r} is missing (columns found: {', '.join(header_raw)})",
                file=str(path), sheet=sheet, row=mapping.header_row, column=req)
    n = len(numbers)
    columns: dict[str, Sequence[str]] = {}
    for target in (*COLUMNS, *EXTRA_COLUMNS):
        col: Sequence[str]
        if target in where:
            col = transposed[where[target]]
        elif target in mapping.defaults:
            col = [mapping.defaults[target]] * n
        else:
            continue
        recode = mapping.values.get(target)
        if recode:
            col = col.recode(recode) if isinstance(col, Coded) else [recode.get(_key(v), v) for v in col]
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
