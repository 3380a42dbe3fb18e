"""The compiled scans give exactly what their pure-Python twins give, on real and generated text."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from talentflow.ingest import language
from talentflow.ingest.segment import paragraph_spans
from talentflow.nlp import scan
from talentflow.nlp.normalize import normalize_text
from talentflow.nlp.tokens import TOKEN_RE

pytestmark = pytest.mark.skipif(not scan.COMPILED, reason="the compiled scans were not built here")

ROOT = Path(__file__).resolve().parents[2]
CORPORA = [ROOT / "talentflow" / "data" / "corpus", ROOT.parent / "shared" / "corpus", ROOT.parent / "shared" / "seed"]

#: Letters and marks where a tokeniser or a letter test can go wrong: both cases of а-я and ё,
#: Kazakh and Latin letters, digits of other scripts, numerals that are not digits, a dotted
#: capital whose lower case is two characters, joiners, apostrophes, combining accents, CJK.
ALPHABET = (
    "абвгдеёжзийклмнопрстуфхцчшщъыьэюяАБВЁЯЖЩЪ"
    "әғқңөұүһіӘҒҚҢӨҰҮҺІ" "abcxyzABCXYZáǵıńİ"
    "0123456789٣²½Ⅻ_" "-'’\u00ad\u0301\u2011" " \n\t.,!?…«»\"()%" "中文"
)
texts = st.text(alphabet=ALPHABET, max_size=80)


def _corpus_texts() -> list[str]:
    out = []
    for folder in CORPORA:
        if folder.exists():
            out += [p.read_text(encoding="utf-8", errors="replace") for p in sorted(folder.rglob("*.md"))]
            out += [p.read_text(encoding="utf-8", errors="replace") for p in sorted(folder.rglob("*.txt"))]
    return out


def test_tokens_match_the_regular_expression_on_the_corpus():
    corpus = _corpus_texts()
    assert corpus, "no corpus text found"
    for raw in corpus:
        text = normalize_text(raw)
        assert scan.tokens(text, 0, len(text)) == TOKEN_RE.findall(text)
        # and inside a window that cuts words at both ends
        a, b = len(text) // 3 + 1, 2 * len(text) // 3 + 1
        assert scan.tokens(text, a, b) == TOKEN_RE.findall(text, a, b)


@settings(max_examples=400, deadline=None)
@given(texts, st.integers(0, 90), st.integers(0, 90))
def test_tokens_match_the_regular_expression(text, start, end):
    assert scan.tokens(text, start, end) == scan.PURE.tokens(text, start, end)


@settings(max_examples=400, deadline=None)
@given(texts, st.lists(st.text(alphabet=ALPHABET, min_size=1, max_size=6), max_size=5), st.integers(0, 90))
def test_token_set_matches_the_set_test(text, extra, start):
    toks = TOKEN_RE.findall(text)
    forms = set(toks[::3]) | set(extra)
    args = (text, start, len(text))
    assert scan.TokenSet(forms).any_in(*args) == scan.PURE.TokenSet(forms).any_in(*args)


def _scorers(kk_words, ru_words, kk_end, ru_end):
    return scan.CyrillicScorer(kk_words, ru_words, kk_end, ru_end), scan.PURE.CyrillicScorer(
        kk_words, ru_words, kk_end, ru_end
    )


LANGUAGE_LISTS = (language._KK_WORDS, language._RU_WORDS, language._KK_ENDINGS, language._RU_ENDINGS)


@settings(max_examples=600, deadline=None)
@given(texts)
def test_cyrillic_points_match_with_the_language_lists(text):
    fast, pure = _scorers(*LANGUAGE_LISTS)
    assert fast.points(text) == pure.points(text)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.sampled_from(["и", "в", "мен", "деп", "он", "которые", "жастар", "ов", "ция"]), max_size=12),
    st.lists(st.sampled_from(["а", "ов", "ция", "лар", "ость", "ей"]), max_size=4),
)
def test_cyrillic_points_match_on_word_salad(words, endings):
    fast, pure = _scorers(words[::2], words[1::2], endings[::2], endings[1::2])
    text = " ".join(w.capitalize() if i % 3 == 0 else w for i, w in enumerate(words + endings))
    assert fast.points(text) == pure.points(text)


def test_cyrillic_points_match_on_the_corpus_paragraphs():
    fast, pure = _scorers(*LANGUAGE_LISTS)
    checked = 0
    for text in _corpus_texts():
        for paragraph in text.split("\n\n"):
            assert fast.points(paragraph) == pure.points(paragraph)
            checked += fast.points(paragraph) >= 0
    assert checked > 100  # the corpus has that many paragraphs of а-я letters only


@settings(max_examples=400, deadline=None)
@given(texts, st.integers(0, 120), st.integers(0, 120))
def test_cyrillic_points_of_a_span_are_those_of_its_slice(text, a, b):
    fast, pure = _scorers(*LANGUAGE_LISTS)
    start, end = min(a, b, len(text)), min(max(a, b), len(text))
    assert fast.points(text, start, end) == pure.points(text, start, end) == fast.points(text[start:end])
    assert fast.points(text, start) == pure.points(text, start) == fast.points(text[start:])


def test_cyrillic_points_refuse_a_span_outside_the_text():
    for scorer in _scorers(*LANGUAGE_LISTS):
        for start, end in ((-1, 2), (3, 2), (0, 9)):
            with pytest.raises(ValueError, match="outside"):
                scorer.points("слово", start, end)


def test_a_paragraph_s_language_in_place_is_that_of_its_slice():
    for text in _corpus_texts():
        for s, e in paragraph_spans(text):
            assert language.span_language_scores(text, s, e) == language.language_scores(text[s:e])


def test_a_function_word_too_long_to_pack_is_refused():
    with pytest.raises(ValueError, match="longer than"):
        scan.CyrillicScorer(["оченьдлинноеслово"], [], [], [])


def test_compiled_sequence_finder_gives_the_plain_one_s_matches():
    """Every sentence of the corpus through the real codebook's matchers: the same matches in
    the same order from the compiled loop and from the plain one."""
    from talentflow.coding import compile_codebook, load_codebook
    from talentflow.nlp import sequences
    from talentflow.nlp.matcher import MAX_GAP, _match

    if not sequences.COMPILED:
        pytest.skip("the compiled sequence finder was not built here")
    matchers = compile_codebook(load_codebook()).matchers
    compared = matched = 0
    for raw in _corpus_texts():
        text = normalize_text(raw)
        for sentence in text.replace("\n", ". ").split(". "):
            forms = TOKEN_RE.findall(sentence)
            for m in matchers.values():
                slots_of = [m.classify(f) for f in forms]
                for only in ("all", "category", "cue"):
                    args = (forms, slots_of, m._first_forms[only], m._groups[only], m._rests, MAX_GAP)
                    spans = [(k, k + 1) for k in range(len(forms))]
                    fast = sequences.find_sequences(*args, spans, _match, m._owners[only])
                    plain = sequences.PURE_FIND_SEQUENCES(*args, spans, _match, m._owners[only])
                    assert [vars(x) for x in fast] == [vars(x) for x in plain]
                    compared += 1
                    matched += bool(fast)
    assert compared > 1000 and matched > 100


def test_every_character_of_the_basic_plane_is_classified_alike():
    """Letters, digits, spaces and case as Python's ``re`` and ``str`` methods see them, for
    each of the 63,488 characters of the Basic Multilingual Plane (surrogates aside), in a
    word, before a dot and after one."""
    from talentflow.ingest import segment

    fast, pure = _scorers(*LANGUAGE_LISTS)
    different = []
    for cp in range(0x10000):
        if 0xD800 <= cp <= 0xDFFF:
            continue
        c = chr(cp)
        for t in (f"слово{c}-{c}дело и {c}", f"т{c}. {c}Слово. Д"):
            if (
                scan.tokens(t, 0, len(t)) != scan.PURE.tokens(t, 0, len(t))
                or fast.points(t) != pure.points(t)
                or (segment.SENTENCES_COMPILED
                    and segment.sentence_spans(t, 0, len(t)) != segment.PURE_SENTENCE_SPANS(t, 0, len(t)))
            ):
                different.append(f"U+{cp:04X}")
    assert different == []


@settings(max_examples=300, deadline=None)
@given(texts, st.integers(0, 90), st.integers(0, 90), st.integers(-1, 12))
def test_token_spans_match_the_regular_expression(text, start, end, count):
    assert scan.token_spans(text, start, end, count) == scan.PURE.token_spans(text, start, end, count)


#: Clause marks and the spaces and dashes of a dash between spaces, for the clause-break scan.
CLAUSE_ALPHABET = ALPHABET + ",;:()[]–—-\u00a0\u2003\u200b\r\x0b"


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=CLAUSE_ALPHABET, max_size=60), st.integers(-2, 70), st.integers(-2, 70))
def test_clause_breaks_match_the_regular_expression(text, start, end):
    assert scan.clause_breaks(text, start, end) == scan.PURE.clause_breaks(text, start, end)
    assert scan.PURE.clause_breaks(text, start, end) == [
        m.start() for m in scan.CLAUSE_BREAK_RE.finditer(text, start, end)]


def test_clause_breaks_on_the_corpus_and_in_the_coding_rules():
    from talentflow.coding import levels

    # the coding rules use the scan while their pattern is the scan's, else their own expression
    if levels._CLAUSE_BREAK.pattern == scan.CLAUSE_BREAK_RE.pattern:
        assert levels.clause_breaks is scan.clause_breaks
    else:
        assert levels.clause_breaks is not scan.clause_breaks
    for raw in _corpus_texts():
        text = normalize_text(raw)
        expected = [m.start() for m in levels._CLAUSE_BREAK.finditer(text)]
        assert levels.clause_breaks(text, 0, len(text)) == expected
        assert scan.clause_breaks(text, 0, len(text)) == [m.start() for m in scan.CLAUSE_BREAK_RE.finditer(text)]
    assert scan.clause_breaks("а - б, в – г\u00a0—\u2003д", 0, 18) == [1, 5, 8, 12]


def test_normalisation_table_gives_the_plain_normalisation_for_every_character():
    """Every character of the Basic Multilingual Plane alone and between letters of both
    scripts and a capital sigma (whose lower case depends on its neighbours): the table pass
    gives what the plain lower-casing and replacements give, or leaves the text to them."""
    from talentflow.nlp import normalize

    assert normalize._TABLE is not None
    different = []
    for cp in range(0x10000):
        if 0xD800 <= cp <= 0xDFFF:
            continue
        c = chr(cp)
        for t in (c, f"Ab{c}Вг", f"Σ{c}", f"{c}Σ ЁЛКА"):
            if normalize.normalize_text(t) != normalize._normalize_text(t):
                different.append(f"U+{cp:04X}")
    assert different == []


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=ALPHABET + "ΣσςİI\u00a0«»“”‘’`\u2011😀ǅ", max_size=60))
def test_normalisation_table_on_generated_text(text):
    from talentflow.nlp import normalize

    assert normalize.normalize_text(text) == normalize._normalize_text(text)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(texts, st.sampled_from(["ru", "kk", "und"])), max_size=6),
       st.lists(st.text(alphabet=ALPHABET, min_size=1, max_size=6), max_size=5), st.integers(-1, 7))
def test_first_segment_with_a_form_matches_the_plain_scan(parts, extra, k):
    from types import SimpleNamespace

    text, segments = "", []
    for part, lang in parts:
        segments.append(SimpleNamespace(start=len(text), end=len(text) + len(part), language=lang))
        text += part + " "
    forms = set(TOKEN_RE.findall(text)[::3]) | set(extra)
    fast, plain = scan.TokenSet(forms), scan.PURE.TokenSet(forms)
    for lang in ("ru", "kk"):
        assert fast.first_in(segments, k, text, lang) == plain.first_in(segments, k, text, lang)


def test_compiled_hit_grouping_gives_the_plain_one_s_hits():
    """Every sentence of the corpus through the real codebook's matchers: the same hits, in
    the same order and groups, from the compiled grouping and from the plain one."""
    from talentflow.coding import compile_codebook, load_codebook
    from talentflow.coding.levels import Hit
    from talentflow.nlp import sequences
    from talentflow.nlp.matcher import MAX_GAP

    if not sequences.COMPILED:
        pytest.skip("the compiled sequence loops were not built here")
    matchers = compile_codebook(load_codebook()).matchers
    compared = grouped = 0
    for raw in _corpus_texts():
        text = normalize_text(raw)
        for sentence in re.finditer(r"[^.\n]+", text):
            start, end = sentence.span()
            forms = TOKEN_RE.findall(text, start, end)
            for m in matchers.values():
                slots_of = [m.classify(f) for f in forms]
                found = sequences.find_sequences(forms, slots_of, m._first_forms["all"], m._groups["all"], m._rests,
                                                 MAX_GAP, None, None, m._owners["all"])
                for any_hit in (False, True):
                    args = (found, m.term_info, scan.token_spans, text, start, end, any_hit, Hit)
                    fast, plain = sequences.group_hits(*args), sequences.PURE_GROUP_HITS(*args)
                    assert fast == plain
                    compared += 1
                    grouped += fast is not None
                if fast is not None:  # the hits of the matcher's own matches, offsets and all
                    spans = scan.token_spans(text, start, end, len(forms))
                    expected: dict[str, list[Hit]] = {}
                    for mt in m.find(forms, spans):
                        expected.setdefault(m.terms[mt.term].owner, []).append(
                            Hit(m.terms[mt.term].owner, m.terms[mt.term].text, mt.start, mt.end))
                    assert {**fast[0], **fast[1]} == expected
    assert compared > 1000 and grouped > 100


@settings(max_examples=300, deadline=None)
@given(texts, st.integers(-1, 90), st.integers(-1, 90))
def test_token_slots_match_the_tokens_and_the_cache(text, start, end):
    forms = TOKEN_RE.findall(text)
    cache = {f: (k,) for k, f in enumerate(forms[::2])}
    assert scan.token_slots(text, start, end, cache) == scan.PURE.token_slots(text, start, end, cache)
    assert scan.token_slots(text, start, end, cache)[0] == scan.PURE.tokens(text, start, end)


def _sentences(raw: str):
    text = normalize_text(raw)
    for sentence in re.finditer(r"[^.\n]+", text):
        yield text, *sentence.span()


def test_fused_sentence_hits_give_the_step_by_step_hits():
    """The compiled one-pass matching of a sentence (:func:`sequences.sentence_hits`) against
    the plain steps (token slots, classification, sequence loop, hit grouping) on every
    sentence of the corpus, with a matcher that has seen nothing yet (so unseen words are
    classified on the way, "stem*" prefixes included) and with one that has seen everything,
    for each language (Russian through the plain-word filter, Kazakh and English without)."""
    from talentflow.coding import load_codebook
    from talentflow.coding.engine import CompiledCodebook
    from talentflow.coding.levels import Hit
    from talentflow.nlp import sequences
    from talentflow.nlp.matcher import MAX_GAP

    if not sequences.COMPILED:
        pytest.skip("the compiled sequence loops were not built here")
    book = load_codebook()
    fused_side, plain_side = CompiledCodebook(book).matchers, CompiledCodebook(book).matchers
    assert fused_side["ru"]._plain_filter is not None
    compared = found = 0
    for raw in _corpus_texts():
        for text, start, end in _sentences(raw):
            for lang, m in fused_side.items():
                p = plain_side[lang]
                forms = TOKEN_RE.findall(text, start, end)
                if m.needs_learning:
                    m.learn(forms)
                    p.learn(forms)
                for any_hit in (False, True):
                    fused = sequences.sentence_hits(text, start, end, m.cache, m.classify, m._plain_filter, m.slotted,
                                                    m._groups["all"], m._rests, MAX_GAP, m._owners["all"],
                                                    m.term_info, any_hit, Hit)
                    slots_of = [p.cache.get(f) for f in forms]
                    plain = p.find_hits(forms, text, start, end, any_hit, Hit, slots_of)
                    assert fused == plain, (lang, text[start:end])
                    compared += 1
                    found += fused is not None
    assert compared > 1000 and found > 100


def test_the_plain_word_filter_never_rules_out_a_word_with_a_slot():
    """Every plain Russian word of the corpus that fills a slot passes the filter (it may let
    others through: a sketch only says "certainly none")."""
    from talentflow.coding import compile_codebook, load_codebook

    m = compile_codebook(load_codebook()).matchers["ru"]
    if m._plain_filter is None:
        pytest.skip("the compiled sequence loops were not built here")
    words = {w for raw in _corpus_texts() for w in TOKEN_RE.findall(normalize_text(raw))
             if not w.strip("абвгдежзийклмнопрстуфхцчшщъыьэюя")}
    rejected = [w for w in words if not m._plain_filter.may_fill(w)]
    assert len(rejected) > len(words) // 10  # the filter does its work
    assert all(m.classify(w) == () for w in rejected)
    assert all(m._plain_filter.may_fill(k) for k in m._exact if not k.strip("абвгдежзийклмнопрстуфхцчшщъыьэюя"))


@settings(max_examples=300, deadline=None)
@given(texts, st.text(alphabet=ALPHABET + "𝔸", max_size=6), st.integers(-1, 5))
def test_char_positions_match_the_plain_scan(text, chars, limit):
    assert scan.char_positions(text, chars, limit) == scan.PURE.char_positions(text, chars, limit)
    assert scan.char_positions(text + "𝔸", chars) == scan.PURE.char_positions(text + "𝔸", chars)  # four-byte text
