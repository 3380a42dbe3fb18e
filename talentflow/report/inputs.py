"""What the report is composed from: the results of every pipeline stage, gathered in one object.

``ReportInputs`` is filled by the stage functions of ``talentflow.report.stages`` (or built by
hand in tests and by other programs); ``talentflow.report.compose`` turns it into a
``ReportModel``. A stage that could not run leaves its part ``None`` and says why in ``missing``,
so the report states what it lacks instead of failing or silently omitting a section.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from talentflow.analysis.model import Matrix
from talentflow.coding.model import Codebook, CodedDocument
from talentflow.recommend import MechanismComparison, Practice, Recommendation
from talentflow.stats.model import Observation
from talentflow.stats.results import Discrepancy, IndicatorValue


@dataclass
class Chart:
    """A rendered chart: PNG for DOCX and as fallback, SVG for inline HTML."""

    key: str  # file stem, e.g. "evolution", "figure1"
    png: bytes | None = None
    svg: str | None = None
    title: str = ""  # as the producing stage titled it (already in the report language)


@dataclass
class PolicyInputs:
    codebook: Codebook
    matrix: Matrix
    coded: list[CodedDocument] = field(default_factory=list)
    chart: Chart | None = None
    #: the paper's own coding compared with ours: any object with ``kappa``/``alpha``/
    #: ``percent_agreement``/``n`` attributes (or a mapping with those keys)
    agreement: Any = None
    #: evaluated claims: objects or mappings with ``doc_id``, ``claim`` and ``status``
    #: ("satisfied" | "not_testable" | "contradicted")
    claims: list[Any] | None = None


@dataclass
class ProjectionRow:
    year: int
    value: float
    lo80: float | None = None
    hi80: float | None = None
    lo95: float | None = None
    hi95: float | None = None


@dataclass
class StatsInputs:
    observations: list[Observation]
    indicators: list[IndicatorValue] = field(default_factory=list)
    discrepancies: list[Discrepancy] = field(default_factory=list)
    charts: list[Chart] = field(default_factory=list)
    projection: list[ProjectionRow] = field(default_factory=list)
    projection_indicator: str = "emigrants_permanent"
    indicator_names: dict[str, dict[str, str]] = field(default_factory=dict)  # catalogue id → lang → name
    projection_method: str = ""


@dataclass
class PracticeInputs:
    """The practice catalogue, its comparison with the country's documents, and the recommendations."""

    practices: list[Practice] = field(default_factory=list)
    comparison: MechanismComparison | None = None
    recommendations: list[Recommendation] = field(default_factory=list)
    paper_recommendations: dict[int, dict[str, str]] = field(default_factory=dict)  # number → lang → title


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


def attr(obj: Any, *names: str, default: Any = None) -> Any:
    """The first present attribute or key of ``obj`` among ``names``.

    The practice catalogue, claims and agreement results come from stages that may describe
    them as dataclasses or as mappings; the report reads both the same way.
    """
    for n in names:
        if isinstance(obj, dict):
            if n in obj and obj[n] is not None:
                return obj[n]
        elif getattr(obj, n, None) is not None:
            return getattr(obj, n)
    return default
