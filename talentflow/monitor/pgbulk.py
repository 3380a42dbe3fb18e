"""PostgreSQL bulk loads: a table's keys, indexes and foreign keys set aside while COPY fills it,
and made again from the whole table at the end, in the same transaction.

PostgreSQL's manual advises exactly this for a large load ("Populating a Database": remove
indexes, remove foreign-key constraints, increase ``maintenance_work_mem``): each index takes a
row at a time, with a WAL record per row, while an index built on the loaded table is one sort
written page by page; a foreign key checks each row with a trigger query, while adding it back
checks every row in one join. Measured on a million synthetic participants and their awards
(PostgreSQL 15, the 2-core machine): COPY of the people 3.3 s with their three indexes, 0.7 s
without and 1.2 s to build the three; of the awards 3.6 s with their two, 1.8 s without and
0.6 s to build them.

Every definition is read from the catalogue (``pg_get_constraintdef``, ``pg_get_indexdef``)
and given back as it was — names, columns, collations, referential actions — so the store after
a bulk load is the store a row-by-row load would have made. A row that breaks a key fails the
whole import when the key is added back, and the transaction rolls back as for any other error.
The tables are locked against readers until the commit (``ALTER TABLE`` takes an exclusive
lock); a bulk load is an administrator's import of a large file, not something readers wait on
every day.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import sqlalchemy as sa

#: ``maintenance_work_mem`` for rebuilding the indexes, when the server's own is smaller, as the
#: manual advises for a bulk load (``SET LOCAL``: this transaction only). At a million people the
#: gain was small (one run: the pseudonyms' unique index in 0.52 s, 0.56 s with the default 64 MB);
#: a server that keeps less memory for it still works, only its sorts spill to disk sooner.
INDEX_MEMORY_MB = 256


@dataclass
class SetAside:
    """What :func:`set_aside` dropped, in the order :func:`restore` makes it again."""

    keys: list[tuple[str, str, str]] = field(default_factory=list)  # table, constraint, definition
    indexes: list[tuple[str, str]] = field(default_factory=list)  # table, CREATE INDEX statement
    foreign_keys: list[tuple[str, str, str]] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.keys or self.indexes or self.foreign_keys)

    def take(self, table: str) -> SetAside:
        """The keys and indexes of ``table``, taken out of this one to be built as soon as that
        table is full (the foreign keys stay, for the end)."""
        part = SetAside([k for k in self.keys if k[0] == table], [i for i in self.indexes if i[0] == table])
        self.keys = [k for k in self.keys if k[0] != table]
        self.indexes = [i for i in self.indexes if i[0] != table]
        return part


def _quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def set_aside(conn: sa.Connection, rebuild: Sequence[str] = (), unchecked: Sequence[str] = ()) -> SetAside:
    """Drop, inside the caller's transaction, the primary keys, unique constraints and other
    indexes of the tables in ``rebuild``, and the foreign keys of the tables in ``unchecked``
    (with every foreign key that refers to a rebuilt table: a key cannot go while one depends on
    it). :func:`restore` adds them back."""
    if not rebuild and not unchecked:
        return SetAside()
    tables = {"rebuild": list(rebuild), "unchecked": [*unchecked, *rebuild]}
    rows = conn.execute(sa.text(
        "SELECT c.conrelid::regclass::text, c.conname, pg_get_constraintdef(c.oid), c.contype "
        "FROM pg_constraint c "
        "WHERE (c.contype IN ('p', 'u') AND c.conrelid = ANY(CAST(:rebuild AS regclass[]))) "
        "OR (c.contype = 'f' AND (c.conrelid = ANY(CAST(:unchecked AS regclass[])) "
        "OR c.confrelid = ANY(CAST(:rebuild AS regclass[])))) "
        "ORDER BY c.contype, c.conrelid::regclass::text, c.conname"), tables).all()
    indexes = conn.execute(sa.text(
        "SELECT i.indexrelid::regclass::text, i.indrelid::regclass::text, pg_get_indexdef(i.indexrelid) "
        "FROM pg_index i "
        "WHERE i.indrelid = ANY(CAST(:rebuild AS regclass[])) AND NOT EXISTS (SELECT 1 FROM pg_constraint c "
        "WHERE c.conindid = i.indexrelid AND c.contype IN ('p', 'u', 'x')) "
        "ORDER BY 1"), tables).all()
    out = SetAside(keys=[(t, n, d) for t, n, d, kind in rows if kind in ("p", "u")],
                   indexes=[(t, d) for _, t, d in indexes],
                   foreign_keys=[(t, n, d) for t, n, d, kind in rows if kind == "f"])
    for table, name, _ in out.foreign_keys + out.keys:  # dependants first
        conn.exec_driver_sql(f"ALTER TABLE {table} DROP CONSTRAINT {_quoted(name)}")
    for name, _, _ in indexes:
        conn.exec_driver_sql(f"DROP INDEX {name}")
    return out


def restore(conn: sa.Connection, aside: SetAside) -> None:
    """Add back what :func:`set_aside` dropped: keys, then indexes, then the foreign keys (which
    need the keys they refer to)."""
    if not aside:
        return
    kib = conn.exec_driver_sql("SELECT setting::bigint FROM pg_settings WHERE name = 'maintenance_work_mem'"
                               ).scalar_one()  # in kB, pg_settings' unit for it
    if int(kib) < INDEX_MEMORY_MB * 1024:
        conn.exec_driver_sql(f"SET LOCAL maintenance_work_mem = '{INDEX_MEMORY_MB}MB'")
    for table, name, definition in aside.keys:
        conn.exec_driver_sql(f"ALTER TABLE {table} ADD CONSTRAINT {_quoted(name)} {definition}")
    for _, statement in aside.indexes:
        conn.exec_driver_sql(statement)
    for table, name, definition in aside.foreign_keys:
        conn.exec_driver_sql(f"ALTER TABLE {table} ADD CONSTRAINT {_quoted(name)} {definition}")
