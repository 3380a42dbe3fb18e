"""The rule file: what counts as each mechanism in coded documents, and gap → recommendation rules.

Why in data: which codebook categories and depth levels evidence a mechanism, and which findings
call for which recommendation, are analytic choices a reviewer must be able to read and change
without touching code (docs/recommendations.md documents the shipped choices).
"""

from __future__ import annotations

import string
from functools import lru_cache
from importlib import resources
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from talentflow.coding.codebook import load_codebook
from talentflow.recommend.conditions import Condition, ConditionError, parse_condition
from talentflow.recommend.practices import LANGUAGES, MECHANISMS, MechanismType
from talentflow.recommend.yaml_source import YamlSource

#: Placeholders a recommendation text may use; filled from the rule's main finding.
PLACEHOLDERS = (
    "category", "level", "level_label", "documents", "gap_documents", "country",
    "indicator", "value", "unit", "year", "programmes",
)
PAPER_RECOMMENDATIONS = (1, 2, 3, 4, 5)


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, arbitrary_types_allowed=True)


def _three_languages(v: dict[str, str]) -> dict[str, str]:
    missing = [lang for lang in LANGUAGES if not (v.get(lang) or "").strip()]
    if missing:
        raise ValueError(f"missing text in language(s): {', '.join(missing)}")
    return v


class Signal(_Strict):
    """One way a mechanism shows in the documents: a category at a minimum depth level.

    ``terms`` (optional, any language, matched case-insensitively as word beginnings in the
    cell's quotes) narrow a broad category to this mechanism; a cell at the level but without a term
    counts only towards "partial".
    """

    category: str
    min_level: int = Field(ge=1, le=4)
    partial_level: int = Field(default=2, ge=1, le=4)
    terms: list[str] = Field(default_factory=list)

    @model_validator(mode="after")
    def _levels(self) -> Signal:
        if self.partial_level > self.min_level:
            raise ValueError("partial_level must not exceed min_level")
        return self


class MechanismRule(_Strict):
    label: dict[str, str]
    description: dict[str, str] = Field(default_factory=dict)
    signals: list[Signal] = Field(min_length=1)

    @field_validator("label")
    @classmethod
    def _labels(cls, v: dict[str, str]) -> dict[str, str]:
        return _three_languages(v)


class Rule(_Strict):
    """One gap → recommendation rule."""

    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    when: str
    paper_recommendation: int | None = None
    focus: str | None = None  # the category whose finding fills the placeholders
    mechanisms: list[MechanismType] = Field(default_factory=list)
    practices: list[str] = Field(default_factory=list)
    title: dict[str, str]
    text: dict[str, str]
    basis: str = "paper"  # "paper": one of the paper's five; "data": an extra the data support

    @field_validator("title")
    @classmethod
    def _title(cls, v: dict[str, str]) -> dict[str, str]:
        return _three_languages(v)

    @field_validator("when")
    @classmethod
    def _parses(cls, v: str) -> str:
        parse_condition(v)  # ConditionError is a ValueError: reported with the field's line
        return v

    @field_validator("text")
    @classmethod
    def _placeholders(cls, v: dict[str, str]) -> dict[str, str]:
        _three_languages(v)
        for lang, text in v.items():
            try:
                names = [f for _, f, _, _ in string.Formatter().parse(text) if f is not None]
            except ValueError as e:
                raise ValueError(f"text.{lang}: {e}") from None
            unknown = [n for n in names if n not in PLACEHOLDERS]
            if unknown:
                raise ValueError(
                    f"text.{lang}: unknown placeholder(s) {unknown} (known: {', '.join(PLACEHOLDERS)})"
                )
        return v

    @field_validator("paper_recommendation")
    @classmethod
    def _paper(cls, v: int | None) -> int | None:
        if v is not None and v not in PAPER_RECOMMENDATIONS:
            raise ValueError(f"paper_recommendation must be one of {PAPER_RECOMMENDATIONS}")
        return v

    @property
    def condition(self) -> Condition:
        return parse_condition(self.when)

    def focus_category(self) -> str | None:
        cats = self.condition.names("category")
        return self.focus or (cats[0] if cats else None)


class RuleSet(_Strict):
    version: str
    category_labels: dict[str, dict[str, str]] = Field(default_factory=dict)
    paper_recommendations: dict[int, dict[str, str]] = Field(default_factory=dict)
    mechanisms: dict[str, MechanismRule]
    rules: list[Rule]

    @model_validator(mode="after")
    def _consistent(self) -> RuleSet:
        missing = [m for m in MECHANISMS if m not in self.mechanisms]
        unknown = [m for m in self.mechanisms if m not in MECHANISMS]
        if missing or unknown:
            raise ValueError(f"mechanisms must be exactly {list(MECHANISMS)}; missing {missing}, unknown {unknown}")
        return self

    def category_label(self, category: str, lang: str) -> str:
        """The rule file's label for a category, else its name in the shipped codebook."""
        labels = self.category_labels.get(category) or codebook_names().get(category, {})
        return labels.get(lang) or labels.get("en") or category


@lru_cache(maxsize=1)
def codebook_names() -> dict[str, dict[str, str]]:
    """Category names by id and language, read from the shipped codebook."""
    return {c.id: dict(c.name) for c in load_codebook().categories}


def default_rules_path() -> Path:
    return Path(str(resources.files("talentflow") / "data" / "recommendation_rules.yaml"))


def load_rules(path: str | Path | None = None) -> RuleSet:
    """Read and validate a rule file (the shipped one by default).

    Errors (bad YAML, a missing field, a condition that does not parse, an unknown placeholder,
    a rule referring to an undeclared mechanism, duplicate ids) raise ``CatalogueError`` naming
    the file, the line and the field.
    """
    src = YamlSource.read(path or default_rules_path())
    ruleset = src.validate(RuleSet, "'version', 'mechanisms' and 'rules'")
    src.check_unique(ruleset.rules, "rules", "rule")
    for i, rule in enumerate(ruleset.rules):
        for m in rule.condition.names("mechanism"):
            if m not in MECHANISMS:
                raise src.error(["rules", i, "when"], f"unknown mechanism {m!r} in condition")
    return ruleset


__all__ = [
    "ConditionError",
    "MechanismRule",
    "PLACEHOLDERS",
    "Rule",
    "RuleSet",
    "Signal",
    "default_rules_path",
    "load_rules",
]
