from talentflow.nlp.matcher import MAX_GAP, TermMatcher, TermSpec, term_words
from talentflow.nlp.normalize import normalize_text
from talentflow.nlp.tokens import tokenize


def _find(matcher, text):
    toks = tokenize(normalize_text(text))
    found = matcher.find([t.form for t in toks], [(t.start, t.end) for t in toks])
    return [(matcher.terms[m.term].text, text[m.start : m.end]) for m in found]


def test_term_words_gap_marks_and_stars():
    assert term_words("отток … кадров") == term_words("отток кадров") == ["отток", "кадров"]
    assert term_words("шетелге кет*") == ["шетелге", "кет*"]
    assert term_words("<NUM> процент") == ["<num>", "процент"]


def test_russian_terms_match_inflected_forms_with_gaps():
    m = TermMatcher("ru", [TermSpec("bd", "category", "отток кадров"), TermSpec("bd", "category", "утечка мозгов")])
    found = _find(m, "Растёт отток высококвалифицированных научных кадров и утечкой мозгов.")
    assert ("отток кадров", "отток высококвалифицированных научных кадров") in found
    assert ("утечка мозгов", "утечкой мозгов") in found


def test_gap_limit_is_enforced():
    m = TermMatcher("ru", [TermSpec("bd", "category", "отток кадров")])
    words = " ".join(["слово"] * (MAX_GAP + 1))
    assert _find(m, f"отток {words} кадров") == []
    words = " ".join(["слово"] * MAX_GAP)
    assert len(_find(m, f"отток {words} кадров")) == 1


def test_overlapping_longer_and_shorter_terms_both_count():
    m = TermMatcher(
        "ru", [TermSpec("inst", "category", "миграционная политика"), TermSpec("x", "category", "политика")]
    )
    found = {t for t, _ in _find(m, "Миграционной политики нет.")}
    assert found == {"миграционная политика", "политика"}


def test_kazakh_terms_match_through_suffixes_and_prefixes():
    m = TermMatcher(
        "kk",
        [TermSpec("bd", "category", "білікті маман кету"), TermSpec("r", "category", "қандас"), TermSpec("bd", "category", "шетелге кет*")],
    )
    found = {t for t, _ in _find(m, "Білікті мамандардың кетуі және қандастарға көмек, шетелге кеткен жастар.")}
    assert found == {"білікті маман кету", "қандас", "шетелге кет*"}
    assert _find(m, "Мамандық таңдау") == []


def test_english_and_numbers():
    m = TermMatcher("en", [TermSpec("bd", "category", "brain drain"), TermSpec("target", "cue", "by <NUM>")])
    found = {t for t, _ in _find(m, "Brain draining continues; targets by 2027.")}
    assert found == {"brain drain", "by <NUM>"}


def test_classification_is_cached_and_trigger_forms_learned():
    m = TermMatcher("ru", [TermSpec("r", "category", "кандас")])
    m.learn(["кандасов", "дом"])
    assert m.cache["дом"] == ()
    assert "кандасов" in m.trigger_forms["category"]
    assert "қандасов" not in m.cache
    m.learn(["қандасов"])  # Kazakh letters inside Russian text are folded
    assert "қандасов" in m.trigger_forms["category"]


def test_a_word_sequence_shared_by_several_terms_is_reported_once_per_term():
    """A frame slot word ("миграция") belongs to several frames and a category: the sequence is
    matched once and reported for each term, in term order, as if each were matched alone."""
    specs = [
        TermSpec("@a:event", "category", "миграция"),
        TermSpec("policy", "category", "миграционная политика"),
        TermSpec("@b:topic", "cue", "миграция"),
        TermSpec("@c:topic", "cue", "миграция"),
        TermSpec("policy", "category", "политика"),
    ]
    m = TermMatcher("ru", specs)
    assert len(m._unique) == 3
    text = "Миграция растёт; миграционная политика меняется."
    toks = tokenize(normalize_text(text))
    found = m.find([t.form for t in toks], [(t.start, t.end) for t in toks])
    assert [(x.term, text[x.start : x.end]) for x in found] == [
        (0, "Миграция"), (2, "Миграция"), (3, "Миграция"),
        (1, "миграционная политика"), (4, "политика"),
    ]
    for only, want in (("category", [0, 1, 4]), ("cue", [2, 3])):
        got = m.find([t.form for t in toks], [(t.start, t.end) for t in toks], only=only)
        assert [x.term for x in got] == want
        alone = [
            ti for ti, spec in enumerate(specs)
            if spec.kind == ("category" if only == "category" else "cue")
            and TermMatcher("ru", [spec]).find([t.form for t in toks])
        ]
        assert alone == want


def test_unseen_plain_words_are_classified_as_classify_would():
    """The inline path for unseen plain Russian words gives classify's answer: no slot unless a
    "stem*" prefix no longer than the word starts it; other forms go through classify."""
    specs = [TermSpec("r", "category", "эмигр*"), TermSpec("r", "category", "возвращ*"), TermSpec("x", "cue", "отток")]
    words = ["эмигр", "эмигрант", "эми", "возвращение", "возвращ", "слово", "длинноесловобезпрефикса",
             "оттоку", "Эмигранты", "2020", "қандас", "я"]
    batch = TermMatcher("ru", specs)
    one = TermMatcher("ru", specs)
    got = batch.find(words)  # classifies the unseen forms in one pass
    assert [batch.cache[w] for w in words] == [one.classify(w) for w in words]
    assert batch.trigger_forms == one.trigger_forms
    assert [vars(x) for x in got] == [vars(x) for x in one.find(words)]


def test_compiled_and_plain_unseen_word_classification_agree():
    """The compiled twin of ``classify_unseen`` gives the plain one's answers and caches the
    same forms (Russian words with and without prefixes, short, capitalised, ё, digits)."""
    import pytest

    from talentflow.coding import compile_codebook, load_codebook
    from talentflow.nlp import sequences

    if not sequences.COMPILED:
        pytest.skip("the compiled sequence finder was not built here")
    words = ["Миграционная", "политика", "переселенцев", "и", "эмигрантов", "возвращается", "ёлка", "ещё", "2020", "кандасов", "иммиграция", "я", "в", "на", "оралманы", "возвращ", "мигрант", "мигран", "репатриация", "qualified", "специалисты", "уезжают", "за", "рубеж"]
    words = [w.lower() if k % 2 else w for k, w in enumerate(words)]
    results = []
    for find in (sequences.classify_unseen, sequences.PURE_CLASSIFY_UNSEEN):
        m = TermMatcher("ru", compile_codebook(load_codebook()).matchers["ru"].terms)
        got = find(words, list(map(m.cache.get, words)), m._prefix, m._plain_prefixes, m.cache, m.known, m.classify)
        results.append((got, dict(m.cache), set(m.known), {k: set(v) for k, v in m.trigger_forms.items()}))
    assert results[0] == results[1]
    assert any(results[0][0]) and () in results[0][0]
