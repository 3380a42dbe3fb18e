"""Agreement between the automatic coding and human coders, per category.

Sentence level when the human selected passages (a sentence counts as coded for a category when
a selection of that category overlaps it), document level when the human gave levels. Cohen's
kappa and Krippendorff's alpha (nominal for presence, ordinal for levels) measure agreement
beyond chance; precision, recall and F1 treat the human as the reference for presence.
Undefined statistics (one value only, no positives) are reported as NaN with a note, never as a
crash or a misleading 0 or 1.
"""

from __future__ import annotations

import math
import warnings
from dataclasses import asdict, dataclass, field

import krippendorff
import numpy as np

from talentflow.analysis.matrix import build_matrix
from talentflow.analysis.model import Matrix
from talentflow.coding.model import Codebook, CodedDocument
from talentflow.exchange.human import HumanCoding, HumanCodingError, text_sha256
from talentflow.exchange.reference import ReferenceClaim
from talentflow.ingest.model import Segment

NAN = float("nan")
ALL = "all"


@dataclass
class CategoryAgreement:
    category: str
    n_units: int
    kappa: float
    alpha: float
    precision: float
    recall: float
    f1: float
    agreement: float  # share of units where both agree (within bounds at document level)
    tp: int = 0
    fp: int = 0
    fn: int = 0
    tn: int = 0
    notes: list[str] = field(default_factory=list)


@dataclass
class ClaimResult:
    document: str
    claim: str
    satisfied: bool | None  # None: not evaluable (category outside the codebook)
    basis: str = ""


@dataclass
class AgreementReport:
    unit: str  # "sentence" | "document"
    human_source: str
    categories: list[CategoryAgreement]
    overall: CategoryAgreement
    claims: list[ClaimResult] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    citation: str = ""

    @property
    def claims_satisfied(self) -> int:
        return sum(1 for c in self.claims if c.satisfied)

    @property
    def claims_total(self) -> int:
        return sum(1 for c in self.claims if c.satisfied is not None)

    def rows(self) -> list[dict[str, object]]:
        return [_row(c) for c in [*self.categories, self.overall]]

    def to_dict(self) -> dict[str, object]:
        return {
            "unit": self.unit,
            "human_source": self.human_source,
            "citation": self.citation,
            "categories": [_row(c) for c in self.categories],
            "overall": _row(self.overall),
            "claims_satisfied": self.claims_satisfied,
            "claims_total": self.claims_total,
            "claims": [asdict(c) for c in self.claims],
            "notes": self.notes,
        }


def _row(c: CategoryAgreement) -> dict[str, object]:
    d = asdict(c)
    for k, v in d.items():
        if isinstance(v, float) and math.isnan(v):
            d[k] = None
    d["notes"] = "; ".join(c.notes)
    return d


def cohen_kappa(a: list[int], b: list[int]) -> tuple[float, str | None]:
    """(p_o − p_e) / (1 − p_e); NaN with a reason when chance agreement is total."""
    if len(a) < 2:
        return NAN, "kappa undefined: fewer than two units"
    n = len(a)
    p_o = sum(x == y for x, y in zip(a, b, strict=True)) / n
    values = set(a) | set(b)
    p_e = sum((a.count(v) / n) * (b.count(v) / n) for v in values)
    if math.isclose(p_e, 1.0):
        return NAN, "kappa undefined: both codings use one and the same value"
    return (p_o - p_e) / (1 - p_e), None


def kripp_alpha(a: list[int], b: list[int], level: str) -> tuple[float, str | None]:
    if len(a) < 2:
        return NAN, "alpha undefined: fewer than two units"
    if len(set(a) | set(b)) < 2:
        return NAN, "alpha undefined: only one value occurs"
    domain = [0, 1] if level == "nominal" else [0, 1, 2, 3, 4]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        value = float(krippendorff.alpha(reliability_data=np.array([a, b], dtype=float),
                                         level_of_measurement=level, value_domain=domain))  # fmt: skip
    return value, None if not math.isnan(value) else "alpha undefined"


def presence_scores(auto: list[bool], human: list[bool]) -> tuple[dict[str, int], float, float, float, list[str]]:
    tp = sum(a and h for a, h in zip(auto, human, strict=True))
    fp = sum(a and not h for a, h in zip(auto, human, strict=True))
    fn = sum(h and not a for a, h in zip(auto, human, strict=True))
    tn = len(auto) - tp - fp - fn
    notes = []
    precision = tp / (tp + fp) if tp + fp else NAN
    recall = tp / (tp + fn) if tp + fn else NAN
    if tp + fp == 0:
        notes.append("precision undefined: no automatic positives")
    if tp + fn == 0:
        notes.append("recall undefined: no human positives")
    f1 = 2 * precision * recall / (precision + recall) if precision + recall > 0 else NAN
    if precision == 0 and recall == 0:
        f1 = 0.0
    return {"tp": tp, "fp": fp, "fn": fn, "tn": tn}, precision, recall, f1, notes


def _score(category: str, auto: list[int], human: list[int], agree: list[bool], level: str) -> CategoryAgreement:
    if not auto:
        return CategoryAgreement(category, 0, NAN, NAN, NAN, NAN, NAN, NAN, notes=["no units: not coded by the human"])
    kappa, k_note = cohen_kappa(auto, human)
    alpha, a_note = kripp_alpha(auto, human, level)
    counts, precision, recall, f1, notes = presence_scores([x > 0 for x in auto], [x > 0 for x in human])
    share = sum(agree) / len(agree) if agree else NAN
    notes = [n for n in (k_note, a_note) if n] + notes
    return CategoryAgreement(category, len(auto), kappa, alpha, precision, recall, f1, share, **counts, notes=notes)


def _units(coded: CodedDocument) -> list[Segment]:
    doc = coded.document
    if doc.sentences:
        return doc.sentences
    if doc.paragraphs:
        return doc.paragraphs
    return [Segment(0, len(doc.text), doc.meta.language or "und", "sentence")]


def _match_documents(auto: list[CodedDocument], human: HumanCoding) -> tuple[dict[str, CodedDocument], list[str]]:
    """Human document id → automatic document, by id or by the hash of the text."""
    by_id = {c.document.meta.id: c for c in auto}
    by_hash = {text_sha256(c.document.text): c for c in auto}
    matched, missing = {}, []
    for doc_id in human.document_ids():
        hdoc = human.documents.get(doc_id)
        if doc_id in by_id:
            matched[doc_id] = by_id[doc_id]
        elif hdoc is not None and hdoc.sha256 in by_hash:
            matched[doc_id] = by_hash[hdoc.sha256]
        else:
            missing.append(doc_id)
    return matched, missing


def _overlaps(a0: int, a1: int, b0: int, b1: int) -> bool:
    return a0 < b1 and b0 < a1


def segment_agreement(auto: list[CodedDocument], human: HumanCoding, codebook: Codebook) -> AgreementReport:
    matched, missing = _match_documents(auto, human)
    if missing:
        raise HumanCodingError(f"{human.source}: human codings of unknown document(s): {', '.join(missing)}")
    unknown = sorted({s.category for s in human.selections} - set(codebook.ids))
    if unknown:
        raise HumanCodingError(f"{human.source}: categories not in codebook {codebook.id}: {', '.join(unknown)}")
    pooled: tuple[list[int], list[int]] = ([], [])
    results = []
    for category in codebook.ids:
        a_vals, h_vals = [], []
        for doc_id, coded in matched.items():
            auto_spans = [(s.start, s.end) for s in coded.segments if any(c.category == category for c in s.codes)]
            human_spans = [(s.start, s.end) for s in human.selections if s.document == doc_id and s.category == category]
            for unit in _units(coded):
                a_vals.append(int(any(_overlaps(unit.start, unit.end, *sp) for sp in auto_spans)))
                h_vals.append(int(any(_overlaps(unit.start, unit.end, *sp) for sp in human_spans)))
        results.append(_score(category, a_vals, h_vals, [x == y for x, y in zip(a_vals, h_vals, strict=True)], "nominal"))
        pooled[0].extend(a_vals)
        pooled[1].extend(h_vals)
    overall = _score(ALL, *pooled, [x == y for x, y in zip(*pooled, strict=True)], "nominal")
    return AgreementReport("sentence", human.source, results, overall, citation=human.citation,
                           notes=[f"documents compared: {', '.join(sorted(matched))}"])  # fmt: skip


def _auto_cells(auto: list[CodedDocument] | Matrix, codebook: Codebook) -> dict[str, tuple[dict[str, int], set[str]]]:
    matrix = auto if isinstance(auto, Matrix) else build_matrix(auto, codebook)
    out = {}
    for meta in matrix.documents:
        cells = {c: matrix.cell(meta.id, c) for c in matrix.categories}
        out[meta.id] = ({c: cell.level for c, cell in cells.items()}, {c for c, cell in cells.items() if cell.gap})
    return out


def evaluate_claims(claims: list[ReferenceClaim], cells: dict[str, tuple[dict[str, int], set[str]]], codebook: Codebook) -> list[ClaimResult]:
    results = []
    for claim in claims:
        if claim.document not in cells:
            continue
        if not claim.categories() <= set(codebook.ids):
            results.append(ClaimResult(claim.document, claim.text, None, claim.basis))
            continue
        levels, gaps = cells[claim.document]
        results.append(ClaimResult(claim.document, claim.text, claim.holds(levels, gaps), claim.basis))
    return results


def document_agreement(auto: list[CodedDocument] | Matrix, human: HumanCoding, codebook: Codebook) -> AgreementReport:
    """Cells the human coded, compared with the automatic level; bounds count as agreeing when the
    automatic level lies within them (the human value used for kappa/alpha is then the automatic
    one, otherwise the nearest bound)."""
    cells = _auto_cells(auto, codebook)
    notes = []
    absent = sorted({lv.document for lv in human.levels} - set(cells))
    outside = sorted({lv.category for lv in human.levels} - set(codebook.ids))
    if absent:
        notes.append(f"not among the compared documents, left out: {', '.join(absent)}")
    if outside:
        notes.append(f"categories not in codebook {codebook.id}, left out: {', '.join(outside)}")
    used = [lv for lv in human.levels if lv.document in cells and lv.category in codebook.ids]
    if not used and human.levels:
        raise HumanCodingError(f"{human.source}: no human-coded cell matches the compared documents and codebook")
    pooled: tuple[list[int], list[int], list[bool]] = ([], [], [])
    results = []
    for category in codebook.ids:
        a_vals, h_vals, agree = [], [], []
        for lv in (x for x in used if x.category == category):
            a = cells[lv.document][0].get(category, 0)
            a_vals.append(a)
            h_vals.append(min(max(a, lv.level_min), lv.level_max))
            agree.append(lv.level_min <= a <= lv.level_max)
        results.append(_score(category, a_vals, h_vals, agree, "ordinal"))
        for store, vals in zip(pooled, (a_vals, h_vals, agree), strict=True):
            store.extend(vals)
    overall = _score(ALL, *pooled, "ordinal")
    claims = evaluate_claims(human.claims, cells, codebook)
    if any(c.satisfied is None for c in claims):
        notes.append("claims naming categories outside the codebook are not evaluated")
    notes.append(f"documents compared: {', '.join(sorted({lv.document for lv in used}))}")
    return AgreementReport("document", human.source, results, overall, claims, notes, human.citation)


def agreement(auto: list[CodedDocument] | Matrix, human: HumanCoding, codebook: Codebook) -> AgreementReport:
    """Per-category agreement at the level the human coded: sentences or document cells."""
    if human.kind == "segment":
        if isinstance(auto, Matrix):
            raise HumanCodingError(f"{human.source}: segment codings need coded documents, not a matrix")
        return segment_agreement(auto, human, codebook)
    return document_agreement(auto, human, codebook)
