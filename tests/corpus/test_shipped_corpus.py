"""The shipped corpus of official texts: complete manifest, sources, nothing unredistributable."""

from __future__ import annotations

import csv
import hashlib
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "talentflow" / "data" / "corpus" / "kaz"
SHARED = ROOT / ".." / "shared"
needs_shared = pytest.mark.skipif(not SHARED.is_dir(), reason="reference corpus ../shared not present")
MANIFEST_COLUMNS = [
    "file", "id", "language", "title", "act_type", "number", "date", "issuer", "period",
    "source_url", "country", "completeness", "note",
    "short_title_en", "short_title_ru", "short_title_kk", "note_en", "note_ru", "note_kk",
]
PAPER_DOCUMENTS = {"u2007_399", "u2014_732", "p2017_602", "iom2020_profile", "p2022_961"}


def _rows(name: str) -> list[dict[str, str]]:
    with (CORPUS / name).open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _texts() -> set[str]:
    return {p.name for p in CORPUS.iterdir() if p.suffix != ".csv"}


def test_manifest_has_the_documented_columns():
    with (CORPUS / "manifest.csv").open(encoding="utf-8") as fh:
        assert next(csv.reader(fh)) == MANIFEST_COLUMNS


def test_manifest_covers_every_shipped_file_and_nothing_else():
    listed = [r["file"] for r in _rows("manifest.csv")]
    assert len(listed) == len(set(listed))
    assert set(listed) == _texts()
    ids = [r["id"] for r in _rows("manifest.csv")]
    assert len(ids) == len(set(ids)), "document ids must be unique"


def test_every_file_has_a_source():
    for r in _rows("manifest.csv"):
        assert all(u.strip().startswith(("http://", "https://")) for u in r["source_url"].split(";")), r["file"]
        head = (CORPUS / r["file"]).read_text(encoding="utf-8")
        assert "<!-- source: http" in head, r["file"]
        assert r["country"] == "KAZ" and r["completeness"] in ("full", "partial"), r["file"]


def test_adilet_openings_use_the_papers_ids_and_are_partial():
    partial = {r["id"]: r for r in _rows("manifest.csv") if r["completeness"] == "partial"}
    assert set(partial) == {"u2007_399", "p2017_602", "p2022_961"}
    assert all(r["note"] for r in partial.values())
    # the reader's note, in each report language: what is included, what is missing, the full text
    for r in partial.values():
        for lang in ("en", "ru", "kk"):
            assert "talentflow fetch adilet" in r[f"note_{lang}"], (r["id"], lang)
    assert partial["u2007_399"]["date"] == "2007-08-28" and partial["p2022_961"]["number"] == "961"


def test_full_laws_carry_their_adoption_date_not_the_amendment():
    laws = {r["id"]: r for r in _rows("manifest.csv") if r["act_type"] == "law"}
    assert (laws["law_migration_2011_ru"]["date"], laws["law_migration_2011_ru"]["number"]) == ("2011-07-22", "477-IV")
    assert laws["law_education_2007"]["date"] == "2007-07-27"


def test_documents_csv_describes_the_five_paper_documents():
    docs = {r["id"]: r for r in _rows("documents.csv")}
    assert set(docs) == PAPER_DOCUMENTS
    for d in docs.values():
        assert d["source_url"].startswith("https://") and d["holds"] and d["title"]
        for f in filter(None, d["shipped_files"].split(";")):
            assert (CORPUS / f).is_file()
    assert docs["u2014_732"]["completeness"] == "none" and docs["u2014_732"]["shipped_files"] == ""
    assert docs["p2022_961"]["shipped_files"] == "p2022_961.ru.md"


@needs_shared
def test_no_press_passage_and_not_the_paper_is_shipped():
    forbidden = {hashlib.sha256(p.read_bytes()).hexdigest() for p in (SHARED / "corpus" / "press").glob("*")}
    forbidden |= {hashlib.sha256(p.read_bytes()).hexdigest() for p in (SHARED / "seed").glob("*")}
    press_names = {p.name for p in (SHARED / "corpus" / "press").glob("*.md")}
    for p in CORPUS.rglob("*"):
        if p.is_file():
            assert p.name not in press_names, p
            assert hashlib.sha256(p.read_bytes()).hexdigest() not in forbidden, p


@needs_shared
def test_texts_are_verbatim_copies():
    for r in _rows("manifest.csv"):
        folder = "adilet" if r["completeness"] == "partial" else "full"
        assert (CORPUS / r["file"]).read_bytes() == (SHARED / "corpus" / folder / r["file"]).read_bytes(), r["file"]


@needs_shared
def test_build_script_reproduces_the_shipped_manifests(tmp_path):
    proc = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "build_corpus.py"), "--shared", str(SHARED), "--out", str(tmp_path)],
        capture_output=True, text=True, check=False,
    )
    assert proc.returncode == 0, proc.stderr
    for name in ("manifest.csv", "documents.csv"):
        assert (tmp_path / name).read_text(encoding="utf-8") == (CORPUS / name).read_text(encoding="utf-8")


def test_build_script_reports_a_missing_manifest(tmp_path):
    (tmp_path / "corpus" / "adilet").mkdir(parents=True)
    proc = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "build_corpus.py"), "--shared", str(tmp_path), "--out", str(tmp_path / "out")],
        capture_output=True, text=True, check=False,
    )
    assert proc.returncode == 1
    assert "manifest.csv: manifest not found" in proc.stderr and "adilet" in proc.stderr
    assert not (tmp_path / "out").exists()
