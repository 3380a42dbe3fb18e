"""Paragraphs and sentences located by offsets into the document text.

Paragraphs are blocks separated by blank lines; inside a block every line is its own paragraph
(laws and decrees put each numbered point on a line) unless it is a hard-wrapped continuation
(the previous line does not end a sentence and this one starts in lower case, as in PDF text
and old adilet layouts). Sentences are split inside paragraphs only, aware of the abbreviations
of legal and statistical prose, so a sentence never straddles two points of a decree.
"""

from __future__ import annotations

import re

from talentflow.compiled import compiled_module
from talentflow.ingest.language import dominant_language, span_language_scores
from talentflow.ingest.model import Segment


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


#: Words that end with a dot without ending a sentence (compared lower case, without the dot).
ABBREVIATIONS = _words(
    """г гг ст стт п пп ч чч см им тыс млн млрд трлн руб долл тенге обл р-н ул д стр рис табл гл
    разд подп пр англ рус каз лат проф акад доц канд докт напр ср рр вв в ж жж мың млрд
    no nos nr art arts mr mrs ms dr prof st jr sr inc ltd co corp dept gov univ vol pp fig approx
    jan feb mar apr jun jul aug sep sept oct nov dec e.g i.e т.е т.н т.к т.ч б.з.б"""
)
#: Abbreviations that usually close a sentence when an upper-case word follows.
_FINAL_ABBREVIATIONS = _words("т.д т.п т.б etc")
_NUMBER_HEADS = _words(
    "статья статьи глава раздел пункт подпункт часть бап тарау бөлім тармақ article chapter section part"
)

_TAIL = 64
#: Sentence-final punctuation, closing quotes and brackets, then spaces; group 1 ends before the
#: spaces. The first character stands outside the group so that the regex engine can skip to
#: the next punctuation mark by its character set instead of trying every position.
_BREAK = re.compile(r"[.!?…]([.!?…]*[\"»”’')\]]*)\s+")
_SENTENCE_END = tuple(".!?…:;»\"”)|")
_DOTTED = re.compile(r"(?:[^\W\d_]\.)+[^\W\d_]")
_KK_HEADING_NUMBER = re.compile(r"[\d\-]+-(?:бап|тарау|бөлім|тармақ|кіші бөлім)")
_NUMBER_TOKEN = re.compile(r"[\d.\-]+[а-яa-z]?")
_LIST_MARKER = re.compile(r"(?:\d+[.)]|[^\W\d_]\)|[-–—•*])\s")


def _lines(text: str) -> list[tuple[int, int]]:
    """Content spans (whitespace trimmed) of all lines; empty lines give (-1, -1)."""
    spans = []
    pos = 0
    lines = text.split("\n")
    if not lines[-1]:
        lines.pop()  # a final newline ends the last line; it does not open an empty one
    for line in lines:
        stripped = line.strip()
        if stripped:
            lead = line.index(stripped[0])  # the first non-space character
            spans.append((pos + lead, pos + lead + len(stripped)))
        else:
            spans.append((-1, -1))
        pos += len(line) + 1
    return spans


def paragraph_spans(text: str) -> list[tuple[int, int]]:
    """Offsets of the paragraphs of ``text`` (see the module docstring for the rule)."""
    paragraphs: list[list[int]] = []
    previous_blank = True
    for start, end in _lines(text):
        if start < 0:
            previous_blank = True
            continue
        if paragraphs and not previous_blank:
            prev_end_char = text[paragraphs[-1][1] - 1]
            first = text[start]
            continuation = (
                first.islower()
                and not prev_end_char.endswith(_SENTENCE_END)
                and not _LIST_MARKER.match(text, start)
            )
            if continuation:
                paragraphs[-1][1] = end
                previous_blank = False
                continue
        paragraphs.append([start, end])
        previous_blank = False
    return [(s, e) for s, e in paragraphs]


def _is_break(text: str, sent_start: int, punct_start: int, next_pos: int) -> bool:
    """Whether the punctuation at ``punct_start`` ends the sentence that began at ``sent_start``."""
    if next_pos >= len(text):
        return False
    nxt = text[next_pos]
    if not (nxt.isupper() or nxt.isdigit() or nxt in "«\"“„'(—–-[•"):
        return False
    if text[punct_start] != ".":
        return True
    if text[punct_start + 1] == "." and text[punct_start + 2 : punct_start + 3] == ".":
        return True  # an ellipsis written as three dots
    # The common case first: an ordinary word of two letters or more after the last space
    # (then it is the word the general rule below would cut out, and it decides alone).
    space = text.rfind(" ", sent_start, punct_start) + 1
    word = text[space if space > sent_start else sent_start : punct_start]
    if len(word) > 1 and word.isalpha():
        low = word.lower()
        return low in _FINAL_ABBREVIATIONS or low not in ABBREVIATIONS
    # The word before the dot: the non-space tail of the sentence so far (split() and
    # isspace() agree on what a space is).
    # Only the last few dozen characters are cut out while they hold a space (the word is then
    # whole); a longer word without one takes the whole sentence so far.
    tail_start = punct_start - _TAIL
    before = text[tail_start:punct_start] if tail_start > sent_start else text[sent_start:punct_start]
    word = "" if not before or before[-1].isspace() else before.rsplit(None, 1)[-1]
    if len(word) == len(before) and tail_start > sent_start:
        before = text[sent_start:punct_start]
        word = before.rsplit(None, 1)[-1]
    word_start = punct_start - len(word)
    token = word.lstrip("«\"“(")
    low = token.lower()
    if low in _FINAL_ABBREVIATIONS:
        return True
    if low in ABBREVIATIONS or token in ("№", "N"):
        return False
    if len(token) > 1 and token.isalpha():
        return True  # an ordinary word: none of the patterns below can match it
    if len(token) == 1 and token.isalpha() and token.isupper():
        return False  # an initial: "А. Смаилов"
    if _DOTTED.fullmatch(token):
        return False  # "т.е", "U.S"
    if _KK_HEADING_NUMBER.fullmatch(low):
        return False  # Kazakh headings put the number first: "2-бап. Заңнама"
    if _NUMBER_TOKEN.fullmatch(low):
        head = text[sent_start:word_start].strip()
        if not head:
            return False  # the number of a point: "1. Утвердить …"
        if head.split()[-1].lower().strip("«\"(") in _NUMBER_HEADS:
            return False  # "Статья 1. Основные понятия"
    return True


def sentence_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Offsets of the sentences of the paragraph ``text[start:end]``
    (``0 <= start <= end <= len(text)``, else ValueError)."""
    if not 0 <= start <= end <= len(text):
        raise ValueError(f"span {start}:{end} outside a text of {len(text)} characters")
    spans = []
    sent_start = start
    for m in _BREAK.finditer(text, start, end):
        after = m.end()
        if after < end and _is_break(text, sent_start, m.start(), after):
            spans.append((sent_start, m.end(1)))  # the sentence ends before the spaces
            sent_start = after
    if sent_start < end:
        spans.append((sent_start, end))
    return spans  # every span is non-empty: a break ends after its punctuation


def make_segments(cls: type[Segment], spans: list[tuple[int, int]], language: str, kind: str, paragraph: int,
                  out: list[Segment]) -> None:
    """Append ``cls(start, end, language, kind, paragraph, 0)`` to ``out`` for each span."""
    out.extend(_segment(s, e, language, kind, paragraph) for s, e in spans)


#: The plain versions, whichever are in use (the tests compare them with the compiled ones).
PURE_SENTENCE_SPANS = sentence_spans
PURE_MAKE_SEGMENTS = make_segments
PURE_PARAGRAPH_SPANS = paragraph_spans
_COMPILED = compiled_module("talentflow.ingest._sentences")
SENTENCES_COMPILED = _COMPILED is not None
if _COMPILED is not None:
    _compiled_sentence_spans = _COMPILED.sentence_spans
    _compiled_paragraph_spans = _COMPILED.paragraph_spans
    make_segments = _COMPILED.make_segments  # noqa: F811

    def paragraph_spans(text: str) -> list[tuple[int, int]]:  # noqa: F811
        """Offsets of the paragraphs of ``text`` (compiled scan; the rule of the module docstring)."""
        return _compiled_paragraph_spans(text, _LIST_MARKER.match)

    def sentence_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:  # noqa: F811
        """Offsets of the sentences of the paragraph ``text[start:end]`` (compiled scan)."""
        return _compiled_sentence_spans(text, start, end, ABBREVIATIONS, _FINAL_ABBREVIATIONS, _is_break)


def segment_text(text: str) -> tuple[list[Segment], list[Segment]]:
    """Paragraphs and sentences of ``text``, each with its paragraph's language.

    Paragraphs too short or too mixed to tell get the language of the document as a whole
    (weighted by length), so a heading "Статья 5." is Russian inside a Russian law.
    """
    spans = paragraph_spans(text)
    guesses = [span_language_scores(text, s, e) for s, e in spans]
    dominant = dominant_language([g for g, ok in guesses if ok], [e - s for (s, e), (_, ok) in zip(spans, guesses, strict=True) if ok])
    if dominant == "und":
        dominant = dominant_language([g for g, _ in guesses if g != "und"])
    paragraphs: list[Segment] = []
    sentences: list[Segment] = []
    for i, ((s, e), (lang, confident)) in enumerate(zip(spans, guesses, strict=True)):
        if not confident:
            lang = dominant
        paragraphs.append(_segment(s, e, lang, "paragraph", i))
        make_segments(Segment, sentence_spans(text, s, e), lang, "sentence", i, sentences)
    return paragraphs, sentences


def _segment(start: int, end: int, language: str, kind: str, paragraph: int, _new=object.__new__,
             _set=object.__setattr__) -> Segment:
    """``Segment(start, end, language, kind, paragraph)``, the same object (fields set in the
    same order, so it keeps the compact shared-key attribute storage) without the frozen
    dataclass's ``__init__`` call overhead; a text has many sentences."""
    seg = _new(Segment)
    _set(seg, "start", start)
    _set(seg, "end", end)
    _set(seg, "language", language)
    _set(seg, "kind", kind)
    _set(seg, "paragraph", paragraph)
    _set(seg, "part", 0)
    return seg
