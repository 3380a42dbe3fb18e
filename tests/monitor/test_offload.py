"""Work handed to a second process gives what the same work gives in one process: the same
result, the same stored rows, the same refusal; a child that fails is replaced by the parent."""

from __future__ import annotations

import os
from csv import reader, writer

import pytest
import sqlalchemy as sa

from talentflow.db import write_transaction
from talentflow.monitor import offload, open_registry, prepare, schema, write
from talentflow.monitor.issues import RegistryImportError
from talentflow.monitor.synthetic import write_registry

from .conftest import bad_check, checksum

KEY = b"test-key-for-the-registry-0123456789"


def _pid_and_square(x: int) -> tuple[int, int]:
    return os.getpid(), x * x


def _die_in_child(parent: int) -> int:
    if os.getpid() != parent:
        os._exit(3)
    return 42


@pytest.mark.skipif(not hasattr(os, "fork"), reason="os.fork is not available on this platform")
def test_the_result_comes_from_a_child_process(monkeypatch):
    monkeypatch.setenv(offload.PROCESSES_ENV, "2")
    pid, value = offload.start(_pid_and_square, 12).result()
    assert value == 144
    assert pid != os.getpid()


def test_one_process_when_asked(monkeypatch):
    monkeypatch.setenv(offload.PROCESSES_ENV, "1")
    assert offload.start(_pid_and_square, 3).result() == (os.getpid(), 9)
    monkeypatch.delenv(offload.PROCESSES_ENV)
    assert offload.start(_pid_and_square, 3, fork=False).result() == (os.getpid(), 9)


def test_a_failed_child_is_replaced_by_the_parent(monkeypatch):
    monkeypatch.setenv(offload.PROCESSES_ENV, "2")
    assert offload.start(_die_in_child, os.getpid()).result() == 42


def _rows(engine: sa.Engine) -> dict[str, list[tuple]]:
    """People and awards as stored (the import record's timestamp aside)."""
    with engine.connect() as conn:
        return {t.name: [tuple(r) for r in conn.execute(sa.select(t).order_by(*t.primary_key.columns))]
                for t in (schema.participant, schema.award)}


@pytest.fixture
def small_thresholds(monkeypatch):
    """Hand work to a second process even for a small file, whatever the machine's load."""
    monkeypatch.setenv(offload.PROCESSES_ENV, "2")
    monkeypatch.setattr(prepare, "OFFLOAD_MIN", 1)
    monkeypatch.setattr(write, "STAGE_MIN", 10)
    monkeypatch.setattr(write, "STAGE_CHUNK", 300)  # a 3,000-row file is staged in several files


def test_two_processes_store_exactly_what_one_process_stores(tmp_path, monkeypatch, small_thresholds):
    csv = write_registry(tmp_path / "synthetic.csv", 3_000)
    staged = []
    real = write._insert_staged
    monkeypatch.setattr(write, "_insert_staged", lambda conn, table, s: (staged.append(s.paths), real(conn, table, s)))
    with open_registry(tmp_path / "two.sqlite", key=KEY) as reg:
        first = reg.import_file(csv)
        two = _rows(reg.engine)
        again = reg.import_file(csv)  # idempotent: nothing new, nothing changed
        assert (again.new, again.updated, again.import_id) == (0, 0, None)
        with reg.engine.connect() as conn:  # the scratch database is not left attached
            attached = [r[1] for r in conn.exec_driver_sql("PRAGMA database_list")]
            assert not [name for name in attached if name.startswith(write.STAGE_SCHEMA)]
    assert len(staged) == 1 and len(staged[0]) > 3  # staged in several files, copied in one by one
    assert not any(os.path.exists(p) for p in staged[0])  # and they are gone
    monkeypatch.setenv(offload.PROCESSES_ENV, "1")
    with open_registry(tmp_path / "one.sqlite", key=KEY) as reg:
        second = reg.import_file(csv)
        one = _rows(reg.engine)
    assert (first.new, first.people_new) == (second.new, second.people_new) == (3_000, second.people_new)
    assert two == one
    assert len(staged) == 1  # one process: no staging
    assert len(one["registry_award"]) == 3_000


def test_a_second_process_that_dies_midway_is_finished_by_the_first(tmp_path, monkeypatch, small_thresholds):
    """The second process writes two scratch files and dies: this process has already copied
    what was whole, makes the rest itself, and stores what one process stores."""
    csv = write_registry(tmp_path / "synthetic.csv", 3_000)
    parent, real, made = os.getpid(), write._stage_rows, []

    def dies_at_the_third(path, people, sub):
        if os.getpid() != parent and len(os.listdir(os.path.dirname(path))) >= 2:
            os._exit(9)
        made.append(path)
        return real(path, people, sub)

    monkeypatch.setattr(write, "_stage_rows", dies_at_the_third)
    with open_registry(tmp_path / "two.sqlite", key=KEY) as reg:
        reg.import_file(csv)
        two = _rows(reg.engine)
    assert made  # the parent made the files the child left undone
    monkeypatch.setenv(offload.PROCESSES_ENV, "1")
    with open_registry(tmp_path / "one.sqlite", key=KEY) as reg:
        reg.import_file(csv)
        one = _rows(reg.engine)
    assert two == one and len(one["registry_award"]) == 3_000


def _two_imports_each_way(tmp_path, monkeypatch, first, second) -> tuple[dict, dict]:
    """Import ``first`` then ``second`` into a new store with two processes, then with one:
    the stored rows and the second import's result, by process count ("2", "1")."""
    stored, results = {}, {}
    for processes in ("2", "1"):
        monkeypatch.setenv(offload.PROCESSES_ENV, processes)
        with open_registry(tmp_path / f"store{processes}.sqlite", key=KEY) as reg:
            reg.import_file(first)
            results[processes] = reg.import_file(second)
            stored[processes] = _rows(reg.engine)
    return stored, results


def test_new_awards_of_people_already_stored_are_staged_in_chunks_too(tmp_path, monkeypatch, small_thresholds):
    """A second file with only people already stored (each with an award of another cohort):
    the staged part is cut by awards alone, and the rows are those one process stores."""
    csv = write_registry(tmp_path / "synthetic.csv", 3_000)
    with open(csv, encoding="utf-8", newline="") as fh:
        rows = list(reader(fh))
    at = rows[0].index("cohort")
    earlier = tmp_path / "earlier.csv"
    with open(earlier, "w", encoding="utf-8", newline="") as fh:
        writer(fh).writerows([rows[0], *([*r[:at], str(int(r[at]) - 1), *r[at + 1:]] for r in rows[1:])])
    staged, real = [], write._insert_staged
    monkeypatch.setattr(write, "_insert_staged", lambda conn, table, s: (staged.append(s.bounds), real(conn, table, s)))
    stored, second = _two_imports_each_way(tmp_path, monkeypatch, csv, earlier)
    assert all((r.new, r.people_new) == (3_000, 0) for r in second.values())
    assert len(staged) == 2 and len(staged[1]) > 3  # the second file: several scratch files, of awards only
    assert all(people == slice(0, 0) for people, _ in staged[1])
    assert stored["2"] == stored["1"]


def test_a_second_file_with_known_and_new_people_is_stored_the_same(tmp_path, monkeypatch, small_thresholds):
    """A file mixing awards of people already stored with new people: the staged part starts at a
    new person, so every award finds its person (SQLite checks as it inserts), and the rows are
    those one process stores."""
    csv = write_registry(tmp_path / "synthetic.csv", 3_000)
    with open(csv, encoding="utf-8", newline="") as fh:
        rows = list(reader(fh))
    half = tmp_path / "half.csv"
    with open(half, "w", encoding="utf-8", newline="") as fh:
        writer(fh).writerows(rows[:1_501])
    stored, second = _two_imports_each_way(tmp_path, monkeypatch, half, csv)
    assert all(r.new == 1_500 and r.people_new > 0 for r in second.values())
    assert stored["2"] == stored["1"]


def test_on_postgresql_two_processes_store_exactly_what_one_process_stores(tmp_path, monkeypatch, small_thresholds,
                                                                          pg_url):
    """The second process makes the COPY text of the last awards; the stored rows are the same."""
    csv = write_registry(tmp_path / "synthetic.csv", 3_000)
    staged = []
    real = write._insert_staged
    monkeypatch.setattr(write, "_insert_staged", lambda conn, table, s: (staged.append(s.paths), real(conn, table, s)))
    with open_registry(pg_url, key=KEY) as reg:
        first = reg.import_file(csv)
        two = _rows(reg.engine)
        again = reg.import_file(csv)
        assert (again.new, again.updated, again.import_id) == (0, 0, None)
        with write_transaction(reg.engine) as conn:
            for t in reversed(schema.TABLES):
                conn.execute(t.delete())
    assert staged == [[]]  # one staged part, as COPY text (no scratch file)
    monkeypatch.setenv(offload.PROCESSES_ENV, "1")
    with open_registry(pg_url, key=KEY) as reg:
        second = reg.import_file(csv)
        one = _rows(reg.engine)
    assert (first.new, first.people_new) == (second.new, second.people_new) == (3_000, second.people_new)
    assert len(staged) == 1
    def strip(rows: list[tuple]) -> list[tuple]:  # the programme and import ids differ (serials go on)
        return [r[:2] + r[3:-2] + r[-1:] for r in rows]

    assert strip(two["registry_award"]) == strip(one["registry_award"])
    assert two["registry_participant"] == one["registry_participant"]


def test_an_error_found_with_two_processes_is_the_same_and_writes_nothing(tmp_path, monkeypatch, small_thresholds):
    csv = write_registry(tmp_path / "synthetic.csv", 500)
    with csv.open(encoding="utf-8", newline="") as fh:
        rows = list(reader(fh))
    at = rows[0].index("person_id")
    rows[100][at] = bad_check(rows[100][at])  # spreadsheet row 101
    with csv.open("w", encoding="utf-8", newline="") as fh:
        writer(fh).writerows(rows)
    errors = []
    for processes in ("2", "1"):  # two processes, then one
        monkeypatch.setenv(offload.PROCESSES_ENV, processes)
        with open_registry(tmp_path / f"store{processes}.sqlite", key=KEY) as reg:
            before = checksum(reg.engine)
            with pytest.raises(RegistryImportError) as exc:
                reg.import_file(csv)
            assert checksum(reg.engine) == before
            errors.append([(i.file, i.row, i.column, i.rule) for i in exc.value.issues])
    assert errors[0] == errors[1] == [(str(csv), 101, "person_id", "invalid_id")]


def test_no_second_process_when_every_core_is_busy(monkeypatch):
    monkeypatch.delenv(offload.PROCESSES_ENV, raising=False)
    monkeypatch.setattr(offload.os, "cpu_count", lambda: 2)
    monkeypatch.setattr(offload.os, "getloadavg", lambda: (2.4, 2.0, 1.8))
    assert not offload.enabled()
    assert offload.start(_pid_and_square, 5).result() == (os.getpid(), 25)
    monkeypatch.setattr(offload.os, "getloadavg", lambda: (1.6, 1.2, 1.0))
    assert not offload.enabled()
    for idle in (0.3, 1.2):  # 1.2: this process itself, busy for a while, and a little more
        monkeypatch.setattr(offload.os, "getloadavg", lambda idle=idle: (idle, 0.2, 0.1))
        assert offload.enabled() == hasattr(os, "fork")
    monkeypatch.setenv(offload.PROCESSES_ENV, "2")
    monkeypatch.setattr(offload.os, "getloadavg", lambda: (2.4, 2.0, 1.8))
    assert offload.enabled() == hasattr(os, "fork")



def _nap_then_square(x: int) -> int:
    import time

    time.sleep(0.3)
    return x * x


@pytest.mark.skipif(not hasattr(os, "fork"), reason="os.fork is not available on this platform")
def test_a_caller_can_look_whether_the_child_is_still_running(monkeypatch):
    """``running`` never blocks; once it has seen the child end, the result still comes back."""
    import time

    monkeypatch.setenv(offload.PROCESSES_ENV, "2")
    pending = offload.start(_nap_then_square, 7)
    assert pending.running()
    while pending.running():
        time.sleep(0.01)
    assert pending.result() == 49 and not pending.running()


def test_a_failure_while_the_second_process_stages_stops_it_and_leaves_nothing(tmp_path, monkeypatch,
                                                                               small_thresholds):
    """The import fails after the second process has started: the child is stopped and reaped
    before its scratch folder is deleted (else it could write files into it again), and the
    store is as it was."""
    csv = write_registry(tmp_path / "synthetic.csv", 3_000)
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    monkeypatch.setattr(write.tempfile, "tempdir", str(scratch))
    started, real_start = [], write.offload.start
    monkeypatch.setattr(write.offload, "start", lambda *a, **k: started.append(real_start(*a, **k)) or started[-1])

    def fails(*args, **kwargs):
        raise RuntimeError("the disk is full")

    def slow(path, people, sub, real=write._stage_rows, parent=os.getpid()):
        if os.getpid() != parent:  # the child is still staging when this process fails
            import time

            time.sleep(0.5)
        return real(path, people, sub)

    monkeypatch.setattr(write, "bulk_insert", fails)
    monkeypatch.setattr(write, "_stage_rows", slow)
    with open_registry(tmp_path / "store.sqlite", key=KEY) as reg:
        before = checksum(reg.engine)
        with pytest.raises(RuntimeError, match="the disk is full"):
            reg.import_file(csv)
        assert checksum(reg.engine) == before
    staging = [p for p in started if p.args and p.args[0] and str(p.args[0][0]).startswith(str(scratch))]
    assert len(staging) == 1 and not staging[0].running()  # the child that staged rows is gone
    assert not list(scratch.iterdir())  # and so is its scratch folder
