"""Russian: expand a lexicon word to all its inflected forms once, with pymorphy3.

Analysing every text token costs ~40 µs (20-30 K tokens/s); generating the few thousand forms
of a lexicon up front makes text lookup a dictionary hit. Expansion takes the union of the
lexemes of *all* parses whose normal form is the entry (``parse()[0]`` alone picks wrong
readings: данные → данный). An entry that is not a dictionary form is expanded when it is a
declinable word (noun, adjective, participle: "мозгов", "иностранные") and kept as written
otherwise ("будет", "направлен", "отсутствуют": the tense or voice is the point).
"""

from __future__ import annotations

from functools import lru_cache

_DECLINABLE = frozenset({"NOUN", "ADJF", "PRTF", "NUMR", "NPRO"})


@lru_cache(maxsize=1)
def _analyzer():  # noqa: ANN202 - pymorphy3 has no public type for it
    import pymorphy3

    return pymorphy3.MorphAnalyzer()


def _norm(word: str) -> str:
    return word.lower().replace("ё", "е")


@lru_cache(maxsize=65536)
def expand_word(word: str) -> frozenset[str]:
    """All forms (ё → е, lower case) that a Russian lexicon word should match in text."""
    word = _norm(word)
    parses = _analyzer().parse(word)
    chosen = [p for p in parses if _norm(p.normal_form) == word]
    if not chosen:
        chosen = [p for p in parses if p.tag.POS in _DECLINABLE]
    forms = {word}
    for p in chosen:
        forms.update(_norm(f.word) for f in p.lexeme)
    return frozenset(forms)
