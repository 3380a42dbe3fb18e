"""Signing in and out, the account page, and the admin pages (users, audit log).

A successful login always opens a new session with a new random token (the old cookie, if any,
is dropped), so a session id planted before login is worthless after it. Failed logins are
counted per name (lockout) and per address (rate limit), in the database, so every worker sees them.
"""

from __future__ import annotations

from fastapi import Request
from fastapi.responses import RedirectResponse, Response

from talentflow.web.accounts import SESSION_COOKIE
from talentflow.web.i18n import Messages
from talentflow.web.routes import Need, Page, action, page


def safe_next(target: str | None) -> str:
    """Only a path on this site (never ``//host`` or ``https://host``) is followed after login."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/"
    return target


def _login_page(request: Request, message: str = "", status: int = 200, name: str = "", nxt: str = "/") -> Page:
    t = Messages(request.state.lang)
    data = {"action": "/login", "method": "POST", "fields": ["name", "password", "next", "csrf_token"]}
    return Page("login.html", t("Sign in"), data | ({"message": message} if message else {}),
                {"message": message, "name": name, "next": nxt}, status=status)


@page("/login", Need.PUBLIC)
async def login_form(request: Request) -> Page:
    """The sign-in form."""
    return _login_page(request, nxt=safe_next(request.query_params.get("next")))


@action("/login", Need.PUBLIC)
async def login(request: Request) -> Response | Page:
    """Check name and password; on success a new session (new id) and back to where the user was."""
    web = request.app.state.web
    t = Messages(request.state.lang)
    form = await request.form()
    name = str(form.get("name", ""))[:64]
    password = str(form.get("password", ""))[:1024]
    nxt = safe_next(str(form.get("next", "/")))
    ip = web.client_ip(request)
    if web.accounts.throttled(ip):
        web.audit(request, "login.throttled", name)
        return _login_page(request, t("Too many failed sign-ins from this address. Try again later."), 429, name, nxt)
    if web.accounts.locked(name):
        web.accounts.note_attempt(name, ip, False)
        web.audit(request, "login.locked", name)
        return _login_page(request, t("This account is locked for a while after repeated failed sign-ins."),
                           429, name, nxt)
    user = web.accounts.authenticate(name, password)
    web.accounts.note_attempt(name, ip, user is not None)
    if user is None:
        web.audit(request, "login.failed", name)
        return _login_page(request, t("Wrong name or password."), 401, name, nxt)
    old = web.session_token(request)
    if old:
        web.accounts.close_session(old)
    token = web.accounts.open_session(user)
    web.audit(request, "login", user.name, user=user)
    response = RedirectResponse(nxt, status_code=303)
    response.set_cookie(SESSION_COOKIE, web.signer.sign(token).decode(), httponly=True, samesite="lax",
                        secure=request.url.scheme == "https", max_age=7 * 86400)
    return response


@action("/logout", Need.SIGNED_IN)
async def logout(request: Request) -> Response:
    """End the session here and in the database."""
    web = request.app.state.web
    token = web.session_token(request)
    if token:
        web.accounts.close_session(token)
    web.audit(request, "logout", request.state.user.name)
    response = RedirectResponse("/", status_code=303)
    response.delete_cookie(SESSION_COOKIE)
    return response


@page("/account", Need.SIGNED_IN)
async def account(request: Request) -> Page:
    """Who is signed in, with which role."""
    u = request.state.user
    return Page("account.html", Messages(request.state.lang)("Account"),
                {"name": u.name, "role": u.role, "programme": u.programme})


@page("/admin/users", Need.ADMIN, csv=True)
async def admin_users(request: Request) -> Page:
    """Users and their roles (never a password hash)."""
    rows = [{"name": u.name, "role": u.role, "programme": u.programme}
            for u in request.app.state.web.accounts.users()]
    return Page("users.html", Messages(request.state.lang)("Users"), {"users": rows}, rows=rows,
                columns=["name", "role", "programme"])


@page("/admin/audit", Need.ADMIN, csv=True)
async def admin_audit(request: Request) -> Page:
    """The audit log, newest first: who did what, when, from where."""
    try:
        offset = max(0, int(request.query_params.get("offset", "0")))
    except ValueError:
        offset = 0
    rows = list(request.app.state.web.accounts.audit(limit=500, offset=offset))
    return Page("audit.html", Messages(request.state.lang)("Audit log"), {"entries": rows, "offset": offset},
                rows=rows, columns=["id", "at", "user", "role", "action", "target", "ip", "detail"])
