"""Dossiers: one document per policy act, built from its official text and its press descriptions.

The full texts of several analysed acts are not reachable; what exists is an adilet opening and
press passages that describe the act. Coding them as one document per act (with each passage
kept as a part that cites its page) is what lets a cell say "rests on press descriptions"
instead of pretending the act was read.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from pathlib import Path

from talentflow.ingest.documents import DEFAULT_MAX_BYTES, Loaded, file_language, load_files, unique_ids
from talentflow.ingest.language import dominant_language
from talentflow.ingest.model import Document, DocumentMeta, Part, ReadError
from talentflow.ingest.register import RegisterError, apply_registers, find_registers

SEPARATOR = "\n\n"


def dossier_key(item: Loaded) -> str | None:
    """The act a file belongs to: its row's ``about`` (press) or ``id`` (official texts)."""
    if item.row is None:
        return None
    if item.row.about:
        return item.row.about
    value = item.row.values.get("id")
    return str(value) if value else None


def is_official(item: Loaded) -> bool:
    """Official text: a file listed under the act's own id, not as a description ``about`` it."""
    return item.row is not None and not item.row.about and bool(item.row.values.get("id"))


def merge_documents(key: str, items: list[Loaded]) -> Document:
    """One document from several files: official texts first, then by file name."""
    items = sorted(items, key=lambda it: (not is_official(it), it.file.name))
    texts: list[str] = []
    parts: list[Part] = []
    paragraphs = []
    sentences = []
    offset = 0
    for item in items:
        doc = item.document
        if texts:
            offset += len(SEPARATOR)
        base_part = len(parts)
        for part in doc.parts:
            parts.append(dataclasses.replace(part, start=part.start + offset, end=part.end + offset))
        n_par = len(paragraphs)
        for seg in doc.paragraphs:
            paragraphs.append(
                dataclasses.replace(
                    seg, start=seg.start + offset, end=seg.end + offset, paragraph=seg.paragraph + n_par, part=seg.part + base_part
                )
            )
        for seg in doc.sentences:
            sentences.append(
                dataclasses.replace(
                    seg, start=seg.start + offset, end=seg.end + offset, paragraph=seg.paragraph + n_par, part=seg.part + base_part
                )
            )
        texts.append(doc.text)
        offset += len(doc.text)
    text = SEPARATOR.join(texts)
    officials = [it for it in items if is_official(it)]
    language = dominant_language([p.language for p in paragraphs], [p.end - p.start for p in paragraphs])
    folder = str(Path(items[0].file).parent)
    if officials:
        meta = dataclasses.replace(officials[0].document.meta, id=key)
        press = len(items) - len(officials)
        if press:
            extra = f"{press} press description(s) appended"
            meta.note = f"{meta.note} {extra}".strip() if meta.note else extra
        if meta.completeness == "full" and any(it.document.meta.completeness != "full" for it in officials):
            meta.completeness = "partial"
    else:
        first = items[0].document.meta
        meta = DocumentMeta(
            id=key,
            language=language,
            country=first.country,
            completeness="secondary",
            note=f"rests on {len(items)} press description(s); the official text is not in the corpus",
        )
        kinds = {it.document.meta.doc_type for it in items}
        meta.doc_type = kinds.pop() if len(kinds) == 1 and None not in kinds else "press"
    meta.path = folder if len(items) > 1 else str(items[0].file)
    return Document(meta, text, paragraphs, sentences, parts)


def read_dossiers(
    paths: Sequence[str | Path],
    manifest: str | Path | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    progress: Callable[[str], None] | None = None,
) -> tuple[list[Document], list[ReadError]]:
    """Read files and group those about one act (manifest ``about`` or ``id``) into one document.

    Files whose manifest row names neither are documents of their own, so a mixed folder reads
    in one call. A register of analysed documents (``documents.csv``) in a given folder fills
    the title, date and act type of dossiers that have no official text. Dossier completeness: that of its official text ("partial" when only an
    opening was recovered), "secondary" when it rests on press descriptions alone.
    """
    loaded, errors = load_files(paths, manifest, max_bytes, progress)
    groups: dict[str, list[Loaded]] = {}
    order: list[tuple[str, object]] = []
    for item in loaded:
        key = dossier_key(item)
        if key is None:
            order.append(("single", item))
            continue
        if key not in groups:
            groups[key] = []
            order.append(("group", key))
        groups[key].append(item)
    documents: list[Document] = []
    languages: list[str | None] = []
    for kind, value in order:
        if kind == "group":
            doc = merge_documents(str(value), groups[str(value)])
            documents.append(doc)
            languages.append(doc.meta.language)
        else:
            assert isinstance(value, Loaded)
            documents.append(value.document)
            languages.append(file_language(value.file))
    unique_ids(documents, languages)
    registers = find_registers(paths)
    if registers:
        try:
            apply_registers(documents, registers)
        except RegisterError as exc:
            errors.append(ReadError(str(registers[0]), str(exc)))
    return documents, errors
