"""The cohort indicator catalogue: which indicators exist and the conditions that define them.

The catalogue is data (``talentflow/data/monitor/indicators.yaml``) like the statistics
catalogue, so that an operator adds an indicator — a return rate at 24 months, retention at 10
years — without code. This module loads and checks it; the SQL engine
(:mod:`talentflow.monitor.engine`) and the reference loop (:mod:`talentflow.monitor.reference`)
both interpret the same parsed conditions.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, Field, ValidationError, field_validator

CATALOGUE_FILE = Path(__file__).resolve().parents[1] / "data" / "monitor" / "indicators.yaml"

DATE_FIELDS = ("start_date", "graduation_date", "return_date", "employment_start", "exit_date")
CATEGORY_FIELDS = ("status", "obligation_status", "level")
OPS = ("<=", "<", ">=", ">", "==", "!=", "in")
KINDS = ("rate", "count", "per_person_year")

_SHIFT = re.compile(r"^(\w+)\s*\+\s*(\d+)\s*(months?|years?)$")


class CatalogueError(ValueError):
    """The cohort catalogue is malformed; the message names the file and indicator."""


@dataclass(frozen=True)
class Side:
    """One side of a condition: a date field (possibly shifted by ``months``), the as-of date, a
    category field, or a literal value."""

    kind: Literal["date", "as_of", "category", "literal"]
    name: str = ""
    months: int = 0
    value: Any = None

    def __str__(self) -> str:
        if self.kind == "date" and self.months:
            return f"{self.name} + {self.months} months"
        if self.kind == "literal":
            return repr(self.value)
        return self.name or self.kind


def parse_side(value: Any) -> Side:
    if isinstance(value, list):
        return Side("literal", value=tuple(str(v) for v in value))
    text = str(value).strip()
    if text == "as_of":
        return Side("as_of", "as_of")
    if text in DATE_FIELDS:
        return Side("date", text)
    if text in CATEGORY_FIELDS:
        return Side("category", text)
    m = _SHIFT.match(text)
    if m:
        field, n, unit = m.group(1), int(m.group(2)), m.group(3)
        if field not in DATE_FIELDS:
            raise CatalogueError(f"{field!r} is not a date field ({', '.join(DATE_FIELDS)})")
        return Side("date", field, n * 12 if unit.startswith("year") else n)
    return Side("literal", value=text)


class Condition(BaseModel):
    left: Any
    op: str
    right: Any
    if_missing: bool = False

    @field_validator("op")
    @classmethod
    def _op(cls, v: str) -> str:
        if v not in OPS:
            raise ValueError(f"unknown operator {v!r}; use one of {', '.join(OPS)}")
        return v

    def sides(self) -> tuple[Side, Side]:
        return parse_side(self.left), parse_side(self.right)

    def describe(self) -> str:
        left, right = self.sides()
        text = f"{left} {self.op} {right}"
        return text + (" (or blank)" if self.if_missing else "")


class Span(BaseModel):
    from_: str = Field(alias="from")
    to: list[str]


class CohortIndicator(BaseModel):
    id: str
    kind: Literal["rate", "count", "per_person_year"]
    name: dict[str, str]
    definition: dict[str, str]
    unit: str
    better: Literal["higher", "lower", "none"] = "none"
    sdg: list[str] = []
    denominator: list[Condition] = []
    numerator: list[Condition] = []
    conditions: list[Condition] = []
    population: list[Condition] = []
    span: Span | None = None
    events: str | None = None
    linked: list[str] = []  # withheld together in published tables (a complement of this one)

    def label(self, lang: str = "en") -> str:
        return self.name.get(lang) or self.name["en"]

    def rule(self) -> str:
        """The rule in one line (what the JSON output and the report state next to a value)."""
        def joined(cs: list[Condition]) -> str:
            return " and ".join(c.describe() for c in cs) or "all participants"
        if self.kind == "rate":
            return f"denominator: {joined(self.denominator)}; numerator: also {joined(self.numerator)}"
        if self.kind == "count":
            return f"count: {joined(self.conditions)}"
        assert self.span is not None
        return (f"{self.events} dated from {self.span.from_} to min({', '.join(self.span.to)}) "
                f"/ Σ years of those spans; population: {joined(self.population)}")


class CohortCatalogue(BaseModel):
    version: int
    indicators: list[CohortIndicator]

    def get(self, indicator_id: str) -> CohortIndicator:
        for ind in self.indicators:
            if ind.id == indicator_id:
                return ind
        raise KeyError(indicator_id)

    @property
    def ids(self) -> list[str]:
        return [i.id for i in self.indicators]


def _check(ind: CohortIndicator) -> None:
    groups = {"rate": ("denominator", "numerator"), "count": ("conditions",), "per_person_year": ("population",)}
    for g in groups[ind.kind]:
        if not getattr(ind, g) and g != "denominator":
            raise CatalogueError(f"{ind.id}: a {ind.kind} indicator needs {g}")
    for c in [*ind.denominator, *ind.numerator, *ind.conditions, *ind.population]:
        left, right = c.sides()
        if left.kind in ("literal", "as_of"):
            raise CatalogueError(f"{ind.id}: the left side of {c.describe()!r} must be a field")
        shifted = left.months or right.months
        if shifted and c.op not in ("<=", ">"):
            raise CatalogueError(f"{ind.id}: {c.describe()!r}: a shifted date is exact only with <= or >")
        if left.months and right.kind != "as_of":
            raise CatalogueError(f"{ind.id}: {c.describe()!r}: shift the right side, not the left")
        if left.kind == "date" and right.kind not in ("date", "as_of"):
            raise CatalogueError(f"{ind.id}: {c.describe()!r}: a date compares with a date or as_of")
        if left.kind == "category" and (right.kind != "literal" or c.op not in ("==", "!=", "in")):
            raise CatalogueError(f"{ind.id}: {c.describe()!r}: a category compares with ==, != or in a value")
        if c.op == "in" and not isinstance(right.value, tuple):
            raise CatalogueError(f"{ind.id}: {c.describe()!r}: 'in' needs a list")
    if ind.kind == "per_person_year":
        if ind.span is None or ind.events != "publications":
            raise CatalogueError(f"{ind.id}: per_person_year needs span and events: publications")
        for f in [ind.span.from_, *ind.span.to]:
            if f != "as_of" and f not in DATE_FIELDS:
                raise CatalogueError(f"{ind.id}: span field {f!r} is not a date field")
    for lang in ("en", "ru", "kk"):
        if lang not in ind.name or lang not in ind.definition:
            raise CatalogueError(f"{ind.id}: name and definition need en, ru and kk")


def load_cohort_catalogue(path: str | Path | None = None) -> CohortCatalogue:
    """Load and check the catalogue (the shipped one when ``path`` is ``None``)."""
    file = Path(path or CATALOGUE_FILE)
    try:
        data = yaml.safe_load(file.read_text(encoding="utf-8"))
        cat = CohortCatalogue.model_validate(data)
    except (OSError, yaml.YAMLError, ValidationError) as exc:
        raise CatalogueError(f"{file}: {exc}") from None
    seen: set[str] = set()
    for ind in cat.indicators:
        if ind.id in seen:
            raise CatalogueError(f"{file}: indicator {ind.id!r} twice")
        seen.add(ind.id)
    for ind in cat.indicators:
        for other in ind.linked:
            if other not in seen:
                raise CatalogueError(f"{file}: {ind.id}: linked indicator {other!r} is not in the catalogue")
        try:
            _check(ind)
        except CatalogueError as exc:
            raise CatalogueError(f"{file}: {exc}") from None
    return cat
