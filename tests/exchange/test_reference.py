"""The paper's Table 1 as reference coding: shipped files, derived bounds, claims."""

import csv
from pathlib import Path

import pytest

from talentflow.analysis.synthetic import code_document, make_document, synthetic_codebook
from talentflow.exchange import agreement, load_reference
from talentflow.exchange.reference import (
    REFERENCE_DIR,
    build_paper_reference,
    levels_from_claims,
    parse_reference_claims,
    read_claims_csv,
)

SHARED = Path(__file__).resolve().parents[2] / ".." / "shared" / "corpus" / "paper-table1.csv"


def rows(path):
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(line for line in fh if not line.startswith("#")))


def test_shipped_levels_are_derived_from_shipped_claims(tmp_path):
    build_paper_reference(REFERENCE_DIR / "paper_table1.csv", tmp_path)
    assert rows(tmp_path / "paper_table1.levels.csv") == rows(REFERENCE_DIR / "paper_table1.levels.csv")


def test_shipped_table_keeps_claims_not_the_papers_wording():
    if not SHARED.is_file():
        pytest.skip("../shared/corpus/paper-table1.csv is not available here")
    shipped, source = rows(REFERENCE_DIR / "paper_table1.csv"), rows(SHARED)
    assert list(shipped[0]) == ["doc_id", "title", "date", "claims", "claims_basis"]
    assert [(r["doc_id"], r["claims"]) for r in shipped] == [(r["doc_id"], r["claims"]) for r in source]
    text = (REFERENCE_DIR / "paper_table1.csv").read_text(encoding="utf-8")
    for r in source:
        assert r["paper_reading"].strip()[:60] not in text
        assert r["table1_cell"].strip()[:40] not in text
    assert "10.52821/2789-4401-2025-5-60-76" in text


def test_bounds_from_claims():
    claims = parse_reference_claims("d", "brain_drain>=1; retention<=1; gap:retention; return>=3 or repatriation>=3")
    got = {(lv.category): (lv.level_min, lv.level_max, lv.gap) for lv in levels_from_claims(claims)}
    # the alternative names no single cell; gap implies level >= 1 and combines with retention<=1
    assert got == {"brain_drain": (1, 4, None), "retention": (1, 1, True)}
    assert len(read_claims_csv(REFERENCE_DIR / "paper_table1.csv")) == 17


def test_load_reference_and_claims_satisfied():
    ref = load_reference("paper-table1")
    assert ref.kind == "document" and "10.52821" in ref.citation
    cats = ("brain_drain", "retention", "return", "repatriation", "talent_attraction", "education_migration")
    book = synthetic_codebook(cats)
    # u2007_399: brain_drain>=1; retention<=1; gap:retention; return>=3 or repatriation>=3
    doc = make_document("u2007_399", ["Loss of qualified staff.", "No retention measures.", "Repatriation programme."])
    coded = code_document(doc, {0: [("brain_drain", 1, False)], 1: [("retention", 1, True)],
                                2: [("repatriation", 2, False)]}, list(cats))  # fmt: skip
    report = agreement([coded], ref, book)
    assert (report.claims_satisfied, report.claims_total) == (3, 4)  # repatriation 2 < 3
    assert {c.category: c.n_units for c in report.categories}["brain_drain"] == 1
    assert any("left out" in n for n in report.notes)  # the other four documents
