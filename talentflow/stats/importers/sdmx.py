"""SDMX data: SDMX-CSV (``DATAFLOW``/``STRUCTURE``, dimensions, ``TIME_PERIOD``, ``OBS_VALUE``,
``OBS_STATUS`` …) and SDMX-ML read with the ``sdmx1`` package.

Dimension ids differ between providers (``REF_AREA`` everywhere, but the partner country is
``COUNTERPART_AREA`` at the IMF, ``PARTNER`` at Eurostat/OECD …), so which dimension fills which
observation field is configuration: ``dimensions`` in a mapping file, on top of the defaults
below. Dimensions not mapped are kept in ``breakdown`` as ``ID=code``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from talentflow.stats.countries import resolve_country
from talentflow.stats.errors import DataImportError, Location
from talentflow.stats.importers.base import Importer, Record, csv_rows, parse_number, require_columns
from talentflow.stats.model import Observation

DEFAULT_DIMENSIONS = {
    "REF_AREA": "area", "GEO": "area",
    "COUNTERPART_AREA": "counterpart", "PARTNER": "counterpart", "CITIZEN": "counterpart",
    "SEX": "sex", "AGE": "age", "EDUCATION_LEV": "education", "ISCED11": "education",
    "INDICATOR": "indicator", "UNIT_MEASURE": "unit", "UNIT": "unit",
}
#: SDMX cross-domain OBS_STATUS codes → flags.
STATUS_FLAGS = {
    "E": "estimated", "I": "estimated", "P": "provisional", "B": "break", "F": "projection",
    "M": "not_applicable", "C": "suppressed", "N": "suppressed", "L": "suppressed",
}
_SKIP = {"DATAFLOW", "STRUCTURE", "STRUCTURE_ID", "STRUCTURE_NAME", "ACTION", "TIME_PERIOD", "OBS_VALUE",
         "OBS_STATUS", "OBS_FLAG", "CONF_STATUS", "COMMENT_OBS", "DECIMALS", "UNIT_MULT"}


def parse_time(text: str, where: Location) -> tuple[int, str]:
    """SDMX TIME_PERIOD → (year, period): 2020 → Y, 2020-Q1 → Q1, 2020-S1 → H1, 2020-03 or
    2020-M03 → M3."""
    t = text.strip()
    patterns = (
        (r"(\d{4})(?:-A1)?", lambda m: "Y"),
        (r"(\d{4})-Q([1-4])", lambda m: f"Q{m.group(2)}"),
        (r"(\d{4})-S([12])", lambda m: f"H{m.group(2)}"),
        (r"(\d{4})-M?(\d{2})", lambda m: f"M{int(m.group(2))}"),
    )
    for pattern, period in patterns:
        m = re.fullmatch(pattern, t)
        if m:
            return int(m.group(1)), period(m)
    raise DataImportError(f"{t!r} is not an SDMX time period (2020, 2020-Q1, 2020-S1, 2020-03)",
                          **{**where.__dict__, "column": "TIME_PERIOD"})


class SDMXImporter(Importer):
    kind = "sdmx"
    suffixes = (".csv", ".xml")

    @classmethod
    def sniff(cls, path: Path, head: bytes) -> bool:
        first = head.split(b"\n", 1)[0]
        if path.suffix.lower() == ".xml":
            return b"sdmx" in head.lower()
        return b"OBS_VALUE" in first and b"TIME_PERIOD" in first

    @property
    def dimensions(self) -> dict[str, str]:
        return {**DEFAULT_DIMENSIONS, **(self.mapping.get("dimensions") or {})}

    def read(self, path: Path) -> Iterator[Record]:
        path = Path(path)
        if path.suffix.lower() == ".xml":
            yield from self._read_ml(path)
            return
        header, rows = csv_rows(path)
        require_columns(header, ("TIME_PERIOD", "OBS_VALUE"), path)
        if not ({"DATAFLOW", "STRUCTURE_ID"} & set(header)) and "indicator" not in self.mapping:
            raise DataImportError("neither a DATAFLOW/STRUCTURE_ID column nor an 'indicator' in the mapping",
                                  file=str(path), row=1, column="DATAFLOW")
        for line, row in rows:
            yield self._observation(row, Location(str(path), None, line), path), Location(str(path), None, line)

    def _read_ml(self, path: Path) -> Iterator[Record]:
        import sdmx

        try:
            msg = sdmx.read_sdmx(path)
        except Exception as exc:  # sdmx1 raises many kinds of XML/format errors
            raise DataImportError(f"not readable as SDMX-ML ({type(exc).__name__}: {exc})", file=str(path)) from None
        n = 0
        for ds in getattr(msg, "data", []):
            flow = getattr(getattr(ds, "structured_by", None), "id", None) or ""
            for obs in ds.obs:
                n += 1
                row: dict[str, Any] = {k: str(v.value) for k, v in obs.key.values.items()}
                row["TIME_PERIOD"] = row.pop("TIME_PERIOD", "")
                row["OBS_VALUE"] = "" if obs.value is None else str(obs.value)
                for k, v in (obs.attached_attribute or {}).items():
                    row[k] = str(getattr(v, "value", v))
                row.setdefault("DATAFLOW", flow)
                where = Location(str(path), None, n)  # the n-th observation of the message
                yield self._observation(row, where, path), where

    def _observation(self, row: dict[str, Any], where: Location, path: Path) -> Observation:
        dims = self.dimensions
        fields: dict[str, Any] = {}
        rest = []
        for col, raw in row.items():
            if col in _SKIP or raw is None:
                continue
            value = str(raw).strip()
            target = dims.get(col)
            if target is None:
                if value:
                    rest.append(f"{col}={value}")
                continue
            codes = (self.mapping.get("codes") or {}).get(col) or {}
            value = str(codes.get(value, value))
            if target in ("area", "counterpart"):
                value = resolve_country(value, file=where.file, row=where.row, column=col)
            fields[target] = value
        if "area" not in fields:
            raise DataImportError("no reference area (REF_AREA or a mapped dimension)", **where.__dict__)
        year, period = parse_time(str(row.get("TIME_PERIOD") or ""), where)
        value = parse_number(row.get("OBS_VALUE"), Location(where.file, None, where.row, "OBS_VALUE"),
                             missing={"", "NaN", "nan"})
        status = str(row.get("OBS_STATUS") or "").strip()
        flags = [STATUS_FLAGS[status]] if status in STATUS_FLAGS else []
        if value is None and not flags:
            flags = ["suppressed"]
        flow = str(row.get("DATAFLOW") or row.get("STRUCTURE_ID") or "")
        indicator = fields.pop("indicator", None) or self.mapping.get("indicator") or flow.split(":")[-1].split("(")[0]
        unit = fields.pop("unit", None) or self.mapping.get("unit") or "persons"
        quote = ", ".join(f"{k}={v}" for k, v in row.items() if v not in (None, ""))
        return Observation(
            indicator=str(indicator).lower(), year=year, period=period, value=value, unit=unit,
            source_name=self.mapping.get("source_name") or f"SDMX data flow {flow}",
            source_url=self.mapping.get("source_url"), source_table=f"{path.name}: {flow}",
            quote=quote, flags=flags, breakdown=";".join(rest), topic=self.mapping.get("topic", ""),
            **fields,
        )
