"""Scans over the characters of a text: tokens, a set test on tokens, Cyrillic language points.

These are the innermost loops of coding and language detection. They run compiled (the
Cython module ``talentflow.nlp._scan``, built when the package is installed) where it is
available, and as the plain Python below otherwise; both give exactly the same results, which
the tests check. ``COMPILED`` says which one is in use.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from itertools import islice
from types import SimpleNamespace

from talentflow.compiled import compiled_module
from talentflow.nlp.tokens import TOKEN_RE

#: Words of a text whose letters are all а-я and ё (after lower-casing).
_BASIC_RU_WORD = re.compile(r"[а-яё]+(?:['’][а-яё]+)*")
#: A letter other than а-я and ё (in lower-cased text): Latin, Kazakh, any other script.
_NOT_BASIC_RU = re.compile(r"[^\W\d_а-яё]")
_FIELD = 21
#: Strings of the word and ending lists the compiled version packs (lower-case а-я, ё and
#: apostrophes); others can never match a lower-cased word of such letters.
_PACKABLE = re.compile(r"[а-яё'’]+")
#: Most distinct words and endings a scorer holds.
MAX_ENTRIES = 1024
#: Texts of this many characters or more are refused: a field of the packed sum could overflow.
TEXT_LIMIT = 1_000_000
_MAX_CACHED_WORDS = 500_000


def tokens(text: str, start: int, end: int) -> list[str]:
    """The tokens of ``text[start:end]`` (``TOKEN_RE.findall``)."""
    return TOKEN_RE.findall(text, start, end)


def token_slots(text: str, start: int, end: int, cache: dict) -> tuple[list[str], list]:
    """The tokens of ``text[start:end]`` and, per token, ``cache.get(token)`` (a matcher's
    slots of the forms it has classified, None for the others)."""
    forms = TOKEN_RE.findall(text, start, end)
    return forms, list(map(cache.get, forms))


def token_spans(text: str, start: int, end: int, count: int) -> list[tuple[int, int]]:
    """The (start, end) offsets of the first ``count`` tokens of ``text[start:end]``."""
    return [m.span() for m in islice(TOKEN_RE.finditer(text, start, end), max(count, 0))]


def char_positions(text: str, chars: str, limit: int = -1) -> list[int]:
    """Offsets of the characters of ``text`` that are one of ``chars``, ascending (the first
    ``limit`` of them; all when ``limit`` is negative)."""
    if limit == 0 or not chars:
        return []
    found = (m.start() for m in re.finditer("[" + re.escape(chars) + "]", text))
    return list(found if limit < 0 else islice(found, limit))


#: A clause boundary: a comma, semicolon, colon or bracket, or a dash between spaces.
CLAUSE_BREAK_RE = re.compile(r"[,;:()\[\]]|\s[–—-]\s")
_MATCH_START = re.Match.start


def clause_breaks(text: str, start: int, end: int) -> list[int]:
    """Offsets (into ``text``) of the clause boundaries (:data:`CLAUSE_BREAK_RE`) in
    ``text[start:end]``."""
    return list(map(_MATCH_START, CLAUSE_BREAK_RE.finditer(text, start, end)))


class TokenSet:
    """A set of token forms, for asking whether a span of text holds any of them."""

    def __init__(self, forms: Iterable[str]) -> None:
        self.forms = frozenset(forms)

    def any_in(self, text: str, start: int, end: int) -> bool:
        """Whether a token (``TOKEN_RE``) of ``text[start:end]`` is one of the forms."""
        return not self.forms.isdisjoint(TOKEN_RE.findall(text, start, end))

    def first_in(self, segments: list, k: int, text: str, language: str) -> int:
        """The index of the first of ``segments[k:]`` (objects with ``start``, ``end`` and
        ``language``) whose language is not ``language`` or which holds one of the forms
        (:meth:`any_in` of its span); ``len(segments)`` if none."""
        for at in range(max(k, 0), len(segments)):
            seg = segments[at]
            if seg.language != language or self.any_in(text, seg.start, seg.end):
                return at
        return len(segments)


class CyrillicScorer:
    """Language points of texts whose letters are all а-я and ё.

    A word of more than four letters scores 1 for an ending of the list and, any word, 2 for
    being a function word of the list; Kazakh and Russian are scored side by side.
    """

    def __init__(self, kk_words: Iterable[str], ru_words: Iterable[str], kk_endings: Iterable[str],
                 ru_endings: Iterable[str]) -> None:
        self.kk_words, self.ru_words = frozenset(kk_words), frozenset(ru_words)
        self.kk_endings, self.ru_endings = tuple(kk_endings), tuple(ru_endings)
        # the limits of the compiled version, which packs a word into 64 bits and keeps a table
        # of at most MAX_ENTRIES words and endings
        if "" in self.kk_words | self.ru_words or "" in self.kk_endings + self.ru_endings:
            raise ValueError("an empty word or ending")
        for strings, longest in ((self.kk_words | self.ru_words, 10), (self.kk_endings + self.ru_endings, 4)):
            for s in strings:
                if len(s) > longest and _PACKABLE.fullmatch(s):
                    raise ValueError(f"{s!r}: longer than {longest} letters")
        entries = {w for w in self.kk_words | self.ru_words if _PACKABLE.fullmatch(w)}
        entries |= {"-" + e for e in self.kk_endings + self.ru_endings if _PACKABLE.fullmatch(e)}
        if len(entries) > MAX_ENTRIES:
            raise ValueError(f"more than {MAX_ENTRIES} distinct words and endings")
        self._cache: dict[str, tuple[int, int]] = {}

    def _word(self, word: str) -> tuple[int, int]:
        hit = self._cache.get(word)
        if hit is None:
            kk = 2 * (word in self.kk_words)
            ru = 2 * (word in self.ru_words)
            if len(word) > 4:
                kk += word.endswith(self.kk_endings)
                ru += word.endswith(self.ru_endings)
            if len(self._cache) >= _MAX_CACHED_WORDS:
                self._cache.clear()
            hit = self._cache[word] = (kk, ru)
        return hit

    def points(self, text: str, start: int = 0, end: int | None = None) -> int:
        """``(kk << 42) | (ru << 21) | words`` summed over the words ``[а-яё]+(?:['’][а-яё]+)*``
        of the lower-cased ``text[start:end]`` (``0 <= start <= end <= len(text)``, else
        ValueError), or -1 when it has any other letter. Spans of a million characters or more
        are refused (a field of the sum could overflow)."""
        stop = len(text) if end is None else end
        if not 0 <= start <= stop <= len(text):
            raise ValueError(f"span {start}:{stop} outside a text of {len(text)} characters")
        if start or stop != len(text):
            text = text[start:stop]
        if len(text) >= TEXT_LIMIT:
            raise ValueError(f"text of {len(text)} characters: the limit is {TEXT_LIMIT - 1}")
        low = text.lower()
        if _NOT_BASIC_RU.search(low) is not None:
            return -1
        kk = ru = n = 0
        for word in _BASIC_RU_WORD.findall(low):
            a, b = self._word(word)
            kk += a
            ru += b
            n += 1
        return (kk << 2 * _FIELD) | (ru << _FIELD) | n


#: The plain versions, whichever is in use (the tests compare them with the compiled ones).
PURE = SimpleNamespace(tokens=tokens, token_spans=token_spans, TokenSet=TokenSet, CyrillicScorer=CyrillicScorer,
                       clause_breaks=clause_breaks, token_slots=token_slots, char_positions=char_positions)
_COMPILED = compiled_module("talentflow.nlp._scan")
COMPILED = _COMPILED is not None
if _COMPILED is not None:
    tokens, token_spans = _COMPILED.tokens, _COMPILED.token_spans  # noqa: F811
    clause_breaks, token_slots = _COMPILED.clause_breaks, _COMPILED.token_slots  # noqa: F811
    char_positions = _COMPILED.char_positions  # noqa: F811
    TokenSet, CyrillicScorer = _COMPILED.TokenSet, _COMPILED.CyrillicScorer  # noqa: F811
