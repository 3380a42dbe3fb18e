"""Exports neutralise formulas (the OWASP CSV-injection rule) in every CSV and XLSX talentflow writes."""

from __future__ import annotations

import csv
import io

import openpyxl
import pytest

from talentflow.io.cells import is_formula_like, neutralise
from tests.hardening.conftest import TEXT, invoke

PAYLOADS = ['=HYPERLINK("http://evil.example","x")', "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(A1:A2)",
            "\t=1+1", "\r=1+1", "=1/0"]


@pytest.mark.parametrize("text", PAYLOADS)
def test_formula_like_text_is_quoted(text):
    assert is_formula_like(text)
    assert neutralise(text) == "'" + text.replace("\r", "\n")


@pytest.mark.parametrize("text", ["-5", "+3.2", "-1 200,5", "plain", "", "1e3", "-"])
def test_numbers_and_plain_text_stay(text):
    assert neutralise(text) == text or text == "-"


def _hostile_store(tmp_path):
    rows = ["indicator,area,year,value,unit,source_name,source_url,quote"]
    for i, p in enumerate(PAYLOADS):
        cell = '"' + p.replace('"', '""') + '"'
        rows.append(f"emigrants_permanent,KAZ,{2000 + i},{1000 + i},persons,{cell},https://example.org/{i},{cell}")
    data = tmp_path / "f.csv"
    data.write_text("\n".join(rows) + "\n", encoding="utf-8")
    store = tmp_path / "s.sqlite"
    result = invoke("import", data, "--kind", "csv", "--store", store)
    assert result.exit_code == 0, result.output
    return store


def _csv_cells(text: str) -> list[str]:
    while text.startswith("#"):  # the note lines before the header
        text = text.split("\n", 1)[1]
    return [c for row in csv.reader(io.StringIO(text, newline="")) for c in row]


def _xlsx_cells(path) -> list[tuple[str, object]]:
    wb = openpyxl.load_workbook(path)  # formulas stay formulas here (not data_only)
    return [(c.data_type, c.value) for ws in wb.worksheets for row in ws.iter_rows() for c in row]


def _assert_csv_safe(text: str) -> None:
    for cell in _csv_cells(text):
        assert not is_formula_like(cell), cell


def _assert_xlsx_safe(path) -> None:
    cells = _xlsx_cells(path)
    assert not [v for t, v in cells if t == "f"], "a formula cell was written"


def test_store_export_csv_and_xlsx(tmp_path):
    store = _hostile_store(tmp_path)
    assert invoke("store", "export", "--store", store, "--out", tmp_path / "o.csv").exit_code == 0
    text = (tmp_path / "o.csv").read_text(encoding="utf-8")
    _assert_csv_safe(text)
    assert "'=HYPERLINK" in text
    assert invoke("store", "export", "--store", store, "--format", "xlsx", "--out", tmp_path / "o.xlsx").exit_code == 0
    _assert_xlsx_safe(tmp_path / "o.xlsx")
    values = [v for _, v in _xlsx_cells(tmp_path / "o.xlsx")]
    assert '=HYPERLINK("http://evil.example","x")' in values  # kept, as text


def test_matrix_csv_and_xlsx(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "synthetic.ru.txt").write_text(TEXT, encoding="utf-8")
    (docs / "manifest.csv").write_text(
        'file,id,language,title,source_url\nsynthetic.ru.txt,"=1+1",ru,"=HYPERLINK(""x"")",https://example.org\n',
        encoding="utf-8")
    (docs / "evil.ru.txt").write_text("=cmd|' /C calc'!A0 " + TEXT, encoding="utf-8")
    result = invoke("matrix", docs, "--out", tmp_path / "m")
    assert result.exit_code == 0, result.output
    for name in ("matrix.csv", "segments.csv", "coverage.csv"):
        _assert_csv_safe((tmp_path / "m" / name).read_text(encoding="utf-8"))
    _assert_xlsx_safe(tmp_path / "m" / "matrix.xlsx")


def test_indicators_csv(store):
    result = invoke("indicators", "--store", store, "--format", "csv")
    assert result.exit_code == 0, result.output
    _assert_csv_safe(result.stdout)
