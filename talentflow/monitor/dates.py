"""Calendar months the way the indicator definitions count them.

"A date plus N months" is the same day N calendar months later, clamped to the last day of that
month (31 January + 1 month = 28 or 29 February); "≤" includes the boundary day.

The registry stores every date of an award as a *month key*::

    mk = (year · 12 + month − 1) · 32 + day

Month keys sort like dates, and a month key plus ``32·N`` is "the same day N months later"
before clamping. Because a day never exceeds the length of its own month, the comparison
``e ≤ b + N months`` (clamped) is exactly ``mk(e) ≤ mk(b) + 32·N``: when ``e`` falls in the
target month, ``day(e) ≤ min(day(b), days in month)`` ⟺ ``day(e) ≤ day(b)``. That turns every
cohort rule into one integer comparison, in SQL (any dialect) and in numpy alike, with the
clamping exact. The one case that needs care is a shifted date compared with a fixed date
(``graduation + 12 months ≤ as-of``): :func:`as_of_key` raises the as-of key to day 31 when the
as-of date is the last day of its month, because then every clamped date of that month is ≤ it.
"""

from __future__ import annotations

import calendar
import datetime as dt

import numpy as np


def add_months(d: dt.date, n: int) -> dt.date:
    """``d`` plus ``n`` calendar months, clamped to the end of the target month."""
    index = d.year * 12 + d.month - 1 + n
    year, month = divmod(index, 12)
    month += 1
    return dt.date(year, month, min(d.day, calendar.monthrange(year, month)[1]))


def month_key(d: dt.date | None) -> int | None:
    """The month key of a date (``None`` stays ``None``)."""
    if d is None:
        return None
    return ((d.year * 12 + d.month - 1) << 5) + d.day


def from_month_key(mk: int | None) -> dt.date | None:
    if mk is None:
        return None
    index, day = divmod(int(mk), 32)
    year, month = divmod(index, 12)
    return dt.date(year, month + 1, day)


def as_of_key(d: dt.date) -> int:
    """The key a shifted date is compared with when the right side is the fixed date ``d``.

    ``b + N months ≤ d`` ⟺ ``mk(b) + 32·N ≤ as_of_key(d)``: the same as ``month_key(d)`` except
    on the last day of a month, where any day number of that month (clamped) qualifies."""
    last = calendar.monthrange(d.year, d.month)[1]
    return ((d.year * 12 + d.month - 1) << 5) + (31 if d.day == last else d.day)


def keys_to_days(mk: np.ndarray) -> np.ndarray:
    """Month keys → days since 1970-01-01 (float, NaN where missing), vectorised."""
    mk = np.asarray(mk, dtype="float64")
    ok = ~np.isnan(mk)
    out = np.full(mk.shape, np.nan)
    k = mk[ok].astype("int64")
    months = (k >> 5).astype("int64") - 1970 * 12
    first = months.astype("datetime64[M]").astype("datetime64[D]").astype("int64")
    out[ok] = first + (k & 31) - 1
    return out


def days_between(a: dt.date, b: dt.date) -> int:
    return (b - a).days


#: Days in a year for person-years: the mean Gregorian year, stated in the catalogue.
YEAR_DAYS = 365.25
