"""Cross-source checks: where the published record disagrees with itself — like with like only.

Migration figures reach users through press reports, ministries, the statistics bureau and papers
that cite them; the same quantity often appears with different values. The checks find those
disagreements and keep every side with its quote, so a report can show them instead of silently
picking one.

A **conflict** is counted only between figures of the same quantity: the same indicator, area,
counterpart, breakdown, unit, year and period. Kinds:

* ``cross_source``: such figures with different values from different sources;
* ``paper_vs_source``: a secondary source (the reference paper) gives a value that none of the
  primary sources gives;
* ``mirror``: the origin's outflow to B against B's inflow from the origin.

A conflict is *flagged* when the relative difference is above the threshold and rounding does not
explain it ("16 thousand" and 16,094 agree; "more than 45 thousand" and 45,225 agree).

Figures that only look alike are set aside in a short **not comparable** list, each with its
reason, and never counted as conflicts (:data:`NOT_COMPARABLE_KINDS`): a part-year figure
reported as the year, a figure of another year reported under this one, an undated figure, a
subtotal or a figure of another coverage read as the total, parts of one whole read as values of
one share, and the same quantity in different units.

The report's count of disagreements is ``len(compare_sources(obs).conflicts)`` (and
``.flagged``); :func:`run_checks` returns the same conflicts.
"""

from __future__ import annotations

import re
from collections import defaultdict

from talentflow.stats.catalogue import Catalogue, breakdown_dims, load_catalogue
from talentflow.stats.indicators import (
    consensus,
    find_period_mislabels,
    persons,
    precision,
    source_id,
    usable,
)
from talentflow.stats.model import Observation
from talentflow.stats.results import Discrepancy, NotComparable, SourceComparison
from talentflow.stats.sources import source_of

_TOTAL = "_T"

#: Why figures that look alike are not one quantity (the ``kind`` of a not-comparable record).
NOT_COMPARABLE_KINDS: dict[str, str] = {
    "part_year": "a part-year figure reported as the whole year",
    "other_year": "a figure of another year reported under this year",
    "undated": "no reference year: it cannot be set against a dated figure",
    "subtotal": "a subtotal, or a figure of another coverage, read as the total",
    "parts_of_whole": "parts of one whole read as values of one quantity",
    "unit": "the same quantity in different units",
}

_LABELLED = "as labelled by source"


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


# --- rounding ----------------------------------------------------------------------------------


def _steps(value: float) -> tuple[float, float]:
    """The rounding a published figure shows, as ``(fine, coarse)`` steps: 37,704 → (1, 1);
    37,700 → (100, 100); 0.23 → (0.01, 0.01). A round figure is read as rounded to at most two
    significant digits (20,000 → 1,000, not 10,000), which is the fine step; the coarse step (all
    its trailing zeros) bounds how far above it "more than 50 thousand" may reach."""
    p = precision(value)
    if p == 10:  # a decimal: count its places
        text = f"{value:.6f}".rstrip("0")
        step = 10.0 ** -len(text.split(".")[1]) if "." in text else 1.0
        return step, step
    zeros = -p
    digits = len(str(int(abs(value)))) if value else 1
    return 10.0 ** max(0, min(zeros, digits - 2)), 10.0 ** zeros


def _interval(o: Observation) -> tuple[float, float]:
    """The values the published figure allows: ± half its rounding step, and up to one coarse
    step above it when the source says "more than"."""
    v = float(o.value)  # type: ignore[arg-type]
    fine, coarse = _steps(abs(v))
    half = fine / 2
    if "more_than" in o.flags:
        return (v - half, v + coarse) if v >= 0 else (v - coarse, v + half)
    return v - half, v + half


def within_rounding(obs: list[Observation]) -> bool:
    """Whether every figure of ``obs`` can be the same number rounded as each source rounds it
    ("16 thousand" and 16,094; "more than 45 thousand" and 45,225)."""
    spans = [_interval(o) for o in obs if o.value is not None]
    return bool(spans) and max(lo for lo, _ in spans) < min(hi for _, hi in spans) - 1e-9


# --- records -----------------------------------------------------------------------------------


def _record(kind: str, indicator: str, area: str, period: str, year: int | None,
            obs: list[Observation], threshold: float, note: str = "",
            values: list[float] | None = None, flagged: bool | None = None) -> Discrepancy:
    vals = values if values is not None else [o.value for o in obs]  # type: ignore[misc]
    abs_diff, rel_diff = _diff(vals)
    if flagged is None:
        flagged = rel_diff > threshold
        if flagged and values is None and within_rounding(obs):
            flagged = False
            note = "; ".join(x for x in (note, "the figures agree once rounded as each source rounds them") if x)
    return Discrepancy(kind=kind, indicator=indicator, area=area, period=period, year=year,
                       observations=obs, abs_diff=abs_diff, rel_diff=rel_diff, flagged=flagged, note=note)


def _aside(kind: str, o: Observation, obs: list[Observation], reason: str, indicator: str | None = None) -> NotComparable:
    return NotComparable(kind=kind, indicator=indicator or o.indicator, area=o.area, period=o.period,
                         year=o.year, observations=obs, reason=reason)


def _fmt(v: float | None) -> str:
    if v is None:
        return "—"
    return f"{v:,.0f}" if v == int(v) and abs(v) >= 100 else f"{v:,.2f}".rstrip("0").rstrip(".")


def _who(o: Observation) -> str:
    """The publisher's short name ("Ratel.kz" of "Ratel.kz citing Ministry of Labour (MTSZN); …")."""
    name = re.split(r" citing | \(|; | / ", o.source_name or "")[0].strip()
    return name or o.source_url or "a source"


# --- like-for-like grouping ----------------------------------------------------------------------


def _what(o: Observation, cat: Catalogue) -> tuple:
    """What a figure measures, apart from when: indicator, area, counterpart, breakdown, unit."""
    dims = () if cat.ignores_breakdown(o.indicator) else breakdown_dims(o.breakdown)
    return (cat.canonical(o.indicator), o.area, o.counterpart or "WLD", o.sex, o.age, o.education,
            o.specialty or "", dims, o.unit)


def _undated(o: Observation) -> bool:
    """An undated figure that reads like a current level ("now more than 90 thousand"): no
    year, no span, not cumulative. Undated spans measure something else and are left alone."""
    return o.year is None and o.period in ("", "Y") and "cumulative" not in o.flags


def _value_checks(obs: list[Observation], cat: Catalogue, threshold: float,
                  skip: set[int]) -> tuple[list[Discrepancy], list[NotComparable]]:
    secondary = set(cat.secondary_sources)
    groups: dict[tuple, list[Observation]] = defaultdict(list)
    for o in obs:
        if id(o) not in skip:
            groups[(_what(o, cat), o.year, o.period)].append(o)
    by_what: dict[tuple, list[tuple]] = defaultdict(list)
    for key in groups:
        by_what[key[0]].append(key)
    conflicts: list[Discrepancy] = []
    aside: list[NotComparable] = []
    set_aside: set[int] = set()

    # undated figures: never a conflict; listed when they differ from the dated record
    for what, keys in by_what.items():
        undated = [o for k in keys if k[1] is None for o in groups[k] if _undated(o)]
        if not undated:
            continue
        dated = [k for k in keys if k[1] is not None and not any("cumulative" in o.flags for o in groups[k])]
        latest = max(dated, key=lambda k: (k[2] == "Y", k[1]), default=None)
        context = groups[latest] if latest is not None else []
        values = {o.value for o in undated + context}
        if len(values) < 2 or len({source_id(o) for o in undated + context}) < 2 or within_rounding(undated + context):
            continue
        u = undated[0]
        reason = (f"{len(undated)} figure(s) state no year ({', '.join(dict.fromkeys(_fmt(o.value) for o in undated))})"
                  + (f"; the latest dated figure is {latest[1]} {'' if latest[2] in ('', 'Y') else latest[2] + ' '}"
                     f"({', '.join(dict.fromkeys(_fmt(o.value) for o in context))})" if context else ""))
        aside.append(_aside("undated", u, undated + context, reason, indicator=what[0]))

    dated_groups = {k: g for k, g in groups.items() if k[1] is not None}
    for (what, year, period), group in sorted(dated_groups.items(), key=lambda kv: str(kv[0])):
        if len({o.value for o in group}) < 2 or len({source_id(o) for o in group}) < 2:
            continue
        group = [o for o in group if id(o) not in set_aside]
        # a figure the compilers marked "as labelled by source" that is another period's figure
        for o in [o for o in group if _LABELLED in o.breakdown]:
            match = _elsewhere(o, dated_groups, what, year, period)
            if match is not None:
                when = f"{match.year}" + ("" if match.period in ("", "Y") else f" {match.period}")
                aside.append(_aside("other_year", o, [o, match],
                                    f"{_who(o)} gives {_fmt(o.value)} for {year}; it is the {when} figure "
                                    f"({_fmt(match.value)}, {_who(match)})", indicator=what[0]))
                set_aside.add(id(o))
        group = [o for o in group if id(o) not in set_aside]
        # a figure that is another breakdown's (a subtotal, another coverage) of the same period
        for o in _subtotals(group, obs, cat, what, year, period):
            other = o[1]
            others = ", ".join(dict.fromkeys(_fmt(x.value) for x in group if x is not o[0]))
            aside.append(_aside("subtotal", o[0], [o[0], other, *(x for x in group if x is not o[0])],
                                f"{_who(o[0])}'s {_fmt(o[0].value)} matches {_who(other)}'s figure "
                                f"{_describe(other)} ({_fmt(other.value)}), another quantity than the "
                                f"{others} of the other source(s)", indicator=what[0]))
            set_aside.add(id(o[0]))
        group = [o for o in group if id(o) not in set_aside]
        if len({o.value for o in group}) < 2 or len({source_id(o) for o in group}) < 2:
            continue
        indicator, area = what[0], what[1]
        papers = [o for o in group if o.source_url in secondary]
        primary = [o for o in group if o.source_url not in secondary]
        primary_values = {o.value for o in primary}
        lone = [o for o in papers if o.value not in primary_values]
        if lone and primary and len(lone) == len(papers):
            conflicts.append(_record("paper_vs_source", indicator, area, period or lone[0].period, year,
                                     lone + primary, threshold,
                                     note="the paper's figure matches none of the other sources"))
            if len(primary_values) > 1 and len({source_id(o) for o in primary}) > 1:
                conflicts.append(_record("cross_source", indicator, area, period, year, primary, threshold))
        else:
            conflicts.append(_record("cross_source", indicator, area, period, year, group, threshold))
    return conflicts, aside


def _elsewhere(o: Observation, groups: dict[tuple, list[Observation]], what: tuple, year: int | None,
               period: str) -> Observation | None:
    """A figure of the same quantity in another year or period, from another source, that the
    value of ``o`` matches once rounded."""
    found = [x for (w, y, p), obs in groups.items() if w == what and (y, p) != (year, period)
             for x in obs if source_id(x) != source_id(o) and _LABELLED not in x.breakdown
             and within_rounding([o, x])]
    found.sort(key=lambda x: (x.period != "Y", abs(x.value - o.value), x.year or 0))  # type: ignore[operator]
    return found[0] if found else None


def _describe(o: Observation) -> str:
    parts = []
    if o.counterpart not in (None, "", "WLD"):
        parts.append(f"for {o.counterpart}")
    parts += [f"{d}" for d in breakdown_dims(o.breakdown)]
    if o.age != _TOTAL:
        parts.append(f"age {o.age}")
    if o.education != _TOTAL:
        parts.append(f"education {o.education}")
    return "(" + ", ".join(parts) + ")" if parts else "(total)"


def _subtotals(group: list[Observation], obs: list[Observation], cat: Catalogue, what: tuple,
               year: int | None, period: str) -> list[tuple[Observation, Observation]]:
    """Figures of ``group`` whose value another source gives for another breakdown of the same
    indicator, area, year, period and unit (a subtotal, or another coverage such as "incl.
    study and work migrants"), while the rest of the group gives another value. A source whose
    total is set aside this way has its parts of the same period set aside with it."""
    if what[-1] != "persons":
        return []
    out = []
    for o in group:
        rest = [x for x in group if source_id(x) != source_id(o)]
        if not rest or within_rounding([o, *rest]):
            continue
        for x in obs:
            if (x.year, x.period, x.area, x.unit) != (year, period, what[1], what[-1]) or source_id(x) == source_id(o):
                continue
            if cat.canonical(x.indicator) != what[0] or _what(x, cat) == what:
                continue
            if within_rounding([o, x]) and not within_rounding([x, *rest]):
                out.append((o, x))
                break
    return out


def _propagate(aside: list[NotComparable], conflicts: list[Discrepancy]) -> tuple[list[Discrepancy], list[NotComparable]]:
    """A source's total set aside as another coverage takes its parts of the same period along:
    a conflict that such a part alone causes is set aside too."""
    moved = {(source_id(n.observations[0]), n.indicator, n.year, n.period): n
             for n in aside if n.kind == "subtotal"}
    keep = []
    for d in conflicts:
        own = [o for o in d.observations if (source_id(o), d.indicator, d.year, d.period) in moved]
        rest = [o for o in d.observations if o not in own]
        if (own and d.kind == "cross_source" and not within_rounding(d.observations)
                and (len({o.value for o in rest}) < 2 or len({source_id(o) for o in rest}) < 2)):
            first = moved[(source_id(own[0]), d.indicator, d.year, d.period)]
            aside.append(NotComparable(
                kind="subtotal", indicator=d.indicator, area=d.area, period=d.period, year=d.year,
                observations=d.observations,
                reason=(f"{_who(own[0])}'s {_fmt(own[0].value)} {_describe(own[0])} is a part of its total "
                        f"{_fmt(first.observations[0].value)}, which matches "
                        f"{_who(first.observations[1])}'s figure {_describe(first.observations[1])}: "
                        f"another coverage than {', '.join(dict.fromkeys(_fmt(o.value) for o in rest))}")))
        else:
            keep.append(d)
    return keep, aside


def _mislabel_checks(obs: list[Observation], cat: Catalogue) -> tuple[list[NotComparable], set[int]]:
    out, skip = [], set()
    for y, p in find_period_mislabels(obs, cat):
        skip.add(id(y))
        whole = [o for o in obs if o is not y and o.period == "Y" and o.year == y.year
                 and cat.canonical(o.indicator) == cat.canonical(y.indicator) and o.area == y.area
                 and (o.counterpart or "WLD") == (y.counterpart or "WLD") and o.education == y.education
                 and o.age == y.age and not o.specialty and persons(o) is not None
                 and breakdown_dims(o.breakdown) == breakdown_dims(y.breakdown)
                 and source_id(o) != source_id(y) and abs(o.value - y.value) / abs(o.value) > 0.01]  # type: ignore[operator]
        reason = (f"{_who(y)} gives {_fmt(y.value)} for the year {y.year}; it is the {p.period} {y.year} figure "
                  f"({_fmt(p.value)}, {_who(p)})")
        if whole:
            reason += f"; the whole-year figure is {', '.join(dict.fromkeys(_fmt(o.value) for o in whole))}"
        out.append(NotComparable(kind="part_year", indicator=cat.canonical(y.indicator), area=y.area, period="Y",
                                 year=y.year, observations=[y, p, *whole], reason=reason))
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


def _partition_checks(obs: list[Observation], cat: Catalogue, threshold: float) -> list[NotComparable]:
    """Parts of one whole (education levels, age groups, destinations) of one source and
    period: listed, with their sum, as parts — never as values of one quantity that disagree.
    Only sets whose parts do not add up to their total (or to 100 %) are listed."""
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
                shown = ", ".join(f"{getattr(o, dim)} {_fmt(o.value)}" for o in parts.values())
                whole = "100 %" if unit == "percent" else f"the total {_fmt(total_value)}"
                reason = (f"{len(parts)} {dim} groups{'' if complete else ' (incomplete)'} of one source "
                          f"({shown}) are parts of one whole, not {len(parts)} values of one quantity; "
                          f"they sum to {_fmt(round(total_part, 2))} against {whole}")
                out.append(NotComparable(kind="parts_of_whole", indicator=indicator, area=area, period=period,
                                         year=year, observations=members, reason=reason))
        # destinations: listed parts may be a top-N, so only a sum above the total is listed
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
                reason = (f"{len(parts_cp)} destinations of one source are parts of its total, not values of "
                          f"the total; they sum to {_fmt(s)}, above the total {_fmt(t)}")
                out.append(NotComparable(kind="parts_of_whole", indicator=indicator, area=area, period=period,
                                         year=year, observations=[*parts_cp.values(), totals[0]], reason=reason))
    return out


def _unit_checks(obs: list[Observation], cat: Catalogue) -> list[NotComparable]:
    """The same quantity and period given in different units by different sources (a count and
    a share, persons and thousand persons that are not convertible, …)."""
    groups: dict[tuple, list[Observation]] = defaultdict(list)
    for o in obs:
        what = _what(o, cat)
        # a breakdown item that only repeats the unit ("PPP" of "million PPP USD") is the unit
        dims = tuple(d for d in what[7] if d.lower() not in o.unit.lower())
        groups[(what[:7] + (dims,), o.year, o.period)].append(o)
    out = []
    for (what, year, _), group in sorted(groups.items(), key=lambda kv: str(kv[0])):
        if year is None or len({o.unit for o in group}) < 2 or len({source_id(o) for o in group}) < 2:
            continue
        units = ", ".join(sorted({f"{_fmt(o.value)} {o.unit}" for o in group}))
        out.append(_aside("unit", group[0], group, f"one quantity in different units: {units}", indicator=what[0]))
    return out


def compare_sources(observations: list[Observation], threshold: float = 0.01,
                    catalogue: Catalogue | None = None) -> SourceComparison:
    """The like-for-like conflicts in ``observations`` and, apart, the figures that only look
    comparable, each with its reason. ``flagged`` marks conflicts above ``threshold`` (relative
    difference, 0.01 = 1 %) that rounding does not explain.

    This is what the report counts as disagreements between sources."""
    cat = catalogue or load_catalogue()
    obs = [_norm(o) for o in observations if usable(o)]
    aside, skip = _mislabel_checks(obs, cat)
    conflicts, more = _value_checks(obs, cat, threshold, skip)
    conflicts, more = _propagate(more, conflicts)
    conflicts += _mirror_checks(obs, cat, threshold)
    aside += more + _partition_checks(obs, cat, threshold) + _unit_checks(obs, cat)
    order = {"paper_vs_source": 0, "cross_source": 1, "mirror": 2}
    conflicts.sort(key=lambda d: (order.get(d.kind, 9), not d.flagged, d.indicator, d.area, d.year or 0, d.period))
    kinds = list(NOT_COMPARABLE_KINDS)
    aside.sort(key=lambda n: (kinds.index(n.kind), n.indicator, n.area, n.year or 0, n.period))
    return SourceComparison(conflicts=conflicts, not_comparable=aside)


def run_checks(observations: list[Observation], threshold: float = 0.01,
               catalogue: Catalogue | None = None) -> list[Discrepancy]:
    """The like-for-like conflicts of :func:`compare_sources` (the not-comparable figures are
    left out: they are no disagreement)."""
    return compare_sources(observations, threshold, catalogue).conflicts


def conflict_count(result: SourceComparison) -> tuple[int, int]:
    """``(conflicts, of which flagged)``: the numbers a summary may state as "quantities reported
    differently by different sources"."""
    return len(result.conflicts), len(result.flagged)


def _observation_record(o: Observation) -> dict:
    src = source_of(o)
    return {"value": o.value, "unit": o.unit, "year": o.year, "period": o.period, "indicator": o.indicator,
            "counterpart": o.counterpart, "breakdown": o.breakdown, "age": o.age, "education": o.education,
            "specialty": o.specialty, "source_name": o.source_name, "source_url": o.source_url,
            "source_tier": src.tier, "quote": o.quote}


def discrepancy_record(d: Discrepancy) -> dict:
    """A conflict as a plain record (the JSON of ``talentflow check``)."""
    return {
        "kind": d.kind, "indicator": d.indicator, "area": d.area, "period": d.period, "year": d.year,
        "abs_diff": d.abs_diff, "rel_diff": d.rel_diff, "flagged": d.flagged, "note": d.note,
        "observations": [_observation_record(o) for o in d.observations],
    }


def not_comparable_record(n: NotComparable) -> dict:
    """A not-comparable set of figures as a plain record, with its reason."""
    return {
        "kind": n.kind, "why": NOT_COMPARABLE_KINDS.get(n.kind, n.kind), "reason": n.reason,
        "indicator": n.indicator, "area": n.area, "period": n.period, "year": n.year,
        "observations": [_observation_record(o) for o in n.observations],
    }


def comparison_record(result: SourceComparison) -> dict:
    """``{"conflicts": [...], "not_comparable": [...]}`` (the JSON of ``talentflow check``)."""
    return {"conflicts": [discrepancy_record(d) for d in result.conflicts],
            "not_comparable": [not_comparable_record(n) for n in result.not_comparable]}
