"""Background jobs on the store: uploaded documents read and coded while the analyst watches.

A job is a row in ``web_job`` (queued → running → done | failed | cancelled, with progress 0–100
and a message); the uploaded files are rows in ``web_upload``. Any process can run jobs:
the in-process :class:`Worker` of ``talentflow serve`` (the embedded default) or ``talentflow
worker`` beside it. A job is claimed inside the store's write transaction, so two workers never
run the same one. Nothing is half-written: the uploads of a job become part of the matrix
(``accepted``) in the same transaction that marks the job done, and only when every file was read.

Uploads are checked before they are stored: the extension, the size, what the bytes really are
(a PDF starts with ``%PDF``, a DOCX is a ZIP holding ``word/document.xml``), ZIP bombs (entry count,
total and per-entry expansion) and XML with a DOCTYPE or entities are refused.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import re
import tempfile
import threading
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from talentflow import db
from talentflow.web.tables import jobs, uploads

SUFFIXES = (".html", ".htm", ".pdf", ".docx", ".txt", ".md")
MAX_FILE = 10 * 1024 * 1024
MAX_FILES = 20
MAX_BODY = MAX_FILES * MAX_FILE + 1024 * 1024  # a whole upload request, checked before it is read
MAX_UNZIPPED = 100 * 1024 * 1024
MAX_RATIO = 100
MAX_ENTRIES = 2000
SAFE = re.compile(r"[^A-Za-z0-9._-]+")


class UploadRefused(ValueError):
    """A file that will not be stored; the message names it and says why."""


def now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def safe_name(name: str) -> str:
    """The file name with only safe characters (no folders), its extension kept."""
    base = SAFE.sub("_", Path(name.replace("\\", "/")).name).strip("._") or "upload"
    return base[-120:]


def _check_docx(name: str, data: bytes) -> None:
    try:
        z = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise UploadRefused(f"{name}: not a DOCX file (not a ZIP archive)") from None
    infos = z.infolist()
    if len(infos) > MAX_ENTRIES:
        raise UploadRefused(f"{name}: {len(infos)} entries in the archive (at most {MAX_ENTRIES})")
    total = sum(i.file_size for i in infos)
    if total > MAX_UNZIPPED:
        raise UploadRefused(f"{name}: expands to {total} bytes (at most {MAX_UNZIPPED}): refused as a ZIP bomb")
    for i in infos:
        if i.compress_size and i.file_size / i.compress_size > MAX_RATIO and i.file_size > 1024 * 1024:
            raise UploadRefused(f"{name}: {i.filename} expands {i.file_size // i.compress_size}× : refused as a ZIP bomb")
    if "word/document.xml" not in {i.filename for i in infos}:
        raise UploadRefused(f"{name}: not a DOCX file (no word/document.xml)")
    for i in infos:
        if i.filename.endswith((".xml", ".rels")):
            head = z.read(i)[:4096].lower() if i.file_size < 64 * 1024 * 1024 else b""
            if b"<!doctype" in head or b"<!entity" in head:
                raise UploadRefused(f"{name}: {i.filename} declares a DOCTYPE or entities (refused: XML entity attack)")


def check_upload(name: str, data: bytes) -> str:
    """The safe stored name of an acceptable upload; :class:`UploadRefused` otherwise."""
    stored = safe_name(name)
    suffix = Path(stored).suffix.lower()
    if suffix not in SUFFIXES:
        raise UploadRefused(f"{stored}: type {suffix or '(none)'} not accepted (accepted: {', '.join(SUFFIXES)})")
    if not data:
        raise UploadRefused(f"{stored}: the file is empty")
    if len(data) > MAX_FILE:
        raise UploadRefused(f"{stored}: {len(data)} bytes (at most {MAX_FILE})")
    if suffix == ".pdf" and not data.startswith(b"%PDF-"):
        raise UploadRefused(f"{stored}: not a PDF file (no %PDF header)")
    if suffix == ".docx":
        _check_docx(stored, data)
    if suffix in (".txt", ".md", ".html", ".htm"):
        if b"\x00" in data[:65536] or data.startswith((b"%PDF", b"PK\x03\x04")):
            raise UploadRefused(f"{stored}: binary content in a text file")
        if suffix in (".html", ".htm") and re.search(rb"<!entity", data[:65536], re.I):
            raise UploadRefused(f"{stored}: declares XML entities (refused)")
    return stored


@dataclass
class Job:
    id: int
    kind: str
    status: str
    progress: int
    message: str
    user: str
    created: dt.datetime
    started: dt.datetime | None
    finished: dt.datetime | None
    error: str
    result: dict[str, Any]
    files: list[str]
    params: dict[str, Any] = field(default_factory=dict)

    @property
    def active(self) -> bool:
        return self.status in ("queued", "running")


def _aware(t: dt.datetime | None) -> dt.datetime | None:
    return t if t is None or t.tzinfo else t.replace(tzinfo=dt.UTC)


class Jobs:
    """The job table of one store."""

    def __init__(self, engine: sa.Engine):
        self.engine = engine

    def submit_upload(self, user: str, files: list[tuple[str, bytes]]) -> int:
        """Store the checked files and queue one job for them (one transaction)."""
        return self.submit("code_upload", user, files)

    def submit(self, kind: str, user: str, files: list[tuple[str, bytes]], params: dict[str, Any] | None = None
               ) -> int:
        """Queue a job of ``kind`` with its files and parameters (one transaction)."""
        with db.write_transaction(self.engine) as c:
            job_id = c.execute(jobs.insert().values(
                kind=kind, status="queued", progress=0, message="queued", user=user, created=now(),
                error="", result="", params=json.dumps(params or {}, ensure_ascii=False))).inserted_primary_key[0]
            if files:
                self._add_files(c, int(job_id), files)
        return int(job_id)

    def add_files(self, job_id: int, files: list[tuple[str, bytes]]) -> None:
        """Files a running job produced itself (a fetched document); they join the matrix only when it is done."""
        with db.write_transaction(self.engine) as c:
            self._add_files(c, job_id, files)

    @staticmethod
    def _add_files(c: sa.Connection, job_id: int, files: list[tuple[str, bytes]]) -> None:
        c.execute(uploads.insert(), [{"job_id": job_id, "name": f"u{job_id}_{name}",
                                      "sha256": hashlib.sha256(data).hexdigest(), "content": data,
                                      "accepted": False} for name, data in files])

    def get(self, job_id: int) -> Job | None:
        with self.engine.connect() as c:
            row = c.execute(sa.select(jobs).where(jobs.c.id == job_id)).mappings().first()
            names = c.execute(sa.select(uploads.c.name).where(uploads.c.job_id == job_id)
                              .order_by(uploads.c.id)).scalars().all()
        if row is None:
            return None
        return Job(id=row["id"], kind=row["kind"], status=row["status"], progress=row["progress"],
                   message=row["message"], user=row["user"], created=_aware(row["created"]),
                   started=_aware(row["started"]), finished=_aware(row["finished"]), error=row["error"],
                   result=json.loads(row["result"]) if row["result"] else {}, files=list(names),
                   params=json.loads(row["params"]) if row["params"] else {})

    def recent(self, limit: int = 50) -> list[Job]:
        with self.engine.connect() as c:
            ids = c.execute(sa.select(jobs.c.id).order_by(jobs.c.id.desc()).limit(limit)).scalars().all()
        return [j for j in (self.get(i) for i in ids) if j is not None]

    def claim(self) -> int | None:
        """Take the oldest queued job (None when there is none)."""
        with db.write_transaction(self.engine) as c:
            job_id = c.execute(sa.select(jobs.c.id).where(jobs.c.status == "queued").order_by(jobs.c.id)
                               .limit(1)).scalar_one_or_none()
            if job_id is not None:
                c.execute(jobs.update().where(jobs.c.id == job_id).values(
                    status="running", started=now(), progress=5, message="reading"))
        return job_id

    def progress(self, job_id: int, progress: int, message: str) -> bool:
        """Record progress; False when the job was cancelled meanwhile (the runner then stops)."""
        with db.write_transaction(self.engine) as c:
            n = c.execute(jobs.update().where(jobs.c.id == job_id, jobs.c.status == "running")
                          .values(progress=progress, message=message)).rowcount
        return n == 1

    def cancel(self, job_id: int) -> bool:
        with db.write_transaction(self.engine) as c:
            n = c.execute(jobs.update().where(jobs.c.id == job_id, jobs.c.status.in_(("queued", "running")))
                          .values(status="cancelled", finished=now(), message="cancelled")).rowcount
        return n == 1

    def fail(self, job_id: int, error: str, result: dict[str, Any] | None = None) -> None:
        """Failed, with one line per failed file (and what the job found, such as an import report)."""
        values: dict[str, Any] = {"status": "failed", "finished": now(), "message": "failed", "error": error}
        if result is not None:
            values["result"] = json.dumps(result, ensure_ascii=False)
        with db.write_transaction(self.engine) as c:
            c.execute(jobs.update().where(jobs.c.id == job_id, jobs.c.status == "running").values(**values))

    def finish(self, job_id: int, result: dict[str, Any], accept: bool = True) -> bool:
        """Done, and the job's files part of the matrix — together, or neither (if cancelled)."""
        with db.write_transaction(self.engine) as c:
            return self.finish_in(c, job_id, result, accept)

    @staticmethod
    def finish_in(c: sa.Connection, job_id: int, result: dict[str, Any], accept: bool = True) -> bool:
        """:meth:`finish` inside a transaction of the caller's, so a job's own writes (an import) and
        its "done" commit together; False (the caller rolls back) when it was cancelled meanwhile."""
        n = c.execute(jobs.update().where(jobs.c.id == job_id, jobs.c.status == "running").values(
            status="done", progress=100, finished=now(), message="done",
            result=json.dumps(result, ensure_ascii=False))).rowcount
        if n == 1 and accept:
            c.execute(uploads.update().where(uploads.c.job_id == job_id).values(accepted=True))
        return n == 1

    def files_of(self, job_id: int) -> list[tuple[str, bytes]]:
        with self.engine.connect() as c:
            return [(r.name, r.content) for r in
                    c.execute(sa.select(uploads.c.name, uploads.c.content).where(uploads.c.job_id == job_id))]

    def data_version(self) -> tuple[int, int, int]:
        """What the public pages are computed from, as numbers that grow with every change:
        (last accepted upload, last statistics import, last registry import). Answers reused
        across requests are keyed on it, so an import anywhere (any process) invalidates them."""
        from talentflow.monitor.schema import registry_import
        from talentflow.stats.schema import dataset

        with self.engine.connect() as c:
            return tuple(int(c.execute(q).scalar_one()) for q in (  # type: ignore[return-value]
                sa.select(sa.func.coalesce(sa.func.max(uploads.c.id), 0)).where(uploads.c.accepted.is_(True)),
                sa.select(sa.func.coalesce(sa.func.max(dataset.c.id), 0)),
                sa.select(sa.func.coalesce(sa.func.max(registry_import.c.id), 0))))

    def accepted_generation(self) -> int:
        """Changes whenever an upload joins the matrix (the snapshot is rebuilt then)."""
        with self.engine.connect() as c:
            return int(c.execute(sa.select(sa.func.coalesce(sa.func.max(uploads.c.id), 0))
                                 .where(uploads.c.accepted.is_(True))).scalar_one())

    def write_accepted(self, folder: Path) -> list[Path]:
        """The accepted uploads as files in ``folder`` (the corpus the snapshot reads beside the shipped one)."""
        with self.engine.connect() as c:
            rows = c.execute(sa.select(uploads.c.name, uploads.c.content).where(uploads.c.accepted.is_(True))).all()
        out = []
        for name, content in rows:
            path = folder / name
            path.write_bytes(content)
            out.append(path)
        return out


def run_job(jobs_: Jobs, job_id: int, code: Callable[[list[Path]], tuple[list[dict], list[str]]]) -> None:
    """Read and code a job's files (``code`` is the observatory adapter's ``code_files``)."""
    files = jobs_.files_of(job_id)
    with tempfile.TemporaryDirectory(prefix="talentflow-job-") as tmp:
        paths = []
        for name, data in files:
            p = Path(tmp) / name
            p.write_bytes(data)
            paths.append(p)
        if not jobs_.progress(job_id, 30, "coding"):
            return
        try:
            documents, errors = code(paths)
        except Exception as exc:  # a reader's bug must fail the job, not the worker
            jobs_.fail(job_id, f"{type(exc).__name__}: {exc}")
            return
    if errors:
        jobs_.fail(job_id, "\n".join(e.replace(tmp + "/", "") for e in errors))
        return
    if not jobs_.progress(job_id, 90, "saving"):
        return
    jobs_.finish(job_id, {"documents": documents})


class Worker:
    """Runs queued jobs in a thread of this process until stopped."""

    def __init__(self, jobs_: Jobs, code: Callable, on_done: Callable[[], None] = lambda: None, poll: float = 0.5,
                 tasks: Callable[[Jobs, Job], None] | None = None):
        """``tasks`` runs the jobs that are not coding uploads (``talentflow.web.tasks.Tasks``)."""
        self.jobs, self.code, self.on_done, self.poll, self.tasks = jobs_, code, on_done, poll, tasks
        self._stop = threading.Event()
        self._wake = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        if self._thread is None:
            self._thread = threading.Thread(target=self.run, name="talentflow-worker", daemon=True)
            self._thread.start()

    def wake(self) -> None:
        self.start()
        self._wake.set()

    def stop(self) -> None:
        self._stop.set()
        self._wake.set()

    def run_once(self) -> bool:
        job_id = self.jobs.claim()
        if job_id is None:
            return False
        job = self.jobs.get(job_id)
        if job is None or job.kind == "code_upload":
            run_job(self.jobs, job_id, self.code)
        elif self.tasks is not None:
            try:
                self.tasks(self.jobs, job)
            except Exception as exc:  # a task's bug must fail the job, not the worker
                self.jobs.fail(job_id, f"{type(exc).__name__}: {exc}")
        else:
            self.jobs.fail(job_id, f"this worker cannot run {job.kind} jobs")
        self.on_done()
        return True

    def run(self) -> None:
        while not self._stop.is_set():
            if not self.run_once():
                self._wake.wait(self.poll)
                self._wake.clear()
