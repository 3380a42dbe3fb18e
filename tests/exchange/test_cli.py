"""The matrix, export-qda and agree commands end to end on small synthetic text files."""

import json
import zipfile

import pytest
from typer.testing import CliRunner

from talentflow.cli import app

TEXT = (
    "Синтетический документ. Утечка мозгов и отток квалифицированных кадров усиливаются. "
    "Прочие вопросы не рассматриваются."
)


@pytest.fixture(scope="module")
def docs(tmp_path_factory):
    folder = tmp_path_factory.mktemp("docs")
    (folder / "synthetic_a.ru.txt").write_text(TEXT, encoding="utf-8")
    (folder / "synthetic_b.ru.txt").write_text("Синтетический текст о погоде. Он ничего не кодирует.", encoding="utf-8")
    return folder


def test_matrix_command_writes_outputs(docs, tmp_path):
    result = CliRunner().invoke(app, ["matrix", str(docs), "--out", str(tmp_path / "m"), "--lang", "kk"])
    assert result.exit_code == 0, result.output
    assert {p.name for p in (tmp_path / "m").iterdir()} >= {"matrix.csv", "matrix.xlsx", "evolution.svg", "coverage.csv"}


def test_export_qda_writes_project_and_codebook(docs, tmp_path):
    out = tmp_path / "p.qdpx"
    result = CliRunner().invoke(app, ["export-qda", str(docs), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert out.with_suffix(".qdc").is_file()
    with zipfile.ZipFile(out) as zf:
        assert len([n for n in zf.namelist() if n.startswith("Sources/")]) == 2


def test_agree_json_against_exported_project(docs, tmp_path):
    out = tmp_path / "p.qdpx"
    CliRunner().invoke(app, ["export-qda", str(docs), "--out", str(out)])
    result = CliRunner().invoke(app, ["agree", str(docs), "--human", str(out), "--format", "json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["unit"] == "sentence"
    assert report["overall"]["agreement"] == 1.0  # the automatic coding agrees with itself


def test_agree_reports_bad_human_file(docs, tmp_path):
    bad = tmp_path / "h.csv"
    bad.write_text("document,start,end,category\nsynthetic_a,0,10,no_such_category\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["agree", str(docs), "--human", str(bad)])
    assert result.exit_code == 2
    assert "h.csv:2" in result.output and "no_such_category" in result.output
