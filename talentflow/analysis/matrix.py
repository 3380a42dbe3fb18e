"""Build the document × category matrix (the paper's Table 1) and its coverage score.

The matrix is what readers compare across years, so its order is fixed (documents by date,
undated last, then by id) and every cell carries the quotes that justify it, located by offsets
and by the source of the dossier part they lie in.
"""

from __future__ import annotations

import datetime as dt

from talentflow.analysis.model import Cell, Matrix, Quote
from talentflow.coding.model import Code, Codebook, CodedDocument, CodedSegment
from talentflow.gc_pause import gc_paused
from talentflow.ingest.model import NOT_COUNTRY_TYPES, Document, DocumentMeta

#: Highest level of the ordinal depth scale (``talentflow.coding.model.LEVELS``).
MAX_LEVEL = 4

#: The coverage formula, stated in every output next to the scores it explains.
COVERAGE_FORMULA = (
    "coverage = Σ_c level_c / (4 · |C|): the mean depth level over all |C| categories of the "
    "codebook, scaled to [0, 1]; an acknowledged gap counts only its level 1, never as a mechanism"
)

#: How many quotes a cell keeps.
QUOTES_PER_CELL = 2


def coverage_score(levels: dict[str, int], categories: list[str]) -> float:
    """Mean depth over ``categories`` divided by the top level, so 1.0 means level 4 everywhere.

    Categories missing from ``levels`` count as 0 (not addressed): a document is scored against
    the whole codebook, not against what it happens to mention.
    """
    if not categories:
        return 0.0
    total = sum(min(max(int(levels.get(c, 0)), 0), MAX_LEVEL) for c in categories)
    return total / (MAX_LEVEL * len(categories))


def document_order_key(meta: DocumentMeta) -> tuple[int, dt.date, str]:
    """Dated documents first in date order, then undated ones, ties broken by id."""
    if meta.date is None:
        return (1, dt.date.min, meta.id)
    return (0, meta.date, meta.id)


def part_source_url(document: Document, offset: int, part_index: int | None = None) -> str | None:
    """The source URL of the part holding ``offset`` (a dossier has one source per part)."""
    parts = document.parts
    if part_index is not None and 0 <= part_index < len(parts):
        part = parts[part_index]
        if part.start <= offset < max(part.end, part.start + 1):
            return part.source_url or document.meta.source_url
    for part in parts:
        if part.start <= offset < part.end:
            return part.source_url or document.meta.source_url
    return document.meta.source_url


def _evidence_key(hit: tuple[CodedSegment, Code]) -> tuple[int, bool, int]:
    segment, code = hit
    return (-code.level, not code.gap, segment.start)


def choose_quotes(coded: CodedDocument, category: str, n: int = QUOTES_PER_CELL) -> list[Quote]:
    """The ``n`` best quotes of a cell from distinct sentences: highest level, gaps, then order."""
    return _choose_quotes(coded, [(s, c) for s in coded.segments for c in s.codes if c.category == category], n)


def _choose_quotes(coded: CodedDocument, hits: list[tuple[CodedSegment, Code]], n: int) -> list[Quote]:
    hits = sorted(hits, key=_evidence_key)
    quotes: list[Quote] = []
    seen: set[tuple[int, int]] = set()
    for segment, code in hits:
        if (segment.start, segment.end) in seen:
            continue
        seen.add((segment.start, segment.end))
        quotes.append(
            Quote(
                text=segment.text,
                start=segment.start,
                end=segment.end,
                level=code.level,
                gap=code.gap,
                rule=code.rule,
                source_url=part_source_url(coded.document, segment.start, segment.part),
            )
        )
        if len(quotes) == n:
            break
    return quotes


def build_cell(coded: CodedDocument, category: str) -> Cell:
    return _build_cell(coded, category, [(s, c) for s in coded.segments for c in s.codes if c.category == category])


def _build_cell(coded: CodedDocument, category: str, hits: list[tuple[CodedSegment, Code]]) -> Cell:
    """A cell from the category's (segment, code) pairs, in document order."""
    return Cell(
        level=int(coded.levels.get(category, 0)),
        gap=category in coded.gaps,
        quotes=_choose_quotes(coded, hits, QUOTES_PER_CELL),
        n_segments=len({(s.start, s.end) for s, _ in hits}),
    )


def _hits_by_category(coded: CodedDocument) -> dict[str, list[tuple[CodedSegment, Code]]]:
    """Every (segment, code) pair of a document grouped by category in one pass, each group in
    document order (what :func:`choose_quotes` would list for that category)."""
    out: dict[str, list[tuple[CodedSegment, Code]]] = {}
    for s in coded.segments:
        for c in s.codes:
            group = out.get(c.category)
            if group is None:
                out[c.category] = [(s, c)]
            else:
                group.append((s, c))
    return out


def build_matrix(coded: list[CodedDocument], codebook: Codebook) -> Matrix:
    """One cell per document × codebook category, documents by date, coverage per document.

    Documents of a type that is not the country's own (``NOT_COUNTRY_TYPES``: foreign practice,
    international texts) are left out and listed in ``Matrix.excluded``; the evolution chart and
    the recommendations read the matrix, so they never count them either."""
    with gc_paused():  # cells and quotes form no reference cycles
        return _build_matrix(coded, codebook)


def _build_matrix(coded: list[CodedDocument], codebook: Codebook) -> Matrix:
    # foreign practice and international texts are never the country's own documents
    excluded = [c.document.meta for c in coded if c.document.meta.doc_type in NOT_COUNTRY_TYPES]
    coded = [c for c in coded if c.document.meta.doc_type not in NOT_COUNTRY_TYPES]
    ids = [c.document.meta.id for c in coded]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        raise ValueError(f"documents with the same id cannot share a matrix row: {', '.join(duplicates)}")
    ordered = sorted(coded, key=lambda c: document_order_key(c.document.meta))
    categories = codebook.ids
    cells: dict[tuple[str, str], Cell] = {}
    coverage: dict[str, float] = {}
    for doc in ordered:
        doc_id = doc.document.meta.id
        by_category = _hits_by_category(doc)
        for category in categories:
            cells[(doc_id, category)] = _build_cell(doc, category, by_category.get(category, []))
        coverage[doc_id] = coverage_score({c: cells[(doc_id, c)].level for c in categories}, categories)
    return Matrix(
        codebook_id=codebook.id,
        codebook_version=codebook.version,
        categories=categories,
        documents=[d.document.meta for d in ordered],
        cells=cells,
        coverage=coverage,
        excluded=excluded,
    )
