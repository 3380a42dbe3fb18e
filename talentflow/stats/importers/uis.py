"""UNESCO Institute for Statistics bulk data download (BDDS) files.

A BDDS download is a set of CSVs sharing a prefix: ``<X>_DATA_NATIONAL.csv`` (``INDICATOR_ID,
COUNTRY_ID, YEAR, VALUE, MAGNITUDE, QUALIFIER``), ``<X>_LABEL.csv`` (indicator labels) and
``<X>_COUNTRY.csv`` (country names). UIS marks "not applicable" with ``MAGNITUDE=NA`` and a
VALUE of 0, which must not be read as zero students; suppressed cells arrive blank.
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
    parse_year,
    require_columns,
)
from talentflow.stats.model import Observation

#: UIS mobility codes → catalogue indicators. ``5T8`` is ISCED 5 to 8 (tertiary); ``40510``
#: is the UIS suffix for "both sexes, all ages" series.
INDICATORS = {
    "OE.5T8.40510": ("outbound_students", "persons"),
    "MOR.5T8.40510": ("outbound_mobility_ratio", "percent"),
    "IE.5T8.40510": ("inbound_students", "persons"),
    "MENF.5T8.40510": ("inbound_mobility_ratio", "percent"),
}
SOURCE_NAME = "UNESCO Institute for Statistics (UIS), bulk data download service"
SOURCE_URL = "https://databrowser.uis.unesco.org/resources/bulk"
COLUMNS = ("INDICATOR_ID", "COUNTRY_ID", "YEAR", "VALUE", "MAGNITUDE", "QUALIFIER")


def indicator_for(code: str) -> tuple[str, str]:
    """Catalogue id and unit for a UIS code; unknown codes keep their own id (lower-cased)."""
    if code in INDICATORS:
        return INDICATORS[code]
    unit = "percent" if re.match(r"^(MOR|MENF|GER|NER|.*RATIO)", code) else "persons"
    return code.lower(), unit


class UISImporter(Importer):
    kind = "uis"
    suffixes = (".csv",)

    @classmethod
    def sniff(cls, path: Path, head: bytes) -> bool:
        return path.name.upper().endswith("_DATA_NATIONAL.CSV") or head.lstrip(b"\xef\xbb\xbf").startswith(
            b"INDICATOR_ID,COUNTRY_ID")

    def _labels(self, path: Path) -> dict[str, str]:
        prefix = re.sub(r"_DATA_NATIONAL$", "", path.stem, flags=re.I)
        label = path.with_name(f"{prefix}_LABEL.csv")
        if not label.is_file():
            return {}
        header, rows = csv_rows(label)
        require_columns(header, ("INDICATOR_ID", "INDICATOR_LABEL_EN"), label)
        return {r["INDICATOR_ID"].strip(): r["INDICATOR_LABEL_EN"].strip() for _, r in rows}

    def read(self, path: Path) -> Iterator[Record]:
        path = Path(path)
        labels = self._labels(path)
        header, rows = csv_rows(path)
        require_columns(header, COLUMNS[:4], path)
        for line, row in rows:
            where = Location(str(path), None, line)

            def at(column: str, where: Location = where) -> Location:
                return Location(where.file, None, where.row, column)

            code = row["INDICATOR_ID"].strip()
            if not code:
                raise DataImportError("empty indicator id", **at("INDICATOR_ID").__dict__)
            area = resolve_country(row["COUNTRY_ID"], file=str(path), row=line, column="COUNTRY_ID")
            year = parse_year(row["YEAR"], at("YEAR"))
            magnitude = (row.get("MAGNITUDE") or "").strip().upper()
            qualifier = (row.get("QUALIFIER") or "").strip()
            flags = []
            value = parse_number(row["VALUE"], at("VALUE"), missing={""})
            if magnitude == "NA":
                value, flags = None, ["not_applicable"]
            elif value is None:
                flags = ["suppressed"]
            if qualifier:
                flags.append("estimated")
            indicator, unit = indicator_for(code)
            raw_line = ",".join(row.get(c, "") for c in header)
            yield Observation(
                indicator=indicator, area=area, year=year, period="Y",
                education="ED5T8" if ".5T8." in code else "_T", value=value, unit=unit,
                source_name=SOURCE_NAME, source_url=SOURCE_URL,
                source_table=f"{path.name}: {code}" + (f" ({labels[code]})" if code in labels else ""),
                quote=raw_line, flags=flags, topic="students",
                breakdown=f"qualifier={qualifier}" if qualifier else "",
            ), where
