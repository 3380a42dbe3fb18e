"""The definitions read literally: a per-participant Python loop over real dates.

This is the second, independent reading of the catalogue — ``datetime`` dates and
:func:`~talentflow.monitor.dates.add_months` instead of month keys and SQL — used by the tests to
check the SQL engine on generated registries, and by the benchmark as the baseline a
straightforward implementation would be.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence

import sqlalchemy as sa

from talentflow.monitor import schema
from talentflow.monitor.catalogue import CohortCatalogue, Condition, Side
from talentflow.monitor.dates import YEAR_DAYS, add_months, from_month_key
from talentflow.monitor.engine import DATE_COLUMN, DIMENSIONS, Cell, IndicatorTable, _cells


def _value(side: Side, person: dict, as_of: dt.date) -> object:
    if side.kind == "as_of":
        return as_of
    if side.kind == "date":
        d = person[side.name]
        if d is None:
            return None
        return add_months(d, side.months) if side.months else d
    if side.kind == "category":
        return person[side.name]
    return side.value


def holds(c: Condition, person: dict, as_of: dt.date) -> bool:
    left_side, right_side = c.sides()
    left = _value(left_side, person, as_of)
    right = _value(right_side, person, as_of)
    if left is None:
        return c.if_missing
    if right is None:
        return False
    if c.op == "in":
        return left in right
    return {"<=": left <= right, "<": left < right, ">=": left >= right, ">": left > right,  # type: ignore[operator]
            "==": left == right, "!=": left != right}[c.op]


def _all(conds: Sequence[Condition], person: dict, as_of: dt.date) -> bool:
    return all(holds(c, person, as_of) for c in conds)


def compute_reference(conn: sa.Connection, catalogue: CohortCatalogue, as_of: dt.date,
                      by: Sequence[str] = ("cohort",)) -> IndicatorTable:
    """The same table as :func:`talentflow.monitor.engine.compute`, one participant at a time."""
    by = tuple(d for d in DIMENSIONS if d == "programme" or d in by)
    award, prog, pub = schema.award, schema.programme, schema.publication
    codes = dict(conn.execute(sa.select(prog.c.id, prog.c.code)).all())
    synthetic = sorted(code for (code,) in conn.execute(sa.select(prog.c.code).where(prog.c.synthetic == 1)))
    publications: dict[int, list[dt.date]] = defaultdict(list)
    for pid, mk in conn.execute(sa.select(pub.c.participant_id, pub.c.date_mk)):
        publications[pid].append(from_month_key(mk))
    fields = {name: award.c[col] for name, col in DATE_COLUMN.items()}
    q = sa.select(award.c.participant_id, award.c.programme_id, award.c.cohort, award.c.level,
                  award.c.host_country, award.c.field, award.c.status, award.c.obligation_status,
                  *fields.values())
    counts: dict[tuple, dict[str, list[float]]] = defaultdict(lambda: defaultdict(lambda: [0.0, 0.0]))
    for r in conn.execute(q):
        person = {"participant_id": r[0], "programme": codes[r[1]], "cohort": r[2], "level": r[3],
                  "host_country": r[4], "field": r[5], "status": r[6], "obligation_status": r[7]}
        for name, mk in zip(fields, r[8:], strict=True):
            person[name] = from_month_key(mk)
        g = tuple(person[d] for d in by)
        acc = counts[g]
        for ind in catalogue.indicators:
            if ind.kind == "rate":
                if _all(ind.denominator, person, as_of):
                    acc[ind.id][0] += 1
                    if _all(ind.numerator, person, as_of):
                        acc[ind.id][1] += 1
            elif ind.kind == "count":
                if _all(ind.conditions, person, as_of):
                    acc[ind.id][0] += 1
                    acc[ind.id][1] += 1
            elif _all(ind.population, person, as_of):
                assert ind.span is not None
                start = person[ind.span.from_]
                ends = [as_of if f == "as_of" else person[f] for f in ind.span.to]
                end = min(e for e in ends if e is not None)
                acc[ind.id][0] += 1
                acc[ind.id][1] += (end - start).days
                n = sum(1 for d in publications.get(person["participant_id"], []) if start <= d <= end)
                acc[ind.id + "#pubs"][0] += n
    finest = {g: {k: (v[0], v[1]) for k, v in per.items()} for g, per in counts.items()}
    for per in finest.values():
        for ind in catalogue.indicators:
            per.setdefault(ind.id, (0.0, 0.0))
            if ind.kind == "per_person_year":
                per.setdefault(ind.id + "#pubs", (0.0, 0.0))
    cells: list[Cell] = _cells(finest, by, catalogue.indicators)
    return IndicatorTable(as_of, by, cells, catalogue, synthetic)


__all__ = ["YEAR_DAYS", "compute_reference", "holds"]
