"""The results framework reads each year's cohort indicators from one table (not one per indicator).

Why a test: one table per indicator and year meant ~180 indicator tables for the shipped framework
(minutes at a million participants), and a table holding a single indicator could not apply the
links between indicators (a rate shown beside its withheld count)."""

from __future__ import annotations

import datetime as dt

from talentflow.monitor import framework, open_registry, synthetic


class _Counting:
    """The registry, counting the indicator tables the framework asks for."""

    def __init__(self, registry):
        self._registry, self.calls = registry, []

    def __getattr__(self, name):
        return getattr(self._registry, name)

    def indicators(self, day, **kw):
        self.calls.append((day, tuple(kw["indicators"])))
        return self._registry.indicators(day, **kw)


def test_one_table_per_year_and_links_applied(tmp_path):
    synthetic.write_registry(tmp_path / "r.csv", 3000)
    reg = open_registry(f"sqlite:///{tmp_path / 's.db'}")
    reg.import_file(tmp_path / "r.csv")
    counting = _Counting(reg)
    as_of = dt.date(2026, 6, 30)
    rows = framework.results_framework([], counting, as_of, "public")
    cohort_ids = tuple(r.id for r in rows if r.origin == "cohort")
    years = {day.year for day, _ in counting.calls}
    assert len(counting.calls) == len(years)  # one table a year
    assert all(ids == cohort_ids for _, ids in counting.calls)  # holding every cohort indicator
    # every point is the value of the all-programmes cell of that year's public table
    for r in rows:
        for p in r.series:
            table = reg.indicators(min(dt.date(p.year, 12, 31), as_of), by=(), audience="public",
                                   indicators=list(cohort_ids))
            cell = next(c for c in table.cells if c.indicator == r.id and c.group["programme"] == "_T")
            assert not cell.suppressed and cell.value == p.value
