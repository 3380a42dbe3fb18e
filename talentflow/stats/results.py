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
    #: for a rank: the areas ranked (its universe, best first), and the world rank where a
    #: source states one, with the figures that state it
    universe: list[str] = field(default_factory=list)
    world_rank: float | None = None
    world_rank_inputs: list[Observation] = field(default_factory=list)

    @property
    def tier(self) -> str:
        """The highest authority tier among the inputs (``stats/sources.py``)."""
        from talentflow.stats.sources import best_tier

        return best_tier(self.inputs)

    @property
    def lowest_tier_only(self) -> bool:
        """True when only forums, blogs or reposts give this value: it is shown flagged and
        never used as a key finding."""
        from talentflow.stats.sources import lowest_tier_only

        return lowest_tier_only(self.inputs)

    @property
    def sources(self) -> list[str]:
        seen: dict[str, None] = {}
        for o in self.inputs:
            seen.setdefault(o.source_url or o.source_name, None)
        return list(seen)


@dataclass
class Discrepancy:
    """Two or more sources giving the same quantity with different values."""

    kind: str  # "cross_source" | "paper_vs_source" | "mirror"
    indicator: str
    area: str
    period: str
    year: int | None
    observations: list[Observation]
    abs_diff: float
    rel_diff: float
    flagged: bool  # above the configured threshold
    note: str = ""


@dataclass
class NotComparable:
    """Figures that look like one quantity but are not: set aside, with the reason, instead of
    being counted as a disagreement between sources.

    ``kind`` is one of :data:`talentflow.stats.checks.NOT_COMPARABLE_KINDS`."""

    kind: str
    indicator: str
    area: str
    period: str
    year: int | None
    observations: list[Observation]
    reason: str


@dataclass
class SourceComparison:
    """What the cross-source checks found: like-for-like ``conflicts`` (same quantity, area,
    counterpart, breakdown, unit and period) and the ``not_comparable`` figures with why."""

    conflicts: list[Discrepancy] = field(default_factory=list)
    not_comparable: list[NotComparable] = field(default_factory=list)

    @property
    def flagged(self) -> list[Discrepancy]:
        """The conflicts above the threshold that rounding does not explain."""
        return [d for d in self.conflicts if d.flagged]
