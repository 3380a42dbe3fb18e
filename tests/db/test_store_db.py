"""talentflow.db: where the store is, its one migration history, its write lock, its errors —
on SQLite and on PostgreSQL (``store_url``, see tests/conftest.py)."""

from __future__ import annotations

import logging
import multiprocessing as mp
import shutil
import sqlite3
from pathlib import Path

import pytest
import sqlalchemy as sa
from typer.testing import CliRunner

from talentflow import db
from talentflow.cli import app
from talentflow.db import migrate
from talentflow.stats import package as pkg
from talentflow.stats.model import Observation
from talentflow.stats.store import open_store
from tests.db import workers

DATA = Path(__file__).parent / "data"
PROBE = '''"""test: a second script, as a later package adds one.

Revision ID: {revision}
Revises: {parent}
"""

import sqlalchemy as sa
from alembic import op

revision = "{revision}"
down_revision = "{parent}"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table("probe", sa.Column("id", sa.Integer, primary_key=True))


def downgrade() -> None:
    op.drop_table("probe")
'''


def obs(**kw) -> Observation:
    base = dict(indicator="emigrants_permanent", area="KAZ", counterpart="RUS", year=2023, value=9000.0,
                unit="persons", source_name="test", source_url="https://example.org/a", quote="9 000",
                flags=["synthetic"])
    return Observation(**{**base, **kw})


@pytest.fixture
def newer_history(tmp_path: Path, monkeypatch) -> str:
    """This talentflow's history plus one more script (what a later package does): returns its revision."""
    scripts = tmp_path / "migrations"
    shutil.copytree(db.MIGRATIONS, scripts, ignore=shutil.ignore_patterns("__pycache__"))
    parent = db.head()
    revision = f"{int(parent) + 1:04d}"  # one past whatever the packages' scripts reach today
    (scripts / "versions" / f"{revision}_probe.py").write_text(PROBE.format(parent=parent, revision=revision),
                                                              encoding="utf-8")
    monkeypatch.setattr(migrate, "MIGRATIONS", scripts)
    return revision


def tables(url: str) -> set[str]:
    engine = db.make_engine(db.resolve_url(url))
    try:
        with engine.connect() as conn:
            return set(sa.inspect(conn).get_table_names())
    finally:
        engine.dispose()


# --- the history ------------------------------------------------------------------------------


def test_one_history_with_one_head_that_starts_with_the_statistics_tables() -> None:
    script = migrate.script_directory()
    assert len(script.get_heads()) == 1, "two scripts revise the same parent: make one revise the other"
    assert script.get_base() == "0001"  # every store written before talentflow.db carries 0001


def test_fresh_store_is_created_at_head(store_url: str) -> None:
    engine = db.connect(store_url)
    assert db.revision(engine) == db.head()
    engine.dispose()
    assert {"observation", "dataset", "source", "meta", "alembic_version"} <= tables(store_url)


def test_store_written_before_talentflow_db_is_recognised(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite"
    con = sqlite3.connect(path)
    con.executescript((DATA / "store-0001.sql").read_text(encoding="utf-8"))
    con.close()
    if db.head() == "0001":
        store = open_store(path)
        assert [o.dataset for o in store.observations()] == ["synthetic/old"]
        store.close()
    else:  # later scripts exist: the old store must be upgraded, and keeps its rows
        with pytest.raises(db.StoreBehindError):
            open_store(path)
        assert db.upgrade(path) == ("0001", db.head())
        assert open_store(path).count() == 1


def test_store_at_0001_made_by_alembic_opens(store_url: str) -> None:
    """What the code before talentflow.db did on either backend: upgrade to 0001 on a plain engine."""
    from alembic import command

    engine = sa.create_engine(db.resolve_url(store_url))
    with engine.begin() as conn:
        cfg = migrate.alembic_config()
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0001")
    engine.dispose()
    if db.head() == "0001":
        open_store(store_url).close()
    else:
        assert db.upgrade(store_url)[0] == "0001"


# --- behind, ahead, explicit upgrade ---------------------------------------------------------


def test_store_behind_is_refused_in_one_line_until_upgraded(store_url: str, newer_history: str) -> None:
    from alembic import command

    engine = db.make_engine(db.resolve_url(store_url))
    with db.write_transaction(engine) as conn:  # a store at the previous head, holding a figure
        cfg = migrate.alembic_config()
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0001")
    engine.dispose()
    with pytest.raises(db.StoreBehindError) as info:
        open_store(store_url)
    msg = str(info.value)
    assert "\n" not in msg and f"store at revision 0001, this talentflow needs {newer_history}" in msg
    assert "talentflow store upgrade --store" in msg
    assert "probe" not in tables(store_url)  # refusing changed nothing

    result = CliRunner().invoke(app, ["store", "upgrade", "--store", store_url])
    assert result.exit_code == 0, result.output
    assert f"upgraded from revision 0001 to {newer_history}" in result.output
    assert "probe" in tables(store_url)
    again = CliRunner().invoke(app, ["store", "upgrade", "--store", store_url])
    assert f"already at revision {newer_history}" in again.output
    open_store(store_url).close()


def test_failed_upgrade_leaves_the_store_at_its_old_revision(store_url: str, newer_history: str) -> None:
    script = migrate.MIGRATIONS / "versions" / f"{newer_history}_probe.py"
    script.write_text(script.read_text(encoding="utf-8").replace(
        'op.create_table("probe", sa.Column("id", sa.Integer, primary_key=True))',
        'op.create_table("probe", sa.Column("id", sa.Integer, primary_key=True))\n'
        '    raise RuntimeError("a script that fails half-way")'), encoding="utf-8")
    engine = db.make_engine(db.resolve_url(store_url))
    with db.write_transaction(engine) as conn:
        from alembic import command

        cfg = migrate.alembic_config()
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0001")
    with pytest.raises(RuntimeError, match="half-way"):
        db.upgrade(store_url)
    assert db.revision(engine) == "0001" and "probe" not in tables(store_url)
    engine.dispose()


def test_cli_says_store_is_behind_without_a_traceback(tmp_path: Path, newer_history: str) -> None:
    path = tmp_path / "s.sqlite"
    con = sqlite3.connect(path)
    con.executescript((DATA / "store-0001.sql").read_text(encoding="utf-8"))
    con.close()
    result = CliRunner().invoke(app, ["store", "info", "--store", str(path)])
    assert result.exit_code == 2 and result.exception is None or isinstance(result.exception, SystemExit)
    assert f"store at revision 0001, this talentflow needs {newer_history}: run `talentflow store upgrade" in result.output
    assert "Traceback" not in result.output


def test_embedded_default_store_upgrades_itself_and_logs_it(tmp_path: Path, monkeypatch, newer_history: str,
                                                             caplog) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.delenv(db.STORE_ENV, raising=False)
    path = db.default_store_path()
    path.parent.mkdir(parents=True)
    con = sqlite3.connect(path)
    con.executescript((DATA / "store-0001.sql").read_text(encoding="utf-8"))
    con.close()
    with caplog.at_level(logging.INFO, logger="talentflow.db"):
        engine = db.connect()
    assert db.revision(engine) == f"{newer_history}"
    engine.dispose()
    assert any(f"upgraded from revision 0001 to {newer_history}" in r.getMessage() for r in caplog.records)


def test_store_env_names_the_default_store_and_is_not_upgraded_silently(tmp_path: Path, monkeypatch,
                                                                         newer_history: str) -> None:
    path = tmp_path / "shared.sqlite"
    con = sqlite3.connect(path)
    con.executescript((DATA / "store-0001.sql").read_text(encoding="utf-8"))
    con.close()
    monkeypatch.setenv(db.STORE_ENV, str(path))
    assert db.resolve_url(None) == f"sqlite:///{path}"
    with pytest.raises(db.StoreBehindError) as info:
        db.connect()
    assert str(info.value).endswith("run `talentflow store upgrade`")


def test_store_from_a_newer_talentflow_is_refused(store_url: str) -> None:
    db.connect(store_url).dispose()
    engine = sa.create_engine(db.resolve_url(store_url))
    with engine.begin() as conn:
        conn.execute(sa.text("UPDATE alembic_version SET version_num = '9999'"))
    engine.dispose()
    with pytest.raises(db.StoreAheadError, match="revision 9999, which this talentflow .* does not know"):
        db.connect(store_url)
    with pytest.raises(db.StoreAheadError):
        db.upgrade(store_url)


def test_database_of_something_else_is_refused(store_url: str) -> None:
    engine = sa.create_engine(db.resolve_url(store_url))
    with engine.begin() as conn:
        conn.execute(sa.text("CREATE TABLE invoices (id INTEGER PRIMARY KEY)"))
    engine.dispose()
    with pytest.raises(db.StoreError, match="without talentflow's schema that holds other tables \\(invoices\\)"):
        db.connect(store_url)
    assert tables(store_url) == {"invoices"}


# --- bad targets ------------------------------------------------------------------------------


@pytest.mark.parametrize("content", [b"hello, not a database\n", b"PK\x03\x04" + b"\0" * 200,
                                     b"SQLite format 3\x00" + b"\xff" * 200])
def test_file_that_is_not_a_database_is_refused_and_untouched(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "figures.csv"
    path.write_bytes(content)
    result = CliRunner().invoke(app, ["store", "info", "--store", str(path)])
    assert result.exit_code == 2
    line = result.output.strip()
    assert "\n" not in line and line.startswith(f"error: {path}") and "Traceback" not in result.output
    assert path.read_bytes() == content
    assert sorted(p.name for p in tmp_path.iterdir()) == ["figures.csv"]  # no -wal, -shm or journal


def test_folder_and_unreachable_server_are_one_line(tmp_path: Path) -> None:
    for target, says in ((str(tmp_path), "is a folder, not a store"),
                         ("postgresql://nobody@127.0.0.1:9/none", "cannot open the store: ")):
        result = CliRunner().invoke(app, ["store", "info", "--store", target])
        assert result.exit_code == 2 and says in result.output and "Traceback" not in result.output


def test_plain_postgresql_url_gets_the_psycopg_driver() -> None:
    assert db.resolve_url("postgresql://u@h/d") == "postgresql+psycopg://u@h/d"
    assert db.resolve_url("postgres://u@h/d") == "postgresql+psycopg://u@h/d"
    assert db.resolve_url("postgresql+psycopg://u@h/d") == "postgresql+psycopg://u@h/d"
    assert db.describe("postgresql+psycopg://u:secret@h/d") == "postgresql+psycopg://u:***@h/d"


# --- settings and the write lock ------------------------------------------------------------


def test_sqlite_settings(tmp_path: Path) -> None:
    engine = db.connect(tmp_path / "s.sqlite")
    with engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == db.engine.BUSY_TIMEOUT_S * 1000
    engine.dispose()


def test_insert_ignore_skips_what_is_there(store_url: str) -> None:
    from talentflow.stats import schema

    engine = db.connect(store_url)
    with db.write_transaction(engine) as conn:
        db.insert_ignore(conn, schema.source, [{"url": "https://a", "name": "A"}])
        db.insert_ignore(conn, schema.source, [{"url": "https://a", "name": "other"}, {"url": "https://b", "name": "B"}])
    with engine.connect() as conn:
        assert sorted(conn.execute(sa.select(schema.source.c.url, schema.source.c.name))) == [
            ("https://a", "A"), ("https://b", "B")]
    engine.dispose()


def test_write_transaction_rolls_back_on_error(store_url: str) -> None:
    store = open_store(store_url)
    store.import_observations([obs()], "synthetic/a")
    before = store.checksum()
    with pytest.raises(RuntimeError), db.write_transaction(store.engine) as conn:
        conn.execute(sa.text("DELETE FROM observation"))
        raise RuntimeError("boom")
    assert store.checksum() == before
    store.close()


# --- real concurrent processes -----------------------------------------------------------------


def _run(target, args_list: list[tuple], timeout: float = 240) -> list:
    """Start one process per argument tuple (all released at once by a barrier) and collect what
    each reports; a process that dies fails the test at once, and nothing waits past ``timeout``."""
    import queue
    import time

    ctx = mp.get_context("spawn")
    barrier = ctx.Barrier(len(args_list))
    results = ctx.Queue()
    procs = [ctx.Process(target=target, args=(*a, barrier, results)) for a in args_list]
    for p in procs:
        p.start()
    out: list = []
    deadline = time.monotonic() + timeout
    try:
        while len(out) < len(procs):
            try:
                out.append(results.get(timeout=1))
            except queue.Empty:
                dead = [p.exitcode for p in procs if p.exitcode not in (None, 0)]
                assert not dead, f"a process failed (exit codes {[p.exitcode for p in procs]})"
                assert time.monotonic() < deadline, f"processes still running after {timeout} s"
        for p in procs:
            p.join(timeout=30)
    finally:
        for p in procs:
            if p.is_alive():
                p.kill()
    assert [p.exitcode for p in procs] == [0] * len(procs)
    return out


def test_two_imports_of_one_file_at_once_are_serialised(store_url: str, tmp_path: Path) -> None:
    src = tmp_path / "flows.csv"
    rows = ["topic,indicator,geo,partner,year,period,breakdown,value,unit,source_url,source_name,quote"]
    partners = ["RUS", "DEU", "USA", "CHN", "TUR", "GBR", "KOR", "CZE", "POL", "ITA"]
    rows += [f"flows,emigrants_permanent,KAZ,{partners[i % 10]},{1990 + (i // 10) % 30},Y,,{i},persons,"
             f"https://example.org/{i // 300},synthetic,{i}" for i in range(3000)]
    src.write_text("\n".join(rows) + "\n", encoding="utf-8")
    open_store(store_url).close()  # the schema exists; the race is the import itself
    results = _run(workers.import_file, [(store_url, str(src)), (store_url, str(src))])
    assert sorted(results) == [(0, 3000), (3000, 0)]  # one imported it, the other found it there
    store = open_store(store_url)
    assert store.count() == 3000 and len(store.datasets()) == 1
    store.close()


def test_three_processes_opening_a_fresh_default_store_load_the_package_once(store_url: str,
                                                                            tmp_path: Path) -> None:
    if "://" in store_url:
        env = {db.STORE_ENV: store_url}
    else:
        env = {"XDG_CACHE_HOME": str(tmp_path / "cache"), db.STORE_ENV: ""}
    counts = _run(workers.open_default, [(env,)] * 3)
    n = sum(1 for _, f in pkg.resources() for _ in pkg.read_resource(f, "x"))
    assert counts == [counts[0]] * 3 and 0 < counts[0] <= n
    target = store_url if "://" in store_url else tmp_path / "cache" / "talentflow" / "store.sqlite"
    store = open_store(target)
    names = [d["name"] for d in store.datasets()]
    assert len(names) == len(set(names)) == len(pkg.resources())  # each resource registered once
    store.close()
