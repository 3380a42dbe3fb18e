"""What every importer shares: the contract, safe file opening and cell parsing.

An importer turns one file into ``(Observation, Location)`` pairs and raises
:class:`~talentflow.stats.errors.DataImportError` naming file, sheet, row and column for
anything it cannot read. It never writes: the store checks the whole file and then writes it in
one transaction, so an importer error cannot leave half a file in the store.
"""

from __future__ import annotations

import csv
import functools
import math
import re
import zipfile
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any, ClassVar

import yaml

from talentflow.io.zipguard import ZipLimitError, check_zip
from talentflow.limits import MAX_YEAR, MIN_YEAR, max_cell, max_rows
from talentflow.stats.errors import DataImportError, Location
from talentflow.stats.model import Observation
from talentflow.stats.validate import check_observation

Record = tuple[Observation, Location]

#: OLE2 / Compound File Binary signature: an encrypted (password-protected) .xlsx or an old .xls.
CFB_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_SIGNATURE = b"PK\x03\x04"


class Importer(ABC):
    """One input format. Subclasses set ``kind`` and implement :meth:`read` (and :meth:`sniff`
    when the format can be recognised from the file)."""

    kind: ClassVar[str]
    suffixes: ClassVar[tuple[str, ...]] = ()

    def __init__(self, mapping: Path | dict | None = None, **opts: Any) -> None:
        self.mapping = load_mapping(mapping) if mapping is not None else {}
        self.opts = opts

    def __init_subclass__(cls, **kwargs: Any) -> None:
        """Every importer's :meth:`read` passes through :func:`checked_records`, so none can forget
        the checks of a published figure, the row limit or the error contract."""
        super().__init_subclass__(**kwargs)
        raw = cls.__dict__.get("read")
        if raw is not None and not getattr(raw, "_checked", False):
            cls.read = _checked_read(raw)  # type: ignore[method-assign]

    @classmethod
    def sniff(cls, path: Path, head: bytes) -> bool:
        """Whether this importer recognises the file from its name and first bytes."""
        return False

    @abstractmethod
    def read(self, path: Path) -> Iterator[Record]:
        """Observations of the file with the place each was read from."""

    def dataset_name(self, path: Path) -> str:
        return f"{self.kind}/{Path(path).name}"


def _checked_read(raw: Callable[[Any, Path], Iterable[Record]]) -> Callable[[Any, Path], Iterator[Record]]:
    @functools.wraps(raw)
    def read(self: Importer, path: Path) -> Iterator[Record]:
        return checked_records(raw(self, path), Path(path))

    read._checked = True  # type: ignore[attr-defined]
    return read


#: Errors of a reading library on a malformed file: they become a located DataImportError.
_READ_ERRORS = (ValueError, TypeError, KeyError, IndexError, AttributeError, LookupError, OverflowError,
                ArithmeticError, zipfile.BadZipFile, EOFError, csv.Error, RecursionError)


def checked_records(records: Iterable[Record], path: Path) -> Iterator[Record]:
    """The records of one file, each checked (:func:`~talentflow.stats.validate.check_observation`),
    at most :func:`~talentflow.limits.max_rows` of them; a library error on a malformed file
    becomes a :class:`DataImportError` naming the file, never a traceback."""
    limit = max_rows()
    n = 0
    iterator = iter(records)
    while True:
        try:
            item = next(iterator)
        except StopIteration:
            return
        except DataImportError as exc:
            raise exc.at(file=str(path)) from None
        except ZipLimitError as exc:
            raise DataImportError(str(exc), file=str(path)) from None
        except _READ_ERRORS as exc:
            first = (str(exc).splitlines() or [""])[0][:200]
            raise DataImportError(f"cannot be read ({type(exc).__name__}: {first})", file=str(path)) from None
        n += 1
        if n > limit:
            raise DataImportError(f"more than {limit:,} rows; raise the limit with TALENTFLOW_MAX_ROWS",
                                  file=str(path), row=n)
        o, where = item
        check_observation(o, where)
        yield item


_MAPPING_TYPES: dict[str, tuple[type, ...]] = {
    "columns": (dict,), "constants": (dict,), "header_row": (int,), "header_rows": (list, int),
    "sheet": (str, int), "skip": (int,),
}


#: The header of a statistics table stands in its first lines; a larger number is a typing error.
_MAX_HEADER_ROW = 10_000


def load_mapping(mapping: Path | dict) -> dict:
    """A declarative mapping (YAML file or an already parsed dict)."""
    if isinstance(mapping, dict):
        return dict(mapping)
    path = Path(mapping)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise DataImportError("mapping file not found", file=str(path)) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise DataImportError(f"not valid YAML: {getattr(exc, 'problem', exc)}", file=str(path),
                              row=mark.line + 1 if mark else None) from None
    except UnicodeDecodeError as exc:
        raise DataImportError(f"not UTF-8 text (byte {exc.start}); save the mapping as UTF-8", file=str(path)) from None
    except OSError as exc:
        raise DataImportError(f"cannot be read ({exc.strerror})", file=str(path)) from None
    if not isinstance(data, dict):
        found = "a list" if isinstance(data, list) else type(data).__name__ if data is not None else "empty"
        raise DataImportError(f"a mapping must be a YAML dictionary (key: value lines), not {found}", file=str(path))
    for key, kinds in _MAPPING_TYPES.items():
        value = data.get(key)
        if value is not None and (not isinstance(value, kinds) or isinstance(value, bool)):
            want = " or ".join({dict: "a dictionary", int: "a whole number", str: "a name", list: "a list"}[k]
                               for k in kinds)
            raise DataImportError(f"{key!r} must be {want}, not {type(value).__name__}", file=str(path), column=key)
    rows = data.get("header_rows")
    for key, value in (("header_row", data.get("header_row")), ("skip", data.get("skip")),
                       *((("header_rows", r) for r in rows) if isinstance(rows, list) else ())):
        if value is not None and (not isinstance(value, int) or isinstance(value, bool)
                                  or not 0 <= value <= _MAX_HEADER_ROW or (key != "skip" and value < 1)):
            raise DataImportError(f"{key!r} must be a line number from 1 to {_MAX_HEADER_ROW}, not {value!r}",
                                  file=str(path), column=key)
    return data


# --- text files ------------------------------------------------------------------------------


def read_text(path: Path) -> str:
    """The file as UTF-8 text (a BOM is accepted). Another encoding is an error naming the line
    and column of the first undecodable byte, rather than a guess that could garble names."""
    data = Path(path).read_bytes()
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        start = data.rfind(b"\n", 0, exc.start) + 1
        column = None
        if line > 1:
            lines = data[:start].decode("utf-8", "replace").splitlines()
            bad_line = data[start:data.find(b"\n", exc.start) if b"\n" in data[exc.start:] else len(data)]
            width = len(next(csv.reader([bad_line.decode("utf-8", "replace")]), []))
            # the header: the first line as wide as the bad one (preamble lines are narrower)
            header = next((h for h in lines if len(next(csv.reader([h]), [])) == width), lines[0])
            names = [n.strip().lstrip("\ufeff") for n in next(csv.reader([header]), [])]
            before = data[start:exc.start].decode("utf-8", "replace")
            index = len(next(csv.reader([before + "x"]), [""])) - 1
            if 0 <= index < len(names):
                column = names[index]
        raise DataImportError(
            f"not UTF-8 text (byte 0x{data[exc.start]:02X}); save the file as UTF-8 CSV",
            file=str(path), row=line, column=column) from None


def _csv_field_limit() -> int:
    limit = max_cell()
    csv.field_size_limit(max(limit, 1))
    return limit


def csv_rows(path: Path, skip: int = 0) -> tuple[list[str], Iterator[tuple[int, dict[str, str]]]]:
    """Header and ``(line number, row)`` pairs of a CSV, after ``skip`` preamble lines.

    The file is read as a stream (a table of millions of rows does not sit in memory twice), with
    the strict CSV dialect: an unterminated quote, a cell longer than :func:`max_cell`, a row with
    more or fewer cells than the header are errors naming the line, not guesses.
    """
    path = Path(path)
    limit = _csv_field_limit()
    try:
        handle = path.open(encoding="utf-8-sig", newline="")
    except OSError as exc:
        raise DataImportError(f"cannot be read ({exc.strerror})", file=str(path)) from None

    def fail(exc: Exception, line: int) -> DataImportError:
        handle.close()
        if isinstance(exc, UnicodeDecodeError):
            try:
                read_text(path)  # names the line and column of the first bad byte
            except DataImportError as located:
                return located
            return DataImportError(f"not UTF-8 text ({exc.reason}); save the file as UTF-8 CSV", file=str(path))
        text = str(exc)
        if "field larger than field limit" in text:
            return DataImportError(f"a cell longer than {limit:,} characters (raise the limit with "
                                   "TALENTFLOW_MAX_CELL)", file=str(path), row=line)
        if "unexpected end of data" in text or "EOF" in text:
            return DataImportError("a quoted cell is never closed (unterminated \"); check the quotes",
                                   file=str(path), row=line)
        return DataImportError(f"not a valid CSV row ({text})", file=str(path), row=line)

    reader = csv.reader(handle, strict=True)
    try:
        for _ in range(skip):
            if not handle.readline():
                break
        header = [h.strip() for h in next(reader)]
    except StopIteration:
        handle.close()
        raise DataImportError("the file is empty", file=str(path), row=1) from None
    except (csv.Error, UnicodeDecodeError) as exc:
        raise fail(exc, skip + reader.line_num + 1) from None
    header_line = skip + reader.line_num
    named = len(header)
    while named and not header[named - 1]:
        named -= 1  # trailing empty header cells (a trailing comma) need no value

    def rows() -> Iterator[tuple[int, dict[str, str]]]:
        with handle:
            while True:
                start = skip + reader.line_num + 1  # the line the next row begins on
                try:
                    cells = next(reader)
                except StopIteration:
                    return
                except (csv.Error, UnicodeDecodeError) as exc:
                    raise fail(exc, start) from None
                if not any(c.strip() for c in cells):
                    continue
                line = header_line + reader.line_num - 1
                if len(cells) > len(header):
                    raise DataImportError(f"{len(cells)} cells but the header has {len(header)}",
                                          file=str(path), row=line)
                if len(cells) < named:
                    raise DataImportError(
                        f"only {len(cells)} of {named} cells: the row is incomplete (a line break or a "
                        "missing separator?)", file=str(path), row=line, column=header[len(cells)] or None)
                yield line, dict(zip(header, cells + [""] * (len(header) - len(cells)), strict=True))

    return header, rows()


def require_columns(header: list[str], needed: tuple[str, ...] | list[str], path: Path,
                    row: int = 1, sheet: str | None = None) -> None:
    missing = [c for c in needed if c not in header]
    if missing:
        raise DataImportError(
            f"missing column(s) {', '.join(map(repr, missing))} in the header (found: "
            f"{', '.join(h for h in header if h)[:200]})",
            file=str(path), sheet=sheet, row=row, column=missing[0])


# --- workbooks -------------------------------------------------------------------------------


def open_workbook(path: Path):
    """Open an .xlsx with openpyxl, turning the usual failures into clear errors: an encrypted
    workbook (a CFB container, not a zip), a truncated download, a file that is not Excel."""
    import openpyxl

    path = Path(path)
    with path.open("rb") as fh:
        head = fh.read(8)
    if head.startswith(CFB_SIGNATURE):
        raise DataImportError(
            "password-protected (encrypted) workbook or old .xls format: open it in Excel, remove "
            "the password and save as .xlsx", file=str(path))
    if not head.startswith(ZIP_SIGNATURE):
        raise DataImportError("not an .xlsx workbook (no zip signature)", file=str(path))
    try:
        check_zip(path)  # a zip bomb is refused before openpyxl unpacks anything
    except ZipLimitError as exc:
        raise DataImportError(str(exc), file=str(path)) from None
    try:
        wb = openpyxl.load_workbook(path, data_only=True)
    except (zipfile.BadZipFile, EOFError, KeyError, OSError) as exc:
        raise DataImportError(f"damaged or truncated .xlsx ({type(exc).__name__}: {exc})",
                              file=str(path)) from None
    except Exception as exc:  # openpyxl raises bare XML errors for broken parts
        raise DataImportError(f"unreadable .xlsx ({type(exc).__name__}: {str(exc)[:200]})", file=str(path)) from None
    _refuse_uncomputed_formulas(path)
    return wb


_TAG = {b"sheet": re.compile(rb"<sheet\b[^>]*>"), b"rel": re.compile(rb"<Relationship\b[^>]*>")}


def _attr(tag: bytes, name: bytes) -> str:
    m = re.search(rb"(?:^|\s)" + re.escape(name) + rb'="([^"]*)"', tag)
    return m.group(1).decode("utf-8", "replace") if m else ""


_CELL = re.compile(rb'<c\b[^>]*?\br="([A-Z]+)(\d+)"[^>]*>((?:(?!</c>).){0,4000}?)</c>', re.S)


def _refuse_uncomputed_formulas(path: Path) -> None:
    """A formula cell whose result the file does not hold (``=1/0`` written by a program that does
    not calculate) reads as empty; refuse it, naming the sheet and cell, rather than store nothing."""
    from html import unescape

    from talentflow.io.zipguard import read_member

    with zipfile.ZipFile(path) as zf:
        names = set(zf.namelist())
        targets: dict[str, str] = {}
        if "xl/workbook.xml" in names and "xl/_rels/workbook.xml.rels" in names:
            rels = {_attr(t, b"Id"): _attr(t, b"Target")
                    for t in _TAG[b"rel"].findall(read_member(zf, "xl/_rels/workbook.xml.rels"))}
            for tag in _TAG[b"sheet"].findall(read_member(zf, "xl/workbook.xml")):
                target = rels.get(_attr(tag, b"r:id"), "").lstrip("/")
                targets[target if target.startswith("xl/") else f"xl/{target}"] = unescape(_attr(tag, b"name"))
        for member in sorted(n for n in names if n.startswith("xl/worksheets/") and n.endswith(".xml")):
            data = read_member(zf, member)
            if b"<f" not in data:
                continue
            for col, row, body in _CELL.findall(data):
                if b"<f" in body and not re.search(rb"<v>[^<]+</v>", body):
                    raise DataImportError(
                        "a formula without a computed value (the file was saved by a program that does not "
                        "calculate): open it in Excel or LibreOffice, recalculate and save",
                        file=str(path), sheet=targets.get(member, member), row=int(row), column=col.decode())


def pick_sheet(wb: Any, sheet: str | int | None, path: Path):
    if sheet is None:
        return wb.worksheets[0]
    if isinstance(sheet, int):
        try:
            return wb.worksheets[sheet]
        except IndexError:
            raise DataImportError(f"no sheet number {sheet}", file=str(path)) from None
    if sheet not in wb.sheetnames:
        raise DataImportError(f"no sheet {sheet!r} (sheets: {', '.join(wb.sheetnames)})", file=str(path),
                              sheet=sheet)
    return wb[sheet]


def sheet_grid(ws: Any) -> list[list[Any]]:
    """Cell values with merged ranges filled in: a merged header ("2023" over three columns)
    applies to every column under it."""
    grid = [list(r) for r in ws.iter_rows(values_only=True)]
    for rng in ws.merged_cells.ranges:
        value = ws.cell(rng.min_row, rng.min_col).value
        for r in range(rng.min_row, rng.max_row + 1):
            for c in range(rng.min_col, rng.max_col + 1):
                if r - 1 < len(grid) and c - 1 < len(grid[r - 1]):
                    grid[r - 1][c - 1] = value
    return grid


def column_letter(index: int) -> str:
    """0-based column index → spreadsheet letter (0 → A)."""
    from openpyxl.utils import get_column_letter

    return get_column_letter(index + 1)


# --- cells -----------------------------------------------------------------------------------

_MISSING = {"", "..", "...", "…", "n/a", "na", "nan"}
_NUMBER = re.compile(r"^[+-]?\d+(\.\d+)?([eE][+-]?\d+)?$")


def parse_number(raw: Any, where: Location, missing: frozenset[str] | set[str] = frozenset(_MISSING)) -> float | None:
    """A numeric cell → float; blank or a "not available" mark → ``None``; anything else is an
    error at ``where``. Accepts spaces and non-breaking spaces as thousands separators and a
    decimal comma, as Russian-language tables write numbers."""
    if raw is None:
        return None
    if isinstance(raw, bool):
        raise DataImportError(f"{raw!r} is not a number", **where.__dict__)
    if isinstance(raw, int | float):
        value = float(raw)
        if not math.isfinite(value):
            raise DataImportError(f"{raw!r} is not a finite number", **where.__dict__)
        return value
    text = str(raw).strip()
    if text.startswith("#") and text.endswith(("!", "?", "A")) and len(text) <= 8:
        raise DataImportError(f"{text} is a spreadsheet error, not a number (fix the formula)", **where.__dict__)
    if text.lower() in missing:
        return None
    compact = re.sub(r"[\s\u00a0\u202f']", "", text)
    if "," in compact and "." not in compact:
        compact = compact.replace(",", ".")
    if _NUMBER.match(compact):
        value = float(compact)
        if not math.isfinite(value):
            raise DataImportError(f"{text!r} is not a finite number (too large for a float)", **where.__dict__)
        return value
    raise DataImportError(f"{text!r} is not a number", **where.__dict__)


def parse_year(raw: Any, where: Location) -> int | None:
    if raw is None or str(raw).strip() == "":
        return None
    if isinstance(raw, float) and math.isfinite(raw) and raw.is_integer():
        year = int(raw)
    else:
        text = str(raw).strip()
        if not re.fullmatch(r"\d{4}", text):
            raise DataImportError(f"{text[:40]!r} is not a year", **where.__dict__)
        year = int(text)
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise DataImportError(f"year {year} is outside {MIN_YEAR}–{MAX_YEAR}", **where.__dict__)
    return year
