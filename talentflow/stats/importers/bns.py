"""Tables of national statistics offices (BNS Kazakhstan style) through a declarative mapping.

Such tables are made for reading, not for machines: Russian (or Kazakh) headers over two or
three rows with merged cells ("2023" spanning "прибыло / выбыло"), country or group names in
the first column with footnote marks ("Россия¹"), notes below the table. The mapping file says
where things are (see ``talentflow/data/mappings/bns-emigration-by-country.yaml``)::

    sheet: "1"                  # name or 0-based index
    header_rows: [3, 4]         # 1-based rows that make the column headers
    label_column: A             # the row labels (countries, education levels …)
    label_field: counterpart    # which observation field the labels fill
    labels: {}                  # optional label → code map (education names → ISCED …)
    skip_labels: ["Всего"]      # optional labels that are not rows of the table
    stop_at: ["Примечание", "*"]  # a label starting with one of these ends the table
    columns:                    # header words → fields, matched against each column's header path
      "прибыло": {indicator: immigrants_permanent}
      "выбыло":  {indicator: emigrants_permanent}
    year_from_header: true      # a four-digit year in the header path is the year
    constants: {area: KAZ, unit: persons, period: Y, source_name: …, source_url: …}

Cells: ``-`` is "no cases" (zero) in Russian statistical tables, ``…``/``..`` "no data" (no
figure), ``x`` "not applicable", ``к``/``конф.`` confidential (kept as suppressed).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from openpyxl.utils import column_index_from_string

from talentflow.stats.countries import resolve_country
from talentflow.stats.errors import DataImportError, Location
from talentflow.stats.importers.base import (
    Importer,
    Record,
    column_letter,
    open_workbook,
    parse_number,
    pick_sheet,
    sheet_grid,
)
from talentflow.stats.model import Observation

_FOOTNOTE_MARKS = re.compile(r"[\s\d¹²³⁴⁵⁶⁷⁸⁹⁰*)]+$")
_DASHES = {"-", "–", "—"}
_NA = {"x", "х"}  # Latin and Cyrillic
_CONFIDENTIAL = {"к", "конф", "конф.", "c"}


def _cell_text(v: Any) -> str:
    if v is None:
        return ""
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v).strip()


class BNSImporter(Importer):
    kind = "bns"
    suffixes = (".xlsx",)

    def read(self, path: Path) -> Iterator[Record]:
        path = Path(path)
        m = self.mapping
        if not m:
            raise DataImportError("a BNS table needs a mapping file (--mapping), see talentflow/data/mappings/",
                                  file=str(path))
        for key in ("header_rows", "label_column"):
            if key not in m:
                raise DataImportError(f"the mapping has no {key!r}", file=str(path))
        wb = open_workbook(path)
        ws = pick_sheet(wb, m.get("sheet"), path)
        grid = sheet_grid(ws)
        header_rows = [int(r) for r in m["header_rows"]]
        if max(header_rows) > len(grid):
            raise DataImportError("the sheet ends before the header rows of the mapping", file=str(path),
                                  sheet=ws.title, row=max(header_rows))
        label_col = column_index_from_string(str(m["label_column"])) - 1
        label_field = m.get("label_field", "counterpart")
        constants = dict(m.get("constants") or {})
        rules = {str(k).lower(): dict(v or {}) for k, v in (m.get("columns") or {}).items()}
        stop_at = [str(s) for s in m.get("stop_at", ["Примечание", "Примечания", "*", "Источник", "Ескертпе"])]
        skip = {str(s).lower() for s in m.get("skip_labels", [])}
        labels = {str(k): v for k, v in (m.get("labels") or {}).items()}

        width = max(len(grid[r - 1]) for r in header_rows)
        value_cols: list[tuple[int, dict[str, Any], str]] = []
        for c in range(width):
            if c == label_col:
                continue
            parts = [_cell_text(grid[r - 1][c]) if c < len(grid[r - 1]) else "" for r in header_rows]
            parts = [p for p in parts if p]
            if not parts:
                continue
            path_text = " / ".join(dict.fromkeys(parts))
            fields: dict[str, Any] = {}
            for word, extra in rules.items():
                if any(word in p.lower() for p in parts):
                    fields.update(extra)
            if m.get("year_from_header", True):
                years = [int(y) for p in parts for y in re.findall(r"(?<!\d)(19\d\d|20\d\d)(?!\d)", p)]
                if years:
                    fields["year"] = years[0]
            if rules and not (set(fields) - {"year"}):
                continue  # a column the mapping does not ask for
            value_cols.append((c, fields, path_text))
        if not value_cols:
            raise DataImportError("no value columns match the mapping's 'columns' / years in the header rows",
                                  file=str(path), sheet=ws.title, row=header_rows[-1])

        first = int(m.get("data_start", max(header_rows) + 1))
        for r in range(first - 1, len(grid)):
            row = grid[r]
            line = r + 1
            label = _cell_text(row[label_col] if label_col < len(row) else None)
            values = [row[c] if c < len(row) else None for c, _, _ in value_cols]
            if not label and all(_cell_text(v) == "" for v in values):
                continue
            if any(label.startswith(s) for s in stop_at):
                break
            clean = _FOOTNOTE_MARKS.sub("", label).strip() if label_field in ("area", "counterpart") else label
            if clean.lower() in skip:
                continue
            if not clean:
                raise DataImportError("a row with figures but no label", file=str(path), sheet=ws.title, row=line,
                                      column=column_letter(label_col))
            code = labels.get(clean, labels.get(label))
            if code is None:
                if label_field in ("area", "counterpart"):
                    code = resolve_country(clean, file=str(path), sheet=ws.title, row=line,
                                           column=column_letter(label_col))
                else:
                    code = clean
            for (c, fields, header_text), raw in zip(value_cols, values, strict=True):
                where = Location(str(path), ws.title, line, column_letter(c))
                text = _cell_text(raw)
                flags: list[str] = []
                if text in _DASHES:
                    value: float | None = 0.0
                elif text.lower() in _NA:
                    value, flags = None, ["not_applicable"]
                elif text.lower() in _CONFIDENTIAL:
                    value, flags = None, ["suppressed"]
                else:
                    value = parse_number(raw, where)
                    if value is None:
                        continue
                data = {**constants, **fields, label_field: code}
                if "indicator" not in data:
                    raise DataImportError("the mapping gives no indicator for this column", **where.__dict__)
                data.setdefault("source_table", f"{path.name}: {ws.title}")
                yield Observation(
                    **{k: v for k, v in data.items() if k in Observation.model_fields and k != "flags"},
                    value=value, flags=[*data.get("flags", []), *flags],
                    quote=f"{label} | {header_text}: {text}",
                ), where
