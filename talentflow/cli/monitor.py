"""Commands of monitoring and evaluation: ``monitor indicators`` and ``monitor framework``.

The public audience (default) gets disclosure control: small cells are shown as suppressed,
never as 0 or blank. The analyst audience sees every cell, and every analyst output is recorded
in the store's export log (who, when, what).
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from enum import StrEnum
from pathlib import Path

import typer
from rich.console import Console
from rich.table import Column, Table

from talentflow.cli.app import app
from talentflow.cli.stats import STORE_HELP, store_errors
from talentflow.io.atomic import atomic_path

monitor_app = typer.Typer(help="Monitoring and evaluation of talent programmes: cohort indicators and the "
                               "results framework.", no_args_is_help=True)
app.add_typer(monitor_app, name="monitor")

SUPPRESSED = {"en": "suppressed", "ru": "скрыто", "kk": "жасырылған"}


class Audience(StrEnum):
    public = "public"
    analyst = "analyst"


class Format(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"
    xlsx = "xlsx"


class FrameworkFormat(StrEnum):
    table = "table"
    json = "json"
    opensdg = "opensdg"


def _date(text: str | None) -> dt.date:
    if not text:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        typer.echo(f"error: --as-of {text!r} is not a date (YYYY-MM-DD)", err=True)
        raise typer.Exit(2) from None


def indicators_json(table) -> dict:
    """The documented JSON shape (value/numerator/denominator null when suppressed)."""
    items = []
    for c in table.cells:
        hidden = c.suppressed
        items.append({"id": c.indicator, "group": c.group,
                      "value": None if hidden else c.value,
                      "numerator": None if hidden else c.numerator,
                      "denominator": None if hidden else c.denominator,
                      "suppressed": hidden})
    out = {"as_of": table.as_of.isoformat(), "audience": table.audience, "indicators": items}
    if table.audience == "public":
        out["threshold"] = table.threshold
    out["rules"] = {i.id: i.rule() for i in table.catalogue.indicators}
    if table.synthetic:
        out["synthetic"] = {"programmes": table.synthetic,
                            "note": "synthetic test data (seeded generator), not real programmes"}
    return out


def _rows(table, lang: str) -> tuple[list[str], list[list[object]]]:
    units = {i.id: i.unit for i in table.catalogue.indicators}
    header = ["indicator", *table.by, "value", "numerator", "denominator", "suppressed", "synthetic"]
    rows = []
    for c in table.cells:
        synthetic = c.group.get("programme") in table.synthetic or (
            c.group.get("programme") == "_T" and bool(table.synthetic))
        if c.suppressed:
            v = n = d = SUPPRESSED[lang]
        else:
            v = "n/a (no denominator)" if c.value is None else (f"{c.value * 100:.1f} %" if units[c.indicator] == "fraction"
                                            else f"{c.value:.3f}" if isinstance(c.value, float) else c.value)
            n = c.numerator
            d = "" if c.denominator is None else (f"{c.denominator:.1f}" if isinstance(c.denominator, float)
                                                  else c.denominator)
        rows.append([c.indicator, *[c.group[k] for k in table.by], v, n, d, c.suppressed,
                     "synthetic" if synthetic else ""])
    return header, rows


@monitor_app.command("indicators")
def monitor_indicators(
    as_of: str | None = typer.Option(None, "--as-of", help="As-of date YYYY-MM-DD (default today)."),
    by: str = typer.Option("cohort", "--by", help="Breakdowns besides programme: cohort,level,host_country,field."),
    audience: Audience = typer.Option(Audience.public, "--audience", help="public (disclosure control) or analyst."),
    fmt: Format = typer.Option(Format.table, "--format", help="table, json, csv or xlsx."),
    out: Path | None = typer.Option(None, "--out", help="Output file (stdout for table/json/csv when absent)."),
    threshold: int | None = typer.Option(None, "--threshold", help="Disclosure threshold (default 10 or "
                                         "$TALENTFLOW_DISCLOSURE_THRESHOLD)."),
    store: str | None = typer.Option(None, "--store", help=STORE_HELP),
    lang: str = typer.Option("en", "--lang", help="en, ru or kk."),
) -> None:
    """Cohort indicators per programme and cohort (and chosen breakdowns), with totals."""
    from talentflow.monitor import open_registry
    from talentflow.monitor.engine import DIMENSIONS

    dims = tuple(d.strip() for d in by.split(",") if d.strip())
    bad = [d for d in dims if d not in DIMENSIONS]
    if bad:
        typer.echo(f"error: --by {','.join(bad)}: choose from {', '.join(DIMENSIONS[1:])}", err=True)
        raise typer.Exit(2)
    if fmt is Format.xlsx and out is None:
        typer.echo("error: --format xlsx needs --out FILE", err=True)
        raise typer.Exit(2)
    day = _date(as_of)
    with store_errors(), open_registry(store) as reg:
        table = reg.indicators(day, dims, audience.value, threshold)
        if audience is Audience.analyst:
            what = "talentflow " + " ".join(sys.argv[1:]) if sys.argv[1:3] == ["monitor", "indicators"] else \
                f"monitor indicators --as-of {day} --by {by} --audience analyst --format {fmt.value}" + (
                    f" --out {out}" if out else "")
            reg.log_export(what, "analyst", len(table.cells))
    if fmt is Format.json:
        text = json.dumps(indicators_json(table), ensure_ascii=False, indent=1)
        _emit(text, out)
        return
    header, rows = _rows(table, lang)
    if fmt is Format.csv:
        import csv
        import io

        buf = io.StringIO()
        w = csv.writer(buf)
        w.writerow(header)
        w.writerows(rows)
        _emit(buf.getvalue(), out)
        return
    if fmt is Format.xlsx:
        import openpyxl

        wb = openpyxl.Workbook()
        ws = wb.active
        ws.title = "indicators"
        ws.append([f"as of {day}", f"audience {table.audience}"] +
                  ([f"synthetic test data: {', '.join(table.synthetic)}"] if table.synthetic else []))
        ws.append(header)
        for r in rows:
            ws.append([str(x) if isinstance(x, bool) else x for x in r])
        assert out is not None
        with atomic_path(out) as tmp:
            wb.save(tmp)
        Console(stderr=True).print(f"{len(rows)} cells → {out}")
        return
    t = Table(*[Column(h, overflow="fold", min_width=10 if h in ("value", "numerator", "denominator") else None)
              for h in header], title=f"Cohort indicators as of {day} ({table.audience})"
              + (" — SYNTHETIC TEST DATA" if table.synthetic else ""))
    for r in rows:
        t.add_row(*[str(x) for x in r])
    Console(highlight=False).print(t)


def _emit(text: str, out: Path | None) -> None:
    if out is None:
        typer.echo(text)
        return
    with atomic_path(out) as tmp:
        tmp.write_text(text, encoding="utf-8")
    Console(stderr=True).print(f"→ {out}")


@monitor_app.command("framework")
def monitor_framework(
    fmt: FrameworkFormat = typer.Option(FrameworkFormat.table, "--format", help="table, json or opensdg."),
    out: Path | None = typer.Option(None, "--out", help="Output folder (opensdg) or file (json)."),
    as_of: str | None = typer.Option(None, "--as-of", help="As-of date for cohort indicators."),
    store: str | None = typer.Option(None, "--store", help=STORE_HELP),
    lang: str = typer.Option("en", "--lang", help="en, ru or kk."),
) -> None:
    """The results framework: baseline, latest, sourced target, SDG link and progress status."""
    from talentflow import db
    from talentflow.monitor import open_registry
    from talentflow.monitor.framework import STATUS_LABELS, results_framework, to_records, write_opensdg
    from talentflow.stats.store import open_store

    if fmt is FrameworkFormat.opensdg and out is None:
        typer.echo("error: --format opensdg needs --out DIR", err=True)
        raise typer.Exit(2)
    day = _date(as_of)
    with store_errors():
        with open_store(store) as s:
            observations = s.observations()
        if not observations and store is not None:  # a registry-only store: figures from the shipped package
            Console(stderr=True).print("the store holds no statistics; national figures from the shipped data package")
            with open_store(None) as s:
                observations = s.observations()
        with open_registry(store) as reg:
            rows = results_framework(observations, reg, day, "public", diaspora=db.resolve_url(store))
    if fmt is FrameworkFormat.opensdg:
        assert out is not None
        files = write_opensdg(rows, out)
        Console(stderr=True).print(f"{len(rows)} indicators, {len(files)} files → {out}")
        return
    if fmt is FrameworkFormat.json:
        _emit(json.dumps({"as_of": day.isoformat(), "indicators": to_records(rows, lang)}, ensure_ascii=False,
                         indent=1), out)
        return
    t = Table("indicator", "SDG", "baseline", "latest", "target", "status", title=f"Results framework ({day})")
    for r in rows:
        def pt(p):
            return "—" if p is None else f"{p.value:g} ({p.year})"
        target = "no target" if r.target is None else f"{r.target.value:g} ({r.target.year})"
        name = r.label(lang) + (" [synthetic]" if r.synthetic else "")
        latest = pt(r.latest)
        if r.suppressed:  # small counts withheld for the public: said, never drawn
            latest += f"; suppressed {', '.join(map(str, r.suppressed))}"
        t.add_row(name, ", ".join(r.sdg), pt(r.baseline), latest, target, STATUS_LABELS[r.status][lang])
    Console(highlight=False).print(t)
