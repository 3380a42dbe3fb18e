"""The talentflow pipeline in one place: read → code → matrix; store → indicators → checks;
practice → recommendations.

The command line, the report and the web application all start from documents and figures and
need the same results, so the orchestration lives here once, with direct imports and typed
results, and each caller only presents them. Every function is one stage; a failure (a bad
file, a broken manifest, a malformed codebook) propagates with the file named, because a
caller that silently drops a user's input would mislead.

Imports point one way: this module uses the stage packages (``ingest``, ``coding``,
``analysis``, ``exchange``, ``stats``, ``recommend``) and is used by ``cli`` and ``report``.
"""

from __future__ import annotations

import csv
import hashlib
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from talentflow.analysis import Matrix, build_matrix
from talentflow.coding import code_documents, load_codebook
from talentflow.coding.model import Codebook, CodedDocument
from talentflow.exchange import agreement, load_reference
from talentflow.ingest import read_documents, read_dossiers
from talentflow.ingest.model import Document, ReadError
from talentflow.recommend import (
    MechanismComparison,
    Practice,
    Recommendation,
    compare_mechanisms,
    load_practices,
    load_rules,
    recommend,
)
from talentflow.stats import package
from talentflow.stats.catalogue import load_catalogue
from talentflow.stats.checks import compare_sources
from talentflow.stats.indicators import compute_indicators
from talentflow.stats.model import Observation
from talentflow.stats.projection import ProjectionError, project
from talentflow.stats.results import Discrepancy, IndicatorValue, NotComparable, SourceComparison
from talentflow.stats.store import open_store

#: progress of a long stage: (documents done, documents in all)
CodingProgress = Callable[[int, int], None]


# --- shipped inputs --------------------------------------------------------------------------


def data_root() -> Path:
    return Path(str(resources.files("talentflow") / "data"))


def default_corpus(country: str) -> list[Path]:
    """The shipped corpus of official texts of ``country`` (empty when none is shipped)."""
    folder = data_root() / "corpus" / country.lower()
    return [folder] if folder.is_dir() else []


def default_data() -> Path | None:
    folder = data_root() / "datapackage"
    return folder if (folder / "datapackage.json").is_file() else None


def sha256_files(paths: Sequence[Path]) -> str:
    """One hash over all files under ``paths`` (sorted by path, name and bytes both counted)."""
    h = hashlib.sha256()
    files: list[tuple[str, Path]] = []
    for p in paths:
        p = Path(p)
        if p.is_dir():
            files += [(f.relative_to(p).as_posix(), f) for f in p.rglob("*") if f.is_file()]
        elif p.is_file():
            files.append((p.name, p))
    for name, f in sorted(files):
        h.update(name.encode() + b"\0")
        h.update(hashlib.sha256(f.read_bytes()).digest())
    return h.hexdigest()


# --- read → code → matrix --------------------------------------------------------------------


@dataclass
class ReadResult:
    documents: list[Document]
    errors: list[ReadError] = field(default_factory=list)  # files that could not be read

    def error_lines(self) -> list[str]:
        return [f"{e.path}: {e.reason}" for e in self.errors]


@dataclass
class PolicyResult:
    """A coded corpus: the codebook it was coded with, each coded document and the matrix."""

    codebook: Codebook
    coded: list[CodedDocument]
    matrix: Matrix


def read(paths: Sequence[Path], dossiers: bool = True, manifest: Path | None = None) -> ReadResult:
    """Documents of ``paths`` (one dossier per document id, or one document per file)."""
    reader = read_dossiers if dossiers else read_documents
    docs, errors = reader([Path(p) for p in paths], manifest=manifest)
    return ReadResult(list(docs), list(errors))


def code(docs: Sequence[Document], codebook: Codebook | None = None, workers: int = 1,
         progress: CodingProgress | None = None) -> list[CodedDocument]:
    """Depth levels, gaps and evidence of every document under ``codebook`` (the shipped one)."""
    book = codebook or load_codebook()
    return list(code_documents(list(docs), book, workers=workers, progress=progress))


def policy(docs: Sequence[Document], codebook: Codebook | None = None) -> PolicyResult:
    """Code ``docs`` and build the document × category matrix."""
    book = codebook or load_codebook()
    coded = code(docs, book)
    return PolicyResult(codebook=book, coded=coded, matrix=build_matrix(coded, book))


@dataclass
class Agreement:
    """Agreement of our coding with a reference (human) coding, pooled over all categories."""

    percent_agreement: float | None
    kappa: float | None
    alpha: float | None
    n: int
    citation: str = ""


@dataclass
class ClaimCheck:
    """One claim of the reference coding tested against ours."""

    doc_id: str
    claim: str
    status: str  # "satisfied" | "not_testable" | "contradicted"


@dataclass
class ReferenceComparison:
    agreement: Agreement
    claims: list[ClaimCheck]
    #: reference documents that the corpus lacks (their claims are all "not_testable")
    missing_documents: list[str] = field(default_factory=list)


def reference_comparison(matrix: Matrix, codebook: Codebook,
                         name: str = "paper-table1") -> ReferenceComparison | None:
    """Agreement with, and claims of, a shipped reference coding whose documents are in the matrix.

    ``None`` when the reference covers none of these documents (another country's corpus).
    Claims about documents the corpus lacks are kept as "not testable", not dropped; so are
    claims that fail on a document whose text is incomplete: the passage a claim needs may lie
    in the part the corpus lacks, so only full texts can contradict.
    """
    human = load_reference(name)
    ours = {d.id for d in matrix.documents}
    if not set(human.document_ids()) & ours:
        return None
    rep = agreement(matrix, human, codebook)
    complete = {d.id for d in matrix.documents if d.completeness == "full"}

    def status(satisfied: bool | None, doc: str) -> str:
        if satisfied is None:
            return "not_testable"
        if satisfied:
            return "satisfied"
        return "contradicted" if doc in complete else "not_testable"

    claims = [ClaimCheck(c.document, c.claim, status(c.satisfied, c.document)) for c in rep.claims]
    absent = [c for c in human.claims if c.document not in ours]
    claims += [ClaimCheck(c.document, c.text, "not_testable") for c in absent]
    o = rep.overall
    agree = Agreement(o.agreement, o.kappa, o.alpha, o.n_units, rep.citation or human.citation)
    return ReferenceComparison(agree, claims, sorted({c.document for c in absent}))


# --- store → indicators → checks -------------------------------------------------------------


def load_observations(data: Path | str) -> list[Observation]:
    """Observations from a data package (folder or ``datapackage.json``), a package CSV, or a store."""
    data_path = Path(data)
    if not data_path.exists() and "://" not in str(data):
        raise FileNotFoundError(f"{data}: no such data package, CSV or store")
    if data_path.is_dir() or data_path.name == "datapackage.json":
        root = data_path if data_path.is_dir() else data_path.parent
        return [o for name, f in package.resources(root) for o, _ in package.read_resource(f, "package/" + name)]
    if data_path.suffix.lower() == ".csv":
        return [o for o, _ in package.read_resource(data_path, data_path.stem)]
    with open_store(str(data)) as store:
        return store.observations()


def data_hash(data: Path) -> str:
    """Hash of the data as read: the whole package folder, or the one file or store."""
    data = Path(data)
    return sha256_files([data.parent if data.name == "datapackage.json" else data])


@dataclass
class Projection:
    indicator: str
    values: list[IndicatorValue]  # ProjectedValue: value with 80 % and 95 % bounds
    note: str = ""  # the method, or why nothing could be projected


@dataclass
class StatsResult:
    observations: list[Observation]
    indicators: list[IndicatorValue] = field(default_factory=list)
    #: like-for-like conflicts: sources disagreeing on one quantity (see :func:`conflicts`)
    discrepancies: list[Discrepancy] = field(default_factory=list)
    #: figures that only look like one quantity (part-year vs year, subtotal vs total …), with why
    not_comparable: list[NotComparable] = field(default_factory=list)
    indicator_names: dict[str, dict[str, str]] = field(default_factory=dict)  # catalogue id → lang → name
    projection: Projection = field(default_factory=lambda: Projection("emigrants_permanent", []))


def conflicts(observations: list[Observation], threshold: float = 0.01) -> SourceComparison:
    """Disagreements between sources about the country's own figures, like for like.

    The one place the report, the CLI and the web application take the conflict count from:
    conflicts only between figures of the same quantity, area, counterpart, breakdown, unit and
    period; part-year against year, subtotal against total, parts against the whole are listed
    apart as not comparable, with the reason, and never counted.
    """
    return compare_sources(observations, threshold=threshold)


def projection(obs: list[Observation], country: str, indicator: str = "emigrants_permanent",
               horizon: int = 5) -> Projection:
    """A ``horizon``-year projection with 80/95 % intervals (empty, with the reason, when the
    series is too short)."""
    try:
        values = project(obs, indicator=indicator, horizon=horizon, area=country)
    except ProjectionError as exc:
        return Projection(indicator, [], str(exc))
    return Projection(indicator, list(values), values[0].note if values else "")


def statistics(obs: list[Observation], country: str) -> StatsResult:
    """Indicators, cross-source checks and the projection of ``country`` from ``obs``."""
    own = [o for o in obs if o.area == country]
    catalogue = load_catalogue()
    checked = conflicts(own)
    return StatsResult(
        observations=obs,
        indicators=list(compute_indicators(obs, catalogue, area=country)),
        discrepancies=checked.conflicts,
        not_comparable=checked.not_comparable,
        indicator_names={i.id: dict(i.name) for i in catalogue.indicators},
        projection=projection(obs, country),
    )


# --- practice → recommendations --------------------------------------------------------------


@dataclass
class PracticeResult:
    """The practice catalogue, its comparison with the country's documents, the recommendations."""

    practices: list[Practice] = field(default_factory=list)
    paper_recommendations: dict[int, dict[str, str]] = field(default_factory=dict)  # number → lang → title
    comparison: MechanismComparison | None = None
    recommendations: list[Recommendation] = field(default_factory=list)


def practice(matrix: Matrix | None, indicators: list[IndicatorValue], country: str,
             labels: dict[str, DocumentLabel] | None = None) -> PracticeResult:
    """The practice catalogue; with a matrix, also the mechanism comparison and recommendations
    (documents named by the short titles of ``labels`` where the corpus gives them)."""
    practices = load_practices()
    rules = load_rules()
    out = PracticeResult(list(practices), dict(rules.paper_recommendations))
    if matrix is not None:
        out.comparison = compare_mechanisms(matrix, practices, rules, country)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # rules for categories another codebook lacks are skipped
            names = {i: lab.short_title for i, lab in (labels or {}).items() if lab.short_title}
            out.recommendations = list(recommend(matrix, indicators, practices, rules, country=country,
                                                 comparison=out.comparison, document_names=names))
    return out


# --- corpus labels ---------------------------------------------------------------------------


@dataclass
class DocumentLabel:
    """How a person names a document, and what of it the corpus holds, per language.

    Read from optional manifest columns (``short_title_<lang>``, ``note_<lang>``); documents of
    a manifest without them are named by their title.
    """

    short_title: dict[str, str] = field(default_factory=dict)  # lang → "Migration Policy Concept 2017–2021"
    note: dict[str, str] = field(default_factory=dict)  # lang → what is included, missing, where the full text is


def document_labels(paths: Sequence[Path]) -> dict[str, DocumentLabel]:
    """Document id → labels, from ``manifest.csv`` and ``documents.csv`` of the corpus folders."""
    out: dict[str, DocumentLabel] = {}
    for p in paths:
        folder = Path(p) if Path(p).is_dir() else Path(p).parent
        for name in ("documents.csv", "manifest.csv"):
            f = folder / name
            if not f.is_file():
                continue
            with f.open(encoding="utf-8-sig", newline="") as handle:
                for row in csv.DictReader(handle):
                    doc = (row.get("id") or "").strip()
                    if not doc:
                        continue
                    lab = out.setdefault(doc, DocumentLabel())
                    for key, value in row.items():
                        if not key or not value:
                            continue
                        for prefix, target in (("short_title_", lab.short_title), ("note_", lab.note)):
                            if key.startswith(prefix):
                                target[key[len(prefix):]] = value.strip()
    return out
