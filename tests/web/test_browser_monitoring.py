"""The monitoring flows in a real browser (Playwright driving Debian's Chromium).

(a) A programme operator signs in, imports its registry file — the operator template of
docs/monitoring.md, made by the seeded synthetic generator and cut to the operator's programme —
sees only its own programme's cohorts, and is refused another programme's page; a file with a bad
IIN check digit is answered with its file, row, column and reason, and changes nothing.
(b) The public sees the cohort table with small cells shown as "suppressed" (never 0 or blank);
an analyst, signed in, sees the numbers of the same cells.
No console errors, no dialogs; axe-core finds no serious or critical violation on these pages.
"""

from __future__ import annotations

import csv
import threading
import time

import pytest

from talentflow.monitor import open_registry
from talentflow.monitor.synthetic import write_registry
from talentflow.web import Settings, create_app
from tests.monitor.conftest import bad_check, checksum
from tests.web.conftest import PASSWORD
from tests.web.test_browser import AXE, CHROMIUM, Watch, browser, free_port, shots_dir  # noqa: F401  (fixtures)

pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="no Chromium found (apt-get install chromium)")
KEY = "browser-test-key-for-the-registry-0123456789"
OWN, OTHER = "SYN_SCHOLAR", "SYN_RETURN"
SYNTHETIC_ROWS = 800
AXE_RULES = "{runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']}"


def split_by_programme(source, own_path, rest_path) -> tuple[int, int]:
    """The generator's file cut in two: the operator's own programme, and every other one."""
    with open(source, encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    fields = list(rows[0])
    own = [r for r in rows if r["programme"] == OWN]
    rest = [r for r in rows if r["programme"] != OWN]
    for path, part in ((own_path, own), (rest_path, rest)):
        with open(path, "w", encoding="utf-8", newline="") as fh:
            w = csv.DictWriter(fh, fieldnames=fields)
            w.writeheader()
            w.writerows(part)
    return len(own), len(rest)


@pytest.fixture(scope="module")
def mon_server(web_env, tmp_path_factory):
    import uvicorn

    root = tmp_path_factory.mktemp("monbrowser")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("TALENTFLOW_REGISTRY_KEY", KEY)
        mp.setenv("XDG_CONFIG_HOME", str(root / "config"))
        mp.delenv("TALENTFLOW_DISCLOSURE_THRESHOLD", raising=False)
        synthetic = write_registry(root / "synthetic.csv", SYNTHETIC_ROWS)  # seeded, labelled synthetic
        own_n, _ = split_by_programme(synthetic, root / "own.csv", root / "others.csv")
        # a bad IIN check digit on the file's third data row (row 4 counting the header)
        with open(root / "own.csv", encoding="utf-8", newline="") as fh:
            rows = list(csv.DictReader(fh))
        rows[2]["person_id"] = bad_check(rows[2]["person_id"])
        with open(root / "bad_iin.csv", "w", encoding="utf-8", newline="") as fh:
            w = csv.DictWriter(fh, fieldnames=list(rows[0]))
            w.writeheader()
            w.writerows(rows)
        store = root / "store.sqlite"
        with open_registry(str(store)) as reg:
            reg.import_file(root / "others.csv")  # the other programmes are already there
        s = web_env["settings"]
        app = create_app(Settings(store_url=str(store), corpus=s.corpus, reports_dir=s.reports_dir, worker=False),
                         observatory=web_env["app"].state.web.observatory)
        accounts = app.state.web.accounts
        accounts.add_user("bopal", "operator", PASSWORD, OWN)
        accounts.add_user("bann", "analyst", PASSWORD)
        port = free_port()
        srv = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="off"))
        thread = threading.Thread(target=srv.run, daemon=True)
        thread.start()
        deadline = time.monotonic() + 30
        while not srv.started:
            assert time.monotonic() < deadline, "the test server did not start within 30 s"
            time.sleep(0.05)
        yield {"url": f"http://127.0.0.1:{port}", "root": root, "app": app, "own_rows": own_n,
               "engine": accounts.engine, "bad_row": rows[2]["person_id"]}
        srv.should_exit = True
        thread.join(timeout=10)


def sign_in(pg, base: str, name: str, then: str) -> None:
    pg.goto(f"{base}/login?next={then}")
    pg.fill("#name", name)
    pg.fill("#password", PASSWORD)
    pg.click("form.login button[type=submit]")
    pg.wait_for_url(f"**{then}")


def axe(pg) -> list[str]:
    pg.evaluate(AXE.read_text(encoding="utf-8"))
    result = pg.evaluate(f"axe.run(document, {AXE_RULES})")
    return [f"{v['id']} ({v['impact']}): {v['nodes'][0]['target']}" for v in result["violations"]
            if v["impact"] in ("serious", "critical")]


def cohort_rows(pg):
    return pg.locator("table.stack").filter(has=pg.locator("th", has_text="Cohort")).locator("tbody tr")


def cohort_programmes(pg) -> set[str]:
    cells = cohort_rows(pg).locator("td:nth-of-type(1)").all_inner_texts()
    return {c.strip() for c in cells}


def test_operator_imports_its_file_and_sees_only_its_programme(mon_server, browser, tmp_path_factory):  # noqa: F811
    base, root, engine = mon_server["url"], mon_server["root"], mon_server["engine"]
    folder = shots_dir(tmp_path_factory)
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB", bypass_csp=True)
    pg = context.new_page()
    watch = Watch(pg)
    sign_in(pg, base, "bopal", "/registry/import")
    assert not axe(pg), axe(pg)

    # a file with a bad IIN check digit: file, row, column and reason; nothing written
    before = checksum(engine)
    pg.set_input_files("#file", str(root / "bad_iin.csv"))
    pg.get_by_role("button", name="Import", exact=True).click()
    pg.wait_for_load_state("load")
    alert = pg.locator("[role=alert]").inner_text()
    assert "Nothing was imported." in alert
    assert "bad_iin.csv, row 4, column 'person_id'" in alert and "check digit" in alert.lower(), alert
    assert mon_server["bad_row"] not in pg.content(), "an error never repeats the national id"
    assert checksum(engine) == before
    pg.screenshot(path=str(folder / "registry_import_refused_1280.png"))
    # the refused file is answered 400: Chromium logs the status, and that is the only message
    assert watch.errors == ["console error: Failed to load resource: the server responded with a status of 400 (Bad Request)"]
    watch.errors.clear()

    # the operator's own file
    pg.set_input_files("#file", str(root / "own.csv"))
    pg.get_by_role("button", name="Import", exact=True).click()
    pg.wait_for_load_state("load")
    status = pg.locator("[role=status]").inner_text()
    assert "own.csv" in status and f"new {mon_server['own_rows']}" in status, status
    assert checksum(engine) != before

    # only its own programme's cohorts
    pg.goto(base + "/monitoring")
    assert "Your account sees only its own programme." in pg.locator("main").inner_text()
    assert cohort_programmes(pg) <= {OWN, "all"} and OWN in cohort_programmes(pg)
    assert not axe(pg), axe(pg)
    pg.screenshot(path=str(folder / "monitoring_operator_1280.png"))
    pg.goto(f"{base}/monitoring/{OWN}")
    assert cohort_programmes(pg) == {OWN}
    # another programme's page is refused (and its data never shown)
    response = pg.goto(f"{base}/monitoring/{OTHER}")
    assert response.status == 403
    assert OTHER not in pg.locator("main").inner_text()
    assert watch.errors == ["console error: Failed to load resource: the server responded with a status of 403 (Forbidden)"]
    assert not watch.dialogs
    context.close()


def test_public_sees_suppressed_cells_the_analyst_the_numbers(mon_server, browser, tmp_path_factory):  # noqa: F811
    base = mon_server["url"]
    folder = shots_dir(tmp_path_factory)
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB", bypass_csp=True)
    pg = context.new_page()
    watch = Watch(pg)
    pg.goto(base + "/monitoring")
    rows = cohort_rows(pg)
    public: dict[tuple[str, str, str], str] = {}
    for i in range(rows.count()):
        row = rows.nth(i)
        key = (row.locator("th").inner_text(), *[c.strip() for c in row.locator("td").all_inner_texts()[:2]])
        suppressed = row.locator("td.suppressed")
        if suppressed.count():
            text = suppressed.inner_text().strip()
            assert text == "suppressed", f"a withheld cell reads {text!r}"
            public[key] = "suppressed"
        else:
            value = row.locator("td.num").first.inner_text().strip()
            assert value not in ("", "0"), key  # the shown cells are real values (n/a: no denominator)
            public[key] = value
    hidden = [k for k, v in public.items() if v == "suppressed"]
    assert hidden, "the synthetic registry has small cells the public must not see"
    assert "Synthetic data" in pg.locator("main").inner_text()
    assert not axe(pg), axe(pg)
    pg.screenshot(path=str(folder / "monitoring_public_1280.png"))
    pg.goto(base + "/monitoring?lang=kk")
    assert pg.locator("td.suppressed").first.inner_text().strip() == "жасырылған"
    assert not axe(pg), axe(pg)

    # the analyst sees the same cells with their numbers
    sign_in(pg, base, "bann", "/monitoring?lang=en")
    assert "You see every cell, unsuppressed." in pg.locator("main").inner_text()
    assert pg.locator("td.suppressed").count() == 0
    rows = cohort_rows(pg)
    seen = {}
    for i in range(rows.count()):
        row = rows.nth(i)
        key = (row.locator("th").inner_text(), *[c.strip() for c in row.locator("td").all_inner_texts()[:2]])
        seen[key] = row.locator("td.num").all_inner_texts()
    for k in hidden:
        assert k in seen and any(ch.isdigit() for ch in "".join(seen[k][1:])), (k, seen.get(k))
    pg.screenshot(path=str(folder / "monitoring_analyst_1280.png"))
    assert not watch.errors and not watch.dialogs, watch.errors
    context.close()


def test_analyst_imports_statistics_and_reads_the_import_report(mon_server, browser, tmp_path_factory):  # noqa: F811
    """The statistics import as a background job: the form, the job page's import report with the
    refused row, column and reason; the report-build form on /reports. Accessibility checked on each."""
    from talentflow.web.jobs import Worker
    from talentflow.web.observatory import code_files

    base, app = mon_server["url"], mon_server["app"]
    folder = shots_dir(tmp_path_factory)
    bad = tmp_path_factory.mktemp("stats") / "figures.csv"
    bad.write_text("indicator,area,counterpart,year,value,unit,source_url,quote\n"
                   "emigrants_permanent,KAZ,Россия,2023,9000,persons,https://stat.gov.kz,9 000\n"
                   "emigrants_permanent,KAZ,Германия,2023,2 1OO,persons,https://stat.gov.kz,2 100\n", encoding="utf-8")
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB", bypass_csp=True)
    pg = context.new_page()
    watch = Watch(pg)
    sign_in(pg, base, "bann", "/imports")
    assert not axe(pg), axe(pg)
    pg.set_input_files("#files", str(bad))
    pg.get_by_role("button", name="Import", exact=True).click()
    pg.wait_for_url("**/jobs/*")
    web = app.state.web
    worker = Worker(web.jobs, code_files, on_done=web.changed, tasks=web.tasks)
    while worker.run_once():  # the test server runs no worker: run the queue here
        pass
    pg.wait_for_selector("text=Import report", timeout=15000)  # the page refreshed itself
    alert = pg.locator("[role=alert]").inner_text()
    assert "Nothing was written to the store." in alert and "figures.csv, row 3, column 'value'" in alert
    report = pg.get_by_role("region", name="Import report").inner_text()
    assert "figures.csv" in report and "row 3, column value" in report
    assert not axe(pg), axe(pg)
    pg.screenshot(path=str(folder / "import_failed_1280.png"))
    pg.goto(base + "/reports?lang=kk")
    assert pg.locator("form[action='/reports'] select#report_lang").count() == 1
    assert not axe(pg), axe(pg)
    pg.goto(base + "/uploads?lang=ru")
    assert pg.locator("#adilet_id").count() == 1
    assert not axe(pg), axe(pg)
    assert not watch.errors and not watch.dialogs, watch.errors
    context.close()
