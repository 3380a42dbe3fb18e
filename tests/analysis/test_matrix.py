"""The matrix: document order, quote choice, cell contents and the coverage score by its definition."""

import datetime as dt

import pytest

from talentflow.analysis import build_matrix, coverage_score
from talentflow.analysis.synthetic import code_document, make_document, synthetic_codebook

CATS = ["brain_drain", "retention", "return"]
BOOK = synthetic_codebook(tuple(CATS))


def doc(doc_id, date=None, codes=None, **kw):
    sentences = [f"Sentence {i} of {doc_id}." for i in range(6)]
    return code_document(make_document(doc_id, sentences, date=date, **kw), codes or {}, CATS)


def test_documents_ordered_by_date_undated_last_then_id():
    coded = [
        doc("zz", None),
        doc("b", dt.date(2017, 9, 29)),
        doc("aa", None),
        doc("a", dt.date(2007, 8, 28)),
        doc("c", dt.date(2017, 9, 29)),
    ]
    m = build_matrix(coded, BOOK)
    assert [d.id for d in m.documents] == ["a", "b", "c", "aa", "zz"]
    assert m.categories == CATS


def test_cell_level_gap_and_segment_count():
    d = doc("x", codes={0: [("retention", 1, True)], 2: [("retention", 3, False), ("brain_drain", 2, False)],
                        4: [("retention", 2, False)]})  # fmt: skip
    m = build_matrix([d], BOOK)
    cell = m.cell("x", "retention")
    assert (cell.level, cell.gap, cell.n_segments) == (3, True, 3)
    assert m.cell("x", "return").level == 0 and m.cell("x", "return").quotes == []


def test_quotes_best_first_from_distinct_sentences_with_part_source():
    urls = ["https://example.org/a", "https://example.org/b"]
    d = doc("x", codes={0: [("retention", 1, True)], 1: [("retention", 2, False)],
                        4: [("retention", 3, False), ("retention", 3, False)], 5: [("retention", 1, False)]},
            part_urls=urls)  # fmt: skip
    quotes = build_matrix([d], BOOK).cell("x", "retention").quotes
    assert len(quotes) == 2
    text = d.document.text
    # level 3 (sentence 4, second part) first, then level 2 (sentence 1, first part); not the same sentence twice
    assert quotes[0].level == 3 and quotes[0].text == "Sentence 4 of x." == text[quotes[0].start : quotes[0].end]
    assert quotes[0].source_url == urls[1]
    assert quotes[1].level == 2 and quotes[1].text == "Sentence 1 of x." and quotes[1].source_url == urls[0]


def test_gap_quote_preferred_over_plain_mention_of_same_level():
    d = doc("x", codes={0: [("retention", 1, False)], 3: [("retention", 1, True)]})
    quotes = build_matrix([d], BOOK).cell("x", "retention").quotes
    assert quotes[0].gap and quotes[0].text == "Sentence 3 of x."
    assert not quotes[1].gap


def test_coverage_by_definition():
    # levels 3, 1 (gap), 0 over three categories: (3 + 1 + 0) / (4 * 3)
    d = doc("x", codes={0: [("brain_drain", 3, False)], 1: [("retention", 1, True)]})
    m = build_matrix([d], BOOK)
    assert m.coverage["x"] == pytest.approx(4 / 12)
    assert coverage_score({"a": 4, "b": 4}, ["a", "b"]) == 1.0
    assert coverage_score({}, ["a", "b"]) == 0.0
    assert coverage_score({"a": 2}, ["a", "b", "c", "d"]) == pytest.approx(2 / 16)
    assert coverage_score({"a": 2}, []) == 0.0


def test_duplicate_document_ids_rejected():
    with pytest.raises(ValueError, match="same id"):
        build_matrix([doc("x"), doc("x")], BOOK)
