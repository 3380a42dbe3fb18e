"""Importers: one module per input format, all with the contract of :class:`base.Importer`.

:func:`get_importer` picks one by ``kind`` or, when none is given, by looking at the file.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from talentflow.stats.errors import DataImportError
from talentflow.stats.importers.base import Importer
from talentflow.stats.importers.bns import BNSImporter
from talentflow.stats.importers.sdmx import SDMXImporter
from talentflow.stats.importers.tabular import CSVImporter, XLSXImporter
from talentflow.stats.importers.uis import UISImporter
from talentflow.stats.importers.undesa import UNDESAImporter
from talentflow.stats.importers.wdi import WDIImporter

#: kind → importer class. Order matters for guessing: specific formats before generic tables.
IMPORTERS: dict[str, type[Importer]] = {
    cls.kind: cls
    for cls in (UISImporter, SDMXImporter, WDIImporter, UNDESAImporter, BNSImporter, CSVImporter, XLSXImporter)
}
KINDS = tuple(IMPORTERS)


def guess_kind(path: Path, mapping: Path | dict | None = None) -> str:
    """The importer kind for a file, from its name and first bytes."""
    path = Path(path)
    try:
        with path.open("rb") as fh:
            head = fh.read(2048)
    except FileNotFoundError:
        raise DataImportError("file not found", file=str(path)) from None
    except IsADirectoryError:
        raise DataImportError("a directory, not a file", file=str(path)) from None
    if path.suffix.lower() in (".xlsx", ".xlsm") and mapping is not None:
        return "bns" if _is_bns_mapping(mapping) else "xlsx"
    for kind, cls in IMPORTERS.items():
        if cls.sniff(path, head):
            return kind
    raise DataImportError(f"cannot tell the format of this file; give --kind ({'|'.join(KINDS)})", file=str(path))


def _is_bns_mapping(mapping: Path | dict) -> bool:
    from talentflow.stats.importers.base import load_mapping

    return "header_rows" in load_mapping(mapping)


def get_importer(path: Path, kind: str | None = None, mapping: Path | dict | None = None, **opts: Any) -> Importer:
    """An importer for ``path``: of ``kind``, or guessed from the file."""
    kind = kind or guess_kind(path, mapping)
    if kind not in IMPORTERS:
        raise DataImportError(f"unknown kind {kind!r}; one of {', '.join(KINDS)}", file=str(path))
    return IMPORTERS[kind](mapping=mapping, **opts)


__all__ = ["IMPORTERS", "KINDS", "Importer", "get_importer", "guess_kind"]
