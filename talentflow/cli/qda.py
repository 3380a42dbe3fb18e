"""Commands of the analysis and exchange areas: ``matrix``, ``export-qda`` and ``agree``.

Each reads documents, codes them with the codebook and hands the result to one service. Progress
and messages go to stderr so that ``agree --format json|csv`` keeps stdout machine-readable.
"""

from __future__ import annotations

import csv
import io
import json
import math
from enum import StrEnum
from pathlib import Path
from typing import Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from talentflow.cli.app import FORCE_HELP, app
from talentflow.cli.corpus import read_and_code
from talentflow.io.cells import neutralise_mapping
from talentflow.io.output import output_file, output_folder


class AgreeFormat(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"


def _code(
    paths: list[Path], codebook: Path | None, dossiers: bool, manifest: Path | None, err: Console
) -> tuple[list[Any], Any, list[Any]]:
    """Read, then code the documents; returns (coded documents, codebook, read errors)."""
    return read_and_code(paths, codebook, dossiers, manifest, err)


PATHS = typer.Argument(..., help="Files or folders of documents.")
CODEBOOK = typer.Option(None, "--codebook", help="A codebook YAML (default: the shipped one).")
DOSSIERS = typer.Option(False, "--dossiers", help="Read corpus folders as one dossier per document id.")
MANIFEST = typer.Option(None, "--manifest", help="A manifest CSV with document metadata.")
FORCE = typer.Option(False, "--force", help=FORCE_HELP)


@app.command("matrix")
def matrix(
    paths: list[Path] = PATHS,
    out: Path = typer.Option(..., "--out", help="Folder for matrix.csv/.xlsx/.md/.html, evolution.png/.svg …"),
    lang: str = typer.Option("en", "--lang", help="Language of headings and chart: en, ru or kk."),
    codebook: Path | None = CODEBOOK,
    dossiers: bool = DOSSIERS,
    manifest: Path | None = MANIFEST,
    force: bool = FORCE,
) -> None:
    """Code documents and write the document × category matrix, coverage and evolution chart."""
    from talentflow.analysis import write_outputs

    err = Console(stderr=True)
    if lang not in ("en", "ru", "kk"):
        err.print(f"[red]error:[/red] --lang must be en, ru or kk, not {escape(repr(lang))}")
        raise typer.Exit(2)
    with output_folder(out, force):  # checked before the work
        pass
    coded, book, errors = _code(paths, codebook, dossiers, manifest, err)
    with output_folder(out, force):
        written = write_outputs(coded, book, out, lang=lang)
    err.print(f"wrote {len(written)} files to {out}")
    if errors:
        raise typer.Exit(1)


@app.command("export-qda")
def export_qda(
    paths: list[Path] = PATHS,
    out: Path = typer.Option(..., "--out", help="The .qdpx project to write; the .qdc codebook goes beside it."),
    codebook: Path | None = CODEBOOK,
    dossiers: bool = DOSSIERS,
    manifest: Path | None = MANIFEST,
    force: bool = FORCE,
    reviews: bool = typer.Option(False, "--reviews", help="Add the web application's reviews (level/gap "
                                 "corrections, added segments) as each reviewer's own selections."),
    store: str | None = typer.Option(None, "--store", help="Store path or database URL the reviews are read "
                                     "from (default: $TALENTFLOW_STORE, else the embedded store)."),
) -> None:
    """Export documents and their automatic coding as a REFI-QDA project for MAXQDA, NVivo, ATLAS.ti …"""
    from talentflow.exchange import export_qdc, export_qdpx

    err = Console(stderr=True)
    with output_file(out, force, beside=[out.with_suffix(".qdc")]):
        coded, book, errors = _code(paths, codebook, dossiers, manifest, err)
        human: list[Any] = []
        if reviews:
            from talentflow import db
            from talentflow.web.reviews import Reviews, human_selections

            try:
                engine = db.connect(store)
            except db.StoreError as exc:
                err.print(f"[red]error:[/red] {escape(str(exc))}")
                raise typer.Exit(1) from None
            try:
                stored = Reviews(engine)
                human = human_selections(coded, stored.all(), stored.segments())
            finally:
                engine.dispose()
        project = export_qdpx(coded, book, out, human=human)
        qdc = export_qdc(book, out.with_suffix(".qdc"))
    people = len({h.coder for h in human})
    extra = f", {len(human)} selections by {people} reviewer(s)" if reviews else ""
    err.print(f"wrote {project} ({len(coded)} documents{extra}) and {qdc}")
    if errors:
        raise typer.Exit(1)


def _num(value: object) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "—"
    return f"{value:.3f}" if isinstance(value, float) else str(value)


def agreement_table(report: Any) -> Table:
    table = Table(title=f"agreement with {report.human_source} (unit: {report.unit})")
    cols = ["category", "n_units", "kappa", "alpha", "precision", "recall", "f1", "agreement", "notes"]
    for c in cols:
        table.add_column(c, justify="left" if c in ("category", "notes") else "right")
    for row in report.rows():
        table.add_row(*[_num(row[c]) if c != "notes" else str(row[c]) for c in cols])
    return table


@app.command("agree")
def agree(
    paths: list[Path] = PATHS,
    human: str = typer.Option(..., "--human", help="A .qdpx or CSV of human codings, or 'paper-table1'."),
    codebook: Path | None = CODEBOOK,
    dossiers: bool = DOSSIERS,
    manifest: Path | None = MANIFEST,
    fmt: AgreeFormat = typer.Option(AgreeFormat.table, "--format", help="table, json (one object) or csv."),
) -> None:
    """Agreement of the automatic coding with human coders: kappa, alpha, precision, recall, F1 per category."""
    from talentflow.exchange import HumanCodingError, agreement, load_reference, read_human_codings
    from talentflow.exchange.reference import REFERENCES

    err = Console(stderr=True)
    coded, book, errors = _code(paths, codebook, dossiers, manifest, err)
    try:
        if human in REFERENCES:
            coding = load_reference(human)
        else:
            texts = {c.document.meta.id: c.document.text for c in coded}
            coding = read_human_codings(Path(human), book, texts if Path(human).suffix.lower() != ".qdpx" else None)
        report = agreement(coded, coding, book)
    except HumanCodingError as exc:
        err.print(f"[red]error:[/red] {escape(str(exc))}", highlight=False)
        raise typer.Exit(2) from exc
    if fmt is AgreeFormat.json:
        typer.echo(json.dumps(report.to_dict(), ensure_ascii=False))
    elif fmt is AgreeFormat.csv:
        rows = report.rows()
        buf = io.StringIO()
        writer = csv.DictWriter(buf, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(neutralise_mapping(r) for r in rows)
        typer.echo(buf.getvalue(), nl=False)
    else:
        console = Console(width=160)
        console.print(agreement_table(report))
        if report.claims:
            console.print(f"claims satisfied: {report.claims_satisfied} / {report.claims_total}")
        for note in report.notes:
            console.print(f"note: {note}")
        if report.citation:
            console.print(f"reference: {report.citation}")
    if errors:
        raise typer.Exit(1)
