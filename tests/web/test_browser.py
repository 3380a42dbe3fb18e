"""The observatory in a real browser: Playwright (Python) driving Debian's Chromium.

The server runs under Uvicorn in a thread on 127.0.0.1 and a free port. Flows: public browsing in
Kazakh, the indicator chart (hover, series on and off), signing in and out; hostile text from
documents and data never runs (a dialog listener would catch an ``alert``); no console errors
(a CSP violation is one); axe-core finds no serious or critical accessibility violation; every
page also renders at 1280 and 390 px, and the screenshots are kept in ``TALENTFLOW_SCREENSHOTS``
(a temporary folder when unset) to be looked at. Skipped with the reason when no Chromium is found.
"""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from pathlib import Path

import pytest

from tests.web.conftest import PASSWORD, USERS

sync_api = pytest.importorskip("playwright.sync_api", reason="playwright (Python) is not installed")


def chromium_path() -> str | None:
    for name in ("chromium", "chromium-browser"):
        found = shutil.which(name)
        if found:
            return found
    return "/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None


CHROMIUM = chromium_path()
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="no Chromium found (apt-get install chromium)")
AXE = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"
PAGES = ["/", "/documents", "/documents/evil", "/indicators", "/indicators/emigrants", "/discrepancies", "/practice",
         "/recommendations", "/reports", "/docs", "/login", "/monitoring", "/monitoring/BOLASHAK"]
SIGNED_IN_PAGES = ["/documents/evil", "/uploads", "/review", "/admin/audit", "/admin/users", "/account",
                   "/admin/status", "/registry/import", "/monitoring"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(app):
    import uvicorn

    port = free_port()
    srv = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="off"))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not srv.started:
        if time.monotonic() > deadline:
            pytest.fail("the test server did not start within 30 s")
        time.sleep(0.05)
    app.state.web.observatory.get()  # built before the first page is timed by the browser
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=["--no-sandbox"])
        yield b
        b.close()


class Watch:
    """Dialogs (an ``alert`` from injected script) and console errors of one page."""

    def __init__(self, page):
        self.dialogs: list[str] = []
        self.errors: list[str] = []
        page.on("dialog", self._dialog)
        page.on("console", lambda m: self.errors.append(f"console {m.type}: {m.text}") if m.type == "error" else None)
        page.on("pageerror", lambda e: self.errors.append(f"page error: {e}"))

    def _dialog(self, dialog) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()


@pytest.fixture()
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
    pg = context.new_page()
    pg.watch = Watch(pg)
    yield pg
    context.close()


def shots_dir(tmp_path_factory) -> Path:
    folder = os.environ.get("TALENTFLOW_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        return Path(folder)
    return tmp_path_factory.mktemp("screens")


def test_public_browsing_in_kazakh(server, page):
    page.goto(server + "/?lang=kk")
    assert page.get_attribute("html", "lang") == "kk"
    page.get_by_role("link", name="Құжаттар", exact=True).click()
    page.wait_for_url("**/documents")
    assert page.get_attribute("html", "lang") == "kk"  # remembered without ?lang
    assert page.locator("h1").inner_text() == "«Құжат × санат» матрицасы"
    page.locator("table.matrix a").first.click()
    assert page.url.startswith(server + "/documents/")
    page.get_by_role("link", name="Көрсеткіштер", exact=True).click()
    page.wait_for_url("**/indicators")
    assert page.locator("table tbody tr").count() > 10
    assert not page.watch.errors and not page.watch.dialogs


def test_indicator_chart_hover_and_series_toggle(server, page):
    page.goto(server + "/indicators/emigrants")
    chart = page.locator("#chart .uplot")
    chart.wait_for()
    over = page.locator("#chart .u-over")
    box = over.bounding_box()
    value = page.locator("#chart .u-legend .u-series").nth(1).locator(".u-value")
    shown = []
    for step in range(20):  # across the plot: a year with a value shows it, a year without shows "—"
        page.mouse.move(box["x"] + box["width"] * (0.99 - step * 0.05), box["y"] + box["height"] / 2)
        shown.append(value.inner_text().strip())
    assert any(any(ch.isdigit() for ch in s) for s in shown), shown
    entry = page.locator("#chart .u-legend .u-series").nth(1)
    entry.click()
    assert "u-off" in (entry.get_attribute("class") or "")  # series hidden
    entry.click()
    assert "u-off" not in (entry.get_attribute("class") or "")
    assert page.locator("table tbody tr").count() > 5  # the table fallback is there too
    assert not page.watch.errors, page.watch.errors


def test_pages_work_without_javascript(server, browser):
    context = browser.new_context(java_script_enabled=False)
    pg = context.new_page()
    pg.goto(server + "/indicators/emigrants")
    assert pg.locator("table tbody tr").count() > 5 and pg.locator("#chart canvas").count() == 0
    pg.goto(server + "/login")
    pg.fill("#name", USERS["viewer"][0])
    pg.fill("#password", PASSWORD)
    pg.click("form.login button[type=submit]")
    assert pg.url == server + "/"
    assert USERS["viewer"][0] in pg.locator("header").inner_text()
    context.close()


def test_sign_in_and_out(server, page):
    page.goto(server + "/admin/audit")
    assert "/login" in (page.locator("main a").first.get_attribute("href") or "")
    assert page.watch.errors == ["console error: Failed to load resource: the server responded with a status of 401 (Unauthorized)"]
    page.watch.errors.clear()  # that refusal was the point; from here on none is expected
    page.goto(server + "/login?next=/admin/audit")
    page.fill("#name", USERS["admin"][0])
    page.fill("#password", PASSWORD)
    page.click("form.login button[type=submit]")
    page.wait_for_url("**/admin/audit")
    assert page.locator("table tbody tr").count() >= 1
    cookies = {c["name"]: c for c in page.context.cookies()}
    assert cookies["tf_session"]["httpOnly"] and cookies["tf_session"]["sameSite"] == "Lax"
    assert page.evaluate("document.cookie").find("tf_session") == -1  # not readable from script
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url(server + "/")
    assert page.get_by_role("link", name="Sign in").count() == 1
    assert not page.watch.errors, page.watch.errors


def test_hostile_text_never_runs_and_no_console_errors(server, page):
    for path in PAGES:
        page.goto(server + path)
        page.wait_for_load_state("load")
    page.goto(server + "/documents/evil")
    # the payloads are on the page, as text
    assert "<script>alert('title')</script>" in page.locator("h1").inner_text()
    assert "<img src=x onerror=alert('quote')>" in page.locator("main").inner_text()
    assert page.locator("main a[href^='javascript']").count() == 0
    assert page.watch.dialogs == []
    assert page.watch.errors == []


def test_no_serious_accessibility_violations(server, browser):
    # axe is injected through the DevTools protocol (bypass_csp); the pages themselves run no inline script
    context = browser.new_context(bypass_csp=True)
    pg = context.new_page()
    source = AXE.read_text(encoding="utf-8")
    found = {}
    for lang in ("en", "kk"):
        for path in PAGES:
            pg.goto(f"{server}{path}?lang={lang}")
            pg.evaluate(source)
            result = pg.evaluate("axe.run(document, {runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']})")
            bad = [f"{v['id']} ({v['impact']}): {v['nodes'][0]['target']}" for v in result["violations"]
                   if v["impact"] in ("serious", "critical")]
            if bad:
                found[f"{path}?lang={lang}"] = bad
    # the pages behind sign-in, as an admin (who sees the analyst's forms too)
    pg.goto(server + "/login")
    pg.fill("#name", USERS["admin"][0])
    pg.fill("#password", PASSWORD)
    pg.click("form.login button[type=submit]")
    pg.wait_for_url(server + "/")
    for path in SIGNED_IN_PAGES:
        pg.goto(f"{server}{path}?lang=kk")
        pg.evaluate(source)
        result = pg.evaluate("axe.run(document, {runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']})")
        bad = [f"{v['id']} ({v['impact']}): {v['nodes'][0]['target']}" for v in result["violations"]
               if v["impact"] in ("serious", "critical")]
        if bad:
            found[path] = bad
    context.close()
    assert not found, found


def test_screenshots_at_1280_and_390(server, browser, tmp_path_factory):
    folder = shots_dir(tmp_path_factory)
    for width, height in ((1280, 900), (390, 844)):
        context = browser.new_context(viewport={"width": width, "height": height}, device_scale_factor=1)
        pg = context.new_page()
        watch = Watch(pg)
        for path in ("/", "/documents", "/documents/evil", "/indicators/emigrants", "/discrepancies", "/login",
                     "/monitoring"):
            pg.goto(f"{server}{path}?lang=kk")
            pg.wait_for_load_state("load")
            name = (path.strip("/").replace("/", "_") or "overview") + f"_{width}.png"
            pg.screenshot(path=str(folder / name), full_page=False)
            overflow = pg.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
            assert overflow <= 1, f"{path} at {width} px scrolls sideways by {overflow} px"
        assert not watch.errors and not watch.dialogs
        context.close()
    assert len(list(folder.glob("*_390.png"))) == 7


def test_analyst_uploads_reviews_a_cell_and_sees_agreement(server, page, app, tmp_path_factory):
    from talentflow.web.jobs import Worker
    from talentflow.web.observatory import code_files

    folder = shots_dir(tmp_path_factory)
    doc = tmp_path_factory.mktemp("upload") / "plan.ru.txt"
    doc.write_text("Утечка мозгов остаётся серьёзной проблемой. Государство создаст программу возврата талантов "
                   "и выделит гранты до 2030 года.", encoding="utf-8")
    page.goto(server + "/login?next=/uploads")
    page.fill("#name", USERS["analyst"][0])
    page.fill("#password", PASSWORD)
    page.click("form.login button[type=submit]")
    page.wait_for_url("**/uploads")
    page.set_input_files("#files", str(doc))
    page.get_by_role("button", name="Upload and code").click()
    page.wait_for_url("**/jobs/*")
    page.screenshot(path=str(folder / "job_running_1280.png"))
    job_id = int(page.url.rsplit("/", 1)[1])
    worker = Worker(app.state.web.jobs, code_files)
    while worker.run_once():  # the fixture's server runs no worker: run the queue here
        pass
    assert app.state.web.jobs.get(job_id).status == "done"
    page.wait_for_selector("text=Documents added to the matrix", timeout=15000)  # the page refreshed itself
    page.screenshot(path=str(folder / "job_done_1280.png"))
    page.locator("main ul a").first.click()
    page.wait_for_url("**/documents/u*")
    section = page.locator("section.cell").filter(has=page.locator("#c-return"))
    section.locator("summary").click()
    section.locator("select").select_option("4")
    section.locator("textarea").fill("the grant programme has a deadline: 2030")
    section.get_by_role("button", name="Save the review").click()
    page.wait_for_load_state("load")
    assert "Reviewed by ann: level 4" in page.locator("#c-return").locator("xpath=..").inner_text()
    page.screenshot(path=str(folder / "document_reviewed_1280.png"), full_page=False)
    page.get_by_role("link", name="Review of the coding").click()
    page.wait_for_url("**/review")
    assert page.locator("table").first.locator("tbody tr").count() >= 1
    page.screenshot(path=str(folder / "review_1280.png"))
    assert not page.watch.errors and not page.watch.dialogs
