"""Analyst uploads: checked before anything is stored, coded by a background job, joining the
matrix only when every file was read; cancelling; the in-process worker; oversized requests."""

from __future__ import annotations

import io
import time
import zipfile

import pytest
from fastapi.testclient import TestClient

from talentflow.web import Settings, create_app
from talentflow.web.jobs import UploadRefused, check_upload
from talentflow.web.observatory import code_files
from tests.web.conftest import PASSWORD, analyst_app, csrf_of, login, write_hostile_corpus

TEXT = "Государство создаст программу возврата талантов и выделит гранты до 2030 года.".encode()


@pytest.fixture()
def analyst(tmp_path):
    return analyst_app(tmp_path)


def post(c, files):
    return c.post("/uploads", data={"csrf_token": csrf_of(c, "/uploads")}, files=[("files", f) for f in files],
                  follow_redirects=False)


def docx(parts: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)
    return buf.getvalue()


def test_upload_is_coded_in_the_background_and_joins_the_matrix(analyst):
    app, c = analyst
    web = app.state.web
    r = post(c, [("plan.ru.txt", TEXT, "text/plain")])
    assert r.status_code == 303 and r.headers["location"] == "/jobs/1"
    page = c.get("/jobs/1")
    assert 'http-equiv="refresh"' in page.text and "<progress" in page.text  # watched without JavaScript
    assert "u1_plan" not in c.get("/documents.json").text  # not before the job ran
    from talentflow.web.jobs import Worker

    assert Worker(web.jobs, code_files, on_done=web.observatory.invalidate).run_once()  # as the app's own worker
    job = c.get("/jobs/1.json").json()
    assert job["status"] == "done" and job["progress"] == 100
    assert [d["id"] for d in job["result"]["documents"]] == ["u1_plan"]
    assert "u1_plan" in [d["id"] for d in c.get("/documents.json").json()["documents"]]
    assert c.get("/documents/u1_plan").status_code == 200
    assert any(e["action"] == "upload" and e["user"] == "ann" for e in web.accounts.audit())


def test_a_file_that_cannot_be_read_fails_the_job_and_adds_nothing(analyst):
    app, c = analyst
    from talentflow.web.jobs import Worker

    assert post(c, [("good.ru.txt", TEXT, "text/plain"), ("broken.pdf", b"%PDF-1.7 garbage", "application/pdf")]
                ).status_code == 303
    Worker(app.state.web.jobs, code_files).run_once()
    job = c.get("/jobs/1.json").json()
    assert job["status"] == "failed" and "u1_broken.pdf" in job["error"] and "/tmp" not in job["error"]
    assert "u1_good" not in c.get("/documents.json").text  # all or nothing


@pytest.mark.parametrize(("name", "data", "reason"), [
    ("virus.exe", b"MZ", "not accepted"),
    ("fake.pdf", b"<html>", "not a PDF"),
    ("empty.txt", b"", "empty"),
    ("binary.txt", b"abc\x00def", "binary"),
    ("notzip.docx", b"plain text", "not a ZIP"),
    ("nodoc.docx", docx({"a.txt": b"x"}), "no word/document.xml"),
    ("bomb.docx", docx({"word/document.xml": b"<w/>", "word/big.xml": b"0" * (3 * 1024 * 1024)}), "ZIP bomb"),
    ("xxe.docx", docx({"word/document.xml": b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]><d>&x;</d>'}), "entities"),
    ("lol.html", b'<!DOCTYPE x [<!ENTITY a "aaaa">]><p>&a;</p>', "entities"),
])
def test_malicious_or_wrong_uploads_are_refused_and_nothing_is_stored(analyst, name, data, reason):
    app, c = analyst
    with pytest.raises(UploadRefused, match=reason):
        check_upload(name, data)
    r = post(c, [("fine.ru.txt", TEXT, "text/plain"), (name, data, "application/octet-stream")])
    assert r.status_code == 400 and reason.split()[0] in r.text
    assert app.state.web.jobs.recent() == []  # the good file was not stored either


def test_file_names_are_made_safe():
    assert check_upload("../../etc/passwd.txt", b"x") == "passwd.txt"
    assert check_upload("C:\\x\\law <1>.kk.md", b"x") == "law_1_.kk.md"


def test_cancelled_job_never_runs(analyst):
    app, c = analyst
    from talentflow.web.jobs import Worker

    post(c, [("plan.ru.txt", TEXT, "text/plain")])
    r = c.post("/jobs/1/cancel", data={"csrf_token": csrf_of(c, "/jobs/1")}, follow_redirects=False)
    assert r.status_code == 303
    assert not Worker(app.state.web.jobs, code_files).run_once()
    assert c.get("/jobs/1.json").json()["status"] == "cancelled"
    assert "u1_plan" not in c.get("/documents.json").text


def test_the_in_process_worker_runs_jobs(tmp_path):
    app = create_app(Settings(store_url=str(tmp_path / "s.sqlite"), corpus=[write_hostile_corpus(tmp_path / "c")],
                              reports_dir=tmp_path))
    app.state.web.accounts.add_user("ann", "analyst", PASSWORD)
    c = TestClient(app)
    login(c, "ann")
    post(c, [("plan.ru.txt", TEXT, "text/plain")])
    deadline = time.monotonic() + 120
    while c.get("/jobs/1.json").json()["status"] in ("queued", "running"):
        assert time.monotonic() < deadline, "the worker did not finish the job in 120 s"
        time.sleep(0.2)
    app.state.web.worker.stop()
    assert c.get("/jobs/1.json").json()["status"] == "done"


def test_oversized_request_is_refused_before_it_is_read(analyst, monkeypatch):
    app, c = analyst
    monkeypatch.setattr("talentflow.web.app.MAX_BODY", 1000)
    r = post(c, [("big.ru.txt", b"a" * 5000, "text/plain")])
    assert r.status_code == 413 and app.state.web.jobs.recent() == []


def test_worker_command_runs_queued_jobs(tmp_path):
    from typer.testing import CliRunner

    from talentflow import db
    from talentflow.cli import app as cli
    from talentflow.web.jobs import Jobs

    store = str(tmp_path / "w.sqlite")
    jobs = Jobs(db.connect(store))
    jobs.submit_upload("ann", [("plan.ru.txt", TEXT)])
    result = CliRunner().invoke(cli, ["worker", "--store", store, "--once"])
    assert result.exit_code == 0 and "ran 1 job(s)" in result.output
    assert jobs.get(1).status == "done"
