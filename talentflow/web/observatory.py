"""The one adapter between the web application and the pipeline.

Every page reads an :class:`Observatory` snapshot; this module is the only place in
``talentflow.web`` that runs the stages, and it runs them through ``talentflow.pipeline`` — the
same typed functions as the command line and the report. Nothing here codes, computes or
recommends on its own: the web adds pages, not a second implementation.
"""

from __future__ import annotations

import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from talentflow import pipeline
from talentflow.analysis.model import Matrix
from talentflow.coding.model import Codebook, CodedDocument
from talentflow.ingest import Document
from talentflow.pipeline import default_corpus
from talentflow.recommend import MechanismComparison, Practice, Recommendation
from talentflow.stats.catalogue import Catalogue, load_catalogue
from talentflow.stats.model import Observation
from talentflow.stats.results import Discrepancy, IndicatorValue
from talentflow.stats.store import open_store


@dataclass
class Observatory:
    """Everything the public pages show, computed once from the corpus and the store."""

    country: str
    codebook: Codebook
    documents: dict[str, Document]
    matrix: Matrix
    observations: list[Observation]
    catalogue: Catalogue
    indicators: list[IndicatorValue]
    discrepancies: list[Discrepancy]
    practices: list[Practice]
    comparison: MechanismComparison | None
    recommendations: list[Recommendation]
    read_errors: list[str] = field(default_factory=list)
    #: each document's coding (segments with their codes), for the text with its segments highlighted
    coded: dict[str, CodedDocument] = field(default_factory=dict)

    def indicator_values(self, indicator: str) -> list[IndicatorValue]:
        return [v for v in self.indicators if v.indicator == indicator]


def build(store_url: str | None, corpus: list[Path] | None = None, country: str = "KAZ") -> Observatory:
    """The public snapshot: the same typed pipeline the command line and the report run (read →
    code → matrix; store → indicators → like-for-like checks; practice → recommendations)."""
    paths = corpus or default_corpus(country)
    read = pipeline.read(paths) if paths else pipeline.ReadResult([], [])
    policy = pipeline.policy(read.documents)
    with open_store(store_url) as store:
        obs = store.observations()
    stats = pipeline.statistics(obs, country)
    matrix = policy.matrix
    practice = pipeline.practice(matrix if matrix.documents else None, stats.indicators, country,
                                 labels=pipeline.document_labels(paths) if paths else None)
    return Observatory(
        country=country, codebook=policy.codebook, documents={d.meta.id: d for d in read.documents},
        matrix=matrix, observations=obs, catalogue=load_catalogue(), indicators=stats.indicators,
        discrepancies=stats.discrepancies, practices=practice.practices, comparison=practice.comparison,
        recommendations=practice.recommendations,
        read_errors=[f"{e.path}: {e.reason}" for e in read.errors],
        coded={c.document.meta.id: c for c in policy.coded},
    )


def code_files(paths: list[Path]) -> tuple[list[dict[str, Any]], list[str]]:
    """Read and code uploaded files: per document its id, title and levels; the files that could
    not be read (``name: reason``). What an upload job runs."""
    read = pipeline.read(paths, dossiers=False)
    matrix = pipeline.policy(read.documents).matrix
    out = [{"id": d.id, "title": d.title or d.id, "language": d.language,
            "levels": {c: matrix.cell(d.id, c).level for c in matrix.categories}} for d in matrix.documents]
    return out, [f"{Path(e.path).name}: {e.reason}" for e in read.errors]


def machine_levels(o: Observatory) -> dict[tuple[str, str], tuple[int, bool]]:
    """The machine's (level, gap) of every cell of the matrix, where human codings start from."""
    return {(d.id, c): (o.matrix.cell(d.id, c).level, o.matrix.cell(d.id, c).gap)
            for d in o.matrix.documents for c in o.matrix.categories}


def review_agreement(o: Observatory, levels: list[tuple[str, str, int, bool, str]]) -> dict[str, Any] | None:
    """Agreement of the machine's matrix with the reviewers' current levels
    ``(document, category, level, gap, reviewer)`` (the exchange package's document agreement);
    None when no reviewed cell lies in the matrix."""
    from talentflow.exchange import HumanCoding, HumanCodingError, HumanLevel, agreement

    ids = {d.id for d in o.matrix.documents}
    human = HumanCoding(source="reviews in the web application",
                        levels=[HumanLevel(d, c, lv, lv, gap, coder=who) for d, c, lv, gap, who in levels if d in ids])
    if not human.levels:
        return None
    try:
        return agreement(o.matrix, human, o.codebook).to_dict()
    except HumanCodingError:
        return None


class ObservatoryCache:
    """Builds the snapshot on first use (not at import) and hands the same one to every request;
    rebuilt when an upload joins the matrix (``generation`` changes), in any worker process."""

    def __init__(self, store_url: str | None, corpus: list[Path] | None = None, country: str = "KAZ",
                 builder: Any = build, generation: Callable[[], int] | None = None,
                 uploaded: Callable[[Path], list[Path]] | None = None):
        self.store_url, self.corpus, self.country = store_url, corpus, country
        self._builder = builder
        self._generation = generation or (lambda: 0)
        self._uploaded = uploaded
        self._value: Observatory | None = None
        self._built_at = -1
        self._gen_seen, self._asked_at = 0, -1e9
        self.builds = 0  # how many snapshots this process has built (keys answers reused across requests)
        self._lock = threading.Lock()

    def generation(self) -> int:
        """The store's upload generation, asked at most once a second per process."""
        now = time.monotonic()
        if now - self._asked_at > 1.0:
            self._gen_seen = self._generation()
            self._asked_at = now
        return self._gen_seen

    def get(self) -> Observatory:
        gen = self.generation()
        if self._value is None or gen != self._built_at:
            with self._lock:
                if self._value is None or gen != self._built_at:
                    self._value = self._build()
                    self._built_at = gen
                    self.builds += 1
        return self._value

    def _build(self) -> Observatory:
        corpus = list(self.corpus or default_corpus(self.country))
        if self._uploaded is None:
            return self._builder(self.store_url, corpus, self.country)
        with tempfile.TemporaryDirectory(prefix="talentflow-uploads-") as tmp:
            files = self._uploaded(Path(tmp))
            return self._builder(self.store_url, corpus + ([Path(tmp)] if files else []), self.country)

    def invalidate(self) -> None:
        with self._lock:
            self._value = None
