"""The indicator engine: catalogue indicators computed from a list of observations.

A pure function of its inputs (no store, no files), so it can be tested with hand-built
observations and run on any store or data package. Three rules keep the numbers honest:

* a whole-year value is never made from a part-year row, a cumulative (span) row, or a row whose
  "year" figure equals another source's part-year figure (an outlet reporting January-September
  as the year);
* sources that disagree give one value each (the value and the sources that give it), never an
  average; where one value must be chosen (a sum over years) the rule is stated in the note;
* an indicator the data cannot support is returned as "not computable: missing …", not dropped.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable

from talentflow.stats.catalogue import Catalogue, Indicator, Select, load_catalogue
from talentflow.stats.model import FLAGS, Observation
from talentflow.stats.results import IndicatorValue
from talentflow.stats.sources import LOWEST_TIER, lowest_tier_only, tier_of, tier_rank

#: Multipliers that turn the population units found in sources into persons.
PERSON_UNITS = {
    "persons": 1.0,
    "person": 1.0,
    "thousand persons": 1e3,
    "million persons": 1e6,
    "billion persons": 1e9,
    "lakh persons": 1e5,
    "crore persons": 1e7,
}

_SPAN = re.compile(r"^(\d{4})\s*-\s*(\d{4})$")
_DROP = {"not_applicable", "suppressed", "projection"}


# --- observation utilities (shared with checks, charts and projection) -------------------------


def persons(o: Observation) -> float | None:
    """The value in persons, or None when the unit is not a head count."""
    if o.value is None:
        return None
    unit = o.unit.strip().lower()
    unit = re.sub(r"\s*\(.*\)$", "", unit)  # "crore persons (=10 million)"
    factor = PERSON_UNITS.get(unit)
    if factor is None:
        return None
    # 142.86 crore is 1,428,600,000 persons, not 1,428,600,000.0000002
    return o.value if factor == 1 else round(o.value * factor, 6)


def source_id(o: Observation) -> str:
    return o.source_url or o.source_name


def is_span(period: str) -> bool:
    return bool(re.match(r"^\d{4}\s*-\s*\d{4}", period or ""))


def is_part_year(period: str) -> bool:
    """A labelled part of one year (H1, Q1, 9M, M1-M8 …), neither a whole year nor a span."""
    return bool(period) and period != "Y" and not is_span(period) and bool(
        re.match(r"^(H\d|Q\d|9M|M\d+(-M\d+)?|YTD)$", period))


def usable(o: Observation) -> bool:
    return o.value is not None and not (_DROP & set(o.flags))


def is_whole_year(o: Observation) -> bool:
    return o.period == "Y" and o.year is not None and "cumulative" not in o.flags


def precision(value: float) -> int:
    """How exact a published figure is: 37,704 beats 37,700 (trailing zeros are rounding)."""
    if value != int(value):
        return 10
    n, zeros = abs(int(value)), 0
    while n and n % 10 == 0:
        n //= 10
        zeros += 1
    return -zeros


#: The rule :func:`consensus` follows, as notes and charts state it.
CONSENSUS_RULE = ("the value of the highest-authority source (official statistics first), then the value "
                  "most sources give, then the more precise figure")


def consensus(obs: list[Observation]) -> tuple[float, list[Observation]]:
    """One value for figures of one quantity: the value of the highest authority tier
    (``stats/sources.py``), then the value most sources give, then the more precise figure,
    then the smaller source id.

    Used only where a single value per year is unavoidable (sums, pairing across sources);
    the rule is stated in the note of every value it produces."""
    by_value: dict[float, list[Observation]] = defaultdict(list)
    for o in obs:
        by_value[o.value].append(o)  # type: ignore[index]

    def score(item: tuple[float, list[Observation]]) -> tuple:
        value, group = item
        return (min(tier_rank(tier_of(o)) for o in group), -len({source_id(o) for o in group}),
                -precision(value), min(source_id(o) for o in group))

    value, group = sorted(by_value.items(), key=score)[0]
    return value, group


def input_flags(obs: Iterable[Observation]) -> list[str]:
    """Flags of the inputs that qualify the result (more_than, approx, synthetic …)."""
    keep = {f for o in obs for f in o.flags} - {"cumulative"}
    return [f for f in FLAGS if f in keep]


def find_period_mislabels(observations: Iterable[Observation], catalogue: Catalogue | None = None,
                          tolerance: float = 0.005) -> list[tuple[Observation, Observation]]:
    """``(year row, part-year row)`` pairs where a source's whole-year head count equals another
    source's part-year figure of the same year and quantity, while other sources give the year a
    different value (or none): the outlet most likely reported January-September as the year."""
    cat = catalogue or load_catalogue()
    groups: dict[tuple, list[Observation]] = defaultdict(list)
    for o in observations:
        if not usable(o) or o.year is None or persons(o) is None:
            continue
        key = (cat.canonical(o.indicator), o.area, o.counterpart or "WLD", o.year, o.sex, o.age,
               o.education, o.specialty or "")
        groups[key].append(o)
    pairs = []
    for obs in groups.values():
        years = [o for o in obs if o.period == "Y" and "cumulative" not in o.flags]
        parts = [o for o in obs if is_part_year(o.period)]
        for y in years:
            others = [o for o in years if source_id(o) != source_id(y)]
            for p in parts:
                if source_id(p) == source_id(y) or not p.value:
                    continue
                if abs(y.value - p.value) / abs(p.value) > tolerance:  # type: ignore[operator]
                    continue
                if others and all(abs(o.value - y.value) / abs(o.value) <= 0.01 for o in others):  # type: ignore[operator]
                    continue  # every other source agrees with the "year" figure
                pairs.append((y, p))
                break
    return pairs


# --- the engine -------------------------------------------------------------------------------


class _Context:
    def __init__(self, observations: list[Observation], catalogue: Catalogue, area: str) -> None:
        self.cat = catalogue
        self.area = area
        self.obs = [o for o in observations if usable(o)]
        mislabelled = find_period_mislabels(self.obs, catalogue)
        self.mislabelled = {id(y) for y, _ in mislabelled}

    def select(self, sel: Select | None, area: str | None = None, any_area: bool = False) -> list[Observation]:
        if sel is None:
            return []
        ids = self.cat.expand(sel.indicator)
        return [o for o in self.obs
                if (any_area or o.area == (area or self.area)) and sel.matches(o, ids)]

    def whole_years(self, sel: Select | None) -> list[Observation]:
        return [o for o in self.select(sel) if is_whole_year(o) and id(o) not in self.mislabelled]

    def counts(self, sel: Select | None, **kw) -> list[Observation]:
        return [o for o in self.select(sel, **kw) if persons(o) is not None]


def _value(ind: Indicator, **kw) -> IndicatorValue:
    inputs = kw.pop("inputs", [])
    flags = kw.pop("flags", None)
    flags = list(flags if flags is not None else input_flags(inputs))
    if lowest_tier_only(inputs) and LOWEST_TIER not in flags:
        flags.append(LOWEST_TIER)  # only a forum, blog or repost gives it: never a key finding
    return IndicatorValue(indicator=ind.id, unit=ind.unit, inputs=inputs, flags=flags, **kw)


def _missing(ind: Indicator, area: str, what: str) -> IndicatorValue:
    return _value(ind, area=area, year=None, period="", value=None, note=f"not computable: missing {what}")


def _describe(sel: Select | None) -> str:
    if sel is None:
        return "input"
    dims = [f"{d}={getattr(sel, d)}" for d in ("education", "age") if getattr(sel, d) not in ("_T", "*")]
    return "/".join(sel.indicator) + (f" ({', '.join(dims)})" if dims else "")


def _per_distinct(ind: Indicator, area: str, groups: dict[tuple, list[Observation]],
                  value_of) -> list[IndicatorValue]:
    """One IndicatorValue per distinct value within each (year, period) group."""
    out = []
    for (year, period), obs in sorted(groups.items(), key=lambda kv: (kv[0][0] or 0, kv[0][1])):
        by_value: dict[float, list[Observation]] = defaultdict(list)
        for o in obs:
            by_value[value_of(o)].append(o)
        def rank(kv: tuple[float, list[Observation]]) -> tuple[int, int]:
            return min(tier_rank(tier_of(o)) for o in kv[1]), -len({source_id(o) for o in kv[1]})

        ranked = sorted(by_value.items(), key=rank)
        lead = ""
        if len(ranked) > 1 and rank(ranked[0])[0] < rank(ranked[1])[0]:
            lead = "; the highest-authority source gives this one"
        elif len(ranked) > 1 and rank(ranked[0]) < rank(ranked[1]):
            lead = "; most sources of the highest tier give this one"
        for value, group in ranked:
            note = "" if len(by_value) == 1 else (
                f"sources disagree: {len(by_value)} values for this period" + (lead if value == ranked[0][0] else ""))
            out.append(_value(ind, area=area, year=year, period=period, value=value, inputs=group, note=note))
    return out


def _kind_value(ctx: _Context, ind: Indicator) -> list[IndicatorValue]:
    groups: dict[tuple, list[Observation]] = defaultdict(list)
    for o in ctx.whole_years(ind.select):
        if persons(o) is not None:
            groups[(o.year, "Y")].append(o)
    return _per_distinct(ind, ctx.area, groups, persons) or [
        _missing(ind, ctx.area, f"whole-year figures of {_describe(ind.select)}")]


def _periods_ok(o: Observation, part_years: bool) -> bool:
    if o.year is None or "cumulative" in o.flags:
        return False
    if o.period == "Y":
        return True
    return part_years and is_part_year(o.period)


def _kind_difference(ctx: _Context, ind: Indicator) -> list[IndicatorValue]:
    part_years = ind.minuend is not None and ind.minuend.education != "_T"
    def keyed(sel):
        out: dict[tuple, list[Observation]] = defaultdict(list)
        for o in ctx.counts(sel):
            if _periods_ok(o, part_years) and id(o) not in ctx.mislabelled:
                out[(o.year, o.period, o.age, o.sex)].append(o)
        return out
    plus, minus = keyed(ind.minuend), keyed(ind.subtrahend)
    out: list[IndicatorValue] = []
    for key in sorted(set(plus) & set(minus), key=lambda k: (k[0], k[1], k[2])):
        year, period, age, _ = key
        results: dict[float, list[list[Observation]]] = defaultdict(list)
        sources_p = {source_id(o): o for o in plus[key]}
        sources_m = {source_id(o): o for o in minus[key]}
        common = sorted(set(sources_p) & set(sources_m))
        note = ""
        for s in common:
            a, b = sources_p[s], sources_m[s]
            results[persons(a) - persons(b)].append([a, b])  # type: ignore[operator]
        if not common:
            va, ga = consensus(plus[key])
            vb, gb = consensus(minus[key])
            results[persons(ga[0]) - persons(gb[0])].append(ga + gb)  # type: ignore[operator]
            note = f"inputs from different sources (each {CONSENSUS_RULE})"
        for value, pairs in results.items():
            inputs = [o for pair in pairs for o in pair]
            n = f"sources disagree: {len(results)} values" if len(results) > 1 else ""
            extra = f"age {age}" if age != "_T" else ""
            out.append(_value(ind, area=ctx.area, year=year, period=period, value=value, inputs=inputs,
                              note="; ".join(x for x in (note, n, extra) if x)))
    return out or [_missing(ind, ctx.area, f"{_describe(ind.minuend)} and {_describe(ind.subtrahend)} "
                                           "for the same year and period")]


def _kind_share(ctx: _Context, ind: Indicator) -> list[IndicatorValue]:
    out = []
    dens = ctx.counts(ind.denominator) if not ind.denominator_sum_over else []
    parts = []
    if ind.denominator_sum_over and ind.denominator is not None:
        sel = ind.denominator.model_copy(update={ind.denominator_sum_over: "+"})
        parts = ctx.counts(sel)
    for n in ctx.counts(ind.numerator):
        if not _periods_ok(n, True):
            continue
        same = lambda o, n=n: (source_id(o) == source_id(n) and o.year == n.year and o.period == n.period  # noqa: E731
                               and o.age == n.age and o.sex == n.sex)
        if ind.denominator_sum_over:
            group = [o for o in parts if same(o)]
            if not group:
                continue
            den = sum(persons(o) for o in group)  # type: ignore[misc]
            note = f"denominator: sum of the {len(group)} {ind.denominator_sum_over} levels the source gives"
        else:
            group = [o for o in dens if same(o)]
            if not group:
                continue
            group = [group[0]]
            den = persons(group[0])
            note = ""
        if not den:
            continue
        if n.age != "_T":
            note += f"; age {n.age}"
        out.append(_value(ind, area=ctx.area, year=n.year, period=n.period,
                          value=persons(n) / den * ind.factor, inputs=[n, *group], note=note))  # type: ignore[operator]
    return out or [_missing(ind, ctx.area, f"{_describe(ind.numerator)} with a denominator from the same source")]


def _closest(obs: list[Observation], year: int | None, tolerance: int | None) -> list[Observation]:
    """Observations of the year closest to ``year`` (latest when ``year`` is None)."""
    dated = [o for o in obs if o.year is not None]
    if not dated:
        return []
    if year is None:
        best = max(o.year for o in dated)  # type: ignore[type-var]
    else:
        best = min((o.year for o in dated), key=lambda y: (abs(y - year), -y))  # type: ignore[operator]
        if tolerance is not None and abs(best - year) > tolerance:
            return []
    return [o for o in dated if o.year == best]


def _stock(obs: list[Observation]) -> tuple[float, list[Observation]]:
    value, group = consensus([o.model_copy(update={"value": persons(o), "unit": "persons"}) for o in obs])
    originals = [o for o in obs if persons(o) == value]
    return value, originals or group


def _kind_ratio(ctx: _Context, ind: Indicator) -> list[IndicatorValue]:
    out = []
    dens = ctx.counts(ind.denominator)
    for n in ctx.counts(ind.numerator):
        if n.year is None or "cumulative" in n.flags:
            continue
        near = _closest(dens, n.year, ind.year_tolerance)
        if not near:
            continue
        den, group = _stock(near)
        note = f"denominator {group[0].year} ({group[0].period or 'no period stated'})"
        out.append(_value(ind, area=ctx.area, year=n.year, period=n.period, value=persons(n) / den * ind.factor,  # type: ignore[operator]
                          inputs=[n, *group], note=note))
    return out or [_missing(ind, ctx.area, f"{_describe(ind.numerator)} and {_describe(ind.denominator)} "
                                           f"within {ind.year_tolerance} year(s) of each other")]


def _population(ctx: _Context, ind: Indicator, area: str, year: int | None) -> tuple[float, list[Observation]] | None:
    near = _closest(ctx.counts(ind.population, area=area), year, None)
    return _stock(near) if near else None


def _kind_per_capita(ctx: _Context, ind: Indicator) -> list[IndicatorValue]:
    out = []
    for n in ctx.counts(ind.numerator):
        if "cumulative" in n.flags:
            continue
        pop = _population(ctx, ind, ctx.area, n.year)
        if pop is None:
            continue
        den, group = pop
        note = f"population {group[0].year}" + ("" if n.year else "; the students figure is undated")
        out.append(_value(ind, area=ctx.area, year=n.year, period=n.period, value=persons(n) / den * ind.factor,  # type: ignore[operator]
                          inputs=[n, *group], note=note))
    return out or [_missing(ind, ctx.area, f"{_describe(ind.numerator)} and population")]


def _kind_rank(ctx: _Context, ind: Indicator) -> list[IndicatorValue]:
    groups: dict[tuple, list[Observation]] = defaultdict(list)
    for o in ctx.counts(ind.numerator, any_area=True):
        if "cumulative" not in o.flags:
            groups[(source_id(o), o.year, o.period)].append(o)
    out = []
    for (_, year, period), obs in sorted(groups.items(), key=lambda kv: (kv[0][1] or 0, kv[0][0])):
        by_area: dict[str, Observation] = {}
        for o in obs:
            by_area.setdefault(o.area, o)
        if ctx.area not in by_area or len(by_area) < 2:
            continue
        metric: dict[str, float] = {}
        inputs = list(by_area.values())
        missing = []
        for a, o in by_area.items():
            if ind.population is None:
                metric[a] = persons(o)  # type: ignore[assignment]
                continue
            pop = _population(ctx, ind, a, o.year)
            if pop is None:
                missing.append(a)
                continue
            metric[a] = persons(o) / pop[0] * 1e5  # type: ignore[operator]
            inputs += pop[1]
        if missing:
            out.append(_missing(ind, ctx.area, f"population of {', '.join(sorted(missing))} "
                                               f"(list of {len(by_area)} by {source_id(obs[0])})"))
            continue
        rank = 1 + sum(1 for a, v in metric.items() if v > metric[ctx.area])
        order = sorted(metric, key=lambda a: -metric[a])
        basis = "students abroad per 100,000 population" if ind.population is not None else "students abroad"
        note = (f"{_ordinal(rank)} of the {len(metric)} countries compared by {basis} (the list of "
                f"{obs[0].source_name or source_id(obs[0])}), not a world rank: "
                + ", ".join(f"{a} {metric[a]:,.0f}" for a in order))
        world, world_inputs = (None, []) if ind.population is not None else _world_rank(ctx, ind, source_id(obs[0]))
        if world is not None:
            note += f"; world rank {_ordinal(int(world))}, as stated by {_publisher(world_inputs[0])}"
        out.append(_value(ind, area=ctx.area, year=year, period=period, value=float(rank), inputs=inputs, note=note,
                          universe=order, world_rank=world, world_rank_inputs=world_inputs))
    return out or [_missing(ind, ctx.area, f"a source listing {ctx.area} with other countries ({_describe(ind.numerator)})")]


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _world_rank(ctx: _Context, ind: Indicator, list_source: str) -> tuple[float | None, list[Observation]]:
    """The world rank of the area as a source states it (rows ``<numerator>_world_rank``, e.g.
    the UIS "ninth in the world" of students abroad): the list's own source first, else the
    highest-authority source that states one."""
    if ind.numerator is None:
        return None, []
    ids = {f"{i}_world_rank" for i in ind.numerator.indicator}
    rows = [o for o in ctx.obs if o.indicator in ids and o.area == ctx.area and o.value is not None]
    own = [o for o in rows if source_id(o) == list_source]
    if not (own or rows):
        return None, []
    value, group = consensus(own or rows)
    return value, sorted(group, key=lambda o: tier_rank(tier_of(o)))


def _publisher(o: Observation) -> str:
    """The publisher's short name ("Otyrar.kz" of "Otyrar.kz citing UNESCO …")."""
    return re.split(r" citing | \(|; | / |, citing", o.source_name or "")[0].strip() or source_id(o)


def rank_phrase(v: IndicatorValue, lang: str = "en") -> str:
    """A rank with its universe, in words: "6th of the 6 countries compared; 9th in the world
    (as its source states)" — never a bare number."""
    if v.value is None or not v.universe:
        return ""
    n, k = int(v.value), len(v.universe)
    text = {
        "en": f"{_ordinal(n)} of the {k} countries compared",
        "ru": f"{n}-е место из {k} сравниваемых стран",
        "kk": f"салыстырылған {k} елдің ішінде {n}-орын",
    }.get(lang) or f"{_ordinal(n)} of the {k} countries compared"
    if v.world_rank is not None:
        w, who = int(v.world_rank), _publisher(v.world_rank_inputs[0]) if v.world_rank_inputs else "?"
        text += {"en": f"; {_ordinal(w)} in the world according to {who}",
                 "ru": f"; {w}-е место в мире по данным: {who}",
                 "kk": f"; {who} дерегі бойынша әлемде {w}-орын"}.get(lang, f"; {_ordinal(w)} in the world")
    return text


def _destination_groups(ctx: _Context, ind: Indicator):
    groups: dict[tuple, list[Observation]] = defaultdict(list)
    for o in ctx.counts(ind.select):
        if _periods_ok(o, True) and id(o) not in ctx.mislabelled:
            groups[(source_id(o), o.year, o.period)].append(o)
    totals = [o for o in ctx.counts(ind.total) if _periods_ok(o, True)]
    for (src, year, period), parts in sorted(groups.items(), key=lambda kv: (kv[0][1], kv[0][2], kv[0][0])):
        by_cp: dict[str, Observation] = {}
        for o in parts:
            by_cp.setdefault(o.counterpart or "", o)
        tot = [o for o in totals if source_id(o) == src and o.year == year and o.period == period]
        yield year, period, by_cp, (tot[0] if tot else None)


def _kind_concentration(ctx: _Context, ind: Indicator) -> list[IndicatorValue]:
    out = []
    for year, period, by_cp, total in _destination_groups(ctx, ind):
        if len(by_cp) < 2 and total is None:
            continue
        listed = sum(persons(o) for o in by_cp.values())  # type: ignore[misc]
        base = persons(total) if total is not None else listed
        if not base:
            continue
        shares = {cp: persons(o) / base * 100 for cp, o in by_cp.items()}  # type: ignore[operator]
        inputs = list(by_cp.values()) + ([total] if total is not None else [])
        basis = ("share of the source's total" if total is not None
                 else f"share of the {len(by_cp)} destinations listed (no total in the source)")
        if ind.kind == "top1_share":
            top = max(shares, key=lambda cp: shares[cp])
            value = shares[top] * ind.factor / 100
            out.append(_value(ind, area=ctx.area, year=year, period=period, value=value,
                              counterpart=top, inputs=inputs, note=basis))
        else:
            hhi = sum(s * s for s in shares.values())
            note = basis + ("; unlisted destinations left out: a lower bound" if total is not None else "")
            out.append(_value(ind, area=ctx.area, year=year, period=period, value=hhi, inputs=inputs, note=note))
    return out or [_missing(ind, ctx.area, f"{_describe(ind.select)} by destination")]


def _kind_distribution(ctx: _Context, ind: Indicator) -> list[IndicatorValue]:
    dim = ind.dimension or "age"
    out = []
    obs = [o for o in ctx.select(ind.select) if o.unit == "percent" and o.year is not None
           and "cumulative" not in o.flags]
    for o in sorted(obs, key=lambda o: (o.year, o.period, source_id(o), getattr(o, dim))):
        out.append(_value(ind, area=ctx.area, year=o.year, period=o.period, value=o.value, inputs=[o],
                          breakdown=f"{dim}={getattr(o, dim)}",
                          note="" if o.period == "Y" else f"period {o.period} as published"))
    return out or [_missing(ind, ctx.area, f"published shares of {_describe(ind.select)} by {dim}")]


def _kind_sum_over_period(ctx: _Context, ind: Indicator) -> list[IndicatorValue]:
    spans = list(ind.spans)
    ids = ctx.cat.expand(ind.select.indicator) if ind.select else set()
    for o in ctx.obs:
        if o.area == ctx.area and o.indicator in ids and _SPAN.match(o.period or "") and o.period not in spans:
            spans.append(o.period)
    by_year: dict[int, list[Observation]] = defaultdict(list)
    for o in ctx.whole_years(ind.select):
        if persons(o) is not None:
            by_year[o.year].append(o)  # type: ignore[index]
    out = []
    for span in sorted(spans):
        m = _SPAN.match(span)
        if not m:
            continue
        first, last = int(m.group(1)), int(m.group(2))
        years = range(first, last + 1)
        chosen = {y: consensus(by_year[y]) for y in years if by_year.get(y)}
        inputs = [o for y in sorted(chosen) for o in chosen[y][1]]
        alternatives = {y: sorted({o.value for o in by_year[y]}) for y in chosen if len({o.value for o in by_year[y]}) > 1}
        alt = ("; other values given: " + ", ".join(f"{y}: {'/'.join(f'{v:,.0f}' for v in vs)}"
                                                    for y, vs in sorted(alternatives.items()))) if alternatives else ""
        missing = [y for y in years if y not in chosen]
        partial = sum(v for v, _ in chosen.values())
        if missing:
            note = (f"not computable: missing whole-year figure for {', '.join(map(str, missing))}; "
                    f"the {len(chosen)} years available sum to {partial:,.0f}" + alt)
            out.append(_value(ind, area=ctx.area, year=last, period=span, value=None, inputs=inputs, note=note))
        else:
            note = f"one value per year: {CONSENSUS_RULE}" + alt
            out.append(_value(ind, area=ctx.area, year=last, period=span, value=partial, inputs=inputs, note=note))
    return out or [_missing(ind, ctx.area, "a span to sum over")]


def _kind_dm_rate(ctx: _Context, ind: Indicator) -> list[IndicatorValue]:
    emig = [o for o in ctx.counts(ind.numerator) if o.year is not None]
    res = [o for o in ctx.counts(ind.population) if o.year is not None]
    if not emig:
        return [_missing(ind, ctx.area, f"tertiary-educated emigrant stock ({_describe(ind.numerator)})")]
    if not res:
        return [_missing(ind, ctx.area, f"tertiary-educated resident population ({_describe(ind.population)})")]
    out = []
    for year in sorted({o.year for o in emig} & {o.year for o in res}):  # type: ignore[type-var]
        e, eg = _stock([o for o in emig if o.year == year])
        n, ng = _stock([o for o in res if o.year == year])
        out.append(_value(ind, area=ctx.area, year=year, period="Y", value=e / (n + e) * ind.factor, inputs=eg + ng))
    return out or [_missing(ind, ctx.area, "tertiary-educated emigrant and resident stocks of the same year")]


_KINDS = {
    "value": _kind_value,
    "difference": _kind_difference,
    "share": _kind_share,
    "ratio": _kind_ratio,
    "per_capita": _kind_per_capita,
    "rank": _kind_rank,
    "top1_share": _kind_concentration,
    "hhi": _kind_concentration,
    "distribution": _kind_distribution,
    "sum_over_period": _kind_sum_over_period,
    "dm_rate": _kind_dm_rate,
}


def compute_indicator(observations: list[Observation], indicator: str | Indicator,
                      catalogue: Catalogue | None = None, area: str = "KAZ") -> list[IndicatorValue]:
    """Values of one catalogue indicator (an id or an :class:`Indicator`)."""
    cat = catalogue or load_catalogue()
    ind = cat.get(indicator) if isinstance(indicator, str) else indicator
    return _KINDS[ind.kind](_Context(observations, cat, area), ind)


def compute_indicators(observations: list[Observation], catalogue: Catalogue | None = None,
                       area: str = "KAZ") -> list[IndicatorValue]:
    """Every catalogue indicator for ``area``; each value lists the observations it used."""
    cat = catalogue or load_catalogue()
    ctx = _Context(observations, cat, area)
    values: list[IndicatorValue] = []
    for ind in cat.indicators:
        values.extend(_KINDS[ind.kind](ctx, ind))
    return values


def population_of(observations: list[Observation], area: str, year: int | None = None,
                  catalogue: Catalogue | None = None) -> tuple[float, list[Observation]] | None:
    """Population of ``area`` in persons for the year closest to ``year`` (latest when None),
    with the observations it comes from; None when the data have none."""
    cat = catalogue or load_catalogue()
    ind = cat.get("students_abroad_per_100k")
    return _population(_Context(observations, cat, area), ind, area, year)


def value_record(v: IndicatorValue, catalogue: Catalogue | None = None, lang: str = "en") -> dict:
    """A computed value as a plain record (the JSON of ``talentflow indicators``)."""
    cat = catalogue or load_catalogue()
    try:
        name = cat.get(v.indicator).label(lang)
    except KeyError:
        name = v.indicator
    record = {
        "id": v.indicator, "name": name, "value": v.value, "unit": v.unit, "year": v.year,
        "period": v.period, "area": v.area, "counterpart": v.counterpart, "breakdown": v.breakdown,
        "inputs": [{"value": o.value, "unit": o.unit, "source_url": o.source_url, "source_name": o.source_name,
                    "quote": o.quote, "period": o.period, "year": o.year, "indicator": o.indicator,
                    "area": o.area} for o in v.inputs],
        "sources": v.sources, "flags": list(v.flags), "note": v.note,
        "tier": v.tier, "lowest_tier_only": v.lowest_tier_only,
    }
    for o, rec in zip(v.inputs, record["inputs"], strict=True):
        rec["source_tier"] = tier_of(o)
    if v.universe:
        record["universe"] = list(v.universe)
        record["rank_phrase"] = rank_phrase(v, lang)
        record["world_rank"] = v.world_rank
    for extra in ("lower80", "upper80", "lower95", "upper95", "model"):
        if hasattr(v, extra):
            record[extra] = getattr(v, extra)
    return record
