import pytest

from talentflow.coding.claims import ClaimError, evaluate_claims, parse_claims
from talentflow.coding.model import CodedDocument
from talentflow.ingest.model import Document, DocumentMeta


def _coded(levels, gaps=()):
    return CodedDocument(Document(DocumentMeta(id="d"), ""), [], dict(levels), list(gaps))


def test_parse_claims_clauses_and_alternatives():
    claims = parse_claims("brain_drain>=1; gap:retention; return>=3 or repatriation>=3")
    assert [c.text for c in claims] == ["brain_drain>=1", "gap:retention", "return>=3 or repatriation>=3"]
    assert claims[2].categories == ["return", "repatriation"]


@pytest.mark.parametrize(
    ("claim", "expected"),
    [
        ("a>=2", True), ("a>=3", False), ("a<=2", True), ("a<2", False), ("a==2", True), ("a!=2", False),
        ("b>0", False), ("gap:b", True), ("nogap:b", False), ("gap:a", False), ("a>=3 or b==0", True),
    ],
)
def test_evaluate(claim, expected):
    coded = _coded({"a": 2, "b": 0}, ["b"])
    (result,) = evaluate_claims(claim, coded)
    assert result.holds is expected


def test_observed_text_and_unknown_category():
    (r,) = evaluate_claims("b>=1", _coded({"a": 2, "b": 0}, ["b"]))
    assert r.observed == "b=0, gap"
    with pytest.raises(ClaimError, match="unknown category 'zz'"):
        evaluate_claims("zz>=1", _coded({"a": 2}))
    with pytest.raises(ClaimError, match="cannot read claim"):
        parse_claims("a => 2")
