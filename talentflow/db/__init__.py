"""The store: one SQL database (SQLite by default, PostgreSQL by URL) with one migration history.

Every package that keeps data (``stats``, and later the programme registry, the web
application's users and audit log) declares its tables in its own module and adds Alembic
scripts to ``talentflow/db/migrations/versions/``; this package knows none of them. It owns
where the store is, how it is connected (SQLite WAL, busy timeout, foreign keys), its schema
revision, and the write lock that serialises writers. See docs/store.md.

Public entry::

    from talentflow import db

    engine = db.connect(target)              # path, URL or None (default store); schema at head
    with db.write_transaction(engine) as conn:   # every write: serialised across processes
        db.insert_ignore(conn, table, rows)      # INSERT … ON CONFLICT DO NOTHING
    db.upgrade(target)                       # (from, to): the explicit `talentflow store upgrade`
    db.defer_checkpoint(conn)                # SQLite bulk load: checkpoint on a thread after COMMIT
    db.settle(engine)                        # wait for those threads (before disposing the engine)
"""

from talentflow.db.engine import (
    AFTER_TRANSACTION,
    defer_checkpoint,
    insert_ignore,
    make_engine,
    settle,
    write_transaction,
)
from talentflow.db.errors import StoreAheadError, StoreBehindError, StoreError
from talentflow.db.location import STORE_ENV, default_store_path, describe, is_embedded, resolve_url
from talentflow.db.migrate import MIGRATIONS, head, revision
from talentflow.db.store import connect, upgrade

__all__ = [
    "AFTER_TRANSACTION", "MIGRATIONS", "STORE_ENV", "StoreAheadError", "StoreBehindError", "StoreError", "connect",
    "default_store_path", "defer_checkpoint", "describe", "head", "insert_ignore", "is_embedded", "make_engine",
    "resolve_url", "revision", "settle", "upgrade", "write_transaction",
]
