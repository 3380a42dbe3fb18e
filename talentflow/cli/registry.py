"""Commands of the programme registry: ``registry import``, ``import-publications``, ``info``,
``synthetic``.

Each file is checked completely before anything is written and imported in its own
transaction: a refused file prints every error as file, row, column and reason (never the
value of a national id) and leaves the store as it was; the command exits 1 after trying the
rest of the files.
"""

from __future__ import annotations

import json
from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table

from talentflow.cli.app import app
from talentflow.cli.stats import STORE_HELP, store_errors

registry_app = typer.Typer(help="Programme registry: import participant lists and publications (pseudonymised).",
                           no_args_is_help=True)
app.add_typer(registry_app, name="registry")

LANG_HELP = "Language of messages: en, ru or kk."


def _open(store: str | None, programmes: list[Path] | None = None):
    from talentflow.monitor import open_registry

    return open_registry(store, programmes=programmes or ())


@registry_app.command("import")
def registry_import(
    files: list[Path] = typer.Argument(..., help="Participant files (csv or xlsx, the operator template)."),
    mapping: Path | None = typer.Option(None, "--mapping", help="YAML column mapping for other layouts."),
    programmes: list[Path] = typer.Option(None, "--programmes", help="Extra programme catalogue (YAML)."),
    store: str | None = typer.Option(None, "--store", help=STORE_HELP),
    lang: str = typer.Option("en", "--lang", help=LANG_HELP),
) -> None:
    """Import participant lists; the same file twice adds nothing, a corrected file updates what changed."""
    from talentflow.monitor.issues import RegistryImportError
    from talentflow.monitor.pseudonym import PseudonymKeyError
    from talentflow.monitor.template import MappingError

    err, out = Console(stderr=True, highlight=False, soft_wrap=True), Console(highlight=False)
    failed = 0
    table = Table("file", "rows", "new", "updated", "unchanged", "warnings", "changed columns")
    with store_errors(), _open(store, programmes) as reg:
        for f in files:
            try:
                r = reg.import_file(f, mapping)
            except RegistryImportError as exc:
                exc.lang = lang
                failed += 1
                err.print(f"[red]error:[/red] {f} refused; nothing of it was written:")
                for issue in exc.issues:
                    err.print("  " + issue.render(lang))
                if exc.total > len(exc.issues):
                    err.print(f"  … and {exc.total - len(exc.issues)} more error(s)")
                continue
            except (MappingError, PseudonymKeyError, OSError) as exc:
                failed += 1
                err.print(f"[red]error:[/red] {f}: {exc}")
                continue
            table.add_row(str(f), str(r.rows), str(r.new), str(r.updated), str(r.unchanged), str(len(r.warnings)),
                          r.describe_changes() or "—")
            for w in r.warnings[:20]:
                err.print(f"[yellow]warning:[/yellow] {w.render(lang)}")
            if len(r.warnings) > 20:
                err.print(f"… {len(r.warnings) - 20} more warning(s): talentflow registry info --warnings")
    if table.row_count:
        out.print(table)
    if failed:
        err.print(f"{failed} of {len(files)} file(s) not imported; the store holds none of their rows")
        raise typer.Exit(1)


@registry_app.command("import-publications")
def registry_import_publications(
    files: list[Path] = typer.Argument(..., help="OpenAlex works (JSON lines) or ORCID works files (JSON)."),
    store: str | None = typer.Option(None, "--store", help=STORE_HELP),
) -> None:
    """Attach publications to participants by ORCID iD (idempotent)."""
    from talentflow.monitor.issues import RegistryImportError

    err = Console(stderr=True, highlight=False, soft_wrap=True)
    table = Table("file", "works", "new", "already there", "unmatched ORCID")
    failed = 0
    with store_errors(), _open(store) as reg:
        for f in files:
            try:
                r = reg.import_publications(f)
            except RegistryImportError as exc:
                failed += 1
                err.print(f"[red]error:[/red] {exc}")
                continue
            table.add_row(str(f), str(r.rows), str(r.new), str(r.unchanged), str(r.changes.get("unmatched", 0)))
    if table.row_count:
        Console().print(table)
    if failed:
        raise typer.Exit(1)


@registry_app.command("info")
def registry_info(
    store: str | None = typer.Option(None, "--store", help=STORE_HELP),
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
    warnings: bool = typer.Option(False, "--warnings", help="List the stored warnings."),
) -> None:
    """What the registry holds: programmes, counts, imports, warnings and the export log."""
    with store_errors(), _open(store) as reg:
        info = reg.info()
    if as_json:
        typer.echo(json.dumps(info, ensure_ascii=False, indent=1, default=str))
        return
    c = Console(highlight=False)
    c.print(f"participants {info['participants']}, awards {info['awards']}, events {info['events']}, "
            f"publications {info['publications']}")
    t = Table("programme", "awards", "cohorts", "synthetic")
    for p in info["programmes"]:
        t.add_row(p["programme"], str(p["awards"]), p["cohorts"], "synthetic (test data)" if p["synthetic"] else "")
    c.print(t)
    t = Table("import", "file", "kind", "when", "rows", "new", "updated", "unchanged", "changes")
    for i in info["imports"]:
        t.add_row(str(i["id"]), i["file"], i["kind"], str(i["imported_at"])[:16], str(i["rows"]), str(i["new"]),
                  str(i["updated"]), str(i["unchanged"]), i["changes"] or "")
    c.print(t)
    c.print(f"{len(info['warnings'])} stored warning(s); {len(info['exports'])} analyst export(s) logged")
    if warnings:
        t = Table("import", "file", "row", "column", "rule", "message")
        for w in info["warnings"]:
            t.add_row(str(w["import_id"]), w["file"], str(w["row"]), w["column"], w["rule"], w["message"])
        c.print(t)


@registry_app.command("synthetic")
def registry_synthetic(
    out: Path = typer.Option(..., "--out", help="CSV file to write (template layout)."),
    rows: int = typer.Option(10_000, "--rows", help="Participants."),
    seed: int = typer.Option(20261206, "--seed", help="Random seed."),
    publications: Path | None = typer.Option(None, "--publications", help="Also write synthetic OpenAlex works here."),
) -> None:
    """Write a seeded synthetic registry (programmes SYN_*, labelled synthetic everywhere)."""
    from talentflow.monitor.synthetic import generate, write_openalex, write_registry

    write_registry(out, rows, seed)
    if publications:
        write_openalex(publications, generate(rows, seed))
    Console(stderr=True).print(f"{rows} synthetic participants (test data) → {out}")
