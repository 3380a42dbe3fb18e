"""Review of the coding in the browser: an analyst sets a cell's level or gap with a reason.

The review is stored as a human coding (``web_review``), beside the machine's; the matrix and the
report keep the machine's levels, the document page shows both, and ``/review`` shows every
review with the agreement between the machine and the reviewers (Cohen's κ, Krippendorff's α,
share of cells agreeing), computed by the exchange package as for any human coding.
"""

from __future__ import annotations

from urllib.parse import quote

from fastapi import Request
from fastapi.responses import RedirectResponse, Response

from talentflow.web.i18n import Messages
from talentflow.web.observatory import machine_levels, review_agreement
from talentflow.web.pages_public import document_text, human_spans, in_lang, not_found, obs
from talentflow.web.reviews import HumanCell, ReviewError
from talentflow.web.routes import Need, Page, action, page


@action("/documents/{doc_id}/review", Need.ANALYST)
async def review_cell(request: Request, doc_id: str) -> Response | Page:
    """Store a reviewer's level and gap for one cell of this document, with the reason."""
    web = request.app.state.web
    o = obs(request)
    if doc_id not in {d.id for d in o.matrix.documents}:
        return not_found(request)
    form = await request.form()
    category = str(form.get("category", ""))
    t = Messages(request.state.lang)
    level_text = str(form.get("level", ""))
    cell = o.matrix.cell(doc_id, category)
    try:
        if category not in o.matrix.categories:
            raise ReviewError(t("Unknown category."))
        if not level_text.isdigit():
            raise ReviewError(t("Choose a level from 0 to 4."))
        r = web.reviews.add(document=doc_id, category=category, level=int(level_text), gap=form.get("gap") == "1",
                            machine_level=cell.level, machine_gap=cell.gap, reason=str(form.get("reason", "")),
                            user=request.state.user.name)
    except ReviewError as exc:
        message = t(exc.template, **exc.values)
        return Page("error.html", t("The review was not stored"), {"error": message},
                    {"message": message, "status": 400}, status=400)
    web.audit(request, "review", f"{doc_id} × {category}", detail=f"{r.machine_level}→{r.level} gap={r.gap}")
    back = "/review" if form.get("back") == "review" else ""
    return RedirectResponse(f"/documents/{quote(doc_id, safe='')}{back}#c-{category}", status_code=303)


@page("/review", Need.ANALYST, csv=True)
async def review(request: Request) -> Page:
    """Every review (latest first) and the agreement of the machine's coding with the reviewers'."""
    web = request.app.state.web
    o, lang = obs(request), request.state.lang
    names = {c.id: in_lang(c.name, lang) for c in o.codebook.categories}
    current = web.reviews.current()
    agreement = review_agreement(o, human_levels(web.reviews.human_cells(machine_levels(o))))
    rows = [{"id": r.id, "document": r.document, "category": r.category, "category_name": names.get(r.category, r.category),
             "machine_level": r.machine_level, "machine_gap": r.machine_gap, "level": r.level, "gap": r.gap,
             "reason": r.reason, "user": r.user, "at": r.at.isoformat(),
             "current": current.get((r.document, r.category)) == r} for r in reversed(web.reviews.all())]
    return Page("review.html", Messages(lang)("Review of the coding"), {"agreement": agreement, "reviews": rows},
                {"names": names}, rows=rows,
                columns=["id", "document", "category", "machine_level", "machine_gap", "level", "gap", "reason", "user",
                         "at", "current"])


def human_levels(cells: dict[tuple[str, str], HumanCell]) -> list[tuple[str, str, int, bool, str]]:
    """The reviewers' coding of the touched cells as agreement takes it."""
    return [(h.document, h.category, h.level, h.gap, h.user) for h in cells.values()]


@page("/documents/{doc_id}/review", Need.ANALYST)
async def document_review(request: Request, doc_id: str) -> Page:
    """Review one document: its text with the machine's and the reviewers' segments highlighted, each
    cell beside the reviewers' coding, a form to add a missed segment, and the agreement."""
    web = request.app.state.web
    o, lang = obs(request), request.state.lang
    t = Messages(lang)
    meta = next((d for d in o.matrix.documents if d.id == doc_id), None)
    if meta is None:
        return not_found(request)
    machine = machine_levels(o)
    added = web.reviews.segments(doc_id)
    human_doc = web.reviews.human_cells(machine, doc_id)
    view = document_text(request, o, doc_id, human_spans(added))
    names = {c.id: in_lang(c.name, lang) for c in o.codebook.categories}
    current = web.reviews.current(doc_id)
    cells = []
    for c in o.matrix.categories:
        cell = o.matrix.cell(doc_id, c)
        h = human_doc.get((doc_id, c))
        r = current.get((doc_id, c))
        cells.append({"category": c, "name": names.get(c, c), "level": cell.level, "gap": cell.gap,
                      "human_level": h.level if h else None, "human_gap": h.gap if h else None,
                      "reviewer": h.user if h else None, "review": None if r is None else
                      {"level": r.level, "gap": r.gap, "reason": r.reason, "user": r.user},
                      "anchors": view.machine.get(c, []) if view else [],
                      "human_anchors": view.human.get(c, []) if view else []})
    everyone = web.reviews.human_cells(machine)
    data = {"document": {"id": meta.id, "title": meta.title or meta.id, "language": meta.language},
            "agreement_document": review_agreement(o, human_levels(human_doc)),
            "agreement_all": review_agreement(o, human_levels(everyone)),
            "cells": cells, "segments": view.spans if view else [],
            "added": [{"id": a.id, "start": a.start, "end": a.end, "quote": a.quote, "category": a.category,
                       "category_name": names.get(a.category, a.category), "level": a.level, "gap": a.gap,
                       "reason": a.reason, "user": a.user, "at": a.at.isoformat()} for a in reversed(added)]}
    return Page("document_review.html", t("Review: {title}", title=meta.title or meta.id), data,
                {"text": view, "names": names, "categories": [(c, names.get(c, c)) for c in o.matrix.categories],
                 "error": request.query_params.get("error")})


@action("/documents/{doc_id}/segments", Need.ANALYST)
async def add_segment(request: Request, doc_id: str) -> Response | Page:
    """Store a passage the machine missed as this reviewer's coding (start/end or a verbatim quote)."""
    web = request.app.state.web
    o = obs(request)
    t = Messages(request.state.lang)
    doc = o.documents.get(doc_id)
    if doc is None or doc_id not in {d.id for d in o.matrix.documents}:
        return not_found(request)
    form = await request.form()
    category = str(form.get("category", ""))
    level_text = str(form.get("level", ""))
    try:
        if category not in o.matrix.categories:
            raise ReviewError(t("Unknown category."))
        if not level_text.isdigit():
            raise ReviewError(t("Choose a level from 1 to 4."))
        a = web.reviews.add_segment(document=doc_id, text=doc.text, start=str(form.get("start", "")),
                                    end=str(form.get("end", "")), quote=str(form.get("quote", "")),
                                    category=category, level=int(level_text), gap=form.get("gap") == "1",
                                    reason=str(form.get("reason", "")), user=request.state.user.name)
    except ReviewError as exc:
        message = t(exc.template, **exc.values)
        return Page("error.html", t("The segment was not stored"), {"error": message},
                    {"message": message, "status": 400}, status=400)
    web.audit(request, "review.segment", f"{doc_id} × {category}",
              detail=f"{a.start}–{a.end} level={a.level} gap={a.gap}")
    return RedirectResponse(f"/documents/{quote(doc_id, safe='')}/review#added", status_code=303)


@action("/review/export.qdpx", Need.ANALYST, methods=("GET",))
async def export_reviewed_qdpx(request: Request) -> Response:
    """The REFI-QDA project of the coding with every reviewer's codings as their own selections."""
    import tempfile
    from pathlib import Path

    from talentflow.exchange import export_qdpx
    from talentflow.web.reviews import human_selections

    web = request.app.state.web
    o = obs(request)
    coded = [o.coded[d.id] for d in o.matrix.documents if d.id in o.coded]
    human = human_selections(coded, web.reviews.all(), web.reviews.segments())
    with tempfile.TemporaryDirectory(prefix="talentflow-qdpx-") as tmp:
        body = export_qdpx(coded, o.codebook, Path(tmp) / "project.qdpx", human=human).read_bytes()
    web.audit(request, "export.qdpx", request.url.path, detail=f"{len(coded)} documents, {len(human)} human selections")
    return Response(body, media_type="application/zip",
                    headers={"Content-Disposition": 'attachment; filename="talentflow-reviewed.qdpx"'})


@action("/codebook.css", Need.PUBLIC, methods=("GET",))
async def codebook_css(request: Request) -> Response:
    """The colours of the codebook's categories, for the highlighted segments (a stylesheet, so the
    Content-Security-Policy needs no inline style)."""
    from talentflow.web.highlight import codebook_css as css

    return Response(css(obs(request).codebook), media_type="text/css; charset=utf-8")
