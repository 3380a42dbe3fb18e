"""Fetch an act from adilet.zan.kz (the official register) into a corpus folder.

The page is reduced to the act's text with the HTML reader and saved as Markdown with its
provenance in comments (``source``, ``title``), and the folder's ``manifest.csv`` gains (or
updates) the act's row, so a later ``read_documents`` on the folder sees the same metadata a
person would have typed. Fetching twice leaves one row and one file.
"""

from __future__ import annotations

import csv
import io
import os
import re
from dataclasses import dataclass
from pathlib import Path

import httpx

from talentflow.ingest.documents import document_from_text
from talentflow.ingest.html_reader import HtmlError, extract_html
from talentflow.ingest.markup import escape_markdown_line
from talentflow.ingest.model import DocumentMeta
from talentflow.ingest.register import load_register
from talentflow.io.atomic import write_text

DEFAULT_BASE_URL = "https://adilet.zan.kz"
ENV_BASE_URL = "TALENTFLOW_ADILET_URL"
_LANGS = {"rus": "ru", "kaz": "kk"}
MANIFEST_COLUMNS = ["file", "id", "language", "title", "act_type", "number", "date", "issuer", "period", "source_url"]
_ID = re.compile(r"^[A-Za-z0-9_]+$")


class FetchError(RuntimeError):
    """The act could not be fetched or holds no text; the message says which and why."""


@dataclass
class Fetched:
    id: str
    url: str
    path: Path
    title: str | None
    language: str


def parse_reference(ref: str) -> tuple[str, str | None]:
    """``"P2200000961"`` or an adilet URL → (register id, language code in the URL or None)."""
    ref = ref.strip()
    m = re.search(r"/(rus|kaz|eng)/docs/([A-Za-z0-9_]+)", ref)
    if m:
        return m.group(2), m.group(1)
    if _ID.match(ref):
        return ref, None
    raise FetchError(f"not an adilet document id or URL: {ref!r}")


def _update_manifest(folder: Path, row: dict[str, str]) -> Path:
    manifest = folder / "manifest.csv"
    rows: list[dict[str, str]] = []
    columns = list(MANIFEST_COLUMNS)
    if manifest.exists():
        with manifest.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.DictReader(handle)
            for name in reader.fieldnames or []:
                if name not in columns:
                    columns.append(name)
            rows = [dict(r) for r in reader]
    for existing in rows:
        if existing.get("file") == row["file"]:
            existing.update({k: v for k, v in row.items()})
            break
    else:
        rows.append(row)
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    for r in rows:
        writer.writerow({k: (v if v is not None else "") for k, v in r.items() if k in columns})
    write_text(manifest, buffer.getvalue())
    return manifest


#: Registers of analysed documents shipped with the package (``data/corpus/<country>/documents.csv``).
SHIPPED_CORPORA = Path(__file__).resolve().parents[1] / "data" / "corpus"


def registered_id(adilet_id: str, corpora: Path = SHIPPED_CORPORA) -> str | None:
    """The id a shipped register gives the act with this adilet id (``P2200000961`` →
    ``p2022_961``), so a fetched full text takes the place of the opening or the descriptions
    the corpus holds, and the reference coding and its claims apply to it unchanged."""
    wanted = adilet_id.rstrip("_").upper()
    for register in sorted(corpora.glob("*/documents.csv")):
        for doc_id, values in load_register(register).items():
            m = re.search(r"/docs/([A-Za-z0-9_]+)", str(values.get("source_url") or ""))
            if m and m.group(1).rstrip("_").upper() == wanted:
                return doc_id
    return None


def fetch_adilet(
    ref: str,
    lang: str | None = None,
    out_dir: str | Path = ".",
    base_url: str | None = None,
    timeout: float = 30.0,
    transport: httpx.BaseTransport | None = None,
    name: str | None = None,
) -> Fetched:
    """Download ``{base}/{lang}/docs/{ID}``, save ``{name}.{ru|kk}.md`` and its manifest row.

    ``name`` is the document id to record: by default the id a shipped register of analysed
    documents gives this act, else the adilet id itself.
    """
    adilet_id, url_lang = parse_reference(ref)
    doc_id = name or registered_id(adilet_id) or adilet_id
    lang = (lang or url_lang or "rus").lower()
    if lang not in _LANGS:
        raise FetchError(f"language {lang!r} not supported (rus or kaz)")
    base = (base_url or os.environ.get(ENV_BASE_URL) or DEFAULT_BASE_URL).rstrip("/")
    url = f"{base}/{lang}/docs/{adilet_id}"
    try:
        with httpx.Client(timeout=timeout, follow_redirects=True, transport=transport) as client:
            response = client.get(url, headers={"User-Agent": "talentflow (policy research)"})
    except httpx.TimeoutException as exc:
        raise FetchError(f"{url}: no answer within {timeout:g} s") from exc
    except httpx.HTTPError as exc:
        raise FetchError(f"{url}: network error ({exc.__class__.__name__}: {exc})") from exc
    if response.status_code == 404:
        raise FetchError(f"{url}: not found (HTTP 404): check the document id")
    if response.status_code >= 400:
        raise FetchError(f"{url}: HTTP {response.status_code}")
    try:
        page = extract_html(response.text)
    except HtmlError as exc:
        raise FetchError(f"{url}: {exc}") from exc
    language = _LANGS[lang]
    document = document_from_text(page.text, DocumentMeta(id=doc_id, title=page.title, source_url=url))
    meta = document.meta
    out = Path(out_dir)
    target = out / f"{doc_id}.{language}.md"
    lines = []
    if meta.title:
        lines.append(f"<!-- title: {meta.title.replace('--', '—')} -->")
    lines.append(f"<!-- document: {doc_id}; language: {language} -->")
    lines.append("")
    lines.append(f"<!-- source: {url} -->")
    lines += [escape_markdown_line(line) for line in page.text.split("\n")]
    write_text(target, "\n".join(lines) + "\n")
    _update_manifest(
        out,
        {
            "file": target.name,
            "id": doc_id,
            "language": language,
            "title": meta.title or "",
            "act_type": meta.act_type or "",
            "number": meta.number or "",
            "date": meta.date.isoformat() if meta.date else "",
            "issuer": meta.issuer or "",
            "period": meta.period or "",
            "source_url": url,
        },
    )
    return Fetched(doc_id, url, target, meta.title, language)
