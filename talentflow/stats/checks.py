"""Cross-source checks: where the published record disagrees with itself.

Migration figures reach users through press reports, ministries, the statistics bureau and papers
that cite them; the same quantity often appears with different values. The checks find those
disagreements and keep every side with its quote, so a report can show them instead of silently
picking one. Kinds:

* ``cross_source``: the same quantity (indicator, area, counterpart, year, period, breakdown)
  with different values from different sources;
* ``paper_vs_source``: a secondary source (the reference paper) gives a value that none of the
  primary sources gives;
* ``period_mislabel``: a "whole year" figure equal to another source's part-year figure;
* ``mirror``: the origin's outflow to B against B's inflow from the origin;
* ``breakdown_sum``: parts (education levels, age groups, destinations) that do not add up to
  the total of the same source and period.
"""

from __future__ import annotations

import re
from collections import defaultdict

from talentflow.stats.catalogue import Catalogue, breakdown_dims, load_catalogue
from talentflow.stats.indicators import consensus, find_period_mislabels, persons, source_id, usable
from talentflow.stats.model import Observation
from talentflow.stats.results import Discrepancy

_TOTAL = "_T"


def _norm(o: Observation) -> Observation:
    """The observation with its value in persons where the unit is a head count."""
    p = persons(o)
    if p is None or o.unit == "persons":
        return o
    return o.model_copy(update={"value": p, "unit": "persons"})


def _diff(values: list[float]) -> tuple[float, float]:
    hi, lo = max(values), min(values)
    scale = max(abs(hi), abs(lo))
    return hi - lo, (hi - lo) / scale if scale else 0.0


def _record(kind: str, indicator: str, area: str, period: str, year: int | None,
            obs: list[Observation], threshold: float, note: str = "",
            values: list[float] | None = None, flagged: bool | None = None) -> Discrepancy:
    vals = values if values is not None else [o.value for o in obs]  # type: ignore[misc]
    abs_diff, rel_diff = _diff(vals)
    return Discrepancy(kind=kind, indicator=indicator, area=area, period=period, year=year,
                       observations=obs, abs_diff=abs_diff, rel_diff=rel_diff,
                       flagged=rel_diff > threshold if flagged is None else flagged, note=note)


def _same_quantity(observations: list[Observation], cat: Catalogue, skip: set[int]):
    """Groups of observations of one quantity; undated figures join the latest dated year."""
    dated: dict[tuple, list[Observation]] = defaultdict(list)
    undated: dict[tuple, list[Observation]] = defaultdict(list)
    for o in observations:
        if id(o) in skip:
            continue
        dims = () if cat.ignores_breakdown(o.indicator) else breakdown_dims(o.breakdown)
        rest = (cat.canonical(o.indicator), o.area, o.counterpart or "WLD", o.sex, o.age, o.education,
                o.specialty or "", dims, o.unit)
        if o.year is None:
            undated[rest].append(o)
        else:
            dated[(rest, o.year, o.period)].append(o)
    latest: dict[tuple, tuple] = {}
    for rest, year, period in dated:
        if any("cumulative" in o.flags for o in dated[(rest, year, period)]):
            continue
        best = latest.get(rest)
        if best is None or (period == "Y", year) > (best[2] == "Y", best[1]):
            latest[rest] = (rest, year, period)
    for rest, obs in undated.items():
        for o in obs:
            target = latest.get(rest)
            if target is None or not _attachable(o, target[1]):
                dated[(rest, None, o.period)].append(o)
            else:
                dated[target].append(o)
    for (rest, year, period), obs in dated.items():
        yield rest[0], rest[1], year, period, obs, sum(1 for o in obs if o.year is None)


def _attachable(o: Observation, year: int) -> bool:
    """Whether an undated figure may stand for ``year``: not a cumulative or span figure, and its
    wording names no year clearly older ("statement of the early 2010s")."""
    if "cumulative" in o.flags or o.period not in ("", "Y"):
        return False
    years = [int(y) for y in re.findall(r"\b((?:19|20)\d{2})", f"{o.breakdown} {o.period}")]
    return not years or max(years) >= year - 1


def _value_checks(obs: list[Observation], cat: Catalogue, threshold: float, skip: set[int]) -> list[Discrepancy]:
    secondary = set(cat.secondary_sources)
    out = []
    for indicator, area, year, period, group, n_undated in _same_quantity(obs, cat, skip):
        if len({o.value for o in group}) < 2 or len({source_id(o) for o in group}) < 2:
            continue
        note = f"{n_undated} undated figure(s) compared with the latest year" if n_undated else ""
        papers = [o for o in group if o.source_url in secondary]
        primary = [o for o in group if o.source_url not in secondary]
        primary_values = {o.value for o in primary}
        lone = [o for o in papers if o.value not in primary_values]
        if lone and primary and len(lone) == len(papers):
            out.append(_record("paper_vs_source", indicator, area, period or lone[0].period, year,
                               lone + primary, threshold,
                               note="; ".join(x for x in ("the paper's figure matches none of the other sources", note) if x)))
            if len(primary_values) > 1 and len({source_id(o) for o in primary}) > 1:
                out.append(_record("cross_source", indicator, area, period, year, primary, threshold, note=note))
        else:
            out.append(_record("cross_source", indicator, area, period, year, group, threshold, note=note))
    return out


def _mislabel_checks(obs: list[Observation], cat: Catalogue) -> tuple[list[Discrepancy], set[int]]:
    out, skip = [], set()
    for y, p in find_period_mislabels(obs, cat):
        skip.add(id(y))
        whole = [o for o in obs if o is not y and o.period == "Y" and o.year == y.year
                 and cat.canonical(o.indicator) == cat.canonical(y.indicator) and o.area == y.area
                 and (o.counterpart or "WLD") == (y.counterpart or "WLD") and o.education == y.education
                 and o.age == y.age and not o.specialty and persons(o) is not None
                 and breakdown_dims(o.breakdown) == breakdown_dims(y.breakdown)
                 and source_id(o) != source_id(y) and abs(o.value - y.value) / abs(o.value) > 0.01]  # type: ignore[operator]
        note = (f"{y.source_name or y.source_url} labels {y.year} a figure equal to the {p.period} "
                f"{y.year} figure of {p.source_name or p.source_url}")
        vals = [y.value, *(o.value for o in whole)] if whole else [y.value, p.value]
        out.append(_record("period_mislabel", cat.canonical(y.indicator), y.area, "Y", y.year,
                           [y, p, *whole], 0.0, note=note, values=vals, flagged=True))  # type: ignore[arg-type]
    return out, skip


def _mirror_checks(obs: list[Observation], cat: Catalogue, threshold: float) -> list[Discrepancy]:
    out = []
    for m in cat.mirrors:
        outs, ins = cat.expand([m.outflow]), cat.expand([m.inflow])
        sides: dict[tuple, tuple[list[Observation], list[Observation]]] = defaultdict(lambda: ([], []))
        for o in obs:
            if o.counterpart in (None, "", "WLD") or o.year is None or persons(o) is None:
                continue
            if o.age != _TOTAL or o.education != _TOTAL or o.specialty or breakdown_dims(o.breakdown):
                continue
            if o.indicator in outs:
                sides[(o.area, o.counterpart, o.year, o.period)][0].append(o)
            elif o.indicator in ins:
                sides[(o.counterpart, o.area, o.year, o.period)][1].append(o)
        for (origin, dest, year, period), (a, b) in sorted(sides.items(), key=lambda kv: str(kv[0])):
            if not a or not b:
                continue
            va, ga = consensus([_norm(o) for o in a])
            vb, gb = consensus([_norm(o) for o in b])
            if va == vb:
                continue
            note = (f"{m.outflow} {origin}→{dest} recorded by {origin} vs {m.inflow} recorded by {dest}")
            out.append(_record("mirror", m.outflow, origin, period, year, a + b, threshold, note=note,
                               values=[va, vb]))
    return out


def _partition_checks(obs: list[Observation], cat: Catalogue, threshold: float) -> list[Discrepancy]:
    out = []
    groups: dict[tuple, list[Observation]] = defaultdict(list)
    for o in obs:
        if o.year is None or o.specialty or breakdown_dims(o.breakdown):
            continue
        groups[(source_id(o), cat.canonical(o.indicator), o.area, o.year, o.period, o.unit)].append(o)
    for (_, indicator, area, year, period, unit), group in groups.items():
        for dim, codes in cat.complete_partitions.items():
            others = [d for d in ("education", "age") if d != dim]
            by_rest: dict[tuple, list[Observation]] = defaultdict(list)
            for o in group:
                if o.counterpart in (None, "", "WLD"):
                    by_rest[tuple(getattr(o, d) for d in others)].append(o)
            for parts_all in by_rest.values():
                parts: dict[str, Observation] = {}
                for o in parts_all:
                    if getattr(o, dim) in codes:
                        parts.setdefault(getattr(o, dim), o)
                if len(parts) < 2:
                    continue
                total_part = sum(o.value for o in parts.values())  # type: ignore[misc]
                complete = set(parts) == set(codes)
                if unit == "percent":
                    total_value, totals = 100.0, []
                    tol = max(0.05 * len(parts) + 1e-9, 0.0)
                else:
                    totals = [o for o in parts_all if getattr(o, dim) == _TOTAL]
                    if not totals:
                        continue
                    total_value = totals[0].value  # type: ignore[assignment]
                    tol = max(0.5 * len(parts), threshold * abs(total_value))
                gap = total_part - total_value
                if abs(gap) <= tol or (not complete and gap < 0):
                    continue
                members = list(parts.values()) + totals[:1]
                note = (f"{len(parts)} {dim} parts{'' if complete else ' (incomplete)'} sum to "
                        f"{total_part:,.1f} against {'100 %' if unit == 'percent' else f'a total of {total_value:,.0f}'}")
                out.append(_record("breakdown_sum", indicator, area, period, year, members, threshold,
                                   note=note, values=[total_part, total_value]))
        # destinations: listed parts may be a top-N, so only a sum above the total is wrong
        totals = [o for o in group if o.counterpart in (None, "", "WLD") and o.age == _TOTAL
                  and o.education == _TOTAL and persons(o) is not None]
        parts_cp: dict[str, Observation] = {}
        for o in group:
            if o.counterpart not in (None, "", "WLD") and o.age == _TOTAL and o.education == _TOTAL:
                parts_cp.setdefault(o.counterpart, o)  # type: ignore[arg-type]
        if totals and len(parts_cp) >= 2 and unit != "percent":
            s = sum(o.value for o in parts_cp.values())  # type: ignore[misc]
            t = totals[0].value
            if s - t > max(0.5 * len(parts_cp), threshold * abs(t)):  # type: ignore[operator]
                note = f"{len(parts_cp)} destinations sum to {s:,.0f}, above the total {t:,.0f}"
                out.append(_record("breakdown_sum", indicator, area, period, year,
                                   [*parts_cp.values(), totals[0]], threshold, note=note, values=[s, t]))  # type: ignore[list-item]
    return out


def run_checks(observations: list[Observation], threshold: float = 0.01,
               catalogue: Catalogue | None = None) -> list[Discrepancy]:
    """Every disagreement in ``observations``; ``flagged`` marks those above ``threshold``
    (relative difference, 0.01 = 1 %). Period mislabels are always flagged."""
    cat = catalogue or load_catalogue()
    obs = [_norm(o) for o in observations if usable(o)]
    mislabels, skip = _mislabel_checks(obs, cat)
    found = mislabels + _value_checks(obs, cat, threshold, skip) + _mirror_checks(obs, cat, threshold)
    found += _partition_checks(obs, cat, threshold)
    order = {"paper_vs_source": 0, "period_mislabel": 1, "cross_source": 2, "mirror": 3, "breakdown_sum": 4}
    return sorted(found, key=lambda d: (order.get(d.kind, 9), not d.flagged, d.indicator, d.area, d.year or 0, d.period))


def discrepancy_record(d: Discrepancy) -> dict:
    """A disagreement as a plain record (the JSON of ``talentflow check``)."""
    return {
        "kind": d.kind, "indicator": d.indicator, "area": d.area, "period": d.period, "year": d.year,
        "abs_diff": d.abs_diff, "rel_diff": d.rel_diff, "flagged": d.flagged, "note": d.note,
        "observations": [{"value": o.value, "unit": o.unit, "year": o.year, "period": o.period,
                          "indicator": o.indicator, "source_name": o.source_name, "source_url": o.source_url,
                          "quote": o.quote} for o in d.observations],
    }
