"""A tiny, safe expression language for rule conditions (no ``eval``).

Why its own language: rule files are edited by analysts and may come from anyone, so a condition
must not be able to run code. The grammar is small enough to parse by hand, and every name is
checked against a whitelist of functions with known types before a rule is ever evaluated::

    expr       := or
    or         := and ("or" and)*
    and        := not ("and" not)*
    not        := "not" not | comparison
    comparison := operand (("<" | "<=" | ">" | ">=" | "==" | "!=") operand)?
    operand    := NUMBER | "-" NUMBER | NAME "(" NAME ("," NAME)* ")" | "(" expr ")"

Functions (arguments are bare identifiers: category, mechanism or indicator ids):
``max_level(category)`` → 0–4, the deepest level over all documents; ``gap(category)`` → an
acknowledged absence in some document; ``present(mechanism)`` / ``partial(mechanism)`` → the
mechanism comparison's status; ``indicator(id)`` → the latest value of a computed indicator,
missing when not computed; ``has_indicator(id)`` → whether it was computed. A comparison with a
missing value is false, so a rule over data the user did not supply never fires.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Protocol

#: function name → (result type, argument kind). Types: "int", "bool", "number".
FUNCTIONS: dict[str, tuple[str, str]] = {
    "max_level": ("int", "category"),
    "gap": ("bool", "category"),
    "present": ("bool", "mechanism"),
    "partial": ("bool", "mechanism"),
    "indicator": ("number", "indicator"),
    "has_indicator": ("bool", "indicator"),
}
COMPARATORS = ("<=", ">=", "==", "!=", "<", ">")
KEYWORDS = ("and", "or", "not")

_TOKEN = re.compile(
    r"\s*(?:(?P<num>\d+(?:\.\d+)?)|(?P<name>[A-Za-z_][A-Za-z0-9_]*)|(?P<op><=|>=|==|!=|<|>)"
    r"|(?P<punct>[(),-]))"
)


class ConditionError(ValueError):
    """A condition that does not parse or type-check; names the column of the problem."""

    def __init__(self, expression: str, column: int, message: str):
        self.expression = expression
        self.column = column  # 1-based
        super().__init__(f"{message} at column {column} in {expression!r}")


@dataclass(frozen=True)
class Num:
    value: float


@dataclass(frozen=True)
class Call:
    func: str
    arg: str


@dataclass(frozen=True)
class Compare:
    left: Node
    op: str
    right: Node


@dataclass(frozen=True)
class And:
    items: tuple[Node, ...]


@dataclass(frozen=True)
class Or:
    items: tuple[Node, ...]


@dataclass(frozen=True)
class Not:
    item: Node


Node = Num | Call | Compare | And | Or | Not


@dataclass(frozen=True)
class _Tok:
    kind: str  # num | name | op | punct | end
    text: str
    col: int


def _tokenize(expr: str) -> list[_Tok]:
    toks, pos = [], 0
    while pos < len(expr):
        if expr[pos:].strip() == "":
            break
        m = _TOKEN.match(expr, pos)
        if not m or m.end() == pos:
            col = pos + len(expr[pos:]) - len(expr[pos:].lstrip()) + 1
            raise ConditionError(expr, col, f"unexpected character {expr[col - 1]!r}")
        kind = m.lastgroup or ""
        toks.append(_Tok(kind, m.group(kind), m.start(kind) + 1))
        pos = m.end()
    toks.append(_Tok("end", "", len(expr) + 1))
    return toks


class _Parser:
    def __init__(self, expr: str):
        self.expr = expr
        self.toks = _tokenize(expr)
        self.i = 0

    def peek(self) -> _Tok:
        return self.toks[self.i]

    def take(self) -> _Tok:
        tok = self.toks[self.i]
        self.i += 1
        return tok

    def fail(self, tok: _Tok, message: str) -> ConditionError:
        return ConditionError(self.expr, tok.col, message)

    def expect(self, text: str) -> _Tok:
        tok = self.take()
        if tok.text != text:
            raise self.fail(tok, f"expected {text!r}, found {tok.text or 'end of condition'!r}")
        return tok

    def parse(self) -> Node:
        if self.peek().kind == "end":
            raise self.fail(self.peek(), "empty condition")
        node = self.or_()
        if self.peek().kind != "end":
            raise self.fail(self.peek(), f"unexpected {self.peek().text!r}")
        return node

    def or_(self) -> Node:
        items = [self.and_()]
        while self.peek().text == "or":
            self.take()
            items.append(self.and_())
        return items[0] if len(items) == 1 else Or(tuple(items))

    def and_(self) -> Node:
        items = [self.not_()]
        while self.peek().text == "and":
            self.take()
            items.append(self.not_())
        return items[0] if len(items) == 1 else And(tuple(items))

    def not_(self) -> Node:
        if self.peek().text == "not":
            self.take()
            return Not(self.not_())
        return self.comparison()

    def comparison(self) -> Node:
        left = self.operand()
        if self.peek().kind == "op":
            op = self.take().text
            return Compare(left, op, self.operand())
        return left

    def operand(self) -> Node:
        tok = self.take()
        if tok.kind == "num":
            return Num(float(tok.text))
        if tok.text == "-" and self.peek().kind == "num":
            return Num(-float(self.take().text))
        if tok.text == "(":
            node = self.or_()
            self.expect(")")
            return node
        if tok.kind == "name" and tok.text not in KEYWORDS:
            if tok.text not in FUNCTIONS:
                raise self.fail(tok, f"unknown function {tok.text!r} (known: {', '.join(FUNCTIONS)})")
            self.expect("(")
            arg = self.take()
            if arg.kind != "name" or arg.text in KEYWORDS:
                raise self.fail(arg, f"{tok.text}() takes one identifier argument")
            self.expect(")")
            return Call(tok.text, arg.text)
        raise self.fail(tok, f"unexpected {tok.text or 'end of condition'!r}")


def _type_of(node: Node, expr: str) -> str:
    """Static type check, so a wrong condition fails when the rules are loaded, not mid-report."""
    if isinstance(node, Num):
        return "number"
    if isinstance(node, Call):
        return FUNCTIONS[node.func][0]
    if isinstance(node, Compare):
        for side in (node.left, node.right):
            if _type_of(side, expr) == "bool":
                raise ConditionError(expr, 1, f"cannot compare a true/false value with {node.op!r}")
        return "bool"
    items = node.items if isinstance(node, And | Or) else (node.item,)
    for item in items:
        if _type_of(item, expr) != "bool":
            raise ConditionError(expr, 1, "'and', 'or' and 'not' need comparisons or true/false functions")
    return "bool"


@dataclass(frozen=True)
class Condition:
    """A parsed, type-checked condition, with the identifiers it refers to."""

    text: str
    tree: Node

    def calls(self) -> list[Call]:
        out: list[Call] = []

        def walk(n: Node) -> None:
            if isinstance(n, Call):
                if n not in out:
                    out.append(n)
            elif isinstance(n, Compare):
                walk(n.left)
                walk(n.right)
            elif isinstance(n, And | Or):
                for item in n.items:
                    walk(item)
            elif isinstance(n, Not):
                walk(n.item)

        walk(self.tree)
        return out

    def names(self, kind: str) -> list[str]:
        """Identifiers of one kind ("category", "mechanism", "indicator") in order of appearance."""
        seen: list[str] = []
        for c in self.calls():
            if FUNCTIONS[c.func][1] == kind and c.arg not in seen:
                seen.append(c.arg)
        return seen

    def evaluate(self, ctx: Context) -> bool:
        return bool(_eval(self.tree, ctx))


def parse_condition(text: str) -> Condition:
    """Parse and type-check a condition; raises :class:`ConditionError`."""
    tree = _Parser(text).parse()
    if _type_of(tree, text) != "bool":
        raise ConditionError(text, 1, "a condition must be a comparison or a true/false function")
    return Condition(text, tree)


class Context(Protocol):
    """What a condition can ask about: the matrix, the mechanism comparison and indicators."""

    def max_level(self, category: str) -> int: ...

    def gap(self, category: str) -> bool: ...

    def mechanism_status(self, mechanism: str) -> str: ...

    def indicator(self, indicator: str) -> float | None: ...


_OPS = {
    "<": lambda a, b: a < b,
    "<=": lambda a, b: a <= b,
    ">": lambda a, b: a > b,
    ">=": lambda a, b: a >= b,
    "==": lambda a, b: a == b,
    "!=": lambda a, b: a != b,
}


def _eval(node: Node, ctx: Context) -> float | bool | None:
    if isinstance(node, Num):
        return node.value
    if isinstance(node, Call):
        if node.func == "max_level":
            return ctx.max_level(node.arg)
        if node.func == "gap":
            return ctx.gap(node.arg)
        if node.func == "present":
            return ctx.mechanism_status(node.arg) == "present"
        if node.func == "partial":
            return ctx.mechanism_status(node.arg) == "partial"
        if node.func == "indicator":
            return ctx.indicator(node.arg)
        return ctx.indicator(node.arg) is not None  # has_indicator
    if isinstance(node, Compare):
        left, right = _eval(node.left, ctx), _eval(node.right, ctx)
        if left is None or right is None:
            return False
        return _OPS[node.op](left, right)
    if isinstance(node, And):
        return all(_eval(i, ctx) for i in node.items)
    if isinstance(node, Or):
        return any(_eval(i, ctx) for i in node.items)
    return not _eval(node.item, ctx)
