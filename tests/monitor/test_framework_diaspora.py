"""Diaspora engagement indicators as rows of the results framework, withheld for the public when small."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from talentflow.diaspora import open_directory
from talentflow.diaspora.model import Profile
from talentflow.diaspora.synthetic import synthetic_orcid
from talentflow.monitor.framework import DIASPORA_ROWS, results_framework, to_records


@pytest.fixture
def store(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.delenv("TALENTFLOW_DISCLOSURE_THRESHOLD", raising=False)
    path = tmp_path / "store.sqlite"
    d = open_directory(path)
    experts = [Profile(orcid=synthetic_orcid(i), name=f"Synthetic {i}", country="DE", kinds=["lecture"])
               for i in range(1, 15)]
    d.add_profiles(experts, ["listing", "contact", "statistics"], "test")
    t0 = datetime(2027, 1, 10, tzinfo=UTC)
    for p in experts:  # 14 lectures in 2027, all accepted within 5 days
        rid = d.post_request("Synthetic University", "Lecture on hydrology", "en", "lecture", posted_at=t0)
        iid = d.shortlist(rid, p.orcid)
        d.invite(iid, at=t0)
        d.respond(iid, True, start=date(2027, 3, 1), end=date(2027, 3, 10), at=t0 + timedelta(days=5))
    t1 = datetime(2028, 2, 1, tzinfo=UTC)
    for p in experts[:2]:  # two short visits in 2028: small counts
        rid = d.post_request("Synthetic University", "A visit", "en", "short_visit", posted_at=t1)
        iid = d.shortlist(rid, p.orcid)
        d.invite(iid, at=t1)
        d.respond(iid, True, start=date(2028, 3, 1), end=date(2028, 3, 5), at=t1 + timedelta(days=3))
    d.close()
    return path


def _rows(store, audience):
    rows = results_framework([], None, date(2028, 12, 31), audience, diaspora=store)
    return {r.id: r for r in rows if r.origin == "diaspora"}


def test_no_diaspora_rows_unless_asked():
    assert not [r for r in results_framework([], None, date(2028, 12, 31)) if r.origin == "diaspora"]


def test_rows_for_each_indicator_without_invented_targets(store):
    rows = _rows(store, "analyst")
    assert set(rows) == set(DIASPORA_ROWS)
    assert all(r.target is None for r in rows.values())
    posted = rows["diaspora_requests_posted"]
    assert [(p.year, p.value) for p in posted.series] == [(2027, 14.0), (2028, 2.0)]
    assert posted.status == "no_target"
    assert [(p.year, p.value) for p in rows["diaspora_requests_matched_30d"].series] == [(2027, 1.0), (2028, 1.0)]
    kinds = {b["key"]: b["value"] for b in rows["diaspora_engagements"].breakdown}
    assert kinds == {"lecture": 14, "short_visit": 2, "total": 16}
    assert [(p.year, p.value) for p in rows["diaspora_experts_active"].series] == [(2027, 14.0), (2028, 2.0)]


def test_public_rows_withhold_small_counts_and_say_so(store):
    rows = _rows(store, "public")
    posted = rows["diaspora_requests_posted"]
    assert posted.series == [] and posted.suppressed == [2027, 2028]  # 2028 small, 2027 its complement
    kinds = {b["key"]: b for b in rows["diaspora_engagements"].breakdown}
    assert kinds["short_visit"]["suppressed"] and kinds["short_visit"]["value"] is None
    # the complement is withheld too, so the total minus lectures does not give the visits back
    assert kinds["lecture"]["suppressed"]
    rec = {r["id"]: r for r in to_records(list(rows.values()))}
    assert 2028 in rec["diaspora_experts_active"]["suppressed_years"]
    assert all(p["year"] != 2028 for p in rec["diaspora_experts_active"]["series"])


def test_framework_command_shows_the_diaspora_rows(store):
    import json

    from typer.testing import CliRunner

    from talentflow.cli import app

    res = CliRunner().invoke(app, ["monitor", "framework", "--store", str(store), "--format", "json",
                                   "--as-of", "2028-12-31"])
    assert res.exit_code == 0, res.output
    rows = {r["id"]: r for r in json.loads(res.stdout[res.stdout.index("{"):])["indicators"]}
    posted = rows["diaspora_requests_posted"]
    # 2028 (2 requests) is withheld, and 2027 with it, since the total would give 2028 back
    assert posted["series"] == [] and posted["suppressed_years"] == [2027, 2028]
    assert posted["target"] is None


def test_framework_table_says_which_years_are_suppressed(store):
    from typer.testing import CliRunner

    from talentflow.cli import app

    res = CliRunner().invoke(app, ["monitor", "framework", "--store", str(store), "--as-of", "2028-12-31"],
                             env={"COLUMNS": "300"})
    assert res.exit_code == 0, res.output
    line = next(x for x in res.stdout.splitlines() if "Diaspora requests posted" in x)
    assert "suppressed" in line
