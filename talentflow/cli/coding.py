"""Commands of the coding area: ``talentflow code``.

``--format json`` prints exactly one JSON object on stdout; its shape is a public contract
(see docs/coding.md). Progress and messages go to stderr so stdout stays machine-readable.
"""

from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path
from typing import Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from talentflow.cli.app import FORCE_HELP, app
from talentflow.cli.corpus import read_and_code
from talentflow.coding.model import Codebook, CodedDocument
from talentflow.io.output import output_folder
from talentflow.limits import MAX_WORKERS


class OutputFormat(StrEnum):
    json = "json"
    table = "table"


def coding_json(coded: list[CodedDocument], codebook: Codebook, errors: list[Any]) -> dict[str, Any]:
    """The public JSON shape of a coding run (segments = coded sentences only)."""
    docs = []
    for cd in coded:
        meta = cd.document.meta
        docs.append(
            {
                "path": meta.path,
                "id": meta.id,
                "title": meta.title,
                "date": meta.date.isoformat() if meta.date else None,
                "language": meta.language,
                "completeness": meta.completeness,
                "levels": dict(cd.levels),
                "gaps": list(cd.gaps),
                "segments": [
                    {
                        "start": s.start,
                        "end": s.end,
                        "text": s.text,
                        "language": s.language,
                        "codes": [
                            {"category": c.category, "level": c.level, "gap": c.gap, "rule": c.rule, "term": c.term}
                            for c in s.codes
                        ],
                    }
                    for s in cd.segments
                ],
            }
        )
    return {
        "codebook": {"id": codebook.id, "version": codebook.version, "sha256": codebook.sha256},
        "documents": docs,
        "errors": [{"path": str(e.path), "reason": e.reason} for e in errors],
    }


def coding_table(coded: list[CodedDocument], codebook: Codebook) -> Table:
    """Document × category levels; a gap is marked next to the level."""
    table = Table(title=f"{codebook.id} {codebook.version}: depth 0-4 (gap = acknowledged gap)")
    table.add_column("document", no_wrap=True)
    for cid in codebook.ids:
        table.add_column(cid, justify="center")
    for cd in coded:
        row = [escape(cd.document.meta.id)]
        for cid in codebook.ids:
            lvl = cd.levels.get(cid, 0)
            row.append(f"{lvl} gap" if cid in cd.gaps else str(lvl))
        table.add_row(*row)
    return table


@app.command("code")
def code(
    paths: list[Path] = typer.Argument(..., help="Files or folders to code."),
    codebook: Path | None = typer.Option(None, "--codebook", help="A codebook YAML (default: the shipped one)."),
    dossiers: bool = typer.Option(False, "--dossiers", help="Read corpus folders as one dossier per document id."),
    manifest: Path | None = typer.Option(None, "--manifest", help="A manifest CSV with document metadata."),
    fmt: OutputFormat = typer.Option(OutputFormat.table, "--format", help="json (one object on stdout) or table."),
    out: Path | None = typer.Option(None, "--out", help="Also write the matrix and segment codings here."),
    workers: int = typer.Option(1, "--workers", min=0, max=MAX_WORKERS,
                                help=f"Processes to spread documents over (0 = all CPUs, at most {MAX_WORKERS})."),
    force: bool = typer.Option(False, "--force", help=FORCE_HELP),
) -> None:
    """Code documents against the codebook: per-category depth 0-4 and acknowledged gaps."""
    err = Console(stderr=True)
    if out is not None:  # checked before the work, so a bad --out costs nothing
        with output_folder(out, force):
            pass
    coded, book, errors = read_and_code(paths, codebook, dossiers, manifest, err, workers=workers,
                                        require_documents=False)

    if fmt is OutputFormat.json:
        typer.echo(json.dumps(coding_json(coded, book, errors), ensure_ascii=False))
    else:
        # Wide enough for every category column, so levels are not wrapped out of sight.
        needed = max((len(c.document.meta.id) for c in coded), default=8) + sum(len(i) + 3 for i in book.ids) + 4
        Console(width=max(needed, Console().width)).print(coding_table(coded, book))

    if out is not None:
        try:
            from talentflow.analysis import write_outputs
        except ImportError:
            err.print("outputs not written: talentflow.analysis.write_outputs is not available")
        else:
            with output_folder(out, force):
                written = write_outputs(coded, book, out)
            err.print(f"wrote {len(written)} files to {out}")
    if errors:
        raise typer.Exit(1)
