"""The compiled sentence splitter gives exactly the spans of the plain one."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from talentflow.ingest import segment

pytestmark = pytest.mark.skipif(not segment.SENTENCES_COMPILED, reason="the compiled splitter was not built here")

ROOT = Path(__file__).resolve().parents[2]
FOLDERS = [ROOT / "talentflow" / "data" / "corpus", ROOT.parent / "shared" / "corpus"]

#: Pieces where a splitter can go wrong: abbreviations, initials, numbered points, headings,
#: ellipses, closing quotes and brackets, upper-case letters of three scripts, digits.
PIECES = [
    "Статья 5. ", "1. ", "т.е. ", "т.д. Далее ", "г. Астана", "млн. ", "А. Смаилов ", "U.S. ", "2-бап. ",
    "слово. ", "Слово ", "word. ", "Word ", "... ", "…", "?! ", "!» ", ".) ", ".\" ", " ", "\n", "\u00a0",
    "№ 5. ", "N. ", "e.g. ", "етс. ", "«Болашак». ", "(см. ", "5.1. ", "Қазақстан. ", "İstanbul. ", "— ", "• ",
    "в. ", "В. ", "с. ", "a. ", "ǅ. ", "İ. ", "я. ", "ж. ", " x. ",
]


def _paragraphs():
    for folder in FOLDERS:
        if folder.exists():
            for path in sorted(folder.rglob("*.md")):
                text = path.read_text(encoding="utf-8", errors="replace")
                yield text, segment.paragraph_spans(text)


def test_the_same_sentences_on_the_corpus():
    checked = 0
    for text, spans in _paragraphs():
        for s, e in spans:
            assert segment.sentence_spans(text, s, e) == segment.PURE_SENTENCE_SPANS(text, s, e)
            checked += 1
    assert checked > 1000


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=25), st.integers(0, 5))
def test_the_same_sentences_on_generated_text(pieces, cut):
    text = "".join(pieces)
    start, end = min(cut, len(text)), max(min(cut, len(text)), len(text) - cut)
    assert segment.sentence_spans(text, start, end) == segment.PURE_SENTENCE_SPANS(text, start, end)


#: Pieces where the paragraph rule can go wrong: blank lines, spaces of every kind around
#: lines, continuations in lower case, list markers, sentence ends before a line break.
LINE_PIECES = ["\n", "\n\n", " ", "\t", "\x0c", "\u2028", "\u00a0", "\r", "слово", "Слово", "ǅ", "ß", "1) ", "а) ",
               "- ", "• ", ".", ":", ")", "»", "|", "…", "x", "İ"]


def test_the_same_paragraphs_on_the_corpus():
    checked = 0
    for folder in FOLDERS:
        if folder.exists():
            for path in sorted(folder.rglob("*")):
                if path.suffix in (".md", ".txt"):
                    text = path.read_text(encoding="utf-8", errors="replace")
                    assert segment.paragraph_spans(text) == segment.PURE_PARAGRAPH_SPANS(text), path
                    checked += 1
    assert checked > 10


@settings(max_examples=800, deadline=None)
@given(st.lists(st.sampled_from(LINE_PIECES), max_size=30))
def test_the_same_paragraphs_on_generated_text(pieces):
    text = "".join(pieces)
    assert segment.paragraph_spans(text) == segment.PURE_PARAGRAPH_SPANS(text)


def test_the_same_paragraphs_around_every_character():
    """Every character of the Basic Multilingual Plane opening a line after an unfinished one,
    closing a line, and alone between lines (spaces, case and sentence ends as ``str`` sees them)."""
    for cp in range(0x10000):
        if 0xD800 <= cp <= 0xDFFF:
            continue
        c = chr(cp)
        for text in (f"Строка\n{c}слово", f"Строка{c}\nслово", f"а\n{c}\nб", f"{c}\n\n{c}"):
            assert segment.paragraph_spans(text) == segment.PURE_PARAGRAPH_SPANS(text), f"U+{cp:04X}"


def test_the_same_sentences_after_every_one_letter_word():
    """A dot after a one-letter word is decided in the compiled loop: every letter of the
    Basic Multilingual Plane, after a space and opening the paragraph, before an upper-case
    word, a digit and a lower-case word."""
    letters = [chr(cp) for cp in range(0x10000) if chr(cp).isalpha()]
    for ch in letters:
        for text in (f"Слово {ch}. Далее", f"{ch}. Далее", f"Год {ch}. 5 лет", f"а {ch}. далее", f"Т {ch}. «Да"):
            assert segment.sentence_spans(text, 0, len(text)) == segment.PURE_SENTENCE_SPANS(text, 0, len(text)), text


def test_segments_made_by_the_compiled_loop_are_the_plain_ones():
    import dataclasses

    from talentflow.ingest.model import Segment

    spans = [(0, 5), (6, 12), (13, 13)]
    fast: list[Segment] = []
    plain: list[Segment] = []
    segment.make_segments(Segment, spans, "kk", "sentence", 7, fast)
    segment.PURE_MAKE_SEGMENTS(Segment, spans, "kk", "sentence", 7, plain)
    assert fast == plain == [Segment(s, e, "kk", "sentence", 7, 0) for s, e in spans]
    assert [list(vars(x)) for x in fast] == [list(vars(x)) for x in plain]
    with pytest.raises(dataclasses.FrozenInstanceError):
        fast[0].start = 1
