"""Disclosure control of published (non-analyst) indicator tables.

Primary suppression withholds every count below the threshold and every rate whose numerator
or denominator (for publications per returnee-year: publications or returnees) is below it.
Secondary suppression then makes sure no withheld cell can be worked out from the cells still
shown: within one indicator's table, every additive relation — the cells of one dimension's
categories and their total, the other dimensions held fixed — must have either no withheld
member or at least two, so "total minus the others" never gives one back. Where a relation has
exactly one, the smallest shown part (by persons) is withheld too, or the total when no part is
left, and the check repeats until nothing changes. Indicators declared ``linked`` in the
catalogue (a count that is the complement of a rate's numerator) are withheld together.

This is the standard hierarchical heuristic, not an optimal (linear-programming) pattern: it
may withhold a little more than needed, never less on these relations.
"""

from __future__ import annotations

import os
from collections import defaultdict

from talentflow.monitor.engine import TOTAL, Cell, IndicatorTable

THRESHOLD_ENV = "TALENTFLOW_DISCLOSURE_THRESHOLD"
DEFAULT_THRESHOLD = 10


def default_threshold() -> int:
    """The setting: ``$TALENTFLOW_DISCLOSURE_THRESHOLD``, else 10."""
    raw = os.environ.get(THRESHOLD_ENV)
    return int(raw) if raw and raw.strip().isdigit() else DEFAULT_THRESHOLD


def primary(cell: Cell, kind: str, threshold: int) -> bool:
    if kind == "count":
        return (cell.numerator or 0) < threshold
    if kind == "rate":
        return (cell.numerator or 0) < threshold or (cell.denominator or 0) < threshold
    return (cell.numerator or 0) < threshold or cell.persons < threshold


def suppress(table: IndicatorTable, threshold: int | None = None) -> IndicatorTable:
    """Mark the cells to withhold (in place) and return the table, audience ``public``."""
    t = default_threshold() if threshold is None else threshold
    kinds = {i.id: i.kind for i in table.catalogue.indicators}
    links = {i.id: set(i.linked) for i in table.catalogue.indicators}
    for i in table.catalogue.indicators:  # links go both ways
        for other in i.linked:
            links.setdefault(other, set()).add(i.id)
    for c in table.cells:
        if primary(c, kinds[c.indicator], t):
            c.suppressed, c.why = True, "primary"
    by = table.by
    by_indicator: dict[str, list[Cell]] = defaultdict(list)
    index: dict[tuple, Cell] = {}
    for c in table.cells:
        by_indicator[c.indicator].append(c)
        index[(c.indicator, *[c.group[d] for d in by])] = c
    changed = True
    while changed:
        changed = False
        for cells in by_indicator.values():
            for d_pos in range(len(by)):
                relations: dict[tuple, list[Cell]] = defaultdict(list)
                for c in cells:
                    key = tuple(c.group[d] for j, d in enumerate(by) if j != d_pos)
                    relations[key].append(c)
                for members in relations.values():
                    if len(members) < 2:
                        continue
                    hidden = [m for m in members if m.suppressed]
                    if len(hidden) != 1:
                        continue
                    parts = [m for m in members if not m.suppressed and m.group[by[d_pos]] != TOTAL]
                    shown_total = [m for m in members if not m.suppressed and m.group[by[d_pos]] == TOTAL]
                    pick = min(parts, key=lambda m: (m.persons, str(m.group))) if parts else (
                        shown_total[0] if shown_total else None)
                    if pick is not None:
                        pick.suppressed, pick.why = True, "secondary"
                        changed = True
        for c in table.cells:
            if not c.suppressed:
                continue
            for other in links.get(c.indicator, ()):
                twin = index.get((other, *[c.group[d] for d in by]))
                if twin is not None and not twin.suppressed:
                    twin.suppressed, twin.why = True, "secondary"
                    changed = True
    table.audience = "public"
    table.threshold = t
    return table
