"""UN DESA International Migrant Stock, destination × origin workbook (2020 edition layout).

``Table 1``: title and notes rows, a row of merged block titles ("… (both sexes)", "… (males)",
"… (females)"), then the header: ``Index``, ``Region, development group, country or area of
destination``, ``Notes of destination``, ``Location code of destination``, ``Type of data of
destination``, the same three for origin, and one column per year in each block. ``..`` marks a
missing value. Rows for regions, development and income groups are mixed with the countries;
their M49 codes become ``UN<code>`` aggregate codes (``900`` → ``WLD``), so they are kept but
never summed with the countries they contain.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from talentflow.stats.countries import from_m49
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

SOURCE_NAME = "United Nations, Department of Economic and Social Affairs, Population Division (2020). International Migrant Stock 2020"
SOURCE_URL = "https://www.un.org/development/desa/pd/content/international-migrant-stock"


def _find(header: list, *words: str) -> int | None:
    for i, cell in enumerate(header):
        text = str(cell or "").lower()
        if all(w in text for w in words):
            return i
    return None


class UNDESAImporter(Importer):
    kind = "undesa"
    suffixes = (".xlsx",)

    @classmethod
    def sniff(cls, path: Path, head: bytes) -> bool:
        name = path.name.lower()
        return path.suffix.lower() == ".xlsx" and ("ims_stock" in name or "migrantstock" in name.replace("_", ""))

    def read(self, path: Path) -> Iterator[Record]:
        path = Path(path)
        wb = open_workbook(path)
        sheet = self.mapping.get("sheet") or self.opts.get("sheet") or ("Table 1" if "Table 1" in wb.sheetnames else None)
        ws = pick_sheet(wb, sheet, path)
        grid = sheet_grid(ws)
        hrow = next((i for i, r in enumerate(grid[:40]) if _find(list(r), "location code", "destination") is not None),
                    None)
        if hrow is None:
            raise DataImportError("no header row with 'Location code of destination' in the first 40 rows",
                                  file=str(path), sheet=ws.title)
        header = list(grid[hrow])
        cols = {
            "dest_name": _find(header, "destination", "country"), "dest_code": _find(header, "location code", "destination"),
            "orig_name": _find(header, "origin", "country"), "orig_code": _find(header, "location code", "origin"),
            "type": _find(header, "type of data"),
        }
        for name in ("dest_code", "orig_code"):
            if cols[name] is None:
                raise DataImportError(f"no '{'Location code of origin' if name == 'orig_code' else name}' column",
                                      file=str(path), sheet=ws.title, row=hrow + 1)
        above = grid[hrow - 1] if hrow > 0 else [None] * len(header)
        years = []
        for c, cell in enumerate(header):
            text = str(cell).strip() if cell is not None else ""
            if re.fullmatch(r"\d{4}(\.0)?", text):
                block = str(above[c] or "").lower() if c < len(above) else ""
                sex = "F" if "female" in block else "M" if "male" in block else "_T"
                years.append((c, int(float(text)), sex))
        if not years:
            raise DataImportError("no year columns in the header", file=str(path), sheet=ws.title, row=hrow + 1)
        for r in range(hrow + 1, len(grid)):
            row = grid[r]
            line = r + 1
            dest_raw, orig_raw = row[cols["dest_code"]], row[cols["orig_code"]]
            if dest_raw in (None, "") and orig_raw in (None, ""):
                continue  # blank or footnote row below the table
            codes = []
            for key, raw in (("dest_code", dest_raw), ("orig_code", orig_raw)):
                try:
                    codes.append(from_m49(int(float(str(raw).strip()))))
                except ValueError:
                    raise DataImportError(f"{raw!r} is not an M49 location code", file=str(path), sheet=ws.title,
                                          row=line, column=column_letter(cols[key])) from None
            dest, orig = codes
            dname = str(row[cols["dest_name"]] or "").strip() if cols["dest_name"] is not None else dest
            oname = str(row[cols["orig_name"]] or "").strip() if cols["orig_name"] is not None else orig
            dtype = str(row[cols["type"]] or "").strip() if cols["type"] is not None else ""
            for c, year, sex in years:
                raw = row[c] if c < len(row) else None
                where = Location(str(path), ws.title, line, column_letter(c))
                value = parse_number(raw, where)
                if value is None:
                    continue  # ".." — not available, not a figure
                raw_text = f"{raw:.0f}" if isinstance(raw, float) and raw.is_integer() else str(raw)
                yield Observation(
                    indicator="international_migrant_stock", area=dest, counterpart=orig, year=year,
                    period="Y", sex=sex, value=value, unit="persons", source_name=SOURCE_NAME,
                    source_url=SOURCE_URL, source_table=f"{path.name}: {ws.title}",
                    quote=f"{dname} ← {oname}, {year}, {({'_T': 'both sexes', 'M': 'males', 'F': 'females'})[sex]}: {raw_text}",
                    breakdown=f"type_of_data={dtype}" if dtype else "", topic="stock",
                ), where
