"""The store's single migration history (Alembic scripts in ``migrations/versions/``).

Every package that keeps tables in the store adds its own scripts to that one history, each
revising the previous head, so a store has one revision number whatever it holds. Opening a
store checks that revision: a fresh store is created at head, a store that is behind is refused
with a one-line message (``talentflow store upgrade`` is the explicit, logged step), and a store
at a revision this talentflow does not know is refused so an older program cannot damage it.
"""

from __future__ import annotations

import logging
from pathlib import Path

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from alembic.util import CommandError

from talentflow.db.engine import write_transaction
from talentflow.db.errors import StoreAheadError, StoreError
from talentflow.db.location import describe

log = logging.getLogger("talentflow.db")

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
VERSION_TABLE = "alembic_version"


def alembic_config() -> Config:
    """An Alembic configuration for the store's history (no ``alembic.ini`` needed)."""
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    return cfg


def script_directory() -> ScriptDirectory:
    return ScriptDirectory.from_config(alembic_config())


def head() -> str:
    """The revision this talentflow writes: the single head of the history."""
    heads = script_directory().get_heads()
    if len(heads) != 1:  # two packages' scripts revising the same parent: a merge to fix
        raise RuntimeError(f"the store's migration history has {len(heads)} heads {sorted(heads)}; "
                           "make one script revise the other (see docs/store.md)")
    return heads[0]


def known(rev: str) -> bool:
    try:
        return script_directory().get_revision(rev) is not None
    except CommandError:
        return False


def current(conn: sa.Connection) -> str | None:
    """The store's revision (``None``: no talentflow schema yet)."""
    heads = MigrationContext.configure(conn).get_current_heads()
    if len(heads) > 1:
        raise StoreError(f"store has {len(heads)} schema revisions {sorted(heads)}; it was not written by talentflow")
    return heads[0] if heads else None


def revision(engine: sa.Engine) -> str | None:
    """The revision of the store behind ``engine`` (``None`` when it is fresh)."""
    with engine.connect() as conn:
        return current(conn)


def foreign_tables(conn: sa.Connection) -> list[str]:
    """Tables of a database without talentflow's version table: a database of something else."""
    return sorted(t for t in sa.inspect(conn).get_table_names() if t != VERSION_TABLE)


def upgrade_engine(engine: sa.Engine) -> tuple[str | None, str]:
    """Bring the store to head under the write lock (so three processes creating a fresh store
    create it once); returns ``(from, to)``. Each step is logged on ``talentflow.db``."""
    where = describe(engine.url)
    target = head()
    with write_transaction(engine) as conn:
        before = current(conn)
        if before is None and (other := foreign_tables(conn)):
            raise StoreError(f"{where}: a database without talentflow's schema that holds other tables "
                             f"({', '.join(other[:5])}{', …' if len(other) > 5 else ''}); give a new file, "
                             "database or schema")
        if before is not None and not known(before):
            raise StoreAheadError(where, before, target)
        if before != target:
            cfg = alembic_config()
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "head")
            log.info("store %s upgraded from %s to %s", where, before or "(empty)", target)
    return before, target
