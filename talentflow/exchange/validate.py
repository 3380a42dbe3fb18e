"""Validate REFI-QDA files against the shipped QDA-XML 1.0 schemas (``talentflow/data/refi-qda``)."""

from __future__ import annotations

import functools
import zipfile
from pathlib import Path

from lxml import etree

SCHEMA_DIR = Path(__file__).resolve().parent.parent / "data" / "refi-qda"


@functools.cache
def schema(name: str) -> etree.XMLSchema:
    """``"Project"`` or ``"Codebook"``; compiled once per process."""
    return etree.XMLSchema(etree.parse(str(SCHEMA_DIR / f"{name}.xsd")))


def schema_errors(xml: bytes, name: str) -> list[str]:
    """Schema violations as ``line N: message``; empty when the document is valid."""
    s = schema(name)
    doc = etree.fromstring(xml, parser=etree.XMLParser(resolve_entities=False)).getroottree()
    if s.validate(doc):
        return []
    return [f"line {e.line}: {e.message}" for e in s.error_log]


def validate_qdpx(path: str | Path) -> list[str]:
    with zipfile.ZipFile(path) as zf:
        return schema_errors(zf.read("project.qde"), "Project")


def validate_qdc(path: str | Path) -> list[str]:
    return schema_errors(Path(path).read_bytes(), "Codebook")
