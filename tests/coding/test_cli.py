import json
from pathlib import Path

from typer.testing import CliRunner

from talentflow.cli import app

RU = "Концепция миграционной политики\n\nДля кандасов вводится региональная квота приёма на 2026 год.\n\nНаблюдается утечка мозгов.\n"


def _run(*args):
    return CliRunner().invoke(app, ["code", *map(str, args)])


def test_json_output_is_one_object_with_the_public_shape(tmp_path: Path):
    doc = tmp_path / "concept.ru.txt"
    doc.write_text(RU, encoding="utf-8")
    res = _run(doc, "--format", "json")
    assert res.exit_code == 0, res.output
    data = json.loads(res.stdout)
    assert set(data) == {"codebook", "documents", "errors"}
    assert set(data["codebook"]) == {"id", "version", "sha256"} and len(data["codebook"]["sha256"]) == 64
    (d,) = data["documents"]
    assert set(d) == {"path", "id", "title", "date", "language", "completeness", "levels", "gaps", "segments"}
    assert d["levels"]["repatriation"] == 4  # quota + year target
    assert d["levels"]["brain_drain"] == 1
    assert d["gaps"] == []
    for seg in d["segments"]:
        assert set(seg) == {"start", "end", "text", "language", "codes"}
        assert RU[seg["start"] : seg["end"]] == seg["text"]
        for c in seg["codes"]:
            assert set(c) == {"category", "level", "gap", "rule", "term"}
    assert data["errors"] == []


def test_a_bad_file_is_reported_and_others_still_coded(tmp_path: Path):
    good = tmp_path / "a.ru.txt"
    good.write_text(RU, encoding="utf-8")
    bad = tmp_path / "b.pdf"
    bad.write_bytes(b"not a pdf at all")
    res = _run(good, bad, "--format", "json")
    assert res.exit_code != 0
    data = json.loads(res.stdout)
    assert len(data["documents"]) == 1
    assert [Path(e["path"]).name for e in data["errors"]] == ["b.pdf"]


def test_malformed_codebook_names_file_and_line(tmp_path: Path):
    doc = tmp_path / "a.ru.txt"
    doc.write_text(RU, encoding="utf-8")
    cb = tmp_path / "cb.yaml"
    cb.write_text("id: x\nversion: '1'\ncategories:\n  - id: a\n    name: {en: A}\n", encoding="utf-8")
    res = _run(doc, "--codebook", cb)
    assert res.exit_code == 2
    assert "cb.yaml:4" in res.output and "categories.0.definition" in res.output


def test_table_output_lists_levels_and_gaps(tmp_path: Path):
    doc = tmp_path / "gap.ru.txt"
    doc.write_text("В Концепции отсутствуют механизмы удержания кадров.\n", encoding="utf-8")
    res = _run(doc, "--format", "table")
    assert res.exit_code == 0, res.output
    assert "1 gap" in res.stdout
