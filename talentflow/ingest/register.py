"""The register of analysed documents: ``documents.csv`` beside a corpus.

A dossier that rests on press descriptions alone has no official text to read its title and
date from, yet the matrix orders documents by date and the report names them. The register
(``id, title, act_type, number, date, issuer, period, source_url``; one row per act) supplies
those fields for dossiers whose id it lists; fields read from an official text win.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence
from pathlib import Path

from talentflow.ingest.metadata import parse_date
from talentflow.ingest.model import Document

REGISTER_NAME = "documents.csv"
FIELDS = ("title", "act_type", "number", "date", "issuer", "period", "source_url")


class RegisterError(ValueError):
    """A register that cannot be read; the message names the file and row."""


def find_registers(paths: Sequence[str | Path]) -> list[Path]:
    """Registers in the given folders (and beside the given files), nearest first."""
    found: list[Path] = []
    for p in map(Path, paths):
        folder = p if p.is_dir() else p.parent
        candidate = folder / REGISTER_NAME
        if candidate.is_file() and candidate not in found:
            found.append(candidate)
    return found


def load_register(path: Path) -> dict[str, dict[str, object]]:
    """Rows by document id, with dates parsed."""
    rows: dict[str, dict[str, object]] = {}
    with path.open(encoding="utf-8-sig", newline="") as fh:
        reader = csv.DictReader(fh)
        if not reader.fieldnames or "id" not in reader.fieldnames:
            raise RegisterError(f"{path}: register needs an 'id' column")
        for line, row in enumerate(reader, start=2):
            doc_id = (row.get("id") or "").strip()
            if not doc_id:
                raise RegisterError(f"{path}:{line}: empty id")
            values: dict[str, object] = {}
            for field in FIELDS:
                raw = (row.get(field) or "").strip()
                if not raw:
                    continue
                if field == "date":
                    try:
                        values[field] = parse_date(raw)
                    except ValueError as exc:
                        raise RegisterError(f"{path}:{line}: column 'date': {exc}") from exc
                else:
                    values[field] = raw
            rows[doc_id] = values
    return rows


def apply_registers(documents: Iterable[Document], registers: Sequence[Path]) -> None:
    """Fill missing metadata of documents listed in a register (first register wins)."""
    merged: dict[str, dict[str, object]] = {}
    for reg in registers:
        for doc_id, values in load_register(reg).items():
            merged.setdefault(doc_id, values)
    for doc in documents:
        values = merged.get(doc.meta.id)
        if not values:
            continue
        for field, value in values.items():
            if value is not None and getattr(doc.meta, field) in (None, ""):
                setattr(doc.meta, field, value)
