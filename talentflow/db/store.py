"""Opening a store: resolve where it is, check it, and bring a fresh one to head."""

from __future__ import annotations

import logging

import sqlalchemy as sa

from talentflow.db.engine import make_engine
from talentflow.db.errors import StoreBehindError, StoreError
from talentflow.db.location import StoreTarget, describe, is_embedded, resolve_url
from talentflow.db.migrate import current, head, known, upgrade_engine

log = logging.getLogger("talentflow.db")


def connect(target: StoreTarget = None, *, auto_upgrade: bool | None = None) -> sa.Engine:
    """An engine on the store at ``target``, its schema at this talentflow's head.

    ``target``: a path (SQLite file), a database URL (``postgresql+psycopg://…``), or ``None``
    for the default store (``$TALENTFLOW_STORE``, else the embedded SQLite file in the cache).
    A fresh store is created at head. A store that is behind raises :class:`StoreBehindError`
    naming ``talentflow store upgrade`` — except the embedded default store (``auto_upgrade``
    ``None`` means exactly that case), which talentflow owns and upgrades itself, logging it.
    Every other problem (not a database, server down, driver missing) is a :class:`StoreError`
    with a one-line message."""
    url = resolve_url(target)
    engine = make_engine(url)
    where = describe(engine.url)
    if auto_upgrade is None:
        auto_upgrade = is_embedded(target)
    try:
        with engine.connect() as conn:
            rev = current(conn)
        want = head()
        if rev != want:
            if rev is not None and known(rev) and not auto_upgrade:
                command = "talentflow store upgrade" + ("" if target is None else f" --store {where}")
                raise StoreBehindError(where, rev, want, command)
            before, after = upgrade_engine(engine)
            if before is not None:
                log.warning("store %s upgraded from revision %s to %s", where, before, after)
    except StoreError:
        engine.dispose()
        raise
    except sa.exc.DBAPIError as exc:
        engine.dispose()
        raise StoreError(f"{where}: cannot open the store: {_first_line(exc)}") from None
    return engine


def upgrade(target: StoreTarget = None) -> tuple[str | None, str]:
    """``talentflow store upgrade``: bring the store at ``target`` to head; ``(from, to)``
    (``from`` is ``None`` for a store created now, equal to ``to`` when it was up to date)."""
    engine = make_engine(resolve_url(target))
    try:
        return upgrade_engine(engine)
    except sa.exc.DBAPIError as exc:
        raise StoreError(f"{describe(engine.url)}: cannot open the store: {_first_line(exc)}") from None
    finally:
        engine.dispose()


def _first_line(exc: sa.exc.DBAPIError) -> str:
    text = str(exc.orig) if exc.orig is not None else str(exc)
    return (text.strip().splitlines() or ["unknown error"])[0]
