"""Read a REFI-QDA ``.qdpx`` project written by talentflow or by a QDA program.

Sources are found in ``Sources/`` or ``sources/`` (MAXQDA writes lower case), documents are
matched by source name or, failing that, by the hash of their text; codes are matched to
categories by GUID or name, walking up the code tree so that sub-codes (``level 3``, ``gap`` or
a coder's own) count for their category.
"""

from __future__ import annotations

import datetime as dt
import json
import zipfile
from pathlib import Path

from lxml import etree

from talentflow.coding.model import Code, Codebook, CodedDocument, CodedSegment
from talentflow.exchange.codes import GAP_NAME, LEVEL_RE
from talentflow.exchange.guids import category_guid
from talentflow.exchange.human import (
    HumanCoding,
    HumanCodingError,
    HumanDocument,
    HumanSelection,
    resolve_category,
    text_sha256,
)
from talentflow.exchange.qdpx import CODE_NOTE_PREFIX
from talentflow.ingest.model import Document, DocumentMeta, Segment


def _local(el: etree._Element) -> str:
    return etree.QName(el).localname if isinstance(el.tag, str) else ""


def _kids(el: etree._Element, name: str) -> list[etree._Element]:
    return [c for c in el if _local(c) == name]


def _kid(el: etree._Element, name: str) -> etree._Element | None:
    found = _kids(el, name)
    return found[0] if found else None


def _code_map(root: etree._Element, codebook: Codebook | None, where: str) -> dict[str, tuple[str | None, int | None, bool]]:
    """GUID → (category or None when it maps to none, level, gap) for every code of the project."""
    by_guid = {category_guid(c): c for c in codebook.ids} if codebook else {}
    result: dict[str, tuple[str | None, int | None, bool]] = {}

    def category_of(code: etree._Element) -> str | None:
        guid = (code.get("guid") or "").strip("{}").lower()
        if guid in by_guid:
            return by_guid[guid]
        try:
            return resolve_category(code.get("name", ""), codebook, where)
        except HumanCodingError:
            return None

    def walk(code: etree._Element, ancestors: list[etree._Element]) -> None:
        chain = [code, *reversed(ancestors)]
        category = None
        if codebook is not None:
            category = next((c for c in (category_of(x) for x in chain) if c), None)
        else:
            category = (chain[-1].get("name") or "").strip() or None
        name = (code.get("name") or "").strip()
        match = LEVEL_RE.match(name)
        level = int(match.group(1)) if match else None
        gap = name.casefold() == GAP_NAME
        result[(code.get("guid") or "").strip("{}").lower()] = (category, level, gap)
        for child in _kids(code, "Code"):
            walk(child, [*ancestors, code])

    book = _kid(root, "CodeBook")
    codes = _kid(book, "Codes") if book is not None else None
    for code in _kids(codes, "Code") if codes is not None else []:
        walk(code, [])
    return result


def _source_text(zf: zipfile.ZipFile, src: etree._Element, base: Path) -> str | None:
    content = _kid(src, "PlainTextContent")
    if content is not None:
        return content.text or ""
    ref = src.get("plainTextPath") or ""
    if ref.startswith("internal://"):
        name = ref[len("internal://") :]
        members = {m.lower(): m for m in zf.namelist()}
        for candidate in (f"sources/{name}", name):
            if candidate.lower() in members:
                return zf.read(members[candidate.lower()]).decode("utf-8-sig")
        return None
    for prefix, root in (("relative://", base), ("absolute://", Path("/"))):
        if ref.startswith(prefix):
            p = root / ref[len(prefix) :]
            return p.read_text(encoding="utf-8-sig") if p.is_file() else None
    return None


def _document_id(name: str, text: str | None, texts: dict[str, str] | None, where: str) -> str:
    stem = name[:-4] if name.lower().endswith(".txt") else name
    if texts is None:
        return stem
    for candidate in (name, stem):
        if candidate in texts:
            return candidate
    if text is not None:
        digest = text_sha256(text)
        for doc_id, known in texts.items():
            if text_sha256(known) == digest:
                return doc_id
    raise HumanCodingError(f"{where}: source {name!r} matches no document by name or by text")


def read_qdpx(path: str | Path, codebook: Codebook | None = None, texts: dict[str, str] | None = None) -> HumanCoding:
    """Selections of a ``.qdpx`` as a segment-level ``HumanCoding`` (texts and variables kept)."""
    path = Path(path)
    try:
        with zipfile.ZipFile(path) as zf:
            qde = next((n for n in zf.namelist() if n.lower().endswith(".qde")), None)
            if qde is None:
                raise HumanCodingError(f"{path}: no project.qde inside the archive")
            root = etree.fromstring(zf.read(qde), parser=etree.XMLParser(resolve_entities=False, huge_tree=True))
            where = f"{path}!{qde}"
            codes = _code_map(root, codebook, where)
            users = {(u.get("guid") or "").strip("{}").lower(): u.get("name") or "" for u in root.iter() if _local(u) == "User"}
            variables = {(v.get("guid") or "").strip("{}").lower(): v.get("name") or "" for v in root.iter() if _local(v) == "Variable"}
            coding = HumanCoding(source=str(path))
            for src in (e for e in root.iter() if _local(e) == "TextSource"):
                name = src.get("name") or src.get("guid") or ""
                text = _source_text(zf, src, path.parent)
                doc_id = _document_id(name, text, texts, f"{where}: TextSource {name!r}")
                if texts is not None:
                    text = text if text is not None else texts[doc_id]
                values = {}
                for vv in _kids(src, "VariableValue"):
                    ref = _kid(vv, "VariableRef")
                    value = next((c.text or "" for c in vv if _local(c) != "VariableRef"), "")
                    if ref is not None:
                        values[variables.get((ref.get("targetGUID") or "").strip("{}").lower(), "?")] = value
                desc = _kid(src, "Description")
                coding.documents[doc_id] = HumanDocument(
                    doc_id, text, text_sha256(text) if text is not None else None, values,
                    (desc.text or "") if desc is not None else "",
                )  # fmt: skip
                spans = [(sel, sel.get("startPosition"), sel.get("endPosition")) for sel in _kids(src, "PlainTextSelection")]
                if _kids(src, "Coding") and text is not None:
                    spans.append((src, "0", str(len(text))))
                for sel, s_raw, e_raw in spans:
                    coding.selections += _selection(sel, s_raw, e_raw, doc_id, text, codes, users, f"{where}: source {name!r}")
    except (zipfile.BadZipFile, OSError) as exc:
        raise HumanCodingError(f"{path}: not a readable .qdpx archive: {exc}") from exc
    except etree.XMLSyntaxError as exc:
        raise HumanCodingError(f"{path}: project.qde is not well-formed XML: {exc}") from exc
    return coding


def _selection(
    sel: etree._Element,
    s_raw: str | None,
    e_raw: str | None,
    doc_id: str,
    text: str | None,
    codes: dict[str, tuple[str | None, int | None, bool]],
    users: dict[str, str],
    where: str,
) -> list[HumanSelection]:
    """The categories applied to one selection (several codings of a category merge into one)."""
    sel_where = f"{where}, selection {sel.get('guid')} (line {sel.sourceline})"
    try:
        start, end = int(s_raw), int(e_raw)
    except (TypeError, ValueError):
        raise HumanCodingError(f"{sel_where}: startPosition/endPosition must be integers") from None
    if start < 0 or end <= start or (text is not None and end > len(text)):
        size = "?" if text is None else len(text)
        raise HumanCodingError(f"{sel_where}: bad offsets {start}–{end} for a text of {size} characters")
    desc = _kid(sel, "Description")
    note = (desc.text or "") if desc is not None and _local(sel) != "TextSource" else ""
    found: dict[str, tuple[int | None, bool, str]] = {}
    for c in _kids(sel, "Coding"):
        ref = _kid(c, "CodeRef")
        target = (ref.get("targetGUID") or "").strip("{}").lower() if ref is not None else ""
        if target not in codes or codes[target][0] is None:
            raise HumanCodingError(f"{sel_where}: coded with code {target!r}, which maps to no codebook category")
        category, level, gap = codes[target]
        old_level, old_gap, coder = found.get(category, (None, False, ""))
        levels = [x for x in (old_level, level) if x is not None]
        coder = coder or users.get((c.get("creatingUser") or "").strip("{}").lower(), "")
        found[category] = (max(levels) if levels else None, old_gap or gap, coder)
    return [HumanSelection(doc_id, start, end, cat, lvl, gap, coder, note) for cat, (lvl, gap, coder) in sorted(found.items())]


def _meta(doc: HumanDocument) -> DocumentMeta:
    v = doc.variables
    date = None
    if v.get("date"):
        try:
            date = dt.date.fromisoformat(v["date"][:10])
        except ValueError:
            date = None
    meta = DocumentMeta(id=doc.id, title=v.get("title") or doc.description or None, date=date)
    for name in ("act_type", "language", "source_url"):
        setattr(meta, name, v.get(name) or None)
    meta.country = v.get("country") or meta.country
    meta.completeness = v.get("completeness") or meta.completeness
    return meta


def coded_documents(human: HumanCoding, codebook: Codebook | None = None) -> list[CodedDocument]:
    """Turn imported selections back into coded documents (e.g. to re-export or to build a matrix).

    Codes written by talentflow come back with their rule, term and offsets (read from the
    selection's note); a coder's own selection becomes one code with rule ``human``.
    """
    categories = codebook.ids if codebook else sorted({s.category for s in human.selections})
    out: list[CodedDocument] = []
    for doc_id in list(human.documents) or human.document_ids():
        hdoc = human.documents.get(doc_id, HumanDocument(doc_id))
        text = hdoc.text or ""
        spans: dict[tuple[int, int], list[Code]] = {}
        for s in (x for x in human.selections if x.document == doc_id):
            auto = [json.loads(line[len(CODE_NOTE_PREFIX) :]) for line in s.note.splitlines() if line.startswith(CODE_NOTE_PREFIX)]
            codes = [Code(s.category, a["level"], a["gap"], a["rule"], a["term"], a["start"], a["end"]) for a in auto]
            if not codes:
                codes = [Code(s.category, s.level if s.level is not None else 1, s.gap, "human", "", s.start, s.end)]
            spans.setdefault((s.start, s.end), []).extend(codes)
        segments = [
            CodedSegment(start, end, text[start:end], "und", 0, 0, codes) for (start, end), codes in sorted(spans.items())
        ]
        levels = {c: 0 for c in categories}
        gaps: list[str] = []
        for seg in segments:
            for code in seg.codes:
                levels[code.category] = max(levels.get(code.category, 0), code.level)
                if code.gap and code.category not in gaps:
                    gaps.append(code.category)
        document = Document(meta=_meta(hdoc), text=text, sentences=[Segment(s.start, s.end, "und", "sentence") for s in segments])
        out.append(CodedDocument(document=document, segments=segments, levels=levels, gaps=gaps))
    return out
