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
from talentflow.limits import MAX_ID_LENGTH

DEFAULT_BASE_URL = "https://adilet.zan.kz"
ENV_BASE_URL = "TALENTFLOW_ADILET_URL"
_LANGS = {"rus": "ru", "kaz": "kk"}
MANIFEST_COLUMNS = ["file", "id", "language", "title", "act_type", "number", "date", "issuer", "period", "source_url"]
#: An adilet register id (``P2200000961``, ``K1500000375``, ``U2300000305_``).
_ID = re.compile(rf"[A-Za-z0-9_]{{1,{MAX_ID_LENGTH}}}")
#: A document id recorded with ``--id``: it becomes a file name, so no separators, no ``..``.
_NAME = re.compile(rf"[A-Za-z0-9][A-Za-z0-9_.-]{{0,{MAX_ID_LENGTH - 1}}}")


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
    m = re.search(r"/(rus|kaz|eng)/docs/([A-Za-z0-9_]+)(?:[/?#]|$)", ref)
    if m and _ID.fullmatch(m.group(2)):
        return m.group(2), m.group(1)
    if _ID.fullmatch(ref):
        return ref, None
    raise FetchError(f"not an adilet document id or URL: {_shorten(ref)} (an id is 1 to {MAX_ID_LENGTH} "
                     "letters, digits or _, such as P2200000961)")


def _shorten(text: str, width: int = 80) -> str:
    shown = repr(text)
    return shown if len(shown) <= width else shown[:width] + "…"


def check_name(name: str) -> str:
    """A document id given with ``--id``, refused unless it is a plain file name stem."""
    if not _NAME.fullmatch(name) or ".." in name:
        raise FetchError(f"--id {_shorten(name)} is not a document id: use 1 to {MAX_ID_LENGTH} letters, "
                         "digits, '_', '-' or '.' (no path separators, no '..', no spaces or newlines)")
    return name


def _read_manifest(manifest: Path) -> tuple[list[str], list[dict[str, str]]]:
    """Columns and rows of an existing manifest; one that is not UTF-8 CSV is an error (before
    anything is downloaded or written)."""
    columns = list(MANIFEST_COLUMNS)
    rows: list[dict[str, str]] = []
    if not manifest.exists():
        return columns, rows
    try:
        with manifest.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.DictReader(handle)
            for name in reader.fieldnames or []:
                if name not in columns:
                    columns.append(name)
            rows = [dict(r) for r in reader]
    except UnicodeDecodeError as exc:
        raise FetchError(f"{manifest}: not UTF-8 text (byte {exc.start}); save it as UTF-8 CSV "
                         "or fetch into another --out") from None
    except (csv.Error, OSError) as exc:
        raise FetchError(f"{manifest}: cannot be read ({exc}); fix it or fetch into another --out") from None
    return columns, rows


def _update_manifest(folder: Path, row: dict[str, str]) -> Path:
    manifest = folder / "manifest.csv"
    columns, rows = _read_manifest(manifest)
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
        writer.writerow({k: (v if v is not None else "") for k, v in r.items() if k in columns and k is not None})
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
    doc_id = check_name(name) if name is not None else (registered_id(adilet_id) or adilet_id)
    lang = (lang or url_lang or "rus").lower()
    if lang not in _LANGS:
        raise FetchError(f"language {lang!r} not supported (rus or kaz)")
    out = Path(out_dir)
    target = out / f"{doc_id}.{_LANGS[lang]}.md"
    if target.resolve().parent != out.resolve():  # cannot happen with a checked id; kept as the rule
        raise FetchError(f"{target}: would be written outside {out}")
    _read_manifest(out / "manifest.csv")
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
