"""``talentflow evaluate``: the coding measured against a hand-coded gold set of passages.

``talentflow evaluate GOLD`` codes every passage of the chosen split and prints presence
precision/recall/F1, level agreement, gap scores and the confusion of levels, per language and
per category. ``talentflow evaluate --coders A.jsonl B.jsonl`` prints the agreement between two
human coders instead (Cohen's kappa, Krippendorff's alpha), the yardstick for the first.
"""

from __future__ import annotations

import json
import math
from enum import StrEnum
from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table

from talentflow.cli.app import app
from talentflow.cli.corpus import load_book


class EvalFormat(StrEnum):
    table = "table"
    json = "json"


class Split(StrEnum):
    dev = "dev"
    test = "test"
    all = "all"


def _f(v: float) -> str:
    return "–" if math.isnan(v) else f"{v:.2f}"


def _score_table(title: str, result, categories: list[str]) -> Table:  # noqa: ANN001
    t = Table(title=title)
    for col in ("category", "P", "R", "F1", "tp", "fp", "fn", "level =", "level ±1", "gap P", "gap R", "gap F1"):
        t.add_column(col, justify="left" if col == "category" else "right")
    rows = [(c, result.categories[c]) for c in categories] + [("micro", result.micro)]
    for name, s in rows:
        t.add_row(
            name, _f(s.precision), _f(s.recall), _f(s.f1), str(s.tp), str(s.fp), str(s.fn),
            _f(s.level_exact), _f(s.level_within_one), _f(s.gap_precision), _f(s.gap_recall), _f(s.gap_f1),
        )
    return t


def _confusion_table(title: str, confusion: list[list[int]]) -> Table:
    t = Table(title=title)
    t.add_column("gold \\ talentflow")
    for lvl in range(5):
        t.add_column(str(lvl), justify="right")
    for g, row in enumerate(confusion):
        t.add_row(str(g), *(str(x) for x in row))
    return t


@app.command("evaluate")
def evaluate_cmd(
    gold: Path | None = typer.Argument(None, help="Gold labels, JSON Lines {passage_id, codes, note}."),
    split: Split = typer.Option(Split.dev, "--split", help="Which passages: dev, test (frozen) or all."),
    fmt: EvalFormat = typer.Option(EvalFormat.table, "--format", help="table or json (one object on stdout)."),
    coders: tuple[Path, Path] | None = typer.Option(
        None, "--coders", help="Two coder files A B: print their agreement instead of evaluating talentflow."
    ),
    passages: Path | None = typer.Option(None, "--passages", help="Passage list CSV (default: the shipped one)."),
    shared: Path | None = typer.Option(None, "--shared", help="Folder of the shared corpus (default ../shared)."),
    codebook: Path | None = typer.Option(None, "--codebook", help="A codebook YAML (default: the shipped one)."),
    mismatches: bool = typer.Option(False, "--mismatches", help="Also list every disagreeing cell (table)."),
) -> None:
    """Measure the coding against hand-coded passages (or two coders against each other)."""
    from talentflow.exchange.evaluate import GoldError, coder_agreement, evaluate

    err = Console(stderr=True)
    book = load_book(codebook, err)
    out = Console(width=max(Console().width, 120))
    try:
        if coders is not None:
            rep = coder_agreement(coders[0], coders[1], book, split.value, passages)
            if fmt is EvalFormat.json:
                typer.echo(json.dumps(rep.to_dict(), ensure_ascii=False))
                return
            t = Table(title=f"inter-coder agreement, {rep.passages} passages ({split.value})")
            for col in ("category", "kappa (presence)", "alpha (levels, ordinal)", "presence =", "level ="):
                t.add_column(col, justify="left" if col == "category" else "right")
            for c in [*rep.categories, rep.overall]:
                t.add_row(c.category, _f(c.kappa), _f(c.alpha), _f(c.presence_agreement), _f(c.level_exact))
            out.print(t)
            for lang, res in rep.b_against_a.items():
                out.print(_score_table(f"coder B against coder A — {lang} ({res.passages} passages)", res, book.ids))
            return
        if gold is None:
            err.print("[red]error:[/red] give a GOLD file, or --coders A B")
            raise typer.Exit(2)
        ev = evaluate(gold, book, split.value, passages, shared)
    except GoldError as exc:
        err.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(2) from exc
    for note in ev.skipped:
        err.print(f"note: {note}")
    if fmt is EvalFormat.json:
        typer.echo(json.dumps(ev.to_dict(), ensure_ascii=False))
        return
    for lang, res in ev.languages.items():
        out.print(_score_table(f"{ev.codebook} against {Path(ev.gold_source).name} — {lang}, "
                               f"{res.passages} passages ({ev.split})", res, book.ids))
    out.print(_confusion_table(f"confusion of levels, all languages ({ev.split})", ev.languages["all"].confusion)
              if "all" in ev.languages else Table())
    if mismatches:
        t = Table(title="disagreeing cells")
        for col in ("passage", "category", "gold", "talentflow"):
            t.add_column(col)
        for m in ev.mismatches:
            t.add_row(m.passage_id, m.category, f"{m.gold.level}{' gap' if m.gold.gap else ''}",
                      f"{m.auto.level}{' gap' if m.auto.gap else ''}")
        out.print(t)
