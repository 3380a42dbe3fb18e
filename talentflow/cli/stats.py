"""Commands of the stats area: ``import`` and ``store info`` / ``store export`` / ``store upgrade``.

A store that cannot be opened (not a database, server down, schema behind) is one line on
stderr and exit 2, never a traceback. Each file is imported in its own transaction: a failing file leaves no row behind and the
command exits non-zero after trying the rest, naming file, sheet, row and column of the error.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn
from rich.table import Table

from talentflow.cli.app import app
from talentflow.io.atomic import atomic_path

STORE_HELP = ("Store path or database URL, e.g. postgresql+psycopg://user@host/db (default: $TALENTFLOW_STORE, "
              "else the store built from the shipped data package).")

store_app = typer.Typer(help="Inspect, export and upgrade the store.", no_args_is_help=True)
app.add_typer(store_app, name="store")


@contextmanager
def store_errors() -> Iterator[None]:
    """Turn a store that cannot be opened or used (including a server lost mid-command) into one
    line on stderr and exit 2; a transaction that was running is rolled back by the database."""
    from sqlalchemy.exc import OperationalError

    from talentflow.db import StoreError

    try:
        yield
    except StoreError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from None
    except OperationalError as exc:
        reason = (str(exc.orig or exc).strip().splitlines() or ["unknown error"])[0]
        typer.echo(f"error: the store failed: {reason}; nothing of the interrupted step was written", err=True)
        raise typer.Exit(2) from None


@contextmanager
def cli_store(store: str | None):
    """:func:`~talentflow.stats.store.open_store` for a command: errors as one line, exit 2."""
    from talentflow.stats.store import open_store

    with store_errors():
        s = open_store(store)
    try:
        with store_errors():
            yield s
    finally:
        s.close()


class Kind(StrEnum):
    uis = "uis"
    sdmx = "sdmx"
    wdi = "wdi"
    undesa = "undesa"
    bns = "bns"
    csv = "csv"
    xlsx = "xlsx"


class ExportFormat(StrEnum):
    csv = "csv"
    xlsx = "xlsx"
    json = "json"


@app.command("import")
def import_files(
    files: list[Path] = typer.Argument(..., help="Files to import (CSV, XLSX, SDMX-ML)."),
    kind: Kind | None = typer.Option(None, "--kind", help="Importer; guessed from each file when absent."),
    mapping: Path | None = typer.Option(None, "--mapping", help="YAML mapping (bns, csv, xlsx, sdmx)."),
    store: str | None = typer.Option(None, "--store", help=STORE_HELP),
) -> None:
    """Import statistics files into the store; importing a file again changes nothing."""
    from talentflow.stats.errors import DataImportError

    err = Console(stderr=True)
    out = Console()
    failed = 0
    with cli_store(store) as s:
        table = Table("file", "dataset", "rows", "new", "updated", "unchanged")
        with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), console=err,
                      transient=True) as progress:
            task = progress.add_task("importing", total=len(files))
            for f in files:
                progress.update(task, description=f"importing {f.name}")
                try:
                    r = s.import_file(f, kind.value if kind else None, mapping=mapping)
                except DataImportError as exc:
                    failed += 1
                    err.print(f"[red]error:[/red] {exc}", highlight=False, soft_wrap=True)
                else:
                    table.add_row(str(f), r.dataset, str(r.rows), str(r.new), str(r.updated), str(r.unchanged))
                progress.advance(task)
        if table.row_count:
            out.print(table)
    if failed:
        err.print(f"{failed} of {len(files)} file(s) not imported; the store holds none of their rows")
        raise typer.Exit(1)


@store_app.command("info")
def store_info(
    store: str | None = typer.Option(None, "--store", help=STORE_HELP),
    as_json: bool = typer.Option(False, "--json", help="Print JSON instead of a table."),
) -> None:
    """What the store holds: imports (file, hash, rows), the number of observations, the schema revision."""
    with cli_store(store) as s:
        datasets = s.datasets()
        total = s.count()
        where = repr(s)
        revision = s.revision
    if as_json:
        rows = [{**d, "imported_at": d["imported_at"].isoformat()} for d in datasets]
        typer.echo(json.dumps({"store": where, "revision": revision, "observations": total, "datasets": rows},
                              ensure_ascii=False, indent=1))
        return
    table = Table("dataset", "file", "sha256", "imported", "rows", "new",
                  title=f"{where} (revision {revision}): {total} observations")
    for d in datasets:
        table.add_row(d["name"], d["file"] or "", (d["sha256"] or "")[:12], d["imported_at"].strftime("%Y-%m-%d %H:%M"),
                      str(d["rows"]), str(d["new"]))
    Console().print(table)


@store_app.command("export")
def store_export(
    out: Path = typer.Option(..., "--out", help="Output file."),
    fmt: ExportFormat = typer.Option(ExportFormat.csv, "--format", help="csv, xlsx or json"),
    store: str | None = typer.Option(None, "--store", help=STORE_HELP),
    indicator: list[str] = typer.Option(None, "--indicator", help="Only these indicators (repeatable)."),
    area: list[str] = typer.Option(None, "--area", help="Only these areas (repeatable)."),
    year: list[int] = typer.Option(None, "--year", help="Only these years (repeatable)."),
    topic: list[str] = typer.Option(None, "--topic", help="Only these topics (repeatable)."),
    dataset: list[str] = typer.Option(None, "--dataset", help="Only these imports (repeatable)."),
) -> None:
    """Export observations with their sources, for Excel, Power BI or any other tool."""
    filters = {k: v for k, v in {"indicator": indicator, "area": area, "year": year, "topic": topic,
                                 "dataset": dataset}.items() if v}
    with cli_store(store) as s:
        frame = s.frame(**filters)
    with atomic_path(out) as tmp:
        if fmt is ExportFormat.csv:
            frame.to_csv(tmp, index=False, encoding="utf-8")
        elif fmt is ExportFormat.xlsx:
            frame.to_excel(tmp, index=False, sheet_name="observations", engine="openpyxl")
        else:
            records = json.loads(frame.to_json(orient="records", date_format="iso", force_ascii=False))
            tmp.write_text(json.dumps(records, ensure_ascii=False, indent=1), encoding="utf-8")
    Console(stderr=True).print(f"{len(frame)} observations → {out}")


@store_app.command("upgrade")
def store_upgrade(
    store: str | None = typer.Option(None, "--store", help=STORE_HELP),
) -> None:
    """Bring the store's schema to this talentflow's revision (creating it when new); prints from → to."""
    import logging

    from talentflow import db

    # the log of the step: one line per migration script run, and the summary
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(message)s"))
    handler.addFilter(lambda r: r.name == "talentflow.db" or r.getMessage().startswith("Running upgrade"))
    loggers = [logging.getLogger(name) for name in ("alembic.runtime.migration", "talentflow.db")]
    levels = [lg.level for lg in loggers]
    for lg in loggers:
        lg.addHandler(handler)
        lg.setLevel(logging.INFO)
    where = db.describe(db.resolve_url(store))
    try:
        with store_errors():
            before, after = db.upgrade(store)
    finally:
        for lg, level in zip(loggers, levels, strict=True):
            lg.removeHandler(handler)
            lg.setLevel(level)
    if before == after:
        typer.echo(f"{where}: already at revision {after}")
    else:
        typer.echo(f"{where}: upgraded from revision {before or '(empty store)'} to {after}")
