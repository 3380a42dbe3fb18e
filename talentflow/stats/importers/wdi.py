"""World Bank World Development Indicators CSV, in both layouts users download.

* The bulk download ``API_<code>_DS2_en_csv_v2_*.csv``: four preamble rows ("Data Source",
  "Last Updated Date", a blank), then ``Country Name, Country Code, Indicator Name, Indicator
  Code, 1960, 1961, …``; an empty cell is a missing value.
* The DataBank export: ``Country Name, Country Code, Series Name, Series Code, 2020 [YR2020],
  …``; ``..`` is a missing value, and the file ends with blank lines and "Data from database:" /
  "Last Updated:" notes, which are not data. Regions and income groups are rows like any country; their codes
are aggregates (:func:`~talentflow.stats.countries.is_aggregate`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from talentflow.stats.countries import resolve_country
from talentflow.stats.errors import DataImportError, Location
from talentflow.stats.importers.base import (
    Importer,
    Record,
    csv_rows,
    parse_number,
    read_text,
    require_columns,
)
from talentflow.stats.model import Observation

INDICATORS = {
    "SM.POP.TOTL": "international_migrant_stock",
    "SM.POP.TOTL.ZS": "international_migrant_stock_share",
    "SM.POP.NETM": "net_migration",
    "SM.POP.REFG": "refugees_by_asylum_country",
    "SM.POP.REFG.OR": "refugees_by_origin",
    "SP.POP.TOTL": "population",
    "GB.XPD.RSDV.GD.ZS": "rd_expenditure_gdp",
    "SP.POP.SCIE.RD.P6": "researchers_per_million",
}
SOURCE_NAME = "World Bank, World Development Indicators"
ID_COLUMNS = ("Country Name", "Country Code", "Indicator Name", "Indicator Code")
DATABANK_COLUMNS = ("Country Name", "Country Code", "Series Name", "Series Code")
_YEAR = re.compile(r"(\d{4})(?: \[YR\d{4}\])?")


def unit_for(name: str) -> str:
    """Unit from the parenthesised end of a WDI indicator name ("(% of population)")."""
    m = re.search(r"\(([^()]*)\)\s*$", name)
    if not m:
        return "persons"
    unit = m.group(1).strip()
    return "percent" if unit.startswith("%") else unit


class WDIImporter(Importer):
    kind = "wdi"
    suffixes = (".csv",)

    @classmethod
    def sniff(cls, path: Path, head: bytes) -> bool:
        start = head.lstrip(b"\xef\xbb\xbf").lstrip(b'"')
        return (start.startswith(b"Data Source") or b'"Country Name","Country Code"' in head[:400]
                or start.startswith(b"Country Name,Country Code,Series Name,Series Code"))

    def read(self, path: Path) -> Iterator[Record]:
        path = Path(path)
        text = read_text(path)
        skip = 0
        for i, line in enumerate(text.splitlines()[:10]):
            if line.lstrip('"').startswith("Country Name"):
                skip = i
                break
        else:
            raise DataImportError("no 'Country Name, Country Code, Indicator Name, Indicator Code' header "
                                  "in the first 10 lines", file=str(path), row=1)
        header, rows = csv_rows(path, skip=skip)
        databank = all(c in header for c in DATABANK_COLUMNS)
        name_col, code_col = ("Series Name", "Series Code") if databank else ("Indicator Name", "Indicator Code")
        require_columns(header, DATABANK_COLUMNS if databank else ID_COLUMNS, path, row=skip + 1)
        years = [(h, int(m.group(1))) for h in header if (m := _YEAR.fullmatch(h.strip()))]
        if not years:
            raise DataImportError("no year columns (1960 … or 2020 [YR2020] …) in the header", file=str(path),
                                  row=skip + 1)
        for line, row in rows:
            code = (row.get(code_col) or "").strip()
            if databank and not code and not (row.get("Country Code") or "").strip():
                continue  # the blank lines and "Data from database" notes at the end of an export
            area = resolve_country(row["Country Code"], file=str(path), row=line, column="Country Code")
            indicator = INDICATORS.get(code, code.lower().replace(".", "_"))
            unit = unit_for(row[name_col])
            for column, year in years:
                raw = row.get(column, "")
                where = Location(str(path), None, line, column)
                value = parse_number(raw, where, missing={"", ".."})
                if value is None:
                    continue
                yield Observation(
                    indicator=indicator, area=area, year=year, period="Y", value=value, unit=unit,
                    source_name=SOURCE_NAME,
                    source_url=f"https://data.worldbank.org/indicator/{code}",
                    source_table=f"{path.name}: {code} ({row[name_col].strip()})",
                    quote=f"{row['Country Name'].strip()}; {row[name_col].strip()}; {year}: {raw.strip()}",
                    topic="wdi",
                ), where
