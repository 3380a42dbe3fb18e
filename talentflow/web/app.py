"""The FastAPI application: configuration, cookies, security headers, rendering, refusals.

``create_app`` wires the route registry (``routes``) to the store (``accounts``), the pipeline
snapshot (``observatory``) and the templates (``render``). Pages live in ``pages_public``,
``pages_account``, ``pages_analyst`` and ``pages_review``; this module holds only what every request shares.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import hmac
import os
import secrets
import threading
import time
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from itsdangerous import BadSignature, Signer

from talentflow.report.i18n import LANGS
from talentflow.web import (  # noqa: F401  (their routes are declared on import)
    i18n,
    pages_account,
    pages_analyst,
    pages_diaspora,
    pages_diaspora_profile,
    pages_jobs,
    pages_monitoring,
    pages_public,
    pages_review,
    routes,
    sheets,
)
from talentflow.web.accounts import SESSION_COOKIE, Accounts, User
from talentflow.web.jobs import MAX_BODY, Jobs, Worker
from talentflow.web.observatory import ObservatoryCache, code_files
from talentflow.web.render import templates, to_csv
from talentflow.web.reviews import Reviews
from talentflow.web.tasks import Tasks

PRE_COOKIE = "tf_pre"  # a random id for visitors not signed in, so their forms carry a CSRF token too
#: anonymous answers kept per process (pages × twins × languages); 0 turns reuse off (what the
#: load benchmark measures as "before")
CACHE_SIZE = int(os.environ.get("TALENTFLOW_WEB_CACHE", "512"))
CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
       "connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'")


@dataclass
class Settings:
    """Where the application reads from. ``store_url`` None: the embedded default store."""

    store_url: str | None = None
    corpus: list[Path] | None = None
    country: str = "KAZ"
    reports_dir: Path = field(default_factory=lambda: Path("out/report"))
    worker: bool = True  # run upload jobs in a thread of this process (the embedded default)


class Web:
    """What handlers reach through ``request.app.state.web``."""

    def __init__(self, settings: Settings, observatory: ObservatoryCache | None = None):
        self.settings = settings
        self.accounts = Accounts(settings.store_url)
        self.secret = self.accounts.secret()
        self.signer = Signer(self.secret, salt="talentflow.session")
        self.jobs = Jobs(self.accounts.engine)
        self.reviews = Reviews(self.accounts.engine)
        self._version: tuple[float, tuple[int, ...]] = (-1e9, ())
        # the snapshot depends on the accepted uploads and the statistics, not on the registry
        self.observatory = observatory or ObservatoryCache(
            settings.store_url, settings.corpus, settings.country, generation=lambda: self.data_version()[:2],
            uploaded=self.jobs.write_accepted)
        # the in-process worker rebuilds this process's snapshot at once; other processes see the
        # new data version within a second
        self.tasks = Tasks(settings.store_url, settings.reports_dir, settings.corpus, settings.country, code_files)
        self.worker = (Worker(self.jobs, code_files, on_done=self.changed, tasks=self.tasks)
                       if settings.worker else None)
        self.env = templates()
        self._cache: dict[tuple, tuple[bytes, str | None, dict[str, str]]] = {}
        #: results that pages compute once per data version (keys include :meth:`data_version`)
        self.memo: dict[tuple, Any] = {}
        self.reuse = CACHE_SIZE > 0

    # --- who is asking ------------------------------------------------------------------------

    def session_token(self, request: Request) -> str | None:
        raw = request.cookies.get(SESSION_COOKIE)
        if not raw:
            return None
        try:
            return self.signer.unsign(raw).decode()
        except BadSignature:
            return None

    def current_user(self, request: Request) -> User | None:
        if "user" in request.state._state:
            return request.state.user
        token = self.session_token(request)
        user = self.accounts.session_user(token) if token else None
        request.state.user = user
        return user

    def csrf_token(self, request: Request) -> str:
        """HMAC of the session (or the pre-session id): a form from another site cannot know it."""
        token = self.session_token(request) if self.current_user(request) else None
        basis = token or request.state.pre_session
        return hmac.new(self.secret.encode(), f"csrf:{basis}".encode(), hashlib.sha256).hexdigest()

    def client_ip(self, request: Request) -> str:
        return request.client.host if request.client else ""

    def audit(self, request: Request, action: str, target: str = "", detail: str = "",
              user: User | None = None) -> None:
        self.accounts.record(action, user=user or getattr(request.state, "user", None), target=target,
                             ip=self.client_ip(request), detail=detail)

    # --- reusing anonymous answers ------------------------------------------------------------

    def data_version(self) -> tuple[int, ...]:
        """The store's data version (:meth:`Jobs.data_version`), asked at most once a second."""
        at, version = self._version
        now = time.monotonic()
        if now - at > 1.0:
            version = self.jobs.data_version()
            self._version = (now, version)
        return version

    def warm_up(self) -> None:
        """The snapshot, then the public monitoring tables (what the first visitors ask for)."""
        self.observatory.get()
        # a store without a registry or any other problem: the monitoring page will say so itself
        with contextlib.suppress(Exception):
            pages_monitoring.warm(self)

    def changed(self) -> None:
        """This process changed the store's data (a job, an import): rebuild and re-ask at once."""
        self._version = (-1e9, ())
        self.observatory.invalidate()

    def _cache_key(self, request: Request, fmt: str) -> tuple:
        self.observatory.get()  # (re)built when an upload or a statistics import changed its inputs
        # the registry's part of the version: the monitoring pages are reused until the next import
        return (self.observatory.builds, self.data_version(), fmt, request.url.path, str(request.query_params),
                request.state.lang)

    def cached(self, request: Request, fmt: str) -> Response | None:
        hit = self._cache.get(self._cache_key(request, fmt))
        if hit is None:
            return None
        body, media, headers = hit
        return Response(body, media_type=media, headers=headers)

    def keep(self, request: Request, fmt: str, response: Response) -> None:
        if CACHE_SIZE <= 0:
            return
        if len(self._cache) >= CACHE_SIZE:
            self._cache.pop(next(iter(self._cache)))
        headers = {k: v for k, v in response.headers.items() if k.lower() == "content-disposition"}
        self._cache[self._cache_key(request, fmt)] = (response.body, response.media_type, headers)

    # --- answers ------------------------------------------------------------------------------

    def context(self, request: Request, title: str) -> dict[str, Any]:
        lang = request.state.lang
        path = request.url.path
        return {
            "t": i18n.Messages(lang), "lang": lang, "langs": LANGS, "user": self.current_user(request),
            "csrf": self.csrf_token(request), "title": title, "path": path, "nav": NAV,
        }

    def render(self, request: Request, page: routes.Page, fmt: str) -> Response:
        if fmt == "json":
            return JSONResponse(jsonable_encoder(page.data), status_code=page.status)
        if fmt == "csv":
            name = request.url.path.strip("/").replace("/", "-").removesuffix(".csv") or "index"
            return Response(to_csv(page.rows or [], page.columns or []), status_code=page.status,
                            media_type="text/csv; charset=utf-8",
                            headers={"Content-Disposition": f'attachment; filename="{name}.csv"'})
        if fmt == "xlsx":
            return self.render_xlsx(request, page)
        ctx = self.context(request, page.title) | page.context | {"data": page.data, "page": page}
        base = request.url.path.rstrip("/")
        spec_twins = {"json": f"{base}.json" if base else "/.json"}
        if page.rows is not None:
            spec_twins["csv"] = f"{base}.csv"
            spec_twins["xlsx"] = f"{base}.xlsx"
        ctx["twins"] = spec_twins
        html = self.env.get_template(page.template).render(ctx)
        return HTMLResponse(html, status_code=page.status)

    def render_xlsx(self, request: Request, page: routes.Page) -> Response:
        """The ``.xlsx`` twin: the CSV twin's rows in a workbook, with a sheet saying where they come from."""
        t = i18n.Messages(request.state.lang)
        rows = page.rows or []
        name = request.url.path.strip("/").replace("/", "-").removesuffix(".xlsx") or "index"
        about = [(t("Table"), page.title), (t("Source"), str(request.url.replace(query=""))),
                 (t("Retrieved (UTC)"), dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()),
                 (t("Language"), request.state.lang), (t("Rows"), str(len(rows)))]
        if sheets.is_synthetic(rows, page.data):
            about.append((t("synthetic"), t("Synthetic data (seeded code), labelled in the column 'synthetic'.")))
        if any(r.get("suppressed") is True for r in rows):
            about.append((t("suppressed"), t("Small counts are withheld and written as '{word}'.", word=t("suppressed"))))
        body = sheets.to_xlsx(rows, page.columns or [], name, about)
        return Response(body, status_code=page.status, media_type=sheets.MEDIA_TYPE,
                        headers={"Content-Disposition": f'attachment; filename="{name}.xlsx"'})

    def refuse(self, request: Request, status: int, reason: str, kind: str) -> Response:
        t = i18n.Messages(request.state.lang)
        messages = {
            "sign_in": t("Sign in to see this page."),
            "forbidden": t("Your role does not allow this page."),
            "csrf": t("The form has expired or did not come from this site. Reload the page and try again."),
            "not_found": t("Not found."),
        }
        message = messages.get(reason, reason)
        if kind == "json":
            return JSONResponse({"error": reason, "message": message}, status_code=status)
        ctx = self.context(request, message) | {"message": message, "status": status, "reason": reason}
        return HTMLResponse(self.env.get_template("error.html").render(ctx), status_code=status)


NAV = (
    ("/", "Overview"),
    ("/documents", "Documents"),
    ("/indicators", "Indicators"),
    ("/discrepancies", "Discrepancies"),
    ("/practice", "International practice"),
    ("/recommendations", "Recommendations"),
    ("/monitoring", "Monitoring"),
    ("/reports", "Reports"),
)


def create_app(settings: Settings | None = None, observatory: ObservatoryCache | None = None) -> FastAPI:
    """The observatory web application over ``settings.store_url`` (the embedded store by default)."""
    settings = settings or Settings()
    web = Web(settings, observatory)
    @contextlib.asynccontextmanager
    async def lifespan(_app: FastAPI):
        # build the snapshot while the server starts listening, so the first visitor does not wait
        threading.Thread(target=web.warm_up, name="observatory-warmup", daemon=True).start()
        if web.worker:
            web.worker.start()  # jobs queued while no server ran are picked up now
        yield
        if web.worker:
            web.worker.stop()

    app = FastAPI(title="talentflow observatory", version="0.1.0", docs_url=None, redoc_url=None, lifespan=lifespan,
                  description="Every page has a JSON twin at the same path with .json; tables CSV and XLSX twins with .csv and .xlsx.")
    app.state.web = web

    @app.middleware("http")
    async def per_request(request: Request, call_next):
        if request.method in ("POST", "PUT", "PATCH"):
            length = request.headers.get("content-length")
            if length is None and request.headers.get("transfer-encoding"):
                return Response("a length is required", status_code=411)
            if length is not None and (not length.isdigit() or int(length) > MAX_BODY):
                return Response("request too large", status_code=413)
        query_lang = request.query_params.get("lang")
        request.state.lang = i18n.choose(query_lang, request.cookies.get(i18n.COOKIE),
                                         request.headers.get("accept-language"))
        pre = request.cookies.get(PRE_COOKIE)
        new_pre = not pre or len(pre) > 64
        request.state.pre_session = secrets.token_urlsafe(24) if new_pre else pre
        response = await call_next(request)
        secure = request.url.scheme == "https"
        if query_lang in LANGS:
            response.set_cookie(i18n.COOKIE, query_lang, max_age=365 * 86400, samesite="lax", secure=secure,
                                httponly=True)
        if new_pre:
            response.set_cookie(PRE_COOKIE, request.state.pre_session, samesite="lax", secure=secure,
                                httponly=True)
        h = response.headers
        h.setdefault("Content-Security-Policy", CSP)  # a report file sets its own, stricter one
        h["X-Content-Type-Options"] = "nosniff"
        h["Referrer-Policy"] = "same-origin"
        h["X-Frame-Options"] = "DENY"
        h.setdefault("Cache-Control", "no-store" if getattr(request.state, "user", None) else "no-cache")
        if secure:
            h["Strict-Transport-Security"] = "max-age=31536000"
        return response

    @app.exception_handler(404)
    async def not_found(request: Request, exc: Exception) -> Response:
        kind = "json" if request.url.path.endswith(".json") else "html"
        return web.refuse(request, 404, "not_found", kind)

    static = Path(str(resources.files("talentflow.web") / "static"))
    app.mount("/static", StaticFiles(directory=static), name="static")
    hooks = routes.Hooks(current_user=web.current_user, csrf_token=web.csrf_token, render=web.render,
                         refuse=web.refuse, audit=lambda r, a, t: web.audit(r, a, t), cached=web.cached,
                         keep=web.keep)
    routes.install(app, hooks)
    return app
