"""Find every message the report translates: ``L.t("…")`` calls in the report's modules.

Used by the catalogue-completeness test and by ``docs/report.md``'s instructions for adding a
language; AST-based, so implicitly concatenated literals are read as the one msgid they are.
"""

from __future__ import annotations

import ast
from importlib import resources


def extract(source: str) -> list[str]:
    out: list[str] = []
    for node in ast.walk(ast.parse(source)):
        if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "t"
                and node.args and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str)):
            out.append(node.args[0].value)
    return out


def report_msgids() -> list[str]:
    """Sorted unique msgids used by the modules of ``talentflow.report``."""
    ids: set[str] = set()
    for f in resources.files("talentflow.report").iterdir():
        if f.name.endswith(".py"):
            ids.update(extract(f.read_text(encoding="utf-8")))
    return sorted(ids)
