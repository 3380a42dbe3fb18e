"""Fixtures of the hardening tests: small documents, a small store, a stand-in register.

Everything is built in a temporary folder by code (synthetic text, labelled so); nothing here
needs ../shared or the network.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from typer.testing import CliRunner

from talentflow.cli import app

#: Synthetic policy text (not from any real document).
TEXT = ("Синтетический документ. Утечка мозгов и отток квалифицированных кадров усиливаются. "
        "Государственная программа возвращения специалистов утверждена.")

STORE_CSV = """indicator,area,year,value,unit,source_name,source_url,quote
emigrants_permanent,KAZ,2020,1000,persons,Synthetic source,https://example.org/a,synthetic figure one
emigrants_permanent,KAZ,2021,1200,persons,Synthetic source,https://example.org/a,synthetic figure two
"""

PAGE = """<html><head><title>Synthetic act</title></head><body>
<div class="container_alpha slogan"><h1>Синтетический акт о миграции</h1></div>
<div class="container_gamma text"><article><p>Синтетический текст. Утечка мозгов усиливается.</p></article></div>
</body></html>"""


def invoke(*args: str):
    """Run the CLI in-process; the result has ``exit_code`` and ``output`` (stdout and stderr)."""
    return CliRunner().invoke(app, [str(a) for a in args])


@pytest.fixture
def docs(tmp_path: Path) -> Path:
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "synthetic_a.ru.txt").write_text(TEXT, encoding="utf-8")
    return folder


@pytest.fixture
def store(tmp_path: Path) -> Path:
    """A small SQLite store holding two synthetic figures."""
    csv_file = tmp_path / "synthetic.csv"
    csv_file.write_text(STORE_CSV, encoding="utf-8")
    path = tmp_path / "store.sqlite"
    result = invoke("import", csv_file, "--kind", "csv", "--store", path)
    assert result.exit_code == 0, result.output
    return path


class _Register(BaseHTTPRequestHandler):
    def do_GET(self) -> None:  # noqa: N802 (http.server's name)
        body = PAGE.encode("utf-8")
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def register(monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """A stand-in for adilet.zan.kz on 127.0.0.1 answering every id with one synthetic page."""
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy"):
        monkeypatch.delenv(name, raising=False)
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Register)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()
