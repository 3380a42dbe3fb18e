"""Manifests: a CSV or YAML table beside the documents that states what each file is.

What a person wrote in a manifest beats what the reader guessed from the text (a title
reconstructed by hand, a date the text does not print). Rows are keyed by ``file``, the file
name relative to the manifest's folder; columns are :class:`DocumentMeta` field names. The
shared corpus's own columns are accepted as they are (``coverage_note`` → note, ``about`` → the
document a press passage describes; ``publisher``, ``chars``, ``relevance`` are ignored).
"""

from __future__ import annotations

import csv
import datetime as dt
from dataclasses import dataclass, field, fields
from pathlib import Path

import yaml

from talentflow.ingest.metadata import parse_date
from talentflow.ingest.model import COMPLETENESS, DOC_TYPES, DocumentMeta

MANIFEST_NAMES = ("manifest.csv", "manifest.yaml", "manifest.yml")
_META_FIELDS = {f.name for f in fields(DocumentMeta)} - {"path"}
_ALIASES = {"coverage_note": "note"}
_IGNORED = {"publisher", "chars", "relevance", "about", "file", "recovered"}
_LANGUAGES = {"ru", "kk", "en", "und"}


class ManifestError(ValueError):
    """A manifest that cannot be applied; the message names the file and the row."""


@dataclass
class ManifestRow:
    """One manifest row: metadata overrides for one file."""

    file: str
    values: dict[str, object] = field(default_factory=dict)  # DocumentMeta field → value
    about: str | None = None  # the document this file describes (press dossiers)
    raw_date: str | None = None  # the date cell as written (partial dates are kept here)
    row: int = 0  # 1-based data row (CSV: line number of the row)


@dataclass
class Manifest:
    path: Path
    rows: dict[str, ManifestRow]  # keyed by file name relative to the manifest's folder
    errors: list[str] = field(default_factory=list)  # rows left out, each named by row

    @property
    def folder(self) -> Path:
        return self.path.parent

    def row_for(self, file: Path) -> ManifestRow | None:
        try:
            rel = file.resolve().relative_to(self.folder.resolve()).as_posix()
        except ValueError:
            return None
        return self.rows.get(rel)


def _records(path: Path) -> list[tuple[int, dict[str, object]]]:
    if path.suffix.lower() == ".csv":
        with path.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.DictReader(handle)
            if reader.fieldnames is None:
                raise ManifestError(f"{path}: empty manifest (no header row)")
            if "file" not in [n.strip() for n in reader.fieldnames]:
                raise ManifestError(f"{path}: no 'file' column (header: {', '.join(reader.fieldnames)})")
            out = []
            for record in reader:
                cleaned = {(k or "").strip(): (v or "").strip() for k, v in record.items() if k is not None}
                out.append((reader.line_num, cleaned))
            return out
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if isinstance(data, dict):
        data = data.get("documents", data.get("files"))
    if not isinstance(data, list):
        raise ManifestError(f"{path}: expected a list of rows (or a 'documents' list)")
    out = []
    for i, record in enumerate(data, start=1):
        if not isinstance(record, dict):
            raise ManifestError(f"{path}: row {i}: expected a mapping of column → value")
        if "file" not in record:
            raise ManifestError(f"{path}: row {i}: no 'file' column")
        out.append((i, {str(k): v for k, v in record.items()}))
    return out


def load_manifest(path: str | Path, check_files: bool = True, strict: bool = True) -> Manifest:
    """Read and validate a manifest; every problem is a :class:`ManifestError` naming file and row.

    With ``strict=False`` a bad row is left out and its error kept in ``Manifest.errors``, so
    one typo does not take the other rows' metadata with it; a manifest without a ``file``
    column (or unreadable) still raises.
    """
    path = Path(path)
    try:
        records = _records(path)
    except (OSError, UnicodeDecodeError, yaml.YAMLError, csv.Error) as exc:
        raise ManifestError(f"{path}: unreadable manifest ({exc})") from exc
    rows: dict[str, ManifestRow] = {}
    errors: list[str] = []
    for line, record in records:
        try:
            entry = _row(path, line, record, rows, check_files)
        except ManifestError as exc:
            if strict:
                raise
            errors.append(str(exc))
            continue
        rows[entry.file] = entry
    return Manifest(path, rows, errors)


def _row(
    path: Path, line: int, record: dict[str, object], rows: dict[str, ManifestRow], check_files: bool
) -> ManifestRow:
    where = f"{path}: row {line}"
    file = str(record.get("file") or "").strip()
    if not file:
        raise ManifestError(f"{where}: empty 'file'")
    if check_files and not (path.parent / file).is_file():
        raise ManifestError(f"{where}: file {file!r} not found next to the manifest")
    if file in rows:
        raise ManifestError(f"{where}: file {file!r} listed twice (first at row {rows[file].row})")
    entry = ManifestRow(file=file, row=line)
    for key, value in record.items():
        column = _ALIASES.get(key, key)
        if value is None or value == "":
            continue
        if key == "about":
            entry.about = str(value).strip()
            if entry.about == "international":  # the shared press corpus: another country's practice
                entry.values["doc_type"] = "foreign_practice"
            continue
        if key == "publisher":  # a row with a publisher is a press passage
            entry.values.setdefault("doc_type", "press")
            continue
        if column in _IGNORED or column not in _META_FIELDS:
            continue
        if column == "date":
            if isinstance(value, dt.date):
                entry.values["date"] = value
                entry.raw_date = value.isoformat()
                continue
            entry.raw_date = str(value)
            try:
                parsed = parse_date(str(value))
            except ValueError as exc:
                raise ManifestError(f"{where}, column 'date': bad date {value!r}") from exc
            if parsed is not None:
                entry.values["date"] = parsed
            continue
        text = str(value).strip()
        if column == "completeness" and text not in COMPLETENESS:
            raise ManifestError(f"{where}, column 'completeness': {text!r} is not one of {', '.join(COMPLETENESS)}")
        if column == "doc_type" and text not in DOC_TYPES:
            raise ManifestError(f"{where}, column 'doc_type': {text!r} is not one of {', '.join(DOC_TYPES)}")
        if column == "language" and text not in _LANGUAGES:
            raise ManifestError(f"{where}, column 'language': {text!r} is not one of ru, kk, en, und")
        entry.values[column] = text
    return entry


def find_manifest(folder: Path) -> Path | None:
    """The manifest of a folder, if it has one."""
    for name in MANIFEST_NAMES:
        candidate = folder / name
        if candidate.is_file():
            return candidate
    return None


def apply_row(meta: DocumentMeta, row: ManifestRow) -> None:
    """Overwrite ``meta`` with the row's values (the manifest is the person's word)."""
    for key, value in row.values.items():
        setattr(meta, key, value)
