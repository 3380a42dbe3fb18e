"""Sessions, CSRF, lockout, the audit log and the response headers."""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient

from talentflow.web.accounts import LOCK_AFTER, SESSION_COOKIE, AccountError
from talentflow.web.app import CSP
from tests.web.conftest import PASSWORD, USERS, client_as, csrf_of, login


def test_login_without_csrf_token_is_refused(app):
    c = TestClient(app)
    c.get("/login")
    r = c.post("/login", data={"name": "ada", "password": PASSWORD}, follow_redirects=False)
    assert r.status_code == 403 and SESSION_COOKIE not in r.cookies


def test_login_with_a_wrong_csrf_token_is_refused(app):
    c = TestClient(app)
    token = csrf_of(c)
    bad = ("0" if token[0] != "0" else "1") + token[1:]
    r = c.post("/login", data={"name": "ada", "password": PASSWORD, "csrf_token": bad}, follow_redirects=False)
    assert r.status_code == 403 and SESSION_COOKIE not in r.cookies


def test_a_token_from_another_visitor_is_refused(app):
    """The token is bound to the visitor's own (pre-)session, so one read elsewhere is useless."""
    theirs = csrf_of(TestClient(app))
    c = TestClient(app)
    c.get("/login")
    r = c.post("/login", data={"name": "ada", "password": PASSWORD, "csrf_token": theirs}, follow_redirects=False)
    assert r.status_code == 403


def test_logout_needs_the_session_csrf_token(app):
    c = client_as(app, "viewer")
    assert c.post("/logout", data={}, follow_redirects=False).status_code == 403
    assert c.post("/logout", data={"csrf_token": "x" * 64}, follow_redirects=False).status_code == 403
    assert c.get("/account").status_code == 200  # still signed in
    token = csrf_of(c, "/account")
    assert c.post("/logout", data={"csrf_token": token}, follow_redirects=False).status_code == 303
    assert c.get("/account").status_code == 401


def test_csrf_token_in_a_header_works_for_scripts(app):
    c = client_as(app, "viewer")
    token = csrf_of(c, "/account")
    assert c.post("/logout", headers={"X-CSRF-Token": token}, follow_redirects=False).status_code == 303


def test_session_fixation_a_planted_cookie_is_replaced_on_login(app):
    web = app.state.web
    attacker = client_as(app, "viewer")
    planted = attacker.cookies.get(SESSION_COOKIE)
    victim = TestClient(app)
    victim.cookies.set(SESSION_COOKIE, planted)
    token = csrf_of(victim)
    r = victim.post("/login", data={"name": "ann", "password": PASSWORD, "csrf_token": token}, follow_redirects=False)
    assert r.status_code == 303
    new = r.cookies.get(SESSION_COOKIE)
    assert new and new != planted
    # the old session is closed: the attacker's cookie no longer signs anyone in
    assert web.accounts.session_user(web.signer.unsign(planted).decode()) is None
    assert attacker.get("/account").status_code == 401
    assert "ann" in victim.get("/account").text


def test_a_tampered_session_cookie_signs_nobody_in(app):
    c = client_as(app, "admin")
    value = c.cookies.get(SESSION_COOKIE)
    c.cookies.set(SESSION_COOKIE, value[:-2] + ("AA" if not value.endswith("AA") else "BB"))
    assert c.get("/admin/audit").status_code == 401


def test_session_cookie_flags(app):
    c = TestClient(app)
    r = login(c, "vera")
    header = next(h for h in r.headers.get_list("set-cookie") if h.startswith(SESSION_COOKIE))
    assert "HttpOnly" in header and "SameSite=lax" in header and "Secure" not in header
    https = TestClient(app, base_url="https://testserver")
    r = login(https, "vera")
    header = next(h for h in r.headers.get_list("set-cookie") if h.startswith(SESSION_COOKIE))
    assert "Secure" in header and "HttpOnly" in header


def test_lockout_after_repeated_failures_even_with_the_right_password(app):
    web = app.state.web
    web.accounts.add_user("lockme", "viewer", PASSWORD)
    c = TestClient(app)
    for _ in range(LOCK_AFTER):
        assert login(c, "lockme", "wrong password!").status_code == 401
    r = login(c, "lockme", PASSWORD)
    assert r.status_code == 429 and SESSION_COOKIE not in r.cookies
    actions = [e["action"] for e in web.accounts.audit(limit=20) if e["target"] == "lockme"]
    assert "login.locked" in actions and actions.count("login.failed") == LOCK_AFTER


def test_the_address_rate_limit(app, monkeypatch):
    web = app.state.web
    monkeypatch.setattr(web.accounts, "throttled", lambda ip: True)
    r = login(TestClient(app), "vera")
    assert r.status_code == 429


def test_open_redirect_after_login_is_refused(app):
    c = TestClient(app)
    token = csrf_of(c)
    for target in ("//evil.example/", "https://evil.example/", "/\\evil.example"):
        r = c.post("/login", data={"name": "vera", "password": PASSWORD, "csrf_token": token, "next": target},
                   follow_redirects=False)
        assert r.status_code == 303 and r.headers["location"] == "/"
        token = csrf_of(c, "/account")


def test_audit_log_records_who_what_when_where_and_is_append_only(app):
    web = app.state.web
    client_as(app, "analyst")
    entry = next(e for e in web.accounts.audit(limit=50) if e["action"] == "login" and e["user"] == "ann")
    assert entry["role"] == "analyst" and entry["ip"] == "testclient" and entry["at"]
    with pytest.raises(sa.exc.DatabaseError), web.accounts.engine.begin() as conn:
        conn.execute(sa.text("UPDATE web_audit SET action = 'nothing'"))
    with pytest.raises(sa.exc.DatabaseError), web.accounts.engine.begin() as conn:
        conn.execute(sa.text("DELETE FROM web_audit"))


def test_admin_audit_page_shows_entries_to_the_admin_only(app, clients):
    assert clients["anonymous"].get("/admin/audit").status_code == 401
    assert clients["viewer"].get("/admin/audit.json").status_code == 403
    rows = clients["admin"].get("/admin/audit.json").json()["entries"]
    assert any(e["action"] == "login" for e in rows)
    csv = clients["admin"].get("/admin/audit.csv")
    assert csv.status_code == 200 and csv.text.startswith("id,at,user,role,action,target,ip,detail")


def test_denied_access_by_a_signed_in_user_is_audited(app, clients):
    clients["viewer"].get("/admin/users")
    assert any(e["action"] == "access.denied" and e["target"] == "/admin/users" and e["user"] == "vera"
               for e in app.state.web.accounts.audit(limit=50))


def test_passwords_are_argon2_hashes_and_never_shown(app, clients):
    with app.state.web.accounts.engine.connect() as conn:
        hashes = [r[0] for r in conn.execute(sa.text("SELECT password_hash FROM web_user"))]
    assert hashes and all(h.startswith("$argon2id$") for h in hashes)
    assert "argon2" not in clients["admin"].get("/admin/users.json").text


@pytest.mark.parametrize(("name", "role", "password", "programme"), [
    ("x", "root", "long enough pw", None), ("Bad Name!", "viewer", "long enough pw", None),
    ("y", "viewer", "short", None), ("z", "operator", "long enough pw", None),
    ("w", "viewer", "long enough pw", "bolashak"), (USERS["viewer"][0], "viewer", "long enough pw", None),
])
def test_bad_users_are_refused(app, name, role, password, programme):
    with pytest.raises(AccountError):
        app.state.web.accounts.add_user(name, role, password, programme)


def test_security_headers_and_no_inline_script_on_every_page(app, clients):
    from talentflow.web.routes import REGISTRY
    from tests.web.test_route_matrix import sample_params

    for spec in REGISTRY:
        if "GET" not in spec.methods or spec.path == "/reports/{name}":
            continue
        r = clients["admin"].get(spec.path.format(**sample_params(app)))
        assert r.headers["content-security-policy"] == CSP
        assert "'unsafe-inline'" not in CSP and "script-src 'self'" in CSP
        assert r.headers["x-content-type-options"] == "nosniff"
        for tag in re.findall(r"<script\b[^>]*>", r.text):
            assert "src=" in tag, f"inline script on {spec.path}: {tag}"
        assert " on" not in " ".join(re.findall(r"<[a-z]+\s[^>]*\bon[a-z]+=", r.text))
