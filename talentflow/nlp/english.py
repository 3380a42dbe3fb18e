"""English: words are compared by their Snowball stem (PyStemmer, C, millions of words/s)."""

from __future__ import annotations

from functools import lru_cache

import Stemmer

_STEMMER = Stemmer.Stemmer("english")


@lru_cache(maxsize=262144)
def stem(word: str) -> str:
    """Snowball stem of an already normalised English word."""
    return _STEMMER.stemWord(word)
