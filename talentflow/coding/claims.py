"""Claims about a coded document, in a small text syntax, and their evaluation.

The paper's readings are stated as claims (``corpus/paper-table1.csv``) and the report checks
them against the engine's coding, so the syntax is shipped, not test-only:

    claims  := clause (";" clause)*           all clauses must hold
    clause  := atom (" or " atom)*            at least one alternative must hold
    atom    := CATEGORY OP LEVEL              OP is one of >= <= == > < !=
             | "gap:" CATEGORY                the category has an acknowledged gap
             | "nogap:" CATEGORY              it has none

Example: ``brain_drain>=1; retention<=1; gap:retention; return>=3 or repatriation>=3``.
"""

from __future__ import annotations

import operator
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from talentflow.coding.model import CodedDocument

_OPS: dict[str, Callable[[int, int], bool]] = {
    ">=": operator.ge,
    "<=": operator.le,
    "==": operator.eq,
    "!=": operator.ne,
    ">": operator.gt,
    "<": operator.lt,
}
_LEVEL_ATOM = re.compile(r"^([A-Za-z_][\w-]*)\s*(>=|<=|==|!=|>|<)\s*([0-4])$")
_GAP_ATOM = re.compile(r"^(gap|nogap):\s*([A-Za-z_][\w-]*)$")


class ClaimError(ValueError):
    """A claim that cannot be parsed or names an unknown category."""


@dataclass(frozen=True)
class Atom:
    """One testable statement about one category."""

    category: str
    op: str  # one of _OPS, or "gap" / "nogap"
    value: int = 0

    def holds(self, levels: dict[str, int], gaps: Iterable[str]) -> bool:
        if self.op == "gap":
            return self.category in set(gaps)
        if self.op == "nogap":
            return self.category not in set(gaps)
        return _OPS[self.op](levels.get(self.category, 0), self.value)

    def __str__(self) -> str:
        return f"{self.op}:{self.category}" if self.op in ("gap", "nogap") else f"{self.category}{self.op}{self.value}"


@dataclass(frozen=True)
class Claim:
    """A clause: alternatives of which one must hold."""

    text: str
    alternatives: tuple[Atom, ...]

    def holds(self, levels: dict[str, int], gaps: Iterable[str]) -> bool:
        gaps = list(gaps)
        return any(a.holds(levels, gaps) for a in self.alternatives)

    @property
    def categories(self) -> list[str]:
        return [a.category for a in self.alternatives]


@dataclass(frozen=True)
class ClaimResult:
    """A claim checked against a coded document: whether it holds and what was observed."""

    claim: Claim
    holds: bool
    observed: str  # e.g. "retention=1, gap" — the levels the verdict rests on


def parse_atom(text: str) -> Atom:
    t = text.strip()
    m = _LEVEL_ATOM.match(t)
    if m:
        return Atom(m.group(1), m.group(2), int(m.group(3)))
    m = _GAP_ATOM.match(t)
    if m:
        return Atom(m.group(2), m.group(1))
    raise ClaimError(f"cannot read claim {t!r}: expected e.g. 'retention>=2', 'gap:retention'")


def parse_claims(text: str, categories: Iterable[str] | None = None) -> list[Claim]:
    """Parse a claims string; with ``categories``, unknown category ids are an error."""
    known = set(categories) if categories is not None else None
    claims = []
    for clause in text.split(";"):
        clause = clause.strip()
        if not clause:
            continue
        atoms = tuple(parse_atom(part) for part in re.split(r"\s+or\s+", clause))
        if known is not None:
            for a in atoms:
                if a.category not in known:
                    raise ClaimError(f"claim {clause!r}: unknown category {a.category!r}")
        claims.append(Claim(clause, atoms))
    return claims


def evaluate_claims(claims: str | Iterable[Claim], coded: CodedDocument) -> list[ClaimResult]:
    """Check claims against a coded document's levels and gaps."""
    parsed = parse_claims(claims, coded.levels) if isinstance(claims, str) else list(claims)
    out = []
    for c in parsed:
        seen = ", ".join(
            f"{cat}={coded.levels.get(cat, 0)}" + (", gap" if cat in coded.gaps else "") for cat in dict.fromkeys(c.categories)
        )
        out.append(ClaimResult(c, c.holds(coded.levels, coded.gaps), seen))
    return out
