"""Engines with the store's settings, and the write transaction every writer uses.

SQLite: WAL (readers never wait for a writer), a 30 s busy timeout (a second writer waits its
turn instead of failing), foreign keys on, and writers start with ``BEGIN IMMEDIATE`` so that
two processes importing at once are serialised by the database rather than racing and one of
them failing with "database is locked" half-way. PostgreSQL: writers take a transaction-level
advisory lock, which does the same across clients of one server.
"""

from __future__ import annotations

import contextlib
import hashlib
import threading
import time
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from talentflow.db.errors import StoreError
from talentflow.db.location import describe, parse_url

#: Seconds a writer waits for another writer before giving up.
BUSY_TIMEOUT_S = 30
SQLITE_MAGIC = b"SQLite format 3\x00"
_BEGIN_OPTION = "talentflow_begin"


def make_engine(url: str) -> sa.Engine:
    """An engine for ``url`` with the store's settings; checks that an SQLite file is a database
    (a text file given by mistake is refused and left untouched) and that the driver exists."""
    u = parse_url(url)
    backend = u.get_backend_name()
    if backend == "sqlite":
        _check_sqlite_file(u)
        engine = sa.create_engine(u, connect_args={"timeout": BUSY_TIMEOUT_S})
        sa.event.listen(engine, "connect", _sqlite_connect)
        sa.event.listen(engine, "begin", _sqlite_begin)
        return engine
    try:
        return sa.create_engine(u, pool_pre_ping=True)
    except ModuleNotFoundError as exc:
        raise StoreError(f"{describe(u)}: the database driver {exc.name!r} is not installed "
                         f"(PostgreSQL needs psycopg: pip install 'psycopg[binary]')") from None
    except (sa.exc.ArgumentError, sa.exc.NoSuchModuleError) as exc:
        raise StoreError(f"{describe(u)}: not a usable database URL ({exc})") from None


def _check_sqlite_file(u: sa.URL) -> None:
    if not u.database or u.database == ":memory:":
        return
    path = Path(u.database)
    try:
        if path.is_dir():
            raise StoreError(f"{path}: is a folder, not a store; give a file path (e.g. {path / 'store.sqlite'}) "
                             "or a database URL")
        if path.exists():
            with open(path, "rb") as fh:
                head = fh.read(len(SQLITE_MAGIC))
            if head and head != SQLITE_MAGIC:
                raise StoreError(f"{path}: not an SQLite database, so not a talentflow store; the file was left "
                                 "as it is (give a new path or a store talentflow created)")
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StoreError(f"{path}: cannot open the store ({exc.strerror or exc})") from None


def _sqlite_connect(dbapi_conn: Any, _record: Any) -> None:
    # talentflow emits BEGIN itself (see _sqlite_begin): pysqlite's own transaction handling
    # would start writers DEFERRED, which under WAL fails instead of waiting
    dbapi_conn.isolation_level = None
    cur = dbapi_conn.cursor()
    cur.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_S * 1000}")
    cur.execute("PRAGMA foreign_keys=ON")
    mode = cur.execute("PRAGMA journal_mode").fetchone()[0]
    if mode not in ("wal", "memory"):
        cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=NORMAL")  # durable at each checkpoint; safe with WAL
    cur.close()


def _sqlite_begin(conn: sa.Connection) -> None:
    conn.exec_driver_sql("BEGIN " + conn.get_execution_options().get(_BEGIN_OPTION, "DEFERRED"))


def lock_key(name: str) -> int:
    """A stable signed 64-bit key for ``pg_advisory_xact_lock`` from a lock name."""
    return int.from_bytes(hashlib.sha256(f"talentflow:{name}".encode()).digest()[:8], "big", signed=True)


#: ``conn.info`` key of callables ``f(conn)`` that :func:`write_transaction` runs once its
#: transaction has ended, committed or not, on the same connection (SQLite refuses to DETACH a
#: database that the open transaction has read).
AFTER_TRANSACTION = "talentflow_after_transaction"


#: ``conn.info`` key set by :func:`defer_checkpoint`.
_DEFER_CHECKPOINT = "talentflow_defer_checkpoint"
#: SQLite's own automatic checkpoint threshold, pages (restored after a deferred one).
_AUTOCHECKPOINT_PAGES = 1000
_checkpoints: list[tuple[sa.Engine, threading.Thread, list[float]]] = []
_checkpoints_lock = threading.Lock()


def defer_checkpoint(conn: sa.Connection) -> None:
    """SQLite, inside a :func:`write_transaction` that writes a bulk load: its ``COMMIT`` puts the
    pages in the WAL and returns; copying them into the store file (the checkpoint, with its
    sync) runs afterwards on a thread of its own, as SQLite's documentation suggests for large
    writes and as PostgreSQL's checkpointer does for every commit. What a commit guarantees is
    unchanged: readers see it at once, and with ``synchronous=NORMAL`` it survives a crash of
    the program; after a power cut the last commits before a checkpoint can be lost, with or
    without this. :func:`settle` waits for the thread (the registry does before it closes)."""
    if conn.dialect.name != "sqlite":
        return
    conn.exec_driver_sql("PRAGMA wal_autocheckpoint=0")
    conn.info[_DEFER_CHECKPOINT] = True


def _checkpoint(engine: sa.Engine, took: list[float]) -> None:
    t0 = time.perf_counter()
    with contextlib.suppress(sa.exc.DBAPIError), engine.connect() as conn:  # a later writer does it then
        conn.exec_driver_sql("PRAGMA wal_checkpoint(PASSIVE)")
    took.append(time.perf_counter() - t0)


def _after_commit(engine: sa.Engine, conn: sa.Connection) -> None:
    if not conn.info.pop(_DEFER_CHECKPOINT, False):
        return
    # on the driver's connection: the transaction has ended, and no new one should begin here
    conn.connection.driver_connection.execute(f"PRAGMA wal_autocheckpoint={_AUTOCHECKPOINT_PAGES}")
    took: list[float] = []
    thread = threading.Thread(target=_checkpoint, args=(engine, took), name="talentflow-checkpoint")
    with _checkpoints_lock:
        _checkpoints.append((engine, thread, took))
    thread.start()  # not a daemon: the interpreter waits for it before it exits


def settle(engine: sa.Engine) -> float:
    """Wait for the checkpoints :func:`defer_checkpoint` left to threads on ``engine``; the
    seconds they took (0 when there were none)."""
    with _checkpoints_lock:
        mine = [c for c in _checkpoints if c[0] is engine]
        _checkpoints[:] = [c for c in _checkpoints if c[0] is not engine]
    for _, thread, _ in mine:
        thread.join()
    return sum(sum(took) for _, _, took in mine)


@contextmanager
def write_transaction(engine: sa.Engine, lock: str = "store") -> Iterator[sa.Connection]:
    """A transaction that holds the store's write lock until it commits (or rolls back).

    Every writer goes through this, so two processes writing at once run one after the other,
    each seeing what the other committed: idempotent imports and one-time registrations stay
    right without relying on luck. ``lock`` names the lock on PostgreSQL (SQLite has a single
    write lock per file, so there every writer waits for every other)."""
    with engine.connect() as conn:
        if conn.dialect.name == "sqlite":
            conn.execution_options(**{_BEGIN_OPTION: "IMMEDIATE"})
        try:
            with conn.begin():
                if conn.dialect.name == "postgresql":
                    conn.execute(sa.text("SELECT pg_advisory_xact_lock(:k)"), {"k": lock_key(lock)})
                yield conn
        finally:  # committed or rolled back: what the writer asked to undo afterwards (a DETACH)
            for undo in conn.info.pop(AFTER_TRANSACTION, []):
                undo(conn)
            _after_commit(engine, conn)


def insert_ignore(conn: sa.Connection, table: sa.Table, rows: Iterable[Mapping[str, Any]]) -> None:
    """``INSERT … ON CONFLICT DO NOTHING`` on SQLite and PostgreSQL: rows whose primary or unique key
    is already there are skipped, so registering the same thing twice (or from two processes) is
    harmless."""
    rows = list(rows)
    if not rows:
        return
    name = conn.dialect.name
    if name == "sqlite":
        from sqlalchemy.dialects.sqlite import insert
    elif name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:  # pragma: no cover - only the two supported backends
        raise StoreError(f"insert_ignore: backend {name!r} is not supported (SQLite or PostgreSQL)")
    conn.execute(insert(table).on_conflict_do_nothing(), rows)
