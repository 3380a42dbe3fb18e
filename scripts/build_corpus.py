#!/usr/bin/env python3
"""Build the shipped corpus of official texts (``talentflow/data/corpus/kaz/``) from ``../shared``.

Why a script and not a hand copy: the shipped texts must stay byte-identical to the reference
corpus (with their ``<!-- source: … -->`` lines), and the merged ``manifest.csv`` must be
reproducible from the two source manifests. Only redistributable official texts are copied —
the openings of adilet pages (``corpus/adilet``) and laws / presidential speeches
(``corpus/full``). Press passages (``corpus/press``) and the reference paper are never copied.

Usage: ``.venv/bin/python scripts/build_corpus.py [--shared ../shared] [--out talentflow/data/corpus/kaz]``
"""

from __future__ import annotations

import argparse
import csv
import io
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from talentflow.io.atomic import write_bytes, write_text  # noqa: E402

LABEL_LANGS = ("en", "ru", "kk")
SHORT_TITLES = [f"short_title_{lang}" for lang in LABEL_LANGS]
NOTES = [f"note_{lang}" for lang in LABEL_LANGS]
MANIFEST_COLUMNS = [
    "file", "id", "language", "title", "act_type", "number", "date", "issuer", "period",
    "source_url", "country", "completeness", "note", *SHORT_TITLES, *NOTES,
]
DOCUMENT_COLUMNS = [
    "id", "title", "act_type", "number", "date", "issuer", "period", "source_url",
    "shipped_files", "completeness", "holds", "not_shipped", "reference", *SHORT_TITLES,
]
#: How a reader names each document, and the short note on what of it the corpus holds, in each
#: report language (written for this project; the shared corpus has English notes only).
LABELS = ROOT / "scripts" / "corpus_labels.csv"
#: Folders of the shared corpus whose texts may be redistributed (official texts only).
SHIPPED_FOLDERS = ("adilet", "full")
#: "Law of 22.07.2011 No. 477-IV" in the coverage notes of the full-text manifest.
LAW_ADOPTION = re.compile(r"Law of (\d{2})\.(\d{2})\.(\d{4})(?: No\. ([0-9A-Za-z-]+))?")
PAPER_DOI = "https://doi.org/10.52821/2789-4401-2025-5-60-76"

#: The five documents the reference paper analysed (its references [28]–[32]). Titles are the
#: official act titles as the paper lists them; URLs are the adilet / IOM addresses it cites.
PAPER_DOCUMENTS = [
    {
        "id": "u2007_399", "act_type": "указ", "number": "399", "date": "2007-08-28",
        "issuer": "Президент Республики Казахстан", "period": "2007-2015",
        "source_url": "https://adilet.zan.kz/rus/docs/U070000399_", "reference": "[29]",
    },
    {
        "id": "u2014_732", "act_type": "указ", "number": "732", "date": "2014-01-17",
        "issuer": "Президент Республики Казахстан", "period": "",
        "source_url": "https://adilet.zan.kz/rus/docs/U1400000732/history", "reference": "[28]",
    },
    {
        "id": "p2017_602", "act_type": "постановление", "number": "602", "date": "2017-09-29",
        "issuer": "Правительство Республики Казахстан", "period": "2017-2021",
        "source_url": "https://adilet.zan.kz/rus/docs/P1700000602", "reference": "[30]",
    },
    {
        "id": "iom2020_profile", "act_type": "report", "number": "", "date": "2020",
        "issuer": "Международная организация по миграции (МОМ)", "period": "2014-2019",
        "source_url": "https://publications.iom.int/system/files/pdf/kazakhstan-_advanced-migration-profile-2014-2019-ru.pdf",
        "reference": "[31]",
    },
    {
        "id": "p2022_961", "act_type": "постановление", "number": "961", "date": "2022-11-30",
        "issuer": "Правительство Республики Казахстан", "period": "2023-2027",
        "source_url": "https://adilet.zan.kz/rus/docs/P2200000961", "reference": "[32]",
    },
]


class BuildError(Exception):
    """A source manifest or text that cannot be merged; names the file and row."""


def _read_csv(path: Path) -> list[dict[str, str]]:
    if not path.is_file():
        raise BuildError(f"{path}: manifest not found")
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _language_of(file_name: str) -> str:
    parts = file_name.split(".")
    return parts[-2] if len(parts) >= 3 else ""


def _stem_without_language(file_name: str) -> str:
    return file_name.split(".")[0]


def adilet_rows(folder: Path) -> list[dict[str, str]]:
    """Adilet openings: the paper's document ids, completeness "partial", coverage note kept."""
    rows = []
    for i, r in enumerate(_read_csv(folder / "manifest.csv"), start=2):
        if not r.get("file") or not r.get("id"):
            raise BuildError(f"{folder / 'manifest.csv'}:{i}: row without file or id")
        rows.append(
            {
                "file": r["file"], "id": r["id"], "language": r["language"], "title": r["title"],
                "act_type": r["act_type"], "number": r["number"], "date": r["date"],
                "issuer": r["issuer"], "period": r["period"], "source_url": r["source_url"],
                "country": "KAZ", "completeness": "partial", "note": r["coverage_note"],
            }
        )
    return rows


def full_rows(folder: Path) -> list[dict[str, str]]:
    """Full texts: one id per file (a law's ru and kk files are different stored versions)."""
    source = _read_csv(folder / "manifest.csv")
    stems: dict[str, int] = {}
    for r in source:
        stem = _stem_without_language(r["file"])
        stems[stem] = stems.get(stem, 0) + 1
    rows = []
    for i, r in enumerate(source, start=2):
        if not r.get("file"):
            raise BuildError(f"{folder / 'manifest.csv'}:{i}: row without file")
        stem = _stem_without_language(r["file"])
        language = r.get("language") or _language_of(r["file"])
        doc_id = f"{stem}_{language}" if stems[stem] > 1 else stem
        date, number, note = r.get("date", ""), "", r.get("relevance", "")
        # the adoption (not the latest amendment) is named after "Adoption date … not printed"
        start = note.lower().find("adoption date")
        adoption = LAW_ADOPTION.search(note, start) if start >= 0 else None
        if r.get("act_type") == "law" and adoption:
            dd, mm, yyyy, num = adoption.groups()
            date = date or f"{yyyy}-{mm}-{dd}"
            number = num or ""
        if re.fullmatch(r"\d{4}-\d{2}", date):  # month only: keep it in the note, not as a day
            note = f"Published {date} (day not stated). {note}"
            date = ""
        rows.append(
            {
                "file": r["file"], "id": doc_id, "language": language, "title": r["title"],
                "act_type": r["act_type"], "number": number, "date": date, "issuer": r["issuer"],
                "period": "", "source_url": r["source_url"], "country": "KAZ",
                "completeness": "full", "note": note,
            }
        )
    return rows


def document_rows(shared: Path, manifest: list[dict[str, str]]) -> list[dict[str, str]]:
    """The paper's five documents and what of each text the shipped corpus holds."""
    table1 = {r["doc_id"]: r for r in _read_csv(shared / "corpus" / "paper-table1.csv")}
    press = _read_csv(shared / "corpus" / "press" / "manifest.csv")
    out = []
    for d in PAPER_DOCUMENTS:
        if d["id"] not in table1:
            raise BuildError(f"{shared / 'corpus' / 'paper-table1.csv'}: no row for {d['id']}")
        shipped = [m for m in manifest if m["id"] == d["id"]]
        n_press = sum(1 for p in press if p.get("about") == d["id"])
        if shipped:
            holds = " ".join(m["note"] for m in shipped)
            completeness = "partial"
        else:
            holds = "No text of this document could be recovered; it is not in the shipped corpus."
            completeness = "none"
        not_shipped = (
            f"{n_press} press passage(s) describing it are in the reference corpus (corpus/press), "
            "not redistributable; point talentflow at them with --corpus ../shared/corpus."
            if n_press else ""
        )
        out.append(
            {
                "id": d["id"], "title": table1[d["id"]]["title"], "act_type": d["act_type"],
                "number": d["number"], "date": d["date"], "issuer": d["issuer"], "period": d["period"],
                "source_url": d["source_url"], "shipped_files": ";".join(m["file"] for m in shipped),
                "completeness": completeness, "holds": holds, "not_shipped": not_shipped,
                "reference": f"Konarbayeva & Kantarbayeva 2025, {PAPER_DOI}, ref. {d['reference']}",
            }
        )
    return out


def _csv_text(columns: list[str], rows: list[dict[str, str]]) -> str:
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=columns, lineterminator="\n")
    w.writeheader()
    w.writerows(rows)
    return buf.getvalue()


def with_labels(rows: list[dict[str, str]], columns: list[str]) -> list[dict[str, str]]:
    """``rows`` with the reader's short titles and notes of ``LABELS`` (empty where none)."""
    labels = {r["id"]: r for r in _read_csv(LABELS)} if LABELS.is_file() else {}
    return [{**r, **{c: labels.get(r["id"], {}).get(c, "") for c in columns}} for r in rows]


def build(shared: Path, out: Path) -> list[dict[str, str]]:
    """Copy the official texts verbatim and write ``manifest.csv`` and ``documents.csv``."""
    corpus = shared / "corpus"
    manifest = with_labels(adilet_rows(corpus / "adilet") + full_rows(corpus / "full"), SHORT_TITLES + NOTES)
    ids = [m["id"] for m in manifest if m["completeness"] == "full"]
    if len(ids) != len(set(ids)):
        raise BuildError(f"{corpus / 'full' / 'manifest.csv'}: duplicate document ids {sorted(ids)}")
    for folder in SHIPPED_FOLDERS:
        listed = {m["file"] for m in manifest}
        for text in sorted((corpus / folder).glob("*.md")):
            if text.name not in listed:
                raise BuildError(f"{text}: text file not listed in {corpus / folder / 'manifest.csv'}")
    for m in manifest:
        folder = "adilet" if m["completeness"] == "partial" else "full"
        src = corpus / folder / m["file"]
        if not src.is_file():
            raise BuildError(f"{corpus / folder / 'manifest.csv'}: listed file {m['file']} not found")
        data = src.read_bytes()
        if b"<!-- source:" not in data:
            raise BuildError(f"{src}: no <!-- source: … --> line")
        write_bytes(out / m["file"], data).chmod(0o644)
    write_text(out / "manifest.csv", _csv_text(MANIFEST_COLUMNS, manifest)).chmod(0o644)
    documents = _csv_text(DOCUMENT_COLUMNS, with_labels(document_rows(shared, manifest), SHORT_TITLES))
    write_text(out / "documents.csv", documents).chmod(0o644)
    return manifest


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--shared", type=Path, default=ROOT / ".." / "shared")
    ap.add_argument("--out", type=Path, default=ROOT / "talentflow" / "data" / "corpus" / "kaz")
    args = ap.parse_args(argv)
    try:
        manifest = build(args.shared.resolve(), args.out)
    except BuildError as e:
        print(f"error: {e}", file=sys.stderr)
        return 1
    print(f"{len(manifest)} texts and manifest.csv, documents.csv written to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
