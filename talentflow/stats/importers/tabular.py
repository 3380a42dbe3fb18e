"""Any CSV or XLSX table with one figure per row, read through a column mapping.

Mapping (YAML file or CLI options)::

    sheet: Data            # xlsx only; first sheet when absent
    header_row: 1          # 1-based line of the header
    columns:               # observation field → header text (or column letter in xlsx)
      area: Country
      year: Year
      value: Value
    constants:             # fields that are the same for every row
      indicator: emigrants_permanent
      unit: persons
      source_url: https://stat.gov.kz/…

Without a mapping, columns named like the observation fields are used as they are (the data
package layout, and the sourced-figure layout with ``geo``/``partner``).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from talentflow.stats.countries import resolve_country
from talentflow.stats.errors import DataImportError, Location
from talentflow.stats.importers.base import (
    Importer,
    Record,
    column_letter,
    csv_rows,
    open_workbook,
    parse_number,
    parse_year,
    pick_sheet,
    require_columns,
)
from talentflow.stats.model import FLAGS, Observation
from talentflow.stats.schema import OBSERVATION_FIELDS

ALIASES = {"geo": "area", "partner": "counterpart"}
COUNTRY_FIELDS = ("area", "counterpart")


class _TableImporter(Importer):
    def _columns(self, header: list[str]) -> dict[str, str]:
        columns = self.mapping.get("columns")
        if columns:
            return {str(k): str(v) for k, v in columns.items()}
        found = {}
        for h in header:
            name = ALIASES.get(h, h)
            if name in OBSERVATION_FIELDS:
                found[name] = h
        return found

    def _required(self, columns: dict[str, str]) -> list[str]:
        constants = self.mapping.get("constants") or {}
        return [f for f in ("indicator", "area", "value") if f not in columns and f not in constants]

    def _observation(self, cells: dict[str, Any], columns: dict[str, str], where: Location,
                     path: Path) -> Observation:
        data: dict[str, Any] = {k: v for k, v in (self.mapping.get("constants") or {}).items()}
        for field, col in columns.items():
            raw = cells.get(col)
            at = Location(where.file, where.sheet, where.row, col)
            if field == "value":
                data["value"] = parse_number(raw, at)
            elif field == "year":
                data["year"] = parse_year(raw, at)
            elif field == "flags":
                flags = [f.strip() for f in str(raw or "").split(";") if f.strip()]
                bad = [f for f in flags if f not in FLAGS]
                if bad:
                    raise DataImportError(f"unknown flag(s) {', '.join(bad)}", **at.__dict__)
                data["flags"] = flags
            elif field in COUNTRY_FIELDS:
                text = "" if raw is None else str(raw).strip()
                if text:
                    data[field] = resolve_country(text, file=where.file, sheet=where.sheet, row=where.row, column=col)
                elif field == "area":
                    raise DataImportError("empty country cell", **at.__dict__)
            elif raw not in (None, ""):
                data[field] = raw if field in ("breakdown", "quote", "source_name", "period") else str(raw).strip()
        if isinstance(data.get("flags"), str):
            data["flags"] = [f for f in data["flags"].split(";") if f]
        for field in ("indicator",):
            if not data.get(field):
                raise DataImportError(f"empty {field}", file=where.file, sheet=where.sheet, row=where.row,
                                      column=columns.get(field))
        data.setdefault("source_table", path.name)
        if not data.get("quote"):
            data["quote"] = "; ".join(f"{k}={v}" for k, v in cells.items() if v not in (None, ""))
        try:
            return Observation(**{k: v for k, v in data.items() if k in Observation.model_fields})
        except Exception as exc:  # pydantic validation: a cell of the wrong kind
            raise DataImportError(f"invalid row: {exc}", **where.__dict__) from None


class CSVImporter(_TableImporter):
    kind = "csv"
    suffixes = (".csv", ".tsv", ".txt")

    @classmethod
    def sniff(cls, path: Path, head: bytes) -> bool:
        return path.suffix.lower() in cls.suffixes

    def read(self, path: Path) -> Iterator[Record]:
        path = Path(path)
        skip = int(self.mapping.get("header_row", 1)) - 1
        header, rows = csv_rows(path, skip=skip)
        columns = self._columns(header)
        require_columns(header, [c for c in columns.values()], path, row=skip + 1)
        missing = self._required(columns)
        if missing:
            raise DataImportError(f"no column for {', '.join(missing)} (give a mapping)", file=str(path),
                                  row=skip + 1, column=missing[0])
        for line, row in rows:
            where = Location(str(path), None, line)
            yield self._observation(row, columns, where, path), where


class XLSXImporter(_TableImporter):
    kind = "xlsx"
    suffixes = (".xlsx", ".xlsm")

    @classmethod
    def sniff(cls, path: Path, head: bytes) -> bool:
        return path.suffix.lower() in cls.suffixes

    def read(self, path: Path) -> Iterator[Record]:
        path = Path(path)
        wb = open_workbook(path)
        ws = pick_sheet(wb, self.mapping.get("sheet", self.opts.get("sheet")), path)
        hrow = int(self.mapping.get("header_row", 1))
        rows = list(ws.iter_rows(values_only=True))
        if len(rows) < hrow:
            raise DataImportError("no header row", file=str(path), sheet=ws.title, row=hrow)
        header = ["" if c is None else str(c).strip() for c in rows[hrow - 1]]
        columns = self._columns(header)
        letters = {column_letter(i): h for i, h in enumerate(header)}
        columns = {f: letters.get(c, c) if c not in header else c for f, c in columns.items()}
        require_columns(header, list(columns.values()), path, row=hrow, sheet=ws.title)
        missing = self._required(columns)
        if missing:
            raise DataImportError(f"no column for {', '.join(missing)} (give a mapping)", file=str(path),
                                  sheet=ws.title, row=hrow, column=missing[0])
        for i, values in enumerate(rows[hrow:], start=hrow + 1):
            if all(v is None or str(v).strip() == "" for v in values):
                continue
            cells = {h: v for h, v in zip(header, values, strict=False) if h}
            where = Location(str(path), ws.title, i)
            yield self._observation(cells, columns, where, path), where
