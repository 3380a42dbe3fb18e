"""Evaluation of the automatic coding against a gold set of hand-coded passages.

Why passages and not documents: the development set (``talentflow/data/devset/passages.csv``)
is a list of short passages cut from the corpus by offsets, each coded by two people from the
coding manual. Each passage is coded by talentflow as a mini-document in its own language, and
the per-passage levels and gaps are compared with the gold labels:

- **presence** (level ≥ 1) per category: precision, recall, F1, and the micro average over
  categories;
- **levels** on the cells that both gold and talentflow mark present: exact agreement and
  agreement within one level, and the confusion of levels over all cells (0–4 × 0–4);
- **gaps**: precision, recall and F1 of the gap flag.

Every figure is given per language and for all languages together. Inter-coder agreement
between two coder files (Cohen's kappa on presence per category, Krippendorff's alpha on
levels, ordinal) is measured by :func:`coder_agreement`, so the two can be printed side by
side. Gold files are JSON Lines ``{"passage_id", "codes": {cat: {"level", "gap"}}, "note"}``;
a category left out has level 0 and no gap.
"""

from __future__ import annotations

import csv
import dataclasses
import hashlib
import json
import math
import warnings
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

import krippendorff
import numpy as np

from talentflow.coding.model import Codebook

if TYPE_CHECKING:
    from talentflow.ingest.model import Document

LANGUAGES = ("ru", "kk", "en")
SPLITS = ("dev", "test", "all")
ALL = "all"
MICRO = "micro"
NAN = float("nan")


class GoldError(ValueError):
    """A gold or passage file that cannot be used; the message names file, line and reason."""


@dataclass(frozen=True)
class Label:
    """One gold (or automatic) cell: a level 0–4 and a gap flag."""

    level: int
    gap: bool = False


@dataclass(frozen=True)
class Passage:
    """A passage of the development set with its text (``None`` when its source is absent) and
    the type of the document it comes from (from the source folder's manifest, when it has one)."""

    passage_id: str
    lang: str
    kind: str
    origin: str
    path: str
    start: int
    end: int
    sha1: str
    split: str
    text: str | None = None
    doc_type: str | None = None


Labels = dict[str, dict[str, Label]]  # passage id → category → label


def shipped_passages_path() -> Path:
    return Path(str(resources.files("talentflow") / "data" / "devset" / "passages.csv"))


def default_shared_root() -> Path:
    """``../shared`` beside the project (the read-only reference input), as the tests see it."""
    return Path(str(resources.files("talentflow"))).resolve().parent.parent / "shared"


def read_labels(path: str | Path, categories: Sequence[str]) -> tuple[Labels, dict[str, str]]:
    """Gold labels and notes from a JSON Lines file; a bad line raises ``GoldError``."""
    p = Path(path)
    try:
        lines = p.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise GoldError(f"{p}: cannot read: {exc}") from exc
    known = set(categories)
    labels: Labels = {}
    notes: dict[str, str] = {}
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            raise GoldError(f"{p}:{n}: not valid JSON: {exc.msg}") from exc
        if not isinstance(row, dict) or not isinstance(row.get("passage_id"), str):
            raise GoldError(f"{p}:{n}: field passage_id: missing (each line is an object with passage_id and codes)")
        pid = row["passage_id"]
        if pid in labels:
            raise GoldError(f"{p}:{n}: field passage_id: {pid!r} appears twice")
        codes = row.get("codes", {})
        if not isinstance(codes, dict):
            raise GoldError(f"{p}:{n}: field codes: must be an object category → {{level, gap}}")
        cells: dict[str, Label] = {}
        for cat, cell in codes.items():
            if cat not in known:
                raise GoldError(f"{p}:{n}: field codes.{cat}: unknown category (the codebook's: {', '.join(categories)})")
            if not isinstance(cell, dict):
                raise GoldError(f"{p}:{n}: field codes.{cat}: must be an object with level and gap")
            level = cell.get("level", 0)
            gap = cell.get("gap", False)
            if not isinstance(level, int) or isinstance(level, bool) or not 0 <= level <= 4:
                raise GoldError(f"{p}:{n}: field codes.{cat}.level: {level!r} is not an integer 0-4")
            if not isinstance(gap, bool):
                raise GoldError(f"{p}:{n}: field codes.{cat}.gap: {gap!r} is not true/false")
            if level or gap:
                cells[cat] = Label(max(level, 1 if gap else 0), gap)
        labels[pid] = cells
        notes[pid] = str(row.get("note", "") or "")
    return labels, notes


def read_passages(
    path: str | Path | None = None,
    package_root: str | Path | None = None,
    shared_root: str | Path | None = None,
    with_texts: bool = True,
) -> list[Passage]:
    """The passages of a development set with their texts.

    ``origin`` = package reads ``package_root/<path>`` (default ``talentflow/data``), shared reads
    ``shared_root/<path>`` (default ``../shared``). A passage whose source file is absent keeps
    ``text=None`` (callers say how many were skipped and why); a text whose sha1 differs from
    the recorded one raises ``GoldError`` — the offsets would no longer point at what was coded.
    """
    p = Path(path) if path is not None else shipped_passages_path()
    pkg = Path(package_root) if package_root is not None else Path(str(resources.files("talentflow") / "data"))
    shared = Path(shared_root) if shared_root is not None else default_shared_root()
    try:
        with p.open(encoding="utf-8", newline="") as fh:
            rows = list(csv.DictReader(fh))
    except (OSError, UnicodeDecodeError) as exc:
        raise GoldError(f"{p}: cannot read: {exc}") from exc
    texts: dict[Path, str | None] = {}
    manifests: dict[Path, object] = {}
    out: list[Passage] = []
    for n, row in enumerate(rows, 2):
        try:
            start, end = int(row["start"]), int(row["end"])
            pid, lang, origin, rel, split = row["passage_id"], row["lang"], row["origin"], row["path"], row["split"]
        except (KeyError, TypeError, ValueError) as exc:
            raise GoldError(f"{p}:{n}: a row needs passage_id, lang, origin, path, start, end, split ({exc})") from exc
        if origin not in ("package", "shared"):
            raise GoldError(f"{p}:{n}: column origin: {origin!r} is not package or shared")
        if split not in ("dev", "test"):
            raise GoldError(f"{p}:{n}: column split: {split!r} is not dev or test")
        source = (pkg if origin == "package" else shared) / rel
        if with_texts and source not in texts:
            try:
                texts[source] = source.read_text(encoding="utf-8").replace("\r\n", "\n")
            except OSError:
                texts[source] = None
        full = texts[source] if with_texts else None
        text = None
        if full is not None:
            text = full[start:end]
            sha1 = row.get("sha1", "")
            if sha1 and hashlib.sha1(text.encode("utf-8")).hexdigest() != sha1:
                raise GoldError(f"{p}:{n}: column sha1: the text of {source}[{start}:{end}] has changed")
        kind = _doc_type(source, manifests) if with_texts else None
        out.append(Passage(pid, lang, row.get("kind", ""), origin, rel, start, end, row.get("sha1", ""), split, text, kind))
    return out


def _doc_type(source: Path, manifests: dict[Path, object]) -> str | None:
    """The document type a manifest beside ``source`` gives it (foreign practice, press …)."""
    from talentflow.ingest.manifest import ManifestError, find_manifest, load_manifest

    folder = source.parent
    if folder not in manifests:
        path = find_manifest(folder) if folder.is_dir() else None
        try:
            manifests[folder] = load_manifest(path, check_files=False, strict=False) if path else None
        except (ManifestError, OSError):
            manifests[folder] = None
    manifest = manifests[folder]
    row = manifest.row_for(source) if manifest is not None else None  # type: ignore[attr-defined]
    value = row.values.get("doc_type") if row is not None else None
    return str(value) if value else None



def passage_document(ps: Passage) -> Document:
    """A development-set passage as a mini-document in its own language (the passage's language
    decides, not the guess per paragraph of a short text)."""
    from talentflow.ingest.documents import document_from_text
    from talentflow.ingest.model import DocumentMeta

    doc = document_from_text(ps.text or "", DocumentMeta(id=ps.passage_id, language=ps.lang, doc_type=ps.doc_type),
                             path=ps.path)
    doc.sentences = [dataclasses.replace(s, language=ps.lang) for s in doc.sentences]
    doc.paragraphs = [dataclasses.replace(s, language=ps.lang) for s in doc.paragraphs]
    return doc


def code_passages(passages: Iterable[Passage], codebook: Codebook) -> Labels:
    """talentflow's labels for each passage, coded as a mini-document in its language; a passage
    of a foreign-practice or international document gets none, as in the matrix."""
    from talentflow.coding import code_documents
    from talentflow.ingest.model import NOT_COUNTRY_TYPES

    docs = []
    ids = []
    out: Labels = {}
    for ps in passages:
        if ps.text is None:
            continue
        if ps.doc_type in NOT_COUNTRY_TYPES:
            out[ps.passage_id] = {}  # another country's practice: never the country's own codes
            continue
        docs.append(passage_document(ps))
        ids.append(ps.passage_id)
    for pid, coded in zip(ids, code_documents(docs, codebook), strict=True):
        out[pid] = {
            cat: Label(level, cat in coded.gaps) for cat, level in coded.levels.items() if level or cat in coded.gaps
        }
    return out


def _ratio(a: int, b: int) -> float:
    return a / b if b else NAN


def _f1(p: float, r: float) -> float:
    if math.isnan(p) or math.isnan(r) or p + r == 0:
        return NAN if (math.isnan(p) or math.isnan(r)) else 0.0
    return 2 * p * r / (p + r)


@dataclass
class Scores:
    """Counts and rates for one language × category (or the micro average)."""

    tp: int = 0
    fp: int = 0
    fn: int = 0
    both: int = 0  # cells present in gold and in talentflow
    exact: int = 0
    within_one: int = 0
    gap_tp: int = 0
    gap_fp: int = 0
    gap_fn: int = 0

    @property
    def precision(self) -> float:
        return _ratio(self.tp, self.tp + self.fp)

    @property
    def recall(self) -> float:
        return _ratio(self.tp, self.tp + self.fn)

    @property
    def f1(self) -> float:
        return _f1(self.precision, self.recall)

    @property
    def level_exact(self) -> float:
        return _ratio(self.exact, self.both)

    @property
    def level_within_one(self) -> float:
        return _ratio(self.within_one, self.both)

    @property
    def gap_precision(self) -> float:
        return _ratio(self.gap_tp, self.gap_tp + self.gap_fp)

    @property
    def gap_recall(self) -> float:
        return _ratio(self.gap_tp, self.gap_tp + self.gap_fn)

    @property
    def gap_f1(self) -> float:
        return _f1(self.gap_precision, self.gap_recall)

    def add(self, gold: Label | None, auto: Label | None) -> None:
        g, a = (gold.level if gold else 0), (auto.level if auto else 0)
        if g and a:
            self.tp += 1
            self.both += 1
            self.exact += g == a
            self.within_one += abs(g - a) <= 1
        elif a:
            self.fp += 1
        elif g:
            self.fn += 1
        gg, ag = bool(gold and gold.gap), bool(auto and auto.gap)
        self.gap_tp += gg and ag
        self.gap_fp += ag and not gg
        self.gap_fn += gg and not ag

    def to_dict(self) -> dict[str, object]:
        d: dict[str, object] = dataclasses.asdict(self)
        for name in ("precision", "recall", "f1", "level_exact", "level_within_one", "gap_precision", "gap_recall", "gap_f1"):
            v = getattr(self, name)
            d[name] = None if math.isnan(v) else round(v, 4)
        return d


@dataclass
class LanguageResult:
    """Scores of one language (or all): per category, micro, and the level confusion."""

    language: str
    passages: int
    categories: dict[str, Scores]
    micro: Scores
    confusion: list[list[int]]  # [gold level][talentflow level], every passage × category

    def to_dict(self) -> dict[str, object]:
        return {
            "language": self.language,
            "passages": self.passages,
            "micro": self.micro.to_dict(),
            "categories": {c: s.to_dict() for c, s in self.categories.items()},
            "confusion": {"rows": "gold level 0-4", "columns": "talentflow level 0-4", "counts": self.confusion},
        }


@dataclass
class Mismatch:
    """One cell where talentflow and gold disagree (for error analysis; dev split only)."""

    passage_id: str
    category: str
    gold: Label
    auto: Label


@dataclass
class Evaluation:
    gold_source: str
    split: str
    codebook: str
    languages: dict[str, LanguageResult]
    skipped: list[str] = field(default_factory=list)  # why passages were left out
    mismatches: list[Mismatch] = field(default_factory=list)

    def to_dict(self) -> dict[str, object]:
        return {
            "gold": self.gold_source,
            "split": self.split,
            "codebook": self.codebook,
            "languages": {k: v.to_dict() for k, v in self.languages.items()},
            "skipped": self.skipped,
        }


def _empty_result(language: str, categories: Sequence[str]) -> LanguageResult:
    return LanguageResult(language, 0, {c: Scores() for c in categories}, Scores(), [[0] * 5 for _ in range(5)])


def score(
    gold: Labels, auto: Labels, passages: Sequence[Passage], categories: Sequence[str]
) -> tuple[dict[str, LanguageResult], list[Mismatch]]:
    """Per-language and overall scores of ``auto`` against ``gold`` on ``passages``."""
    results = {lang: _empty_result(lang, categories) for lang in (*LANGUAGES, ALL)}
    mismatches: list[Mismatch] = []
    for ps in passages:
        g_cells, a_cells = gold[ps.passage_id], auto.get(ps.passage_id, {})
        targets = [results[ALL]] + ([results[ps.lang]] if ps.lang in results else [])
        for r in targets:
            r.passages += 1
        for cat in categories:
            g, a = g_cells.get(cat), a_cells.get(cat)
            for r in targets:
                r.categories[cat].add(g, a)
                r.micro.add(g, a)
                r.confusion[g.level if g else 0][a.level if a else 0] += 1
            if (g or Label(0)) != (a or Label(0)):
                mismatches.append(Mismatch(ps.passage_id, cat, g or Label(0), a or Label(0)))
    return {k: v for k, v in results.items() if v.passages}, mismatches


def evaluate(
    gold_path: str | Path,
    codebook: Codebook,
    split: str = "dev",
    passages_path: str | Path | None = None,
    shared_root: str | Path | None = None,
    package_root: str | Path | None = None,
) -> Evaluation:
    """Code the gold set's passages of ``split`` (dev, test or all) and score them."""
    if split not in SPLITS:
        raise GoldError(f"split {split!r}: choose one of {', '.join(SPLITS)}")
    gold, _ = read_labels(gold_path, codebook.ids)
    passages = read_passages(passages_path, package_root, shared_root)
    known = {p.passage_id for p in passages}
    unknown = sorted(set(gold) - known)
    if unknown:
        raise GoldError(f"{gold_path}: passage {unknown[0]!r} is not in the passage list ({len(unknown)} unknown)")
    chosen = [p for p in passages if p.passage_id in gold and (split == ALL or p.split == split)]
    skipped: list[str] = []
    missing_text = [p for p in chosen if p.text is None]
    if missing_text:
        roots = sorted({p.origin for p in missing_text})
        skipped.append(f"{len(missing_text)} passages skipped: their source files ({', '.join(roots)}) are absent")
    chosen = [p for p in chosen if p.text is not None]
    unlabelled = sum(1 for p in passages if p.passage_id not in gold and (split == ALL or p.split == split))
    if unlabelled:
        skipped.append(f"{unlabelled} passages of the split have no gold label yet")
    auto = code_passages(chosen, codebook)
    languages, mismatches = score(gold, auto, chosen, codebook.ids)
    return Evaluation(str(gold_path), split, f"{codebook.id} {codebook.version}", languages, skipped, mismatches)


# --- inter-coder agreement -------------------------------------------------------------------


@dataclass
class CoderCategory:
    category: str
    n: int
    kappa: float  # Cohen's kappa on presence (level ≥ 1)
    alpha: float  # Krippendorff's alpha on levels 0-4, ordinal
    presence_agreement: float
    level_exact: float  # on the cells both coders mark present

    def to_dict(self) -> dict[str, object]:
        return {k: (None if isinstance(v, float) and math.isnan(v) else (round(v, 4) if isinstance(v, float) else v))
                for k, v in dataclasses.asdict(self).items()}


@dataclass
class CoderAgreement:
    coder_a: str
    coder_b: str
    split: str
    passages: int
    categories: list[CoderCategory]
    overall: CoderCategory
    b_against_a: dict[str, LanguageResult]  # coder B scored with coder A as the reference

    def to_dict(self) -> dict[str, object]:
        return {
            "coder_a": self.coder_a,
            "coder_b": self.coder_b,
            "split": self.split,
            "passages": self.passages,
            "categories": [c.to_dict() for c in self.categories],
            "overall": self.overall.to_dict(),
            "b_against_a": {k: v.to_dict() for k, v in self.b_against_a.items()},
        }


def cohen_kappa(a: Sequence[int], b: Sequence[int]) -> float:
    """Cohen's kappa of two nominal codings of the same units (NaN when chance agreement is 1)."""
    n = len(a)
    if n == 0 or n != len(b):
        return NAN
    values = sorted(set(a) | set(b))
    po = sum(x == y for x, y in zip(a, b, strict=True)) / n
    pe = sum((a.count(v) / n) * (b.count(v) / n) for v in values)
    if pe >= 1.0:
        return NAN
    return (po - pe) / (1 - pe)


def ordinal_alpha(a: Sequence[int], b: Sequence[int]) -> float:
    """Krippendorff's alpha, ordinal, of two codings (NaN when only one value occurs)."""
    if len(set(a) | set(b)) < 2:
        return NAN
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return float(krippendorff.alpha(np.array([a, b], dtype=float), level_of_measurement="ordinal",
                                         value_domain=[0, 1, 2, 3, 4]))


def _coder_category(name: str, a: list[int], b: list[int]) -> CoderCategory:
    pa, pb = [int(x > 0) for x in a], [int(x > 0) for x in b]
    both = [(x, y) for x, y in zip(a, b, strict=True) if x and y]
    return CoderCategory(
        name,
        len(a),
        cohen_kappa(pa, pb),
        ordinal_alpha(a, b),
        _ratio(sum(x == y for x, y in zip(pa, pb, strict=True)), len(a)),
        _ratio(sum(x == y for x, y in both), len(both)),
    )


def coder_agreement(
    path_a: str | Path,
    path_b: str | Path,
    codebook: Codebook,
    split: str = "dev",
    passages_path: str | Path | None = None,
) -> CoderAgreement:
    """Agreement of two coders on the passages both coded (of ``split``; texts not needed)."""
    if split not in SPLITS:
        raise GoldError(f"split {split!r}: choose one of {', '.join(SPLITS)}")
    cats = codebook.ids
    a, _ = read_labels(path_a, cats)
    b, _ = read_labels(path_b, cats)
    passages = [
        p
        for p in read_passages(passages_path, with_texts=False)
        if p.passage_id in a and p.passage_id in b and (split == ALL or p.split == split)
    ]
    per_cat: list[CoderCategory] = []
    all_a: list[int] = []
    all_b: list[int] = []
    for cat in cats:
        la = [a[p.passage_id][cat].level if cat in a[p.passage_id] else 0 for p in passages]
        lb = [b[p.passage_id][cat].level if cat in b[p.passage_id] else 0 for p in passages]
        per_cat.append(_coder_category(cat, la, lb))
        all_a.extend(la)
        all_b.extend(lb)
    overall = _coder_category("all", all_a, all_b)
    b_against_a, _ = score(a, b, passages, cats)
    return CoderAgreement(str(path_a), str(path_b), split, len(passages), per_cat, overall, b_against_a)
