"""Results of the statistics engine: computed indicators and cross-source discrepancies.

Both carry their inputs, so every number in a table, chart or report can be traced back to the
observations (and so to the sources and quotes) it was computed from.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from talentflow.stats.model import Observation


@dataclass
class IndicatorValue:
    """One computed value of a catalogue indicator."""

    indicator: str  # catalogue id
    area: str
    year: int | None
    period: str
    value: float | None
    unit: str
    inputs: list[Observation] = field(default_factory=list)
    counterpart: str | None = None
    flags: list[str] = field(default_factory=list)
    note: str = ""
    breakdown: str = ""  # the part a distribution value describes, e.g. "age=Y_WORKING"

    @property
    def sources(self) -> list[str]:
        seen: dict[str, None] = {}
        for o in self.inputs:
            seen.setdefault(o.source_url or o.source_name, None)
        return list(seen)


@dataclass
class Discrepancy:
    """Two or more sources giving the same quantity with different values."""

    kind: str  # "cross_source" | "period_mislabel" | "paper_vs_source" | "mirror" | "breakdown_sum"
    indicator: str
    area: str
    period: str
    year: int | None
    observations: list[Observation]
    abs_diff: float
    rel_diff: float
    flagged: bool  # above the configured threshold
    note: str = ""
