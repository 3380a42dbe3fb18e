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


def _same_value(a: Observation, b: Observation) -> bool:
    return a.value == b.value and a.flags == b.flags


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
        two conflicting rows of the same file names."""
        # read and check everything before touching the database
        batch = self._check(records, dataset, source_file)
        if sha256 is None and source_file and Path(source_file).is_file():
            sha256 = file_sha256(source_file)
        with db.write_transaction(self.engine) as conn:
            return self._write(conn, batch, dataset, source_file, sha256)

    @staticmethod
    def _check(records: Iterable[tuple[Observation, Location]], dataset: str,
               source_file: str | None) -> dict[str, tuple[Observation, Location]]:
        """Key the records, refusing two rows that give the same figure different values."""
        batch: dict[str, tuple[Observation, Location]] = {}
        figures: dict[str, tuple[Observation, Location]] = {}
        try:
            for o, where in records:
                o = o.model_copy(update={"dataset": dataset})
                # the same figure (all dimensions and the source, whatever the quote) twice in one
                # file with two values is an error of the file, not two observations
                figure = figure_key(o)
                seen = figures.get(figure)
                if seen is not None and not _same_value(seen[0], o):
                    raise DataImportError(
                        f"duplicate of row {seen[1].row} ({_describe(seen[0])}) with a different value: "
                        f"{seen[0].value!r} there, {o.value!r} here",
                        file=where.file, sheet=where.sheet, row=where.row, column=where.column or "value")
                figures.setdefault(figure, (o, where))
                batch.setdefault(observation_key(o), (o, where))
        except DataImportError as exc:
            raise exc.at(file=source_file) from None
        return batch

    def _write(self, conn: sa.Connection, batch: dict[str, tuple[Observation, Location]], dataset: str,
               source_file: str | None, sha256: str | None) -> ImportResult:
        new = updated = unchanged = 0
        obs_t = schema.observation
        existing: dict[str, Observation] = {}
        keys = list(batch)
        for i in range(0, len(keys), 500):
            chunk = keys[i:i + 500]
            for r in conn.execute(sa.select(obs_t).where(obs_t.c.key.in_(chunk))):
                existing[r.key] = _from_row(r)
        inserts = []
        for key, (o, _) in batch.items():
            old = existing.get(key)
            if old is None:
                inserts.append(_to_row(o, key))
                new += 1
            elif _same(old, o):
                unchanged += 1
            else:
                conn.execute(obs_t.update().where(obs_t.c.key == key).values(**_to_row(o, key)))
                updated += 1
        if inserts:
            conn.execute(obs_t.insert(), inserts)
        self._remember_sources(conn, [o for o, _ in batch.values()])
        known = conn.execute(
            sa.select(sa.func.count()).select_from(schema.dataset).where(
                schema.dataset.c.name == dataset, schema.dataset.c.sha256.is_not_distinct_from(sha256))
        ).scalar_one()
        if new or updated or not known:
            conn.execute(schema.dataset.insert().values(
                name=dataset, file=source_file, sha256=sha256,
                imported_at=dt.datetime.now(dt.UTC), rows=len(batch), new=new))
        return ImportResult(dataset, source_file, sha256, len(batch), new, updated, unchanged)

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
        parsed = []
        for name, file in pkg.resources(root):
            dataset = prefix + name
            parsed.append((dataset, str(file), self._check(pkg.read_resource(file, dataset), dataset, str(file))))
        rows = new = updated = unchanged = 0
        for dataset, file, batch in parsed:
            res = self._write(conn, batch, dataset, file, file_sha256(file))
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
        records = list(importer.read(path))
        return self.import_located(records, importer.dataset_name(path), str(path))

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
