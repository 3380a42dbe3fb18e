"""The analyst's pages: upload documents, watch the coding job, cancel it.

An upload is all or nothing: when any file is refused (type, size, content), none is stored and
the page says which and why. Accepted files are coded by a background job; the job page refreshes
itself while the job runs (a ``<meta>`` refresh, so it works without JavaScript).
"""

from __future__ import annotations

from fastapi import Request
from fastapi.responses import RedirectResponse, Response
from starlette.datastructures import UploadFile

from talentflow.web.i18n import Messages
from talentflow.web.jobs import MAX_FILE, MAX_FILES, SUFFIXES, UploadRefused, check_upload
from talentflow.web.routes import Need, Page, action, page


def _job_record(job) -> dict:
    return {"id": job.id, "kind": job.kind, "status": job.status, "progress": job.progress, "message": job.message,
            "user": job.user, "created": job.created.isoformat(), "finished": job.finished.isoformat()
            if job.finished else None, "files": job.files, "error": job.error, "result": job.result,
            "params": job.params}


def _uploads_page(request: Request, refused: list[str] | None = None, status: int = 200) -> Page:
    t = Messages(request.state.lang)
    rows = [_job_record(j) for j in request.app.state.web.jobs.recent()]
    table = [{k: r[k] for k in ("id", "status", "progress", "user", "created", "finished")} | {"files": r["files"]}
             for r in rows]
    return Page("uploads.html", t("Upload documents"), {"jobs": rows, "refused": refused or []},
                {"refused": refused or [], "suffixes": SUFFIXES, "max_mb": MAX_FILE // (1024 * 1024),
                 "max_files": MAX_FILES}, rows=table,
                columns=["id", "status", "progress", "user", "created", "finished", "files"], status=status)


@page("/uploads", Need.ANALYST, csv=True)
async def uploads(request: Request) -> Page:
    """Upload documents to be coded; the jobs so far."""
    return _uploads_page(request)


@action("/uploads", Need.ANALYST)
async def upload(request: Request) -> Response | Page:
    """Check the files, store them and queue a coding job (nothing is stored if one is refused)."""
    web = request.app.state.web
    t = Messages(request.state.lang)
    form = await request.form(max_files=MAX_FILES + 1)
    files = [f for f in form.getlist("files") if isinstance(f, UploadFile) and f.filename]
    if not files:
        return _uploads_page(request, [t("Choose at least one file.")], 400)
    if len(files) > MAX_FILES:
        return _uploads_page(request, [t("At most {n} files at once.", n=MAX_FILES)], 400)
    checked, refused = [], []
    for f in files:
        data = await f.read(MAX_FILE + 1)
        try:
            checked.append((check_upload(f.filename or "", data), data))
        except UploadRefused as exc:
            refused.append(str(exc))
    if refused:
        web.audit(request, "upload.refused", "; ".join(refused)[:500])
        return _uploads_page(request, refused, 400)
    job_id = web.jobs.submit_upload(request.state.user.name, checked)
    web.audit(request, "upload", f"job {job_id}", detail=", ".join(name for name, _ in checked))
    if web.worker:
        web.worker.wake()
    return RedirectResponse(f"/jobs/{job_id}", status_code=303)


def _job_or_404(request: Request, job_id: str):
    return request.app.state.web.jobs.get(int(job_id)) if job_id.isdigit() else None


@page("/jobs/{job_id}", Need.ANALYST)
async def job(request: Request, job_id: str) -> Page:
    """A job's status and progress; the documents it coded, or why it failed."""
    from talentflow.web.pages_public import not_found

    j = _job_or_404(request, job_id)
    if j is None:
        return not_found(request)
    t = Messages(request.state.lang)
    return Page("job.html", t("Job {n}", n=j.id), _job_record(j), {"active": j.active})


@action("/jobs/{job_id}/cancel", Need.ANALYST)
async def cancel_job(request: Request, job_id: str) -> Response | Page:
    """Cancel a queued or running job (its files never join the matrix)."""
    from talentflow.web.pages_public import not_found

    web = request.app.state.web
    j = _job_or_404(request, job_id)
    if j is None:
        return not_found(request)
    if web.jobs.cancel(j.id):
        web.audit(request, "job.cancel", f"job {j.id}")
    return RedirectResponse(f"/jobs/{j.id}", status_code=303)
