"""Options are range-checked: a usage error with the allowed range, never a traceback or a runaway."""

from __future__ import annotations

import pytest

from tests.hardening.conftest import invoke


@pytest.mark.parametrize("args", [
    ["check", "--threshold", "nan"],
    ["check", "--threshold", "inf"],
    ["check", "--threshold", "-0.5"],
    ["code", "DOCS", "--workers", "-1"],
    ["code", "DOCS", "--workers", "10000"],
    ["project", "--horizon", "100000000"],
    ["project", "--horizon", "0"],
    ["project", "--horizon", "-3"],
    ["fetch", "adilet", "P2200000961", "--timeout", "nan"],
    ["fetch", "adilet", "P2200000961", "--timeout", "-1"],
    ["chart", "all", "--out", "OUT", "--format", "exe"],
])
def test_out_of_range_option_is_a_usage_error(args, docs, store, tmp_path):
    args = [str(docs) if a == "DOCS" else str(tmp_path / "o") if a == "OUT" else a for a in args]
    if args[0] in ("check", "project"):
        args += ["--store", str(store)]
    result = invoke(*args)
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    assert not (tmp_path / "o").exists()


def test_horizon_limit_is_raisable(store, monkeypatch):
    monkeypatch.setenv("TALENTFLOW_MAX_HORIZON", "3")
    assert invoke("project", "--horizon", "4", "--store", store).exit_code == 2
