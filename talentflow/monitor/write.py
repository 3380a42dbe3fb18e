"""Writing a checked file into the registry: one transaction, idempotent, bulk.

New people and awards go in with one ``executemany`` per table (explicit ids, so no row is read
back); an award whose attributes changed is updated (its events, a view over the row, follow), and
the import says which columns changed; an award that is the same is left alone. Importing the same file twice
therefore adds nothing, not even an import record.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import shutil
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import sqlalchemy as sa

from talentflow.db import AFTER_TRANSACTION, defer_checkpoint
from talentflow.monitor import offload, pgbulk, pgcopy, schema
from talentflow.monitor.dates import keys_to_days
from talentflow.monitor.issues import Issue
from talentflow.monitor.prepare import Prepared
from talentflow.monitor.programmes import Programme
from talentflow.monitor.rules import MISSING

#: Attribute columns of an award, in the order the digest and the change report use.
ATTRIBUTES = (
    "level", "field", "isced", "host_country", "status", "start_mk", "graduation_mk", "return_mk",
    "employment_mk", "exit_mk", "obligation_months", "obligation_status", "employment_sector",
    "employment_region",
)
#: How a changed column is named in the report: the template's name.
TEMPLATE_NAME = {"start_mk": "start_date", "graduation_mk": "graduation_date", "return_mk": "return_date",
                 "employment_mk": "employment_start", "exit_mk": "exit_date", "isced": "field"}
CHUNK = 500
#: SQLite page cache of an importing connection, KiB.
IMPORT_CACHE_KIB = 1024 * 1024


@dataclass
class RegistryImportResult:
    """What an import did: records read, awards new / updated / unchanged, the columns that
    changed (template name → awards), and the warnings found."""

    file: str
    sha256: str
    rows: int
    new: int
    updated: int
    unchanged: int
    people_new: int = 0
    changes: dict[str, int] = field(default_factory=dict)
    warnings: list[Issue] = field(default_factory=list)
    import_id: int | None = None

    def describe_changes(self) -> str:
        return "; ".join(f"{k} {v}" for k, v in sorted(self.changes.items()))


def placeholder(conn: sa.Connection) -> str:
    return "?" if conn.dialect.paramstyle in ("qmark", "numeric") else "%s"


#: SQLite: what stands for NULL in a nullable column of the rows :func:`_tuples` makes with
#: ``sentinels=True`` — a value no real cell takes there (month keys, days and months use -1 for
#: missing throughout; an ISCED code or an ORCID iD is never empty). The driver binds ``None``
#: through its adapter lookup, which costs about twice what binding an integer does (measured: a
#: million rows of ten ``None`` cost seconds); ``NULLIF(?, sentinel)`` in the statement stores
#: the same NULL in C.
NULL_SENTINELS: dict[str, object] = {
    **{c: -1 for c in ("start_mk", "graduation_mk", "return_mk", "employment_mk", "exit_mk", "obligation_months",
                       "start_day", "graduation_day", "return_day", "employment_day", "exit_day")},
    "isced": "", "orcid": "",
}


def _value_sql(column: str, ph: str, sentinels: bool) -> str:
    if not sentinels or column not in NULL_SENTINELS:
        return ph
    sentinel = NULL_SENTINELS[column]
    return f"NULLIF({ph}, {sentinel!r})" if isinstance(sentinel, int) else f"NULLIF({ph}, '{sentinel}')"


def bulk_insert(conn: sa.Connection, table: sa.Table, columns: Sequence[str], rows: list[tuple],
                sentinels: bool = False) -> None:
    """INSERT many rows with the driver's executemany (tuples, no per-row SQLAlchemy work);
    PostgreSQL gets COPY, the fastest way in. ``sentinels``: the rows carry
    :data:`NULL_SENTINELS` instead of ``None`` (SQLite only)."""
    if not rows:
        return
    if sentinels and conn.dialect.name != "sqlite":
        raise ValueError("NULL sentinels are for SQLite rows only")
    if conn.dialect.name == "postgresql":
        pgcopy.write_copy(conn, table.name, columns, (pgcopy.copy_text(rows[i:i + pgcopy.COPY_BLOCK])
                                                      for i in range(0, len(rows), pgcopy.COPY_BLOCK)))
        return
    ph = placeholder(conn)
    values = ", ".join(_value_sql(c, ph, sentinels) for c in columns)
    conn.exec_driver_sql(f"INSERT INTO {table.name} ({', '.join(columns)}) VALUES ({values})", rows)


def _minus_one_missing(column: str) -> bool:
    """Integer columns of the writer's frames where -1 (:data:`MISSING`) stands for a blank cell."""
    return column.endswith(("_mk", "_day")) or column == "obligation_months"


def _copy_column(s: pd.Series, column: str) -> list[str]:
    """One column of an award frame as COPY text (see :func:`_tuples` for what is missing where)."""
    if _minus_one_missing(column):
        return pgcopy.int_column(s.to_numpy(), MISSING)
    if pd.api.types.is_integer_dtype(s.dtype):
        return pgcopy.int_column(s.to_numpy())
    return pgcopy.object_column(s)


def _text_blocks(frame: pd.DataFrame, columns: Sequence[str]) -> Iterator[str]:
    """The frame's rows as COPY text, formatted column by column (:mod:`.pgcopy`), a block at a
    time — no tuple per row is ever made."""
    for i in range(0, len(frame), pgcopy.COPY_BLOCK):
        part = frame.iloc[i:i + pgcopy.COPY_BLOCK]
        yield pgcopy.join_rows([_copy_column(part[c], c) for c in columns])


def _copy_blocks(sub: pd.DataFrame) -> list[bytes]:
    """New awards as COPY text in UTF-8 (what a second process hands back: bytes cross the pipe
    as they are)."""
    return [t.encode("utf-8") for t in _text_blocks(complete(sub), AWARD_COLUMNS)]


def _copy_people(conn: sa.Connection, people: People) -> None:
    """PostgreSQL: COPY new people, made whole columns at a time (no tuple per person)."""
    ids, pkeys, orcids = people
    pgcopy.write_copy(conn, schema.participant.name, PEOPLE_COLUMNS, [pgcopy.join_rows(
        [pgcopy.int_column(np.asarray(ids)), pgcopy.object_column(pkeys), pgcopy.object_column(orcids)])])


class _Background:
    """One call on a thread of its own. The PostgreSQL COPY of a million new people keeps the
    server busy for seconds while this process would only wait; meanwhile the importing thread
    makes the awards' COPY text (the driver lets go of Python's lock while it sends and waits).
    Nothing else touches the connection until :meth:`result` has returned."""

    def __init__(self, fn: Callable[..., object], *args: object) -> None:
        from concurrent.futures import ThreadPoolExecutor

        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="talentflow-copy")
        self._future = self._pool.submit(fn, *args)

    def result(self) -> object:
        try:
            return self._future.result()
        finally:
            self._pool.shutdown()


def _by_pseudonym(pkeys: Sequence[str], people: list[int]) -> np.ndarray:
    """``people`` (positions in ``pkeys``) in the order of their pseudonyms. The first 16 hex
    digits of each, decoded to one 64-bit integer, order a million pseudonyms in a fraction of
    what comparing the strings costs (0.3 s against 0.6 s with a two-key sort of their text);
    when two share them (about one file in 30 million at a million people), or a key is not
    64 hex digits, the whole pseudonyms are compared instead."""
    idx = np.asarray(people, dtype=np.int64)
    keys = pkeys if len(idx) == len(pkeys) and (idx == np.arange(len(idx))).all() else \
        np.asarray(pkeys, dtype=object)[idx].tolist()
    head = _hex_head(keys)
    if head is not None:
        order = np.argsort(head)
        ranked = head[order]
        if not (ranked[1:] == ranked[:-1]).any():
            return idx[order]
    return idx[np.argsort(np.array(keys, dtype="S64"), kind="stable")]


#: Lower-case hex digit (as an ASCII byte) → its value; 255 for every other byte.
_NIBBLE = np.full(256, 255, dtype=np.uint8)
_NIBBLE[np.frombuffer(b"0123456789abcdef", dtype=np.uint8)] = np.arange(16, dtype=np.uint8)


def _hex_head(keys: Sequence[str]) -> np.ndarray | None:
    """The first 16 hex digits of each 64-digit pseudonym as an unsigned 64-bit integer, in
    numpy (no Python call per key); ``None`` when a key is not 64 lower-case hex digits."""
    if not keys or set(map(len, keys)) != {64}:
        return None
    try:
        raw = "".join(keys).encode("ascii")
    except UnicodeEncodeError:
        return None
    nibbles = _NIBBLE[np.frombuffer(raw, dtype=np.uint8).reshape(len(keys), 64)[:, :16]]
    if (nibbles > 15).any():
        return None
    return np.ascontiguousarray((nibbles[:, 0::2] << 4) | nibbles[:, 1::2]).view(">u8").ravel()


def _award_order(person: np.ndarray, programme: np.ndarray, cohort: np.ndarray) -> np.ndarray:
    """The order of awards by (person, programme, cohort): one stable sort of a single 64-bit key
    made of the three (about half what sorting by three keys costs at a million awards), or the
    three-key sort when the key would not fit in 63 bits."""
    if not len(person):
        return np.arange(0, dtype=np.int64)
    prog, coh = programme - programme.min(), cohort - cohort.min()
    n_prog, n_coh = int(prog.max()) + 1, int(coh.max()) + 1
    if int(person.min()) < 0 or int(person.max()) * n_prog * n_coh >= 1 << 62:
        return np.lexsort((cohort, programme, person))
    return np.argsort((person.astype(np.int64) * n_prog + prog) * n_coh + coh, kind="stable")


def _next_id(conn: sa.Connection, table: sa.Table) -> int:
    return int(conn.execute(sa.select(sa.func.coalesce(sa.func.max(table.c.id), 0))).scalar_one()) + 1


def _fix_sequence(conn: sa.Connection, table: sa.Table) -> None:
    if conn.dialect.name == "postgresql":
        conn.exec_driver_sql(
            f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
            f"(SELECT COALESCE(MAX(id), 1) FROM {table.name}))")


def _lookup(conn: sa.Connection, column: sa.Column, values: Iterable, select: Sequence[sa.Column],
            everything: bool) -> list[tuple]:
    """Rows whose ``column`` is in ``values``: one scan when that is cheaper, else IN chunks."""
    if everything:
        return [tuple(r) for r in conn.execute(sa.select(*select))]
    values = list(values)
    out: list[tuple] = []
    for i in range(0, len(values), CHUNK):
        out.extend(tuple(r) for r in conn.execute(sa.select(*select).where(column.in_(values[i:i + CHUNK]))))
    return out


def ensure_programmes(conn: sa.Connection, codes: Iterable[str], catalogue: dict[str, Programme]) -> dict[str, int]:
    t = schema.programme
    have = {code: pid for code, pid in conn.execute(sa.select(t.c.code, t.c.id))}
    missing = [catalogue[c] for c in sorted(set(codes)) if c not in have]
    if missing:
        conn.execute(t.insert(), [{"code": p.code, "country": p.country, "name_en": p.name["en"],
                                   "name_ru": p.name["ru"], "name_kk": p.name["kk"],
                                   "synthetic": int(p.synthetic)} for p in missing])
        have = {code: pid for code, pid in conn.execute(sa.select(t.c.code, t.c.id))}
    return have


def _none(a: np.ndarray) -> list:
    out = a.astype(object)
    out[a == MISSING] = None
    return out.tolist()


def _frame(p: Prepared) -> pd.DataFrame:
    """The awards' attributes; text columns stay Python objects (pandas' string dtype would check
    every value on the way in and convert it back on the way out, for nothing here)."""
    def text(values: list) -> pd.Series:
        return pd.Series(values, dtype=object)

    return pd.DataFrame({
        "level": text(p.level), "field": text(p.field), "isced": text(p.isced), "host_country": text(p.host_country),
        "status": text(p.status), "start_mk": p.mk["start"], "graduation_mk": p.mk["graduation"],
        "return_mk": p.mk["return"], "employment_mk": p.mk["employment"], "exit_mk": p.mk["exit"],
        "obligation_months": p.obligation_months, "obligation_status": text(p.obligation_status),
        "employment_sector": text(p.employment_sector), "employment_region": text(p.employment_region),
    })


def digests(frame: pd.DataFrame) -> np.ndarray:
    """A 64-bit hash of each award's attributes (a change detector; the columns are compared
    one by one before anything is called changed)."""
    return pd.util.hash_pandas_object(frame[list(ATTRIBUTES)].fillna(""), index=False).to_numpy().view(np.int64)


def complete(sub: pd.DataFrame) -> pd.DataFrame:
    """Awards to write with what is derived from their attributes: the digest and the day
    numbers of their dates. Derived only for the rows that are written (the awards handed to a
    second process derive their own there), not for every row of the file."""
    days = {}
    for day in DAY_COLUMNS:
        mk = sub[day.replace("_day", "_mk")].to_numpy()
        d = keys_to_days(np.where(mk == MISSING, np.nan, mk))
        days[day] = np.where(np.isnan(d), MISSING, d).astype(np.int64)
    return sub.assign(digest=digests(sub), **days)


DAY_COLUMNS = ("start_day", "graduation_day", "return_day", "employment_day", "exit_day")
AWARD_COLUMNS = ("id", "participant_id", "programme_id", "cohort", *ATTRIBUTES, *DAY_COLUMNS, "digest", "import_id",
                 "source_row")


#: An import that brings at least this share of the rows a table will hold is a bulk load of it:
#: on PostgreSQL the table's keys and indexes are set aside and built again after loading (one
#: sort each) and its foreign keys checked once at the end (:mod:`.pgbulk`); on SQLite the WAL
#: checkpoint of its commit runs on a thread. (SQLite's covering cohort index stays in place:
#: since migration 0012 it orders each cohort's awards by id, so new awards go to the ends of
#: their cohorts — cheaper than building the index again.)
BULK_SHARE = 0.25


def _bulk(existing: int, new: int) -> bool:
    return new >= BULK_SHARE * (existing + new)


#: An import of at least this many new awards hands the last :data:`STAGED_SHARE` of them
#: to a second process (:mod:`talentflow.monitor.offload`), which turns them into rows and writes
#: them into scratch SQLite files while this process inserts the people and the other awards;
#: ``INSERT … SELECT`` then copies them in, in C. Binding a million rows' values one by one
#: in Python is most of an ``executemany``, and this way the two cores share it. On PostgreSQL
#: the second process makes the COPY text of those awards instead (bytes, sent as they come back).
STAGE_MIN = 20_000
#: SQLite: the share of the new people staged with their awards (the awards' cut follows them).
#: The staged part comes in chunks, each copied in while the next is being made, so this process
#: waits only for the last one. Measured at 1 M rows, forced to two processes, alternating with
#: the previous code (one scratch file, 60 % staged): 0.7 and 0.8 in five rounds, means 17.3 and
#: 17.4 s against 17.8 s; 0.75 in six pairs, 16.2–22.4 s against 17.6–24.8 s, faster in four —
#: less than the machine's own drift between minutes. With 0.7 this process was still copying
#: 2.2–3.3 s after the second one had finished; with 0.8 it waited up to 1 s for chunks.
PEOPLE_STAGED_SHARE = 0.75
STAGED_SHARE = 0.8  # 0.6 and 0.8 alternated at 1 M rows, load ~1.2: 27.5, 24.6 s against 23.4, 22.3 s
#: SQLite: people (or, with no new people, awards) per scratch file, and the most files (each is
#: attached until the transaction ends, and SQLite attaches at most ten databases).
STAGE_CHUNK = 100_000
STAGE_CHUNKS_MAX = 8
#: SQLite: how often this process looks for the next scratch file, seconds.
STAGE_POLL_S = 0.002


@dataclass
class _Staged:
    paths: list[str]  # SQLite: the scratch files, in id order; PostgreSQL: none (the text comes back)
    bounds: list[tuple[slice, slice]]  # SQLite: each file's people and awards (positions in the staged part)
    pending: offload.Pending


People = tuple[range, list[str], list]  # new people as columns: ids, pseudonyms, ORCID iDs


def _chunk_bounds(people_ids: range, award_people: np.ndarray) -> list[tuple[slice, slice]]:
    """Cut the staged people and their awards (in id order) into chunks of about
    :data:`STAGE_CHUNK`, each chunk's awards being exactly those of its people; with no people,
    the awards alone."""
    n = len(people_ids) or len(award_people)
    k = max(1, min(STAGE_CHUNKS_MAX, -(-n // STAGE_CHUNK)))
    cuts = [n * i // k for i in range(k + 1)]
    if not len(people_ids):
        return [(slice(0, 0), slice(a, b)) for a, b in zip(cuts, cuts[1:], strict=False)]
    firsts = [people_ids[c] for c in cuts[:-1]]
    award_cuts = [*np.searchsorted(award_people, firsts, side="left").tolist(), len(award_people)]
    award_cuts[0] = 0
    return [(slice(cuts[i], cuts[i + 1]), slice(award_cuts[i], award_cuts[i + 1])) for i in range(k)]


def _start_staging(conn: sa.Connection, sub: pd.DataFrame, people: People
                   ) -> tuple[pd.DataFrame, People, _Staged | None]:
    """Split the new awards (in id order) and, on SQLite, the new people: the heads stay here,
    the tails go to a second process — on SQLite into scratch files, on PostgreSQL as COPY
    text, made there while this process sends the people and the head.

    SQLite checks each award's person as it is inserted, so the cut follows the people: the
    awards kept here are exactly those of people already stored or inserted here."""
    if conn.dialect.name not in ("sqlite", "postgresql") or len(sub) < STAGE_MIN or not offload.enabled():
        return sub, people, None
    if conn.dialect.name == "postgresql":
        cut = len(sub) - int(len(sub) * STAGED_SHARE)
        return sub.iloc[:cut], people, _Staged([], [], offload.start(_copy_blocks, sub.iloc[cut:]))
    ids, pkeys, orcids = people
    keep = len(ids) - int(len(ids) * PEOPLE_STAGED_SHARE)
    if len(ids) and keep < len(ids):  # awards of people from ids[keep] on are staged with them
        cut = int(np.searchsorted(sub["participant_id"].to_numpy(), ids[keep], side="left"))
    else:
        keep, cut = len(ids), len(sub) - int(len(sub) * STAGED_SHARE)
    head_people = (ids[:keep], pkeys[:keep], orcids[:keep])
    tail_people = (ids[keep:], pkeys[keep:], orcids[keep:])
    tail = sub.iloc[cut:]
    bounds = _chunk_bounds(tail_people[0], tail["participant_id"].to_numpy())
    folder = tempfile.mkdtemp(prefix="talentflow-import-")
    paths = [os.path.join(folder, f"stage{k}.sqlite") for k in range(len(bounds))]
    started: list[offload.Pending] = []

    def undo(c: sa.Connection) -> None:  # after commit or rollback: detach, delete the scratch files
        for pending in started:  # after a failure the child may still be writing the next file
            pending.cancel()
        for k in range(len(paths)):
            with contextlib.suppress(Exception):  # not attached when an error came first
                c.connection.driver_connection.execute(f"DETACH DATABASE {STAGE_SCHEMA}{k}")
        shutil.rmtree(folder, ignore_errors=True)

    conn.info.setdefault(AFTER_TRANSACTION, []).append(undo)
    started.append(offload.start(_stage_chunks, paths, bounds, tail_people, tail))
    return sub.iloc[:cut], head_people, _Staged(paths, bounds, started[0])


STAGE_SCHEMA = "talentflow_stage"
PEOPLE_COLUMNS = ("id", "pkey", "orcid")


def _stage_chunks(paths: list[str], bounds: list[tuple[slice, slice]], people: People, sub: pd.DataFrame) -> None:
    """Stage the chunks one after another. Each file appears under its name only once it is
    whole (written under another name, then renamed), so the importing process can copy it in
    while the next is being made. A file already there is kept: when the second process died,
    the importing process does the rest here, and may already have attached what was done."""
    for path, (people_part, awards_part) in zip(paths, bounds, strict=True):
        if not os.path.exists(path):
            _stage_rows(path + ".part", tuple(col[people_part] for col in people), sub.iloc[awards_part])
            os.replace(path + ".part", path)


def _stage_rows(path: str, people: People, sub: pd.DataFrame) -> None:
    """People and awards as rows in a scratch SQLite file (no journal, no sync: it is thrown
    away). Columns without a declared type keep each value as bound, so the copy stores exactly
    what an ``executemany`` of the same tuples would. (What arrived is checked where it is copied
    in: each ``INSERT … SELECT`` must copy as many rows as were staged.)"""
    import sqlite3

    if os.path.exists(path):
        os.remove(path)
    people_rows = list(zip(*people, strict=True))  # ORCID '' for none: NULLIF in the copy
    rows = _tuples(complete(sub), AWARD_COLUMNS, sentinels=True)  # NULLIF in the copy makes them NULL
    con = sqlite3.connect(path, isolation_level=None)
    try:
        con.execute("PRAGMA journal_mode=OFF")
        con.execute("PRAGMA synchronous=OFF")
        con.execute(f"CREATE TABLE people ({', '.join(PEOPLE_COLUMNS)})")
        con.execute(f"CREATE TABLE staged ({', '.join(AWARD_COLUMNS)})")
        con.execute("BEGIN")
        con.executemany(f"INSERT INTO people VALUES ({', '.join(['?'] * len(PEOPLE_COLUMNS))})", people_rows)
        con.executemany(f"INSERT INTO staged VALUES ({', '.join(['?'] * len(AWARD_COLUMNS))})", rows)
        con.execute("COMMIT")
    finally:
        con.close()


def _wait_for_file(path: str, pending: offload.Pending) -> None:
    """Wait until the second process has finished ``path``; if it is gone without doing so,
    do its remaining work here."""
    while not os.path.exists(path):
        if not pending.running():
            pending.result()  # finished (the file is there now) or died: the rest is done here
            if not os.path.exists(path):  # cannot happen unless the scratch folder was tampered with
                raise RuntimeError(f"staged file {path} is missing")
            return
        time.sleep(STAGE_POLL_S)


def _insert_staged(conn: sa.Connection, table: sa.Table, staged: _Staged) -> None:
    if not staged.paths:  # PostgreSQL: COPY the text the second process made
        expected = len(staged.pending.args[-1])
        blocks = staged.pending.result()
        got = sum(b.count(b"\n") for b in blocks)
        if got != expected:  # cannot happen unless the child's output was damaged
            raise RuntimeError(f"staged {got} awards, expected {expected}")
        pgcopy.write_copy(conn, table.name, AWARD_COLUMNS, blocks)
        return
    # SQLite: copy each scratch file in as soon as it is whole, while the next one is being made;
    # the statements are the same for every file but the schema it is attached as
    copies = [(target, f"INSERT INTO {target.name} ({', '.join(columns)}) "
                       f"SELECT {', '.join(_value_sql(c, c, True) for c in columns)} FROM {{schema}}.{source} ORDER BY rowid")
              for target, columns, source in ((schema.participant, PEOPLE_COLUMNS, "people"),
                                              (table, AWARD_COLUMNS, "staged"))]
    for k, (path, parts) in enumerate(zip(staged.paths, staged.bounds, strict=True)):
        _wait_for_file(path, staged.pending)
        conn.exec_driver_sql(f"ATTACH DATABASE ? AS {STAGE_SCHEMA}{k}", (path,))
        for (target, sql), part in zip(copies, parts, strict=True):
            copied = conn.exec_driver_sql(sql.format(schema=f"{STAGE_SCHEMA}{k}")).rowcount
            if copied != part.stop - part.start:  # cannot happen unless a scratch file was tampered with
                raise RuntimeError(f"copied {copied} rows into {target.name} from {path}, "
                                   f"expected {part.stop - part.start}")
    staged.pending.result()  # reap the second process


def write_prepared(conn: sa.Connection, p: Prepared, sha256: str, catalogue: dict[str, Programme],
                   kind: str = "participants") -> RegistryImportResult:
    """Write a checked file inside the caller's transaction — one of :func:`talentflow.db.write_transaction`,
    which also detaches and deletes the scratch files of a staged import when it ends."""
    n = len(p)
    result = RegistryImportResult(p.file, sha256, n, 0, 0, 0, warnings=list(p.warnings))
    if not n:
        return result
    if conn.dialect.name == "sqlite":
        # room for a large import's pages and index builds (this connection only; taken as needed);
        # 1 GiB is what the benchmark ran with, 256 MiB before — no gain of its own was measurable
        conn.exec_driver_sql(f"PRAGMA cache_size = -{IMPORT_CACHE_KIB}")
    prog_ids = ensure_programmes(conn, set(p.programme), catalogue)
    pt, at = schema.participant, schema.award

    # people: existing pseudonyms keep their ids
    total_people = conn.execute(sa.select(sa.func.count()).select_from(pt)).scalar_one()
    everything = total_people <= 2 * len(p.pkeys)
    have = {pk: (pid, orc) for pid, pk, orc in _lookup(conn, pt.c.pkey, p.pkeys, (pt.c.id, pt.c.pkey, pt.c.orcid),
                                                        everything)}
    next_pid = _next_id(conn, pt)
    person_ids = np.empty(len(p.pkeys), dtype=np.int64)
    new_people: tuple[range, list[str], list] = (range(0), [], [])  # ids, pseudonyms, ORCID iDs
    orcid_updates: list[dict] = []
    fresh: list[int] = [] if have else list(range(len(p.pkeys)))  # an empty registry: everyone is new
    for j, pk in enumerate(p.pkeys if have else ()):
        got = have.get(pk)
        if got is None:
            fresh.append(j)
        else:
            person_ids[j] = got[0]
            if p.orcid[j] and p.orcid[j] != got[1]:
                orcid_updates.append({"pid": got[0], "orcid": p.orcid[j]})
    if fresh:  # whole columns at once: a million new people cost no Python loop with numpy scalars
        # new people get ids in the order of their pseudonyms, so that the rows and the unique index
        # on the pseudonym are both written in ascending order (appends, not random B-tree inserts)
        pick = _by_pseudonym(p.pkeys, fresh)
        new_ids = range(next_pid, next_pid + len(fresh))
        person_ids[pick] = np.arange(next_pid, next_pid + len(fresh))
        orcids = np.asarray(p.orcid, dtype=object)[pick]
        if conn.dialect.name == "sqlite":  # NULLIF(?, '') (see NULL_SENTINELS)
            orcids[orcids == None] = ""  # noqa: E711 - elementwise, in C
        new_people = (new_ids, np.asarray(p.pkeys, dtype=object)[pick].tolist(), orcids.tolist())
    result.people_new = len(new_people[0])

    frame = _frame(p)
    frame["participant_id"] = person_ids[p.person]
    codes, uniq = pd.factorize(pd.Series(p.programme, dtype=object))
    frame["programme_id"] = np.asarray([prog_ids[u] for u in uniq], dtype=np.int64)[codes]
    frame["cohort"] = p.cohort
    frame["source_row"] = p.rows

    # awards of people already known: compare
    known_people = [int(person_ids[j]) for j, pk in enumerate(p.pkeys) if pk in have] if have else []
    existing: dict[tuple[int, int, int], tuple[int, int]] = {}
    if known_people:
        total_awards = conn.execute(sa.select(sa.func.count()).select_from(at)).scalar_one()
        for aid, pid, prg, coh, dig in _lookup(conn, at.c.participant_id, known_people,
                                               (at.c.id, at.c.participant_id, at.c.programme_id, at.c.cohort,
                                                at.c.digest), total_awards <= 2 * n):
            existing[(pid, prg, coh)] = (aid, dig)
    award_ids = np.zeros(n, dtype=np.int64)
    is_new = np.ones(n, dtype=bool)
    maybe_changed: list[int] = []
    if existing:
        keys = zip(frame["participant_id"].tolist(), frame["programme_id"].tolist(), frame["cohort"].tolist(),
                   strict=True)
        stored: list[int] = []
        for i, k in enumerate(keys):
            got = existing.get(k)
            if got is not None:
                is_new[i] = False
                award_ids[i] = got[0]
                stored.append(got[1])
        known = np.flatnonzero(~is_new)
        differ = digests(frame.iloc[known]) != np.asarray(stored, dtype=np.int64)
        maybe_changed = known[differ].tolist()

    changed_rows: list[int] = []
    changes: Counter[str] = Counter()
    if maybe_changed:
        ids = [int(award_ids[i]) for i in maybe_changed]
        old: dict[int, tuple] = {}
        for i in range(0, len(ids), CHUNK):
            for r in conn.execute(sa.select(at.c.id, *[at.c[c] for c in ATTRIBUTES]).where(at.c.id.in_(ids[i:i + CHUNK]))):
                old[r[0]] = tuple(r[1:])
        records = frame[list(ATTRIBUTES)].astype(object).where(frame[list(ATTRIBUTES)].notna(), None)
        for i in maybe_changed:
            new_vals = tuple(_plain(v) for v in records.iloc[i].tolist())
            before = old[int(award_ids[i])]
            differ = [name for name, a, b in zip(ATTRIBUTES, before, new_vals, strict=True) if _plain(a) != b]
            if differ:
                changed_rows.append(i)
                for name in differ:
                    changes[TEMPLATE_NAME.get(name, name)] += 1

    new_count = int(is_new.sum())
    result.new, result.updated = new_count, len(changed_rows)
    result.unchanged = n - new_count - len(changed_rows)
    result.changes = dict(changes)
    if not new_count and not changed_rows and not fresh and not orcid_updates:
        return result  # the same file again: nothing to add, not even an import record

    imp = schema.registry_import
    import_id = conn.execute(imp.insert().values(
        file=p.file, sha256=sha256, kind=kind, imported_at=dt.datetime.now(dt.UTC), rows=n, new=new_count,
        updated=len(changed_rows), unchanged=result.unchanged, changes=result.describe_changes(),
    )).inserted_primary_key[0]
    result.import_id = int(import_id)

    frame["import_id"] = import_id
    new_idx = np.flatnonzero(is_new)
    sqlite = conn.dialect.name == "sqlite"
    start = _next_id(conn, at) if new_idx.size else 0
    staged: _Staged | None = None
    if new_idx.size:  # ids in (participant, programme, cohort) order: the unique index is appended to
        new_idx = new_idx[_award_order(frame["participant_id"].to_numpy()[new_idx],
                                       frame["programme_id"].to_numpy()[new_idx], frame["cohort"].to_numpy()[new_idx])]
        award_ids[new_idx] = np.arange(start, start + new_idx.size)
        frame["id"] = award_ids
        sub = frame.iloc[new_idx]
        # the last people and awards, turned into rows by a second process (forked before any thread starts)
        sub, new_people, staged = _start_staging(conn, sub, new_people)

    if orcid_updates:  # people already stored, found by their primary key (before any key is set aside)
        conn.execute(pt.update().where(pt.c.id == sa.bindparam("pid")).values(orcid=sa.bindparam("orcid")),
                     orcid_updates)
    bulk = bool(new_idx.size) and _bulk(start - 1, int(new_idx.size))
    aside = pgbulk.SetAside()
    if not sqlite:  # a bulk load fills tables without their keys and indexes, then builds them
        filled = [t.name for t, load in ((pt, bool(fresh) and _bulk(total_people, len(fresh))), (at, bulk)) if load]
        aside = pgbulk.set_aside(conn, filled, unchecked=[at.name] if bulk else [])
    # PostgreSQL: the server takes the new people in while this process makes the awards' text
    people_sent = _Background(_copy_people, conn, new_people) if fresh and not sqlite else None
    head_text: list[str] = []
    try:
        if new_idx.size:
            sub = complete(sub)
            if not sqlite:
                head_text = list(_text_blocks(sub, AWARD_COLUMNS))
    except BaseException:  # the connection is the thread's until its COPY has ended
        if people_sent is not None:
            with contextlib.suppress(Exception):
                people_sent.result()
        raise
    if people_sent is not None:
        people_sent.result()

    if fresh and sqlite:
        bulk_insert(conn, pt, PEOPLE_COLUMNS, list(zip(*new_people, strict=True)), sentinels=True)

    if new_idx.size:
        if bulk and sqlite and new_idx.size >= STAGE_MIN:
            defer_checkpoint(conn)  # the WAL's pages reach the store file on a thread after COMMIT
        if sqlite:
            bulk_insert(conn, at, AWARD_COLUMNS, _tuples(sub, AWARD_COLUMNS, sentinels=True), sentinels=True)
        else:
            pgcopy.write_copy(conn, at.name, AWARD_COLUMNS, head_text)
            # the server builds the people's keys while the second process may still be making text
            pgbulk.restore(conn, aside.take(pt.name))
        if staged is not None:
            _insert_staged(conn, at, staged)
    pgbulk.restore(conn, aside)
    if fresh:  # after the keys are back: MAX(id) is read from the index
        _fix_sequence(conn, pt)
    if new_idx.size:
        _fix_sequence(conn, at)
    frame["id"] = award_ids
    if changed_rows:  # the events are a view over the award row: updating the row updates them
        sub = complete(frame.iloc[changed_rows])
        cols = [*ATTRIBUTES, *DAY_COLUMNS, "digest", "import_id", "source_row"]
        ph = placeholder(conn)
        sql = (f"UPDATE {at.name} SET {', '.join(f'{c} = {ph}' for c in cols)} WHERE id = {ph}")
        conn.exec_driver_sql(sql, [(*t[:-1], t[-1]) for t in _tuples(sub, (*cols, "id"))])
    if p.warnings:
        conn.execute(schema.warning.insert(), [
            {"import_id": import_id, "row": w.row or 0, "column": w.column or "", "rule": w.rule,
             "message": w.reason("en")} for w in p.warnings])
    return result


def _plain(v: object) -> object:
    """A cell as a plain Python value, so numpy and database values compare equal."""
    if v is None:
        return None
    if isinstance(v, np.generic):
        v = v.item()
    if isinstance(v, float) and v != v:
        return None
    if v == MISSING and isinstance(v, int):
        return None
    return v


def _tuples(frame: pd.DataFrame, columns: Sequence[str], sentinels: bool = False) -> list[tuple]:
    """Rows as tuples of plain values with ``None`` for missing (month keys and months use -1),
    or with ``sentinels`` the :data:`NULL_SENTINELS` of those columns instead of ``None``."""
    cols = []
    for c in columns:
        s = frame[c]
        if _minus_one_missing(c):
            a = s.to_numpy()
            if sentinels:
                assert NULL_SENTINELS[c] == MISSING
                cols.append(a.tolist())
            else:
                cols.append(_none(a))
        elif s.hasnans:  # pandas' string columns hold NaN for missing: the database wants NULL
            fill = NULL_SENTINELS[c] if sentinels and c in NULL_SENTINELS else None
            cols.append(s.astype(object).where(s.notna(), fill).tolist())
        else:
            cols.append(s.tolist())
    return list(zip(*cols, strict=True))
