"""A ``.txt`` file without comments is read by slicing past its blank opening lines; the text
is what splitting it into lines, dropping the blank ones ahead and joining the rest gives."""

from __future__ import annotations

import random

from talentflow.ingest.decode import normalise_newlines
from talentflow.ingest.markup import _plain_text


def _by_lines(raw: str) -> str:
    lines = raw.split("\n")
    k = 0
    while k < len(lines) and not lines[k].strip():
        k += 1
    return "\n".join(lines[k:]).rstrip()


def test_plain_text_equals_the_line_by_line_rule():
    rng = random.Random(7)
    alphabet = ["\n", " ", "\t", "a", "б", "\u2028", "\x0c", "\u00a0", "\x1c", "\u3000"]
    for _ in range(20_000):
        raw = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 12)))
        got = _plain_text(raw)
        assert got.text == _by_lines(raw), repr(raw)
        assert [(p.start, p.end) for p in got.parts] == [(0, len(got.text))]


def test_newlines_normalised_only_where_there_is_a_carriage_return():
    assert normalise_newlines("a\r\nb\rc\n") == "a\nb\nc\n"
    text = "строка\nещё"
    assert normalise_newlines(text) is text
