"""Rule-based recommendations from measured gaps, each carrying the finding that triggered it.

A recommendation is only as credible as the finding behind it, so each one records the
category, its depth level, acknowledged gaps, the documents and a quote (or the indicator
value with its sources) that made its rule fire; the report shows them next to the text. The
rules map onto the reference paper's five recommendations (Konarbayeva & Kantarbayeva 2025)
and may add ones the data support.
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping
from dataclasses import dataclass, field

from talentflow.analysis.model import Matrix, Quote
from talentflow.coding.model import LEVELS
from talentflow.locales import format_number
from talentflow.recommend.mechanisms import MechanismComparison, compare_mechanisms, matrix_country
from talentflow.recommend.practices import Practice, load_practices
from talentflow.recommend.rules import Rule, RuleSet, load_rules
from talentflow.stats.results import IndicatorValue


@dataclass
class Finding:
    """One fact a rule looked at: a category in the matrix, an indicator, or a mechanism."""

    kind: str  # "category" | "indicator" | "mechanism"
    category: str | None = None
    level: int | None = None
    gap: bool = False
    documents: list[str] = field(default_factory=list)  # documents at ``level``
    gap_documents: list[str] = field(default_factory=list)
    quote: Quote | None = None
    indicator: str | None = None
    value: float | None = None
    unit: str = ""
    year: int | None = None
    period: str = ""  # "Y" or a part of the year ("H1", "9M" …), kept: never passed off as a whole year
    sources: list[str] = field(default_factory=list)
    mechanism: str | None = None
    status: str | None = None


@dataclass
class Recommendation:
    """A recommendation in ru/kk/en with why it was made and what to learn from abroad."""

    id: str  # the rule id
    title: dict[str, str]
    text: dict[str, str]  # placeholders filled
    paper_recommendation: int | None
    basis: str  # "paper" | "data"
    practices: list[str]  # analogous foreign programmes (practice ids)
    mechanisms: list[str]
    triggered_by: list[Finding]

    def text_in(self, lang: str) -> str:
        return self.text.get(lang) or self.text["en"]

    def title_in(self, lang: str) -> str:
        return self.title.get(lang) or self.title["en"]


class _Context:
    """Answers a condition's questions from the matrix, the comparison and the indicators."""

    def __init__(self, matrix: Matrix, comparison: MechanismComparison, indicators: list[IndicatorValue]):
        self.matrix = matrix
        self.comparison = comparison
        self.indicators = indicators

    def max_level(self, category: str) -> int:
        return max((self.matrix.cell(d.id, category).level for d in self.matrix.documents), default=0)

    def gap(self, category: str) -> bool:
        return any(self.matrix.cell(d.id, category).gap for d in self.matrix.documents)

    def mechanism_status(self, mechanism: str) -> str:
        return self.comparison.status(mechanism)

    def indicator_value(self, indicator: str) -> IndicatorValue | None:
        """The latest whole-year value (or the latest of any period when there is none)."""
        values = [
            v for v in self.indicators
            if v.indicator == indicator and v.value is not None and v.area == self.comparison.country
        ]
        whole = [v for v in values if v.period == "Y"] or values
        if not whole:
            return None
        return max(whole, key=lambda v: v.year if v.year is not None else -1)

    def indicator(self, indicator: str) -> float | None:
        v = self.indicator_value(indicator)
        return None if v is None else v.value

    def category_finding(self, category: str) -> Finding:
        level = self.max_level(category)
        # a category no document addresses rests on every document read (all at level 0)
        docs = [d.id for d in self.matrix.documents if self.matrix.cell(d.id, category).level == level]
        gap_docs = [d.id for d in self.matrix.documents if self.matrix.cell(d.id, category).gap]
        quote = None
        for doc in docs or gap_docs:
            cell = self.matrix.cell(doc, category)
            if cell.quotes:
                quote = next((q for q in cell.quotes if q.level == cell.level), cell.quotes[0])
                break
        return Finding(
            "category", category=category, level=level, gap=bool(gap_docs), documents=docs,
            gap_documents=gap_docs, quote=quote,
        )

    def indicator_finding(self, indicator: str) -> Finding:
        v = self.indicator_value(indicator)
        if v is None:
            return Finding("indicator", indicator=indicator)
        return Finding(
            "indicator", indicator=indicator, value=v.value, unit=v.unit, year=v.year, period=v.period,
            sources=v.sources,
        )

    def mechanism_finding(self, mechanism: str) -> Finding:
        row = self.comparison.row(mechanism)
        return Finding(
            "mechanism", mechanism=mechanism, status=row.status, category=row.category,
            level=row.best_level, documents=row.documents, gap_documents=row.gap_documents, quote=row.quote,
        )


def _format_value(value: float | None, lang: str = "en") -> str:
    """A value as the language writes numbers: whole numbers as such, others to one decimal."""
    if value is None:
        return "—"
    return format_number(value, lang, 0 if float(value).is_integer() else 1)


#: part-year periods as each language writes them (a code such as "H1" never reaches a reader)
PERIOD_WORDS: dict[str, dict[str, str]] = {
    "H1": {"en": "first half-year", "ru": "первое полугодие", "kk": "бірінші жартыжылдық"},
    "9M": {"en": "January–September", "ru": "январь–сентябрь", "kk": "қаңтар–қыркүйек"},
    "Q1": {"en": "first quarter", "ru": "I квартал", "kk": "I тоқсан"},
}


def _when(f: Finding | None, lang: str = "en") -> str:
    if f is None or f.year is None:
        return "—"
    if f.period in ("Y", ""):
        return f"{f.year}"
    words = PERIOD_WORDS.get(f.period, {})
    return f"{f.year}, {words.get(lang) or words.get('en') or f.period}"


def _short_title(title: str, limit: int = 70) -> str:
    """A document's title as a reader knows it, cut at a word boundary for running text."""
    title = " ".join(title.split())
    if len(title) <= limit:
        return title
    return title[:limit].rsplit(" ", 1)[0].rstrip(" ,;:–-") + "…"


def _document_list(matrix: Matrix, ids: list[str], lang: str = "en",
                   names: Mapping[str, Mapping[str, str]] | None = None) -> str:
    """The documents behind a finding, by short title in ``lang`` where the corpus gives one
    (``names``: id → language → short title), else by title (the id where a document has
    none), and year; so a Russian text never names a document by its Kazakh title."""
    meta = {d.id: d for d in matrix.documents}
    out = []
    for i in ids:
        d = meta.get(i)
        short = (names or {}).get(i, {})
        name = short.get(lang) or short.get("en") or (_short_title(d.title) if d is not None and d.title else i)
        year = d.date.year if d is not None and d.date is not None else None
        if not year or (name != i and str(year) in name):
            out.append(name)
        elif name.endswith(")") and "(" in name:  # "Law … (Kazakh text)" → "Law … (Kazakh text, 2011)"
            out.append(f"{name[:-1]}, {year})")
        else:
            out.append(f"{name} ({year})")
    return "; ".join(out) if out else "—"


def _fill(
    rule: Rule, rules: RuleSet, findings: list[Finding], matrix: Matrix, country: str,
    programmes: list[Practice], names: Mapping[str, Mapping[str, str]] | None = None,
) -> dict[str, str]:
    focus = rule.focus_category()
    cat = next((f for f in findings if f.kind == "category" and f.category == focus), None)
    if cat is None:  # a rule over mechanisms only: describe the mechanism's evidence
        cat = next((f for f in findings if f.kind == "mechanism"), None)
        focus = cat.category if cat is not None else None
    ind = next((f for f in findings if f.kind == "indicator" and f.value is not None), None)
    out = {}
    for lang, template in rule.text.items():
        level = cat.level if cat is not None and cat.level is not None else 0
        values = {
            "category": rules.category_label(focus, lang) if focus else "",
            "level": str(level),
            "level_label": LEVELS[level].get(lang, LEVELS[level]["en"]),
            "documents": _document_list(matrix, cat.documents if cat else [], lang, names),
            "gap_documents": _document_list(matrix, cat.gap_documents if cat else [], lang, names),
            "country": country,
            "indicator": ind.indicator if ind else "",
            "value": _format_value(ind.value, lang) if ind else "—",
            "unit": ("%" if ind.unit == "percent" else ind.unit) if ind else "",
            "year": _when(ind, lang),
            "programmes": ", ".join(p.label(lang) for p in programmes) or "—",
        }
        out[lang] = template.format_map(values)
    return out


def recommend(
    matrix: Matrix,
    indicators: list[IndicatorValue] | None = None,
    practices: list[Practice] | None = None,
    rules: RuleSet | None = None,
    *,
    country: str | None = None,
    comparison: MechanismComparison | None = None,
    document_names: Mapping[str, Mapping[str, str]] | None = None,
) -> list[Recommendation]:
    """Evaluate every rule on the matrix (and indicators) and return the recommendations that fire.

    ``document_names`` (document id → language → short title, from the corpus manifest) names
    the documents in each language's text; without it documents are named by their title.

    Rules referring to a category the matrix lacks (another codebook) are skipped with a warning
    rather than read as "level 0", which would recommend things the documents were never coded for.
    """
    rules = rules or load_rules()
    practices = practices if practices is not None else load_practices()
    country = country or matrix_country(matrix)
    comparison = comparison or compare_mechanisms(matrix, practices, rules, country)
    ctx = _Context(matrix, comparison, indicators or [])
    by_id = {p.id: p for p in practices}
    out = []
    for rule in rules.rules:
        cond = rule.condition
        missing = [c for c in cond.names("category") if c not in matrix.categories]
        if missing:
            warnings.warn(f"rule {rule.id}: categories {missing} are not in the matrix; rule skipped", stacklevel=2)
            continue
        if not cond.evaluate(ctx):
            continue
        categories = list(cond.names("category"))
        if rule.focus and rule.focus in matrix.categories and rule.focus not in categories:
            categories.append(rule.focus)  # the category the text speaks of is a finding too
        findings = [ctx.category_finding(c) for c in categories]
        findings += [ctx.mechanism_finding(m) for m in cond.names("mechanism")]
        findings += [ctx.indicator_finding(i) for i in cond.names("indicator")]
        if rule.practices:
            chosen = [by_id[p] for p in rule.practices if p in by_id and by_id[p].country != country]
        else:
            chosen = [p for p in practices if p.country != country and set(p.mechanism_types) & set(rule.mechanisms)]
        out.append(
            Recommendation(
                id=rule.id,
                title=dict(rule.title),
                text=_fill(rule, rules, findings, matrix, country, chosen, document_names),
                paper_recommendation=rule.paper_recommendation,
                basis=rule.basis,
                practices=[p.id for p in chosen],
                mechanisms=list(rule.mechanisms),
                triggered_by=findings,
            )
        )
    return out
