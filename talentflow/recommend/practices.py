"""The international practice catalogue: programmes, their mechanisms and documented outcomes.

Why data and not code: which programmes are relevant, and what they achieved, is a research
judgement that analysts revise; a country other than Kazakhstan brings its own programmes. Every
outcome is a published figure copied with its source URL and the verbatim quote it was read
from, so the report can show a reader where each number comes from.
"""

from __future__ import annotations

import csv
import io
from importlib import resources
from pathlib import Path
from typing import Literal, get_args

import pycountry
from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from talentflow.io.atomic import write_text
from talentflow.io.cells import neutralise_mapping
from talentflow.recommend.yaml_source import CatalogueError, YamlSource

MechanismType = Literal[
    "financial_incentives",
    "research_grants_infrastructure",
    "career_research_autonomy",
    "dual_appointments_reverse_exchange",
    "diaspora_networks_digital_platforms",
    "tax_visa_facilitation",
    "return_obligations",
    "monitoring",
]
#: The fixed list of mechanism types a programme may use; the comparison has one row per type.
MECHANISMS: tuple[str, ...] = get_args(MechanismType)
LANGUAGES = ("ru", "kk", "en")


def _require_languages(value: dict[str, str], required: tuple[str, ...]) -> dict[str, str]:
    missing = [lang for lang in required if not (value.get(lang) or "").strip()]
    if missing:
        raise ValueError(f"missing text in language(s): {', '.join(missing)}")
    return value


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Source(_Strict):
    """A citation for a description: who says it, where to read it."""

    citation: str
    url: str


class MechanismUse(_Strict):
    """How one programme uses one mechanism type."""

    type: MechanismType
    description: dict[str, str]

    @field_validator("description")
    @classmethod
    def _english(cls, v: dict[str, str]) -> dict[str, str]:
        return _require_languages(v, ("en",))


class Phase(_Strict):
    name: str
    start: int
    end: int | None = None


class Outcome(_Strict):
    """A documented result: one published figure with its source and verbatim quote."""

    indicator: str
    #: the indicator's name as a reader sees it, per language (short noun phrase); the id is for
    #: matching with the reference data, the label for the report
    label: dict[str, str] = Field(default_factory=dict)
    value: float
    unit: str
    year: int | None = None
    period: str = ""
    breakdown: str = ""
    source_url: str = Field(min_length=8)
    source_name: str
    quote: str = Field(min_length=1)
    dataset: str  # the reference data file the row was copied from
    stated_as: str = ""  # the words that state the value where the quote has no digits ("five")
    note: str = ""

    @model_validator(mode="after")
    def _stated_words(self) -> Outcome:
        if self.stated_as and self.stated_as.lower() not in self.quote.lower():
            raise ValueError(f"stated_as {self.stated_as!r} does not occur in the quote")
        return self

    @field_validator("label")
    @classmethod
    def _label(cls, v: dict[str, str]) -> dict[str, str]:
        return _require_languages(v, ("en",)) if v else v

    @field_validator("source_url")
    @classmethod
    def _url(cls, v: str) -> str:
        if not v.startswith(("http://", "https://")):
            raise ValueError("source_url must be an http(s) URL")
        return v

    def label_in(self, lang: str = "en") -> str:
        """The label in ``lang``, else the English label, else the indicator id made readable."""
        return self.label.get(lang) or self.label.get("en") or self.indicator.replace("_", " ")


class Practice(_Strict):
    """One programme of one country, with the mechanisms it uses and what it achieved."""

    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    name: dict[str, str]
    country: str
    start: int | None = None
    end: int | None = None
    years_note: str = ""
    phases: list[Phase] = Field(default_factory=list)
    mechanisms: list[MechanismUse] = Field(min_length=1)
    description: dict[str, str]
    description_sources: list[Source] = Field(min_length=1)
    outcomes: list[Outcome] = Field(default_factory=list)

    @field_validator("name")
    @classmethod
    def _names(cls, v: dict[str, str]) -> dict[str, str]:
        return _require_languages(v, LANGUAGES)

    @field_validator("description")
    @classmethod
    def _description(cls, v: dict[str, str]) -> dict[str, str]:
        return _require_languages(v, ("ru", "en"))

    @field_validator("country")
    @classmethod
    def _iso3(cls, v: str) -> str:
        if pycountry.countries.get(alpha_3=v) is None:
            raise ValueError(f"{v!r} is not an ISO 3166-1 alpha-3 country code")
        return v

    @model_validator(mode="after")
    def _years(self) -> Practice:
        if self.start is not None and self.end is not None and self.end < self.start:
            raise ValueError(f"end year {self.end} is before start year {self.start}")
        types = [m.type for m in self.mechanisms]
        if len(types) != len(set(types)):
            raise ValueError("a mechanism type is listed twice")
        return self

    @property
    def mechanism_types(self) -> list[str]:
        return [m.type for m in self.mechanisms]

    def label(self, lang: str = "en") -> str:
        return self.name.get(lang) or self.name["en"]

    def years(self) -> str:
        """'1993–' / '2008–2018' / '' — as the catalogue states them."""
        if self.start is None:
            return ""
        return f"{self.start}–{self.end if self.end is not None else ''}"


class _Catalogue(_Strict):
    version: str
    practices: list[Practice]


def default_practices_path() -> Path:
    return Path(str(resources.files("talentflow") / "data" / "practice.yaml"))


def load_practices(path: str | Path | None = None) -> list[Practice]:
    """Read and validate a practice catalogue (the shipped one by default).

    A malformed file raises :class:`CatalogueError` naming the file, line and field.
    """
    src = YamlSource.read(path or default_practices_path())
    catalogue = src.validate(_Catalogue, "'version' and 'practices'")
    src.check_unique(catalogue.practices, "practices", "practice")
    return catalogue.practices


OUTCOME_COLUMNS = [
    "practice", "country", "indicator", "year", "period", "breakdown", "value", "unit",
    "source_url", "source_name", "quote", "dataset", "stated_as",
]


def outcomes_table(practices: list[Practice]) -> list[dict[str, str]]:
    """All outcomes as flat rows (the reference data's column names, so its checkers apply)."""
    rows = []
    for p in practices:
        for o in p.outcomes:
            value = int(o.value) if o.value.is_integer() else o.value
            rows.append(
                {
                    "practice": p.id, "country": p.country, "indicator": o.indicator,
                    "year": "" if o.year is None else str(o.year), "period": o.period,
                    "breakdown": o.breakdown, "value": str(value), "unit": o.unit,
                    "source_url": o.source_url, "source_name": o.source_name, "quote": o.quote,
                    "dataset": o.dataset, "stated_as": o.stated_as,
                }
            )
    return rows


def export_outcomes_csv(practices: list[Practice], target: str | Path) -> Path:
    """Write the outcomes as CSV atomically (for review, or for the quote checker)."""
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=OUTCOME_COLUMNS, lineterminator="\n")
    w.writeheader()
    w.writerows(neutralise_mapping(r) for r in outcomes_table(practices))
    return write_text(target, buf.getvalue())


def practice_by_id(practices: list[Practice]) -> dict[str, Practice]:
    return {p.id: p for p in practices}


__all__ = [
    "MECHANISMS",
    "CatalogueError",
    "MechanismUse",
    "Outcome",
    "Phase",
    "Practice",
    "Source",
    "export_outcomes_csv",
    "load_practices",
    "outcomes_table",
    "practice_by_id",
]
