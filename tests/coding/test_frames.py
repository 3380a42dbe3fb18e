"""Compositional frames: every frame of the shipped codebook fires on its example sentence and
stays silent on its counter-example, in each language; frames and boundaries from the YAML."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from talentflow.coding import code_documents, load_codebook, parse_codebook
from talentflow.coding.codebook import CodebookError
from talentflow.ingest import document_from_text
from talentflow.ingest.model import DocumentMeta
from talentflow.nlp.kazakh import negative_verb

BOOK = load_codebook()


def code(text: str, lang: str, book=BOOK):
    doc = document_from_text(text, DocumentMeta(id="t", language=lang))
    doc.sentences = [dataclasses.replace(s, language=lang) for s in doc.sentences]
    (coded,) = code_documents([doc], book)
    return coded


def frame_codes(coded, frame_id: str):
    return [c for s in coded.segments for c in s.codes if c.term == f"frame:{frame_id}"]


CASES = [(f.id, f.category, lang, ex) for f in BOOK.frames for lang, ex in f.examples.items()]


def test_every_frame_has_an_example_in_every_language():
    for f in BOOK.frames:
        assert set(f.examples) == {"ru", "kk", "en"}, f.id


@pytest.mark.parametrize(("frame_id", "category", "lang", "example"), CASES,
                         ids=[f"{c[0]}-{c[2]}" for c in CASES])
def test_frame_fires_on_its_example_and_not_on_its_counter_example(frame_id, category, lang, example):
    fired = code(example.fires, lang)
    assert frame_codes(fired, frame_id), f"{frame_id} did not fire on {example.fires!r}"
    assert fired.levels[category] >= 1
    silent = code(example.not_, lang)
    assert not frame_codes(silent, frame_id), f"{frame_id} fired on {example.not_!r}"


def test_negation_and_hypothetical_block_the_event():
    assert code("Выпускники уехали за рубеж.", "ru").levels["brain_drain"] == 1
    assert code("Выпускники не уехали за рубеж.", "ru").levels["brain_drain"] == 0
    assert code("Если выпускники уедут, экономика пострадает.", "ru").levels["brain_drain"] == 0
    assert code("If graduates leave, the economy will suffer.", "en").levels["brain_drain"] == 0
    assert code("Many graduates left the country.", "en").levels["brain_drain"] == 1


def test_kazakh_negative_verbs():
    assert negative_verb("кетпеді", "кет*")
    assert negative_verb("оралмаған", "оралу")
    assert negative_verb("қайтпауына", "қайт*")
    assert not negative_verb("кетті", "кет*")
    assert not negative_verb("оралмаған", "оралма*")  # the lemma is negative itself
    assert code("Білімді мамандар шетелге кетті.", "kk").levels["brain_drain"] >= 1
    assert code("Білімді мамандар шетелге кетпеді.", "kk").levels["brain_drain"] == 0


def test_real_sentence_graduates_may_now_not_return_is_no_return_mechanism():
    # ../shared/corpus/press/bolashak-03.kk.md, the opening sentence
    text = "Болашақ бағдарламасымен оқығандар енді белгілі бір шарттарын орындаса, елге қайтпауына болады."
    assert code(text, "kk").levels["return"] == 0


def test_a_user_frame_from_yaml(tmp_path):
    text = BOOK.model_dump(by_alias=True, exclude={"source_path", "sha256"})
    text["frames"] = [{
        "id": "farm_grants", "category": "retention", "min_level": 3,
        "slots": {"grant": {"en": ["grant"]}, "who": {"en": ["farmers"]}},
    }]
    import yaml

    book = parse_codebook(yaml.safe_dump(text, allow_unicode=True))
    assert code("Farmers receive a grant.", "en", book).levels["retention"] == 3
    assert code("Farmers receive a loan.", "en", book).levels["retention"] == 0


def test_a_frame_of_an_unknown_category_is_an_error():
    text = BOOK.model_dump(by_alias=True, exclude={"source_path", "sha256"})
    text["frames"] = [{"id": "x", "category": "nonsense", "slots": {"a": {"en": ["grant"]}}}]
    import yaml

    with pytest.raises(CodebookError, match="frames.0.category"):
        parse_codebook(yaml.safe_dump(text, allow_unicode=True))


def test_frames_tried_by_their_anchors_fire_as_all_frames_tried_in_order():
    """The frame index (anchor owner → frame) and the early exit for sentences that only name
    frame anchors change nothing: every frame's example codes the same with both."""
    from talentflow.coding.engine import compile_codebook
    from talentflow.coding.frames import apply_frames, may_complete
    from talentflow.coding.levels import make_hit

    compiled = compile_codebook(load_codebook())
    frames = compiled.frames
    assert len(compiled.frame_anchors) == len(frames)
    for cf in frames:
        anchor = [make_hit(cf.anchor, "x", 40, 45)]
        others = {o: [make_hit(o, "y", 50, 55)] for o in cf.others}
        for with_others in (True, False):
            results = []
            for index in (None, compiled.frame_anchors):
                cats = {cf.anchor: list(anchor)}
                cues = dict(others) if with_others else {}
                caps = apply_frames(frames, compiled.keep, cats, cues, [], " " * 100, "ru", index)
                results.append((caps, cats, cues))
            assert results[0] == results[1]
            cats = {cf.anchor: anchor}
            cues = others if with_others else {}
            assert may_complete(frames, compiled.frame_anchors, cats, cues) == (with_others or not cf.others)
            if not may_complete(frames, compiled.frame_anchors, cats, cues):
                assert results[0][1] == {}  # nothing would have been coded


def test_the_frame_prefilter_says_only_what_apply_frames_does():
    """Where ``only_removes_slots`` lets the engine skip :func:`apply_frames`, apply_frames
    itself would only have removed the slot hits: checked on every sentence of the frames'
    examples and counter-examples and of the shipped corpus that holds a hit, in each
    language (a rule added to apply_frames that acts without a complete frame must be added
    to the prefilter too)."""
    import copy

    from talentflow.coding import compile_codebook
    from talentflow.coding.engine import _hits
    from talentflow.coding.frames import apply_frames, only_removes_slots, remove_slots
    from talentflow.coding.levels import clause_breaks
    from talentflow.ingest import read_documents
    from talentflow.nlp.normalize import normalize_text
    from talentflow.nlp.tokens import TOKEN_RE

    compiled = compile_codebook(BOOK)
    texts = [(t, lang) for f in BOOK.frames for lang, ex in f.examples.items() for t in (ex.fires, ex.not_)]
    docs, _ = read_documents([Path(__file__).resolve().parents[2] / "talentflow" / "data" / "corpus"])
    texts += [(d.text[s.start:s.end], s.language) for d in docs for s in d.sentences]
    skipped = applied = 0
    for text, lang in texts:
        matcher = compiled.matchers.get(lang)
        if matcher is None:
            continue
        norm = normalize_text(text)
        matcher.learn(TOKEN_RE.findall(norm))
        cats, cues = _hits(matcher, norm, 0, len(norm))
        if not cats:
            continue
        breaks = clause_breaks(norm, 0, len(norm))
        if only_removes_slots(compiled.frames, compiled.frame_anchors, cats, cues, lang):
            full_cats, full_cues = copy.deepcopy(cats), copy.deepcopy(cues)
            caps = apply_frames(compiled.frames, compiled.keep, full_cats, full_cues, breaks, norm, lang,
                                compiled.frame_anchors)
            remove_slots(cats, cues)
            assert (caps, full_cats, full_cues) == ({}, cats, cues), text
            skipped += 1
        else:
            applied += 1
    assert skipped > 20 and applied > 20
