"""Commands of the indicators area: ``indicators``, ``check``, ``chart`` and ``project``.

Each reads the observations of a store (the default one, built from the shipped data package,
unless ``--store`` names another) and calls one function of ``talentflow.stats``.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import typer

from talentflow.cli.app import app

STORE_HELP = "Store path or database URL (default: the store built from the shipped data package)."


def _observations(store: str | None):
    from talentflow.cli.stats import cli_store

    with cli_store(store) as s:
        return s.observations()


def _fmt_value(v: float | None, unit: str) -> str:
    if v is None:
        return "—"
    if unit in ("percent", "rank") or abs(v) < 100:
        return f"{v:,.2f}".rstrip("0").rstrip(".")
    return f"{v:,.0f}"


def _table(title: str, columns: list[str], rows: list[list[str]]) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(title=title)
    for c in columns:
        table.add_column(c, overflow="fold")
    for r in rows:
        table.add_row(*r)
    Console(width=200).print(table)


@app.command("indicators")
def indicators(
    store: str | None = typer.Option(None, "--store", help=STORE_HELP),
    area: str = typer.Option("KAZ", "--area", help="ISO 3166-1 alpha-3 code of the country."),
    fmt: str = typer.Option("table", "--format", help="table, json or csv"),
    lang: str = typer.Option("en", "--lang", help="Indicator names in ru, kk or en."),
    indicator: list[str] = typer.Option(None, "--indicator", help="Only these catalogue ids (repeatable)."),
) -> None:
    """Compute the catalogue indicators for AREA; each value lists the figures it comes from."""
    from talentflow.stats.catalogue import load_catalogue
    from talentflow.stats.indicators import compute_indicators, value_record

    if fmt not in ("table", "json", "csv"):
        raise typer.BadParameter("--format must be table, json or csv")
    cat = load_catalogue()
    if indicator:
        unknown = [i for i in indicator if i not in {x.id for x in cat.indicators}]
        if unknown:
            raise typer.BadParameter(f"unknown indicator(s): {', '.join(unknown)}")
        cat = cat.model_copy(update={"indicators": [x for x in cat.indicators if x.id in indicator]})
    values = compute_indicators(_observations(store), cat, area=area.upper())
    records = [value_record(v, cat, lang) for v in values]
    if fmt == "json":
        typer.echo(json.dumps(records, ensure_ascii=False, indent=2))
    elif fmt == "csv":
        buf = io.StringIO()
        cols = ["id", "name", "value", "unit", "year", "period", "area", "counterpart", "breakdown", "flags",
                "note", "sources", "inputs"]
        w = csv.DictWriter(buf, fieldnames=cols, extrasaction="ignore", lineterminator="\n")
        w.writeheader()
        for r in records:
            w.writerow({**r, "flags": ";".join(r["flags"]), "sources": " | ".join(r["sources"]),
                        "inputs": len(r["inputs"])})
        typer.echo(buf.getvalue(), nl=False)
    else:
        rows = [[r["id"], r["year"] and str(r["year"]) or "", r["period"], r["counterpart"] or r["breakdown"],
                 _fmt_value(r["value"], r["unit"]), r["unit"], ",".join(r["flags"]), str(len(r["sources"])),
                 r["note"][:90]] for r in records]
        _table(f"{len(rows)} indicator value(s) for {area.upper()}",
               ["indicator", "year", "period", "part", "value", "unit", "flags", "sources", "note"], rows)


@app.command("check")
def check(
    store: str | None = typer.Option(None, "--store", help=STORE_HELP),
    threshold: float = typer.Option(0.01, "--threshold", help="Relative difference above which a disagreement is flagged."),
    fmt: str = typer.Option("table", "--format", help="table or json"),
    flagged_only: bool = typer.Option(False, "--flagged", help="Only disagreements above the threshold."),
) -> None:
    """List where sources disagree: cross-source, paper vs source, mislabelled periods, mirror
    statistics and parts that do not add up to their total."""
    from talentflow.stats.checks import discrepancy_record, run_checks

    if fmt not in ("table", "json"):
        raise typer.BadParameter("--format must be table or json")
    if threshold < 0:
        raise typer.BadParameter("--threshold must not be negative")
    found = run_checks(_observations(store), threshold=threshold)
    if flagged_only:
        found = [d for d in found if d.flagged]
    records = [discrepancy_record(d) for d in found]
    if fmt == "json":
        typer.echo(json.dumps(records, ensure_ascii=False, indent=2))
        return
    rows = [[r["kind"], r["indicator"], r["area"], str(r["year"] or ""), r["period"],
             " vs ".join(dict.fromkeys(_fmt_value(o["value"], o["unit"]) for o in r["observations"])),
             f"{r['rel_diff']:.1%}", "yes" if r["flagged"] else "", r["note"][:80]] for r in records]
    _table(f"{len(rows)} disagreement(s), {sum(1 for r in records if r['flagged'])} above {threshold:.1%}",
           ["kind", "indicator", "area", "year", "period", "values", "rel diff", "flagged", "note"], rows)


@app.command("chart")
def chart(
    name: str = typer.Argument("all", help="students_by_origin, students_by_destination, "
                                           "emigrants_by_education, migration_flows or all"),
    out: Path = typer.Option(..., "--out", help="Folder for the chart files."),
    lang: str = typer.Option("en", "--lang", help="ru, kk or en"),
    fmt: list[str] = typer.Option(["png", "svg", "html"], "--format", help="png, svg, html (repeatable)."),
    store: str | None = typer.Option(None, "--store", help=STORE_HELP),
    area: str = typer.Option("KAZ", "--area", help="ISO 3166-1 alpha-3 code of the country."),
) -> None:
    """Draw the charts (the reference paper's Figures 1-3 recomputed, and flows over time)."""
    from talentflow.stats.charts import CHARTS, LANGS, make_charts

    names = CHARTS if name == "all" else (name,)
    if name != "all" and name not in CHARTS:
        raise typer.BadParameter(f"unknown chart {name!r}; charts: {', '.join(CHARTS)}, all")
    if lang not in LANGS:
        raise typer.BadParameter(f"--lang must be one of {', '.join(LANGS)}")
    try:
        written = make_charts(_observations(store), out, lang=lang, formats=tuple(fmt), names=names,
                              area=area.upper())
    except ValueError as exc:
        raise typer.BadParameter(str(exc)) from exc
    for files in written.values():
        for f in files:
            typer.echo(str(f))


@app.command("project")
def project_cmd(
    indicator: str = typer.Option("emigrants_permanent", "--indicator", help="Observation indicator id to project."),
    horizon: int = typer.Option(5, "--horizon", help="Years ahead."),
    store: str | None = typer.Option(None, "--store", help=STORE_HELP),
    area: str = typer.Option("KAZ", "--area", help="ISO 3166-1 alpha-3 code of the country."),
    fmt: str = typer.Option("table", "--format", help="table or json"),
) -> None:
    """Project a whole-year series HORIZON years ahead with 80 % and 95 % intervals (labelled
    as a projection: not a published figure)."""
    from talentflow.stats.indicators import value_record
    from talentflow.stats.projection import ProjectionError, project

    if fmt not in ("table", "json"):
        raise typer.BadParameter("--format must be table or json")
    try:
        values = project(_observations(store), indicator=indicator, horizon=horizon, area=area.upper())
    except ProjectionError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(1) from None
    if fmt == "json":
        records = [value_record(v) for v in values]
        for r in records:
            r["inputs"] = len(r["inputs"])
        typer.echo(json.dumps(records, ensure_ascii=False, indent=2))
        return
    rows = [[str(v.year), f"{v.value:,.0f}", f"{v.lower80:,.0f} – {v.upper80:,.0f}",
             f"{v.lower95:,.0f} – {v.upper95:,.0f}"] for v in values]
    _table(f"PROJECTION of {indicator} for {area.upper()} ({values[0].model}); not published figures",
           ["year", "projection", "80 % interval", "95 % interval"], rows)
    typer.echo(values[0].note)
