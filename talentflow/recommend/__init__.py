"""Recommendations: the international practice catalogue, the mechanism comparison and rules.

Public entry points: :func:`load_practices`, :func:`compare_mechanisms`, :func:`recommend`,
:func:`load_rules`. The catalogue and the rules are data (``talentflow/data/practice.yaml``,
``talentflow/data/recommendation_rules.yaml``), documented in ``docs/recommendations.md``.
"""

from talentflow.recommend.conditions import ConditionError, parse_condition
from talentflow.recommend.engine import Finding, Recommendation, recommend
from talentflow.recommend.mechanisms import MechanismComparison, MechanismRow, compare_mechanisms
from talentflow.recommend.practices import (
    MECHANISMS,
    Outcome,
    Practice,
    export_outcomes_csv,
    load_practices,
    outcomes_table,
)
from talentflow.recommend.rules import RuleSet, load_rules
from talentflow.recommend.yaml_source import CatalogueError

__all__ = [
    "MECHANISMS",
    "CatalogueError",
    "ConditionError",
    "Finding",
    "MechanismComparison",
    "MechanismRow",
    "Outcome",
    "Practice",
    "Recommendation",
    "RuleSet",
    "compare_mechanisms",
    "export_outcomes_csv",
    "load_practices",
    "load_rules",
    "outcomes_table",
    "parse_condition",
    "recommend",
]
