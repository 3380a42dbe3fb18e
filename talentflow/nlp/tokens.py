"""Word tokens with character offsets, by one compiled regular expression.

A regex tokeniser runs at several million tokens a second, which is what lets the coding
engine skip most sentences cheaply; hyphenated and apostrophe words stay one token
("көші-қон", "бизнес-иммиграция"), and the soft hyphen is kept inside a word and removed at
lookup. The percent sign is not a token (an alternation for it costs a quarter of the
tokeniser's speed); ``PERCENT_RE`` finds percentages where a target cue is looked for.
"""

from __future__ import annotations

import re
from typing import NamedTuple

TOKEN_RE = re.compile(r"\w+(?:[-'\u00ad]\w+)*")
#: A percentage ("15 %", "15%"): a target cue the tokens alone cannot show (% is not a word).
PERCENT_RE = re.compile(r"\d\s?%")


class Token(NamedTuple):
    """A token of a text: its form as written (after text normalisation) and its offsets."""

    form: str
    start: int
    end: int


def tokenize(text: str, start: int = 0, end: int | None = None) -> list[Token]:
    """Tokens of ``text[start:end]`` with offsets into ``text``."""
    end = len(text) if end is None else end
    return [Token(m.group(), m.start(), m.end()) for m in TOKEN_RE.finditer(text, start, end)]

#: A number as written: "500", "3 642", "28 352", "$300,000", "11,4", "1800-ден".
_QUANTITY_RE = re.compile(
    r"(?<![\w№./-])[$€£]?\s?\d{1,3}(?:[ \u00a0]\d{3})+(?![\d\w+])|(?<![\w№./-])[$€£]?\d+(?:[.,]\d+)*(?![\w+])")
_DIGIT_RE = re.compile(r"\d")
#: Words after a number that make it a date, a duration or an age, not a quantity.
_TIME_UNITS = (
    "год", "лет", "г.", "гг", "месяц", "мес", "дня", "дней", "день", "недел", "час", "минут",
    "жыл", "ай", "айға", "күн", "апта", "сағат", "жас",
    "year", "month", "day", "week", "hour", "minute",
    "январ", "феврал", "март", "апрел", "мая", "май", "июн", "июл", "август", "сентябр", "октябр",
    "ноябр", "декабр", "қаңтар", "ақпан", "наурыз", "сәуір", "мамыр", "маусым", "шілде", "тамыз",
    "қыркүйек", "қазан", "қараша", "желтоқсан", "january", "february", "march", "april", "june",
    "july", "august", "september", "october", "november", "december",
)
#: Words before a number that make it a reference (an article, an item, a decree number).
_REFERENCE_WORDS = ("стать", "пункт", "подпункт", "част", "бап", "тармақ", "article", "paragraph", "no", "№",
                    "глав", "раздел", "тарау", "бөлім", "chapter", "section",
                    "приказ", "указ", "постановлени", "от", "level", "уровн")
#: Words after a number that make it a reference: Kazakh puts the article or item after its
#: number ("осы Заңның 21-бабында", "1-бабының 13) тармақшасында", "7-тарау").
_REFERENCE_AFTER = ("бап", "баб", "тармақ", "тармағ", "тарау", "бөлім")


def quantities(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Spans of numbers in ``text[start:end]`` that state a quantity (an amount of money, a
    count of people, grants or permits): the measurable value a level 4 needs.

    Not quantities: numbers that open a sentence (articles and items: "5-1.", "2."), years (1900–2100 standing alone), numbers followed by a unit of time or a
    month ("12 months", "10-year", "5 жыл", "18 декабря": durations and dates, which the depth
    scale says are no target), list markers ("1)"), and references ("статья 5", "№ 449", "21-бабында").
    Lower-case text (the engine's normalised form) is expected.
    """
    out: list[tuple[int, int]] = []
    if _DIGIT_RE.search(text, start, end) is None:
        return out  # every quantity has a digit; the pattern's look-behinds make its own scan slow
    for m in _QUANTITY_RE.finditer(text, start, end):
        s, e = m.start(), m.end()
        digits = m.group().strip("$€£ \u00a0")
        if not digits:
            continue
        if not text[start:s].strip(" \t\n*#-–—«»\"'"):
            continue  # the number of an article or item at the start of a sentence ("5-1.", "2.")
        if e < end and text[e] in "’'»\"":
            continue  # part of a name ("Ashyk Kazakhstan 500+’")
        after = text[e : min(end, e + 14)].lstrip(" \u00a0-–")
        if after.startswith((")", "-)", "%")):
            continue  # a list marker; a percentage is its own target
        if after.startswith(_TIME_UNITS) or after.startswith(_REFERENCE_AFTER):
            continue
        plain = digits.replace(" ", "").replace("\u00a0", "")
        if plain.isdigit() and len(plain) == 4 and 1900 <= int(plain) <= 2100:
            continue  # a year
        before = text[max(start, s - 14) : s].rstrip(" .\u00a0").rsplit(None, 1)
        if before and before[-1].startswith(_REFERENCE_WORDS):
            continue
        out.append((s, e))
    return out
