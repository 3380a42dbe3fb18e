"""Every coding result, written out for comparing two versions of the coding machinery.

A speed change to the matcher or the rule evaluation must not move any result. This writes,
as JSON lines (one document or passage a line), every coded segment (offsets, language,
paragraph, part) with its codes (category, level, gap, rule, evidence term and offsets) and
every document's levels and gaps, for

- ``shipped``: the shipped corpus (``talentflow/data/corpus``);
- ``shared``: every text of ``../shared/corpus`` (skipped, and said so, when it is absent);
- ``devset``: the passages of the development set, coded as ``talentflow evaluate`` codes them;
- ``synthetic``: the seeded synthetic corpus of ``python -m bench coding --quick`` (labelled
  synthetic; ``--full``: the 10 M-token one of the full benchmark, written as one SHA-256 per
  document to keep the file small).

Run ``python -m bench.coding_invariant OUT_PREFIX [--full]`` once on each version (and with
``TALENTFLOW_PURE_PYTHON=1`` for the plain-Python twins), then ``cmp`` the files.
"""

from __future__ import annotations

import hashlib
import json
import sys
import tempfile
from pathlib import Path

from talentflow.coding import code_documents, load_codebook
from talentflow.ingest import read_documents

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT / ".." / "shared" / "corpus"


def _record(coded) -> dict:
    return {
        "id": coded.document.meta.id,
        "levels": coded.levels,
        "gaps": coded.gaps,
        "segments": [
            [s.start, s.end, s.language, s.paragraph, s.part,
             [[c.category, c.level, c.gap, c.rule, c.term, c.start, c.end] for c in s.codes]]
            for s in coded.segments
        ],
    }


def _write(path: Path, coded, digest: bool = False) -> int:
    with path.open("w", encoding="utf-8") as out:
        for c in coded:
            line = json.dumps(_record(c), ensure_ascii=False, sort_keys=True)
            if digest:
                line = f"{c.document.meta.id} {hashlib.sha256(line.encode()).hexdigest()}"
            out.write(line + "\n")
    return len(coded)


def _files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file() and p.suffix in (".txt", ".md", ".html", ".docx", ".pdf"))


def _devset(book) -> list:
    from talentflow.exchange.evaluate import passage_document, read_passages

    return code_documents([passage_document(ps) for ps in read_passages(None) if ps.text is not None], book)


def main(argv: list[str]) -> int:
    if not argv or argv[0].startswith("-"):
        print("usage: python -m bench.coding_invariant OUT_PREFIX [--full]", file=sys.stderr)
        return 2
    prefix, full = argv[0], "--full" in argv
    book = load_codebook()
    counts = {}
    docs, _ = read_documents([ROOT / "talentflow" / "data" / "corpus"])
    counts["shipped"] = _write(Path(prefix + "_shipped.jsonl"), code_documents(docs, book))
    if SHARED.exists():
        # each folder with its own manifest, as `talentflow code` reads it
        coded = []
        for folder in sorted(p for p in SHARED.iterdir() if p.is_dir()):
            docs, _ = read_documents([folder])
            coded += code_documents(docs, book)
        counts["shared"] = _write(Path(prefix + "_shared.jsonl"), coded)
    else:
        print(f"{SHARED} absent: shared corpus skipped", file=sys.stderr)
    counts["devset"] = _write(Path(prefix + "_devset.jsonl"), _devset(book))
    from bench.bench_coding import QUICK_TOKENS, TARGET_TOKENS, generate_corpus

    with tempfile.TemporaryDirectory(prefix="talentflow-invariant-") as work:
        generate_corpus(Path(work), TARGET_TOKENS if full else QUICK_TOKENS)
        docs, _ = read_documents(sorted(Path(work).glob("*.txt")))
        counts["synthetic"] = _write(Path(prefix + "_synthetic.jsonl"), code_documents(docs, book), digest=full)
    print(" ".join(f"{k}={v}" for k, v in counts.items()), f"→ {prefix}_*.jsonl")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
