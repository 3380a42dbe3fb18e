"""Public pages, their JSON and CSV twins, languages, escaping of hostile text, report downloads."""

from __future__ import annotations

import csv
import io
import re
import subprocess
import sys
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from talentflow.web.i18n import Messages, choose, from_accept_language
from talentflow.web.render import csv_cell, link, safe_url
from tests.web.conftest import XSS_OBS_QUOTE, XSS_QUOTE, XSS_SOURCE, XSS_TITLE, XSS_URL

PUBLIC = ["/", "/documents", "/documents/evil", "/indicators", "/indicators/emigrants", "/discrepancies", "/practice",
          "/recommendations", "/reports", "/docs", "/login"]
TABLES = ["/documents", "/indicators", "/indicators/emigrants", "/discrepancies", "/practice", "/recommendations",
          "/reports"]


@pytest.mark.parametrize("path", PUBLIC)
def test_public_page_and_its_json_twin_answer(clients, path):
    c = clients["anonymous"]
    page = c.get(path)
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    twin = c.get("/.json" if path == "/" else path + ".json")
    assert twin.status_code == 200 and twin.headers["content-type"] == "application/json"
    assert twin.json()


@pytest.mark.parametrize("path", TABLES)
def test_tables_have_a_csv_twin(clients, path):
    r = clients["anonymous"].get(path + ".csv")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(r.text)))
    assert rows and rows[0]


def test_json_twin_holds_the_same_facts_as_the_page(clients):
    c = clients["anonymous"]
    data = c.get("/indicators/emigrants.json").json()
    html = c.get("/indicators/emigrants").text
    assert data["id"] == "emigrants" and data["values"]
    shown = [v for v in data["values"] if v["inputs"] and v["inputs"][0]["source_url"].startswith("http")][0]
    assert shown["inputs"][0]["source_url"] in html


def test_csv_neutralises_formulas(clients):
    text = clients["anonymous"].get("/documents.csv").text
    row = next(r for r in csv.DictReader(io.StringIO(text)) if r["id"] == "evil")
    assert row["title"].startswith("'=HYPERLINK")
    assert csv_cell("=1+1") == "'=1+1" and csv_cell("@SUM(A1)") == "'@SUM(A1)" and csv_cell(-5) == -5
    assert csv_cell("+7 700") == "'+7 700" and csv_cell("plain") == "plain"


def test_unknown_ids_are_404_in_every_form(clients):
    c = clients["anonymous"]
    assert c.get("/documents/nope").status_code == 404
    assert c.get("/documents/nope.json").status_code == 404
    assert c.get("/indicators/nope.csv").status_code == 404
    assert c.get("/no/such/page").status_code == 404


# --- hostile text -----------------------------------------------------------------------------


def main_of(html: str) -> str:
    return html.split("<main", 1)[1]


def test_hostile_title_text_and_url_are_shown_escaped_never_live(clients):
    c = clients["anonymous"]
    for path in ("/documents", "/documents/evil", "/"):
        html = c.get(path).text
        assert "<script>alert" not in html and "<img src=x" not in html
        assert "javascript:" not in " ".join(re.findall(r'href="([^"]*)"', html))
    doc = c.get("/documents/evil").text
    assert "&lt;script&gt;alert(&#39;title&#39;)&lt;/script&gt;" in doc  # the title is there, as text
    assert "&lt;img src=x onerror=alert(&#39;quote&#39;)&gt;" in doc  # the evidence quote too
    assert '<span class="url">javascript:alert(&#39;url&#39;)</span>' in doc  # the URL, not a link
    assert XSS_TITLE and XSS_QUOTE and XSS_URL


def test_hostile_figures_are_shown_escaped(clients):
    c = clients["anonymous"]
    for path in ("/indicators/emigrants", "/discrepancies"):
        html = c.get(path).text
        assert "&lt;svg onload=alert(&#39;obsquote&#39;)&gt;" in html, path
        assert "<svg onload" not in html and "<script>alert" not in html
        assert "&lt;script&gt;alert(&#39;source&#39;)&lt;/script&gt;" in html, path
        assert 'href="javascript:' not in html
    data = c.get("/discrepancies.json").json()
    assert any(o["quote"] == XSS_OBS_QUOTE and o["source_name"] == XSS_SOURCE
               for d in data["discrepancies"] for o in d["observations"])


@pytest.mark.parametrize(("url", "ok"), [
    ("https://adilet.zan.kz/rus/docs/x", True), ("http://a.kz", True), ("mailto:a@b.kz", True),
    ("javascript:alert(1)", False), ("JaVaScRiPt:alert(1)", False), (" javascript:alert(1)", False),
    ("java\tscript:alert(1)", False), ("data:text/html,<script>", False), ("vbscript:x", False),
    ("//evil.example", False), ("https:///nohost", False), ("/relative", False), (None, False),
])
def test_only_http_and_mailto_urls_become_links(url, ok):
    assert (safe_url(url) is not None) is ok
    html = str(link(url, "label"))
    assert html.startswith("<a ") is ok
    assert "javascript" not in html.lower() or not html.startswith("<a ")


# --- languages --------------------------------------------------------------------------------


def test_language_from_query_is_remembered_in_a_cookie(app):
    c = TestClient(app)
    r = c.get("/indicators?lang=kk")
    assert '<html lang="kk">' in r.text and Messages("kk")("Indicators") in r.text
    assert c.cookies.get("tf_lang") == "kk"
    assert '<html lang="kk">' in c.get("/documents").text  # remembered
    assert '<html lang="ru">' in c.get("/documents?lang=ru").text


def test_language_defaults_from_accept_language(app):
    c = TestClient(app)
    assert '<html lang="ru">' in c.get("/", headers={"Accept-Language": "ru-RU,ru;q=0.9,en;q=0.8"}).text
    assert from_accept_language("de-DE, kk;q=0.5, en;q=0.7") == "en"
    assert from_accept_language("de, fr") is None
    assert choose(None, None, "fr") == "en" and choose("xx", "kk", None) == "kk"


def msgids_in_sources() -> set[str]:
    root = Path(__file__).resolve().parents[2] / "talentflow" / "web"
    ids: set[str] = set()
    for f in [*root.glob("templates/**/*.html"), *root.glob("*.py")]:
        s = f.read_text(encoding="utf-8")
        # a literal followed by ~ is the prefix of a key built at run time ("kind:" ~ k): not a message
        ids |= set(re.findall(r'\bt\(\s*"([^"]+)"(?!\s*~)', s)) | set(re.findall(r"\bt\(\s*'([^']+)'(?!\s*~)", s))
        ids |= set(re.findall(r'(?:tr\(request\)|Messages\(request\.state\.lang\))\(\s*"([^"]+)"', s))
    from talentflow.web.app import NAV
    from talentflow.web.tables import JOB_STATUSES

    return ids | {label for _, label in NAV} | set(JOB_STATUSES) | {"reading", "coding", "saving"}


SAME_IN_EVERY_LANGUAGE = {"API", "File", "percent"}


def test_every_visible_string_is_translated_into_ru_and_kk():
    ids = msgids_in_sources()
    assert len(ids) > 60
    for lang in ("ru", "kk"):
        m = Messages(lang)
        untranslated = sorted(i for i in ids if m(i) == i and i not in SAME_IN_EVERY_LANGUAGE)
        assert not untranslated, f"{lang}: {untranslated}"


def test_kazakh_pages_carry_kazakh_text(app):
    c = TestClient(app)
    html = c.get("/?lang=kk").text
    for msg in ("Overview", "Key findings", "Documents", "Sign in", "Skip to content"):
        assert Messages("kk")(msg) in html


# --- reports ----------------------------------------------------------------------------------


def test_reports_lists_and_serves_built_files_only(clients):
    c = clients["anonymous"]
    files = c.get("/reports.json").json()["files"]
    assert [f["name"] for f in files] == ["report.html"]
    r = c.get("/reports/report.html")
    assert r.status_code == 200 and "report" in r.text
    assert "script-src" not in r.headers["content-security-policy"]
    for bad in ("secret.txt", "..%2Fstore.sqlite", "%2e%2e/store.sqlite", "nothing.pdf"):
        assert c.get(f"/reports/{bad}").status_code == 404


def test_openapi_lists_the_routes(clients):
    spec = clients["anonymous"].get("/openapi.json").json()
    assert "/indicators/{indicator_id}.json" in spec["paths"] and "/admin/audit" in spec["paths"]
    assert "/documents.csv" in clients["anonymous"].get("/docs").text


# --- the command line -------------------------------------------------------------------------


def test_users_add_reads_the_password_from_stdin_never_an_argument(web_env, tmp_path):
    store = str(tmp_path / "users.sqlite")
    cmd = [sys.executable, "-c", "from talentflow.cli import main; main()", "users", "add", "carol", "--role", "analyst", "--store", store]
    ok = subprocess.run(cmd, input="a long password\n", capture_output=True, text=True, timeout=120)
    assert ok.returncode == 0, ok.stderr
    assert "added carol (analyst)" in ok.stdout
    bad = subprocess.run(cmd[:-2] + ["--password", "x", "--store", store], input="", capture_output=True, text=True,
                         timeout=120)
    assert bad.returncode != 0 and "--password" in bad.stderr
    again = subprocess.run(cmd, input="a long password\n", capture_output=True, text=True, timeout=120)
    assert again.returncode == 2 and "exists already" in again.stderr
    from talentflow.web.accounts import Accounts

    accounts = Accounts(store)
    assert accounts.authenticate("carol", "a long password") is not None
    assert any(e["action"] == "user.add" for e in accounts.audit())


def test_anonymous_answers_are_reused_until_the_snapshot_changes(app):
    web = app.state.web
    c = TestClient(app)
    first = c.get("/indicators.json?lang=ru")
    key = (web.observatory.builds, web.data_version(), "json", "/indicators.json", "lang=ru", "ru")
    assert key in web._cache
    again = c.get("/indicators.json?lang=ru")
    assert again.content == first.content and again.headers["content-type"] == "application/json"
    assert again.headers["content-security-policy"]  # the headers are still every response's own
    csv = c.get("/documents.csv")
    assert c.get("/documents.csv").headers["content-disposition"] == csv.headers["content-disposition"]
    # a signed-in visitor never gets a reused answer (their page shows their name and forms)
    from tests.web.conftest import client_as

    viewer = client_as(app, "viewer")
    assert "vera" in viewer.get("/indicators").text
    assert "vera" not in c.get("/indicators").text
