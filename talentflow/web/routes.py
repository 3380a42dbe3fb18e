"""The route registry: every route declares who may use it, next to its handler; one guard enforces it.

``@page(path, need=...)`` registers an HTML page and its ``.json`` twin (and ``.csv`` and ``.xlsx``
when the page is a table); ``@action(path, need=...)`` a state-changing form target (POST, CSRF-checked).
:func:`install` adds them all to the FastAPI application through :func:`guarded`, the one place
where the session is read, the requirement checked, the CSRF token verified and a refusal
answered. Tests build the route × role matrix from :data:`REGISTRY`.
"""

from __future__ import annotations

import enum
import hmac
import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response

from talentflow.web.accounts import User


class Need(enum.Enum):
    """Who may use a route."""

    PUBLIC = "public"  # anyone, signed in or not (every role)
    SIGNED_IN = "signed_in"  # viewer, analyst, operator, admin, expert, institution
    ANALYST = "analyst"  # analyst, admin
    ADMIN = "admin"  # admin only
    EXPERT = "expert"  # a scientist abroad, linked to their ORCID record (diaspora pages)
    INSTITUTION = "institution"  # a home-institution user (diaspora requests), admin
    DIASPORA = "diaspora"  # either side of a diaspora engagement, admin
    #: anyone, except that an operator sees only its own programme (the ``{programme}`` of the path)
    PROGRAMME = "programme"
    OPERATOR = "operator"  # operator (its own programme), admin


ALLOWED: dict[Need, set[str]] = {
    Need.PUBLIC: {"anonymous", "viewer", "analyst", "operator", "admin", "expert", "institution"},
    Need.SIGNED_IN: {"viewer", "analyst", "operator", "admin", "expert", "institution"},
    Need.ANALYST: {"analyst", "admin"},
    Need.ADMIN: {"admin"},
    Need.EXPERT: {"expert"},
    Need.INSTITUTION: {"institution", "admin"},
    Need.DIASPORA: {"expert", "institution", "admin"},
    Need.PROGRAMME: {"anonymous", "viewer", "analyst", "expert", "institution", "admin"},  # + an operator on its own programme
    Need.OPERATOR: {"operator", "admin"},
}


def allows(need: Need, user: User | None, params: dict[str, Any] | None = None) -> bool:
    role = user.role if user else "anonymous"
    if need is Need.PROGRAMME and role == "operator" and user is not None:
        return bool(user.programme) and (params or {}).get("programme") == user.programme
    return role in ALLOWED[need]


@dataclass
class Page:
    """What a page handler returns: a template with its context, the JSON of the page, and rows for CSV."""

    template: str
    title: str
    data: Any
    context: dict[str, Any] = field(default_factory=dict)
    rows: list[dict[str, Any]] | None = None
    columns: list[str] | None = None
    status: int = 200


Handler = Callable[..., Awaitable[Page | Response]]


@dataclass
class RouteSpec:
    path: str
    need: Need
    handler: Handler
    methods: tuple[str, ...] = ("GET",)
    twins: tuple[str, ...] = ()  # "json", "csv"
    name: str = ""
    summary: str = ""
    #: the page depends only on the store's data and the language, so an anonymous visitor's
    #: answer may be reused until the data version changes (an upload, an import)
    cacheable: bool = False

    @property
    def state_changing(self) -> bool:
        return any(m not in ("GET", "HEAD", "OPTIONS") for m in self.methods)

    def urls(self) -> list[tuple[str, str]]:
        """``(method, path)`` of the route and of each of its twins."""
        out = [(m, self.path) for m in self.methods]
        base = self.path.rstrip("/") or ""
        out += [("GET", f"{base}/.{t}" if self.path == "/" else f"{base}.{t}") for t in self.twins]
        return out


REGISTRY: list[RouteSpec] = []


def page(path: str, need: Need, *, csv: bool = False, summary: str = "", cacheable: bool = False
         ) -> Callable[[Handler], Handler]:
    """Declare a page (GET) with its JSON twin, and CSV and XLSX twins when it is a table."""

    def deco(fn: Handler) -> Handler:
        REGISTRY.append(RouteSpec(path, need, fn, ("GET",), ("json", "csv", "xlsx") if csv else ("json",),
                                  fn.__name__, summary or (fn.__doc__ or "").strip().split("\n")[0],
                                  cacheable=cacheable and need in (Need.PUBLIC, Need.PROGRAMME)))
        return fn

    return deco


def action(path: str, need: Need, *, methods: tuple[str, ...] = ("POST",), summary: str = "") -> Callable[[Handler], Handler]:
    """Declare a form target or download; POST/PUT/DELETE ones are CSRF-checked by the guard."""

    def deco(fn: Handler) -> Handler:
        REGISTRY.append(RouteSpec(path, need, fn, methods, (), fn.__name__,
                                  summary or (fn.__doc__ or "").strip().split("\n")[0]))
        return fn

    return deco


# --- the guard --------------------------------------------------------------------------------

@dataclass
class Hooks:
    """What the guard needs from the application (kept out of this module so it stays small)."""

    current_user: Callable[[Request], User | None]
    csrf_token: Callable[[Request], str]
    render: Callable[[Request, Page, str], Response]  # (request, page, "html"|"json"|"csv")
    refuse: Callable[[Request, int, str, str], Response]  # (request, status, reason, "html"|"json")
    audit: Callable[[Request, str, str], None]  # (request, action, target)
    cached: Callable[[Request, str], Response | None] = lambda _r, _f: None  # (request, fmt)
    keep: Callable[[Request, str, Response], None] = lambda _r, _f, _resp: None


async def _csrf_ok(request: Request, expected: str) -> bool:
    sent = request.headers.get("x-csrf-token")
    if sent is None:
        ctype = request.headers.get("content-type", "")
        if ctype.startswith(("application/x-www-form-urlencoded", "multipart/form-data")):
            form = await request.form()
            value = form.get("csrf_token")
            sent = value if isinstance(value, str) else None
    return bool(sent) and hmac.compare_digest(sent, expected)


def guarded(spec: RouteSpec, hooks: Hooks, fmt: str) -> Callable[[Request], Awaitable[Response]]:
    """The endpoint FastAPI calls: who is asking, may they, is the form theirs; then the handler."""

    async def endpoint(request: Request) -> Response:
        user = hooks.current_user(request)
        request.state.user = user
        kind = "json" if fmt == "json" else "html"
        if not allows(spec.need, user, request.path_params):
            if user is not None:
                hooks.audit(request, "access.denied", request.url.path)
            status = 401 if user is None else 403
            return hooks.refuse(request, status, "sign_in" if user is None else "forbidden", kind)
        if spec.state_changing and not await _csrf_ok(request, hooks.csrf_token(request)):
            hooks.audit(request, "csrf.refused", request.url.path)
            return hooks.refuse(request, 403, "csrf", kind)
        reuse = spec.cacheable and user is None
        if reuse and (hit := hooks.cached(request, fmt)) is not None:
            return hit
        result = await spec.handler(request, **request.path_params)
        if isinstance(result, Response):
            return result
        if fmt in ("csv", "xlsx") and result.rows is None:
            return hooks.refuse(request, 404, "not_found", "html")
        response = hooks.render(request, result, fmt)
        if reuse and response.status_code == 200:
            hooks.keep(request, fmt, response)
        return response

    endpoint.__name__ = f"{spec.name}_{fmt}"
    return endpoint


PARAM = re.compile(r"{(\w+)}")


def install(app: FastAPI, hooks: Hooks) -> None:
    """Add every declared route (twins first, so ``/x/{id}.json`` is not read as an id)."""
    for spec in REGISTRY:
        for method, url in spec.urls()[len(spec.methods):]:
            fmt = url.rsplit(".", 1)[1]
            app.add_api_route(url, guarded(spec, hooks, fmt), methods=[method], tags=tags_of(spec),
                              summary=f"{spec.summary} ({fmt})", openapi_extra=_extra(spec),
                              response_class=JSONResponse if fmt == "json" else Response)
    for spec in REGISTRY:
        app.add_api_route(spec.path, guarded(spec, hooks, "html"), methods=list(spec.methods), tags=tags_of(spec),
                          summary=spec.summary, openapi_extra=_extra(spec), response_class=HTMLResponse)


def tags_of(spec: RouteSpec) -> list[str]:
    return [spec.need.value]


def _extra(spec: RouteSpec) -> dict | None:
    params = [{"name": p, "in": "path", "required": True, "schema": {"type": "string"}}
              for p in PARAM.findall(spec.path)]
    return {"parameters": params} if params else None
