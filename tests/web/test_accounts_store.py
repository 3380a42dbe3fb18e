"""Users, sessions, login attempts and the audit log on both backends (SQLite and PostgreSQL),
and the application signing in on each."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient

from talentflow.web import Settings, create_app
from talentflow.web.accounts import LOCK_AFTER, Accounts
from tests.web.conftest import PASSWORD, csrf_of, login, write_hostile_corpus


def test_users_sessions_and_attempts(store_url):
    a = Accounts(store_url)
    try:
        u = a.add_user("Kate", "operator", PASSWORD, programme="bolashak")
        assert u.name == "kate" and u.programme == "bolashak"
        assert a.authenticate("kate", "wrong password") is None and a.authenticate("nobody", PASSWORD) is None
        assert a.authenticate("KATE", PASSWORD) == u
        token = a.open_session(u)
        assert a.session_user(token) == u and a.session_user(token + "x") is None
        a.close_session(token)
        assert a.session_user(token) is None
        for _ in range(LOCK_AFTER - 1):
            a.note_attempt("kate", "10.0.0.1", False)
        assert not a.locked("kate")
        a.note_attempt("kate", "10.0.0.1", True)  # a success starts the count again
        a.note_attempt("kate", "10.0.0.1", False)
        assert not a.locked("kate") and a.failures(ip="10.0.0.1") == LOCK_AFTER
        assert a.secret() == a.secret() and len(a.secret()) > 40
    finally:
        a.close()


def test_audit_log_is_append_only_on_every_backend(store_url):
    a = Accounts(store_url)
    try:
        a.record("test.entry", target="t", ip="127.0.0.1", detail="d")
        assert a.audit()[0]["action"] == "test.entry"
        for sql in ("UPDATE web_audit SET action = 'x'", "DELETE FROM web_audit"):
            with pytest.raises(sa.exc.DatabaseError), a.engine.begin() as conn:
                conn.execute(sa.text(sql))
        assert [e["action"] for e in a.audit()] == ["test.entry"]
    finally:
        a.close()


def test_application_on_each_backend(store_url, tmp_path):
    app = create_app(Settings(store_url=store_url, corpus=[write_hostile_corpus(tmp_path / "c")],
                              reports_dir=tmp_path))
    app.state.web.accounts.add_user("ada", "admin", PASSWORD)
    c = TestClient(app)
    assert c.get("/admin/audit").status_code == 401
    assert login(c, "ada").status_code == 303
    entries = c.get("/admin/audit.json").json()["entries"]
    assert entries[0]["action"] == "login" and entries[0]["user"] == "ada"
    assert c.get("/documents.json").json()["documents"][0]["id"] == "evil"
    assert c.post("/logout", data={"csrf_token": csrf_of(c, "/account")}, follow_redirects=False).status_code == 303
    app.state.web.accounts.close()
