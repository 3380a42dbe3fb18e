"""Country resolution: any name a statistics table may use → ISO 3166-1 alpha-3.

Kazakh and Russian tables name countries in Russian or Kazakh, official or common ("РФ",
"Ресей", "Кыргызская Республика"), international ones in English with their own quirks ("Korea,
Rep."). The shipped alias table (``talentflow/data/countries_aliases.csv``: alias, iso3,
language, kind) covers what ISO does not; pycountry covers every English and ISO name.

Aggregates (world, CIS, EU, "other countries", income groups, UN regions) get codes of their own
that are *not* ISO country codes, and :func:`is_aggregate` tells them apart, so that a total is
never summed with the countries it already contains.
"""

from __future__ import annotations

import csv
import re
from functools import cache
from pathlib import Path

import pycountry

from talentflow.stats.errors import UnknownCountryError

ALIASES_FILE = Path(__file__).resolve().parents[1] / "data" / "countries_aliases.csv"

#: World Bank WDI aggregate codes (regions, income and lending groups): WDI files mix them with
#: countries.
WORLD_BANK_AGGREGATES = frozenset(["AFE", "AFW", "ARB", "CEB", "CSS", "EAP", "EAR", "EAS", "ECA", "ECS", "EMU", "EUU", "FCS", "HIC", "HPC", "IBD", "IBT", "IDA", "IDB", "IDX", "INX", "LAC", "LCN", "LDC", "LIC", "LMC", "LMY", "LTE", "MEA", "MIC", "MNA", "NAC", "OED", "OSS", "PRE", "PSS", "PST", "SAS", "SSA", "SSF", "SST", "TEA", "TEC", "TLA", "TMN", "TSA", "TSS", "UMC", "WLD"])

_UN_REGION = re.compile(r"^UN\d+$")


def _norm(name: str) -> str:
    text = name.casefold().replace("ё", "е").replace("’", "'").replace("\u00a0", " ")
    text = re.sub(r"[\s\"«»*]+", " ", text).strip(" .,;:")
    text = re.sub(r"^the ", "", text)
    return text


@cache
def _table() -> tuple[dict[str, str], frozenset[str]]:
    aliases: dict[str, str] = {}
    aggregates: set[str] = set(WORLD_BANK_AGGREGATES)
    with ALIASES_FILE.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            aliases[_norm(row["alias"])] = row["iso3"]
            if row["kind"] == "aggregate":
                aggregates.add(row["iso3"])
    return aliases, frozenset(aggregates)


def resolve_country(name: str, *, file: str | None = None, row: int | None = None,
                    column: str | None = None, sheet: str | None = None) -> str:
    """ISO alpha-3 (or aggregate code) for a country name, code or abbreviation.

    Raises :class:`UnknownCountryError` naming the file, sheet, row and column given, so the
    importer's caller sees where the unknown name is; a row is never dropped silently."""
    text = _norm(name or "")
    aliases, _ = _table()
    if text in aliases:
        return aliases[text]
    upper = (name or "").strip().upper()
    if upper in _table()[1]:
        return upper
    if text:
        try:
            return pycountry.countries.lookup((name or "").strip()).alpha_3
        except LookupError:
            pass
    raise UnknownCountryError(name, file=file, sheet=sheet, row=row, column=column)


def from_m49(code: int | str) -> str:
    """UN M49 numeric code → ISO alpha-3 for a country (ISO numeric codes are M49 codes), or
    ``UN<code>`` for a region or group (``900`` world → ``WLD``)."""
    number = int(str(code).strip())
    if number == 900:
        return "WLD"
    country = pycountry.countries.get(numeric=f"{number:03d}")
    if country is not None:
        return country.alpha_3
    return f"UN{number}"


def is_aggregate(code: str | None) -> bool:
    """True for world, groups and regions: codes whose value already contains countries."""
    if not code:
        return False
    return code in _table()[1] or bool(_UN_REGION.match(code))


def aggregates() -> frozenset[str]:
    """The aggregate codes known by name (UN region codes ``UN<m49>`` come on top)."""
    return _table()[1]
