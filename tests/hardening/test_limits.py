"""Resource limits: zip bombs refused before unpacking, deep HTML refused in linear time, limits raisable.

The bombs are built here by code (a few hundred KB compressed); nothing large is committed.
"""

from __future__ import annotations

import io
import time
import tracemalloc
import zipfile
from pathlib import Path

import docx
import openpyxl
import pytest

from talentflow.ingest import read_documents
from talentflow.ingest.html_reader import HtmlError, check_depth, extract_html
from talentflow.stats.errors import DataImportError
from talentflow.stats.importers import get_importer
from tests.hardening.conftest import TEXT


def _bomb(template: bytes, member: str, size: int) -> bytes:
    """A copy of a real .docx/.xlsx whose ``member`` is padded with ``size`` bytes of blanks
    (compresses about 1000:1)."""
    src = zipfile.ZipFile(io.BytesIO(template))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == member:
                head, _, tail = data.rpartition(b"</")
                with zf.open(info.filename, "w", force_zip64=True) as fh:
                    fh.write(head)
                    block = b" " * (1 << 20)
                    for _ in range(size // len(block)):
                        fh.write(block)
                    fh.write(b"</" + tail)
            else:
                zf.writestr(info, data)
    return out.getvalue()


def _docx_bytes() -> bytes:
    d = docx.Document()
    d.add_paragraph(TEXT)
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def _xlsx_bytes() -> bytes:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["indicator", "area", "year", "value", "unit", "quote"])
    ws.append(["emigrants_permanent", "KAZ", 2019, 5, "persons", "synthetic"])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


@pytest.fixture
def small_limit(monkeypatch):
    """Limits scaled down so a bomb of 64 MiB (64 KB on disk) stands for one of gigabytes."""
    monkeypatch.setenv("TALENTFLOW_MAX_UNCOMPRESSED", "32M")


def test_docx_bomb_is_refused_before_unpacking(tmp_path, small_limit):
    f = tmp_path / "bomb.ru.docx"
    f.write_bytes(_bomb(_docx_bytes(), "word/document.xml", 64 << 20))
    assert f.stat().st_size < 1 << 20
    tracemalloc.start()
    t = time.perf_counter()
    docs, errors = read_documents([f])
    elapsed = time.perf_counter() - t
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert docs == [] and "zip bomb" in errors[0].reason
    assert peak < 16 << 20 and elapsed < 10


def test_ratio_limit_without_size_limit(tmp_path):
    f = tmp_path / "bomb.ru.docx"
    f.write_bytes(_bomb(_docx_bytes(), "word/document.xml", 40 << 20))  # under 512 MiB, but 1000:1
    docs, errors = read_documents([f])
    assert docs == [] and "compressed" in errors[0].reason and "TALENTFLOW_MAX_ZIP_RATIO" in errors[0].reason


def test_limits_are_raisable(tmp_path, monkeypatch):
    f = tmp_path / "padded.ru.docx"
    f.write_bytes(_bomb(_docx_bytes(), "word/document.xml", 4 << 20))
    monkeypatch.setenv("TALENTFLOW_MAX_ZIP_RATIO", "100000")
    docs, errors = read_documents([f])
    assert errors == [] and "Утечка мозгов" in docs[0].text


def test_xlsx_bomb_is_refused(tmp_path, small_limit):
    f = tmp_path / "bomb.xlsx"
    f.write_bytes(_bomb(_xlsx_bytes(), "xl/worksheets/sheet1.xml", 64 << 20))
    with pytest.raises(DataImportError, match="zip bomb"):
        list(get_importer(f, "xlsx").read(f))


@pytest.mark.parametrize("tag", ["div", "span", "b", "table", "blockquote"])
def test_deeply_nested_html_is_refused_fast(tag):
    n = 200_000  # 2.2 MB of <div>: quadratic in the HTML parser (minutes), refused here in one pass
    page = "<html><body>" + f"<{tag}>" * n + "text" + f"</{tag}>" * n + "</body></html>"
    t = time.perf_counter()
    with pytest.raises(HtmlError, match="nested more than"):
        extract_html(page)
    assert time.perf_counter() - t < 5


def test_nesting_under_the_limit_and_self_closing_blocks_read():
    page = "<html><body>" + "<div>" * 500 + "<p>один<p>два<li>три" * 2000 + "</div>" * 500 + "</body></html>"
    assert "один" in extract_html(page).text
    check_depth("<p>" * 100_000)  # paragraphs close each other: no depth


def test_html_file_in_a_folder(tmp_path: Path):
    f = tmp_path / "deep.ru.html"
    f.write_text("<div>" * 5000 + TEXT, encoding="utf-8")
    docs, errors = read_documents([f])
    assert docs == [] and "nested more than 1000" in errors[0].reason
