"""Review of the coding in the browser: an analyst sets a cell's level or gap with a reason.

The review is stored as a human coding (``web_review``), beside the machine's; the matrix and the
report keep the machine's levels, the document page shows both, and ``/review`` shows every
review with the agreement between the machine and the reviewers (Cohen's κ, Krippendorff's α,
share of cells agreeing), computed by the exchange package as for any human coding.
"""

from __future__ import annotations

from fastapi import Request
from fastapi.responses import RedirectResponse, Response

from talentflow.web.i18n import Messages
from talentflow.web.observatory import review_agreement
from talentflow.web.pages_public import in_lang, not_found, obs
from talentflow.web.reviews import ReviewError
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
        return Page("error.html", t("The review was not stored"), {"error": str(exc)},
                    {"message": str(exc), "status": 400}, status=400)
    web.audit(request, "review", f"{doc_id} × {category}", detail=f"{r.machine_level}→{r.level} gap={r.gap}")
    return RedirectResponse(f"/documents/{doc_id}#c-{category}", status_code=303)


@page("/review", Need.ANALYST, csv=True)
async def review(request: Request) -> Page:
    """Every review (latest first) and the agreement of the machine's coding with the reviewers'."""
    web = request.app.state.web
    o, lang = obs(request), request.state.lang
    names = {c.id: in_lang(c.name, lang) for c in o.codebook.categories}
    current = web.reviews.current()
    agreement = review_agreement(o, [(r.document, r.category, r.level, r.gap, r.user) for r in current.values()])
    rows = [{"id": r.id, "document": r.document, "category": r.category, "category_name": names.get(r.category, r.category),
             "machine_level": r.machine_level, "machine_gap": r.machine_gap, "level": r.level, "gap": r.gap,
             "reason": r.reason, "user": r.user, "at": r.at.isoformat(),
             "current": current.get((r.document, r.category)) == r} for r in reversed(web.reviews.all())]
    return Page("review.html", Messages(lang)("Review of the coding"), {"agreement": agreement, "reviews": rows},
                {"names": names}, rows=rows,
                columns=["id", "document", "category", "machine_level", "machine_gap", "level", "gap", "reason", "user",
                         "at", "current"])
