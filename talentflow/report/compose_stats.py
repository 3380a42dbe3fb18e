"""The migration-statistics section: figures, the emigration/immigration/net series, indicators,
cross-source discrepancies and the projection.

Series values are read from whole-year, not-broken-down observations; where sources disagree for
a year the value most sources give is shown (the statistics engine's consensus rule) with a
mark, and every value with its source stays listed under the cell and in the discrepancy table.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from talentflow.report import names
from talentflow.report.charts import projection_chart, stats_charts
from talentflow.report.i18n import Lang
from talentflow.report.inputs import StatsInputs
from talentflow.report.model import Figure, Paragraph, Section, Source, SourceList, Table, TableCell
from talentflow.stats.charts import model_name
from talentflow.stats.indicators import consensus, rank_phrase
from talentflow.stats.model import Observation
from talentflow.stats.results import IndicatorValue

SERIES = ("emigrants_permanent", "immigrants_permanent", "net_migration_external")
WHOLE = {None, "", "WLD"}  # counterpart values meaning "all destinations / origins"


def series_label(indicator: str, L: Lang, stats: StatsInputs | None = None) -> str:
    """An indicator by name: the three flow series, else the catalogue's name, never its id."""
    known = {
        "emigrants_permanent": L.t("Emigrants (permanent residence)"),
        "immigrants_permanent": L.t("Immigrants (permanent residence)"),
        "net_migration_external": L.t("Net external migration"),
    }
    if indicator in known:
        return known[indicator]
    names_ = stats.indicator_names.get(indicator) if stats is not None else None
    if names_:
        return names_.get(L.code) or names_.get("en") or indicator
    return names.series_name(indicator, L) or indicator.replace("_", " ")


def flag_label(flag: str, L: Lang) -> str:
    return {
        "synthetic": L.t("synthetic"), "projection": L.t("projection"), "provisional": L.t("provisional"),
        "estimated": L.t("estimated"), "unsourced": L.t("unsourced"),
    }.get(flag, flag)


def is_total(o: Observation) -> bool:
    return (o.period == "Y" and o.counterpart in WHOLE and not o.breakdown and not o.specialty and o.sex == "_T"
            and o.age == "_T" and o.education == "_T" and o.value is not None and o.year is not None)


def site(url_or_name: str) -> str:
    """A source as short as a table cell allows: the web site for a URL, the name otherwise."""
    if url_or_name.startswith(("http://", "https://")):
        host = urlsplit(url_or_name).netloc
        return host[4:] if host.startswith("www.") else host
    return url_or_name


def source_of(o: Observation) -> Source:
    return Source(label=o.source_name or (o.source_url or ""), url=o.source_url, quote=o.quote)


def series(obs: list[Observation], country: str) -> dict[int, dict[str, list[Observation]]]:
    """Year → indicator → observations (sorted by source) of the three flow series."""
    out: dict[int, dict[str, list[Observation]]] = {}
    for o in obs:
        if o.indicator in SERIES and o.area == country and is_total(o):
            out.setdefault(o.year, {}).setdefault(o.indicator, []).append(o)
    for by_ind in out.values():
        for lst in by_ind.values():
            lst.sort(key=lambda o: (o.source_name, o.source_url or "", o.value))
    return dict(sorted(out.items()))


def year_value(obs: list[Observation]) -> float:
    """One value for a year: the one most sources give (ties: the more precise figure)."""
    return consensus(obs)[0]


def series_table(obs: list[Observation], country: str, L: Lang) -> Table | None:
    s = series(obs, country)
    if not s:
        return None
    rows = []
    several = False
    for year, by_ind in s.items():
        row = [TableCell(str(year))]
        for ind in SERIES:
            lst = by_ind.get(ind, [])
            if not lst:
                row.append(TableCell("—", css="num"))
                continue
            mark = "*" if len({o.value for o in lst}) > 1 else ""
            several |= bool(mark)
            flags = {f for o in lst for f in o.flags}
            text = L.num(year_value(lst)) + (" " + L.t("(synthetic)") if "synthetic" in flags else "")
            row.append(TableCell(text, mark=mark, css="num", details=[source_of(o) for o in lst]))
        rows.append(row)
    notes = [L.t("* sources disagree for this year; the value most sources give is shown, every value is "
                 "listed with its source under “Cross-source discrepancies”.")] if several else []
    return Table([L.t("Year"), *(series_label(i, L) for i in SERIES)], rows,
                 caption=L.t("Emigration, immigration and net migration, persons per year"), footnotes=notes)


def latest(values: list[IndicatorValue]) -> list[IndicatorValue]:
    """Per indicator, the values of its latest whole year (or latest period when it has no whole
    year); values that could not be computed are kept, with the reason in the note."""
    by: dict[str, list[IndicatorValue]] = {}
    for iv in values:
        by.setdefault(iv.indicator, []).append(iv)
    out: list[IndicatorValue] = []
    for ind in sorted(by):
        vals = by[ind]
        whole = [v for v in vals if v.period in ("Y", "") and v.year is not None]
        pool = whole or [v for v in vals if v.year is not None] or vals
        top = max((v.year or 0 for v in pool), default=0)
        out += [v for v in pool if (v.year or 0) == top]
    return out


def indicator_label(iv: IndicatorValue, stats: StatsInputs, L: Lang, with_breakdown: bool = True) -> str:
    given = stats.indicator_names.get(iv.indicator)
    label = (given.get(L.code) or given.get("en")) if given else series_label(iv.indicator, L)
    if iv.counterpart and iv.counterpart not in WHOLE:
        label += f" → {L.country(iv.counterpart)}"
    part = breakdown_words(iv, L)
    return f"{label} ({part})" if part and with_breakdown else label


def breakdown_words(iv: IndicatorValue, L: Lang) -> str:
    """The part of the population a value is about, in words ("higher education", "working age")."""
    given = getattr(iv, "breakdown", "") or ""
    if given:
        words = [names.breakdown(p.split("=", 1)[-1].strip(), L) for p in given.split(";") if p.strip()]
    else:
        breakdowns = {x for o in iv.inputs for x in (o.breakdown, o.age, o.education) if x and x != "_T"}
        words = [names.breakdown(breakdowns.pop(), L)] if len(breakdowns) == 1 else []
    # a free-text remark of the data (English) that has no name in this language is left out
    return ", ".join(w for w in words if L.code == "en" or not re.search(r"[A-Za-z]{3,}", w))


def indicator_table(stats: StatsInputs, L: Lang) -> Table:
    rows = []
    shown = latest(stats.indicators)
    for iv in shown:
        flags = [f for f in iv.flags if f in ("synthetic", "projection", "provisional", "estimated", "unsourced")]
        # a rank is never a bare number: its universe ("6th of the 6 countries compared") and the
        # world rank where a source states one
        number = (rank_phrase(iv, L.code) or L.num(iv.value)) if iv.unit == "rank" else L.num(iv.value)
        value = number + (" (" + ", ".join(flag_label(f, L) for f in flags) + ")" if flags else "")
        srcs = ", ".join(dict.fromkeys(site(x) for x in iv.sources)) or ("—" if iv.value is None else L.t("unsourced"))
        details = [source_of(o) for o in iv.inputs]
        if iv.note:
            # the engine's notes are English technical prose: in full in English, named in other languages
            if iv.note.startswith("not computable"):
                note = L.unit("not computable") + " — " + L.t("the figures it needs are not in the data")
            else:
                note = iv.note if L.code == "en" else ""
            if note:
                details.insert(0, Source(L.t("note"), None, note))
        rows.append([TableCell(indicator_label(iv, stats, L)), TableCell(value, css="" if iv.unit == "rank" else "num"), TableCell(L.unit(iv.unit)),
                     TableCell(names.year_period(iv.year, iv.period, L)), TableCell(srcs, details=details)])
    return Table([L.t("Indicator"), L.t("Value"), L.t("Unit"), L.t("Year"), L.t("Source")], rows,
                 caption=L.t("Indicators: latest year of each ({shown} of {total} computed values)",
                             shown=L.num(len(shown)), total=L.num(len(stats.indicators))))


def discrepancy_rows(stats: StatsInputs, L: Lang) -> list[list[TableCell]]:
    rows = []
    for d in stats.discrepancies:
        vals = "; ".join(f"{L.num(o.value)} ({o.source_name or site(o.source_url or '')})" for o in d.observations)
        rows.append([TableCell(series_label(d.indicator, L, stats)), TableCell(names.year_period(d.year, d.period, L)),
                     TableCell(vals, details=[source_of(o) for o in d.observations]),
                     TableCell(L.pct(d.rel_diff, 1), css="num" + (" flagged" if d.flagged else ""))])
    return rows


def discrepancy_table(stats: StatsInputs, L: Lang) -> Table:
    """Every disagreement with every value and source: the HTML's full table (and the XLSX's)."""
    return Table([L.t("Indicator"), L.t("Year"), L.t("Values and sources"), L.t("Relative difference")],
                 discrepancy_rows(stats, L), caption=L.t("Cross-source discrepancies"), media="screen")


def discrepancy_summary(stats: StatsInputs, L: Lang) -> Table:
    """The disagreements counted by indicator, for the printed report (the full table is in the
    HTML report and in the workbook beside it)."""
    by: dict[str, list] = {}
    for d in stats.discrepancies:
        by.setdefault(d.indicator, []).append(d)
    rows = []
    for ind, ds in sorted(by.items(), key=lambda kv: (-sum(d.flagged for d in kv[1]), -len(kv[1]), kv[0])):
        years = sorted({d.year for d in ds if d.year})
        span = f"{years[0]}–{years[-1]}" if len(years) > 1 else (str(years[0]) if years else "—")
        rows.append([TableCell(series_label(ind, L, stats)), TableCell(L.num(len(ds)), css="num"),
                     TableCell(L.num(sum(d.flagged for d in ds)), css="num"), TableCell(span),
                     TableCell(L.pct(max(d.rel_diff for d in ds), 0), css="num")])
    return Table([L.t("Indicator"), L.t("Disagreements"), L.t("Above the threshold"), L.t("Years"),
                  L.t("Largest relative difference")], rows,
                 caption=L.t("Cross-source discrepancies by indicator (every value with its source: HTML report "
                             "and discrepancies.xlsx)"), media="print")


def not_comparable_kind(kind: str, L: Lang) -> str:
    return {
        "part_year": L.t("a part-year figure reported as the whole year"),
        "other_year": L.t("a figure of another year reported under this year"),
        "undated": L.t("no reference year: it cannot be set against a dated figure"),
        "subtotal": L.t("a subtotal, or a figure of another coverage, read as the total"),
        "parts_of_whole": L.t("parts of one whole read as values of one quantity"),
        "unit": L.t("the same quantity in different units"),
    }.get(kind, kind)


def not_comparable_table(stats: StatsInputs, L: Lang) -> Table:
    """The short list of figures that only look comparable: how many of each kind, and why they
    are not counted as disagreements."""
    counts: dict[str, int] = {}
    for n in stats.not_comparable:
        counts[n.kind] = counts.get(n.kind, 0) + 1
    rows = [[TableCell(not_comparable_kind(k, L)), TableCell(L.num(v), css="num")]
            for k, v in sorted(counts.items(), key=lambda kv: -kv[1])]
    return Table([L.t("Not comparable, and why"), L.t("Cases")], rows,
                 caption=L.t("Figures set aside as not comparable (not counted as disagreements)"))


def projection_history(stats: StatsInputs) -> list[tuple[int, float]]:
    """The observed whole years the projection was fitted to (one value per year)."""
    values = stats.projection.values
    if not values:
        return []
    by: dict[int, list[Observation]] = {}
    for o in values[0].inputs:
        if o.year is not None and o.value is not None:
            by.setdefault(o.year, []).append(o)
    return [(y, consensus(v)[0]) for y, v in sorted(by.items())]


def projection_method(stats: StatsInputs, L: Lang) -> str:
    """The method in the report's language, from the fitted model's own fields."""
    v = stats.projection.values[0]
    history = projection_history(stats)
    span = f"{history[0][0]}–{history[-1][0]}" if history else "—"
    models = ", ".join(model_name(m, L.code) for m in getattr(v, "aicc", {}) or {}) or "—"
    return L.t("Method: model {model}, chosen by the corrected Akaike criterion (AICc) among {models}; fitted to "
               "the whole years {span}, one value per year (the value most sources give).",
               model=model_name(getattr(v, "model", "") or "—", L.code), models=models, span=span)


def projection_blocks(stats: StatsInputs, L: Lang) -> list:
    """The projection as a chart with its interval and a plain caveat; never a finding."""
    p = stats.projection.values
    if not p:
        return [Paragraph(L.t("No projection was computed: the whole-year series is too short or broken."),
                          kind="note")]
    first, last = p[0], p[-1]
    name = series_label(stats.projection.indicator, L, stats)
    png, svg = projection_chart(projection_history(stats), p, L, L.t("{indicator}: projection", indicator=name))
    blocks: list = [
        Paragraph(L.t("This is a projection, not an observation: it extends the past trend and knows nothing of "
                      "policy changes or shocks. The interval is wide; read it as a range, not as a forecast of "
                      "one number."), kind="projection"),
        Figure(L.t("{indicator}: projection", indicator=name), png=png, svg=svg, label="projection",
               caption=L.t("Observed whole years, then the projected median for {y0}–{y1} with its 80 % and 95 % "
                           "intervals; in {y1} the 95 % interval is {lo}–{hi}.", y0=first.year, y1=last.year,
                           lo=L.num(getattr(last, "lower95", None), 0), hi=L.num(getattr(last, "upper95", None), 0))),
        Paragraph(projection_method(stats, L)),
    ]
    rows = [[TableCell(str(r.year)), TableCell(L.num(r.value, 0), css="num"),
             TableCell(f"{L.num(getattr(r, 'lower80', None), 0)}–{L.num(getattr(r, 'upper80', None), 0)}", css="num"),
             TableCell(f"{L.num(getattr(r, 'lower95', None), 0)}–{L.num(getattr(r, 'upper95', None), 0)}", css="num")]
            for r in p]
    blocks.append(Table([L.t("Year"), L.t("Projected value"), L.t("80 % interval"), L.t("95 % interval")], rows,
                        caption=L.t("Projection (labelled as such; not observed data)")))
    return blocks


def stats_section(stats: StatsInputs | None, country: str, L: Lang, missing: str = "") -> Section:
    sec = Section("statistics", L.t("Migration statistics"))
    if stats is None or not stats.observations:
        sec.blocks.append(Paragraph(L.t("No migration statistics were available for this report: {reason}",
                                        reason=missing or L.t("no data")), kind="note"))
        return sec
    own = [o for o in stats.observations if o.area == country]
    sec.blocks.append(Paragraph(L.t(
        "Observations for {country}: {n}, from {sources} sources, years {y0}–{y1}.", country=L.country(country),
        n=L.num(len(own)), sources=L.num(len({o.source_url or o.source_name for o in own})),
        y0=min((o.year for o in own if o.year), default="—"), y1=max((o.year for o in own if o.year), default="—"))))
    if any("synthetic" in o.flags for o in own):
        sec.blocks.append(Paragraph(L.t("These statistics are synthetic (generated for demonstration), "
                                        "not published figures."), kind="synthetic"))
    figs = Section("statistics-figures", L.t("Figures"))
    charts = stats_charts(stats.observations, country, L.code)
    for i, ch in enumerate(charts, 1):
        figs.blocks.append(Figure(L.t("Figure {n}", n=i) + (f". {ch.title}" if ch.title else ""), png=ch.png,
                                  svg=ch.svg))
    if not charts:
        figs.blocks.append(Paragraph(L.t("No charts were produced."), kind="note"))
    table = series_table(stats.observations, country, L)
    ser = Section("statistics-series", L.t("Emigration, immigration and net migration"))
    ser.blocks.append(table if table else Paragraph(L.t("No whole-year flow series in the data."), kind="note"))
    ind = Section("statistics-indicators", L.t("Indicators"))
    ind.blocks.append(indicator_table(stats, L) if stats.indicators else
                      Paragraph(L.t("No indicators were computed."), kind="note"))
    dis = Section("statistics-discrepancies", L.t("Cross-source discrepancies"))
    flagged = [d for d in stats.discrepancies if d.flagged]
    dis.blocks.append(Paragraph(L.t("Quantities reported differently by different sources: {n}, of which above "
                                    "the threshold: {flagged}.", n=L.num(len(stats.discrepancies)),
                                    flagged=L.num(len(flagged)))))
    if stats.discrepancies:
        dis.blocks.append(discrepancy_summary(stats, L))
        dis.blocks.append(discrepancy_table(stats, L))
    if stats.not_comparable:
        dis.blocks.append(not_comparable_table(stats, L))
    proj = Section("statistics-projection", L.t("Projection"), projection_blocks(stats, L))
    used = {o.key(): o for o in own if o.indicator in SERIES and is_total(o)}
    for iv in stats.indicators:
        used.update({o.key(): o for o in iv.inputs})
    srcs = Section("statistics-sources", L.t("Sources of the figures"),
                   [SourceList(L.t("Sources of the figures"), [source_of(o) for o in sorted(
                       used.values(), key=lambda o: (o.indicator, o.year or 0, o.source_name))])])
    sec.subsections = [figs, ser, ind, dis, proj, srcs]
    return sec
