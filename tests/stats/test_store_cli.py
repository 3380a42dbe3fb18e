"""``talentflow import`` and ``talentflow store info|export`` on a fresh store (SQLite file or PostgreSQL schema)."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
from typer.testing import CliRunner

from talentflow import db
from talentflow.cli import app
from talentflow.stats.store import open_store

GOOD = ("indicator,area,counterpart,year,value,unit,source_url,quote\n"
        "emigrants_permanent,KAZ,Россия,2023,9000,persons,https://stat.gov.kz,9 000\n"
        "emigrants_permanent,KAZ,Германия,2023,2100,persons,https://stat.gov.kz,2 100\n")


def test_import_info_export(tmp_path: Path, store_url: str) -> None:
    """On SQLite and on PostgreSQL (``store_url``)."""
    runner = CliRunner()
    store = store_url
    good = tmp_path / "good.csv"
    good.write_text(GOOD, encoding="utf-8")
    bad = tmp_path / "bad.csv"
    bad.write_text(GOOD.replace("2100", "2 1OO"), encoding="utf-8")

    res = runner.invoke(app, ["import", str(good), "--store", store])
    assert res.exit_code == 0, res.output
    assert open_store(store).count() == 2

    res = runner.invoke(app, ["import", str(good), str(bad), "--store", store])
    assert res.exit_code == 1
    assert "bad.csv, row 3, column 'value'" in res.output.replace("\n", "")
    assert open_store(store).count() == 2

    res = runner.invoke(app, ["store", "info", "--store", store, "--json"])
    info = json.loads(res.stdout)
    assert info["revision"] == db.head()
    assert info["observations"] == 2 and [d["name"] for d in info["datasets"]] == ["csv/good.csv"]

    out = tmp_path / "out.xlsx"
    res = runner.invoke(app, ["store", "export", "--store", store, "--format", "xlsx", "--out", str(out),
                              "--area", "KAZ"])
    assert res.exit_code == 0, res.output
    rows = list(openpyxl.load_workbook(out).active.iter_rows(values_only=True))
    assert rows[0][:3] == ("indicator", "area", "counterpart") and len(rows) == 3
    assert {r[2] for r in rows[1:]} == {"RUS", "DEU"}

    out_json = tmp_path / "out.json"
    runner.invoke(app, ["store", "export", "--store", store, "--format", "json", "--out", str(out_json)])
    assert sorted(r["value"] for r in json.loads(out_json.read_text(encoding="utf-8"))) == [2100, 9000]
