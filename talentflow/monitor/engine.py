"""The cohort indicator engine: every catalogue indicator for every group in one SQL pass.

Each condition of the catalogue compiles to one integer comparison on month keys (see
:mod:`talentflow.monitor.dates` for why that is exact with month-end clamping), each indicator
to two ``SUM(CASE …)`` columns, and all indicators for all groups to a single ``GROUP BY`` over
the award table, plus one join for publications — set-based, the same SQL on SQLite and
PostgreSQL. Margins (totals over cohorts, programmes, …) are sums of the finest groups' counts,
done in Python on a few hundred rows.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

import sqlalchemy as sa

from talentflow.monitor import schema
from talentflow.monitor.catalogue import CohortCatalogue, CohortIndicator, Condition, Side
from talentflow.monitor.dates import YEAR_DAYS, as_of_key, month_key

#: Columns of the award table behind each date field of the catalogue.
DATE_COLUMN = {"start_date": "start_mk", "graduation_date": "graduation_mk", "return_date": "return_mk",
               "employment_start": "employment_mk", "exit_date": "exit_mk"}
#: Dimensions a group can be broken down by (programme is always one).
DIMENSIONS = ("programme", "cohort", "level", "host_country", "field")
TOTAL = "_T"


@dataclass
class Cell:
    """One indicator for one group: counts, value, and whether it is withheld from publication.

    ``persons`` is the number of participants behind the value (the denominator of a rate, the
    count itself, the contributing returnees of a per-person-year rate): what disclosure
    control tests against the threshold together with the numerator."""

    indicator: str
    group: dict[str, object]
    numerator: float | None
    denominator: float | None
    persons: int
    value: float | None
    suppressed: bool = False
    why: str = ""  # primary | secondary

    def key(self) -> tuple:
        return (self.indicator, *[self.group.get(d, None) for d in DIMENSIONS])


@dataclass
class IndicatorTable:
    """All cells of one computation, with what it was computed on."""

    as_of: dt.date
    by: tuple[str, ...]
    cells: list[Cell]
    catalogue: CohortCatalogue
    synthetic: list[str] = field(default_factory=list)
    audience: str = "analyst"
    threshold: int | None = None


def _cond(c: Condition, award: sa.Table, as_of: dt.date) -> sa.ColumnElement[bool]:
    left, right = c.sides()
    lcol = award.c[DATE_COLUMN[left.name]] if left.kind == "date" else award.c[left.name]
    lexpr = lcol + 32 * left.months if left.months else lcol
    rexpr = _side(right, award, as_of, shifted_left=bool(left.months))
    if c.op == "in":
        expr = lcol.in_(list(right.value))
    else:
        expr = {
            "<=": lambda a, b: a <= b, "<": lambda a, b: a < b, ">=": lambda a, b: a >= b,
            ">": lambda a, b: a > b, "==": lambda a, b: a == b, "!=": lambda a, b: a != b,
        }[c.op](lexpr, rexpr)
    if c.if_missing:
        expr = sa.or_(lcol.is_(None), expr)
    return expr


def _side(s: Side, award: sa.Table, as_of: dt.date, shifted_left: bool) -> sa.ColumnElement | object:
    if s.kind == "as_of":
        return sa.literal(as_of_key(as_of) if shifted_left else month_key(as_of))
    if s.kind == "date":
        col = award.c[DATE_COLUMN[s.name]]
        return col + 32 * s.months if s.months else col
    if s.kind == "category":
        return award.c[s.name]
    return sa.literal(s.value)


def _all(conds: Sequence[Condition], award: sa.Table, as_of: dt.date) -> sa.ColumnElement[bool]:
    if not conds:
        return sa.true()
    return sa.and_(*[_cond(c, award, as_of) for c in conds])


def _count(expr: sa.ColumnElement[bool]) -> sa.ColumnElement[int]:
    """``COUNT(*) FILTER (WHERE expr)``: SQLite ≥ 3.30 and PostgreSQL evaluate it without a CASE."""
    return sa.func.count().filter(expr)


#: Columns holding the same dates as days since 1970-01-01 (for spans).
DAY_COLUMN = {k: v.replace("_mk", "_day") for k, v in DATE_COLUMN.items()}


def _span_days(ind: CohortIndicator, award: sa.Table, as_of: dt.date) -> sa.ColumnElement:
    """Days from the span's start to the earliest of its ends, per participant."""
    assert ind.span is not None
    ends: list[sa.ColumnElement] = []
    for f in ind.span.to:
        ends.append(sa.literal((as_of - dt.date(1970, 1, 1)).days) if f == "as_of" else award.c[DAY_COLUMN[f]])
    end = ends[0]
    for other in ends[1:]:
        end = sa.case((sa.and_(other.is_not(None), other < end), other), else_=end)
    return end - award.c[DAY_COLUMN[ind.span.from_]]


def _span_end(ind: CohortIndicator, award: sa.Table, as_of: dt.date) -> sa.ColumnElement:
    """The month key where each participant's span ends: the earliest of the span's ends."""
    assert ind.span is not None
    ends: list[sa.ColumnElement] = []
    for f in ind.span.to:
        ends.append(sa.literal(month_key(as_of)) if f == "as_of" else award.c[DATE_COLUMN[f]])
    expr = ends[0]
    for other in ends[1:]:
        expr = sa.case((sa.and_(other.is_not(None), other < expr), other), else_=expr)
    return expr


def compute(conn: sa.Connection, catalogue: CohortCatalogue, as_of: dt.date,
            by: Sequence[str] = ("cohort",), indicators: Sequence[str] | None = None,
            programmes: Sequence[str] | None = None) -> IndicatorTable:
    """Every indicator for the finest groups (programme × ``by``) and their margins.

    ``programmes``: only the awards of these programme codes are read (the web application passes
    an operator's own programme here, so a filter in the query, not in the page, limits it)."""
    by = tuple(d for d in DIMENSIONS if d == "programme" or d in by)
    award, prog = schema.award, schema.programme
    group_cols = [award.c.programme_id if d == "programme" else award.c[d] for d in by]
    chosen = [i for i in catalogue.indicators if indicators is None or i.id in indicators]
    columns: list[sa.ColumnElement] = []
    for ind in chosen:
        if ind.kind == "rate":
            den = _all(ind.denominator, award, as_of)
            columns += [_count(den), _count(sa.and_(den, _all(ind.numerator, award, as_of)))]
        elif ind.kind == "count":
            columns += [_count(_all(ind.conditions, award, as_of))]
        else:
            pop = _all(ind.population, award, as_of)
            columns += [_count(pop), sa.func.sum(_span_days(ind, award, as_of)).filter(pop)]
    only = None
    if programmes is not None:
        only = award.c.programme_id.in_(sa.select(prog.c.id).where(prog.c.code.in_(list(programmes))))
    q = sa.select(*group_cols, *columns).group_by(*group_cols)
    if only is not None:
        q = q.where(only)
    rows = conn.execute(q).all()
    codes = dict(conn.execute(sa.select(prog.c.id, prog.c.code)).all())
    synthetic = sorted(code for (code,) in conn.execute(sa.select(prog.c.code).where(prog.c.synthetic == 1))
                       if programmes is None or code in programmes)

    pubs: dict[str, dict[tuple, int]] = {}
    any_pubs = conn.execute(sa.select(schema.publication.c.id).limit(1)).first() is not None
    for ind in chosen:
        if ind.kind != "per_person_year":
            continue
        if not any_pubs:  # no publication at all: every count is 0, and the join would still scan the awards
            pubs[ind.id] = {}
            continue
        pt = schema.publication
        assert ind.span is not None
        start = award.c[DATE_COLUMN[ind.span.from_]]
        end = _span_end(ind, award, as_of)
        pq = (sa.select(*group_cols, sa.func.count())
              .select_from(award.join(pt, pt.c.participant_id == award.c.participant_id))
              .where(_all(ind.population, award, as_of), pt.c.date_mk >= start, pt.c.date_mk <= end)
              .group_by(*group_cols))
        if only is not None:
            pq = pq.where(only)
        pubs[ind.id] = {tuple(r[:len(by)]): int(r[len(by)]) for r in conn.execute(pq)}

    # finest groups: additive counts per indicator
    counts: dict[tuple, dict[str, tuple[float, float]]] = {}
    for r in rows:
        g = tuple(r[:len(by)])
        vals = r[len(by):]
        pos = 0
        per: dict[str, tuple[float, float]] = {}
        for ind in chosen:
            if ind.kind == "rate":
                per[ind.id] = (float(vals[pos] or 0), float(vals[pos + 1] or 0))
                pos += 2
            elif ind.kind == "count":
                per[ind.id] = (float(vals[pos] or 0), float(vals[pos] or 0))
                pos += 1
            else:
                persons, days = float(vals[pos] or 0), float(vals[pos + 1] or 0)
                per[ind.id] = (persons, days)
                per[ind.id + "#pubs"] = (float(pubs[ind.id].get(g, 0)), 0.0)
                pos += 2
        counts[g] = per
    labelled = {tuple(codes[v] if d == "programme" else v for d, v in zip(by, g, strict=True)): per
                for g, per in counts.items()}
    cells = _cells(labelled, by, chosen)
    return IndicatorTable(as_of, by, cells, catalogue, synthetic)


def _cells(counts: dict[tuple, dict[str, tuple[float, float]]], by: tuple[str, ...],
           chosen: Sequence[CohortIndicator]) -> list[Cell]:
    """Cells for every group and every margin (each subset of dimensions replaced by the total)."""
    margins: dict[tuple, dict[str, list[float]]] = defaultdict(lambda: defaultdict(lambda: [0.0, 0.0]))
    for g, per in counts.items():
        for mask in itertools.product((False, True), repeat=len(by)):
            key = tuple(TOTAL if m else v for v, m in zip(g, mask, strict=True))
            acc = margins[key]
            for name, (a, b) in per.items():
                acc[name][0] += a
                acc[name][1] += b
    out: list[Cell] = []
    for key in sorted(margins, key=lambda k: tuple((v == TOTAL, str(v)) for v in k)):
        acc = margins[key]
        group = dict(zip(by, key, strict=True))
        for ind in chosen:
            a, b = acc[ind.id]
            if ind.kind == "rate":
                den, num = int(a), int(b)
                out.append(Cell(ind.id, group, num, den, den, num / den if den else None))
            elif ind.kind == "count":
                out.append(Cell(ind.id, group, int(a), None, int(a), int(a)))
            else:
                persons, days = int(a), b
                npubs = int(acc[ind.id + "#pubs"][0])
                years = days / YEAR_DAYS
                out.append(Cell(ind.id, group, npubs, round(years, 6), persons, npubs / years if years else None))
    return out
