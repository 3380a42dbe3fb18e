"""Monitoring pages: the results framework and the cohort indicator tables, the operator's registry
import, and the admin's status of the pseudonymisation key and the store.

Every number comes from the monitoring package's one entry (:func:`talentflow.monitor.open_registry`
and :func:`talentflow.monitor.results_framework`): the pages add no computation. Who sees what:

* the public (and viewers) get the public audience: small cells withheld and shown as withheld;
* analysts and admins get every cell, and every ``.csv``/``.xlsx``/``.json`` download of these pages is
  recorded in the monitor export log (who, when, what, how many rows);
* an operator sees only its own programme: its code is passed into the monitor queries (the
  ``programmes`` filter of the SQL), so another programme's awards are never read; the route
  guard refuses ``/monitoring/{programme}`` of another programme (``Need.PROGRAMME``).
"""

from __future__ import annotations

import datetime as dt
import os
import stat
import tempfile
import threading
from pathlib import Path
from typing import Any

from fastapi import Request
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile

from talentflow.monitor import open_registry, results_framework
from talentflow.monitor.framework import STATUS_LABELS, to_records
from talentflow.monitor.issues import RegistryImportError
from talentflow.monitor.pseudonym import KEY_ENV, PseudonymKeyError, key_file
from talentflow.web.i18n import Messages
from talentflow.web.jobs import MAX_FILE
from talentflow.web.routes import Need, Page, action, page

#: registry files an operator may upload (the monitor package reads csv and xlsx)
REGISTRY_SUFFIXES = (".csv", ".xlsx")
MAX_ISSUES_SHOWN = 50
COLUMNS = ["indicator", "programme", "cohort", "value", "numerator", "denominator", "suppressed", "synthetic"]


def _registry(request: Request):
    """The registry on the application's store (one engine shared with the accounts)."""
    return open_registry(engine=request.app.state.web.accounts.engine)


def _audience(request: Request) -> str:
    user = request.state.user
    return "analyst" if user is not None and user.role in ("analyst", "admin") else "public"


def _scope(request: Request) -> list[str] | None:
    """The programmes an operator may read (its own); ``None`` for everyone else (all)."""
    user = request.state.user
    if user is not None and user.role == "operator":
        return [user.programme] if user.programme else []
    return None


def _twin(request: Request) -> str | None:
    path = request.url.path
    return path.rsplit(".", 1)[1] if path.endswith((".csv", ".json", ".xlsx")) else None


def _record_export(request: Request, registry, audience: str, rows: int) -> None:
    """Every analyst download of an unsuppressed table goes into the monitor export log."""
    if audience == "analyst" and _twin(request):
        what = f"web {request.url.path}" + (f"?{request.url.query}" if request.url.query else "")
        registry.log_export(what, audience, rows, who=request.state.user.name)
        request.app.state.web.audit(request, "monitor.export", request.url.path, detail=f"{rows} rows")


def _cell_rows(table, lang: str) -> list[dict[str, Any]]:
    rows = []
    for c in table.cells:
        if c.group.get("cohort") is None:
            continue
        ind = table.catalogue.get(c.indicator)
        rows.append({"indicator": c.indicator, "name": ind.label(lang), "unit": ind.unit,
                     "programme": c.group.get("programme"), "cohort": c.group.get("cohort"),
                     "value": None if c.suppressed else c.value,
                     "numerator": None if c.suppressed else c.numerator,
                     "denominator": None if c.suppressed else c.denominator, "suppressed": c.suppressed})
    return rows


def _chart(row: dict[str, Any]) -> dict[str, Any]:
    """uPlot columns: the series by year and, when a sourced target exists, a target line."""
    years = sorted({p["year"] for p in row["series"]} | ({row["target"]["year"]} if row["target"] else set()))
    if not years:
        return {"x": [], "series": []}
    years = list(range(years[0], years[-1] + 1))
    by_year = {p["year"]: p["value"] for p in row["series"]}
    series = [{"label": row["name"], "values": [by_year.get(y) for y in years]}]
    if row["target"]:
        series.append({"label": f"target {row['target']['year']}", "values": [row["target"]["value"]] * len(years)})
    return {"x": years, "series": series}


MEMO_SIZE = 16
_COMPUTING = threading.Lock()


def _computed(web, registry, audience: str, scope: list[str] | None):
    """The framework and the cohort table of one audience and scope, computed once per data version.

    They are the expensive part (the framework asks the registry for every year of every
    indicator) and the same for the page, its twins, every language and every programme's page, so
    a process keeps them until the store's data version changes (an upload, a statistics or a
    registry import: :meth:`talentflow.web.app.Web.data_version`)."""
    observatory = web.observatory.get()
    key = (web.observatory.builds, web.data_version(), audience, tuple(scope) if scope is not None else None)
    memo = web.memo
    hit = memo.get(key)
    if hit is not None:
        return hit
    with _COMPUTING:  # one computation at a time; a request that waited for it finds it done
        hit = memo.get(key)
        if hit is not None:
            return hit
        return _compute(web, memo, key, observatory, registry, audience, scope)


def _compute(web, memo: dict, key: tuple, observatory, registry, audience: str, scope: list[str] | None):
    # an operator's programme is a filter of the SQL (scope); everyone else reads all programmes
    raw = results_framework(observatory.observations, registry=registry, audience=audience, programmes=scope)
    # one programme's page shows that programme's rows of the table of all programmes, so its
    # withheld cells are the same as on /monitoring (a table suppressed on its own could show a
    # cell that the full table withholds to protect another programme's)
    table = (registry.indicators(by=("cohort",), audience=audience, programmes=scope)
             if registry.has_data() else None)
    if not web.reuse:
        return raw, table
    if len(memo) >= MEMO_SIZE:
        memo.pop(next(iter(memo)))
    memo[key] = (raw, table)
    return raw, table


def warm(web) -> None:
    """Compute the public monitoring tables when the server starts (``create_app``'s warm-up
    thread), so the first visitor does not wait for them on a large registry."""
    registry = open_registry(engine=web.accounts.engine)
    try:
        if registry.has_data():
            _computed(web, registry, "public", None)
    finally:
        registry.close()


def _monitoring(request: Request, programme: str | None) -> Page:
    lang = request.state.lang
    t = Messages(lang)
    audience, scope = _audience(request), _scope(request)
    registry = _registry(request)
    try:
        if programme is not None and programme not in registry.programmes:
            from talentflow.web.pages_public import not_found

            return not_found(request)
        raw, table = _computed(request.app.state.web, registry, audience, scope)
        framework = to_records(raw, lang)
        for r in framework:
            r["chart"] = _chart(r)
        rows = _cell_rows(table, lang) if table is not None else []
        if programme is not None:
            rows = [r for r in rows if r["programme"] == programme]
        programmes = sorted({r["programme"] for r in rows if r["programme"] != "_T"})
        _record_export(request, registry, audience, len(rows))
    finally:
        registry.close()
    title = t("Monitoring") if programme is None else t("Monitoring: {p}", p=programme)
    data = {"audience": audience, "programme": programme, "scope": scope,
            "as_of": table.as_of.isoformat() if table is not None else None,
            "synthetic": table.synthetic if table is not None else [],
            "framework": framework, "cohort_indicators": rows}
    # CSV: a withheld cell says so in each of its number columns (never 0 or blank), as the CLI writes it
    synthetic = set(data["synthetic"])
    table_rows = [r | ({"value": t("suppressed"), "numerator": t("suppressed"), "denominator": t("suppressed")}
                       if r["suppressed"] else {})
                  | {"synthetic": "synthetic" if r["programme"] in synthetic or (r["programme"] == "_T" and synthetic)
                     else ""} for r in rows]
    return Page("monitoring/monitoring.html", title, data,
                {"programmes": programmes, "status_labels": {k: v[lang] for k, v in STATUS_LABELS.items()}},
                rows=table_rows, columns=COLUMNS)


@page("/monitoring", Need.PUBLIC, csv=True, cacheable=True)
async def monitoring(request: Request) -> Page:
    """The results framework and the cohort indicators by programme × cohort (operators: their own)."""
    # in a thread: a first computation on a large registry must not hold up every other request
    return await run_in_threadpool(_monitoring, request, None)


@page("/monitoring/{programme}", Need.PROGRAMME, csv=True, cacheable=True)
async def monitoring_programme(request: Request, programme: str) -> Page:
    """One programme's cohort indicators by cohort, and the framework read on it."""
    return await run_in_threadpool(_monitoring, request, programme)


# --- the operator's import ---------------------------------------------------------------------

def _import_page(request: Request, issues: list[str] | None = None, result: dict | None = None,
                 status: int = 200, total: int = 0) -> Page:
    t = Messages(request.state.lang)
    user = request.state.user
    data = {"programme": user.programme, "issues": issues or [], "issues_total": total, "result": result}
    return Page("monitoring/import.html", t("Import a registry file"), data,
                {"suffixes": REGISTRY_SUFFIXES, "max_mb": MAX_FILE // (1024 * 1024)}, status=status)


@page("/registry/import", Need.OPERATOR)
async def registry_import_form(request: Request) -> Page:
    """Upload a participant list of the operator's programme (csv or xlsx)."""
    return _import_page(request)


@action("/registry/import", Need.OPERATOR)
async def registry_import(request: Request) -> Page:
    """Check the whole file with the monitor package's import; write it only when no row has an error."""
    web, lang = request.app.state.web, request.state.lang
    t = Messages(lang)
    user = request.state.user
    form = await request.form(max_files=2)
    upload = form.get("file")
    if not isinstance(upload, UploadFile) or not upload.filename:
        return _import_page(request, [t("Choose a file.")], status=400)
    name = Path(upload.filename).name
    suffix = Path(name).suffix.lower()
    if suffix not in REGISTRY_SUFFIXES:
        return _import_page(request, [t("{name}: only csv and xlsx files are read.", name=name)], status=400)
    data = await upload.read(MAX_FILE + 1)
    if len(data) > MAX_FILE:
        return _import_page(request, [t("{name}: larger than {n} MB.", name=name, n=MAX_FILE // (1024 * 1024))],
                            status=400)
    only = user.programme if user.role == "operator" else None
    if user.role == "operator" and not only:
        return _import_page(request, [t("This account has no programme.")], status=403)
    registry = _registry(request)
    with tempfile.TemporaryDirectory(prefix="tf-registry-") as tmp:
        path = Path(tmp) / f"upload{suffix}"
        path.write_bytes(data)
        try:
            result = registry.import_file(path, only_programme=only, display_name=name)
        except RegistryImportError as exc:
            web.audit(request, "registry.import.refused", name, detail=f"{len(exc.issues)} errors")
            return _import_page(request, [i.render(lang) for i in exc.issues[:MAX_ISSUES_SHOWN]], status=400,
                                total=len(exc.issues))
        except PseudonymKeyError as exc:
            return _import_page(request, [str(exc)], status=500)
        finally:
            registry.close()
    web.changed()  # the monitoring pages reused for the public are computed again
    summary = {"file": name, "rows": result.rows, "new": result.new, "updated": result.updated,
               "unchanged": result.unchanged, "changes": result.describe_changes()}
    web.audit(request, "registry.import", name,
              detail=f"rows {result.rows}, new {result.new}, updated {result.updated}")
    return _import_page(request, result=summary)


# --- admin: key and store status ----------------------------------------------------------------

def key_status() -> dict[str, Any]:
    """Whether a pseudonymisation key is configured and where from — never the key, nor its length."""
    if os.environ.get(KEY_ENV):
        return {"configured": True, "source": "environment", "where": f"${KEY_ENV}", "problem": None}
    path = key_file()
    if not path.exists():
        return {"configured": False, "source": None, "where": str(path),
                "problem": "missing: the first import creates it"}
    mode = stat.S_IMODE(path.stat().st_mode)
    problem = f"readable by other users (mode {mode:o})" if mode & 0o077 else None
    return {"configured": problem is None, "source": "file", "where": str(path), "problem": problem}


def store_status(engine) -> dict[str, Any]:
    from talentflow.db import migrate
    from talentflow.db.location import describe

    current = migrate.revision(engine)
    head = migrate.head()
    return {"store": describe(engine.url), "dialect": engine.dialect.name, "revision": current, "head": head,
            "up_to_date": current == head}


@page("/admin/status", Need.ADMIN)
async def admin_status(request: Request) -> Page:
    """The pseudonymisation key's status (configured or not, where from) and the store's revision."""
    web = request.app.state.web
    registry = _registry(request)
    try:
        info = registry.info()
    finally:
        registry.close()
    data = {"key": key_status(), "store": store_status(web.accounts.engine),
            "registry": {k: info[k] for k in ("participants", "awards", "events", "publications")},
            "exports": info["exports"][-20:], "checked": dt.datetime.now(dt.UTC).isoformat(timespec="seconds")}
    return Page("monitoring/status.html", Messages(request.state.lang)("Status"), data)
