"""The shortcut of the depth rules changes speed, never codes: on every sentence the engine
codes (the shipped corpus, the development set's passages and the full texts of
``../shared/corpus`` where present), :func:`~talentflow.coding.levels.sentence_codes` gives
exactly what the full rules (:func:`~talentflow.coding.levels.rule_codes`) give."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from talentflow.coding import engine, levels, load_codebook
from talentflow.coding.levels import Hit
from talentflow.coding.model import Code
from talentflow.ingest import read_documents
from talentflow.ingest.documents import document_from_text
from talentflow.ingest.model import DocumentMeta

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "talentflow" / "data" / "corpus" / "kaz"
SHARED_FULL = ROOT.parent / "shared" / "corpus" / "full"


def _compare_on(documents, monkeypatch) -> tuple[int, int]:
    """Code ``documents``, checking both paths on every sentence; (sentences, shortcuts)."""
    seen = [0, 0]

    def both(cats, cues, *rest):
        full = levels.rule_codes({k: list(v) for k, v in cats.items()}, {k: list(v) for k, v in cues.items()}, *rest)
        fast = levels.sentence_codes(cats, cues, *rest)
        assert fast == full, (cats, cues)
        seen[0] += 1
        seen[1] += cues.keys() <= levels.INERT_CUES
        return fast

    monkeypatch.setattr(engine, "sentence_codes", both)
    engine.code_documents(documents, load_codebook())
    return seen[0], seen[1]


def test_shortcut_agrees_with_the_full_rules_on_the_shipped_corpus(monkeypatch):
    docs, _ = read_documents([CORPUS])
    sentences, shortcuts = _compare_on(docs, monkeypatch)
    assert sentences > 50 and 0 < shortcuts < sentences  # both paths were exercised


def test_shortcut_agrees_with_the_full_rules_on_the_development_set(monkeypatch):
    from talentflow.exchange.evaluate import read_passages

    docs = []
    for ps in read_passages(None):
        if ps.text is None:
            continue
        doc = document_from_text(ps.text, DocumentMeta(id=ps.passage_id, language=ps.lang), path=ps.path)
        doc.sentences = [dataclasses.replace(s, language=ps.lang) for s in doc.sentences]
        docs.append(doc)
    sentences, shortcuts = _compare_on(docs, monkeypatch)
    assert sentences > 300 and 0 < shortcuts < sentences


@pytest.mark.skipif(not SHARED_FULL.exists(), reason="../shared/corpus/full is absent")
def test_shortcut_agrees_with_the_full_rules_on_the_shared_full_texts(monkeypatch):
    docs, _ = read_documents([SHARED_FULL])
    sentences, _ = _compare_on(docs, monkeypatch)
    assert sentences > 100


def test_longest_hit_is_the_evidence_the_first_of_equals():
    hits = [Hit("a", "x", 0, 3), Hit("a", "yy", 10, 14), Hit("a", "zz", 20, 24)]
    expected = levels.rule_codes({"a": hits}, {}, [], lambda: False)
    assert levels.sentence_codes({"a": list(hits)}, {"context": [Hit("context", "c", 30, 31)]}, [],
                                 lambda: False) == expected == [Code("a", 1, False, "term", "yy", 10, 14)]


def test_a_cue_that_can_act_takes_the_full_rules():
    hits = {"a": [Hit("a", "x", 0, 3)]}
    cues = {"instrument": [Hit("instrument", "программа", 5, 14)]}
    assert levels.sentence_codes(hits, cues, [], lambda: False)[0].level == 3
    capped = levels.sentence_codes({"a": [Hit("a", "x", 0, 3)]}, {}, [], lambda: False, caps={"x": 0, "min:x": 3})
    assert capped == levels.rule_codes({"a": [Hit("a", "x", 0, 3)]}, {}, [], lambda: False, caps={"x": 0, "min:x": 3})
