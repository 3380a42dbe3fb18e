"""The other background jobs: statistics imports (the import report; nothing written when a file
is refused), report builds (files replaced only when every format was rendered) and adilet
fetches (a checked id; a clear failure without a network). The route × role matrix covers who
may queue them (``test_route_matrix``)."""

from __future__ import annotations

import socket

import pytest

from talentflow.stats.store import open_store
from talentflow.web import tables
from talentflow.web.jobs import Worker
from talentflow.web.observatory import code_files
from talentflow.web.tasks import NO_NETWORK, check_adilet_id
from tests.web.conftest import analyst_app, csrf_of

GOOD = ("indicator,area,counterpart,year,value,unit,source_url,quote\n"
        "emigrants_permanent,KAZ,Россия,2023,9000,persons,https://stat.gov.kz,9 000\n"
        "emigrants_permanent,KAZ,Германия,2023,2100,persons,https://stat.gov.kz,2 100\n")
OTHER = ("indicator,area,counterpart,year,value,unit,source_url,quote\n"
         "emigrants_permanent,KAZ,Израиль,2023,150,persons,https://stat.gov.kz,150\n")
BAD = GOOD.replace("2100", "2 1OO")


@pytest.fixture()
def analyst(tmp_path):
    return analyst_app(tmp_path)


def run_queue(app) -> int:
    web = app.state.web
    worker = Worker(web.jobs, code_files, on_done=web.changed, tasks=web.tasks)
    n = 0
    while worker.run_once():
        n += 1
    return n


def datasets(app) -> list[str]:
    with open_store(app.state.web.settings.store_url) as s:
        return [d["name"] for d in s.datasets() if not d["name"].startswith("datapackage/")]


def post_import(c, files, kind=""):
    return c.post("/imports", data={"csrf_token": csrf_of(c, "/imports"), "kind": kind},
                  files=[("files", f) for f in files], follow_redirects=False)


def test_statistics_import_runs_as_a_job_and_reports_rows(analyst):
    app, c = analyst
    before = len(app.state.web.observatory.get().observations)
    r = post_import(c, [("good.csv", GOOD.encode(), "text/csv"), ("other.csv", OTHER.encode(), "text/csv")])
    assert r.status_code == 303
    job_url = r.headers["location"]
    assert c.get(job_url + ".json").json()["status"] == "queued"
    assert datasets(app) == []  # nothing before the job ran
    assert run_queue(app) == 1
    job = c.get(job_url + ".json").json()
    assert job["kind"] == "import_stats" and job["status"] == "done" and job["progress"] == 100
    report = {e["file"]: e for e in job["result"]["import"]}
    assert report["good.csv"]["rows_read"] == 2 and report["good.csv"]["written"] == 2
    assert report["other.csv"]["rows_read"] == 1 and report["other.csv"]["refused"] is None
    assert sorted(datasets(app)) == ["csv/good.csv", "csv/other.csv"]
    # the public snapshot reads the new figures (the data version changed)
    assert len(app.state.web.observatory.get().observations) == before + 3
    html = c.get(job_url).text
    assert "Import report" in html and "good.csv" in html
    # the same files again: read, nothing written (imports are idempotent)
    r = post_import(c, [("good.csv", GOOD.encode(), "text/csv")])
    run_queue(app)
    again = c.get(r.headers["location"] + ".json").json()
    assert again["status"] == "done" and again["result"]["import"][0]["written"] == 0
    assert again["result"]["import"][0]["unchanged"] == 2


def test_a_refused_file_names_row_column_reason_and_nothing_is_written(analyst):
    app, c = analyst
    r = post_import(c, [("good.csv", GOOD.encode(), "text/csv"), ("bad.csv", BAD.encode(), "text/csv")])
    run_queue(app)
    job = c.get(r.headers["location"] + ".json").json()
    assert job["status"] == "failed"
    assert "bad.csv, row 3, column 'value'" in job["error"]
    assert "good.csv" not in job["error"]  # one line per failed file, and only those
    refused = {e["file"]: e["refused"] for e in job["result"]["import"]}
    assert refused["good.csv"] is None
    assert refused["bad.csv"]["row"] == 3 and refused["bad.csv"]["column"] == "value" and refused["bad.csv"]["reason"]
    assert job["result"]["written"] is False
    assert datasets(app) == [], "the good file of a failed batch is not written either"
    html = c.get(r.headers["location"]).text
    assert "Nothing was written to the store" in html and "bad.csv, row 3, column &#39;value&#39;" in html
    # in Russian too
    assert "В хранилище ничего не записано" in c.get(r.headers["location"] + "?lang=ru").text


def test_a_duplicate_seen_only_while_writing_fails_the_batch_too(analyst):
    app, c = analyst
    dup = GOOD + "emigrants_permanent,KAZ,Россия,2023,9500,persons,https://stat.gov.kz,9 500\n"
    r = post_import(c, [("other.csv", OTHER.encode(), "text/csv"), ("dup.csv", dup.encode(), "text/csv")])
    run_queue(app)
    job = c.get(r.headers["location"] + ".json").json()
    assert job["status"] == "failed" and "dup.csv, row 4" in job["error"] and "different value" in job["error"]
    assert datasets(app) == []


def test_import_uploads_are_checked_before_anything_is_stored(analyst):
    app, c = analyst
    r = post_import(c, [("good.csv", GOOD.encode(), "text/csv"), ("evil.exe", b"MZ\x00\x00", "application/x-msdownload")])
    assert r.status_code == 400 and "evil.exe: type .exe not accepted" in r.text
    r = post_import(c, [("fake.xlsx", b"not a zip", "application/octet-stream")])
    assert r.status_code == 400 and "not an XLSX file" in r.text
    r = post_import(c, [("x.xml", b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "b">]><x/>', "text/xml")])
    assert r.status_code == 400 and "DOCTYPE" in r.text
    r = post_import(c, [("good.csv", GOOD.encode(), "text/csv")], kind="nonsense")
    assert r.status_code == 400
    assert app.state.web.jobs.recent() == []


def test_a_cancelled_import_writes_nothing(analyst):
    app, c = analyst
    r = post_import(c, [("good.csv", GOOD.encode(), "text/csv")])
    job_id = int(r.headers["location"].rsplit("/", 1)[1])
    c.post(f"/jobs/{job_id}/cancel", data={"csrf_token": csrf_of(c, "/imports")})
    assert run_queue(app) == 0
    assert app.state.web.jobs.get(job_id).status == "cancelled" and datasets(app) == []
    # cancelled while it runs: the write and "done" are one transaction, so a job cancelled
    # before that commit leaves no figure behind
    r = post_import(c, [("good.csv", GOOD.encode(), "text/csv")])
    job_id = int(r.headers["location"].rsplit("/", 1)[1])
    web = app.state.web
    real = web.jobs.finish_in

    def cancelled_meanwhile(conn, jid, result, accept=True):
        # another process cancels the job while the figures are being written
        conn.execute(tables.jobs.update().where(tables.jobs.c.id == jid).values(status="cancelled"))
        return real(conn, jid, result, accept)

    web.jobs.finish_in = cancelled_meanwhile
    try:
        run_queue(app)
    finally:
        web.jobs.finish_in = real
    assert datasets(app) == []


# --- report builds ---------------------------------------------------------------------------


def test_a_report_build_writes_its_files_only_when_done(analyst, monkeypatch):
    app, c = analyst
    reports = app.state.web.settings.reports_dir
    r = c.post("/reports", data={"csrf_token": csrf_of(c, "/reports"), "lang": "kk", "formats": ["html"]},
               follow_redirects=False)
    assert r.status_code == 303
    job_url = r.headers["location"]
    assert c.get(job_url + ".json").json()["params"] == {"lang": "kk", "formats": ["html"]}
    run_queue(app)
    job = c.get(job_url + ".json").json()
    assert job["status"] == "done", job["error"]
    assert [f["name"] for f in job["result"]["report"]] == ["report-kk.html"]
    assert "report-kk.html" in [f["name"] for f in c.get("/reports.json").json()["files"]]
    page = c.get("/reports/report-kk.html")
    assert page.status_code == 200 and 'lang="kk"' in page.text
    assert not [p for p in reports.iterdir() if p.name.startswith(".building-")]

    # a build that fails half-way replaces nothing and leaves nothing behind
    import talentflow.report as report_pkg

    def broken(**kw):
        (kw["out_dir"] / "report.html").write_text("half", encoding="utf-8")
        raise OSError("disk full")

    monkeypatch.setattr(report_pkg, "build_report", broken)
    before = (reports / "report-kk.html").read_text(encoding="utf-8")
    r = c.post("/reports", data={"csrf_token": csrf_of(c, "/reports"), "lang": "kk"}, follow_redirects=False)
    run_queue(app)
    job = c.get(r.headers["location"] + ".json").json()
    assert job["status"] == "failed" and "disk full" in job["error"]
    assert (reports / "report-kk.html").read_text(encoding="utf-8") == before
    assert not [p for p in reports.iterdir() if p.name.startswith(".building-")]
    assert "No report file was replaced" in c.get(r.headers["location"]).text


def test_a_report_build_reads_the_web_store_for_its_monitoring_section(analyst, monkeypatch):
    """The report's registry and diaspora rows come from the application's own store (on a
    database server too), not from the default store of the machine."""
    app, c = analyst
    import talentflow.report as report_pkg

    seen = {}

    def capture(**kw):
        seen.update(kw)
        raise OSError("stop here")

    monkeypatch.setattr(report_pkg, "build_report", capture)
    c.post("/reports", data={"csrf_token": csrf_of(c, "/reports"), "lang": "en", "formats": ["html"]},
           follow_redirects=False)
    run_queue(app)
    assert seen["store"] == app.state.web.settings.store_url


def test_the_build_form_is_shown_to_analysts_only(analyst, clients):
    _, c = analyst
    assert 'action="/reports"' in c.get("/reports").text
    assert 'action="/reports"' not in clients["anonymous"].get("/reports").text
    assert 'action="/reports"' not in clients["viewer"].get("/reports").text


# --- adilet ----------------------------------------------------------------------------------


def test_adilet_ids_are_checked_before_a_job_is_queued(analyst):
    app, c = analyst
    assert check_adilet_id("P2200000961") == "P2200000961"
    assert check_adilet_id("https://adilet.zan.kz/rus/docs/K1400000226") == "K1400000226"
    for bad in ("../../etc/passwd", "P22 0000", "<script>", "", "x" * 300):
        with pytest.raises(ValueError):
            check_adilet_id(bad)
    r = c.post("/uploads/adilet", data={"csrf_token": csrf_of(c, "/uploads"), "adilet_id": "<script>x</script>"},
               follow_redirects=False)
    assert r.status_code == 400 and "not an adilet document id" in r.text and "<script>x" not in r.text
    assert app.state.web.jobs.recent() == []


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]  # closed again when the block ends: a refused connection


def test_without_a_network_the_adilet_job_fails_with_a_clear_message(analyst, monkeypatch):
    app, c = analyst
    monkeypatch.setenv("TALENTFLOW_ADILET_URL", f"http://127.0.0.1:{closed_port()}")
    r = c.post("/uploads/adilet", data={"csrf_token": csrf_of(c, "/uploads"), "adilet_id": "P2200000961",
                                        "adilet_lang": "rus"}, follow_redirects=False)
    assert r.status_code == 303
    run_queue(app)
    job = c.get(r.headers["location"] + ".json").json()
    assert job["status"] == "failed" and job["kind"] == "fetch_adilet"
    assert job["error"].startswith("P2200000961: " + NO_NETWORK)
    assert "P2200000961" not in c.get("/documents.json").text


def test_a_fetched_act_is_coded_and_joins_the_matrix(analyst, monkeypatch):
    app, c = analyst
    from talentflow.ingest import adilet

    def fake_fetch(ref, lang=None, out_dir=".", **kw):
        from pathlib import Path

        path = Path(out_dir) / f"{ref}.ru.md"
        path.write_text("<!-- title: Концепция миграционной политики -->\n\nУтечка мозгов является проблемой. "
                        "Государство создаст программу возврата талантов до 2030 года.\n", encoding="utf-8")
        return adilet.Fetched(ref, f"https://adilet.zan.kz/rus/docs/{ref}", path, "Концепция", "ru")

    monkeypatch.setattr(adilet, "fetch_adilet", fake_fetch)
    r = c.post("/uploads/adilet", data={"csrf_token": csrf_of(c, "/uploads"), "adilet_id": "P2200000961"},
               follow_redirects=False)
    run_queue(app)
    job = c.get(r.headers["location"] + ".json").json()
    assert job["status"] == "done", job["error"]
    ids = [d["id"] for d in c.get("/documents.json").json()["documents"]]
    assert any("P2200000961" in i for i in ids)


def test_a_worker_without_tasks_fails_other_jobs_clearly(analyst):
    app, c = analyst
    r = c.post("/reports", data={"csrf_token": csrf_of(c, "/reports")}, follow_redirects=False)
    Worker(app.state.web.jobs, code_files).run_once()
    job = c.get(r.headers["location"] + ".json").json()
    assert job["status"] == "failed" and "cannot run build_report" in job["error"]


def test_reused_monitoring_answers_follow_an_import_by_another_process(tmp_path, monkeypatch):
    """The public monitoring page is computed once per data version; a registry import made
    elsewhere (here: straight into the store, as ``talentflow registry import`` would) is seen
    within a second, without the web process being told."""
    import time

    from fastapi.testclient import TestClient

    from talentflow.monitor import open_registry
    from talentflow.monitor.synthetic import write_registry

    monkeypatch.setenv("TALENTFLOW_REGISTRY_KEY", "jobs-test-key-for-the-registry-0123456789")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    app, _ = analyst_app(tmp_path)
    c = TestClient(app)
    assert c.get("/monitoring.json").json()["cohort_indicators"] == []
    assert c.get("/monitoring.json").json()["cohort_indicators"] == []  # the reused answer
    with open_registry(app.state.web.settings.store_url) as reg:
        reg.import_file(write_registry(tmp_path / "syn.csv", 300))
    time.sleep(1.1)  # the data version is asked at most once a second
    cells = c.get("/monitoring.json").json()["cohort_indicators"]
    assert cells and {x["programme"] for x in cells} > {"_T"}


def test_the_public_monitoring_tables_are_computed_when_the_server_starts(tmp_path, monkeypatch):
    from fastapi.testclient import TestClient

    from talentflow.monitor import open_registry
    from talentflow.monitor.synthetic import write_registry

    monkeypatch.setenv("TALENTFLOW_REGISTRY_KEY", "jobs-test-key-for-the-registry-0123456789")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    app, _ = analyst_app(tmp_path)
    with open_registry(app.state.web.settings.store_url) as reg:
        reg.import_file(write_registry(tmp_path / "syn.csv", 200))
    web = app.state.web
    web.changed()
    assert web.memo == {}
    web.warm_up()  # what the server's start-up thread runs
    assert [k[2:] for k in web.memo] == [("public", None)]
    computed = dict(web.memo)
    assert TestClient(app).get("/monitoring.json").json()["cohort_indicators"]
    assert web.memo == computed, "the first visitor reused the start-up computation"
