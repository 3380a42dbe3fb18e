"""Mechanism-by-mechanism comparison: foreign programmes against the country's coded documents.

For each mechanism type the rule file says what counts as its presence in a country's
documents (categories, minimum depth levels, optional terms). The comparison reports which
foreign programmes use the mechanism, the deepest level the country's documents reach, where
(documents and quote), and a status — present, partial or absent — so the report can show
side by side what others do and what the country's own documents actually commit to.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from talentflow.analysis.model import Cell, Matrix, Quote
from talentflow.recommend.practices import MECHANISMS, Practice
from talentflow.recommend.rules import RuleSet, Signal, load_rules

STATUSES = ("present", "partial", "absent")


@dataclass
class MechanismRow:
    """One mechanism type: who uses it abroad, and how far the country's documents go."""

    mechanism: str
    label: dict[str, str]
    programmes: list[str]  # foreign practice ids using the mechanism
    domestic: list[str]  # the country's own practice ids using it (e.g. Bolashak)
    status: str  # one of STATUSES
    best_level: int = 0
    category: str | None = None  # the category of the evidence
    documents: list[str] = field(default_factory=list)  # documents reaching best_level
    quote: Quote | None = None
    gap_documents: list[str] = field(default_factory=list)  # documents stating an absence

    def text(self, lang: str = "en") -> str:
        return self.label.get(lang) or self.label["en"]


@dataclass
class MechanismComparison:
    country: str
    rows: list[MechanismRow]

    def row(self, mechanism: str) -> MechanismRow:
        for r in self.rows:
            if r.mechanism == mechanism:
                return r
        raise KeyError(mechanism)

    def status(self, mechanism: str) -> str:
        return self.row(mechanism).status


def matrix_country(matrix: Matrix, default: str = "KAZ") -> str:
    """The issuing country of most documents in the matrix."""
    counts = Counter(d.country for d in matrix.documents if d.country)
    return counts.most_common(1)[0][0] if counts else default


def _term_quote(cell: Cell, terms: list[str], min_level: int = 0) -> Quote | None:
    """The first quote of the cell with a word starting with one of the terms (case-insensitive).

    Terms are word beginnings ("грант" finds "гранты", not "эмигрантов"), so stems can be
    written once for all inflected forms without matching inside unrelated words. With
    ``min_level`` only quotes at that level or deeper are searched.
    """
    pattern = re.compile("|".join(rf"(?<!\w){re.escape(t)}" for t in terms), re.IGNORECASE)
    return next((q for q in cell.quotes if q.level >= min_level and pattern.search(q.text)), None)


@dataclass
class _Hit:
    level: int
    qualifies: bool  # meets min_level and, where the signal has terms, a quote has one
    category: str
    document: str
    quote: Quote | None


def _hits(matrix: Matrix, signal: Signal) -> tuple[list[_Hit], list[str]]:
    hits, gaps = [], []
    if signal.category not in matrix.categories:
        return hits, gaps
    for doc in matrix.documents:
        cell = matrix.cell(doc.id, signal.category)
        if cell.gap:
            gaps.append(doc.id)
        if cell.level <= 0 or (cell.gap and cell.level <= 1):
            continue  # an acknowledged gap never counts as a mechanism
        # the term must be in a quote at the signal's level: a level-1 mention of a grant next to
        # an unrelated level-3 instrument is not a grant instrument
        quote = _term_quote(cell, signal.terms, signal.min_level) if signal.terms else None
        term_ok = not signal.terms or quote is not None
        if quote is None and signal.terms:
            quote = _term_quote(cell, signal.terms)
        quote = quote or next((q for q in cell.quotes if q.level == cell.level), None) or (
            cell.quotes[0] if cell.quotes else None
        )
        qualifies = cell.level >= signal.min_level and term_ok
        partial = cell.level >= signal.partial_level
        if qualifies or partial:
            hits.append(_Hit(cell.level, qualifies, signal.category, doc.id, quote))
    return hits, gaps


def compare_mechanisms(
    matrix: Matrix,
    practices: list[Practice],
    rules: RuleSet | None = None,
    country: str | None = None,
) -> MechanismComparison:
    """One row per mechanism type (in the fixed order of ``MECHANISMS``)."""
    rules = rules or load_rules()
    country = country or matrix_country(matrix)
    rows = []
    for mech in MECHANISMS:
        spec = rules.mechanisms[mech]
        users = [p for p in practices if mech in p.mechanism_types]
        hits: list[_Hit] = []
        gap_docs: list[str] = []
        for signal in spec.signals:
            h, g = _hits(matrix, signal)
            hits += h
            gap_docs += [d for d in g if d not in gap_docs]
        qualifying = [h for h in hits if h.qualifies]
        status = "present" if qualifying else "partial" if hits else "absent"
        pool = qualifying or hits
        row = MechanismRow(
            mechanism=mech,
            label=spec.label,
            programmes=[p.id for p in users if p.country != country],
            domestic=[p.id for p in users if p.country == country],
            status=status,
            gap_documents=gap_docs,
        )
        if pool:
            best = max(h.level for h in pool)
            top = [h for h in pool if h.level == best]
            row.best_level = best
            row.category = top[0].category
            row.documents = list(dict.fromkeys(h.document for h in top if h.category == row.category))
            row.quote = next((h.quote for h in top if h.quote is not None), None)
        rows.append(row)
    return MechanismComparison(country=country, rows=rows)
