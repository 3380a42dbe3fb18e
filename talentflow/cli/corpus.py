"""Reading and coding a corpus for the commands that start from documents (code, matrix, agree …).

The stages themselves are ``talentflow.pipeline``'s (the same the report and the web application
run); this module only decides how a codebook error ends a command (exit 2), how read errors are
shown, and how coding progress is drawn, so every command behaves the same.
"""

from __future__ import annotations

from pathlib import Path

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from talentflow import pipeline
from talentflow.coding import CodebookError, load_codebook
from talentflow.coding.model import Codebook, CodedDocument
from talentflow.ingest.model import Document, ReadError


def load_book(codebook: Path | None, err: Console) -> Codebook:
    """The codebook at ``codebook`` (or the shipped one); a malformed file exits with status 2."""
    try:
        return load_codebook(codebook)
    except CodebookError as exc:
        err.print(f"[red]error:[/red] {escape(str(exc))}", highlight=False)
        raise typer.Exit(2) from exc


def read_corpus(paths: list[Path], dossiers: bool, manifest: Path | None) -> tuple[list[Document], list[ReadError]]:
    """Documents (or one dossier per document id) and the files that could not be read."""
    result = pipeline.read(paths, dossiers=dossiers, manifest=manifest)
    return result.documents, result.errors


def code_with_progress(docs: list[Document], book: Codebook, err: Console, workers: int = 1) -> list[CodedDocument]:
    """Code documents with a progress bar on stderr (stdout stays machine-readable)."""
    with Progress(
        TextColumn("coding"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(), console=err, transient=True
    ) as bar:
        task = bar.add_task("coding", total=len(docs))
        return pipeline.code(docs, book, workers=workers,
                             progress=lambda done, total: bar.update(task, completed=done))


def read_and_code(paths: list[Path], codebook: Path | None, dossiers: bool, manifest: Path | None, err: Console,
                  workers: int = 1, require_documents: bool = True) -> tuple[list[CodedDocument], Codebook, list[ReadError]]:
    """Load the codebook, read, then code: the start of every command that begins from documents.

    Returns (coded documents, codebook, read errors). Each read error is printed on stderr once;
    with ``require_documents`` a corpus of which nothing could be read ends the command (exit 1).
    """
    book = load_book(codebook, err)
    docs, errors = read_corpus(paths, dossiers, manifest)
    for e in errors:
        err.print(f"[red]error:[/red] {escape(str(e.path))}: {escape(str(e.reason))}", highlight=False)
    if require_documents and not docs:
        err.print("[red]error:[/red] no document could be read")
        raise typer.Exit(1)
    return code_with_progress(docs, book, err, workers=workers), book, errors
