"""Public pages: overview, documents and the matrix, indicators, discrepancies, practice,
recommendations, reports, the API description. Each reads the pipeline snapshot and shapes it
for a template, a JSON twin and (tables) a CSV twin; none computes anything of its own."""

from __future__ import annotations

import datetime as dt
import mimetypes
import re
from pathlib import Path
from typing import Any

from babel.numbers import get_decimal_symbol, get_group_symbol
from fastapi import Request
from fastapi.responses import FileResponse, Response

from talentflow.coding.model import LEVELS
from talentflow.locales import LOCALES
from talentflow.report.i18n import country_name
from talentflow.stats.checks import discrepancy_record
from talentflow.stats.indicators import value_record
from talentflow.web.highlight import Span, TextView, text_view
from talentflow.web.i18n import Messages
from talentflow.web.observatory import Observatory
from talentflow.web.routes import REGISTRY, Need, Page, page

REPORT_SUFFIXES = (".html", ".pdf", ".docx", ".xlsx", ".csv", ".png", ".svg")
SAFE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,120}$")


def obs(request: Request) -> Observatory:
    return request.app.state.web.observatory.get()


def tr(request: Request) -> Messages:
    return Messages(request.state.lang)


def in_lang(d: dict[str, str] | None, lang: str) -> str:
    d = d or {}
    return d.get(lang) or d.get("en") or next(iter(d.values()), "")


def not_found(request: Request) -> Page:
    return Page("error.html", tr(request)("Not found."), {"error": "not_found"},
                {"message": tr(request)("Not found."), "status": 404}, status=404)


# --- overview ---------------------------------------------------------------------------------


@page("/", Need.PUBLIC, cacheable=True)
async def overview(request: Request) -> Page:
    """Key findings: what the observatory holds and what it found."""
    o, lang = obs(request), request.state.lang
    m = o.matrix
    levels = {c: max((m.cell(d.id, c).level for d in m.documents), default=0) for c in m.categories}
    gaps = {c: sum(m.cell(d.id, c).gap for d in m.documents) for c in m.categories}
    cats = {c.id: c for c in o.codebook.categories}
    data = {
        "country": o.country,
        "documents": len(m.documents),
        "categories": [{"id": c, "name": in_lang(cats[c].name, lang) if c in cats else c,
                        "max_level": levels[c], "gap_documents": gaps[c]} for c in m.categories],
        "observations": len(o.observations),
        "indicators_with_values": len({v.indicator for v in o.indicators if v.value is not None}),
        "discrepancies_flagged": sum(d.flagged for d in o.discrepancies),
        "discrepancies": len(o.discrepancies),
        "recommendations": [{"id": r.id, "title": r.title_in(lang)} for r in o.recommendations],
        "levels": {k: v[lang] for k, v in LEVELS.items()},
    }
    return Page("overview.html", tr(request)("Overview"), data)


# --- documents and the matrix -----------------------------------------------------------------


def _doc_row(o: Observatory, d: Any) -> dict[str, Any]:
    row = {"id": d.id, "title": d.title or d.id, "date": d.date.isoformat() if d.date else None,
           "act_type": d.act_type, "language": d.language, "completeness": d.completeness,
           "source_url": d.source_url, "coverage": round(o.matrix.coverage.get(d.id, 0.0), 3)}
    for c in o.matrix.categories:
        cell = o.matrix.cell(d.id, c)
        row[c] = cell.level
        row[f"{c}_gap"] = cell.gap
    return row


@page("/documents", Need.PUBLIC, csv=True, cacheable=True)
async def documents(request: Request) -> Page:
    """The document × category matrix: depth 0–4 and acknowledged gaps per cell."""
    o, lang = obs(request), request.state.lang
    rows = [_doc_row(o, d) for d in o.matrix.documents]
    cats = {c.id: in_lang(c.name, lang) for c in o.codebook.categories}
    columns = ["id", "title", "date", "act_type", "language", "completeness", "source_url", "coverage"]
    columns += [x for c in o.matrix.categories for x in (c, f"{c}_gap")]
    data = {"codebook": {"id": o.matrix.codebook_id, "version": o.matrix.codebook_version},
            "categories": [{"id": c, "name": cats.get(c, c)} for c in o.matrix.categories], "documents": rows}
    return Page("documents.html", tr(request)("Document × category matrix"), data,
                {"levels": {k: v[lang] for k, v in LEVELS.items()}}, rows=rows, columns=columns)


@page("/documents/{doc_id}", Need.PUBLIC, cacheable=True)
async def document(request: Request, doc_id: str) -> Page:
    """One document: what it is, and each category's level with the evidence quotes."""
    o, lang = obs(request), request.state.lang
    meta = next((d for d in o.matrix.documents if d.id == doc_id), None)
    if meta is None:
        return not_found(request)
    cats = {c.id: in_lang(c.name, lang) for c in o.codebook.categories}
    cells = []
    for c in o.matrix.categories:
        cell = o.matrix.cell(doc_id, c)
        cells.append({"category": c, "name": cats.get(c, c), "level": cell.level,
                      "level_text": LEVELS.get(cell.level, {}).get(lang, ""), "gap": cell.gap,
                      "segments": cell.n_segments,
                      "quotes": [{"text": q.text, "start": q.start, "end": q.end, "level": q.level, "gap": q.gap,
                                  "rule": q.rule, "source_url": q.source_url} for q in cell.quotes]})
    data = {"document": {k: v.isoformat() if isinstance(v, dt.date) else v for k, v in vars(meta).items()
                         if k != "path"},
            "coverage": o.matrix.coverage.get(doc_id), "cells": cells}
    user = request.state.user
    context: dict[str, Any] = {"can_review": bool(user and user.role in ("analyst", "admin"))}
    added = []
    if context["can_review"]:  # the reviewers' levels, beside the machine's (never instead of them)
        current = request.app.state.web.reviews.current(doc_id)
        for c in cells:
            r = current.get((doc_id, c["category"]))
            c["review"] = None if r is None else {"level": r.level, "gap": r.gap, "reason": r.reason, "user": r.user,
                                                  "at": r.at.isoformat()}
        added = human_spans(request.app.state.web.reviews.segments(doc_id))
    view = document_text(request, o, doc_id, added)
    if view is not None:
        data["segments"] = view.spans
        for c in cells:
            c["anchors"] = view.machine.get(c["category"], [])
            c["human_anchors"] = view.human.get(c["category"], [])
    context["text"] = view
    return Page("document.html", meta.title or meta.id, data, context)


def human_spans(added: list[Any]) -> list[Span]:
    """The reviewers' added segments as spans to highlight."""
    return [Span(a.start, a.end, a.category, a.level, a.gap, human=True, user=a.user) for a in added]


def document_text(request: Request, o: Observatory, doc_id: str, added: list[Span]) -> TextView | None:
    """The document's full text with its coded segments marked; None when the text is not held."""
    doc = o.documents.get(doc_id)
    if doc is None:
        return None
    t = tr(request)
    words = {"level": t("level"), "gap": t("acknowledged gap"), "machine": t("Machine"), "human": t("Reviewer")}
    return text_view(doc.text, o.coded.get(doc_id), o.codebook, request.state.lang, words, added)


# --- indicators -------------------------------------------------------------------------------


def _latest(values: list[Any]) -> Any:
    whole = [v for v in values if v.value is not None and v.period == "Y" and not v.counterpart and not v.breakdown]
    pool = whole or [v for v in values if v.value is not None]
    return max(pool, key=lambda v: v.year or -1) if pool else None


@page("/indicators", Need.PUBLIC, csv=True, cacheable=True)
async def indicators(request: Request) -> Page:
    """Indicators of the catalogue with their latest whole-year value and how many values exist."""
    o, lang = obs(request), request.state.lang
    rows = []
    for ind in o.catalogue.indicators:
        values = o.indicator_values(ind.id)
        last = _latest(values)
        rows.append({"id": ind.id, "name": ind.label(lang), "unit": ind.unit, "kind": ind.kind,
                     "values": sum(v.value is not None for v in values),
                     "latest_year": last.year if last else None, "latest_period": last.period if last else None,
                     "latest_value": last.value if last else None,
                     "sources": len({s for v in values for s in v.sources})})
    columns = ["id", "name", "unit", "kind", "values", "latest_year", "latest_period", "latest_value", "sources"]
    return Page("indicators.html", tr(request)("Indicators"), {"country": o.country, "country_name": country_name(o.country, lang), "indicators": rows},
                rows=rows, columns=columns)


def chart_series(values: list[Any]) -> dict[str, Any]:
    """Whole-year values by year, one series per counterpart/breakdown (uPlot's columns); years
    without a value are ``None`` and the line breaks there."""
    pts = [v for v in values if v.value is not None and v.year is not None and v.period == "Y"]
    # every year between the first and the last, so a year without data is a gap, never a drawn line
    years = list(range(min(v.year for v in pts), max(v.year for v in pts) + 1)) if pts else []
    names: dict[str, dict[int, float]] = {}
    for v in pts:
        label = " · ".join(x for x in (v.counterpart or "", v.breakdown or "") if x) or v.area
        names.setdefault(label, {})[v.year] = v.value
    keep = sorted(names, key=lambda n: -len(names[n]))[:8]
    return {"x": years, "series": [{"label": n, "values": [names[n].get(y) for y in years]} for n in keep]}


@page("/indicators/{indicator_id}", Need.PUBLIC, csv=True, cacheable=True)
async def indicator(request: Request, indicator_id: str) -> Page:
    """One indicator: every value with the figures, sources and quotes it comes from."""
    o, lang = obs(request), request.state.lang
    try:
        ind = o.catalogue.get(indicator_id)
    except KeyError:
        return not_found(request)
    values = sorted(o.indicator_values(indicator_id), key=lambda v: (v.year or 0, v.period, v.counterpart or ""))
    records = [value_record(v, o.catalogue, lang) for v in values]
    rows = [{"year": r["year"], "period": r["period"], "value": r["value"], "unit": r["unit"], "area": r["area"],
             "counterpart": r["counterpart"], "breakdown": r["breakdown"], "flags": r["flags"],
             "sources": r["sources"], "note": r["note"]} for r in records]
    data = {"id": ind.id, "name": ind.label(lang), "unit": ind.unit, "definition": ind.definition,
            "source": ind.source, "better": ind.better, "sdg": ind.sdg, "values": records,
            "chart": chart_series(values)}
    symbols = {"group": get_group_symbol(LOCALES[lang]), "decimal": get_decimal_symbol(LOCALES[lang])}
    return Page("indicator.html", ind.label(lang), data, {"symbols": symbols}, rows=rows,
                columns=["year", "period", "value", "unit", "area", "counterpart", "breakdown", "flags", "sources",
                         "note"])


# --- discrepancies ----------------------------------------------------------------------------


@page("/discrepancies", Need.PUBLIC, csv=True, cacheable=True)
async def discrepancies(request: Request) -> Page:
    """Where sources disagree about the same quantity; every value shown with its source."""
    o, lang = obs(request), request.state.lang
    records = [discrepancy_record(d) for d in o.discrepancies]
    # a discrepancy names the published series; the page links the catalogue indicator that reads it
    shown_as: dict[str, Any] = {}
    for ind in o.catalogue.indicators:
        if ind.kind == "value" and ind.select:
            for series in ind.select.indicator:
                shown_as.setdefault(series, ind)
    for r in records:
        ind = shown_as.get(r["indicator"])
        r["catalogue_indicator"] = ind.id if ind else None
        r["indicator_name"] = ind.label(lang) if ind else r["indicator"].replace("_", " ")
    rows = [{k: r[k] for k in ("kind", "indicator", "area", "year", "period", "abs_diff", "rel_diff", "flagged",
                                "note")} | {"values": [o_["value"] for o_ in r["observations"]],
                                            "sources": [o_["source_name"] for o_ in r["observations"]]}
            for r in records]
    return Page("discrepancies.html", tr(request)("Cross-source discrepancies"), {"discrepancies": records},
                rows=rows, columns=["kind", "indicator", "area", "year", "period", "abs_diff", "rel_diff", "flagged",
                                    "values", "sources", "note"])


# --- practice and recommendations -------------------------------------------------------------


@page("/practice", Need.PUBLIC, csv=True, cacheable=True)
async def practice(request: Request) -> Page:
    """International practice, and how far the country's documents go on each mechanism."""
    o, lang = obs(request), request.state.lang
    programmes = [{"id": p.id, "name": in_lang(p.name, lang), "country": p.country, "start": p.start, "end": p.end,
                   "mechanisms": [m.type for m in p.mechanisms], "description": in_lang(p.description, lang),
                   "sources": [{"citation": s.citation, "url": s.url} for s in p.description_sources]}
                  for p in o.practices]
    comparison = [{"mechanism": r.mechanism, "label": r.text(lang), "status": r.status, "best_level": r.best_level,
                   "category": r.category, "programmes": r.programmes, "domestic": r.domestic,
                   "documents": r.documents, "gap_documents": r.gap_documents,
                   "quote": r.quote.text if r.quote else None}
                  for r in (o.comparison.rows if o.comparison else [])]
    rows = [{k: v for k, v in p.items() if k != "sources"} | {"sources": [s["url"] for s in p["sources"]]}
            for p in programmes]
    return Page("practice.html", tr(request)("Catalogue of international practice"),
                {"country": o.country, "country_name": country_name(o.country, lang), "programmes": programmes,
                 "comparison": comparison}, rows=rows,
                columns=["id", "name", "country", "start", "end", "mechanisms", "description", "sources"])


@page("/recommendations", Need.PUBLIC, csv=True, cacheable=True)
async def recommendations(request: Request) -> Page:
    """Recommendations, each with the findings (cells, values, mechanisms) that triggered it."""
    o, lang = obs(request), request.state.lang
    names = {p.id: in_lang(p.name, lang) for p in o.practices}
    recs = []
    for r in o.recommendations:
        recs.append({"id": r.id, "title": r.title_in(lang), "text": r.text_in(lang), "basis": r.basis,
                     "paper_recommendation": r.paper_recommendation, "mechanisms": r.mechanisms,
                     "practices": [{"id": p, "name": names.get(p, p)} for p in r.practices],
                     "triggered_by": [{"kind": f.kind, "category": f.category, "level": f.level, "gap": f.gap,
                                       "documents": f.documents, "gap_documents": f.gap_documents,
                                       "quote": f.quote.text if f.quote else None, "indicator": f.indicator,
                                       "value": f.value, "unit": f.unit, "year": f.year, "period": f.period,
                                       "sources": f.sources, "mechanism": f.mechanism, "status": f.status}
                                      for f in r.triggered_by]})
    rows = [{"id": r["id"], "title": r["title"], "text": r["text"], "basis": r["basis"],
             "paper_recommendation": r["paper_recommendation"], "practices": [p["id"] for p in r["practices"]],
             "mechanisms": r["mechanisms"]} for r in recs]
    return Page("recommendations.html", tr(request)("Recommendations"), {"recommendations": recs}, rows=rows,
                columns=["id", "title", "text", "basis", "paper_recommendation", "practices", "mechanisms"])


# --- reports ----------------------------------------------------------------------------------


def report_files(folder: Path) -> list[Path]:
    if not folder.is_dir():
        return []
    return sorted(f for f in folder.iterdir()
                  if f.is_file() and f.suffix.lower() in REPORT_SUFFIXES and SAFE_NAME.match(f.name))


@page("/reports", Need.PUBLIC, csv=True)
async def reports(request: Request) -> Page:
    """The report files built by ``talentflow report`` (HTML, PDF, DOCX …), for download."""
    folder = request.app.state.web.settings.reports_dir
    rows = [{"name": f.name, "format": f.suffix.lstrip(".").lower(), "bytes": f.stat().st_size,
             "modified": dt.datetime.fromtimestamp(f.stat().st_mtime, dt.UTC).replace(microsecond=0).isoformat(),
             "url": f"/reports/{f.name}"} for f in report_files(folder)]
    return Page("reports.html", tr(request)("Reports"), {"files": rows}, rows=rows,
                columns=["name", "format", "bytes", "modified", "url"])


from talentflow.web.routes import action  # noqa: E402  (declared after the pages it serves)


@action("/reports/{name}", Need.PUBLIC, methods=("GET",))
async def report_file(request: Request, name: str) -> Response | Page:
    """Download one built report file (only files listed on /reports)."""
    folder = request.app.state.web.settings.reports_dir
    match = next((f for f in report_files(folder) if f.name == name), None)
    if match is None:
        return not_found(request)
    media = mimetypes.guess_type(match.name)[0] or "application/octet-stream"
    disposition = "inline" if match.suffix in (".html", ".pdf", ".png", ".svg") else "attachment"
    response = FileResponse(match, media_type=media, content_disposition_type=disposition, filename=match.name)
    if match.suffix in (".html", ".svg"):
        # the report inlines its own styles and SVG; it runs no script and needs nothing from elsewhere
        response.headers["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"
    return response


# --- the API description ----------------------------------------------------------------------


@page("/docs", Need.PUBLIC)
async def api_docs(request: Request) -> Page:
    """The HTTP API: every route, who may use it, and its twins (OpenAPI at /openapi.json)."""
    routes = [{"path": s.path, "methods": list(s.methods), "need": s.need.value, "summary": s.summary,
               "twins": [u for _, u in s.urls()[len(s.methods):]]} for s in REGISTRY]
    return Page("api_docs.html", tr(request)("API"), {"openapi": "/openapi.json", "routes": routes})
