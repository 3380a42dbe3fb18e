"""The statistics store: every imported figure with its provenance, in one SQL database.

SQLite file by default (no server), PostgreSQL by URL when several people share one store. The
connection, the schema revision and the write lock belong to :mod:`talentflow.db`; this module
owns the statistics tables' contents. Imports are all-or-nothing: a file is parsed and checked
completely before anything is written, and the writing itself is one transaction under the
store's write lock, so a bad cell leaves the store exactly as it was and two imports of the same
file at once run one after the other.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from talentflow import db
from talentflow.db import default_store_path  # noqa: F401  (re-exported: the default store's path)
from talentflow.stats import package as pkg
from talentflow.stats import schema
from talentflow.stats.errors import DataImportError, Location
from talentflow.stats.model import Observation

PACKAGE_PREFIX = "package/"

#: ``observations(counterpart=ANY)`` means "whatever the counterpart"; ``None`` means "none".
ANY: Any = ...


@dataclass(frozen=True)
class ImportResult:
    """What an import did: ``rows`` observations read, of which ``new`` were added, ``updated``
    replaced a revised value of the same figure, and ``unchanged`` were already there."""

    dataset: str
    file: str | None
    sha256: str | None
    rows: int
    new: int
    updated: int
    unchanged: int

    def __add__(self, other: ImportResult) -> ImportResult:
        return ImportResult(
            dataset=self.dataset if self.dataset == other.dataset else f"{self.dataset}+{other.dataset}",
            file=self.file if self.file == other.file else None,
            sha256=self.sha256 if self.sha256 == other.sha256 else None,
            rows=self.rows + other.rows, new=self.new + other.new,
            updated=self.updated + other.updated, unchanged=self.unchanged + other.unchanged,
        )


def file_sha256(path: str | os.PathLike[str]) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def open_store(url_or_path: str | os.PathLike[str] | None = None) -> Store:
    """Open a store (see :func:`talentflow.db.connect`: a fresh one is created at head, one that
    is behind raises :class:`~talentflow.db.StoreBehindError`).

    ``None`` opens the default store, loaded from the shipped data package on first use and
    reloaded whenever the package changes (figures imported by the user are kept). A path opens
    an SQLite file; a URL (``postgresql+psycopg://…``) a PostgreSQL database.
    """
    store = Store(db.connect(url_or_path))
    if url_or_path is None:
        try:
            store.refresh_package()
        except BaseException:
            store.close()
            raise
    return store


def observation_key(o: Observation) -> str:
    """The store's natural key: :meth:`Observation.key` plus the unit, because one sentence often
    states a figure twice ("3,340 people, 35.5 %") and both must be kept."""
    return hashlib.sha256(f"{o.key()}\x1f{o.unit}".encode()).hexdigest()[:32]


def figure_key(o: Observation) -> str:
    """What a figure is about, without its value and quote: two rows of one file with the same
    figure key and different values contradict each other."""
    return observation_key(o.model_copy(update={"quote": "", "value": None, "flags": []}))


#: Observations written per statement batch while importing (memory stays bounded by it).
_CHUNK = 5000


def _to_row(o: Observation, key: str) -> dict[str, Any]:
    row = {name: getattr(o, name) for name in schema.OBSERVATION_FIELDS}
    row["flags"] = ";".join(o.flags)
    row["key"] = key
    row["dataset"] = o.dataset
    return row


def _from_row(r: sa.Row) -> Observation:
    m = r._mapping
    data = {name: m[name] for name in schema.OBSERVATION_FIELDS}
    data["flags"] = [f for f in (m["flags"] or "").split(";") if f]
    data["dataset"] = m["dataset"]
    return Observation(**data)


def _same(a: Observation, b: Observation) -> bool:
    return a.model_dump(exclude={"dataset"}) == b.model_dump(exclude={"dataset"})


class _Rollback(Exception):
    """Raised inside a write transaction to leave nothing of it behind."""


class ImportBatchError(Exception):
    """Files of one batch that could not be imported (nothing of the batch was written)."""

    def __init__(self, errors: list[DataImportError], imported: list[ImportResult]):
        self.errors, self.imported = errors, imported
        super().__init__("\n".join(str(e) for e in errors))


class Store:
    """A migration-statistics database. Use :func:`open_store` to get one."""

    def __init__(self, engine: sa.Engine) -> None:
        self.engine = engine
        self.url = engine.url.render_as_string(hide_password=False)

    def __repr__(self) -> str:
        return f"Store({self.engine.url.render_as_string(hide_password=True)!r})"

    @property
    def revision(self) -> str | None:
        """The store's schema revision (one history for every package's tables)."""
        return db.revision(self.engine)

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- writing ------------------------------------------------------------------------------

    def import_observations(self, obs: Iterable[Observation], dataset: str,
                            source_file: str | None = None) -> ImportResult:
        """Import observations in one transaction, idempotent by :meth:`Observation.key`."""
        located = ((o, Location(file=source_file or dataset, row=i)) for i, o in enumerate(obs, 1))
        return self.import_located(located, dataset, source_file)

    def import_located(self, records: Iterable[tuple[Observation, Location]], dataset: str,
                       source_file: str | None = None, sha256: str | None = None) -> ImportResult:
        """Import ``(observation, where it was read)`` pairs; the location is what an error about
        two conflicting rows of the same file names.

        Records are read, checked and written in chunks inside one write transaction, so a file of
        any length is imported in bounded memory (only a short key and value per figure is kept to
        catch a row that contradicts an earlier one), and an error anywhere rolls everything back:
        the store stays as it was."""
        if sha256 is None and source_file and Path(source_file).is_file():
            sha256 = file_sha256(source_file)
        with db.write_transaction(self.engine) as conn:
            return self._import_records(conn, records, dataset, source_file, sha256)

    def _import_records(self, conn: sa.Connection, records: Iterable[tuple[Observation, Location]],
                        dataset: str, source_file: str | None, sha256: str | None) -> ImportResult:
        figures: dict[str, tuple[float | None, tuple[str, ...], int | None, str]] = {}
        keys: set[str] = set()
        counts = [0, 0, 0]  # new, updated, unchanged
        chunk: dict[str, tuple[Observation, Location]] = {}
        try:
            for o, where in records:
                o = o.model_copy(update={"dataset": dataset})
                # the same figure (all dimensions and the source, whatever the quote) twice in
                # one file with two values is an error of the file, not two observations
                figure = figure_key(o)
                seen = figures.get(figure)
                if seen is not None and (seen[0], seen[1]) != (o.value, tuple(o.flags)):
                    raise DataImportError(
                        f"duplicate of row {seen[2]} ({seen[3]}) with a different value: "
                        f"{seen[0]!r} there, {o.value!r} here",
                        file=where.file, sheet=where.sheet, row=where.row, column=where.column or "value")
                if seen is None:
                    figures[figure] = (o.value, tuple(o.flags), where.row, _describe(o))
                key = observation_key(o)
                if key not in keys:
                    keys.add(key)
                    chunk[key] = (o, where)
                if len(chunk) >= _CHUNK:
                    self._write_chunk(conn, chunk, counts)
                    chunk = {}
        except DataImportError as exc:
            raise exc.at(file=source_file) from None
        self._write_chunk(conn, chunk, counts)
        new, updated, unchanged = counts
        known = conn.execute(
            sa.select(sa.func.count()).select_from(schema.dataset).where(
                schema.dataset.c.name == dataset, schema.dataset.c.sha256.is_not_distinct_from(sha256))
        ).scalar_one()
        if new or updated or not known:
            conn.execute(schema.dataset.insert().values(
                name=dataset, file=source_file, sha256=sha256,
                imported_at=dt.datetime.now(dt.UTC), rows=len(keys), new=new))
        return ImportResult(dataset, source_file, sha256, len(keys), new, updated, unchanged)

    def _write_chunk(self, conn: sa.Connection, batch: dict[str, tuple[Observation, Location]],
                     counts: list[int]) -> None:
        """Insert the new observations of one chunk and update the changed ones."""
        if not batch:
            return
        obs_t = schema.observation
        existing: dict[str, Observation] = {}
        keys = list(batch)
        for i in range(0, len(keys), 500):
            part = keys[i:i + 500]
            for r in conn.execute(sa.select(obs_t).where(obs_t.c.key.in_(part))):
                existing[r.key] = _from_row(r)
        inserts = []
        for key, (o, _) in batch.items():
            old = existing.get(key)
            if old is None:
                inserts.append(_to_row(o, key))
                counts[0] += 1
            elif _same(old, o):
                counts[2] += 1
            else:
                conn.execute(obs_t.update().where(obs_t.c.key == key).values(**_to_row(o, key)))
                counts[1] += 1
        if inserts:
            conn.execute(obs_t.insert(), inserts)
        self._remember_sources(conn, [o for o, _ in batch.values()])

    def _remember_sources(self, conn: sa.Connection, obs: list[Observation]) -> None:
        urls = {o.source_url: o.source_name for o in obs if o.source_url}
        db.insert_ignore(conn, schema.source, [{"url": u, "name": n or u} for u, n in urls.items()])

    def load_package(self, path: Path | None = None) -> ImportResult:
        """Import every resource of a Frictionless data package (``None``: the shipped one).
        All resources go in, in one transaction, or none does."""
        root = Path(path or pkg.SHIPPED_PACKAGE)
        # the shipped package's datasets are replaced when it changes; another package's are the
        # user's own data and must not be, so they get another prefix
        shipped = root.resolve() == Path(pkg.SHIPPED_PACKAGE).resolve()
        prefix = PACKAGE_PREFIX if shipped else f"datapackage/{root.name}/"
        with db.write_transaction(self.engine) as conn:
            return self._load_package(conn, root, prefix)

    def _load_package(self, conn: sa.Connection, root: Path, prefix: str = PACKAGE_PREFIX) -> ImportResult:
        rows = new = updated = unchanged = 0
        for name, file in pkg.resources(root):
            dataset = prefix + name
            res = self._import_records(conn, pkg.read_resource(file, dataset), dataset, str(file),
                                       file_sha256(file))
            rows, new = rows + res.rows, new + res.new
            updated, unchanged = updated + res.updated, unchanged + res.unchanged
        return ImportResult(prefix.rstrip("/") if prefix != PACKAGE_PREFIX else PACKAGE_PREFIX + root.name,
                            str(root), pkg.package_hash(root),
                            rows, new, updated, unchanged)

    def refresh_package(self) -> ImportResult | None:
        """Load the shipped package when it is new to this store; replace its figures (never the
        user's own imports) when it changed. Returns ``None`` when the store was up to date."""
        current = pkg.package_hash()
        meta = schema.meta
        with self.engine.connect() as conn:  # the common case, without waiting for the lock
            if conn.execute(sa.select(meta.c.value).where(meta.c.key == "package_sha256")).scalar_one_or_none() == current:
                return None
        # under the write lock, read again: another process may have loaded it meanwhile
        with db.write_transaction(self.engine) as conn:
            stored = conn.execute(sa.select(meta.c.value).where(meta.c.key == "package_sha256")).scalar_one_or_none()
            if stored == current:
                return None
            conn.execute(schema.observation.delete().where(
                schema.observation.c.dataset.startswith(PACKAGE_PREFIX)))
            result = self._load_package(conn, pkg.SHIPPED_PACKAGE)
            conn.execute(meta.delete().where(meta.c.key == "package_sha256"))
            conn.execute(meta.insert().values(key="package_sha256", value=current))
        return result

    def import_file(self, path: str | os.PathLike[str], kind: str | None = None,
                    mapping: Path | None = None, **opts: Any) -> ImportResult:
        """Import one file with the importer for ``kind`` (guessed from the file when ``None``)."""
        from talentflow.stats.importers import get_importer

        path = Path(path)
        importer = get_importer(path, kind, mapping=mapping, **opts)
        return self.import_located(importer.read(path), importer.dataset_name(path), str(path))

    def import_files(self, paths: Iterable[str | os.PathLike[str]], kind: str | None = None,
                     names: dict[str, str] | None = None,
                     then: Any = None) -> list[ImportResult]:
        """Import several files in **one** transaction: all of them, or none when any fails.

        Every file is tried, so each failed one is reported (:class:`ImportBatchError` holds one
        :class:`DataImportError` per failed file, with its row and column). ``names`` maps a path to
        the name recorded for it (an uploaded file's own name rather than a temporary path).
        ``then(conn, results)`` runs inside the transaction just before it commits, so a caller's
        own bookkeeping (a web job marked done) commits with the figures or not at all; it returns
        False to roll everything back."""
        from talentflow.stats.importers import get_importer

        names = names or {}
        results: list[ImportResult] = []
        errors: list[DataImportError] = []
        rollback = _Rollback()
        try:
            with db.write_transaction(self.engine) as conn:
                for path in map(Path, paths):
                    shown = names.get(str(path), str(path))
                    try:
                        importer = get_importer(path, kind)
                        located = ((o, Location(shown, w.sheet, w.row, w.column)) for o, w in importer.read(path))
                        # a failed file's rows are rolled back with the whole batch below
                        results.append(self._import_records(conn, located, importer.dataset_name(Path(shown)),
                                                            shown, file_sha256(path)))
                    except DataImportError as exc:
                        where = exc.location
                        errors.append(DataImportError(exc.reason, file=shown, sheet=where.sheet, row=where.row,
                                                      column=where.column))
                if errors:
                    raise rollback
                if then is not None and then(conn, results) is False:
                    raise rollback
        except _Rollback:
            if errors:
                raise ImportBatchError(errors, results) from None
        return results

    # --- reading ------------------------------------------------------------------------------

    def observations(self, indicator: str | Iterable[str] | None = None,
                     area: str | Iterable[str] | None = None, counterpart: Any = ANY,
                     year: int | Iterable[int] | None = None, period: str | Iterable[str] | None = None,
                     education: str | Iterable[str] | None = None, topic: str | Iterable[str] | None = None,
                     flags: str | Iterable[str] | None = None,
                     dataset: str | Iterable[str] | None = None) -> list[Observation]:
        """Observations matching every given filter, in import order.

        A filter is a value or a collection of values; ``counterpart=None`` selects observations
        without a counterpart (leave it out for any); ``flags`` selects those carrying all the
        given flags."""
        t = schema.observation
        q = sa.select(t).order_by(t.c.id)
        for col, want in (("indicator", indicator), ("area", area), ("year", year), ("period", period),
                          ("education", education), ("topic", topic), ("dataset", dataset)):
            if want is not None:
                values = [want] if isinstance(want, str | int) else list(want)
                q = q.where(t.c[col].in_(values))
        if counterpart is not ANY:
            if counterpart is None:
                q = q.where(t.c.counterpart.is_(None))
            else:
                values = [counterpart] if isinstance(counterpart, str) else list(counterpart)
                q = q.where(t.c.counterpart.in_(values))
        with self.engine.connect() as conn:
            out = [_from_row(r) for r in conn.execute(q)]
        if flags is not None:
            need = {flags} if isinstance(flags, str) else set(flags)
            out = [o for o in out if need <= set(o.flags)]
        return out

    def frame(self, **filters: Any):
        """Observations as a pandas DataFrame (flags ';'-joined), for analysis and export."""
        import pandas as pd

        rows = []
        for o in self.observations(**filters):
            d = o.model_dump()
            d["flags"] = ";".join(o.flags)
            rows.append(d)
        columns = [*schema.OBSERVATION_FIELDS, "dataset"]
        return pd.DataFrame(rows, columns=columns)

    def datasets(self) -> list[dict]:
        """Imports in order: name, file, sha256, imported_at, rows, new."""
        t = schema.dataset
        with self.engine.connect() as conn:
            return [dict(r._mapping) for r in conn.execute(sa.select(t).order_by(t.c.id))]

    def count(self) -> int:
        with self.engine.connect() as conn:
            return conn.execute(sa.select(sa.func.count()).select_from(schema.observation)).scalar_one()

    def checksum(self) -> str:
        """SHA-256 of the observation, dataset and source tables: equal checksums mean the store
        holds exactly the same rows (used to prove that a failed import changed nothing)."""
        h = hashlib.sha256()
        with self.engine.connect() as conn:
            for table in (schema.observation, schema.dataset, schema.source, schema.meta):
                pk = list(table.primary_key.columns)
                for r in conn.execute(sa.select(table).order_by(*pk)):
                    h.update(repr(tuple(r)).encode())
        return h.hexdigest()


def _describe(o: Observation) -> str:
    bits = [o.indicator, o.area]
    if o.counterpart:
        bits.append(o.counterpart)
    if o.year is not None:
        bits.append(str(o.year))
    return " ".join(bits)
