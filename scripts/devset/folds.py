"""Five-fold honest practice on the development set: write rules on folds 1–4, watch fold 5.

Every passage goes to a fold by a seeded hash of its id (``sha256(f"{seed}:{passage_id}") % 5
+ 1``), independent of the ``split`` column. Rule work reads the mismatches of folds 1–4 only
(``--mismatches``); fold 5 is held out and this script prints only its aggregate scores, never
its mismatches, so that a change that helps folds 1–4 and not fold 5 shows as overfitting.

    .venv/bin/python scripts/devset/folds.py                  # scores: folds 1-4, fold 5, all
    .venv/bin/python scripts/devset/folds.py --mismatches     # + cells of folds 1-4 that differ
    .venv/bin/python scripts/devset/folds.py --per-fold       # + each fold on its own
"""

from __future__ import annotations

import argparse
import hashlib
import sys
from pathlib import Path

from talentflow.coding import load_codebook
from talentflow.exchange.evaluate import Labels, Passage, code_passages, read_labels, read_passages, score

SEED = "talentflow-rules-20261206"
HELD_OUT = 5
GOLD = Path(__file__).resolve().parents[2] / "talentflow" / "data" / "devset" / "gold.jsonl"


def fold_of(passage_id: str, seed: str = SEED) -> int:
    """The passage's fold, 1–5, from a seeded hash of its id."""
    return int(hashlib.sha256(f"{seed}:{passage_id}".encode()).hexdigest(), 16) % 5 + 1


def _line(name: str, res) -> str:  # noqa: ANN001 - LanguageResult
    m = res.micro

    def f(v: float) -> str:
        return "  –  " if v != v else f"{v:.2f}"

    return (f"{name:<12} n={res.passages:>3}  P {f(m.precision)}  R {f(m.recall)}  F1 {f(m.f1)}  "
            f"tp {m.tp:>3} fp {m.fp:>2} fn {m.fn:>2}  level= {f(m.level_exact)}  ±1 {f(m.level_within_one)}  "
            f"gap P {f(m.gap_precision)} R {f(m.gap_recall)}")


def report(title: str, gold: Labels, auto: Labels, passages: list[Passage], ids: list[str]) -> None:
    results, _ = score(gold, auto, passages, ids)
    print(f"== {title}")
    for lang in ("ru", "kk", "en", "all"):
        if lang in results:
            print("  " + _line(lang, results[lang]))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--gold", default=str(GOLD))
    ap.add_argument("--seed", default=SEED)
    ap.add_argument("--mismatches", action="store_true", help="print the differing cells of folds 1-4")
    ap.add_argument("--per-fold", action="store_true")
    ap.add_argument("--category", help="only mismatches of this category")
    args = ap.parse_args(argv)
    book = load_codebook()
    gold, _ = read_labels(args.gold, book.ids)
    passages = [p for p in read_passages() if p.passage_id in gold and p.text is not None]
    if not passages:
        print("no passage texts (../shared absent?)", file=sys.stderr)
        return 1
    auto = code_passages(passages, book)
    work = [p for p in passages if fold_of(p.passage_id, args.seed) != HELD_OUT]
    held = [p for p in passages if fold_of(p.passage_id, args.seed) == HELD_OUT]
    print(f"codebook {book.version}; seed {args.seed!r}")
    report("folds 1-4 (rule work)", gold, auto, work, book.ids)
    report(f"fold {HELD_OUT} (held out: aggregate only)", gold, auto, held, book.ids)
    report("all", gold, auto, passages, book.ids)
    if args.per_fold:
        for k in range(1, 6):
            report(f"fold {k}", gold, auto, [p for p in passages if fold_of(p.passage_id, args.seed) == k], book.ids)
    if args.mismatches:
        _, mism = score(gold, auto, work, book.ids)
        texts = {p.passage_id: p for p in work}
        by_pid: dict[str, list] = {}
        for m in mism:
            if args.category and m.category != args.category:
                continue
            by_pid.setdefault(m.passage_id, []).append(m)
        for pid, ms in by_pid.items():
            ps = texts[pid]
            cells = "; ".join(
                f"{m.category} gold {m.gold.level}{'g' if m.gold.gap else ''} auto {m.auto.level}{'g' if m.auto.gap else ''}"
                for m in ms)
            print(f"\n--- {pid} [{ps.doc_type or ps.kind}] {cells}")
            print("    " + " ".join((ps.text or "").split())[:900])
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
