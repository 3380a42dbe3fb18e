"""Domain types of the analysis stage: the document × category matrix (the paper's Table 1)."""

from __future__ import annotations

from dataclasses import dataclass, field

from talentflow.ingest.model import DocumentMeta


@dataclass(frozen=True)
class Quote:
    """An evidence quote behind a cell, located in its document."""

    text: str
    start: int
    end: int
    level: int
    gap: bool
    rule: str
    source_url: str | None = None


@dataclass
class Cell:
    """One document × category: depth level 0–4, acknowledged gap, the best quotes."""

    level: int = 0
    gap: bool = False
    quotes: list[Quote] = field(default_factory=list)
    n_segments: int = 0  # how many coded sentences support the cell


@dataclass
class Matrix:
    """Documents (ordered by date) × codebook categories, with a coverage score per document."""

    codebook_id: str
    codebook_version: str
    categories: list[str]
    documents: list[DocumentMeta]
    cells: dict[tuple[str, str], Cell]  # (document id, category id) → cell
    coverage: dict[str, float]  # document id → composite coverage score in [0, 1]
    #: Documents left out because they are not the country's own (foreign practice,
    #: international texts): named so outputs can say what was not counted.
    excluded: list[DocumentMeta] = field(default_factory=list)

    def cell(self, doc_id: str, category: str) -> Cell:
        return self.cells.get((doc_id, category), Cell())
