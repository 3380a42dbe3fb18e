"""The analyst's other background jobs: import statistics files, build the report, fetch an adilet act.

Each form checks what it is given and queues a job (``talentflow.web.tasks``); the job page
(``/jobs/{id}``, in ``pages_analyst``) shows its progress, the import report or the built files, and
why it failed. Nothing is written until a job has done all of its work.
"""

from __future__ import annotations

from fastapi import Request
from fastapi.responses import RedirectResponse, Response
from starlette.datastructures import UploadFile

from talentflow.web.i18n import Messages
from talentflow.web.jobs import MAX_FILE, MAX_FILES, UploadRefused
from talentflow.web.pages_analyst import _job_record, _uploads_page
from talentflow.web.routes import Need, Page, action, page
from talentflow.web.tasks import (
    ADILET_LANGS,
    REPORT_FORMATS,
    REPORT_LANGS,
    STATS_KINDS,
    STATS_SUFFIXES,
    check_adilet_id,
    check_stats_upload,
)


def _queued(request: Request, kind: str, files: list[tuple[str, bytes]], params: dict, what: str) -> Response:
    web = request.app.state.web
    job_id = web.jobs.submit(kind, request.state.user.name, files, params)
    web.audit(request, kind, f"job {job_id}", detail=what[:500])
    if web.worker:
        web.worker.wake()
    return RedirectResponse(f"/jobs/{job_id}", status_code=303)


# --- statistics imports --------------------------------------------------------------------------

def _imports_page(request: Request, refused: list[str] | None = None, status: int = 200) -> Page:
    t = Messages(request.state.lang)
    rows = [_job_record(j) for j in request.app.state.web.jobs.recent() if j.kind == "import_stats"]
    return Page("imports.html", t("Import statistics"), {"jobs": rows, "refused": refused or []},
                {"refused": refused or [], "suffixes": STATS_SUFFIXES, "kinds": STATS_KINDS,
                 "max_mb": MAX_FILE // (1024 * 1024), "max_files": MAX_FILES}, status=status)


@page("/imports", Need.ANALYST)
async def imports(request: Request) -> Page:
    """Import statistics files with the importers of ``talentflow import``; the imports so far."""
    return _imports_page(request)


@action("/imports", Need.ANALYST)
async def import_statistics(request: Request) -> Response | Page:
    """Check the files and queue an import (nothing is stored when one is refused)."""
    t = Messages(request.state.lang)
    form = await request.form(max_files=MAX_FILES + 1)
    files = [f for f in form.getlist("files") if isinstance(f, UploadFile) and f.filename]
    kind = form.get("kind") or ""
    if kind not in ("", *STATS_KINDS):
        return _imports_page(request, [t("Unknown importer.")], 400)
    if not files:
        return _imports_page(request, [t("Choose at least one file.")], 400)
    if len(files) > MAX_FILES:
        return _imports_page(request, [t("At most {n} files at once.", n=MAX_FILES)], 400)
    checked, refused = [], []
    for f in files:
        data = await f.read(MAX_FILE + 1)
        try:
            checked.append((check_stats_upload(f.filename or "", data), data))
        except UploadRefused as exc:
            refused.append(str(exc))
    if refused:
        request.app.state.web.audit(request, "import.refused", "; ".join(refused)[:500])
        return _imports_page(request, refused, 400)
    return _queued(request, "import_stats", checked, {"kind": kind}, ", ".join(n for n, _ in checked))


# --- report builds -------------------------------------------------------------------------------

@action("/reports", Need.ANALYST)
async def build_report(request: Request) -> Response:
    """Queue a build of the report (the one ``make report`` builds) in a language and formats."""
    form = await request.form()
    lang = form.get("lang") if form.get("lang") in REPORT_LANGS else "en"
    formats = [f for f in form.getlist("formats") if f in REPORT_FORMATS] or ["html"]
    return _queued(request, "build_report", [], {"lang": lang, "formats": formats}, f"{lang}: {','.join(formats)}")


# --- adilet --------------------------------------------------------------------------------------

@action("/uploads/adilet", Need.ANALYST)
async def fetch_adilet(request: Request) -> Response | Page:
    """Queue the download of an act from adilet.zan.kz by its id; it is then coded like an upload."""
    t = Messages(request.state.lang)
    form = await request.form()
    ref = str(form.get("adilet_id") or "")
    lang = form.get("adilet_lang") if form.get("adilet_lang") in ADILET_LANGS else "rus"
    try:
        adilet_id = check_adilet_id(ref)
    except ValueError:
        return _uploads_page(request, [t("{ref}: not an adilet document id (such as P2200000961) or its address.",
                                         ref=ref[:80] or "—")], 400)
    return _queued(request, "fetch_adilet", [], {"id": adilet_id, "lang": lang}, f"{adilet_id} ({lang})")
