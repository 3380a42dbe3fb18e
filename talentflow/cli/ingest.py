"""Commands of the ingest area: ``ingest`` (list what a corpus holds) and ``fetch adilet``."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import typer

from talentflow.cli.app import FORCE_HELP, app
from talentflow.io.output import output_folder

fetch_app = typer.Typer(help="Download documents from official registers into a corpus folder.", no_args_is_help=True)
app.add_typer(fetch_app, name="fetch")


def _summary(doc) -> dict:
    languages = Counter(p.language for p in doc.paragraphs)
    meta = doc.meta
    return {
        "id": meta.id,
        "title": meta.title,
        "act_type": meta.act_type,
        "number": meta.number,
        "date": meta.date.isoformat() if meta.date else None,
        "issuer": meta.issuer,
        "period": meta.period,
        "language": meta.language,
        "completeness": meta.completeness,
        "paragraphs": len(doc.paragraphs),
        "sentences": len(doc.sentences),
        "parts": len(doc.parts),
        "languages": dict(languages.most_common()),
        "source_url": meta.source_url,
        "path": meta.path,
    }


@app.command("ingest")
def ingest(
    paths: list[Path] = typer.Argument(..., help="Files or folders (folders are read recursively)."),
    manifest: Path | None = typer.Option(None, help="Manifest (CSV or YAML) overriding the one next to the files."),
    dossiers: bool = typer.Option(False, "--dossiers", help="Group files about one act into one document."),
    fmt: str = typer.Option("table", "--format", help="table or json"),
) -> None:
    """List the documents read from PATHS with metadata, completeness, paragraphs and languages.

    Files that could not be read are listed with the reason; the exit code is 1 if there are any.
    """
    from talentflow.ingest import read_documents, read_dossiers

    if fmt not in ("table", "json"):
        raise typer.BadParameter("--format must be table or json")
    reader = read_dossiers if dossiers else read_documents
    documents, errors = reader(paths, manifest=manifest)
    rows = [_summary(d) for d in documents]
    if fmt == "json":
        payload = {"documents": rows, "errors": [{"path": e.path, "reason": e.reason} for e in errors]}
        typer.echo(json.dumps(payload, ensure_ascii=False, indent=2))
    else:
        from rich.console import Console
        from rich.markup import escape
        from rich.table import Table

        console = Console(width=160)
        table = Table(title=f"{len(rows)} document(s)")
        for column in ("id", "type", "number", "date", "issuer", "period", "lang", "completeness", "paragraphs", "languages"):
            table.add_column(column)
        for r in rows:
            table.add_row(
                *(escape(str(v)) for v in (
                r["id"],
                r["act_type"] or "",
                r["number"] or "",
                r["date"] or "",
                r["issuer"] or "",
                r["period"] or "",
                r["language"] or "",
                r["completeness"],
                str(r["paragraphs"]),
                " ".join(f"{k}:{v}" for k, v in r["languages"].items()),
                ))
            )
        console.print(table)
        for e in errors:
            console.print(f"[red]error[/red] {escape(e.path)}: {escape(e.reason)}", markup=True, highlight=False)
    if errors:
        raise typer.Exit(1)


@fetch_app.command("adilet")
def fetch_adilet_command(
    ref: str = typer.Argument(..., help="adilet document id (e.g. P2200000961) or its URL."),
    lang: str | None = typer.Option(None, "--lang", help="rus or kaz (default: from the URL, else rus)."),
    out: Path = typer.Option(Path("corpus/adilet"), "--out", help="Folder for the .md file and manifest.csv."),
    base_url: str | None = typer.Option(
        None, "--base-url", help="Register address (default https://adilet.zan.kz or $TALENTFLOW_ADILET_URL)."
    ),
    timeout: float = typer.Option(30.0, help="Seconds to wait for the register."),
    name: str | None = typer.Option(
        None, "--id", help="Document id to record (default: the id a shipped register gives this act, else ID)."
    ),
    force: bool = typer.Option(False, "--force", help=FORCE_HELP),
) -> None:
    """Download an act from adilet.zan.kz as Markdown with its source, and add it to the manifest."""
    from talentflow.ingest.adilet import FetchError, fetch_adilet

    if not 0 < timeout <= 3600:
        raise typer.BadParameter(f"--timeout must be more than 0 and at most 3600 seconds, not {timeout!r}")
    try:
        with output_folder(out, force, updates=("manifest.csv",)):
            fetched = fetch_adilet(ref, lang=lang, out_dir=out, base_url=base_url, timeout=timeout, name=name)
    except FetchError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(1) from exc
    typer.echo(f"{fetched.path}  ({fetched.id}, {fetched.language}: {fetched.title or 'no title'})")
