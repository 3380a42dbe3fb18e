"""How many Kazakh tokens fill a lexicon slot with and without verb endings stripped.

Run from the project root: .venv/bin/python scripts/kk_verbs_measure.py (reads the Kazakh texts
of the shipped corpus and, when present, of ../shared/corpus/press).
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from talentflow.coding import load_codebook
from talentflow.coding.engine import CompiledCodebook
from talentflow.nlp import kazakh
from talentflow.nlp.normalize import normalize_text
from talentflow.nlp.scan import tokens


def matched(forms: list[str], with_verbs: bool) -> list[str]:
    """The tokens that fill a slot of the Kazakh matcher (verb endings stripped or not)."""
    kazakh.stem_candidates.cache_clear()
    original = kazakh.verb_stems
    if not with_verbs:
        kazakh.verb_stems = lambda word: set()
    try:
        matcher = CompiledCodebook(load_codebook()).matchers["kk"]
        return [f for f in forms if matcher.classify(f)]
    finally:
        kazakh.verb_stems = original
        kazakh.stem_candidates.cache_clear()


def main() -> None:
    files = sorted(Path("talentflow/data/corpus/kaz").glob("*.kk.md"))
    files += sorted(Path("../shared/corpus/press").glob("*.kk.md"))
    text = "\n".join(normalize_text(f.read_text(encoding="utf-8")) for f in files)
    forms = tokens(text, 0, len(text))
    before, after = matched(forms, False), matched(forms, True)
    print(f"kk files {len(files)}, tokens {len(forms)}; tokens filling a lexicon slot: "
          f"without verb endings {len(before)}, with {len(after)} (+{len(after) - len(before)})")
    new = Counter(after) - Counter(before)
    print("most frequent newly matched forms:", ", ".join(f"{w} {n}" for w, n in new.most_common(25)))


if __name__ == "__main__":
    main()
