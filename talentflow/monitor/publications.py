"""Publications of participants: OpenAlex works (JSON lines as its API downloads them) and ORCID
works files (the ``/works`` summary or a whole record), matched to participants by ORCID iD.

A work is keyed by its DOI when it has one (so the same paper from OpenAlex and from ORCID counts
once), else by its OpenAlex id or ORCID put-code. A date with only a year or a month counts from
the first day of it.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from talentflow.monitor.prepare import normalise_orcid
from talentflow.stats.errors import DataImportError


@dataclass(frozen=True)
class Work:
    orcid: str
    work: str
    date: dt.date
    row: int


def _doi(text: str | None) -> str | None:
    if not text:
        return None
    t = text.strip().lower()
    for prefix in ("https://doi.org/", "http://doi.org/", "doi:"):
        if t.startswith(prefix):
            t = t[len(prefix):]
    return f"doi:{t}" if t.startswith("10.") else None


def _date(text: str | None, year: object = None, month: object = None, day: object = None) -> dt.date | None:
    if text:
        try:
            return dt.date.fromisoformat(text[:10])
        except ValueError:
            pass
    try:
        y = int(str(year)) if year else None
    except ValueError:
        return None
    if y is None:
        return None
    m = int(str(month)) if month else 1
    d = int(str(day)) if day else 1
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


def read_openalex(path: Path) -> Iterator[Work]:
    """Works of an OpenAlex JSON-lines file, one per author ORCID iD it carries."""
    with path.open(encoding="utf-8") as fh:
        for row, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                w = json.loads(line)
            except json.JSONDecodeError as exc:
                raise DataImportError(f"not a JSON object: {exc.msg}", file=str(path), row=row) from None
            date = _date(w.get("publication_date"), w.get("publication_year"))
            if date is None:
                raise DataImportError("no publication_date or publication_year", file=str(path), row=row,
                                      column="publication_date")
            key = _doi(w.get("doi")) or str(w.get("id") or "").rsplit("/", 1)[-1]
            if not key:
                raise DataImportError("a work without id or doi", file=str(path), row=row, column="id")
            for a in w.get("authorships") or []:
                orcid = normalise_orcid(str((a.get("author") or {}).get("orcid") or ""))
                if orcid:
                    yield Work(orcid, key, date, row)


def _orcid_summaries(data: dict) -> tuple[str | None, list[dict]]:
    orcid = None
    if "orcid-identifier" in data:
        orcid = (data.get("orcid-identifier") or {}).get("path")
        works = ((data.get("activities-summary") or {}).get("works") or {})
    else:
        works = data
        path = str(data.get("path") or "")
        orcid = path.strip("/").split("/")[0] if path else None
    summaries = [s for g in works.get("group") or [] for s in g.get("work-summary") or []]
    return orcid, summaries


def read_orcid(path: Path) -> Iterator[Work]:
    """Works of an ORCID works file (API v3 ``/works`` or a full record), numbered in order."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise DataImportError(f"not JSON: {exc.msg}", file=str(path), row=exc.lineno) from None
    orcid_raw, summaries = _orcid_summaries(data)
    orcid = normalise_orcid(str(orcid_raw or ""))
    if orcid is None:
        raise DataImportError("no valid ORCID iD in the file (path or orcid-identifier)", file=str(path))
    for n, s in enumerate(summaries, 1):
        pd_ = s.get("publication-date") or {}
        date = _date(None, (pd_.get("year") or {}).get("value"), (pd_.get("month") or {}).get("value"),
                     (pd_.get("day") or {}).get("value"))
        if date is None:
            continue  # ORCID allows undated works; they cannot be placed in a span
        doi = None
        for ext in ((s.get("external-ids") or {}).get("external-id") or []):
            if ext.get("external-id-type") == "doi":
                doi = _doi(ext.get("external-id-value"))
                break
        yield Work(orcid, doi or f"orcid-put:{s.get('put-code')}", date, n)


def read_works(path: str | Path) -> list[Work]:
    """Works of a file, OpenAlex or ORCID by its content."""
    path = Path(path)
    head = path.read_text(encoding="utf-8")[:2000].lstrip()
    if path.suffix.lower() in (".jsonl", ".ndjson") or (head.startswith("{") and "\n{" in head and
                                                         "authorships" in head):
        return list(read_openalex(path))
    return list(read_orcid(path))
