"""The compiled scans and their twins refuse the same bad arguments with the same errors, and
agree at the edges of what they accept (upper-case list entries, the size of the tables)."""

from __future__ import annotations

import itertools

import pytest

from talentflow.ingest import segment
from talentflow.nlp import scan, sequences
from talentflow.nlp.matcher import _match

pytestmark = pytest.mark.skipif(not scan.COMPILED, reason="the compiled scans were not built here")
SCORERS = [scan.CyrillicScorer, scan.PURE.CyrillicScorer]


@pytest.mark.parametrize("scorer", SCORERS)
def test_an_empty_word_or_ending_is_refused(scorer):
    with pytest.raises(ValueError, match="empty"):
        scorer([], [], [""], [])


@pytest.mark.parametrize("scorer", SCORERS)
def test_more_words_than_the_table_holds_are_refused(scorer):
    words = ["".join(p) for p in itertools.product("абвгдежзикл", repeat=3)][: scan.MAX_ENTRIES + 1]
    with pytest.raises(ValueError, match="more than"):
        scorer(words, [], [], [])
    scorer(words[:-1], [], [], [])  # exactly as many as it holds


@pytest.mark.parametrize("scorer", SCORERS)
def test_a_text_over_the_limit_is_refused(scorer):
    with pytest.raises(ValueError, match="limit"):
        scorer(["да"], [], [], []).points("да " * (scan.TEXT_LIMIT // 3 + 1))


def test_upper_case_list_entries_never_match_either_way():
    lists = (["Мен", "его"], ["ЕГО"], ["Ов"], ["ция"])
    fast, plain = scan.CyrillicScorer(*lists), scan.PURE.CyrillicScorer(*lists)
    for text in ("мен мен его", "Мен ЕГО его", "станциями реакция Домов"):
        assert fast.points(text) == plain.points(text)


@pytest.mark.parametrize("span", [(-2, 5), (0, 100), (6, 3)])
def test_sentence_spans_outside_the_text_are_refused_alike(span):
    text = "Слово. Дело"
    for split in (segment.sentence_spans, segment.PURE_SENTENCE_SPANS):
        with pytest.raises(ValueError, match="outside"):
            split(text, *span)


def test_none_is_no_text():
    with pytest.raises(TypeError):
        scan.tokens(None, 0, 1)
    with pytest.raises(TypeError):
        scan.TokenSet(["а"]).any_in(None, 0, 1)
    with pytest.raises(TypeError):
        scan.CyrillicScorer([], [], [], []).points(None)


def test_sequence_finder_needs_one_slot_tuple_per_form():
    for find in (sequences.find_sequences, sequences.PURE_FIND_SEQUENCES):
        with pytest.raises(ValueError, match="one slot tuple per form"):
            find(["а", "б"], [()], {"а"}, {}, [], 3, None, _match)
