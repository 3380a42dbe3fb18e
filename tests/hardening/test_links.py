"""Only http(s) and mailto URLs become links, wherever a URL is rendered; the report has a CSP."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
from selectolax.lexbor import LexborHTMLParser

from talentflow.io.links import REPORT_CSP, safe_href
from tests.hardening.conftest import TEXT, invoke

HOSTILE = [
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    "java\tscript:alert(1)",
    "java\nscript:alert(1)",
    " \x01javascript:alert(1)",
    "&#106;avascript:alert(1)",
    "&#x6A;avascript:alert(1)",
    "vbscript:msgbox(1)",
    "VBScript:msgbox(1)",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "DATA:text/html,<script>alert(1)</script>",
    "file:///etc/passwd",
    "//evil.example/x",
    "ｊavascript:alert(1)",
    "javascript&colon;alert(1)",
]
SAFE = ["https://stat.gov.kz/a?b=1&c=2", "HTTP://EXAMPLE.ORG/", "mailto:someone@example.org",
        " https://example.org/padded "]


@pytest.mark.parametrize("url", HOSTILE)
def test_hostile_urls_are_not_links(url):
    assert safe_href(url) is None


@pytest.mark.parametrize("url", SAFE)
def test_web_and_mail_urls_are_links(url):
    href = safe_href(url)
    assert href is not None and href == href.strip()
    assert re.match(r"(?i)(https?|mailto):", href)


def _hrefs(page: str) -> list[str]:
    tree = LexborHTMLParser(page)
    return [a.attributes.get("href") or "" for a in tree.css("a")]


def _assert_no_live_script_link(page: str) -> None:
    for href in _hrefs(page):
        if href.startswith("#"):
            continue
        probe = re.sub(r"[\x00-\x20]", "", html.unescape(href)).lower()
        assert probe.startswith(("http:", "https:", "mailto:")), href


def _hostile_docs(tmp_path: Path) -> Path:
    folder = tmp_path / "docs"
    folder.mkdir()
    rows = ["file,id,language,title,source_url"]
    for i, url in enumerate(HOSTILE):
        name = f"synthetic_{i}.ru.txt"
        (folder / name).write_text(TEXT, encoding="utf-8")
        cell = '"' + url.replace('"', '""') + '"'
        rows.append(f"{name},synthetic_{i},ru,Synthetic {i},{cell}")
    (folder / "manifest.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    return folder


def test_matrix_html_has_no_live_script_link(tmp_path):
    docs = _hostile_docs(tmp_path)
    result = invoke("matrix", docs, "--out", tmp_path / "m")
    assert result.exit_code == 0, result.output
    page = (tmp_path / "m" / "matrix.html").read_text(encoding="utf-8")
    assert "alert(1)" in page  # the URL is still shown, as text
    _assert_no_live_script_link(page)


def test_report_html_has_csp_and_no_live_script_link(tmp_path):
    docs = _hostile_docs(tmp_path)
    rows = ["indicator,area,year,value,unit,source_name,source_url,quote"]
    for i, url in enumerate(HOSTILE):
        cell = '"' + url.replace('"', '""') + '"'
        rows.append(f"emigrants_permanent,KAZ,{2000 + i},{1000 + i},persons,Synthetic {i},{cell},synthetic {i}")
    data = tmp_path / "hostile.csv"
    data.write_text("\n".join(rows) + "\n", encoding="utf-8")
    store = tmp_path / "s.sqlite"
    assert invoke("import", data, "--kind", "csv", "--store", store).exit_code == 0
    result = invoke("report", "--corpus", docs, "--data", store, "--format", "html", "--out", tmp_path / "r")
    assert result.exit_code == 0, result.output
    page = (tmp_path / "r" / "report.html").read_text(encoding="utf-8")
    tree = LexborHTMLParser(page)
    meta = tree.css_first('meta[http-equiv="Content-Security-Policy"]')
    assert meta is not None and meta.attributes["content"] == REPORT_CSP
    assert "script-src" not in REPORT_CSP and "default-src 'none'" in REPORT_CSP
    assert not tree.css("script")  # the policy allows no script, and the report needs none
    _assert_no_live_script_link(page)
