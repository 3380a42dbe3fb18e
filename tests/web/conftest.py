"""Fixtures of the web tests: a store with the shipped package plus hostile figures, a corpus
with a hostile document beside a shipped one, users of every role, and logged-in clients."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from talentflow.pipeline import default_corpus
from talentflow.stats.model import Observation
from talentflow.stats.store import open_store
from talentflow.web import Settings, create_app

PASSWORD = "correct horse battery"
#: role in the route × role matrix → (user name, role, programme)
USERS = {
    "viewer": ("vera", "viewer", None),
    "analyst": ("ann", "analyst", None),
    "operator_other": ("otto", "operator", "other_programme"),
    "admin": ("ada", "admin", None),
    "expert": ("eva", "expert", None),  # a scientist abroad (diaspora pages)
    "institution": ("ivo", "institution", None),  # a home-institution user (diaspora requests)
}
XSS_TITLE = "=HYPERLINK(\"http://x\") <script>alert('title')</script> Концепция"
XSS_QUOTE = "<img src=x onerror=alert('quote')>"
XSS_URL = "javascript:alert('url')"
XSS_OBS_QUOTE = "<svg onload=alert('obsquote')>"
XSS_SOURCE = "<script>alert('source')</script>"


def write_hostile_corpus(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    title = XSS_TITLE.replace('"', '""')
    (folder / "manifest.csv").write_text(
        "file,title,source_url,date,act_type\n"
        f"evil.ru.txt,\"{title}\",{XSS_URL},2020-01-01,концепция\n", encoding="utf-8")
    (folder / "evil.ru.txt").write_text(
        f"Утечка мозгов {XSS_QUOTE} является серьёзной проблемой для страны.\n\n"
        "Государство создаст программу возврата талантов <script>alert('q2')</script> и выделит гранты "
        "до 2030 года.\n", encoding="utf-8")
    return folder


def hostile_observations() -> list[Observation]:
    """Two sources disagreeing on one figure, so the hostile quote shows on the discrepancies page too.
    Labelled synthetic: they exist only to test escaping."""
    common = dict(indicator="emigrants_permanent", area="KAZ", year=1990, period="Y", unit="persons",
                  quote=XSS_OBS_QUOTE, topic="synthetic test figure")
    return [Observation(value=1000.0, source_name=XSS_SOURCE, source_url=XSS_URL, **common),
            Observation(value=2000.0, source_name="synthetic second source", source_url="https://example.org/b",
                        **common)]


@pytest.fixture(scope="session")
def web_env(tmp_path_factory):
    root = tmp_path_factory.mktemp("web")
    store_path = root / "store.sqlite"
    with open_store(store_path) as store:
        store.refresh_package()
        store.import_observations(hostile_observations(), dataset="synthetic-xss")
    corpus = write_hostile_corpus(root / "corpus")
    shipped = default_corpus("KAZ")[0] / "law_migration_2011.ru.md"
    extra = root / "shipped"
    extra.mkdir()
    shutil.copy(shipped, extra / shipped.name)
    reports = root / "reports"
    reports.mkdir()
    (reports / "report.html").write_text("<!doctype html><title>r</title><p>report</p>", encoding="utf-8")
    (reports / "secret.txt").write_text("not a report", encoding="utf-8")
    settings = Settings(store_url=str(store_path), corpus=[corpus, extra], reports_dir=reports, worker=False)
    app = create_app(settings)
    accounts = app.state.web.accounts
    for name, role, programme in USERS.values():
        accounts.add_user(name, role, PASSWORD, programme)
    # a queued job, so the job pages of the route matrix have one to show (the worker is off)
    app.state.web.jobs.submit_upload("ann", [("queued.ru.txt", "Текст для очереди.".encode())])
    return {"app": app, "settings": settings, "root": root, "store": store_path}


@pytest.fixture(scope="session")
def app(web_env):
    return web_env["app"]


def csrf_of(client: TestClient, path: str = "/login") -> str:
    import re

    html = client.get(path).text
    m = re.search(r'name="csrf_token" value="([0-9a-f]+)"', html)
    assert m, f"no CSRF token in {path}"
    return m.group(1)


def login(client: TestClient, name: str, password: str = PASSWORD):
    token = csrf_of(client)
    return client.post("/login", data={"name": name, "password": password, "csrf_token": token, "next": "/"},
                       follow_redirects=False)


def client_as(app, role: str) -> TestClient:
    """A fresh client, signed in as the user of ``role`` ("anonymous": not signed in)."""
    c = TestClient(app)
    if role != "anonymous":
        r = login(c, USERS[role][0])
        assert r.status_code == 303, r.text
    return c


@pytest.fixture(scope="session")
def clients(app):
    return {role: client_as(app, role) for role in ("anonymous", *USERS)}


def analyst_app(tmp_path: Path):
    """An app on a fresh store with the hostile corpus (no background worker) and a client signed
    in as the analyst "ann": (app, client)."""
    app = create_app(Settings(store_url=str(tmp_path / "s.sqlite"), corpus=[write_hostile_corpus(tmp_path / "c")],
                              reports_dir=tmp_path, worker=False))
    app.state.web.accounts.add_user("ann", "analyst", PASSWORD)
    c = TestClient(app)
    assert login(c, "ann").status_code == 303
    return app, c
