"""Normalisation that keeps every character where it was.

``normalize_text`` maps each character to exactly one character, so offsets found in the
normalised text are offsets in the original (evidence quotes and REFI-QDA selections depend on
that). ``normalize_word`` works on one token and may change its length (soft hyphens removed,
look-alike letters unified), which is safe because tokens are looked up, not located.
"""

from __future__ import annotations

import re

from talentflow.compiled import compiled_module

#: One-to-one replacements applied to whole texts: ё, typographic quotes, no-break spaces.
_TEXT_TABLE = str.maketrans(
    {
        "ё": "е",
        "Ё": "е",
        "«": '"',
        "»": '"',
        "“": '"',
        "”": '"',
        "„": '"',
        "‟": '"',
        "‘": "'",
        "’": "'",
        "ʼ": "'",
        "`": "'",
        "\u00a0": " ",
        "\u2007": " ",
        "\u202f": " ",
        "\u2009": " ",
        "\u200b": " ",
        "\u2011": "-",
        "\u2010": "-",
    }
)

#: Latin letters that look like Cyrillic ones, and back (lower case; text is lowered first).
_LAT_TO_CYR = str.maketrans("aceopxyikmhtb", "асеорхуікмнтв")
_CYR_TO_LAT = str.maketrans("асеорхуікмнтв", "aceopxyikmhtb")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_CYR_LOOKALIKES = frozenset("асеорхуікмнтв")
_LAT_LOOKALIKES = frozenset("aceopxyikmhtb")
_LATIN = re.compile(r"[a-z]")


_REPLACEMENTS = tuple((chr(k), v) for k, v in _TEXT_TABLE.items())
#: Any character the text table replaces, after lower-casing (one search instead of a chain).
_SPECIAL = re.compile("[" + "".join(re.escape(old.lower()) for old, _ in _REPLACEMENTS) + "]")


def normalize_text(text: str) -> str:
    """Lower-case ``text`` and unify quotes, spaces and ё, keeping its length and offsets.

    Where the compiled scans are built, one pass maps each character through a table of the
    Basic Multilingual Plane (:func:`_char_table`); a text with a character whose lower case
    is not one character, or depends on its neighbours (final sigma), or lies outside the
    plane takes the path below, which the table reproduces for every other text.
    """
    if _TABLE is not None:
        if not _TABLE:
            _TABLE.append(_char_table())
        out = _TABLE[0].apply(text)
        if out is not None:
            return out
    return _normalize_text(text)


def _normalize_text(text: str) -> str:
    """:func:`normalize_text` in plain Python. A chain of ``str.replace`` calls for the
    characters present is several times faster than ``str.translate`` with a table on
    non-ASCII text, and this runs on every document."""
    low = text.lower()
    if len(low) != len(text):  # a few letters (e.g. "İ") lower to two characters
        low = "".join(ch.lower()[:1] or ch for ch in text)
    for old, new in _REPLACEMENTS:
        if old in low:
            low = low.replace(old, new)
    return low


def normalize_word(word: str) -> str:
    """The lookup key of one word: normalised, soft hyphens removed, one script per word.

    A word written mostly in Cyrillic with a Latin "o" or "c" inside (common in PDFs and
    copied web text) is mapped to Cyrillic, and the other way round, so it still matches.
    """
    w = word.lower()
    if len(w) != len(word) or _SPECIAL.search(w):  # the rare word the text table changes
        w = normalize_text(word)
    if "\u00ad" in w:
        w = w.replace("\u00ad", "")
    if _CYRILLIC.search(w) and _LATIN.search(w):
        cyr = _CYRILLIC.findall(w)
        lat = _LATIN.findall(w)
        # a Cyrillic letter without a Latin twin ("г", "ғ", "и") settles the script, however
        # many look-alikes the word holds ("мaгиcтpaтypaғa"); and the other way round
        only_cyr = any(c not in _CYR_LOOKALIKES for c in cyr)
        only_lat = any(c not in _LAT_LOOKALIKES for c in lat)
        to_cyr = only_cyr if only_cyr != only_lat else len(cyr) >= len(lat)
        w = w.translate(_LAT_TO_CYR) if to_cyr else w.translate(_CYR_TO_LAT)
    return w


def char_table_entries() -> list[str]:
    """Per code point of the Basic Multilingual Plane, what :func:`_normalize_text` makes of
    it alone: one character, or "" where the result is not one character or may depend on the
    neighbours (a multi-character lower case such as "İ", final sigma "Σ", surrogates)."""
    replace = dict(_REPLACEMENTS)
    out = [replace.get(low, low) for low in map(str.lower, map(chr, range(65536)))]
    out[0x03A3] = ""
    out[0xD800:0xE000] = [""] * 0x800
    return out


def _char_table():
    from talentflow.nlp import _scan

    return _scan.CharTable(char_table_entries())


#: The compiled table, built at the first call ([] until then; None: plain Python only).
_TABLE: list | None = [] if compiled_module("talentflow.nlp._scan") is not None else None
