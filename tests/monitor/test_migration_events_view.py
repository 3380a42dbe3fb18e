"""Migration 0007 on a store that holds a registry: the event rows of revision 0006 become a view
over the award rows with the same events (kind, date, file and row), and a downgrade puts the
table back with them — on SQLite and on PostgreSQL."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from alembic import command

from talentflow import db
from talentflow.db import migrate
from talentflow.monitor import Registry, schema

from .conftest import make_iin, write

A = make_iin("950315", 3, 1)
B = make_iin("960101", 4, 1)
C = make_iin("010203", 5, 1)
RECORDS = [
    {"person_id": A, "programme": "BOLASHAK", "cohort": 2015, "level": "master", "field": "0613",
     "host_country": "GBR", "start_date": "2015-09-01", "graduation_date": "2017-06-30", "status": "graduated",
     "return_date": "2017-08-01", "obligation_months": 60, "obligation_status": "fulfilled",
     "employment_start": "2017-09-01", "employment_sector": "public", "employment_region": "Astana"},
    {"person_id": B, "programme": "BOLASHAK", "cohort": 2016, "level": "phd", "field": "Economics",
     "host_country": "USA", "start_date": "2016-09-01", "graduation_date": "2020-06-30", "status": "graduated",
     "obligation_months": 60, "obligation_status": "breach", "exit_date": ""},
    {"person_id": C, "programme": "BOLASHAK", "cohort": 2018, "level": "bachelor", "host_country": "DEU",
     "start_date": "2018-09-01", "graduation_date": "2019-03-31", "status": "dropped_out",
     "return_date": "2019-05-02", "exit_date": "2021-01-31"},
]
#: What the 0006 importer wrote for RECORDS: (source row, kind, date) — written out by hand.
EVENTS_0006 = {
    (2, "departure", dt.date(2015, 9, 1)), (2, "graduation", dt.date(2017, 6, 30)),
    (2, "return", dt.date(2017, 8, 1)), (2, "employment_start", dt.date(2017, 9, 1)),
    (2, "obligation_fulfilled", None),
    (3, "departure", dt.date(2016, 9, 1)), (3, "graduation", dt.date(2020, 6, 30)), (3, "obligation_breach", None),
    (4, "departure", dt.date(2018, 9, 1)), (4, "drop_out", dt.date(2019, 3, 31)), (4, "return", dt.date(2019, 5, 2)),
    (4, "re_emigration", dt.date(2021, 1, 31)),
}


def _migrate(engine: sa.Engine, how, rev: str) -> None:
    with engine.begin() as conn:
        cfg = migrate.alembic_config()
        cfg.attributes["connection"] = conn
        how(cfg, rev)


def _events(engine: sa.Engine, table: sa.Table | sa.TableClause) -> set[tuple]:
    """(source row, kind, date, file) of every event, the file through the import record."""
    imp = schema.registry_import
    with engine.connect() as conn:
        rows = conn.execute(sa.select(table.c.source_row, table.c.kind, table.c.date, imp.c.file)
                            .select_from(table.join(imp, imp.c.id == table.c.import_id))).all()
    out = set()
    for row, kind, date, file in rows:
        if isinstance(date, str):  # a plain table clause on SQLite returns the stored text
            date = dt.date.fromisoformat(date)
        out.add((row, kind, date, file))
    return out


def test_upgrade_from_0006_keeps_every_event_with_its_file_and_row(store_url, tmp_path) -> None:
    engine = sa.create_engine(db.resolve_url(store_url))
    try:
        _migrate(engine, command.upgrade, "0006")
        path = write(tmp_path / "participants.csv", RECORDS)
        with Registry(engine=engine) as reg:
            res = reg.import_file(path)  # writes the award rows; 0006's writer also wrote these events:
        assert res.new == 3
        old_events = sa.table("registry_event", sa.column("id"), sa.column("award_id"), sa.column("kind"),
                              sa.column("date", sa.Date), sa.column("import_id"), sa.column("source_row"))
        aw = schema.award
        with engine.begin() as conn:
            award_of = dict(conn.execute(sa.select(aw.c.source_row, aw.c.id)).all())
            conn.execute(old_events.insert(), [
                {"award_id": award_of[row], "kind": kind, "date": date, "import_id": res.import_id, "source_row": row}
                for row, kind, date in sorted(EVENTS_0006, key=str)])
        before = _events(engine, old_events)
        assert before == {(row, kind, date, str(path)) for row, kind, date in EVENTS_0006}

        _migrate(engine, command.upgrade, "head")
        insp = sa.inspect(engine)
        assert "registry_event" in insp.get_view_names()
        # the covering index: SQLite keeps it, PostgreSQL drops it at 0011 (its query is faster without)
        has_index = "ix_registry_award_cohort" in {ix["name"] for ix in insp.get_indexes("registry_award")}
        assert has_index is (engine.dialect.name == "sqlite")
        assert _events(engine, schema.event) == before  # same kinds, dates, files and rows, now from the awards
        with Registry(engine=engine) as reg:
            assert reg.info()["events"] == len(EVENTS_0006)

        _migrate(engine, command.downgrade, "0006")
        assert "registry_event" in sa.inspect(engine).get_table_names()
        assert _events(engine, old_events) == before
    finally:
        engine.dispose()


def test_a_corrected_award_shows_its_corrected_events(store_url, tmp_path) -> None:
    """The view follows the award row: a correction of a return date moves the return event and
    names the corrected file and row as its source."""
    with Registry(store_url) as reg:
        reg.import_file(write(tmp_path / "first.csv", RECORDS))
        fixed = [dict(r) for r in RECORDS]
        fixed[0]["return_date"] = "2017-07-15"
        res = reg.import_file(write(tmp_path / "second.csv", [fixed[2], fixed[0], fixed[1]]))
        assert (res.new, res.updated, res.changes) == (0, 1, {"return_date": 1})
        events = _events(reg.engine, schema.event)
    assert (3, "return", dt.date(2017, 7, 15), str(tmp_path / "second.csv")) in events
    assert not any(kind == "return" and date == dt.date(2017, 8, 1) for _, kind, date, _ in events)
    assert (3, "departure", dt.date(2016, 9, 1), str(tmp_path / "first.csv")) in events  # B unchanged


def test_a_large_import_ends_with_the_cohort_index_and_keys_the_migrations_made(store_url, tmp_path) -> None:
    """An import into an empty registry is a bulk load (PostgreSQL sets its keys aside and adds
    them back); the store must end with the covering index the migrations created, column for
    column, and the same foreign keys."""
    from importlib import import_module

    m = import_module("talentflow.db.migrations.versions.0012_registry_index_shapes")

    def foreign_keys(engine: sa.Engine) -> set[tuple]:
        return {(tuple(fk["constrained_columns"]), fk["referred_table"], tuple(fk["referred_columns"]))
                for fk in sa.inspect(engine).get_foreign_keys("registry_award")}

    with Registry(store_url) as reg:
        fks = foreign_keys(reg.engine)
        reg.import_file(write(tmp_path / "p.csv", RECORDS))
        indexes = {ix["name"]: ix["column_names"] for ix in sa.inspect(reg.engine).get_indexes("registry_award")}
        assert foreign_keys(reg.engine) == fks  # PostgreSQL drops them for the load and adds them back
    assert len(fks) == 3
    if store_url.startswith("postgresql"):  # migration 0011: PostgreSQL has no covering index to rebuild
        assert "ix_registry_award_cohort" not in indexes
    else:
        assert indexes["ix_registry_award_cohort"] == list(m.COHORT_COLUMNS)


def test_0011_keeps_the_covering_index_on_sqlite_only_and_downgrading_restores_it(store_url) -> None:
    """0011 drops the cohort index on PostgreSQL (its indicator query is faster without it) and
    leaves SQLite's, and gives PostgreSQL's pseudonyms and ORCID iDs the "C" collation;
    downgrading to 0010 gives both backends the index 0007 made, column for column, and the
    default collation back."""
    from importlib import import_module

    m = import_module("talentflow.db.migrations.versions.0007_registry_events_view")
    engine = sa.create_engine(db.resolve_url(store_url))

    def cohort_index() -> list[str] | None:
        found = {ix["name"]: ix["column_names"] for ix in sa.inspect(engine).get_indexes("registry_award")}
        return found.get("ix_registry_award_cohort")

    def collations() -> dict[str, str | None]:
        with engine.connect() as conn:
            return dict(conn.execute(sa.text(
                "SELECT column_name, collation_name FROM information_schema.columns "
                "WHERE table_schema = current_schema() AND table_name = 'registry_participant' "
                "AND column_name IN ('pkey', 'orcid')")).all())

    try:
        _migrate(engine, command.upgrade, "0011")
        if engine.dialect.name == "sqlite":
            assert cohort_index() == list(m.COHORT_INDEX_COLUMNS)
        else:
            assert cohort_index() is None
            assert collations() == {"pkey": "C", "orcid": "C"}  # bytewise: no locale in their indexes
        _migrate(engine, command.downgrade, "0010")
        assert cohort_index() == list(m.COHORT_INDEX_COLUMNS)
        if engine.dialect.name == "postgresql":
            assert collations() == {"pkey": None, "orcid": None}
        _migrate(engine, command.upgrade, "0011")
        assert (cohort_index() is None) is (engine.dialect.name == "postgresql")
    finally:
        engine.dispose()


def test_0012_shapes_the_orcid_and_cohort_indexes_and_downgrading_restores_them(store_url) -> None:
    """0012 makes the ORCID index partial (``orcid IS NOT NULL``) on both backends, and a lookup
    by iD still uses it; on SQLite it puts the award id third in the covering cohort index, which
    the indicator query still reads alone. Downgrading to 0011 gives back the ORCID index over
    every participant and 0007's cohort index."""
    from importlib import import_module

    m7 = import_module("talentflow.db.migrations.versions.0007_registry_events_view")
    m12 = import_module("talentflow.db.migrations.versions.0012_registry_index_shapes")
    engine = sa.create_engine(db.resolve_url(store_url))
    sqlite = engine.dialect.name == "sqlite"

    def cohort_index() -> list[str] | None:
        found = {ix["name"]: ix["column_names"] for ix in sa.inspect(engine).get_indexes("registry_award")}
        return found.get("ix_registry_award_cohort")

    def definition() -> str:
        with engine.connect() as conn:
            if engine.dialect.name == "sqlite":
                return conn.execute(sa.text("SELECT sql FROM sqlite_master WHERE name = 'ix_registry_participant_orcid'")
                                    ).scalar_one()
            return conn.execute(sa.text("SELECT indexdef FROM pg_indexes WHERE schemaname = current_schema() "
                                        "AND indexname = 'ix_registry_participant_orcid'")).scalar_one()

    def plan() -> str:
        query = "SELECT id FROM registry_participant WHERE orcid = '0000-0002-1825-0097'"
        with engine.connect() as conn:
            if engine.dialect.name == "sqlite":
                return " ".join(str(r[-1]) for r in conn.execute(sa.text("EXPLAIN QUERY PLAN " + query)))
            conn.execute(sa.text("SET enable_seqscan = off"))  # an empty table: make the planner show its index
            return " ".join(r[0] for r in conn.execute(sa.text("EXPLAIN " + query)))

    try:
        _migrate(engine, command.upgrade, "head")
        assert "WHERE" in definition() and "orcid IS NOT NULL" in definition().replace("(", "").replace(")", "")
        assert "ix_registry_participant_orcid" in plan()
        assert cohort_index() == (list(m12.COHORT_COLUMNS) if sqlite else None)
        if sqlite:  # every column the shipped catalogue compares is in it: no table lookups
            with Registry(engine=engine) as reg, engine.connect() as conn:
                from talentflow.monitor.engine import compute

                seen: list[tuple] = []  # (statement, parameters) of every query the engine runs
                sa.event.listen(engine, "before_cursor_execute", lambda *a: seen.append((a[2], a[3])))
                compute(conn, reg.catalogue, dt.date(2026, 6, 30))
                query, params = next(q for q in seen if "GROUP BY" in q[0] and "registry_publication" not in q[0])
                steps = " ".join(str(r[-1]) for r in conn.exec_driver_sql("EXPLAIN QUERY PLAN " + query, params))
            assert "COVERING INDEX ix_registry_award_cohort" in steps, steps
            assert "TEMP B-TREE" not in steps, steps  # read in group order: no sort
        _migrate(engine, command.downgrade, "0011")
        assert "WHERE" not in definition()
        assert cohort_index() == (list(m7.COHORT_INDEX_COLUMNS) if sqlite else None)
        _migrate(engine, command.upgrade, "head")
        assert "WHERE" in definition()
        assert cohort_index() == (list(m12.COHORT_COLUMNS) if sqlite else None)
    finally:
        engine.dispose()
