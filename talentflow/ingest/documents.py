"""Files and folders → :class:`Document` objects, with every unreadable file reported by name.

One bad file never stops a corpus: it comes back as a :class:`ReadError` with a reason a person
can act on (encrypted, scanned, too large, not text), and the other files are still read.
Metadata is read from the text first and then overridden by the manifest next to the files.
"""

from __future__ import annotations

import dataclasses
import operator
import os
import zipfile
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from talentflow.gc_pause import gc_paused
from talentflow.ingest.decode import DecodeError, decode_text, normalise_newlines
from talentflow.ingest.docx_reader import DocxError, extract_docx
from talentflow.ingest.html_reader import HtmlError, extract_html
from talentflow.ingest.language import dominant_language
from talentflow.ingest.manifest import (
    MANIFEST_NAMES,
    Manifest,
    ManifestError,
    ManifestRow,
    apply_row,
    find_manifest,
    load_manifest,
)
from talentflow.ingest.markup import MarkedPart, parse_marked_text
from talentflow.ingest.metadata import extract_metadata, infer_doc_type
from talentflow.ingest.model import DOC_TYPES, Document, DocumentMeta, Part, ReadError, Segment, printable
from talentflow.ingest.pdf_reader import PdfError, extract_pdf
from talentflow.ingest.segment import segment_text

#: Extensions read, by reader.
READERS = {
    ".html": "html",
    ".htm": "html",
    ".pdf": "pdf",
    ".docx": "docx",
    ".txt": "text",
    ".md": "markdown",
    ".markdown": "markdown",
}
#: Language suffixes of file names ("law.ru.md"); adilet's own codes included.
LANGUAGE_SUFFIXES = {"ru": "ru", "kk": "kk", "kz": "kk", "en": "en", "rus": "ru", "kaz": "kk", "eng": "en"}
DEFAULT_MAX_BYTES = 100 * 2**20


#: Exceptions a reading library raises on a malformed file (never a reason for a traceback).
_LIBRARY_ERRORS = (ValueError, KeyError, TypeError, AttributeError, IndexError, SyntaxError, EOFError,
                   RecursionError, LookupError, zipfile.BadZipFile)


class ExtractError(ValueError):
    """A file that cannot be turned into text; the message is the reason shown to the user."""


@dataclass
class Extracted:
    """Text of a file before segmentation, with what the file itself said about it."""

    text: str
    parts: list[MarkedPart]
    fields: dict[str, str] = field(default_factory=dict)
    title: str | None = None


@dataclass
class Loaded:
    """A document read from a file, with the manifest row that described it (if any)."""

    document: Document
    file: Path
    row: ManifestRow | None = None


def file_language(path: Path) -> str | None:
    """Language named by the file name's suffix (``law.kk.md`` → ``kk``)."""
    suffixes = Path(path.name).suffixes
    if len(suffixes) >= 2:
        return LANGUAGE_SUFFIXES.get(suffixes[-2].lstrip(".").lower())
    return None


def stem_id(path: Path) -> str:
    """Document id from a file name: the stem without its language suffix."""
    stem = printable(Path(path.name).stem)
    head, dot, tail = stem.rpartition(".")
    if dot and tail.lower() in LANGUAGE_SUFFIXES:
        return head
    return stem


def extract_file(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> Extracted:
    """Text of one file by its extension; :class:`ExtractError` says why it could not be read."""
    kind = READERS.get(path.suffix.lower())
    if kind is None:
        known = ", ".join(sorted(READERS))
        raise ExtractError(f"unknown extension {path.suffix or '(none)'!r} (readable: {known})")
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise ExtractError(f"cannot open ({exc.strerror or exc})") from exc
    if size > max_bytes:
        raise ExtractError(f"file too large ({size / 2**20:.1f} MiB > limit {max_bytes / 2**20:.1f} MiB)")
    if size == 0:
        raise ExtractError("empty file")
    try:
        if kind == "pdf":
            text = extract_pdf(path)
            return Extracted(text, [MarkedPart(0, len(text))])
        if kind == "docx":
            text, title = extract_docx(path)
            return Extracted(normalise_newlines(text), [MarkedPart(0, len(text))], title=title)
        data = path.read_bytes()
        raw, _ = decode_text(data)
        raw = normalise_newlines(raw)
        if kind == "html":
            page = extract_html(raw)
            return Extracted(page.text, [MarkedPart(0, len(page.text))], title=page.title)
        marked = parse_marked_text(raw, markdown=kind == "markdown")
        return Extracted(marked.text, marked.parts, marked.fields, marked.first_heading)
    except (DecodeError, PdfError, DocxError, HtmlError) as exc:
        raise ExtractError(str(exc)) from exc
    except OSError as exc:
        raise ExtractError(f"cannot read ({exc.strerror or exc})") from exc
    except _LIBRARY_ERRORS as exc:  # a reading library tripped over a malformed file
        first = (str(exc).splitlines() or [""])[0][:200]
        raise ExtractError(f"unreadable {kind} file ({type(exc).__name__}: {first})") from exc


def _part_index(parts: list[Part], position: int) -> int:
    for i in range(len(parts) - 1, -1, -1):
        if parts[i].start <= position:
            return i
    return 0


_PART_OF = operator.attrgetter("part")


def _assign_parts(segments: list[Segment], parts: list[Part]) -> list[Segment]:
    """Segments with the index of the part they start in; a segment already carrying the
    right index is kept as it is (with one part, every index is 0: nothing to replace)."""
    if len(parts) <= 1:
        if not any(map(_PART_OF, segments)):
            return segments  # every one in part 0 already (the segmenter's own output)
        return [s if s.part == 0 else dataclasses.replace(s, part=0) for s in segments]
    out = []
    for s in segments:
        k = _part_index(parts, s.start)
        out.append(s if s.part == k else dataclasses.replace(s, part=k))
    return out


def build_document(
    extracted: Extracted, meta: DocumentMeta, path: str = "", raw_date: str | None = None
) -> Document:
    """Segment the text and fill in what ``meta`` leaves open from the text itself.

    Fields already set in ``meta`` (from a manifest or the caller) are kept; the others come
    from the comments of the file, then from the text's opening.
    """
    text = extracted.text
    if not text.strip():
        raise ExtractError("empty file (no text)")
    with gc_paused():  # segments form no reference cycles
        paragraphs, sentences = segment_text(text)
    languages = [p.language for p in paragraphs]
    dominant = dominant_language(languages, [p.end - p.start for p in paragraphs])
    if dominant == "und" and meta.language not in ("ru", "kk", "en"):
        raise ExtractError("unknown language: no paragraph is in Russian, Kazakh or English")
    fields_ = extracted.fields
    found = extract_metadata(text, [text[p.start : p.end] for p in paragraphs[:12]], dominant)
    heading = extracted.title
    if heading and heading.strip().lower().rstrip(".:") in ("оглавление", "содержание", "мазмұны", "contents"):
        heading = None  # a table of contents opens the file, not its title
    meta.title = meta.title or fields_.get("title") or heading or found.title
    meta.act_type = meta.act_type or found.act_type
    if fields_.get("doc_type") in DOC_TYPES and not meta.doc_type:
        meta.doc_type = fields_["doc_type"]
    meta.number = meta.number or found.number
    meta.date = meta.date or found.date
    meta.issuer = meta.issuer or found.issuer
    meta.period = meta.period or found.period
    comment_language = fields_.get("language")
    meta.language = meta.language or (comment_language if comment_language in ("ru", "kk", "en") else None) or dominant
    first_source = next((p.source_url for p in extracted.parts if p.source_url), None)
    meta.source_url = meta.source_url or first_source
    if fields_.get("recovered", "").strip().lower() == "partial" and meta.completeness == "full":
        meta.completeness = "partial"
    if not meta.note and fields_.get("note"):
        meta.note = fields_["note"]
    meta.path = meta.path or path
    meta.doc_type = meta.doc_type or infer_doc_type(meta.act_type, meta.title)
    date = meta.date.isoformat() if meta.date else raw_date
    parts = []
    for mp in extracted.parts or [MarkedPart(0, len(text))]:
        inside = [p for p in paragraphs if mp.start <= p.start < max(mp.end, mp.start + 1)]
        language = dominant_language([p.language for p in inside], [p.end - p.start for p in inside])
        parts.append(
            Part(
                mp.start,
                mp.end,
                path,
                source_url=mp.source_url or (meta.source_url if len(extracted.parts) <= 1 else None),
                title=meta.title,
                date=date,
                language=language if language != "und" else meta.language,
            )
        )
    return Document(meta, text, _assign_parts(paragraphs, parts), _assign_parts(sentences, parts), parts)


def document_from_text(text: str, meta: DocumentMeta | None = None, path: str = "") -> Document:
    """A document from text already in memory (tests, fetched pages, other stages' inputs).

    Line endings are normalised; nothing else in ``text`` changes, so offsets into the result
    are offsets into the text as given (after ``\\r\\n`` → ``\\n``).
    """
    text = normalise_newlines(text)
    if meta is None:
        meta = DocumentMeta(id=stem_id(Path(path)) if path else "document")
    else:
        meta = dataclasses.replace(meta)
    return build_document(Extracted(text, [MarkedPart(0, len(text.rstrip()))]), meta, path)


#: Files that describe a corpus folder rather than belong to it (README.md, LICENSE.txt …):
#: skipped when a folder is walked, read when named explicitly.
FOLDER_NOTES = frozenset({"README", "READ_ME", "LICENSE", "LICENCE", "COPYING", "CHANGELOG", "NOTICE"})


def iter_files(paths: Sequence[str | Path]) -> Iterator[Path]:
    """Files to read: named files as given (any extension, so an unreadable one is reported),
    folders walked recursively in a stable order by extension, hidden entries, manifests and
    folder notes (README, LICENSE …) skipped.
    """
    seen: set[Path] = set()
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            for root, dirs, files in os.walk(path):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in sorted(files):
                    file = Path(root) / name
                    if (name.startswith(".") or name in MANIFEST_NAMES or file.suffix.lower() not in READERS
                            or name.split(".", 1)[0].upper() in FOLDER_NOTES):
                        continue
                    if file.resolve() not in seen:
                        seen.add(file.resolve())
                        yield file
        else:
            if path.name in MANIFEST_NAMES:
                continue
            key = path.resolve()
            if key not in seen:
                seen.add(key)
                yield path


def unique_ids(documents: list[Document], languages: list[str | None]) -> None:
    """Make ids unique: documents sharing one get their language as suffix (``law.kk``)."""
    counts: dict[str, int] = {}
    for doc in documents:
        counts[doc.meta.id] = counts.get(doc.meta.id, 0) + 1
    taken: set[str] = {doc.meta.id for doc in documents if counts[doc.meta.id] == 1}
    for doc, lang in zip(documents, languages, strict=True):
        if counts[doc.meta.id] == 1:
            continue
        base = f"{doc.meta.id}.{lang or doc.meta.language or 'und'}"
        candidate, n = base, 2
        while candidate in taken:
            candidate, n = f"{base}-{n}", n + 1
        taken.add(candidate)
        doc.meta.id = candidate


def load_files(
    paths: Sequence[str | Path],
    manifest: str | Path | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    progress: Callable[[str], None] | None = None,
) -> tuple[list[Loaded], list[ReadError]]:
    """Read every file; the shared core of :func:`read_documents` and ``read_dossiers``."""
    errors: list[ReadError] = []
    manifests: dict[Path, Manifest | None] = {}
    explicit: Manifest | None = None
    if manifest is not None:
        try:
            explicit = load_manifest(manifest, strict=False)
            errors += [ReadError(str(manifest), e) for e in explicit.errors]
        except ManifestError as exc:
            errors.append(ReadError(str(manifest), str(exc)))

    def manifest_for(file: Path) -> Manifest | None:
        if explicit is not None and explicit.row_for(file) is not None:
            return explicit
        folder = file.parent.resolve()
        if folder not in manifests:
            found = find_manifest(folder)
            manifests[folder] = None
            if found is not None and (explicit is None or found.resolve() != explicit.path.resolve()):
                try:
                    loaded = load_manifest(found, strict=False)
                    manifests[folder] = loaded
                    errors.extend(ReadError(str(found), e) for e in loaded.errors)
                except ManifestError as exc:
                    errors.append(ReadError(str(found), str(exc)))
        return manifests[folder]

    loaded: list[Loaded] = []
    with gc_paused():
        _load_each(iter_files(paths), max_bytes, manifest_for, progress, loaded, errors)
    return loaded, errors


def _load_each(
    files: Iterator[Path],
    max_bytes: int,
    manifest_for: Callable[[Path], Manifest | None],
    progress: Callable[[str], None] | None,
    loaded: list[Loaded],
    errors: list[ReadError],
) -> None:
    """Read the files one by one into ``loaded``; what cannot be read goes to ``errors``."""
    for file in files:
        if progress is not None:
            progress(str(file))
        if not file.exists():
            errors.append(ReadError(str(file), "no such file or folder"))
            continue
        found_manifest = manifest_for(file)
        row = found_manifest.row_for(file) if found_manifest is not None else None
        try:
            extracted = extract_file(file, max_bytes)
            meta = DocumentMeta(id=stem_id(file))
            if row is not None:
                apply_row(meta, row)
            document = build_document(extracted, meta, printable(str(file)), row.raw_date if row else None)
        except ExtractError as exc:
            errors.append(ReadError(str(file), str(exc)))
            continue
        except Exception as exc:  # a reader's library failing on a malformed file
            errors.append(ReadError(str(file), f"unreadable ({exc.__class__.__name__}: {exc})"))
            continue
        loaded.append(Loaded(document, file, row))


def read_documents(
    paths: Sequence[str | Path],
    manifest: str | Path | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    progress: Callable[[str], None] | None = None,
) -> tuple[list[Document], list[ReadError]]:
    """Read files and folders (recursively) into documents, one per file.

    Returns the documents and the files that could not be read; never raises for a single file.
    ``manifest`` overrides the ``manifest.csv``/``manifest.yaml`` found next to the files.
    """
    loaded, errors = load_files(paths, manifest, max_bytes, progress)
    documents = [item.document for item in loaded]
    unique_ids(documents, [file_language(item.file) for item in loaded])
    return documents, errors
