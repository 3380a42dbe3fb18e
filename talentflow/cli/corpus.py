"""Reading and coding a corpus for the commands that start from documents (code, matrix, agree …).

One place decides how a codebook error ends a command (exit 2), how read errors are shown, and
how coding progress is drawn, so every command behaves the same.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn


def load_book(codebook: Path | None, err: Console) -> Any:
    """The codebook at ``codebook`` (or the shipped one); a malformed file exits with status 2."""
    from talentflow.coding import CodebookError, load_codebook

    try:
        return load_codebook(codebook)
    except CodebookError as exc:
        err.print(f"[red]error:[/red] {escape(str(exc))}", highlight=False)
        raise typer.Exit(2) from exc


def read_corpus(paths: list[Path], dossiers: bool, manifest: Path | None) -> tuple[list[Any], list[Any]]:
    """Documents (or one dossier per document id) and the files that could not be read."""
    from talentflow import ingest

    if dossiers:
        return ingest.read_dossiers(paths, manifest=manifest)
    return ingest.read_documents(paths, manifest=manifest)


def code_with_progress(docs: list[Any], book: Any, err: Console, workers: int = 1) -> list[Any]:
    """Code documents with a progress bar on stderr (stdout stays machine-readable)."""
    from talentflow.coding import code_documents

    with Progress(
        TextColumn("coding"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(), console=err, transient=True
    ) as bar:
        task = bar.add_task("coding", total=len(docs))
        return code_documents(docs, book, workers=workers, progress=lambda done, total: bar.update(task, completed=done))
