"""The background jobs besides coding uploads: statistics imports, report builds, adilet fetches.

Each runs on the same job table as the coding of uploads (``talentflow.web.jobs``), in the
in-process worker of ``talentflow serve`` or in ``talentflow worker``, through the pipeline's own
entries — nothing here imports, renders or downloads in a way of its own:

* ``import_stats``: the statistics importers (:meth:`talentflow.stats.store.Store.import_files`,
  what ``talentflow import`` runs). The files are first read one by one (progress per file, a
  cancel honoured between files); then written in one transaction that also marks the job done,
  so either every file's figures are in the store and the job says so, or none is. The import
  report lists per file the rows read and written, and for a refused file its row, column and reason.
* ``build_report``: :func:`talentflow.report.build_report`, the function ``make report`` runs, into a
  temporary folder beside ``/reports``; the files are moved in (each ``os.replace``, atomic) only
  when every format was rendered, named ``report-<lang>.<format>``.
* ``fetch_adilet``: :func:`talentflow.ingest.adilet.fetch_adilet` of a checked document id; the
  fetched text is then coded like an upload. Without a network the job fails with one line saying so.
"""

from __future__ import annotations

import io
import os
import re
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from talentflow.web.jobs import (
    MAX_ENTRIES,
    MAX_FILE,
    MAX_RATIO,
    MAX_UNZIPPED,
    Job,
    Jobs,
    UploadRefused,
    run_job,
)
from talentflow.web.jobs import safe_name as _safe_name

#: statistics files the importers read (UIS bulk CSV, SDMX-ML, WDI/UN DESA/national xlsx, any CSV/XLSX)
STATS_SUFFIXES = (".csv", ".tsv", ".xlsx", ".xml")
STATS_KINDS = ("uis", "sdmx", "wdi", "undesa", "bns", "csv", "xlsx")
REPORT_FORMATS = ("html", "pdf", "docx")
REPORT_LANGS = ("ru", "kk", "en")
ADILET_LANGS = ("rus", "kaz")
#: the stages ``build_report`` announces, with the progress each one stands for
REPORT_STAGES = {"reading": 10, "coding": 25, "statistics": 45, "composing": 60, "rendering html": 70,
                 "rendering pdf": 80, "rendering docx": 90}
NO_NETWORK = ("adilet.zan.kz could not be reached from this server (it may have no network); "
              "download the document elsewhere and upload it instead")


class Cancelled(Exception):
    """The job was cancelled while it ran: stop, write nothing."""


def check_stats_upload(name: str, data: bytes) -> str:
    """The safe stored name of an acceptable statistics file; :class:`UploadRefused` otherwise.
    An xlsx is a ZIP: the same bomb and XML-entity checks as a DOCX upload."""
    stored = _safe_name(name)
    suffix = Path(stored).suffix.lower()
    if suffix not in STATS_SUFFIXES:
        raise UploadRefused(f"{stored}: type {suffix or '(none)'} not accepted (accepted: {', '.join(STATS_SUFFIXES)})")
    if not data:
        raise UploadRefused(f"{stored}: the file is empty")
    if len(data) > MAX_FILE:
        raise UploadRefused(f"{stored}: {len(data)} bytes (at most {MAX_FILE})")
    if suffix == ".xlsx":
        try:
            z = zipfile.ZipFile(io.BytesIO(data))
        except zipfile.BadZipFile:
            raise UploadRefused(f"{stored}: not an XLSX file (not a ZIP archive)") from None
        infos = z.infolist()
        if len(infos) > MAX_ENTRIES or sum(i.file_size for i in infos) > MAX_UNZIPPED or any(
                i.compress_size and i.file_size / i.compress_size > MAX_RATIO and i.file_size > 1024 * 1024
                for i in infos):
            raise UploadRefused(f"{stored}: refused as a ZIP bomb (too many entries or too large unpacked)")
        for i in infos:
            if i.filename.endswith((".xml", ".rels")):
                head = z.read(i)[:4096].lower()
                if b"<!doctype" in head or b"<!entity" in head:
                    raise UploadRefused(f"{stored}: {i.filename} declares a DOCTYPE or entities (refused)")
    else:
        if b"\x00" in data[:65536] or data.startswith((b"%PDF", b"PK\x03\x04")):
            raise UploadRefused(f"{stored}: binary content in a text file")
        if re.search(rb"<!(doctype|entity)", data[:65536], re.I):
            raise UploadRefused(f"{stored}: declares a DOCTYPE or XML entities (refused)")
    return stored


ADILET_ID = re.compile(r"^[A-Za-z0-9_]{1,40}$")


def check_adilet_id(ref: str) -> str:
    """The document id, from an id or an adilet.zan.kz address; ValueError when it is neither."""
    from talentflow.ingest.adilet import FetchError, parse_reference

    ref = ref.strip()
    try:
        adilet_id, _ = parse_reference(ref)
    except FetchError as exc:
        raise ValueError(str(exc)) from None
    if not ADILET_ID.match(adilet_id):
        raise ValueError(f"{ref[:80]!r}: not an adilet document id")
    return adilet_id


@dataclass
class Tasks:
    """Runs a job of one of the kinds above (the worker's ``tasks``); what a job needs of the server."""

    store_url: str | None
    reports_dir: Path
    corpus: list[Path] | None = None
    country: str = "KAZ"
    code: Any = None  # the coding of documents (observatory.code_files)
    runners: dict[str, Any] = field(init=False)

    def __post_init__(self) -> None:
        self.runners = {"import_stats": self.import_stats, "build_report": self.build_report,
                        "fetch_adilet": self.fetch_adilet}

    def __call__(self, jobs: Jobs, job: Job) -> None:
        runner = self.runners.get(job.kind)
        if runner is None:
            jobs.fail(job.id, f"unknown job kind {job.kind!r}")
            return
        try:
            runner(jobs, job)
        except Cancelled:
            return

    @staticmethod
    def _step(jobs: Jobs, job: Job, progress: int, message: str) -> None:
        if not jobs.progress(job.id, progress, message):
            raise Cancelled

    # --- statistics --------------------------------------------------------------------------

    def import_stats(self, jobs: Jobs, job: Job) -> None:
        from talentflow.stats.errors import DataImportError
        from talentflow.stats.importers import get_importer
        from talentflow.stats.store import ImportBatchError, open_store

        kind = job.params.get("kind") or None
        files = jobs.files_of(job.id)
        report: list[dict[str, Any]] = []
        with tempfile.TemporaryDirectory(prefix="talentflow-import-") as tmp:
            paths, names = [], {}
            for stored, data in files:
                name = stored.split("_", 1)[1] if stored.startswith(f"u{job.id}_") else stored
                p = Path(tmp) / name  # one folder: a UIS file finds its label files beside it
                p.write_bytes(data)
                paths.append(p)
                names[str(p)] = name
            # first read every file (nothing written), so each failed file is named with its row
            failed = 0
            for i, p in enumerate(paths):
                self._step(jobs, job, 5 + int(55 * i / max(1, len(paths))), "reading")
                entry: dict[str, Any] = {"file": names[str(p)], "rows_read": 0, "written": 0, "new": 0,
                                         "updated": 0, "unchanged": 0, "refused": None}
                try:
                    for _ in get_importer(p, kind).read(p):
                        entry["rows_read"] += 1
                except DataImportError as exc:
                    failed += 1
                    entry["refused"] = _refusal(exc, names[str(p)])
                report.append(entry)
            if failed:
                jobs.fail(job.id, _error_lines(report), {"import": report, "written": False})
                return
            self._step(jobs, job, 60, "saving")

            def done(conn, results) -> bool:
                for entry, r in zip(report, results, strict=True):
                    entry |= {"dataset": r.dataset, "rows_read": r.rows, "new": r.new, "updated": r.updated,
                              "unchanged": r.unchanged, "written": r.new + r.updated}
                return jobs.finish_in(conn, job.id, {"import": report, "written": True}, accept=False)

            store = open_store(self.store_url)
            try:
                store.import_files(paths, kind, names=names, then=done)
            except ImportBatchError as exc:  # a check that only the write sees (a duplicate with another value)
                by_file = {e.location.file: e for e in exc.errors}
                for entry in report:
                    if entry["file"] in by_file:
                        entry["refused"] = _refusal(by_file[entry["file"]], entry["file"])
                jobs.fail(job.id, _error_lines(report), {"import": report, "written": False})
            finally:
                store.close()

    # --- the report --------------------------------------------------------------------------

    def build_report(self, jobs: Jobs, job: Job) -> None:
        from talentflow.report import build_report

        lang = job.params.get("lang", "en")
        formats = [f for f in job.params.get("formats", ["html"]) if f in REPORT_FORMATS] or ["html"]
        if lang not in REPORT_LANGS:
            jobs.fail(job.id, f"language {lang!r} not offered (ru, kk or en)")
            return
        self.reports_dir.mkdir(parents=True, exist_ok=True)

        def progress(stage: str) -> None:
            self._step(jobs, job, REPORT_STAGES.get(stage, 50), stage)

        with tempfile.TemporaryDirectory(prefix=".building-", dir=self.reports_dir) as tmp:
            try:
                result = build_report(corpus=self.corpus, data=self._data(), country=self.country, lang=lang,
                                      formats=formats, out_dir=Path(tmp), progress=progress,
                                      store=self.store_url)
            except Cancelled:
                raise
            except (ValueError, OSError) as exc:
                jobs.fail(job.id, f"the report could not be built: {exc}")
                return
            self._step(jobs, job, 95, "saving")
            moved = []
            for fmt, path in sorted(result.files.items()):
                target = self.reports_dir / f"report-{lang}{Path(path).suffix}"
                os.replace(path, target)  # atomic: a visitor sees the old file or the new one
                moved.append({"format": fmt, "name": target.name, "url": f"/reports/{target.name}"})
        jobs.finish(job.id, {"report": moved, "lang": lang, "not_read": list(result.errors)}, accept=False)

    def _data(self) -> Path | None:
        """The store's figures for the report when the store is an SQLite file; ``None`` (the
        shipped package, as ``make report``) for a database server."""
        from talentflow import db

        engine = db.connect(self.store_url)
        try:
            database = engine.url.database if engine.dialect.name == "sqlite" else None
        finally:
            engine.dispose()
        return Path(database) if database and Path(database).is_file() else None

    # --- adilet ------------------------------------------------------------------------------

    def fetch_adilet(self, jobs: Jobs, job: Job) -> None:
        from talentflow.ingest import adilet

        ref, lang = job.params.get("id", ""), job.params.get("lang", "rus")
        self._step(jobs, job, 10, "fetching")
        with tempfile.TemporaryDirectory(prefix="talentflow-adilet-") as tmp:
            try:
                fetched = adilet.fetch_adilet(check_adilet_id(ref), lang=lang, out_dir=tmp, timeout=30.0)
            except (adilet.FetchError, ValueError) as exc:
                text = str(exc)
                network = "network error" in text or "no answer within" in text
                jobs.fail(job.id, f"{ref}: {NO_NETWORK} ({text})" if network else f"{ref}: {text}")
                return
            jobs.add_files(job.id, [(fetched.path.name, fetched.path.read_bytes())])
        run_job(jobs, job.id, self.code)


def _refusal(exc, file: str) -> dict[str, Any]:
    where = exc.location
    return {"file": file, "sheet": where.sheet, "row": where.row, "column": where.column, "reason": exc.reason}


def _error_lines(report: list[dict[str, Any]]) -> str:
    lines = []
    for e in report:
        r = e["refused"]
        if r:
            at = ", ".join(x for x in (r["file"], f"sheet {r['sheet']!r}" if r["sheet"] else "",
                                       f"row {r['row']}" if r["row"] else "",
                                       f"column {r['column']!r}" if r["column"] else "") if x)
            lines.append(f"{at}: {r['reason']}")
    return "\n".join(lines)
