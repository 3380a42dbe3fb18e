"""Human codings brought back into talentflow: from a REFI-QDA project or from a CSV file.

Two shapes exist. Segment codings (a coder selected text and applied a category) are compared
sentence by sentence; document codings (a coder gave each document a level per category, or
bounds such as "at least 3") are compared cell by cell. Every reading error names the file and
the row or element, because a silently dropped coding would bias the agreement figures.
"""

from __future__ import annotations

import csv
import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from talentflow.coding.model import Codebook

TRUE = {"1", "true", "yes", "y", "да", "иә", "x"}
FALSE = {"", "0", "false", "no", "n", "нет", "жоқ"}


class HumanCodingError(ValueError):
    """A human coding file that cannot be read as it stands; the message names file and row."""


@dataclass(frozen=True)
class HumanSelection:
    """A passage ``[start, end)`` of a document that a coder assigned to a category."""

    document: str
    start: int
    end: int
    category: str
    level: int | None = None  # None: present, depth not judged
    gap: bool = False
    coder: str = ""
    note: str = ""


@dataclass(frozen=True)
class HumanLevel:
    """A coder's level for one document × category, possibly as bounds ``[level_min, level_max]``."""

    document: str
    category: str
    level_min: int
    level_max: int
    gap: bool | None = None  # None: the coder said nothing about a gap
    coder: str = ""


@dataclass(frozen=True)
class HumanDocument:
    """A document as the coder saw it (from a ``.qdpx``): its text, hash and metadata variables."""

    id: str
    text: str | None = None
    sha256: str | None = None
    variables: dict[str, str] = field(default_factory=dict)
    description: str = ""


@dataclass
class HumanCoding:
    """What one or more human coders recorded; ``kind`` tells which agreement applies."""

    source: str
    selections: list[HumanSelection] = field(default_factory=list)
    levels: list[HumanLevel] = field(default_factory=list)
    documents: dict[str, HumanDocument] = field(default_factory=dict)
    claims: list = field(default_factory=list)  # talentflow.exchange.reference.Claim
    citation: str = ""

    @property
    def kind(self) -> str:
        return "segment" if self.selections else "document"

    def document_ids(self) -> list[str]:
        ids = {s.document for s in self.selections} | {lv.document for lv in self.levels} | set(self.documents)
        return sorted(ids)


def text_sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def parse_bool(value: str, where: str) -> bool:
    v = (value or "").strip().lower()
    if v in TRUE:
        return True
    if v in FALSE:
        return False
    raise HumanCodingError(f"{where}: gap must be true/false (or 1/0), got {value!r}")


def parse_int(value: str, where: str, column: str, low: int | None = None, high: int | None = None) -> int:
    try:
        n = int((value or "").strip())
    except ValueError:
        raise HumanCodingError(f"{where}: column {column!r} must be an integer, got {value!r}") from None
    if (low is not None and n < low) or (high is not None and n > high):
        raise HumanCodingError(f"{where}: column {column!r} must lie in [{low}, {high}], got {n}")
    return n


def resolve_category(name: str, codebook: Codebook | None, where: str) -> str:
    """Category id for a name: the id itself or any of its names (case-insensitive)."""
    name = (name or "").strip()
    if not name:
        raise HumanCodingError(f"{where}: empty category")
    if codebook is None:
        return name
    low = name.casefold()
    for cat in codebook.categories:
        if low == cat.id.casefold() or any(low == n.casefold() for n in cat.name.values()):
            return cat.id
    raise HumanCodingError(f"{where}: unknown category {name!r}; the codebook has {', '.join(codebook.ids)}")


def read_csv_coding(
    path: str | Path, codebook: Codebook | None = None, texts: dict[str, str] | None = None
) -> HumanCoding:
    """Segment CSV (``document,start,end,category[,level,gap,coder]``) or document CSV
    (``document,category,level[,gap,coder]`` or ``…,level_min,level_max…``).

    ``texts`` (document id → text), when given, checks document ids and offsets against the
    documents being compared.
    """
    path = Path(path)
    try:
        with path.open(encoding="utf-8-sig", newline="") as fh:
            rows = list(csv.DictReader(line for line in fh if not line.startswith("#")))
            fh.seek(0)
            header_line = next((n for n, line in enumerate(fh, start=1) if not line.startswith("#")), 1)
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise HumanCodingError(f"{path}: cannot read as a UTF-8 CSV file: {exc}") from exc
    if not rows:
        raise HumanCodingError(f"{path}: no codings (empty file or header only)")
    columns = {c.strip().lower() for c in rows[0] if c}
    if "doc_id" in columns and "document" not in columns:
        rows = [{("document" if k == "doc_id" else k): v for k, v in r.items()} for r in rows]
        columns = (columns - {"doc_id"}) | {"document"}
    segment = {"start", "end"} <= columns
    need = {"document", "category"} | ({"start", "end"} if segment else set())
    if not segment and not ({"level"} <= columns or {"level_min", "level_max"} <= columns):
        raise HumanCodingError(
            f"{path}: header needs start,end (segment codings) or level / level_min,level_max (document codings)"
        )
    missing = need - columns
    if missing:
        raise HumanCodingError(f"{path}: missing column(s) {', '.join(sorted(missing))}")
    coding = HumanCoding(source=str(path))
    for i, raw in enumerate(rows):
        row = {(k or "").strip().lower(): (v or "").strip() for k, v in raw.items()}
        where = f"{path}:{header_line + 1 + i}"
        doc = row.get("document", "")
        if not doc:
            raise HumanCodingError(f"{where}: empty document")
        if texts is not None and doc not in texts:
            raise HumanCodingError(f"{where}: unknown document {doc!r}")
        category = resolve_category(row.get("category", ""), codebook, where)
        gap = parse_bool(row["gap"], where) if row.get("gap") else False
        coder = row.get("coder", "")
        if segment:
            start = parse_int(row["start"], where, "start", low=0)
            end = parse_int(row["end"], where, "end", low=0)
            if end <= start:
                raise HumanCodingError(f"{where}: end ({end}) must be greater than start ({start})")
            if texts is not None and end > len(texts[doc]):
                raise HumanCodingError(f"{where}: end ({end}) lies beyond the text of {doc!r} ({len(texts[doc])} chars)")
            level = parse_int(row["level"], where, "level", 0, 4) if row.get("level") else None
            coding.selections.append(HumanSelection(doc, start, end, category, level, gap, coder))
        else:
            if row.get("level"):
                lo = hi = parse_int(row["level"], where, "level", 0, 4)
            else:
                lo = parse_int(row.get("level_min") or "0", where, "level_min", 0, 4)
                hi = parse_int(row.get("level_max") or "4", where, "level_max", 0, 4)
                if lo > hi:
                    raise HumanCodingError(f"{where}: level_min ({lo}) exceeds level_max ({hi})")
            gap_value = parse_bool(row["gap"], where) if row.get("gap") else None
            coding.levels.append(HumanLevel(doc, category, lo, hi, gap_value, coder))
    return coding


def read_human_codings(
    path: str | Path, codebook: Codebook | None = None, texts: dict[str, str] | None = None
) -> HumanCoding:
    """Read a ``.qdpx`` project or a CSV file of human codings (see ``read_csv_coding``)."""
    path = Path(path)
    if not path.exists():
        raise HumanCodingError(f"{path}: no such file")
    if path.suffix.lower() == ".qdpx":
        from talentflow.exchange.qdpx_read import read_qdpx

        return read_qdpx(path, codebook, texts)
    return read_csv_coding(path, codebook, texts)
