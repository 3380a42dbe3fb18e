"""The headline story: an executive summary of 5–8 sentences and the key findings, grouped.

Every sentence is produced by a rule from the results (the matrix, the flow series, the
indicators, the checks, the recommendations), never written by hand for a country, and links to
the section that holds its evidence. A rule whose inputs are absent says nothing, so a report
for another country or with fewer inputs gets a shorter, still true, summary. Projections are
never findings: they stay a chart with their interval in the statistics section.
"""

from __future__ import annotations

from collections.abc import Iterator

from talentflow.report.compose_policy import category_name, coverage_rows, doc_title, gap_findings
from talentflow.report.compose_stats import (
    SERIES,
    breakdown_words,
    indicator_label,
    series,
    series_label,
    year_value,
)
from talentflow.report.i18n import Lang
from talentflow.report.inputs import ReportInputs
from talentflow.report.model import Paragraph, Section
from talentflow.report.names import short_title, year_period
from talentflow.stats.results import IndicatorValue

#: indicators about who leaves and where students go, in the order a reader needs them
FLOW_HEADLINES = ("tertiary_share_emigrants", "tertiary_share_immigrants", "emigrants_top1_destination_share")
STUDENT_HEADLINES = ("outbound_mobility_ratio", "students_abroad_top1_destination_share", "students_abroad_per_100k")
PROGRAMME_HEADLINES = ("kandas_arrivals", "kandas_by_education")
TREND_SPAN = 5  # years back for "which way they move"


def _whole_years(values: list[IndicatorValue], indicator: str, country: str) -> list[IndicatorValue]:
    return [v for v in values if v.indicator == indicator and v.value is not None and v.area == country
            and v.period in ("Y", "") and v.year is not None]


def _latest(values: list[IndicatorValue], indicator: str, country: str) -> IndicatorValue | None:
    """The latest whole-year value; a part-year one (named as such) only where no whole year exists."""
    vals = _whole_years(values, indicator, country) or [
        v for v in values if v.indicator == indicator and v.value is not None and v.area == country
        and v.year is not None]
    return max(vals, key=lambda v: v.year or 0) if vals else None


def _latest_parts(values: list[IndicatorValue], indicator: str, country: str) -> list[IndicatorValue]:
    """The values of the latest whole year, one per breakdown (education levels, age groups)."""
    vals = _whole_years(values, indicator, country)
    if not vals:
        return []
    top = max(v.year or 0 for v in vals)
    parts: dict[str, IndicatorValue] = {}
    for v in vals:
        if v.year == top:
            parts.setdefault(getattr(v, "breakdown", "") or "", v)
    return sorted(parts.values(), key=lambda v: -(v.value or 0))


def _value(v: IndicatorValue, L: Lang) -> str:
    return L.num(v.value) + (" %" if v.unit == "percent" else "")


# --- the executive summary -------------------------------------------------------------------


def summary_sentences(inp: ReportInputs, L: Lang) -> Iterator[Paragraph]:
    """5–8 sentences a minister could read, each linked to its evidence."""
    yield from _documents(inp, L)
    yield from _reproduction(inp, L)
    yield from _numbers(inp, L)
    yield from _disagreements(inp, L)
    yield from _top_recommendations(inp, L)


def _documents(inp: ReportInputs, L: Lang) -> Iterator[Paragraph]:
    pol = inp.policy
    if pol is None or not pol.matrix.documents:
        yield Paragraph(L.t("No policy documents were analysed."), link="policy", kind="note")
        return
    m, cb = pol.matrix, pol.codebook
    best = {c: max(m.documents, key=lambda d, c=c: m.cell(d.id, c).level) for c in m.categories}
    level = {c: m.cell(best[c].id, c).level for c in m.categories}
    recognised = sorted((c for c in m.categories if level[c] >= 2), key=lambda c: (-level[c], m.categories.index(c)))
    never, _stated = gap_findings(pol, L)
    if recognised:
        top = recognised[:3]
        parts = [L.t("{category} (level {level}, {document})", category=category_name(cb, c, L), level=level[c],
                     document=doc_title(best[c], L, pol.labels)) for c in top]
        yield Paragraph(L.t("The documents go furthest on {list}.", list="; ".join(parts)), link="policy-matrix")
    if never:
        yield Paragraph(L.t("No document goes beyond mentioning {list}.", list="; ".join(never[:4])),
                        link="policy-gaps")


def _reproduction(inp: ReportInputs, L: Lang) -> Iterator[Paragraph]:
    """How far the corpus reproduces the reference (the paper's) coding, and why not further."""
    pol = inp.policy
    ref = pol.reference if pol is not None else None
    if pol is None or ref is None:
        return
    ids = {c.doc_id for c in ref.claims}
    present = [d for d in pol.matrix.documents if d.id in ids]
    partial = [d for d in present if d.completeness != "full"]
    missing = [short_title(d, None, pol.labels, L) for d in ref.missing_documents]
    testable = sum(c.status != "not_testable" for c in ref.claims)
    kw = dict(total=L.num(len(ids)), partial=L.num(len(partial)), missing=L.num(len(missing)),
              testable=L.num(testable), claims=L.num(len(ref.claims)))
    if partial or missing:
        text = L.t("The shipped corpus reproduces the paper's coding only in part: of its {total} documents, "
                   "{partial} are present only as the opening of the official text and {missing} are missing, so "
                   "{testable} of its {claims} claims can be tested.", **kw)
        if missing:
            text += " " + L.t("Missing: {names}.", names="; ".join(missing))
    else:
        text = L.t("The corpus holds the full texts of all {total} documents of the paper; {testable} of its {claims} "
                   "claims can be tested.", **kw)
    yield Paragraph(text, link="policy-reference", kind="note" if (partial or missing) else "text")


def _numbers(inp: ReportInputs, L: Lang) -> Iterator[Paragraph]:
    st = inp.stats
    if st is None or not st.observations:
        yield Paragraph(L.t("No migration statistics were available."), link="statistics", kind="note")
        return
    s = series(st.observations, inp.country)
    em = {y: year_value(by["emigrants_permanent"]) for y, by in s.items() if "emigrants_permanent" in by}
    im = {y: year_value(by["immigrants_permanent"]) for y, by in s.items() if "immigrants_permanent" in by}
    if em:
        y1 = max(em)
        kw = dict(year=y1, emigrants=L.num(em[y1]), country=L.country(inp.country))
        if y1 in im:
            text = L.t("In {year}, {emigrants} people left {country} for permanent residence abroad and "
                       "{immigrants} arrived (net {net}).", immigrants=L.num(im[y1]),
                       net=("+" if im[y1] >= em[y1] else "−") + L.num(abs(im[y1] - em[y1])), **kw)
        else:
            text = L.t("In {year}, {emigrants} people left {country} for permanent residence abroad.", **kw)
        yield Paragraph(text, link="statistics-series")
        earlier = [y for y in em if y <= y1 - TREND_SPAN] or [y for y in em if y < y1]
        if earlier:
            y0 = max(earlier)
            change = (em[y1] - em[y0]) / em[y0] if em[y0] else 0.0
            key = ("Emigration rose by {pct} between {y0} and {y1} ({v0} → {v1})." if change > 0.05 else
                   "Emigration fell by {pct} between {y0} and {y1} ({v0} → {v1})." if change < -0.05 else
                   "Emigration stayed about level between {y0} and {y1} ({v0} → {v1}).")
            yield Paragraph(L.t(key, pct=L.pct(abs(change)), y0=y0, y1=y1, v0=L.num(em[y0]), v1=L.num(em[y1])),
                            link="statistics-series")
    share = _latest(st.indicators, "tertiary_share_emigrants", inp.country)
    if share is not None:
        yield Paragraph(L.t("{indicator}, {year}: {value}.", indicator=indicator_label(share, st, L),
                            year=year_period(share.year, share.period, L), value=_value(share, L)),
                        link="statistics-indicators")


def _disagreements(inp: ReportInputs, L: Lang) -> Iterator[Paragraph]:
    st = inp.stats
    if st is None or not st.discrepancies:
        return
    # like-for-like conflicts only (pipeline.conflicts): part-year against year, subtotal
    # against total and the like are not disagreements and are not counted here
    flagged = [d for d in st.discrepancies if d.flagged]
    by: dict[str, int] = {}
    for d in flagged or st.discrepancies:
        by[d.indicator] = by.get(d.indicator, 0) + 1
    worst = max(by, key=lambda k: (by[k], k))
    yield Paragraph(L.t("Sources disagree on {n} figures, {flagged} of them by more than 1 %; most often on "
                        "“{indicator}”. Every value is shown with its source.", n=L.num(len(st.discrepancies)),
                        flagged=L.num(len(flagged)), indicator=L.inner(series_label(worst, L, st))),
                    link="statistics-discrepancies")


def _top_recommendations(inp: ReportInputs, L: Lang) -> Iterator[Paragraph]:
    recs = inp.practice.recommendations if inp.practice is not None else []
    if not recs:
        return
    top = [f"{i}) {r.title_in(L.code)}" for i, r in enumerate(recs[:3], 1)]
    yield Paragraph(L.t("The first recommendations: {list}.", list="; ".join(top)), link="recommendations")


# --- the remaining findings, grouped ---------------------------------------------------------


def grouped_findings(inp: ReportInputs, L: Lang) -> list[Section]:
    """Documents, flows, students, programmes, data quality: each group's findings in order of
    weight (a level reached, then a count; a whole-year figure before a partial one)."""
    groups = [
        ("findings-documents", L.t("Documents"), list(_group_documents(inp, L))),
        ("findings-flows", L.t("Flows"), list(_group_indicators(inp, L, FLOW_HEADLINES, "statistics-indicators"))),
        ("findings-students", L.t("Students"), list(_group_indicators(inp, L, STUDENT_HEADLINES,
                                                                      "statistics-indicators"))),
        ("findings-programmes", L.t("Programmes"), list(_group_programmes(inp, L))),
        ("findings-quality", L.t("Data quality"), list(_group_quality(inp, L))),
    ]
    return [Section(sid, title, blocks) for sid, title, blocks in groups if blocks]


def _group_documents(inp: ReportInputs, L: Lang) -> Iterator[Paragraph]:
    pol = inp.policy
    if pol is None or not pol.matrix.documents:
        return
    m = pol.matrix
    never, stated = gap_findings(pol, L)
    yield Paragraph(L.t("Categories never above level 1: {n} of {total}; absences stated by the documents "
                        "themselves: {stated}.", n=L.num(len(never)), total=L.num(len(m.categories)),
                        stated=L.num(len(stated))), link="policy-gaps")
    rows = coverage_rows(m, full_only=True)
    if rows:
        d, c = max(rows, key=lambda r: r[1])
        yield Paragraph(L.t("The widest coverage among documents read in full: {document}, {coverage}.",
                            document=doc_title(d, L, pol.labels), coverage=L.pct(c)), link="policy-time")
    yield Paragraph(L.t("Policy documents coded: {docs}; categories: {cats}.", docs=L.num(len(m.documents)),
                        cats=L.num(len(m.categories))), link="policy-matrix")


def _group_indicators(inp: ReportInputs, L: Lang, ids: tuple[str, ...], link: str) -> Iterator[Paragraph]:
    st = inp.stats
    if st is None:
        return
    if ids is FLOW_HEADLINES:
        s = series(st.observations, inp.country)
        for ind in SERIES:
            years = [y for y, by in s.items() if ind in by]
            if years:
                y = years[-1]
                yield Paragraph(L.t("{indicator}, {year}: {value}.", indicator=series_label(ind, L), year=y,
                                    value=L.num(year_value(s[y][ind]))), link="statistics-series")
    for ind in ids:
        parts = _latest_parts(st.indicators, ind, inp.country)
        if len(parts) == 1:
            v = parts[0]
            yield Paragraph(L.t("{indicator}, {year}: {value}.", indicator=indicator_label(v, st, L), year=v.year,
                                value=_value(v, L)), link=link)
        elif parts:
            # a distribution: every part by name, largest first
            values = "; ".join(f"{breakdown_words(v, L) or '—'} {_value(v, L)}" for v in parts)
            yield Paragraph(L.t("{indicator}, {year}: {value}.", indicator=indicator_label(parts[0], st, L, False),
                                year=parts[0].year, value=values), link=link)


def _group_programmes(inp: ReportInputs, L: Lang) -> Iterator[Paragraph]:
    p = inp.practice
    if p is not None and p.comparison is not None and p.comparison.rows:
        absent = sum(r.status == "absent" for r in p.comparison.rows)
        yield Paragraph(L.t("Mechanisms used abroad that the country's documents lack: {absent} of {n}.",
                            absent=L.num(absent), n=L.num(len(p.comparison.rows))), link="practice-comparison")
    if p is not None and p.recommendations:
        yield Paragraph(L.t("Recommendations generated by rules from the measured gaps: {n}.",
                            n=L.num(len(p.recommendations))), link="recommendations")
    yield from _group_indicators(inp, L, PROGRAMME_HEADLINES, "statistics-indicators")


def _group_quality(inp: ReportInputs, L: Lang) -> Iterator[Paragraph]:
    st = inp.stats
    if st is not None and st.observations:
        flagged = [d for d in st.discrepancies if d.flagged]
        yield Paragraph(L.t("Quantities reported differently by different sources: {n}, of which above "
                            "the threshold: {flagged}.", n=L.num(len(st.discrepancies)),
                            flagged=L.num(len(flagged))), link="statistics-discrepancies")
    pol = inp.policy
    if pol is not None:
        incomplete = [d for d in pol.matrix.documents if d.completeness != "full"]
        if incomplete:
            yield Paragraph(L.t("Documents present only in part or through secondary sources: {n} of {total}; "
                                "their cells are marked.", n=L.num(len(incomplete)),
                                total=L.num(len(pol.matrix.documents))), link="policy-matrix", kind="note")
