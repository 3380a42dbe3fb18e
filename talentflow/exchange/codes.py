"""How the codebook is laid out as REFI-QDA codes, shared by the exporter and the importer.

Each category is one codable ``Code`` (name = category id, description = names and
definitions), so MAXQDA/NVivo users can code with it directly. Its codable sub-codes
``level 1`` … ``level 4`` carry the depth and ``gap`` the acknowledged gap; a selection coded
with the category itself means "present, depth not judged".
"""

from __future__ import annotations

import re

from lxml import etree

from talentflow.coding.model import LEVELS, Codebook
from talentflow.exchange.guids import category_guid, gap_guid, level_guid

PROJECT_NS = "urn:QDA-XML:project:1.0"
CODEBOOK_NS = "urn:QDA-XML:codebook:1.0"
GAP_NAME = "gap"
LEVEL_NAME = "level {n}"
LEVEL_RE = re.compile(r"^\s*(?:level|уровень|деңгей)\s*([0-4])\s*$", re.IGNORECASE)


def category_description(codebook: Codebook, cid: str) -> str:
    cat = codebook.category(cid)
    lines = [f"{lang}: {cat.name[lang]}" for lang in sorted(cat.name)]
    lines += [f"{lang}: {cat.definition[lang]}" for lang in sorted(cat.definition)]
    return "\n".join(lines)


def _colour(value: str) -> str | None:
    return value if re.fullmatch(r"#([A-Fa-f0-9]{6}|[A-Fa-f0-9]{3})", value or "") else None


def codes_element(codebook: Codebook, ns: str) -> etree._Element:
    """The ``Codes`` element in namespace ``ns`` (project or codebook schema)."""
    codes = etree.Element(f"{{{ns}}}Codes")
    for cat in codebook.categories:
        attrs = {"guid": category_guid(cat.id), "name": cat.id, "isCodable": "true"}
        if _colour(cat.color):
            attrs["color"] = cat.color
        code = etree.SubElement(codes, f"{{{ns}}}Code", attrs)
        etree.SubElement(code, f"{{{ns}}}Description").text = category_description(codebook, cat.id)
        for n in range(1, 5):
            sub = etree.SubElement(
                code, f"{{{ns}}}Code", {"guid": level_guid(cat.id, n), "name": LEVEL_NAME.format(n=n), "isCodable": "true"}
            )
            etree.SubElement(sub, f"{{{ns}}}Description").text = LEVELS[n]["en"]
        gap = etree.SubElement(code, f"{{{ns}}}Code", {"guid": gap_guid(cat.id), "name": GAP_NAME, "isCodable": "true"})
        etree.SubElement(gap, f"{{{ns}}}Description").text = "acknowledged gap (recorded at level 1)"
    return codes


def xml_bytes(root: etree._Element) -> bytes:
    """UTF-8 without BOM, with declaration, indented: what every QDA program accepts."""
    etree.indent(root, space="  ")
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True) + b"\n"
