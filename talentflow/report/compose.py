"""Compose the ``ReportModel`` from ``ReportInputs``: the executive summary and key findings
first, then one section per stage. No files are read here, so tests can compose reports from
constructed inputs; charts are drawn here, in the report's language."""

from __future__ import annotations

import datetime as dt

from talentflow import __version__
from talentflow.report.compose_method import method_section
from talentflow.report.compose_monitor import monitor_section
from talentflow.report.compose_policy import category_name
from talentflow.report.compose_policy import policy_section as _policy
from talentflow.report.compose_practice import practice_section, recommendations_section
from talentflow.report.compose_stats import discrepancy_table, series_label, stats_section
from talentflow.report.findings import grouped_findings, summary_sentences
from talentflow.report.i18n import Lang
from talentflow.report.inputs import ReportInputs
from talentflow.report.model import Paragraph, ReportMeta, ReportModel, Section
from talentflow.report.names import doc_name, short_title


def key_findings(inp: ReportInputs, L: Lang) -> Section:
    """The executive summary first, then the remaining findings grouped and ranked."""
    sec = Section("findings", L.t("Key findings"))
    sec.blocks = list(summary_sentences(inp, L))
    if inp.synthetic:
        sec.blocks.append(Paragraph(L.t("This report is built from synthetic inputs and describes no real country's "
                                        "policy or statistics."), link="methodology-labels", kind="synthetic"))
    sec.subsections = grouped_findings(inp, L)
    return sec


def doc_namer(inp: ReportInputs, L: Lang):
    """Document id → short title and year, for the findings behind recommendations."""
    metas = {d.id: d for d in inp.policy.matrix.documents} if inp.policy is not None else {}
    return lambda doc: doc_name(metas[doc], inp.labels, L) if doc in metas else short_title(doc, None, inp.labels, L)


def indicator_namer(inp: ReportInputs, L: Lang):
    """Indicator id → its name in the catalogue (or the report's name of a data series)."""
    stats = inp.stats
    return lambda ind: series_label(ind, L, stats) if stats is not None else None


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
    if inp.policy is not None and not inp.policy.labels:
        inp.policy.labels = inp.labels
    sections = [
        key_findings(inp, L),
        _policy(inp.policy, L, inp.missing.get("policy", "")),
        stats_section(inp.stats, inp.country, L, inp.missing.get("stats", "")),
        practice_section(inp.practice, inp.country, L, inp.missing.get("practice", "")),
        recommendations_section(inp.practice, L, inp.missing.get("practice", ""),
                                (lambda c: category_name(inp.policy.codebook, c, L)) if inp.policy else None,
                                doc_namer(inp, L), indicator_namer(inp, L)),
        monitor_section(inp, L),
        method_section(inp, __version__, generated_text, L),
    ]
    labels = {"contents": L.t("Contents"), "page": L.t("Page"), "sources": L.t("Sources"),
              "source": L.t("source"), "legend": L.t("Legend"), "notes": L.t("Notes"),
              "generated": L.t("Generated: {when}", when=generated_text), "see": L.t("see section"),
              "projection": L.t("projection"), "synthetic": L.t("synthetic")}
    workbooks = {}
    if inp.stats is not None and inp.stats.discrepancies:
        workbooks["discrepancies"] = discrepancy_table(inp.stats, L)
    return ReportModel(meta=meta, sections=sections, labels=labels, workbooks=workbooks)
