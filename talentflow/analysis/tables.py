"""Rows of the analysis outputs, shared by every writer so that CSV, XLSX, Markdown and HTML agree."""

from __future__ import annotations

from talentflow.analysis.labels import category_name
from talentflow.analysis.model import Matrix
from talentflow.coding.model import LEVELS, Codebook, CodedDocument

MATRIX_COLUMNS = [
    "document", "title", "date", "completeness", "category", "category_name", "level", "level_wording",
    "gap", "n_segments", "coverage",
    "quote_1", "quote_1_start", "quote_1_end", "quote_1_level", "quote_1_rule", "quote_1_source_url",
    "quote_2", "quote_2_start", "quote_2_end", "quote_2_level", "quote_2_rule", "quote_2_source_url",
]  # fmt: skip

SEGMENT_COLUMNS = ["document", "start", "end", "category", "level", "gap", "rule", "term", "text"]
COVERAGE_COLUMNS = ["document", "title", "date", "completeness", "coverage", "n_categories", "sum_levels"]
QUOTE_COLUMNS = ["document", "category", "rank", "level", "gap", "rule", "start", "end", "source_url", "quote"]


def _date(matrix: Matrix, i: int) -> str:
    d = matrix.documents[i].date
    return d.isoformat() if d else ""


def matrix_rows(matrix: Matrix, codebook: Codebook, lang: str = "en") -> list[dict[str, object]]:
    """One row per document × category (tidy), with the document's completeness on every row."""
    rows: list[dict[str, object]] = []
    for i, meta in enumerate(matrix.documents):
        for category in matrix.categories:
            cell = matrix.cell(meta.id, category)
            row: dict[str, object] = {
                "document": meta.id,
                "title": meta.title or "",
                "date": _date(matrix, i),
                "completeness": meta.completeness,
                "category": category,
                "category_name": category_name(codebook, category, lang),
                "level": cell.level,
                "level_wording": LEVELS.get(cell.level, {}).get(lang, ""),
                "gap": cell.gap,
                "n_segments": cell.n_segments,
                "coverage": round(matrix.coverage.get(meta.id, 0.0), 4),
            }
            for k in (1, 2):
                q = cell.quotes[k - 1] if len(cell.quotes) >= k else None
                row[f"quote_{k}"] = q.text if q else ""
                row[f"quote_{k}_start"] = q.start if q else ""
                row[f"quote_{k}_end"] = q.end if q else ""
                row[f"quote_{k}_level"] = q.level if q else ""
                row[f"quote_{k}_rule"] = q.rule if q else ""
                row[f"quote_{k}_source_url"] = (q.source_url or "") if q else ""
            rows.append(row)
    return rows


def quote_rows(matrix: Matrix) -> list[dict[str, object]]:
    rows: list[dict[str, object]] = []
    for meta in matrix.documents:
        for category in matrix.categories:
            for rank, q in enumerate(matrix.cell(meta.id, category).quotes, start=1):
                rows.append(
                    {"document": meta.id, "category": category, "rank": rank, "level": q.level, "gap": q.gap,
                     "rule": q.rule, "start": q.start, "end": q.end, "source_url": q.source_url or "",
                     "quote": q.text}
                )  # fmt: skip
    return rows


def segment_rows(coded: list[CodedDocument]) -> list[dict[str, object]]:
    """Every code of every document: the full evidence a human can check, in document order."""
    rows: list[dict[str, object]] = []
    for doc in coded:
        for segment in sorted(doc.segments, key=lambda s: (s.start, s.end)):
            for code in segment.codes:
                rows.append(
                    {"document": doc.document.meta.id, "start": segment.start, "end": segment.end,
                     "category": code.category, "level": code.level, "gap": code.gap, "rule": code.rule,
                     "term": code.term, "text": segment.text}
                )  # fmt: skip
    return rows


def coverage_rows(matrix: Matrix) -> list[dict[str, object]]:
    rows: list[dict[str, object]] = []
    for i, meta in enumerate(matrix.documents):
        rows.append(
            {"document": meta.id, "title": meta.title or "", "date": _date(matrix, i),
             "completeness": meta.completeness, "coverage": round(matrix.coverage.get(meta.id, 0.0), 4),
             "n_categories": len(matrix.categories),
             "sum_levels": sum(matrix.cell(meta.id, c).level for c in matrix.categories)}
        )  # fmt: skip
    return rows
