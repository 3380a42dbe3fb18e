"""Writers: every format reopens, states the scale and the formula, and is written atomically."""

import csv
import io
import re

import openpyxl
import pytest

from talentflow.analysis import COVERAGE_FORMULA, write_outputs
from talentflow.analysis import workbook as workbook_module
from talentflow.analysis.synthetic import synthetic_corpus
from talentflow.coding.model import LEVELS


@pytest.fixture(scope="module")
def corpus():
    return synthetic_corpus(seed=3, n_docs=5)


@pytest.fixture(scope="module")
def outputs(corpus, tmp_path_factory):
    out = tmp_path_factory.mktemp("out")
    paths = write_outputs(*corpus, out)
    return out, paths


def read_csv(path):
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    notes = [line for line in lines if line.startswith("#")]
    rows = list(csv.DictReader(io.StringIO("".join(line for line in lines if not line.startswith("#")))))
    return notes, rows


def test_all_files_written(outputs):
    out, paths = outputs
    names = {p.name for p in paths}
    assert names == {"matrix.csv", "segments.csv", "coverage.csv", "matrix.xlsx", "matrix.md", "matrix.html",
                     "evolution.png", "evolution.svg"}  # fmt: skip
    assert not [p for p in out.iterdir() if p.name.endswith(".part")]


def test_matrix_csv_has_a_row_per_cell_and_states_scale(outputs, corpus):
    coded, book = corpus
    notes, rows = read_csv(outputs[0] / "matrix.csv")
    assert len(rows) == len(coded) * len(book.ids)
    text = "".join(notes)
    assert all(LEVELS[level]["en"] in text for level in LEVELS)
    assert COVERAGE_FORMULA in text
    by_cell = {(r["document"], r["category"]): r for r in rows}
    for c in coded:
        for cat in book.ids:
            r = by_cell[(c.document.meta.id, cat)]
            assert int(r["level"]) == c.levels[cat]
            assert r["completeness"] == c.document.meta.completeness


def test_segments_csv_lists_every_code(outputs, corpus):
    coded, _ = corpus
    _, rows = read_csv(outputs[0] / "segments.csv")
    assert len(rows) == sum(len(s.codes) for c in coded for s in c.segments)
    for r in rows:
        doc = next(c for c in coded if c.document.meta.id == r["document"])
        assert doc.document.text[int(r["start"]) : int(r["end"])] == r["text"]


def test_coverage_csv_matches_sum_of_levels(outputs, corpus):
    coded, book = corpus
    _, rows = read_csv(outputs[0] / "coverage.csv")
    for r in rows:
        doc = next(c for c in coded if c.document.meta.id == r["document"])
        total = sum(doc.levels.values())
        assert int(r["sum_levels"]) == total
        assert float(r["coverage"]) == pytest.approx(total / (4 * len(book.ids)), abs=1e-4)


def test_xlsx_reopens_with_sheets_colour_scale_and_legend(outputs, corpus):
    coded, book = corpus
    wb = openpyxl.load_workbook(outputs[0] / "matrix.xlsx")
    assert wb.sheetnames == ["levels", "quotes", "scale", "segments"]
    levels = wb["levels"]
    assert len(levels.conditional_formatting) == 1
    assert levels.cell(row=2, column=4).value in range(5)
    scale = [row for row in wb["scale"].iter_rows(values_only=True)]
    assert scale[1][:2] == (0, LEVELS[0]["en"]) and scale[5][:2] == (4, LEVELS[4]["en"])
    assert any(COVERAGE_FORMULA in str(row[0]) for row in scale)
    assert wb["segments"].max_row == 1 + sum(len(s.codes) for c in coded for s in c.segments)


def test_markdown_and_html_state_scale_and_marks(outputs):
    out = outputs[0]
    md = (out / "matrix.md").read_text(encoding="utf-8")
    html = (out / "matrix.html").read_text(encoding="utf-8")
    for text in (md, html):
        assert LEVELS[3]["en"] in text and "coverage = Σ_c level_c / (4 · |C|)" in text
    # synthetic document 1 is partial, 2 secondary: their cells carry the marks
    assert re.search(r"\| syn01 \|.*\d†", md) and re.search(r"\| syn02 \|.*\d‡", md)
    assert "<svg" in html and "http://" not in html.split("<svg")[0].replace('http://www.w3.org', '')


def test_russian_headings(corpus, tmp_path):
    write_outputs(*corpus, tmp_path, formats=("md",), lang="ru")
    md = (tmp_path / "matrix.md").read_text(encoding="utf-8")
    assert "Документ" in md and LEVELS[4]["ru"] in md


def test_unknown_format_or_language_rejected(corpus, tmp_path):
    with pytest.raises(ValueError, match="format"):
        write_outputs(*corpus, tmp_path, formats=("pdf",))
    with pytest.raises(ValueError, match="language"):
        write_outputs(*corpus, tmp_path, formats=("md",), lang="de")


def test_failing_writer_leaves_no_target_file(corpus, tmp_path, monkeypatch):
    def broken_save(self, filename):
        with open(filename, "wb") as fh:
            fh.write(b"PK half")
        raise RuntimeError("disk full")

    monkeypatch.setattr(workbook_module.Workbook, "save", broken_save)
    with pytest.raises(RuntimeError, match="disk full"):
        write_outputs(*corpus, tmp_path, formats=("xlsx",))
    assert list(tmp_path.iterdir()) == []


def test_failing_writer_keeps_previous_file(corpus, tmp_path, monkeypatch):
    write_outputs(*corpus, tmp_path, formats=("csv",))
    before = (tmp_path / "matrix.csv").read_bytes()
    from talentflow.analysis import writers

    def broken(columns, rows, notes):
        raise RuntimeError("interrupted")

    monkeypatch.setattr(writers, "csv_text", broken)
    with pytest.raises(RuntimeError):
        write_outputs(*corpus, tmp_path, formats=("csv",))
    assert (tmp_path / "matrix.csv").read_bytes() == before
