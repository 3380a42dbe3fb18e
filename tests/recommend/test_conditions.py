"""The rule condition language: parsing, type checks, evaluation, refusal of anything else."""

from __future__ import annotations

import pytest

from talentflow.recommend.conditions import ConditionError, parse_condition


class Ctx:
    def __init__(self, levels=None, gaps=(), status=None, indicators=None):
        self.levels = levels or {}
        self.gaps = set(gaps)
        self.status = status or {}
        self.indicators = indicators or {}

    def max_level(self, c):
        return self.levels.get(c, 0)

    def gap(self, c):
        return c in self.gaps

    def mechanism_status(self, m):
        return self.status.get(m, "absent")

    def indicator(self, i):
        return self.indicators.get(i)


@pytest.mark.parametrize(
    ("expr", "ctx", "expected"),
    [
        ("max_level(retention) < 3", Ctx({"retention": 2}), True),
        ("max_level(retention) < 3", Ctx({"retention": 3}), False),
        ("max_level(retention) >= 3 or gap(retention)", Ctx({"retention": 1}, gaps=["retention"]), True),
        ("not gap(retention) and max_level(sdg) <= 1", Ctx({"sdg": 1}), True),
        ("not gap(retention) and max_level(sdg) <= 1", Ctx({"sdg": 1}, gaps=["retention"]), False),
        # and binds tighter than or
        ("gap(a) or gap(b) and gap(c)", Ctx(gaps=["a"]), True),
        ("(gap(a) or gap(b)) and gap(c)", Ctx(gaps=["a"]), False),
        ("present(monitoring)", Ctx(status={"monitoring": "present"}), True),
        ("partial(monitoring)", Ctx(status={"monitoring": "present"}), False),
        ("indicator(net) < -100", Ctx(indicators={"net": -5000.0}), True),
        ("indicator(share) >= 25.5", Ctx(indicators={"share": 25.4}), False),
        # a missing indicator makes every comparison false, even a negated-looking one
        ("indicator(net) < 0", Ctx(), False),
        ("indicator(net) >= 0", Ctx(), False),
        ("has_indicator(net)", Ctx(), False),
        ("has_indicator(net) and indicator(net) != 0", Ctx(indicators={"net": 3.0}), True),
        ("max_level(x) == 0", Ctx(), True),
    ],
)
def test_evaluation(expr, ctx, expected):
    assert parse_condition(expr).evaluate(ctx) is expected


@pytest.mark.parametrize(
    ("expr", "column", "message"),
    [
        ("", 1, "empty condition"),
        ("max_level(retention) <", 23, "unexpected"),
        ("max_level(retention < 3", 21, r"expected '\)'"),
        ("max_level() < 3", 11, "takes one identifier"),
        ("__import__(os) < 1", 1, "unknown function '__import__'"),
        ("max_level(retention) < 3; rm", 25, "unexpected character ';'"),
        ("max_level(retention) < '3'", 24, "unexpected character"),
        ("max_level(a) < 3 and", 21, "unexpected"),
        ("max_level(a) < 3 3", 18, "unexpected '3'"),
    ],
)
def test_syntax_errors_name_the_column(expr, column, message):
    with pytest.raises(ConditionError, match=message) as exc:
        parse_condition(expr)
    assert exc.value.column == column


@pytest.mark.parametrize(
    "expr",
    ["gap(retention) < 3", "max_level(retention)", "3 < 4 and max_level(x)", "not max_level(x)", "indicator(x)"],
)
def test_type_errors(expr):
    with pytest.raises(ConditionError):
        parse_condition(expr)


def test_names_by_kind():
    cond = parse_condition("max_level(retention) < 3 and not present(monitoring) or indicator(net) < 0 or gap(retention)")
    assert cond.names("category") == ["retention"]
    assert cond.names("mechanism") == ["monitoring"]
    assert cond.names("indicator") == ["net"]
