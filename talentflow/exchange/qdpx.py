"""REFI-QDA export: a ``.qdpx`` project (codebook, documents, codings, metadata) and a ``.qdc`` codebook.

Human coders correct and extend the automatic coding in the QDA program they already use;
the project goes out with the plain text the offsets refer to, so their selections come back on
the same characters. Output is byte-identical for identical input (uuid5 GUIDs, no timestamps,
fixed zip dates), which makes re-exports diffable.
"""

from __future__ import annotations

import json
import zipfile
from collections.abc import Sequence
from pathlib import Path

from lxml import etree

from talentflow.coding.model import Code, Codebook, CodedDocument
from talentflow.exchange.codes import CODEBOOK_NS, PROJECT_NS, codes_element, xml_bytes
from talentflow.exchange.guids import (
    category_guid,
    gap_guid,
    guid,
    level_guid,
    source_guid,
    user_guid,
    variable_guid,
)
from talentflow.exchange.human import HumanSelection
from talentflow.ingest.model import DocumentMeta
from talentflow.io.atomic import atomic_path, write_bytes

#: Document metadata carried as REFI variables: name → (type, reader of DocumentMeta).
VARIABLES: dict[str, str] = {
    "title": "Text",
    "date": "Date",
    "act_type": "Text",
    "language": "Text",
    "country": "Text",
    "completeness": "Text",
    "source_url": "Text",
}
CODE_NOTE_PREFIX = "talentflow code "
ZIP_DATE = (1980, 1, 1, 0, 0, 0)


def _p(tag: str) -> str:
    return f"{{{PROJECT_NS}}}{tag}"


def variable_value(meta: DocumentMeta, name: str) -> str | None:
    value = getattr(meta, name, None)
    if value is None or value == "":
        return None
    return value.isoformat() if name == "date" else str(value)


def code_note(code: Code) -> str:
    """One machine-readable line per automatic code, so a re-import keeps rule, term and offsets."""
    payload = {"level": code.level, "gap": code.gap, "rule": code.rule, "term": code.term,
               "start": code.start, "end": code.end}  # fmt: skip
    return CODE_NOTE_PREFIX + json.dumps(payload, ensure_ascii=False, sort_keys=True)


def source_file_name(document_id: str) -> str:
    return f"{source_guid(document_id)}.txt"


def _selections(parent: etree._Element, doc: CodedDocument) -> None:
    doc_id = doc.document.meta.id
    for segment in sorted(doc.segments, key=lambda s: (s.start, s.end)):
        by_category: dict[str, list[Code]] = {}
        for code in segment.codes:
            by_category.setdefault(code.category, []).append(code)
        for category in sorted(by_category):
            codes = by_category[category]
            level = max(c.level for c in codes)
            has_gap = any(c.gap for c in codes)
            sel_guid = guid("selection", doc_id, segment.start, segment.end, category)
            sel = etree.SubElement(
                parent,
                _p("PlainTextSelection"),
                {"guid": sel_guid, "name": f"{category} {level}{' gap' if has_gap else ''}",
                 "startPosition": str(segment.start), "endPosition": str(segment.end),
                 "creatingUser": user_guid()},
            )  # fmt: skip
            etree.SubElement(sel, _p("Description")).text = "\n".join(code_note(c) for c in codes)
            targets = [level_guid(category, level) if 1 <= level <= 4 else category_guid(category)]
            if has_gap:
                targets.append(gap_guid(category))
            for target in targets:
                coding = etree.SubElement(
                    sel, _p("Coding"), {"guid": guid("coding", sel_guid, target), "creatingUser": user_guid()}
                )
                etree.SubElement(coding, _p("CodeRef"), {"targetGUID": target})


def human_user_guid(coder: str) -> str:
    """The GUID of a human coder (a reviewer of the web application, a coder of a CSV …)."""
    return guid("user", "human", coder)


def _human_selections(parent: etree._Element, doc_id: str, human: Sequence[HumanSelection]) -> None:
    """A person's codings as their own selections (``creatingUser`` = that person), so a QDA program
    shows the machine's and each reviewer's side by side; never merged into the machine's."""
    for h in sorted((h for h in human if h.document == doc_id),
                    key=lambda h: (h.coder, h.start, h.end, h.category, h.level or 0, h.gap, h.note)):
        user = human_user_guid(h.coder)
        level = "" if h.level is None else f" {h.level}"
        sel_guid = guid("selection", "human", h.coder, doc_id, h.start, h.end, h.category, h.level, h.gap, h.note)
        sel = etree.SubElement(
            parent, _p("PlainTextSelection"),
            {"guid": sel_guid, "name": f"{h.category}{level}{' gap' if h.gap else ''} — {h.coder}",
             "startPosition": str(h.start), "endPosition": str(h.end), "creatingUser": user},
        )  # fmt: skip
        if h.note:
            etree.SubElement(sel, _p("Description")).text = h.note
        targets = []
        if h.level is None:
            targets.append(category_guid(h.category))
        elif 1 <= h.level <= 4:
            targets.append(level_guid(h.category, h.level))
        if h.gap:
            targets.append(gap_guid(h.category))
        for target in targets:
            coding = etree.SubElement(sel, _p("Coding"), {"guid": guid("coding", sel_guid, target), "creatingUser": user})
            etree.SubElement(coding, _p("CodeRef"), {"targetGUID": target})


def project_xml(coded: list[CodedDocument], codebook: Codebook,
                human: Sequence[HumanSelection] = ()) -> etree._Element:
    """The ``project.qde`` tree; children in the order the schema's sequences require. ``human``:
    people's codings, written as selections of their own with each person as a ``User``."""
    root = etree.Element(
        _p("Project"),
        {"name": f"talentflow — {codebook.id} v{codebook.version}", "origin": "talentflow",
         "creatingUserGUID": user_guid()},
        nsmap={None: PROJECT_NS},
    )  # fmt: skip
    users = etree.SubElement(root, _p("Users"))
    etree.SubElement(users, _p("User"), {"guid": user_guid(), "name": "talentflow"})
    for coder in sorted({h.coder for h in human}):
        etree.SubElement(users, _p("User"), {"guid": human_user_guid(coder), "name": coder or "human coder"})
    book = etree.SubElement(root, _p("CodeBook"))
    book.append(codes_element(codebook, PROJECT_NS))
    variables = etree.SubElement(root, _p("Variables"))
    for name, kind in VARIABLES.items():
        etree.SubElement(variables, _p("Variable"), {"guid": variable_guid(name), "name": name, "typeOfVariable": kind})
    if coded:
        sources = etree.SubElement(root, _p("Sources"))
        for doc in coded:
            meta = doc.document.meta
            src = etree.SubElement(
                sources,
                _p("TextSource"),
                {"guid": source_guid(meta.id), "name": meta.id,
                 "plainTextPath": f"internal://{source_file_name(meta.id)}", "creatingUser": user_guid()},
            )  # fmt: skip
            if meta.title:
                etree.SubElement(src, _p("Description")).text = meta.title
            _selections(src, doc)
            _human_selections(src, meta.id, human)
            for name, kind in VARIABLES.items():
                value = variable_value(meta, name)
                if value is None:
                    continue
                vv = etree.SubElement(src, _p("VariableValue"))
                etree.SubElement(vv, _p("VariableRef"), {"targetGUID": variable_guid(name)})
                etree.SubElement(vv, _p("DateValue" if kind == "Date" else "TextValue")).text = value
    return root


def _zip_entry(zf: zipfile.ZipFile, name: str, data: bytes) -> None:
    info = zipfile.ZipInfo(name, date_time=ZIP_DATE)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o644 << 16
    zf.writestr(info, data)


def export_qdpx(coded: list[CodedDocument], codebook: Codebook, path: str | Path,
                human: Sequence[HumanSelection] = ()) -> Path:
    """Write a ``.qdpx`` (zip of ``project.qde`` and ``Sources/<guid>.txt``, UTF-8 without BOM);
    ``human``: people's codings, exported as their own selections beside the machine's."""
    ids = [c.document.meta.id for c in coded]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        raise ValueError(f"two documents share the id {', '.join(duplicates)}; REFI sources need unique names")
    texts = {c.document.meta.id: len(c.document.text) for c in coded}
    for h in human:
        if h.document not in texts or not 0 <= h.start < h.end <= texts[h.document]:
            raise ValueError(f"human selection {h.document} {h.start}–{h.end}: outside the documents exported")
    qde = xml_bytes(project_xml(coded, codebook, human))
    with atomic_path(path) as tmp, zipfile.ZipFile(tmp, "w") as zf:
        _zip_entry(zf, "project.qde", qde)
        for doc in coded:
            text = doc.document.text.replace("\r\n", "\n").replace("\r", "\n")
            _zip_entry(zf, f"Sources/{source_file_name(doc.document.meta.id)}", text.encode("utf-8"))
    return Path(path)


def codebook_xml(codebook: Codebook) -> etree._Element:
    root = etree.Element(f"{{{CODEBOOK_NS}}}CodeBook", {"origin": "talentflow"}, nsmap={None: CODEBOOK_NS})
    root.append(codes_element(codebook, CODEBOOK_NS))
    return root


def export_qdc(codebook: Codebook, path: str | Path) -> Path:
    """Write the codebook alone as a REFI ``.qdc`` file."""
    return write_bytes(path, xml_bytes(codebook_xml(codebook)))
