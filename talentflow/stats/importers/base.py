"""What every importer shares: the contract, safe file opening and cell parsing.

An importer turns one file into ``(Observation, Location)`` pairs and raises
:class:`~talentflow.stats.errors.DataImportError` naming file, sheet, row and column for
anything it cannot read. It never writes: the store checks the whole file and then writes it in
one transaction, so an importer error cannot leave half a file in the store.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from abc import ABC, abstractmethod
from collections.abc import Iterator
from pathlib import Path
from typing import Any, ClassVar

import yaml

from talentflow.stats.errors import DataImportError, Location
from talentflow.stats.model import Observation

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

    @classmethod
    def sniff(cls, path: Path, head: bytes) -> bool:
        """Whether this importer recognises the file from its name and first bytes."""
        return False

    @abstractmethod
    def read(self, path: Path) -> Iterator[Record]:
        """Observations of the file with the place each was read from."""

    def dataset_name(self, path: Path) -> str:
        return f"{self.kind}/{Path(path).name}"


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
    if not isinstance(data, dict):
        raise DataImportError("a mapping must be a YAML dictionary", file=str(path))
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


def csv_rows(path: Path, skip: int = 0) -> tuple[list[str], Iterator[tuple[int, dict[str, str]]]]:
    """Header and ``(line number, row)`` pairs of a CSV, after ``skip`` preamble lines."""
    text = read_text(path)
    lines = io.StringIO(text, newline="")
    for _ in range(skip):
        lines.readline()
    reader = csv.reader(lines)
    try:
        header = [h.strip() for h in next(reader)]
    except StopIteration:
        raise DataImportError("the file is empty", file=str(path), row=1) from None
    header_line = skip + reader.line_num

    def rows() -> Iterator[tuple[int, dict[str, str]]]:
        for cells in reader:
            if not any(c.strip() for c in cells):
                continue
            line = header_line + reader.line_num - 1
            if len(cells) > len(header):
                raise DataImportError(f"{len(cells)} cells but the header has {len(header)}",
                                      file=str(path), row=line)
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
    head = path.read_bytes()[:8]
    if head.startswith(CFB_SIGNATURE):
        raise DataImportError(
            "password-protected (encrypted) workbook or old .xls format: open it in Excel, remove "
            "the password and save as .xlsx", file=str(path))
    if not head.startswith(ZIP_SIGNATURE):
        raise DataImportError("not an .xlsx workbook (no zip signature)", file=str(path))
    try:
        return openpyxl.load_workbook(path, data_only=True)
    except (zipfile.BadZipFile, EOFError, KeyError, OSError) as exc:
        raise DataImportError(f"damaged or truncated .xlsx ({type(exc).__name__}: {exc})",
                              file=str(path)) from None
    except Exception as exc:  # openpyxl raises bare XML errors for broken parts
        raise DataImportError(f"unreadable .xlsx ({type(exc).__name__}: {exc})", file=str(path)) from None


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
        return float(raw)
    text = str(raw).strip()
    if text.lower() in missing:
        return None
    compact = re.sub(r"[\s\u00a0\u202f']", "", text)
    if "," in compact and "." not in compact:
        compact = compact.replace(",", ".")
    if _NUMBER.match(compact):
        return float(compact)
    raise DataImportError(f"{text!r} is not a number", **where.__dict__)


def parse_year(raw: Any, where: Location) -> int | None:
    if raw is None or str(raw).strip() == "":
        return None
    if isinstance(raw, float) and raw.is_integer():
        return int(raw)
    text = str(raw).strip()
    if re.fullmatch(r"\d{4}", text):
        return int(text)
    raise DataImportError(f"{text!r} is not a year", **where.__dict__)
