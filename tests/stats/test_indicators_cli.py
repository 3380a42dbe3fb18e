"""The ``indicators``, ``check``, ``project`` and ``chart`` commands on a store of synthetic figures."""

from __future__ import annotations

import json

import numpy as np
import pytest
from typer.testing import CliRunner

from talentflow.cli import app
from talentflow.stats.model import Observation
from talentflow.stats.store import open_store

runner = CliRunner()


def ob(indicator: str, value: float, year: int, src: str, **kw) -> Observation:
    return Observation(indicator=indicator, area="KAZ", counterpart=kw.pop("counterpart", "WLD"), year=year,
                       value=value, source_name=f"synthetic {src}", source_url=f"https://example.org/{src}",
                       quote=f"synthetic figure {value:.0f}", flags=["synthetic"], **kw)


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> str:
    path = tmp_path_factory.mktemp("cli") / "store.sqlite"
    rng = np.random.default_rng(3)
    obs = [ob("emigrants_permanent", float(round(30000 * 0.95**i + rng.normal(0, 500))), 2012 + i, f"e{i}")
           for i in range(12)]
    obs += [ob("immigrants_permanent", 20000, 2023, "A"), ob("emigrants_permanent", 15000, 2023, "A"),
            ob("immigrants_permanent", 21000, 2023, "B")]
    s = open_store(path)
    try:
        s.import_observations(obs, "synthetic")
    finally:
        s.close()
    return str(path)


def test_indicators_json(store):
    result = runner.invoke(app, ["indicators", "--store", store, "--format", "json", "--indicator", "net_migration"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)
    assert {r["value"] for r in rows} == {5000}
    (row,) = rows
    assert {"id", "name", "value", "unit", "year", "period", "area", "counterpart", "inputs", "sources", "flags"} <= set(row)
    assert {i["quote"] for i in row["inputs"]} == {"synthetic figure 20000", "synthetic figure 15000"}
    assert "synthetic" in row["flags"]


def test_indicators_csv_and_unknown_id(store):
    result = runner.invoke(app, ["indicators", "--store", store, "--format", "csv", "--indicator", "emigrants"])
    assert result.exit_code == 0
    assert result.output.splitlines()[0].startswith("id,name,value,unit,year,period")
    bad = runner.invoke(app, ["indicators", "--store", store, "--indicator", "nope"])
    assert bad.exit_code != 0 and "nope" in bad.output


def test_check_json(store):
    result = runner.invoke(app, ["check", "--store", store, "--format", "json", "--threshold", "0.01"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert set(data) == {"conflicts", "not_comparable"}
    (rec,) = [r for r in data["conflicts"] if r["indicator"] == "immigrants_permanent"]
    assert rec["kind"] == "cross_source" and rec["flagged"] and rec["abs_diff"] == 1000
    assert {o["source_name"] for o in rec["observations"]} == {"synthetic A", "synthetic B"}


def test_project_labels_the_projection(store):
    result = runner.invoke(app, ["project", "--store", store, "--horizon", "3", "--format", "json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)
    assert [r["year"] for r in rows] == [2024, 2025, 2026]
    assert all(r["flags"] == ["projection"] and r["lower95"] <= r["value"] <= r["upper95"] for r in rows)
    table = runner.invoke(app, ["project", "--store", store])
    assert "PROJECTION" in table.output


def test_project_too_short_fails_clearly(tmp_path):
    empty = str(tmp_path / "empty.sqlite")
    result = runner.invoke(app, ["project", "--store", empty])
    assert result.exit_code == 1
    assert "at least 8" in result.output


def test_chart_command(store, tmp_path):
    result = runner.invoke(app, ["chart", "migration_flows", "--out", str(tmp_path), "--lang", "kk",
                                 "--format", "png", "--store", store])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "migration_flows.kk.png").stat().st_size > 1000
    bad = runner.invoke(app, ["chart", "pie", "--out", str(tmp_path), "--store", store])
    assert bad.exit_code != 0
