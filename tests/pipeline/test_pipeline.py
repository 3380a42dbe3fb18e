"""One pipeline for the command line, the report and the web application: typed results, and the
same answer whichever interface asks."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from talentflow import pipeline
from talentflow.analysis.model import Matrix
from talentflow.cli import app
from talentflow.report import gather_inputs


@pytest.fixture(scope="module")
def shipped():
    (corpus,) = pipeline.default_corpus("KAZ")
    read = pipeline.read([corpus])
    return corpus, read, pipeline.policy(read.documents)


def test_stages_return_typed_results(shipped):
    corpus, read, pol = shipped
    assert isinstance(read, pipeline.ReadResult) and read.documents and not read.errors
    assert isinstance(pol, pipeline.PolicyResult) and isinstance(pol.matrix, Matrix)
    assert [d.id for d in pol.matrix.documents] and len(pol.coded) == len(read.documents)
    ref = pipeline.reference_comparison(pol.matrix, pol.codebook)
    assert isinstance(ref, pipeline.ReferenceComparison)
    assert isinstance(ref.agreement, pipeline.Agreement) and ref.agreement.n > 0
    assert all(isinstance(c, pipeline.ClaimCheck) and c.status in ("satisfied", "not_testable", "contradicted")
               for c in ref.claims)
    # the paper's documents the shipped corpus lacks are named, not silently dropped
    assert ref.missing_documents == ["iom2020_profile", "u2014_732"]
    stats = pipeline.statistics(pipeline.load_observations(pipeline.default_data()), "KAZ")
    assert isinstance(stats, pipeline.StatsResult)
    assert stats.indicators and stats.discrepancies and stats.indicator_names
    assert isinstance(stats.projection, pipeline.Projection) and stats.projection.values
    practice = pipeline.practice(pol.matrix, stats.indicators, "KAZ")
    assert isinstance(practice, pipeline.PracticeResult) and practice.recommendations


def test_the_command_line_and_the_report_code_alike(shipped, tmp_path: Path):
    corpus, _, pol = shipped
    result = CliRunner().invoke(app, ["code", str(corpus), "--dossiers", "--format", "json"])
    assert result.exit_code == 0, result.output
    cli = {d["id"]: d["levels"] for d in json.loads(result.stdout)["documents"]}
    report = gather_inputs([corpus], None, "KAZ").policy
    assert report is not None
    from_report = {d.id: {c: report.matrix.cell(d.id, c).level for c in report.matrix.categories}
                   for d in report.matrix.documents}
    from_pipeline = {d.id: {c: pol.matrix.cell(d.id, c).level for c in pol.matrix.categories}
                     for d in pol.matrix.documents}
    assert cli == from_report == from_pipeline


def test_a_bad_corpus_file_is_named_not_dropped(tmp_path: Path):
    (tmp_path / "ok.txt").write_text("Утечка мозгов остаётся проблемой.", encoding="utf-8")
    (tmp_path / "bad.pdf").write_bytes(b"not a pdf")
    read = pipeline.read([tmp_path], dossiers=False)
    assert [d.meta.path.endswith("ok.txt") for d in read.documents] == [True]
    assert any("bad.pdf" in line for line in read.error_lines())


def test_document_labels_come_from_the_corpus_manifest(shipped):
    corpus, _, _ = shipped
    labels = pipeline.document_labels([corpus])
    assert labels["p2017_602"].short_title["kk"] == "2017–2021 жылдарға арналған көші-қон саясатының тұжырымдамасы"
    assert labels["u2014_732"].short_title["en"]  # from the register: a document the corpus lacks
    assert {"en", "ru", "kk"} <= set(labels["p2022_961"].note)


def test_conflicts_are_taken_from_one_place(monkeypatch):
    from talentflow.stats.results import SourceComparison

    obs = pipeline.load_observations(pipeline.default_data())
    seen = []
    monkeypatch.setattr(pipeline, "conflicts",
                        lambda own, threshold=0.01: seen.append(len(own)) or SourceComparison())
    stats = pipeline.statistics(obs, "KAZ")
    assert seen == [sum(o.area == "KAZ" for o in obs)] and stats.discrepancies == []


def test_conflicts_are_like_for_like():
    from talentflow.stats.checks import compare_sources

    obs = [o for o in pipeline.load_observations(pipeline.default_data()) if o.area == "KAZ"]
    checked = pipeline.conflicts(obs)
    expected = compare_sources(obs)
    assert len(checked.conflicts) == len(expected.conflicts)
    assert checked.not_comparable and {n.kind for n in checked.not_comparable} <= {
        "part_year", "other_year", "undated", "subtotal", "parts_of_whole", "unit"}
