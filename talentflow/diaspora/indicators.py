"""Engagement indicators for the results framework, with small counts suppressed.

Called by the monitoring results framework (``talentflow/monitor``) and by the command line::

    from talentflow.diaspora import engagement_indicators
    cells = engagement_indicators(store, as_of=date(2027, 12, 31), audience="public")

Indicators (each cell: indicator, group, value, numerator, denominator, suppressed, why):

- ``diaspora_requests_posted`` — requests posted, by year (count);
- ``diaspora_requests_matched_30d`` — share of requests with an invitation accepted within 30 days
  of posting, by year of posting, among requests posted at least 30 days before ``as_of`` (rate);
- ``diaspora_engagements`` — engagements by kind, by the expert's country and by start year (count);
- ``diaspora_repeat_engagements`` — engagements that are an expert's second or later (count);
- ``diaspora_experts_active`` — distinct experts with an engagement running in the year (count).

Engagements count only when the expert had consented to statistics when it began (``counted``);
an erased expert's engagements stay counted but are never repeats (the link is gone).

Disclosure control for ``audience="public"`` follows the monitoring package's rule and setting
(``$TALENTFLOW_DISCLOSURE_THRESHOLD``, default 10): a count below the threshold is withheld, a
rate whose numerator or denominator is below it is withheld, and where one cell of a breakdown
is withheld the next smallest is withheld too, so the total minus the others never gives it back.
"""

from __future__ import annotations

import os
from collections import Counter, defaultdict
from dataclasses import asdict, dataclass, field
from datetime import date, timedelta
from typing import Any

import sqlalchemy as sa

from talentflow.diaspora import schema as t

THRESHOLD_ENV = "TALENTFLOW_DISCLOSURE_THRESHOLD"
DEFAULT_THRESHOLD = 10
TOTAL = "total"


def default_threshold() -> int:
    raw = os.environ.get(THRESHOLD_ENV)
    return int(raw) if raw and raw.strip().isdigit() else DEFAULT_THRESHOLD


@dataclass
class Cell:
    indicator: str
    kind: str  # count | rate
    group: dict[str, str]
    numerator: int
    denominator: int | None = None
    value: float | None = None
    suppressed: bool = False
    why: str | None = None
    meta: dict[str, Any] = field(default_factory=dict)


def _count_cells(name: str, dim: str, counter: Counter) -> list[Cell]:
    cells = [Cell(name, "count", {dim: str(k)}, n, value=n) for k, n in sorted(counter.items(), key=lambda x: str(x[0]))]
    total = sum(counter.values())
    cells.append(Cell(name, "count", {dim: TOTAL}, total, value=total))
    return cells


def compute(conn: sa.Connection, as_of: date) -> list[Cell]:
    """All cells, unsuppressed (the analyst's view)."""
    reqs = conn.execute(sa.select(t.request.c.id, t.request.c.posted_at)).all()
    first_accept: dict[int, Any] = {}
    for rid, at in conn.execute(sa.select(t.invitation.c.request_id, t.invitation.c.responded_at)
                                .where(t.invitation.c.status == "accepted")):
        if at is not None and (rid not in first_accept or at < first_accept[rid]):
            first_accept[rid] = at
    posted = Counter()
    rate_num: Counter = Counter()
    rate_den: Counter = Counter()
    for rid, at in reqs:
        if at.date() > as_of:
            continue
        posted[at.year] += 1
        acc = first_accept.get(rid)
        within = acc is not None and (acc - at) <= timedelta(days=30) and acc.date() <= as_of
        if at.date() + timedelta(days=30) <= as_of or within:
            rate_den[at.year] += 1
            rate_num[at.year] += int(within)
    cells = _count_cells("diaspora_requests_posted", "year", posted)
    for y in sorted(rate_den) + [TOTAL]:
        num = sum(rate_num.values()) if y == TOTAL else rate_num[y]
        den = sum(rate_den.values()) if y == TOTAL else rate_den[y]
        cells.append(Cell("diaspora_requests_matched_30d", "rate", {"year": str(y)}, num, den,
                          round(num / den, 4) if den else None))
    engs = conn.execute(sa.select(t.engagement.c.id, t.engagement.c.profile_id, t.engagement.c.kind,
                                  t.engagement.c.expert_country, t.engagement.c.start, t.engagement.c.end)
                        .where(t.engagement.c.counted.is_(True), t.engagement.c.start <= as_of)
                        .order_by(t.engagement.c.start, t.engagement.c.id)).all()
    cells += _count_cells("diaspora_engagements", "kind", Counter(e.kind for e in engs))
    cells += _count_cells("diaspora_engagements", "country", Counter(e.expert_country or "unknown" for e in engs))
    cells += _count_cells("diaspora_engagements", "year", Counter(e.start.year for e in engs))
    seen: set[int] = set()
    repeats: Counter = Counter()
    for e in engs:
        if e.profile_id is not None and e.profile_id in seen:
            repeats[e.start.year] += 1
        if e.profile_id is not None:
            seen.add(e.profile_id)
    cells += _count_cells("diaspora_repeat_engagements", "year", repeats)
    active: dict[int, set] = defaultdict(set)
    for e in engs:
        if e.profile_id is None:
            continue
        last = min(e.end or as_of, as_of)
        for y in range(e.start.year, last.year + 1):
            active[y].add(e.profile_id)
    cells += [Cell("diaspora_experts_active", "count", {"year": str(y)}, len(s), value=len(s))
              for y, s in sorted(active.items())]
    return cells


def suppress(cells: list[Cell], threshold: int) -> list[Cell]:
    """Primary then secondary suppression within each (indicator, dimension) breakdown."""
    for c in cells:
        small = c.numerator < threshold or (c.kind == "rate" and (c.denominator or 0) < threshold)
        if small:
            c.suppressed, c.why = True, "primary"
    groups: dict[tuple[str, str], list[Cell]] = defaultdict(list)
    for c in cells:
        groups[(c.indicator, next(iter(c.group)))].append(c)
    for members in groups.values():
        if not any(m.group[next(iter(m.group))] == TOTAL for m in members):
            continue  # no additive total published alongside: nothing to derive
        while sum(m.suppressed for m in members) == 1:
            shown = [m for m in members if not m.suppressed and next(iter(m.group.values())) != TOTAL]
            pick = min(shown, key=lambda m: (m.numerator, str(m.group))) if shown else next(
                (m for m in members if not m.suppressed), None)
            if pick is None:
                break
            pick.suppressed, pick.why = True, "secondary"
    for c in cells:
        if c.suppressed:
            c.value = None
            c.numerator = None  # type: ignore[assignment]
            c.denominator = None
    return cells


def engagement_indicators(store: Any = None, *, as_of: date | None = None, audience: str = "public",
                          threshold: int | None = None) -> list[dict[str, Any]]:
    """The engagement indicators as plain dicts; ``audience="public"`` applies disclosure control,
    ``"analyst"`` returns every count. ``store``: a path, URL, ``None`` (default store) or an open
    :class:`~talentflow.diaspora.directory.Directory`."""
    from talentflow.diaspora.directory import Directory, open_directory

    if audience not in ("public", "analyst"):
        raise ValueError(f"audience {audience!r}: public or analyst")
    d = store if isinstance(store, Directory) else open_directory(store)
    try:
        with d.engine.connect() as conn:
            cells = compute(conn, as_of or date.today())
    finally:
        if d is not store:
            d.close()
    if audience == "public":
        cells = suppress(cells, default_threshold() if threshold is None else threshold)
    return [{**asdict(c), "audience": audience} for c in cells]
