"""The indicator catalogue: which indicators exist and how each is computed from observations.

The catalogue is data (``talentflow/data/indicators.yaml``), in the spirit of Open SDG and DHIS2
indicator metadata, so that adding a country or an indicator needs no code. This module only
loads and validates it; :mod:`talentflow.stats.indicators` interprets it.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, Field, ValidationError

from talentflow.stats.model import Observation

KINDS = (
    "value", "difference", "share", "ratio", "per_capita", "rank", "top1_share", "hhi",
    "distribution", "sum_over_period", "dm_rate",
)

#: Counterparts that mean "no partner country": the world total or nothing stated.
WORLD = (None, "", "WLD")

ANY = "*"  # any value, the total included
PARTS = "+"  # any named part, the total excluded


#: ``key=value`` items of ``Observation.breakdown`` that annotate a figure rather than name a
#: sub-population; a row carrying only these still counts as the total.
ANNOTATION_KEYS = frozenset({"source", "as_of", "approx"})


def breakdown_dims(breakdown: str) -> tuple[str, ...]:
    """The sub-population items of a breakdown (``partner_group=CIS``, ``incl_study_work``);
    annotations (``source=UIS``, free text such as "as labelled by source") left out."""
    items = []
    for piece in breakdown.split(";"):
        item = piece.strip()
        key, sep, _ = item.partition("=")
        named = bool(sep and key and " " not in key and key not in ANNOTATION_KEYS)
        token = bool(not sep and item and " " not in item and item[0].isalpha())
        if named or token:
            items.append(item)
    return tuple(sorted(items))


class CatalogueError(ValueError):
    """The catalogue file is malformed; the message names the file and the indicator."""


class Select(BaseModel):
    """A filter over observations. Omitted dimensions select the total; ``"*"`` any value, ``"+"``
    any named part (not the total)."""

    indicator: list[str]
    counterpart: str | None = None
    education: str = "_T"
    age: str = "_T"
    sex: str = "_T"

    def matches(self, o: Observation, ids: set[str]) -> bool:
        if o.indicator not in ids or o.specialty or breakdown_dims(o.breakdown):
            return False
        if self.counterpart == PARTS:
            if o.counterpart in WORLD:
                return False
        elif self.counterpart == ANY:
            pass
        elif self.counterpart is None:
            if o.counterpart not in WORLD:
                return False
        elif o.counterpart != self.counterpart:
            return False
        for dim in ("education", "age", "sex"):
            want = getattr(self, dim)
            have = getattr(o, dim)
            if want == ANY:
                continue
            if want == PARTS:
                if have == "_T":
                    return False
                continue
            if have != want:
                return False
        return True


class Indicator(BaseModel):
    id: str
    name: dict[str, str]
    kind: Literal[
        "value", "difference", "share", "ratio", "per_capita", "rank", "top1_share", "hhi",
        "distribution", "sum_over_period", "dm_rate",
    ]
    unit: str
    better: Literal["lower", "higher", "none"]
    sdg: list[str] = Field(default_factory=list)
    definition: str
    source: str
    select: Select | None = None
    minuend: Select | None = None
    subtrahend: Select | None = None
    numerator: Select | None = None
    denominator: Select | None = None
    denominator_sum_over: str | None = None
    population: Select | None = None
    total: Select | None = None
    factor: float = 1.0
    year_tolerance: int = 0
    dimension: str | None = None
    spans: list[str] = Field(default_factory=list)

    def label(self, lang: str = "en") -> str:
        return self.name.get(lang) or self.name["en"]


class Equivalence(BaseModel):
    ids: list[str]
    note: str = ""
    #: the sources word the breakdown differently ("programme=BK21" vs "BK21 participating
    #: professors"); compare these ids without it
    ignore_breakdown: bool = False


class Mirror(BaseModel):
    outflow: str
    inflow: str


class Catalogue(BaseModel):
    version: int = 1
    equivalences: list[Equivalence] = Field(default_factory=list)
    mirrors: list[Mirror] = Field(default_factory=list)
    complete_partitions: dict[str, list[str]] = Field(default_factory=dict)
    secondary_sources: list[str] = Field(default_factory=list)
    indicators: list[Indicator]

    def get(self, indicator_id: str) -> Indicator:
        for ind in self.indicators:
            if ind.id == indicator_id:
                return ind
        raise KeyError(f"no indicator {indicator_id!r} in the catalogue")

    def expand(self, ids: list[str]) -> set[str]:
        """The ids plus every id declared equivalent to one of them."""
        out = set(ids)
        for eq in self.equivalences:
            if out & set(eq.ids):
                out |= set(eq.ids)
        return out

    def ignores_breakdown(self, indicator_id: str) -> bool:
        return any(indicator_id in eq.ids and eq.ignore_breakdown for eq in self.equivalences)

    def canonical(self, indicator_id: str) -> str:
        """One representative id per equivalence class, for grouping comparable observations."""
        for eq in self.equivalences:
            if indicator_id in eq.ids:
                return eq.ids[0]
        return indicator_id


def load_catalogue(path: str | Path | None = None) -> Catalogue:
    """Load and validate a catalogue (the shipped one when ``path`` is None)."""
    if path is None:
        text = resources.files("talentflow").joinpath("data/indicators.yaml").read_text("utf-8")
        name = "talentflow/data/indicators.yaml"
    else:
        text = Path(path).read_text("utf-8")
        name = str(path)
    try:
        raw = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise CatalogueError(f"{name}: not valid YAML: {exc}") from exc
    if not isinstance(raw, dict) or "indicators" not in raw:
        raise CatalogueError(f"{name}: expected a mapping with an 'indicators' list")
    for i, ind in enumerate(raw.get("indicators") or []):
        try:
            Indicator.model_validate(ind)
        except ValidationError as exc:
            ident = ind.get("id", f"#{i + 1}") if isinstance(ind, dict) else f"#{i + 1}"
            raise CatalogueError(f"{name}: indicator {ident}: {exc}") from exc
    cat = Catalogue.model_validate(raw)
    seen: set[str] = set()
    for ind in cat.indicators:
        if ind.id in seen:
            raise CatalogueError(f"{name}: indicator {ind.id} is defined twice")
        seen.add(ind.id)
    return cat
