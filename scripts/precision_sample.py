"""Draw a seeded random sample of coded cells for judging the precision of the coding.

A cell is one document × category with level ≥ 1; its best quote (highest level, gaps next,
then document order) is what the report shows, so that quote is what a reader judges:

- ``correct``        the quote is about the category and supports the level;
- ``wrong_level``    about the category, but the level is not what the quote supports;
- ``wrong_category`` the quote is not about the category at all.

Usage (from the project root)::

    .venv/bin/python scripts/precision_sample.py [--seed 20261125] [--n 60]
        [--judgements FILE] [PATH ...]

Paths default to the shipped corpus (``talentflow/data/corpus/kaz``) and, when present, the
shared official and press dossiers (``../shared/corpus/adilet`` with ``../shared/corpus/press``),
each group read as dossiers. Cells are sorted by (document, category) before sampling, so the same
seed and the same coding give the same sample. With ``--judgements`` (a CSV with columns
``source, doc_id, category, level, quote, verdict``; the quote's first 80 characters are
enough) the precision of the sample is printed as well; cells
without a judgement are listed as unjudged.
"""

from __future__ import annotations

import argparse
import csv
import random
import sys
from pathlib import Path

from talentflow.coding import code_documents, load_codebook
from talentflow.coding.model import CodedDocument
from talentflow.ingest import read_dossiers

ROOT = Path(__file__).resolve().parent.parent
# (source label, paths read together as dossiers); the two groups share document ids, so
# they are read and coded apart
DEFAULT_GROUPS = [
    ("shipped", [ROOT / "talentflow" / "data" / "corpus" / "kaz"]),
    ("shared", [ROOT.parent / "shared" / "corpus" / "adilet", ROOT.parent / "shared" / "corpus" / "press"]),
]
VERDICTS = ("correct", "wrong_level", "wrong_category")


def coded_cells(groups: list[tuple[str, list[Path]]]) -> list[dict[str, object]]:
    """Every cell with level ≥ 1 of the coded groups of paths, with its best quote."""
    book = load_codebook()
    cells: list[dict[str, object]] = []
    for source, paths in groups:
        existing = [p for p in paths if p.exists()]
        if not existing:
            continue
        docs, errors = read_dossiers(existing)
        for err in errors:
            print(f"not read: {err}", file=sys.stderr)
        cells += _cells(code_documents(docs, book), book.ids, source)
    cells.sort(key=lambda c: (str(c["source"]), str(c["doc_id"]), book.ids.index(str(c["category"]))))
    return cells


def _cells(coded_docs: list[CodedDocument], ids: list[str], source: str) -> list[dict[str, object]]:
    cells: list[dict[str, object]] = []
    for coded in coded_docs:
        for category in ids:
            level = coded.levels[category]
            if level < 1:
                continue
            segment, code = coded.evidence(category, 1)[0]
            cells.append({
                "doc_id": coded.document.meta.id,
                "source": source,
                "category": category,
                "level": level,
                "gap": code.gap,
                "rule": code.rule,
                "term": code.term,
                "quote": " ".join(segment.text.split()),
            })
    return cells


def draw(cells: list[dict[str, object]], n: int, seed: int) -> list[dict[str, object]]:
    rng = random.Random(seed)
    return rng.sample(cells, min(n, len(cells)))


def _key(c: dict[str, object]) -> tuple[str, str, str, str, str]:
    quote = " ".join(str(c["quote"]).split())[:80].strip()
    return (str(c["source"]), str(c["doc_id"]), str(c["category"]), str(c["level"]), quote)


def read_judgements(path: Path) -> dict[tuple[str, str, str, str, str], str]:
    """Verdicts by (source, doc_id, category, level, quote opening): a cell whose level or best
    quote changed is unjudged."""
    with path.open(encoding="utf-8") as f:
        return {_key(r): r["verdict"] for r in csv.DictReader(f)}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("paths", nargs="*", type=Path)
    ap.add_argument("--seed", type=int, default=20261125)
    ap.add_argument("--n", type=int, default=60)
    ap.add_argument("--judgements", type=Path)
    args = ap.parse_args(argv)
    cells = coded_cells([("given", args.paths)] if args.paths else DEFAULT_GROUPS)
    sample = draw(cells, args.n, args.seed)
    judged = read_judgements(args.judgements) if args.judgements else {}
    counts = dict.fromkeys(VERDICTS, 0)
    print(f"# {len(cells)} cells with level >= 1; sample of {len(sample)}, seed {args.seed}")
    for i, c in enumerate(sample, 1):
        verdict = judged.get(_key(c))
        if verdict in counts:
            counts[verdict] += 1
        gap = " gap" if c["gap"] else ""
        print(f"\n[{i}] {c['source']}/{c['doc_id']} | {c['category']} = {c['level']}{gap} ({c['rule']}; «{c['term']}»)"
              f"{' -> ' + verdict if verdict else ''}")
        print(f"    {str(c['quote'])[:600]}")
    if judged:
        total = sum(counts.values())
        print(f"\n# judged {total} of {len(sample)}: " + ", ".join(f"{k} {v}" for k, v in counts.items()))
        if total:
            print(f"# precision (correct) {counts['correct'] / total:.2f}; "
                  f"category right {(counts['correct'] + counts['wrong_level']) / total:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
