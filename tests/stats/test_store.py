"""The store: idempotent, transactional imports; filters; the default store and its package.

Tests taking ``store_url`` run on SQLite and on PostgreSQL (see tests/conftest.py)."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from talentflow import db
from talentflow.stats import package as pkg
from talentflow.stats.errors import DataImportError
from talentflow.stats.model import Observation
from talentflow.stats.store import ImportResult, default_store_path, open_store


def obs(**kw) -> Observation:
    base = dict(indicator="emigrants_permanent", area="KAZ", counterpart="RUS", year=2023, value=9000.0,
                unit="persons", source_name="test", source_url="https://example.org/a", quote="9 000",
                flags=["synthetic"])
    return Observation(**{**base, **kw})


def test_import_is_idempotent_and_counts(store_url: str) -> None:
    store = open_store(store_url)
    items = [obs(), obs(counterpart="DEU", value=2000, quote="2 000"), obs()]  # exact repeat collapses
    first = store.import_observations(items, "synthetic/a")
    assert (first.rows, first.new, first.unchanged) == (2, 2, 0)
    before = store.checksum()
    again = store.import_observations(items, "synthetic/a")
    assert (again.new, again.updated, again.unchanged) == (0, 0, 2)
    assert store.checksum() == before and len(store.datasets()) == 1


def test_revised_value_is_an_update(store_url: str) -> None:
    store = open_store(store_url)
    store.import_observations([obs(quote="emigrants to Russia")], "synthetic/a")
    res = store.import_observations([obs(quote="emigrants to Russia", value=9100)], "synthetic/a")
    assert (res.new, res.updated) == (0, 1)
    assert [o.value for o in store.observations()] == [9100.0]
    assert [d["new"] for d in store.datasets()] == [1, 0]


def test_conflicting_duplicates_name_both_rows_and_change_nothing(store_url: str) -> None:
    store = open_store(store_url)
    store.import_observations([obs(indicator="other")], "synthetic/seed")
    before, n = store.checksum(), store.count()
    bad = [obs(quote="q"), obs(counterpart="DEU"), obs(quote="q", value=1.0)]
    with pytest.raises(DataImportError) as info:
        store.import_observations(bad, "synthetic/b", source_file="rows.csv")
    assert info.value.file == "rows.csv" and info.value.row == 3 and "row 1" in str(info.value)
    assert store.checksum() == before and store.count() == n


def test_same_figure_twice_with_two_units_is_kept(store_url: str) -> None:
    store = open_store(store_url)
    q = "3 340 человек, или 35,5 %"
    res = store.import_observations([obs(value=3340, quote=q), obs(value=35.5, unit="percent", quote=q)], "s/x")
    assert res.new == 2


def test_error_in_the_middle_of_a_transaction_rolls_back(store_url: str, monkeypatch) -> None:
    """Even a failure while writing (not while checking) leaves the store as it was."""
    store = open_store(store_url)
    store.import_observations([obs()], "synthetic/a")
    before = store.checksum()
    import talentflow.stats.store as mod

    def boom(self, conn, obs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(mod.Store, "_remember_sources", boom)
    with pytest.raises(RuntimeError):
        store.import_observations([obs(counterpart="DEU"), obs(counterpart="USA")], "synthetic/b")
    assert store.checksum() == before and store.count() == 1


def test_filters(store_url: str) -> None:
    store = open_store(store_url)
    store.import_observations([
        obs(), obs(counterpart=None, quote="total", topic="flows"), obs(year=2022, education="ED5T8", quote="a"),
        obs(indicator="immigrants_permanent", flags=["synthetic", "more_than"], quote="b", period="H1"),
    ], "synthetic/a")
    assert len(store.observations()) == 4
    assert len(store.observations(counterpart=None)) == 1
    assert len(store.observations(counterpart="RUS")) == 3
    assert [o.year for o in store.observations(education="ED5T8")] == [2022]
    assert [o.indicator for o in store.observations(flags="more_than")] == ["immigrants_permanent"]
    assert store.observations(flags=["more_than", "cumulative"]) == []
    assert len(store.observations(indicator=["emigrants_permanent", "immigrants_permanent"], year=2023)) == 3
    assert [o.period for o in store.observations(period="H1")] == ["H1"]
    assert len(store.observations(topic="flows")) == 1 and len(store.observations(dataset="synthetic/a")) == 4
    frame = store.frame(year=2023)
    assert len(frame) == 3 and "value" in frame.columns and "quote" in frame.columns
    assert set(frame["flags"]) >= {"synthetic", "synthetic;more_than"}


def test_round_trip_keeps_every_field(store_url: str) -> None:
    import datetime as dt

    store = open_store(store_url)
    o = obs(period="2012-2021", sex="F", age="Y_WORKING", specialty="technical", breakdown="x=1;y",
            source_table="T1", retrieved=dt.date(2025, 1, 2), flags=["cumulative", "more_than"], topic="t")
    store.import_observations([o], "synthetic/a")
    (back,) = store.observations()
    assert back.model_dump(exclude={"dataset"}) == o.model_dump(exclude={"dataset"})
    assert back.dataset == "synthetic/a"


def test_schema_is_made_by_alembic(tmp_path: Path) -> None:
    path = tmp_path / "s.sqlite"
    open_store(path).close()
    con = sqlite3.connect(path)
    tables = {r[0] for r in con.execute("select name from sqlite_master where type='table'")}
    assert {"observation", "dataset", "source", "meta", "alembic_version"} <= tables
    assert con.execute("select version_num from alembic_version").fetchone() == (db.head(),)
    con.close()
    open_store(path).close()  # reopening an up-to-date store is fine


def test_load_package_twice(store_url: str) -> None:
    store = open_store(store_url)
    first = store.load_package()
    n = sum(1 for _, f in pkg.resources() for _ in pkg.read_resource(f, "x"))
    assert isinstance(first, ImportResult) and first.new == n == store.count()
    assert store.load_package().new == 0 and store.count() == n


def test_default_store_follows_the_package(tmp_path: Path, monkeypatch) -> None:
    """Built on first use in the cache dir, reloaded when the package changes, user rows kept."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    copy = tmp_path / "package"
    shutil.copytree(pkg.SHIPPED_PACKAGE, copy)
    monkeypatch.setattr(pkg, "SHIPPED_PACKAGE", copy)
    store = open_store()
    assert default_store_path() == tmp_path / "cache" / "talentflow" / "store.sqlite"
    n = store.count()
    assert n > 1000
    store.import_observations([obs()], "synthetic/mine")
    assert open_store().count() == n + 1  # unchanged package: not reloaded
    name, file = pkg.resources(copy)[0]
    lines = file.read_text(encoding="utf-8").splitlines(keepends=True)
    file.write_text("".join(lines[:-1]), encoding="utf-8")  # the package loses its last row
    refreshed = open_store()
    assert refreshed.count() == n  # n - 1 package rows + the user's own
    assert refreshed.observations(dataset="synthetic/mine")


def test_other_package_survives_a_shipped_package_refresh(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    copy = tmp_path / "shipped"
    shutil.copytree(pkg.SHIPPED_PACKAGE, copy)
    monkeypatch.setattr(pkg, "SHIPPED_PACKAGE", copy)
    src = tmp_path / "mine.csv"
    src.write_text("topic,indicator,geo,partner,year,period,breakdown,value,unit,source_url,source_name,quote\n"
                   "flows,emigrants_permanent,KAZ,RUS,2023,Y,,9000,persons,https://x.kz,X,9000\n", encoding="utf-8")
    pkg.build_package([src], tmp_path / "mypkg")
    store = open_store()
    res = store.load_package(tmp_path / "mypkg")
    assert res.new == 1 and store.observations(dataset="datapackage/mypkg/mine")
    (copy / "paper-figures.csv").write_text(
        (copy / "paper-figures.csv").read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert open_store().observations(dataset="datapackage/mypkg/mine")


def test_url_and_path_open_the_same_file(tmp_path: Path) -> None:
    path = tmp_path / "s.sqlite"
    open_store(path).import_observations([obs()], "synthetic/a")
    assert open_store(f"sqlite:///{path}").count() == 1
