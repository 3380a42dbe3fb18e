from talentflow.nlp import english, kazakh, russian


def test_russian_expansion_covers_inflections_of_all_readings():
    forms = russian.expand_word("утечка")
    assert {"утечки", "утечкой", "утечек"} <= forms
    # a declinable entry that is not a dictionary form still expands
    assert {"мозг", "мозгам"} <= russian.expand_word("мозгов")
    assert "иностранным" in russian.expand_word("иностранные")


def test_russian_expansion_keeps_verb_forms_as_written():
    assert russian.expand_word("будет") == frozenset({"будет"})
    assert "был" not in russian.expand_word("будет")


def test_kazakh_stripper_reaches_the_lemma():
    cases = {
        "мамандардың": "маман",
        "кетуі": "кету",
        "кетуіне": "кету",
        "қандастарға": "қандас",
        "оралмандарды": "оралман",
        "диаспорасының": "диаспора",
        "кітабы": "кітап",  # final devoicing undone
        "ағымы": "ағым",
    }
    for word, lemma in cases.items():
        assert lemma in kazakh.stem_candidates(word), word


def test_kazakh_prefix_refuses_derivational_suffixes(monkeypatch):
    monkeypatch.setattr(kazakh, "hunspell_stems", lambda: frozenset())
    assert kazakh.prefix_ok("мамандардың", "маман")
    assert not kazakh.prefix_ok("мамандық", "маман")


def test_kazakh_prefix_uses_hunspell_lemmas_when_installed(monkeypatch):
    monkeypatch.setattr(kazakh, "hunspell_stems", lambda: frozenset({"маман", "мамандар", "кетуші"}))
    assert kazakh.prefix_ok("мамандардың", "маман")  # a known inflected form is still маман
    assert not kazakh.prefix_ok("кетушілердің", "кету")  # кетуші (one who leaves) is another lemma


def test_english_stems():
    assert english.stem("specialists") == english.stem("specialist")
    assert english.stem("draining") == "drain"
