"""Compose the ``ReportModel`` from ``ReportInputs``: key findings first, then one section per
stage. Pure: no files are read here, so tests can compose reports from constructed inputs."""

from __future__ import annotations

import datetime as dt

from talentflow import __version__
from talentflow.report.compose_method import method_section
from talentflow.report.compose_monitor import monitor_section
from talentflow.report.compose_policy import category_name, coverage_rows, doc_title, gap_findings
from talentflow.report.compose_policy import policy_section as _policy
from talentflow.report.compose_practice import practice_section, recommendations_section
from talentflow.report.compose_stats import (
    SERIES,
    indicator_label,
    series,
    series_label,
    stats_section,
    year_value,
)
from talentflow.report.i18n import Lang
from talentflow.report.inputs import ReportInputs
from talentflow.report.model import Paragraph, ReportMeta, ReportModel, Section

#: Catalogue indicators that carry the paper's argument about intellectual migration: who leaves
#: (the tertiary-educated), where students go, and how intense study abroad is per capita.
HEADLINES = (
    "tertiary_share_emigrants",
    "students_abroad_top1_destination_share",
    "outbound_mobility_ratio",
    "students_abroad_per_capita_rank",
)


def key_findings(inp: ReportInputs, L: Lang) -> Section:
    """The few numbers and judgements that matter, each pointing at the section it comes from."""
    sec = Section("findings", L.t("Key findings"))
    out = sec.blocks
    pol = inp.policy
    if pol is not None and pol.matrix.documents:
        m = pol.matrix
        top = max(((m.cell(d.id, c).level, c, d) for d in m.documents for c in m.categories),
                  key=lambda t: t[0])
        out.append(Paragraph(L.t("Policy documents coded: {docs}; categories: {cats}. The deepest level reached is "
                                 "{level} of 4 ({category}, {document}).",
                                 docs=L.num(len(m.documents)), cats=L.num(len(m.categories)), level=top[0],
                                 category=category_name(pol.codebook, top[1], L), document=L.inner(doc_title(top[2]))),
                             link="policy-matrix"))
        never, stated = gap_findings(pol, L)
        out.append(Paragraph(L.t("Categories never above level 1: {n} of {total}; absences stated by the "
                                 "documents themselves: {stated}.", n=L.num(len(never)),
                                 total=L.num(len(m.categories)), stated=L.num(len(stated))), link="policy-gaps"))
        rows = coverage_rows(m, full_only=True)
        if rows:
            d, c = rows[-1]
            out.append(Paragraph(L.t("Coverage of the latest document read in full ({document}, {year}): {coverage}.",
                                     document=L.inner(doc_title(d)), year=d.date.year, coverage=L.pct(c)),
                                 link="policy-time"))
        incomplete = [d for d in m.documents if d.completeness != "full"]
        if incomplete:
            out.append(Paragraph(L.t("Documents present only in part or through secondary sources: {n} of {total}; "
                                     "their cells are marked.", n=L.num(len(incomplete)),
                                     total=L.num(len(m.documents))), link="policy-matrix", kind="note"))
    else:
        out.append(Paragraph(L.t("No policy documents were analysed."), link="policy", kind="note"))
    st = inp.stats
    if st is not None and st.observations:
        s = series(st.observations, inp.country)
        for ind in SERIES:
            years = [y for y, by in s.items() if ind in by]
            if years:
                y = years[-1]
                out.append(Paragraph(L.t("{indicator}, {year}: {value}.", indicator=series_label(ind, L), year=y,
                                         value=L.num(year_value(s[y][ind]))), link="statistics-series"))
        for ind in HEADLINES:
            vals = [v for v in st.indicators if v.indicator == ind and v.value is not None and v.area == inp.country]
            if not vals:
                continue
            v = max(vals, key=lambda v: (v.year or 0, v.period in ("Y", "")))
            value = L.num(v.value) + (" %" if v.unit == "percent" else "")
            if v.year is None:
                text = L.t("{indicator}: {value}.", indicator=indicator_label(v, st, L), value=value)
            else:
                when = f"{v.year}" + ("" if v.period in ("Y", "") else f" {v.period}")
                text = L.t("{indicator}, {year}: {value}.", indicator=indicator_label(v, st, L), year=when, value=value)
            out.append(Paragraph(text, link="statistics-indicators"))
        flagged = [d for d in st.discrepancies if d.flagged]
        out.append(Paragraph(L.t("Quantities reported differently by different sources: {n}, of which above "
                                 "the threshold: {flagged}.", n=L.num(len(st.discrepancies)),
                                 flagged=L.num(len(flagged))), link="statistics-discrepancies"))
        if st.projection:
            last = st.projection[-1]
            out.append(Paragraph(L.t("Projection for {year} (not an observation): {value}.", year=last.year,
                                     value=L.num(last.value, 0)), link="statistics-projection", kind="projection"))
    else:
        out.append(Paragraph(L.t("No migration statistics were available."), link="statistics", kind="note"))
    if inp.practice is not None and inp.practice.recommendations:
        out.append(Paragraph(L.t("Recommendations generated by rules from the measured gaps: {n}.",
                                 n=L.num(len(inp.practice.recommendations))), link="recommendations"))
    if inp.synthetic:
        out.append(Paragraph(L.t("This report is built from synthetic inputs and describes no real country's "
                                 "policy or statistics."), link="methodology-labels", kind="synthetic"))
    return sec


def created_from_inputs(inp: ReportInputs) -> dt.datetime:
    """A creation time fixed by the inputs, for a reproducible DOCX: the latest document date or
    date a figure was retrieved (the latest data year only when neither is known; data may
    hold target years in the future)."""
    dates: list[dt.date] = []
    if inp.policy is not None:
        dates += [d.date for d in inp.policy.matrix.documents if d.date]
    if inp.stats is not None:
        dates += [o.retrieved for o in inp.stats.observations if o.retrieved]
        if not dates:
            dates += [dt.date(o.year, 12, 31) for o in inp.stats.observations if o.year]
    day = max(dates, default=dt.date(2000, 1, 1))
    return dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC)


def compose(inp: ReportInputs, lang: str = "en") -> ReportModel:
    L = Lang(lang)
    gen = inp.generated if inp.generated.tzinfo else inp.generated.replace(tzinfo=dt.UTC)
    generated_text = L.datetime(gen)
    country = L.country(inp.country)
    title = L.t("Intellectual migration: {country}", country=country)
    subtitle = L.t("Observatory report — policy documents, migration statistics, international practice")
    if inp.synthetic:
        subtitle += " · " + L.t("synthetic data")
    meta = ReportMeta(title=title, subtitle=subtitle, country=inp.country, country_name=country, lang=lang,
                      version=__version__, generated=gen, generated_text=generated_text,
                      created=created_from_inputs(inp), hashes=dict(inp.hashes), synthetic=inp.synthetic)
    sections = [
        key_findings(inp, L),
        _policy(inp.policy, L, inp.missing.get("policy", "")),
        stats_section(inp.stats, inp.country, L, inp.missing.get("stats", "")),
        practice_section(inp.practice, inp.country, L, inp.missing.get("practice", "")),
        recommendations_section(inp.practice, L, inp.missing.get("practice", ""),
                                (lambda c: category_name(inp.policy.codebook, c, L)) if inp.policy else None),
        monitor_section(inp, L),
        method_section(inp, __version__, generated_text, L),
    ]
    labels = {"contents": L.t("Contents"), "page": L.t("Page"), "sources": L.t("Sources"),
              "source": L.t("source"), "legend": L.t("Legend"), "notes": L.t("Notes"),
              "generated": L.t("Generated: {when}", when=generated_text), "see": L.t("see section"),
              "projection": L.t("projection"), "synthetic": L.t("synthetic")}
    return ReportModel(meta=meta, sections=sections, labels=labels)
