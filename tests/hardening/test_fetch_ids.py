"""``fetch adilet``: ids never become paths outside --out; the manifest lists only files that exist."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from tests.hardening.conftest import invoke

BAD_NAMES = ["../../escaped", "/abs/path", "..", "a/b", "a\\b", "name\nnewline", "x" * 300, " lead", "",
             "tab\tname", "nul\x00name"]
BAD_REFS = ["../../etc/passwd", "/abs/path", "P22\n00000961", "x" * 300, "P2200000961/../../x", "",
            "https://adilet.zan.kz/rus/docs/../../x"]


def _files(root: Path) -> set[Path]:
    return {p for p in root.rglob("*") if p.is_file()}


@pytest.mark.parametrize("name", BAD_NAMES)
def test_bad_id_is_refused_and_nothing_written(name, register, tmp_path):
    out = tmp_path / "a" / "b" / "out"
    result = invoke("fetch", "adilet", "P2200000961", "--base-url", register, "--out", out, "--id", name)
    assert result.exit_code != 0
    assert "Traceback" not in result.output and "error" in result.output
    assert _files(tmp_path) == set()


@pytest.mark.parametrize("ref", BAD_REFS)
def test_bad_reference_is_refused(ref, register, tmp_path):
    out = tmp_path / "out"
    result = invoke("fetch", "adilet", ref, "--base-url", register, "--out", out)
    assert result.exit_code != 0
    assert "Traceback" not in result.output
    assert _files(tmp_path) == set()


def test_good_fetch_lists_only_existing_files(register, tmp_path):
    out = tmp_path / "out"
    result = invoke("fetch", "adilet", "P2200000961", "--base-url", register, "--out", out, "--id", "synthetic.act-1")
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader((out / "manifest.csv").open(encoding="utf-8")))
    assert [r["file"] for r in rows] == ["synthetic.act-1.ru.md"]
    assert all((out / r["file"]).is_file() for r in rows)
    assert {p.parent for p in _files(tmp_path)} == {out}


def test_manifest_not_utf8_is_refused_before_anything_is_written(register, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "manifest.csv").write_bytes("file,id\nа.md,б\n".encode("cp1251"))
    result = invoke("fetch", "adilet", "P2200000961", "--base-url", register, "--out", out, "--id", "syn")
    assert result.exit_code != 0 and "UTF-8" in result.output and "Traceback" not in result.output
    assert sorted(p.name for p in out.iterdir()) == ["manifest.csv"]
