"""Bytes of a text file → str: UTF-8 or a legacy Cyrillic code page, or a clear refusal.

Kazakh and Russian documents still circulate as Windows-1251 (and KOI8-R) text exports. A wrong
guess does not fail, it silently produces mojibake that would then be coded, so the decoding is
chosen by what it yields: the candidate whose letters are Cyrillic or Latin wins, and a file
none of whose decodings reads as text is reported instead of read.
"""

from __future__ import annotations

import charset_normalizer

#: Control characters other than tab, newline, form feed and carriage return (as bytes).
_CONTROL_BYTES = bytes([*range(0x00, 0x09), 0x0B, *range(0x0E, 0x20)])
_CANDIDATES = ("cp1251", "koi8_r", "mac_cyrillic", "cp866", "latin_1")


class DecodeError(ValueError):
    """The bytes are not text in any encoding this reader accepts."""


def _text_score(text: str) -> float:
    """Share of characters that belong in prose (Cyrillic, Latin, digits, punctuation, space)."""
    if not text:
        return 0.0
    good = 0
    for ch in text:
        if ch.isspace() or ch.isdigit() or ch in ".,;:!?()\"'«»-–—/%№«»“”„’‘*#[]|<>=+&@_" or ch.isalpha() and ("\u0400" <= ch <= "\u04ff" or ch.isascii() or "\u00c0" <= ch <= "\u024f"):
            good += 1
    return good / len(text)


def _letters_score(text: str) -> float:
    """Share of letters that are lower-case after another letter: mojibake mixes cases at random."""
    pairs = ok = 0
    for a, b in zip(text, text[1:], strict=False):
        if a.isalpha() and b.isalpha():
            pairs += 1
            ok += not (a.islower() and b.isupper())
    return ok / pairs if pairs else 1.0


def _refuse_damaged_utf8(data: bytes, first: UnicodeDecodeError) -> None:
    """A UTF-8 file with a few bad bytes is refused, naming them, rather than decoded as a code page.

    One stray byte in a UTF-8 Russian text makes the strict decoding fail; every single-byte
    code page then "decodes" the whole file, and mac_cyrillic yields plausible-looking letters,
    so the file would be coded as garbage in silence. A file is UTF-8 when most of its non-ASCII
    bytes form valid UTF-8 sequences (a cp1251 or KOI8-R text almost never does).
    """
    text = data.decode("utf-8", "replace")
    bad = text.count("\ufffd") - data.decode("utf-8", "ignore").count("\ufffd")
    valid = sum(1 for ch in text if ord(ch) > 0x7F and ch != "\ufffd")
    if valid < 8 or valid < 4 * bad:
        return
    line = data.count(b"\n", 0, first.start) + 1
    raise DecodeError(
        f"damaged UTF-8: {bad} invalid byte(s), the first at byte {first.start} (line {line}); the rest of "
        "the file is UTF-8, so it is not guessed as another encoding — fix or re-save the file as UTF-8")


def decode_text(data: bytes) -> tuple[str, str]:
    """Decoded text (BOM removed) and the encoding used.

    Raises :class:`DecodeError` for binary data (NUL bytes outside UTF-16) and for bytes whose
    best decoding is still not text.
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError as exc:
            raise DecodeError(f"invalid UTF-16 text ({exc.reason} at byte {exc.start})") from exc
    if b"\x00" in data:
        raise DecodeError("binary file (NUL bytes), not text")
    try:
        text = data.decode("utf-8-sig")
        # A control character is one byte in UTF-8 (and no byte of a multi-byte sequence is
        # below 0x80): count them on the bytes, where deleting is one fast C pass.
        controls = len(data) - len(data.translate(None, _CONTROL_BYTES))
        if controls > 0.01 * len(text):
            raise DecodeError("binary file (control characters), not text")
        return text, "utf-8"
    except UnicodeDecodeError as exc:
        _refuse_damaged_utf8(data, exc)
    candidates: list[str] = []
    best = charset_normalizer.from_bytes(data).best()
    if best is not None and best.encoding not in ("utf_8",):
        candidates.append(best.encoding)
    candidates += [c for c in _CANDIDATES if c not in candidates]
    scored = []
    for enc in candidates:
        try:
            text = data.decode(enc)
        except (UnicodeDecodeError, LookupError):
            continue
        scored.append((_text_score(text) + _letters_score(text), enc, text))
    if not scored:
        raise DecodeError("undecodable text (neither UTF-8 nor a Cyrillic code page)")
    score, enc, text = max(scored, key=lambda item: item[0])
    if _text_score(text) < 0.85 or _letters_score(text) < 0.9:
        raise DecodeError("undecodable text (neither UTF-8 nor a Cyrillic code page)")
    return text, enc


def normalise_newlines(text: str) -> str:
    """``\\r\\n`` and lone ``\\r`` → ``\\n``; the only change made to extracted text."""
    if "\r" not in text:  # the common case: one scan, no copy
        return text
    return text.replace("\r\n", "\n").replace("\r", "\n")
