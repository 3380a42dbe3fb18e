"""Agreement on constructed cases; expected values computed here from the definitions."""

import math

import pytest

from talentflow.analysis import build_matrix
from talentflow.analysis.synthetic import code_document, make_document, synthetic_codebook
from talentflow.exchange import HumanCoding, HumanCodingError, HumanLevel, HumanSelection, agreement

CATS = ["a", "b"]
BOOK = synthetic_codebook(tuple(CATS))


def ten_sentence_doc(doc_id="d", auto=(0, 1, 2, 3)):
    doc = make_document(doc_id, [f"Sentence number {i}." for i in range(10)])
    return code_document(doc, {i: [("a", 2, False)] for i in auto}, CATS)


def test_sentence_level_kappa_alpha_precision_recall():
    coded = ten_sentence_doc()
    s = coded.document.sentences
    # human: sentences 0, 1, 2 and one selection spanning the end of 5 and the start of 6
    sel = [HumanSelection("d", s[i].start, s[i].end, "a") for i in (0, 1, 2)]
    sel.append(HumanSelection("d", s[5].end - 3, s[6].start + 3, "a"))
    report = agreement([coded], HumanCoding("h", selections=sel), BOOK)
    assert report.unit == "sentence"
    a = report.categories[0]
    # auto {0,1,2,3}, human {0,1,2,5,6} over 10 sentences
    p_o = 7 / 10
    p_e = (4 / 10) * (5 / 10) + (6 / 10) * (5 / 10)
    assert a.kappa == pytest.approx((p_o - p_e) / (1 - p_e))  # 0.4
    # Krippendorff nominal: coincidences o_00=8, o_11=6, o_01=o_10=3; n_0=11, n_1=9, n=20
    assert a.alpha == pytest.approx(1 - (20 - 1) * 6 / (2 * 11 * 9))
    assert (a.tp, a.fp, a.fn, a.tn) == (3, 1, 2, 4)
    assert a.precision == pytest.approx(3 / 4) and a.recall == pytest.approx(3 / 5)
    assert a.f1 == pytest.approx(2 * 0.75 * 0.6 / 1.35)
    assert a.n_units == 10


def test_degenerate_category_reports_nan_with_note():
    coded = ten_sentence_doc()
    s = coded.document.sentences
    report = agreement([coded], HumanCoding("h", selections=[HumanSelection("d", s[0].start, s[0].end, "a")]), BOOK)
    b = report.categories[1]  # nobody coded b: one value only
    assert math.isnan(b.kappa) and math.isnan(b.alpha) and math.isnan(b.precision)
    assert any("one value" in n for n in b.notes)


def doc_with_levels(doc_id, level_a, level_b=0):
    doc = make_document(doc_id, ["One.", "Two."])
    codes = {}
    if level_a:
        codes[0] = [("a", level_a, False)]
    if level_b:
        codes[1] = [("b", level_b, False)]
    return code_document(doc, codes, CATS)


def test_document_level_ordinal_alpha_and_kappa():
    coded = [doc_with_levels(f"d{i}", lv) for i, lv in enumerate([0, 1, 2, 3])]
    human = HumanCoding("h", levels=[HumanLevel(f"d{i}", "a", lv, lv) for i, lv in enumerate([0, 1, 3, 3])])
    report = agreement(coded, human, BOOK)
    assert report.unit == "document"
    a = report.categories[0]
    # kappa: p_o = 3/4; p_e = 1/16 + 1/16 + (1/4)(2/4) = 1/4
    assert a.kappa == pytest.approx((0.75 - 0.25) / 0.75)
    # ordinal alpha: n_0=2, n_1=2, n_2=1, n_3=3 (n=8); the only disagreement is unit (2,3):
    # delta(2,3) = n_2 + n_3 - (n_2 + n_3)/2 = 2; expected sum over unordered pairs n_c n_k delta^2 = 312
    assert a.alpha == pytest.approx(1 - (8 - 1) * (2 * 2**2) / (2 * 312))
    assert a.agreement == pytest.approx(3 / 4)
    assert report.categories[1].n_units == 0  # b not coded by the human: excluded


def test_bounds_agree_within_and_use_nearest_bound_outside():
    coded = [doc_with_levels("d1", 2), doc_with_levels("d2", 3)]
    human = HumanCoding("h", levels=[HumanLevel("d1", "a", 1, 4), HumanLevel("d2", "a", 0, 1)])
    a = agreement(coded, human, BOOK).categories[0]
    assert a.agreement == pytest.approx(1 / 2)
    # compared values: auto [2, 3], human [2 (within bounds), 1 (nearest bound)]
    assert a.kappa == pytest.approx((1 / 2 - 1 / 4) / (1 - 1 / 4))
    assert (a.tp, a.fp, a.fn) == (2, 0, 0)


def test_matrix_input_equals_coded_input():
    coded = [doc_with_levels(f"d{i}", lv, 4 - lv) for i, lv in enumerate([0, 1, 2, 4])]
    human = HumanCoding("h", levels=[HumanLevel(f"d{i}", c, 2, 2) for i in range(4) for c in CATS])
    r1 = agreement(coded, human, BOOK)
    r2 = agreement(build_matrix(coded, BOOK), human, BOOK)
    assert r1.rows() == r2.rows()


def test_unknown_documents():
    coded = ten_sentence_doc()
    with pytest.raises(HumanCodingError, match="unknown document"):
        agreement([coded], HumanCoding("h", selections=[HumanSelection("zz", 0, 3, "a")]), BOOK)
    with pytest.raises(HumanCodingError, match="no human-coded cell"):
        agreement([coded], HumanCoding("h", levels=[HumanLevel("zz", "a", 1, 1)]), BOOK)
    with pytest.raises(HumanCodingError, match="need coded documents"):
        agreement(build_matrix([coded], BOOK), HumanCoding("h", selections=[HumanSelection("d", 0, 3, "a")]), BOOK)
