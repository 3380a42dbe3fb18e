"""Validation rules of registry imports (DHIS2-style), loaded from
``talentflow/data/monitor/rules.yaml`` and evaluated over whole columns at once.

A rule is ``left op right`` with an importance (error stops the import, warning is stored) and a
message in ru/kk/en; a side is a date column, ``import_date`` or ``<date> + <months column>
months``. Dates arrive as month keys (:mod:`talentflow.monitor.dates`), so a rule over a million
rows is a handful of numpy comparisons.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np
import yaml

RULES_FILE = Path(__file__).resolve().parents[1] / "data" / "monitor" / "rules.yaml"
LANGS = ("en", "ru", "kk")
_SHIFT = re.compile(r"^(\w+)\s*\+\s*(\w+)\s+months?$")

#: Missing values in month-key arrays.
MISSING = -1


@dataclass(frozen=True)
class Rule:
    id: str
    left: str
    op: str
    right: str
    importance: str  # error | warning
    column: str
    message: dict[str, str]
    missing: str = "skip"  # skip | fail_right (right blank) | fail_left (left blank)
    when: tuple[tuple[str, str], ...] = ()

    def text(self, lang: str = "en") -> str:
        return self.message.get(lang) or self.message["en"]


@dataclass(frozen=True)
class Violation:
    """One rule broken on one row (``index`` into the table's records)."""

    index: int
    column: str
    rule: str
    importance: str


@cache
def load_rules(path: str | None = None) -> tuple[tuple[Rule, ...], dict[str, dict[str, str]]]:
    data = yaml.safe_load(Path(path or RULES_FILE).read_text(encoding="utf-8"))
    rules = []
    for r in data["rules"]:
        if r["op"] not in ("<=", "<", ">=", ">", "==", "!="):
            raise ValueError(f"rule {r['id']}: unknown operator {r['op']!r}")
        if r["importance"] not in ("error", "warning"):
            raise ValueError(f"rule {r['id']}: importance is error or warning")
        for lang in LANGS:
            if lang not in r["message"]:
                raise ValueError(f"rule {r['id']}: message needs {lang}")
        rules.append(Rule(id=r["id"], left=r["left"], op=r["op"], right=r["right"], importance=r["importance"],
                          column=r["column"], message=r["message"], missing=r.get("missing", "skip"),
                          when=tuple((k, str(v)) for k, v in (r.get("when") or {}).items())))
    return tuple(rules), data["messages"]


def message(msg_id: str, lang: str = "en", **fields: Any) -> str:
    """A non-comparison check's message in ``lang`` with its fields filled in."""
    texts = load_rules()[1][msg_id]
    return (texts.get(lang) or texts["en"]).format(**fields)


def rule_text(rule_id: str, lang: str = "en") -> str:
    for r in load_rules()[0]:
        if r.id == rule_id:
            return r.text(lang)
    return message(rule_id, lang) if rule_id in load_rules()[1] else rule_id


def _side(expr: str, dates: dict[str, np.ndarray], numbers: dict[str, np.ndarray],
          import_key: int, import_as_of_key: int) -> tuple[np.ndarray, np.ndarray, bool]:
    """(values, present mask, shifted) of one side."""
    expr = expr.strip()
    if expr == "import_date":
        n = len(next(iter(dates.values())))
        return np.full(n, import_key, dtype=np.int64), np.ones(n, dtype=bool), False
    m = _SHIFT.match(expr)
    if m:
        base, months = dates[m.group(1)], numbers[m.group(2)]
        present = (base != MISSING) & (months != MISSING)
        return base + 32 * np.where(months == MISSING, 0, months), present, True
    col = dates[expr]
    return col, col != MISSING, False


_OPS = {"<=": np.less_equal, "<": np.less, ">=": np.greater_equal, ">": np.greater, "==": np.equal,
        "!=": np.not_equal}


def evaluate(dates: dict[str, np.ndarray], numbers: dict[str, np.ndarray], categories: dict[str, list[str]],
             import_key: int, import_as_of_key: int) -> list[Violation]:
    """Every rule broken by every row. ``dates`` are month-key arrays (``MISSING`` = blank),
    ``numbers`` integer arrays (``MISSING`` = blank), ``categories`` the coded text columns."""
    out: list[Violation] = []
    for rule in load_rules()[0]:
        left, lp, lshift = _side(rule.left, dates, numbers, import_key, import_as_of_key)
        right, rp, _ = _side(rule.right, dates, numbers, import_key, import_as_of_key)
        if rule.right.strip() == "import_date" and lshift:
            right = np.full(len(right), import_as_of_key, dtype=np.int64)  # clamped month ends
        holds = _OPS[rule.op](left, right)
        if rule.missing == "fail_right":  # left given, right blank: broken
            broken = (lp & rp & ~holds) | (lp & ~rp)
        elif rule.missing == "fail_left":  # left blank: broken
            broken = ~lp | (lp & rp & ~holds)
        else:
            broken = lp & rp & ~holds
        for col, want in rule.when:
            broken &= np.asarray(categories[col], dtype=object) == want
        out.extend(Violation(int(i), rule.column, rule.id, rule.importance) for i in np.flatnonzero(broken))
    return out
