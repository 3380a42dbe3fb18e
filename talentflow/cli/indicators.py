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
    from talentflow.stats.store import open_store

    s = open_store(store)
    try:
        return s.observations()
    finally:
        s.close()


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
                "note", "sources", "inputs", "tier"]
        w = csv.DictWriter(buf, fieldnames=cols, extrasaction="ignore", lineterminator="\n")
        w.writeheader()
        for r in records:
            w.writerow({**r, "flags": ";".join(r["flags"]), "sources": " | ".join(r["sources"]),
                        "inputs": len(r["inputs"])})
        typer.echo(buf.getvalue(), nl=False)
    else:
        rows = [[r["id"], r["year"] and str(r["year"]) or "", r["period"], r["counterpart"] or r["breakdown"],
                 _fmt_value(r["value"], r["unit"]), r["unit"], ",".join(r["flags"]), str(len(r["sources"])),
                 r["tier"] if r["inputs"] else "", r.get("rank_phrase") or r["note"][:90]] for r in records]
        _table(f"{len(rows)} indicator value(s) for {area.upper()}",
               ["indicator", "year", "period", "part", "value", "unit", "flags", "sources", "best source tier", "note"],
               rows)


@app.command("check")
def check(
    store: str | None = typer.Option(None, "--store", help=STORE_HELP),
    threshold: float = typer.Option(0.01, "--threshold", help="Relative difference above which a disagreement is flagged."),
    fmt: str = typer.Option("table", "--format", help="table or json"),
    flagged_only: bool = typer.Option(False, "--flagged", help="Only disagreements above the threshold."),
) -> None:
    """List where sources disagree on the same quantity, area, counterpart, breakdown and period
    (cross-source, paper vs source, mirror statistics), and apart, the figures that only look
    comparable (part-year vs year, subtotal vs total, parts of a whole, undated, other units)
    with the reason. JSON: {"conflicts": [...], "not_comparable": [...]}."""
    from talentflow.stats.checks import compare_sources, comparison_record

    if fmt not in ("table", "json"):
        raise typer.BadParameter("--format must be table or json")
    if threshold < 0:
        raise typer.BadParameter("--threshold must not be negative")
    result = compare_sources(_observations(store), threshold=threshold)
    if flagged_only:
        result.conflicts = result.flagged
    records = comparison_record(result)
    if fmt == "json":
        typer.echo(json.dumps(records, ensure_ascii=False, indent=2))
        return
    conflicts = records["conflicts"]

    def part(o: dict) -> str:
        dims = [b for b in o["breakdown"].split(";") if b and " " not in b and not b.startswith("'")]
        bits = [o["counterpart"] or "", *dims, *(x for x in (o["age"], o["education"]) if x != "_T"),
                o["specialty"] or ""]
        return " ".join(b for b in bits if b and b != "WLD")

    rows = [[r["kind"], r["indicator"], r["area"], str(r["year"] or ""), r["period"],
             " vs ".join(dict.fromkeys(_fmt_value(o["value"], o["unit"]) for o in r["observations"])),
             f"{r['rel_diff']:.1%}", "yes" if r["flagged"] else "", r["note"][:80]] for r in conflicts]
    _table(f"{len(rows)} conflict(s) between like figures, {sum(1 for r in conflicts if r['flagged'])} above "
           f"{threshold:.1%}", ["kind", "indicator", "area", "year", "period", "values", "rel diff", "flagged", "note"],
           rows)
    aside = records["not_comparable"]
    rows = [[r["kind"], r["indicator"], str(r["year"] or ""), r["period"],
             "; ".join(dict.fromkeys(f"{_fmt_value(o['value'], o['unit'])} {part(o)}".strip()
                                     for o in r["observations"])), r["reason"]] for r in aside]
    _table(f"{len(rows)} set(s) of figures not comparable, and why (not counted as conflicts)",
           ["kind", "indicator", "year", "period", "figures", "why"], rows)


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
