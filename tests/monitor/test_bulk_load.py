"""A bulk import's shortcuts keep what the plain path keeps: the CSV read as codes is the CSV
read as text, the SQLite checkpoint left to a thread still happens, and a PostgreSQL import
whose people are sent by a thread still writes nothing when it fails."""

from __future__ import annotations

import copy

import sqlalchemy as sa

from talentflow import db
from talentflow.monitor import Registry, write
from talentflow.monitor.synthetic import write_registry
from talentflow.monitor.template import Coded, Mapping, read_table

from .conftest import checksum

HEADER = "person_id,programme,cohort,level,status,host_country\n"


def _careful(path, mapping=None):
    """The same file through the reader that takes every row as text (the path for xlsx)."""
    import pytest

    import talentflow.monitor.template as t

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(t, "_fast_csv", lambda *a: None)
        return read_table(path, mapping)


def test_columns_read_as_codes_are_the_columns_read_as_text(tmp_path):
    """A value equal to its column's header, blank rows, and spaces stay what they were."""
    path = tmp_path / "p.csv"
    path.write_text(HEADER + "950315300012,BOLASHAK,2015,level,graduated, DEU\n"
                    ",,,,,\n"
                    "950315300012,BOLASHAK,2016,phd,status,DEU\n"
                    "880101300013, BOLASHAK,2015,master,graduated,США\n", encoding="utf-8")
    fast, careful = read_table(path), _careful(path)
    assert isinstance(fast.columns["level"], Coded) and not isinstance(fast.columns["person_id"], Coded)
    assert fast.rows == careful.rows == [2, 4, 5]
    assert {k: list(v) for k, v in fast.columns.items()} == {k: list(v) for k, v in careful.columns.items()}
    assert list(fast.columns["level"]) == ["level", "phd", "master"]
    assert list(fast.columns["status"]) == ["graduated", "status", "graduated"]
    assert "level" not in fast.columns["host_country"].uniques  # a header is no value unless a cell has it


def test_a_mapping_recodes_coded_columns_as_it_recodes_text(tmp_path):
    path = tmp_path / "ru.csv"
    path.write_text("ИИН,Программа,Год набора,Статус\n950315300012,BOLASHAK,2015,Окончил\n"
                    "880101300013,BOLASHAK,2015,Обучается\n880101300013,BOLASHAK,2016,окончил \n", encoding="utf-8")
    mapping = Mapping(columns={"person_id": ["ИИН"], "programme": ["Программа"], "cohort": ["Год набора"],
                               "status": ["Статус"]},
                      values={"status": {"окончил": "graduated", "обучается": "studying"}})
    fast = read_table(path, mapping)
    assert list(fast.columns["status"]) == list(_careful(path, mapping).columns["status"]) == [
        "graduated", "studying", "graduated"]
    assert sorted(fast.columns["status"].uniques) == ["graduated", "studying"]  # two words became one value


def test_a_bulk_import_on_sqlite_is_checkpointed_after_its_commit(tmp_path, monkeypatch):
    """The WAL's pages reach the store file on a thread; the import is readable before that, and the
    connection gets SQLite's automatic checkpoints back."""
    monkeypatch.setattr(write, "STAGE_MIN", 10)
    csv = write_registry(tmp_path / "synthetic.csv", 400)
    store = tmp_path / "s.sqlite"
    started = []
    real = db.engine._after_commit
    monkeypatch.setattr(db.engine, "_after_commit", lambda e, c: (started.append(
        bool(c.info.get(db.engine._DEFER_CHECKPOINT))), real(e, c)))
    with Registry(store, key=b"k" * 32) as reg:
        res = reg.import_file(csv)
        with reg.engine.connect() as conn:  # committed: readable at once
            assert conn.exec_driver_sql("SELECT count(*) FROM registry_award").scalar_one() == res.new > 0
            assert conn.exec_driver_sql("PRAGMA wal_autocheckpoint").scalar_one() == 1000
        assert reg.engine.dialect.name == "sqlite" and True in started
        assert db.settle(reg.engine) > 0  # the thread ran a checkpoint
        assert db.settle(reg.engine) == 0  # and nothing is left to wait for
        with reg.engine.connect() as conn:
            busy, log, done = conn.exec_driver_sql("PRAGMA wal_checkpoint(PASSIVE)").one()
        assert busy == 0 and log == done  # every frame in the WAL is in the store file


def test_a_small_import_keeps_sqlites_own_checkpoints(tmp_path):
    from .conftest import write as write_csv
    from .test_import import base_records

    with Registry(tmp_path / "s.sqlite", key=b"k" * 32) as reg:
        reg.import_file(write_csv(tmp_path / "p.csv", base_records()))
        assert db.settle(reg.engine) == 0


def test_a_failure_while_the_people_are_sent_writes_nothing_on_postgresql(tmp_path, monkeypatch, pg_url):
    """On PostgreSQL a thread sends the new people while the awards' text is made; an error in
    between waits for the thread, rolls everything back and leaves the store as it was."""
    csv = write_registry(tmp_path / "synthetic.csv", 300)
    with Registry(pg_url, key=b"k" * 32) as reg:
        before = checksum(reg.engine)
        sent = []
        real = write._copy_people
        monkeypatch.setattr(write, "_copy_people", lambda conn, people: (real(conn, people), sent.append(1)))

        def broken(sub):
            raise RuntimeError("made to fail")

        monkeypatch.setattr(write, "complete", broken)
        try:
            reg.import_file(csv)
        except RuntimeError as exc:
            assert "made to fail" in str(exc)
        else:  # pragma: no cover - the failure must surface
            raise AssertionError("the import should have failed")
        assert sent == [1]  # the people had been sent when the error came
        assert checksum(reg.engine) == before
        with reg.engine.connect() as conn:
            assert conn.execute(sa.text("SELECT count(*) FROM registry_participant")).scalar_one() == 0


def test_a_csv_parsed_in_two_halves_is_the_csv_parsed_whole(tmp_path, monkeypatch):
    """The second process parses the second half: quoted line breaks near the middle, codes
    that differ between the halves and a column of digits come back as one pass reads them."""
    from talentflow.monitor import offload, template

    lines = [HEADER.strip() + ",field"]
    for i in range(400):
        field = '"two\nlines"' if 190 <= i <= 210 else ("Physics" if i < 200 else "Law")
        lines.append(f"{950315300012 + i},BOLASHAK,{2000 + i % 7},{'phd' if i < 200 else 'master'},"
                     f"graduated,DEU,{field}")
    path = tmp_path / "big.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    raw = path.read_bytes()
    cut = template._split_point(raw)
    assert cut is not None and raw[:cut].count(b'"') % 2 == 0 and raw[cut - 1:cut] == b"\n"

    monkeypatch.setattr(template, "SPLIT_BYTES", 1)
    monkeypatch.setenv(offload.PROCESSES_ENV, "2")
    halves = read_table(path)
    monkeypatch.setenv(offload.PROCESSES_ENV, "1")
    whole = read_table(path)
    assert halves.rows == whole.rows and len(whole.rows) == 400
    assert {k: list(v) for k, v in halves.columns.items()} == {k: list(v) for k, v in whole.columns.items()}
    assert list(halves.columns["cohort"])[:3] == ["2000", "2001", "2002"]  # text, not numbers
    assert list(halves.columns["field"])[195] == "two\nlines"


def test_no_split_when_the_header_spans_lines():
    from talentflow.monitor.template import _split_point

    body = b"950315300012,BOLASHAK,2015\n" * 50
    assert _split_point(b"person_id,programme,cohort\n" + body) is not None
    assert _split_point(b'person_id,"prog\nramme",cohort\n' + body) is None


def _catalogue(engine: sa.Engine) -> set[tuple]:
    """Every constraint and index of the registry's tables in the test's schema, as PostgreSQL
    defines them (names, columns, collations, referential actions)."""
    with engine.connect() as conn:
        constraints = conn.execute(sa.text(
            "SELECT c.conrelid::regclass::text, c.conname, pg_get_constraintdef(c.oid) FROM pg_constraint c "
            "JOIN pg_namespace n ON n.oid = c.connamespace "
            "WHERE n.nspname = current_schema() AND c.conrelid::regclass::text LIKE 'registry%'")).all()
        indexes = conn.execute(sa.text(
            "SELECT tablename, indexname, indexdef FROM pg_indexes "
            "WHERE schemaname = current_schema() AND tablename LIKE 'registry%'")).all()
    return {tuple(r) for r in constraints} | {tuple(r) for r in indexes}


def test_a_postgresql_bulk_load_gives_back_every_key_index_and_foreign_key(tmp_path, monkeypatch, pg_url):
    """A bulk load fills the people and award tables without their keys and indexes and builds
    them at the end: afterwards the catalogue is what it was, definition for definition. A small
    import into the loaded registry sets nothing aside."""
    from talentflow.monitor import pgbulk

    aside: list[pgbulk.SetAside] = []
    real = pgbulk.set_aside
    def spy(*a, **k):  # what was set aside, as it was then (the writer takes the people's part out early)
        got = real(*a, **k)
        aside.append(copy.deepcopy(got))
        return got

    monkeypatch.setattr(pgbulk, "set_aside", spy)
    with Registry(pg_url, key=b"k" * 32) as reg:
        before = _catalogue(reg.engine)  # as the migrations made it
        assert any(name == "uq_registry_award" for _, name, _ in before)
        reg.import_file(write_registry(tmp_path / "synthetic.csv", 300, seed=2))
        assert _catalogue(reg.engine) == before
        dropped = {name for _, name, _ in aside[0].keys} | {d.split()[2] for _, d in aside[0].indexes}
        assert {"registry_participant_pkey", "registry_participant_pkey_key", "ix_registry_participant_orcid",
                "registry_award_pkey", "uq_registry_award"} <= dropped
        assert {name for _, name, _ in aside[0].foreign_keys} >= {
            "registry_award_participant_id_fkey", "registry_publication_participant_id_fkey"}
        with reg.engine.connect() as conn:
            assert conn.execute(sa.text("SELECT count(*) FROM registry_award")).scalar_one() == 300

        aside.clear()  # a few more people: not a bulk load
        reg.import_file(write_registry(tmp_path / "more.csv", 20, seed=3))
        assert not aside[0]
        assert _catalogue(reg.engine) == before


def test_a_key_broken_in_a_postgresql_bulk_load_fails_it_and_changes_nothing(tmp_path, monkeypatch, pg_url):
    """The keys of a bulk load are checked when they are built again: people sent twice break the
    primary key, the import fails, and the store (rows and catalogue) is as it was."""
    csv = write_registry(tmp_path / "synthetic.csv", 300)
    with Registry(pg_url, key=b"k" * 32) as reg:
        before, catalogue = checksum(reg.engine), _catalogue(reg.engine)
        real = write._copy_people
        monkeypatch.setattr(write, "_copy_people", lambda conn, people: (real(conn, people), real(conn, people)))
        try:
            reg.import_file(csv)
        except sa.exc.IntegrityError as exc:
            assert "registry_participant" in str(exc)
        else:  # pragma: no cover - the broken key must surface
            raise AssertionError("the import should have failed")
        assert checksum(reg.engine) == before
        assert _catalogue(reg.engine) == catalogue
