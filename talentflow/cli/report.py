"""Commands of the report area: ``talentflow report`` builds the observatory report."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.console import Console
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from talentflow.cli.app import app

STAGE_WORDS = ("reading", "coding", "statistics", "composing", "rendering html", "rendering pdf", "rendering docx")


@app.command("report")
def report(
    out: Path = typer.Option(Path("out/report"), "--out", "-o", help="Folder to write report.html/.pdf/.docx into."),
    corpus: list[Path] | None = typer.Option(
        None, "--corpus", help="Policy texts (files or folders; repeat the option). Default: the shipped corpus."),
    data: Path | None = typer.Option(
        None, "--data", help="Data package folder, package CSV or SQLite store. Default: the shipped package."),
    country: str = typer.Option("KAZ", "--country", help="ISO 3166-1 alpha-3 code of the country."),
    lang: str = typer.Option("en", "--lang", help="Report language: ru, kk or en."),
    formats: str = typer.Option("html,pdf,docx", "--format", help="Comma-separated formats: html, pdf, docx."),
) -> None:
    """Build the observatory report (key findings, policy documents, statistics, practice,
    recommendations, methodology) from a corpus and a data package."""
    from talentflow.db import StoreError
    from talentflow.report import build_report
    from talentflow.stats.errors import DataImportError

    err = Console(stderr=True)
    with Progress(SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn(), console=err,
                  transient=False) as bar:
        task = bar.add_task("report", total=len(STAGE_WORDS))

        def step(stage: str) -> None:
            bar.update(task, description=stage, completed=STAGE_WORDS.index(stage) if stage in STAGE_WORDS else None)

        try:
            result = build_report(corpus=corpus or None, data=data, country=country, lang=lang,
                                  formats=formats.split(","), out_dir=out, progress=step)
        except (ValueError, OSError, DataImportError, StoreError) as exc:
            bar.stop()
            err.print(f"[red]error:[/red] {exc}")
            raise typer.Exit(2) from None
        bar.update(task, description="done", completed=len(STAGE_WORDS))
    for e in result.errors:
        err.print(f"[yellow]not read:[/yellow] {e}")
    for fmt, path in result.files.items():
        typer.echo(f"{fmt}: {path}")
