"""What the report is composed from: the results of every pipeline stage, gathered in one object.

``ReportInputs`` is filled from the typed results of ``talentflow.pipeline`` (or built by hand in
tests and by other programs); ``talentflow.report.compose`` turns it into a ``ReportModel``. A
stage that could not run leaves its part ``None`` and says why in ``missing``, so the report
states what it lacks instead of failing or silently omitting a section. Charts are not inputs:
they are drawn while composing, in the report's language.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from talentflow.analysis.model import Matrix
from talentflow.coding.model import Codebook, CodedDocument
from talentflow.pipeline import (
    Agreement,
    ClaimCheck,
    DocumentLabel,
    PracticeResult,
    Projection,
    ReferenceComparison,
    StatsResult,
)

#: the statistics of the report: observations, indicators, conflicts, projection
StatsInputs = StatsResult
#: the practice catalogue, mechanism comparison and recommendations
PracticeInputs = PracticeResult


@dataclass
class PolicyInputs:
    codebook: Codebook
    matrix: Matrix
    coded: list[CodedDocument] = field(default_factory=list)
    #: the reference (the paper's) coding compared with ours; None when it covers none of the documents
    reference: ReferenceComparison | None = None
    #: document id → short titles and corpus notes per language (from the corpus manifest)
    labels: dict[str, DocumentLabel] = field(default_factory=dict)


@dataclass
class ReportInputs:
    country: str
    policy: PolicyInputs | None = None
    stats: StatsInputs | None = None
    practice: PracticeInputs | None = None
    hashes: dict[str, str] = field(default_factory=dict)  # "codebook" | "corpus" | "data" → sha256
    generated: dt.datetime = field(default_factory=lambda: dt.datetime.now(dt.UTC).replace(microsecond=0))
    synthetic: bool = False  # some input is generated test/demo data
    missing: dict[str, str] = field(default_factory=dict)  # "policy" | "stats" | "practice" → why
    errors: list[str] = field(default_factory=list)  # inputs that could not be read, named
    #: document id → short titles and corpus notes per language (from the corpus manifest)
    labels: dict[str, DocumentLabel] = field(default_factory=dict)


__all__ = [
    "Agreement",
    "ClaimCheck",
    "PolicyInputs",
    "PracticeInputs",
    "Projection",
    "ReportInputs",
    "StatsInputs",
]
