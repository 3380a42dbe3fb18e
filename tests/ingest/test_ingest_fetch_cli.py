"""``talentflow fetch adilet`` against a local server in adilet's layout, and ``talentflow ingest``."""

from __future__ import annotations

import csv
import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from typer.testing import CliRunner

from talentflow.cli import app
from talentflow.ingest import read_documents

KAZ_PAGE = """<html><head><title>Әділет</title></head><body>
<header><nav><a href="/kaz">Негізгі</a> <a href="/kaz/search">Іздеу</a></nav></header>
<div class="container_alpha slogan"><h1>Көші-қон саясатының 2007-2015 жылдарға арналған тұжырымдамасы туралы</h1>
<span class="status status_yts">Күшін жойған</span>
<p>Қазақстан Республикасы Президентінің 2007 жылғы 28 тамыздағы N 399 Жарлығы.</p></div>
<div class="container_gamma tabs"><a href="/kaz/docs/U070000399_/history">Өзгерістер тарихы</a></div>
<div class="container_gamma text"><article>
<p>Қазақстан Республикасындағы көші-қон процестерін басқару жүйесін жетілдіру мақсатында ҚАУЛЫ ЕТЕМІН:</p>
<p>1. Қоса беріліп отырған тұжырымдама мақұлдансын.</p>
<p>- Ескерту: *жұлдызша* және [жақша] мәтіннің бөлігі.</p>
</article></div><footer>Барлық құқықтар қорғалған</footer></body></html>"""


class _Handler(BaseHTTPRequestHandler):
    hits: list[str] = []

    def do_GET(self) -> None:  # noqa: N802 (http.server's name)
        _Handler.hits.append(self.path)
        if self.path == "/kaz/docs/U070000399_":
            body = KAZ_PAGE.encode("utf-8")
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        else:
            self.send_response(404)
            self.end_headers()

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def server(monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy"):
        monkeypatch.delenv(name, raising=False)  # the local server is reached directly
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join()


def test_fetch_writes_markdown_and_one_manifest_row(server: str, tmp_path: Path) -> None:
    runner = CliRunner()
    args = ["fetch", "adilet", "U070000399_", "--lang", "kaz", "--out", str(tmp_path), "--base-url", server]
    for _ in range(2):
        result = runner.invoke(app, args)
        assert result.exit_code == 0, result.output
    target = tmp_path / "u2007_399.kk.md"  # the id the shipped register gives this act
    content = target.read_text(encoding="utf-8")
    assert f"<!-- source: {server}/kaz/docs/U070000399_ -->" in content
    assert "<!-- title: Көші-қон саясатының 2007-2015 жылдарға арналған тұжырымдамасы туралы -->" in content
    rows = list(csv.DictReader((tmp_path / "manifest.csv").open(encoding="utf-8")))
    assert len(rows) == 1
    row = rows[0]
    assert (row["file"], row["id"], row["language"], row["act_type"], row["number"], row["date"]) == (
        "u2007_399.kk.md",
        "u2007_399",
        "kk",
        "указ",
        "399",
        "2007-08-28",
    )
    (doc,), errors = read_documents([tmp_path])
    assert errors == []
    assert doc.meta.id == "u2007_399"
    assert "Негізгі" not in doc.text and "Күшін жойған" not in doc.text and "Өзгерістер тарихы" not in doc.text
    assert "- Ескерту: *жұлдызша* және [жақша] мәтіннің бөлігі." in doc.text  # escaped, read back verbatim
    assert doc.parts[0].source_url == f"{server}/kaz/docs/U070000399_"
    assert {p.language for p in doc.paragraphs} == {"kk"}


def test_fetch_from_url_and_env_base(server: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TALENTFLOW_ADILET_URL", server)
    result = CliRunner().invoke(
        app, ["fetch", "adilet", "https://adilet.zan.kz/kaz/docs/U070000399_", "--out", str(tmp_path)]
    )
    assert result.exit_code == 0, result.output
    assert (tmp_path / "u2007_399.kk.md").is_file()


def test_fetch_404_and_network_failure_exit_non_zero(server: str, tmp_path: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(app, ["fetch", "adilet", "Z000000000", "--out", str(tmp_path), "--base-url", server])
    assert result.exit_code == 1
    assert "404" in result.output
    closed = "http://127.0.0.1:9"  # discard port: nothing listens
    result = runner.invoke(app, ["fetch", "adilet", "Z000000000", "--out", str(tmp_path), "--base-url", closed, "--timeout", "2"])
    assert result.exit_code == 1
    assert "network error" in result.output or "no answer" in result.output
    assert not (tmp_path / "manifest.csv").exists()


def test_ingest_command_lists_documents_and_errors(tmp_path: Path) -> None:
    (tmp_path / "a.ru.md").write_text("# Закон о науке\n\nНастоящий Закон регулирует отношения в науке.", encoding="utf-8")
    runner = CliRunner()
    result = runner.invoke(app, ["ingest", str(tmp_path), "--format", "json"])
    assert result.exit_code == 0, result.output
    payload = json.loads(result.output)
    assert payload["errors"] == []
    (doc,) = payload["documents"]
    assert doc["id"] == "a" and doc["title"] == "Закон о науке" and doc["paragraphs"] == 2
    assert doc["languages"] == {"ru": 2} and doc["completeness"] == "full"

    (tmp_path / "broken.pdf").write_bytes(b"not a pdf")
    result = runner.invoke(app, ["ingest", str(tmp_path)])
    assert result.exit_code == 1
    assert "broken.pdf" in result.output and "corrupt PDF" in result.output


def test_fetch_records_the_given_id_or_the_adilet_id(server: str, tmp_path: Path) -> None:
    runner = CliRunner()
    args = ["fetch", "adilet", "U070000399_", "--lang", "kaz", "--out", str(tmp_path), "--base-url", server,
            "--id", "concept2007"]
    assert runner.invoke(app, args).exit_code == 0
    assert (tmp_path / "concept2007.kk.md").is_file()
    from talentflow.ingest.adilet import registered_id

    assert registered_id("P2200000961") == "p2022_961"
    assert registered_id("u070000399") == "u2007_399"  # case and adilet's trailing underscore
    assert registered_id("Z000000000") is None


def test_a_fetched_act_meets_the_reference_coding(server: str, tmp_path: Path) -> None:
    """The paper's claims about an act apply to its fetched text (here the test page's opening)."""
    runner = CliRunner()
    args = ["fetch", "adilet", "U070000399_", "--lang", "kaz", "--out", str(tmp_path), "--base-url", server]
    assert runner.invoke(app, args).exit_code == 0
    result = runner.invoke(app, ["agree", str(tmp_path), "--human", "paper-table1", "--format", "json"])
    assert result.exit_code == 0, result.output
    assert '"u2007_399"' in result.output or "u2007_399" in result.output
