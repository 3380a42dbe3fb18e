"""What a published figure can be: the checks every imported observation passes, per unit.

An importer reads cells; this module says whether the observation they make is a figure at all,
before anything reaches the store. A value that cannot be published is refused with the place it
came from, never stored: infinity (``1e309`` overflows a float) and NaN break every sum after
them; a negative head count, a share above 100 % or the year 0 are typing errors that would
otherwise be carried into indicators and charts without a word.

Differences are the exception the rules need: net migration, a balance, a gain or a growth rate
may be negative, and a gain or a ratio may pass 100 %. Such an indicator says so in its id
(``net_migration_external``, ``ytt_last_author_publication_gain``).
"""

from __future__ import annotations

import math
import re

from talentflow.limits import MAX_YEAR, MIN_YEAR
from talentflow.stats.errors import DataImportError, Location
from talentflow.stats.model import Observation

#: Indicator ids that name a difference or a change: their values may be negative.
_DIFFERENCE = re.compile(r"(^|_)(net|balance|change|gain|growth|increase|decrease|decline|diff|difference|delta)(_|$)")
#: ... and a percent of those (or of a ratio, such as a gross enrolment ratio) may pass 100.
_OVER_HUNDRED = re.compile(r"(^|_)(net|balance|change|gain|growth|increase|decrease|decline|diff|difference|"
                           r"delta|ratio|index)(_|$)")
PERCENT_UNITS = {"percent", "%", "pct"}


def _at(where: Location | None, column: str) -> dict:
    where = where or Location()
    return {"file": where.file, "sheet": where.sheet, "row": where.row, "column": where.column or column}


def check_value(value: float | None, where: Location | None = None) -> None:
    """A finite number or nothing."""
    if value is not None and not math.isfinite(value):
        raise DataImportError(f"{value!r} is not a finite number (an overflow such as 1e309, or NaN)",
                              **_at(where, "value"))


def check_observation(o: Observation, where: Location | None = None) -> Observation:
    """``o`` when it can be a published figure, else a :class:`DataImportError` at ``where``."""
    value = o.value
    check_value(value, where)
    indicator = o.indicator.lower()
    unit = (o.unit or "").strip().lower()
    if value is not None and value < 0 and not _DIFFERENCE.search(indicator):
        raise DataImportError(
            f"negative value {value:g} {o.unit} for {o.indicator!r}: a count or share cannot be below "
            "zero (only net, balance, change, gain or growth indicators can)", **_at(where, "value"))
    if (value is not None and unit in PERCENT_UNITS and not 0 <= value <= 100
            and not _OVER_HUNDRED.search(indicator)):
        raise DataImportError(f"{value:g} percent is outside 0–100 for {o.indicator!r}", **_at(where, "value"))
    if o.year is not None and not MIN_YEAR <= o.year <= MAX_YEAR:
        raise DataImportError(f"year {o.year} is outside {MIN_YEAR}–{MAX_YEAR}", **_at(where, "year"))
    if not o.indicator.strip():
        raise DataImportError("empty indicator", **_at(where, "indicator"))
    if not o.area.strip():
        raise DataImportError("empty area", **_at(where, "area"))
    return o
