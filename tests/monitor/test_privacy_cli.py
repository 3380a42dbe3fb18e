"""No raw national id anywhere: the database file, errors, and every command's output. The
commands' outputs and the analyst export log."""

from __future__ import annotations

import json
import os
import stat

from typer.testing import CliRunner

from talentflow.cli import app
from talentflow.monitor.pseudonym import KEY_ENV, load_key

from .conftest import bad_check, write
from .test_indicators import people

runner = CliRunner()


def run(*args: str):
    return runner.invoke(app, list(args), catch_exceptions=False)


def test_no_raw_id_in_the_store_or_any_output(tmp_path):
    recs = people()
    ids = [r["person_id"] for r in recs]
    store = str(tmp_path / "store.sqlite")
    path = write(tmp_path / "p.csv", recs)
    outputs = [run("registry", "import", str(path), "--store", store)]
    assert outputs[0].exit_code == 0, outputs[0].output
    bad = [dict(r) for r in recs]
    bad[3]["person_id"] = bad_check(ids[3])
    refused = run("registry", "import", str(write(tmp_path / "bad.csv", bad)), "--store", store)
    assert refused.exit_code == 1 and "row 5" in refused.output and "person_id" in refused.output
    outputs.append(refused)
    outputs.append(run("registry", "info", "--store", store, "--json"))
    outputs.append(run("registry", "info", "--store", store, "--warnings"))
    for fmt in ("json", "csv", "table"):
        for audience in ("public", "analyst"):
            outputs.append(run("monitor", "indicators", "--store", store, "--format", fmt, "--audience", audience,
                               "--as-of", "2024-02-29", "--by", "cohort,level,host_country"))
    xlsx = tmp_path / "out.xlsx"
    outputs.append(run("monitor", "indicators", "--store", store, "--format", "xlsx", "--out", str(xlsx)))
    assert all(o.exit_code == 0 for o in outputs if o is not refused), [o.output for o in outputs]
    blobs = [o.output for o in outputs]
    files = [tmp_path / "store.sqlite", tmp_path / "store.sqlite-wal", xlsx]
    raw = b"".join(f.read_bytes() for f in files if f.exists())
    for i in [*ids, bad_check(ids[3])]:
        assert all(i not in b for b in blobs), i
        assert i.encode() not in raw, i
        # nor the birth date the IIN encodes, written as a date
        assert f"19{i[:2]}-{i[2:4]}-{i[4:6]}" not in "".join(blobs)


def test_indicators_json_shape_and_suppression(tmp_path):
    store = str(tmp_path / "store.sqlite")
    run("registry", "import", str(write(tmp_path / "p.csv", people())), "--store", store)
    res = run("monitor", "indicators", "--store", store, "--format", "json", "--as-of", "2024-02-29")
    data = json.loads(res.stdout)
    assert data["as_of"] == "2024-02-29" and data["audience"] == "public"
    item = data["indicators"][0]
    assert set(item) == {"id", "group", "value", "numerator", "denominator", "suppressed"}
    assert set(item["group"]) == {"programme", "cohort"}
    assert all(i["suppressed"] and i["value"] is None and i["numerator"] is None for i in data["indicators"])
    assert data["synthetic"]["programmes"] == ["SYN_SCHOLAR"]
    analyst = json.loads(run("monitor", "indicators", "--store", store, "--format", "json", "--audience", "analyst",
                             "--as-of", "2024-02-29").stdout)
    total = next(i for i in analyst["indicators"] if i["id"] == "return_rate_12m" and i["group"]["cohort"] == "_T"
                 and i["group"]["programme"] == "SYN_SCHOLAR")
    assert (total["numerator"], total["denominator"], total["suppressed"]) == (4, 6, False)
    assert 0 <= total["value"] <= 1
    table = run("monitor", "indicators", "--store", store, "--as-of", "2024-02-29")
    assert "suppressed" in table.output
    log = json.loads(run("registry", "info", "--store", store, "--json").stdout)["exports"]
    assert len(log) == 1 and log[0]["audience"] == "analyst" and "monitor indicators" in log[0]["what"]
    assert log[0]["who"]


def test_key_file_is_created_0600_with_a_message(tmp_path, monkeypatch):
    monkeypatch.delenv(KEY_ENV)
    said: list[str] = []
    key = load_key(notify=said.append)
    path = tmp_path / "config" / "talentflow" / "registry.key"
    assert path.exists() and stat.S_IMODE(path.stat().st_mode) == 0o600
    assert "losing it makes new imports unlinkable" in said[0] and str(path) in said[0]
    assert load_key(notify=said.append) == key and len(said) == 1
    os.chmod(path, 0o644)
    import pytest

    from talentflow.monitor.pseudonym import PseudonymKeyError

    with pytest.raises(PseudonymKeyError):
        load_key()


def test_framework_commands(tmp_path):
    store = str(tmp_path / "store.sqlite")
    run("registry", "import", str(write(tmp_path / "p.csv", people())), "--store", store)
    out = tmp_path / "osdg"
    res = run("monitor", "framework", "--store", store, "--format", "opensdg", "--out", str(out))
    assert res.exit_code == 0, res.output
    csv_text = (out / "data" / "indicator_return-rate-12m.csv").read_text(encoding="utf-8")
    assert csv_text.splitlines()[0] == "Year,Series,Units,Value"
    meta = (out / "meta" / "scientists-total.yml").read_text(encoding="utf-8")
    assert "34000" in meta and "inform.kz" in meta
    assert "Synthetic test data" in (out / "meta" / "return-rate-12m.yml").read_text(encoding="utf-8")
    data = json.loads(run("monitor", "framework", "--store", store, "--format", "json").stdout)
    statuses = {r["id"]: r["status"] for r in data["indicators"]}
    assert statuses["return_rate_12m"] == "no_target"
    assert statuses["scientists_total"] == "too_few_points"
