"""The registry on a store: imports, what it holds, indicators, the analyst export log.

:class:`Registry` is the one object the command line, the report and (next) the web
application use; it knows nothing of HTTP or terminals.
"""

from __future__ import annotations

import datetime as dt
import gc
import getpass
import os
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

import sqlalchemy as sa

from talentflow import db
from talentflow.monitor import schema
from talentflow.monitor.catalogue import CohortCatalogue, load_cohort_catalogue
from talentflow.monitor.dates import month_key
from talentflow.monitor.disclosure import suppress
from talentflow.monitor.engine import IndicatorTable, compute
from talentflow.monitor.issues import Issue, RegistryImportError
from talentflow.monitor.prepare import prepare
from talentflow.monitor.programmes import Programme, load_programmes
from talentflow.monitor.pseudonym import load_key
from talentflow.monitor.publications import read_works
from talentflow.monitor.template import Mapping, read_table
from talentflow.monitor.write import RegistryImportResult, bulk_insert, write_prepared
from talentflow.stats.errors import DataImportError


def _sha256(path: Path) -> str:
    from talentflow.stats.store import file_sha256

    return file_sha256(path)


class Registry:
    """The programme registry of one store (SQLite path, database URL, or the default store)."""

    def __init__(self, target: str | os.PathLike[str] | None = None, *, key: bytes | None = None,
                 programmes: Sequence[str | Path] = (), catalogue: str | Path | None = None,
                 engine: sa.Engine | None = None) -> None:
        self.engine = engine or db.connect(target)
        self._owns_engine = engine is None
        self._key = key
        self.programmes: dict[str, Programme] = load_programmes(*programmes)
        self.catalogue: CohortCatalogue = load_cohort_catalogue(catalogue)

    def close(self) -> None:
        db.settle(self.engine)  # a bulk import's checkpoint, still being written by a thread
        if self._owns_engine:
            self.engine.dispose()

    def __enter__(self) -> Registry:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def key(self) -> bytes:
        if self._key is None:
            self._key = load_key()
        return self._key

    # --- imports --------------------------------------------------------------------------------

    def import_file(self, path: str | Path, mapping: Mapping | str | Path | None = None,
                    import_date: dt.date | None = None, only_programme: str | None = None,
                    display_name: str | None = None) -> RegistryImportResult:
        """Check a participant file completely, then write it in one transaction; raises
        :class:`RegistryImportError` (nothing written) when any row has an error.

        ``only_programme``: every row must belong to that programme (an operator importing its own
        list); a row of another programme is an error. ``display_name`` names the file in errors
        (an upload stored under a temporary name)."""
        path = Path(path)
        if mapping is not None and not isinstance(mapping, Mapping):
            mapping = Mapping.load(mapping)
        try:
            table = read_table(path, mapping)
        except DataImportError as exc:
            raise RegistryImportError([Issue(exc.file or str(path), exc.row, exc.column, "read_error", "error",
                                             (("reason", exc.reason),), exc.sheet)]) from None
        if display_name:
            table.file = display_name
        if only_programme is not None:
            foreign = [Issue(table.file, row, "programme", "foreign_programme", "error",
                             (("value", code), ("programme", only_programme)), table.sheet)
                       for code, row in zip(table.columns.get("programme", []), table.rows, strict=False)
                       if code.strip() != only_programme]
            if foreign:
                raise RegistryImportError(foreign)
        with _no_gc():
            prepared = prepare(table, self.programmes, self.key, import_date)
            sha = _sha256(path)
            with db.write_transaction(self.engine) as conn:
                return write_prepared(conn, prepared, sha, self.programmes)

    def import_publications(self, path: str | Path) -> RegistryImportResult:
        """Attach the works of an OpenAlex or ORCID file to participants by ORCID iD; works of
        people not in the registry are counted as unmatched and not stored."""
        path = Path(path)
        try:
            works = read_works(path)
        except DataImportError as exc:
            raise RegistryImportError([Issue(exc.file or str(path), exc.row, exc.column, "read_error", "error",
                                             (("reason", exc.reason),))]) from None
        pt, pub = schema.participant, schema.publication
        with db.write_transaction(self.engine) as conn:
            ids = {o: pid for pid, o in conn.execute(sa.select(pt.c.id, pt.c.orcid).where(pt.c.orcid.is_not(None)))}
            have = {(pid, w) for pid, w in conn.execute(sa.select(pub.c.participant_id, pub.c.work))}
            rows, seen, unmatched = [], set(), 0
            for w in works:
                pid = ids.get(w.orcid)
                if pid is None:
                    unmatched += 1
                    continue
                if (pid, w.work) in have or (pid, w.work) in seen:
                    continue
                seen.add((pid, w.work))
                rows.append((pid, w.work, month_key(w.date), w.date.isoformat(), w.row))
            result = RegistryImportResult(str(path), _sha256(path), len(works), len(rows), 0,
                                          len(works) - len(rows) - unmatched)
            result.changes = {"unmatched": unmatched} if unmatched else {}
            if rows:
                imp = schema.registry_import
                import_id = conn.execute(imp.insert().values(
                    file=str(path), sha256=result.sha256, kind="publications", imported_at=dt.datetime.now(dt.UTC),
                    rows=len(works), new=len(rows), updated=0, unchanged=result.unchanged,
                    changes=f"unmatched {unmatched}" if unmatched else "")).inserted_primary_key[0]
                bulk_insert(conn, pub, ("participant_id", "work", "date_mk", "pub_date", "import_id", "source_row"),
                            [(*r[:4], import_id, r[4]) for r in rows])
                result.import_id = int(import_id)
        return result

    # --- reading --------------------------------------------------------------------------------

    def info(self) -> dict:
        """Counts, programmes, imports and stored warnings (no personal data)."""
        t = schema
        with self.engine.connect() as conn:
            def count(table: sa.Table) -> int:
                return conn.execute(sa.select(sa.func.count()).select_from(table)).scalar_one()

            per_programme = [
                {"programme": code, "synthetic": bool(syn), "awards": n, "cohorts": f"{lo}–{hi}" if lo else ""}
                for code, syn, n, lo, hi in conn.execute(
                    sa.select(t.programme.c.code, t.programme.c.synthetic, sa.func.count(t.award.c.id),
                              sa.func.min(t.award.c.cohort), sa.func.max(t.award.c.cohort))
                    .select_from(t.programme.outerjoin(t.award, t.award.c.programme_id == t.programme.c.id))
                    .group_by(t.programme.c.code, t.programme.c.synthetic).order_by(t.programme.c.code))]
            imports = [dict(r._mapping) for r in conn.execute(sa.select(t.registry_import).order_by(t.registry_import.c.id))]
            warnings = [dict(r._mapping) for r in conn.execute(
                sa.select(t.warning.c.import_id, t.registry_import.c.file, t.warning.c.row, t.warning.c.column,
                          t.warning.c.rule, t.warning.c.message)
                .select_from(t.warning.join(t.registry_import, t.registry_import.c.id == t.warning.c.import_id))
                .order_by(t.warning.c.id))]
            exports = [dict(r._mapping) for r in conn.execute(sa.select(t.export_log).order_by(t.export_log.c.id))]
            return {"participants": count(t.participant), "awards": count(t.award), "events": count(t.event),
                    "publications": count(t.publication), "programmes": per_programme, "imports": imports,
                    "warnings": warnings, "exports": exports}

    def has_data(self) -> bool:
        with self.engine.connect() as conn:
            return bool(conn.execute(sa.select(sa.func.count()).select_from(schema.award)).scalar_one())

    def indicators(self, as_of: dt.date | None = None, by: Sequence[str] = ("cohort",),
                   audience: str = "public", threshold: int | None = None,
                   indicators: Sequence[str] | None = None,
                   programmes: Sequence[str] | None = None) -> IndicatorTable:
        """The cohort indicator table at ``as_of`` (today by default). ``public`` applies
        disclosure control; ``analyst`` shows every cell (record the export with
        :meth:`log_export`). ``programmes`` limits the query to those programme codes."""
        if audience not in ("public", "analyst"):
            raise ValueError("audience is public or analyst")
        with self.engine.connect() as conn:
            table = compute(conn, self.catalogue, as_of or dt.date.today(), by, indicators, programmes)
        if audience == "public":
            suppress(table, threshold)
        return table

    def log_export(self, what: str, audience: str, rows: int, who: str | None = None) -> None:
        """Record an export (who, when, what): every analyst export is in the log."""
        who = who or _who()
        with db.write_transaction(self.engine) as conn:
            conn.execute(schema.export_log.insert().values(
                who=who, at=dt.datetime.now(dt.UTC), what=what, audience=audience, rows=rows))


@contextmanager
def _no_gc() -> Iterator[None]:
    """The cyclic garbage collector paused: an import builds millions of tuples and lists that hold
    no cycles, and each collection of the oldest generation walks all of them again (seconds per
    million rows); reference counting still frees everything as usual."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def _who() -> str:
    try:
        return os.environ.get("TALENTFLOW_USER") or getpass.getuser()
    except Exception:  # no login name in some containers
        return "unknown"


def open_registry(target: str | os.PathLike[str] | None = None, **kw) -> Registry:
    """The public entry: the registry of the store at ``target`` (default store when ``None``)."""
    return Registry(target, **kw)
