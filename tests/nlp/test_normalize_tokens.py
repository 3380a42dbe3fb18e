from talentflow.nlp.normalize import normalize_text, normalize_word
from talentflow.nlp.tokens import tokenize


def test_normalize_text_keeps_offsets_and_unifies():
    text = "Ёлка «Болашак»\u00a0— ВЫЕЗД"
    norm = normalize_text(text)
    assert len(norm) == len(text)
    assert norm == 'елка "болашак" — выезд'


def test_normalize_word_unifies_lookalike_letters_to_the_word_script():
    assert normalize_word("миниcтpi") == "министрі"  # Latin c, p, i inside a Cyrillic word
    assert normalize_word("mигрaция") == "миграция"
    assert normalize_word("visа") == "visa"  # Cyrillic а inside a Latin word
    assert normalize_word("ми\u00adграция") == "миграция"


def test_tokenize_keeps_hyphenated_words_and_offsets():
    text = "Көші-қон саясаты: 15 % бизнес-иммиграция"
    toks = tokenize(normalize_text(text))
    assert [t.form for t in toks] == ["көші-қон", "саясаты", "15", "бизнес-иммиграция"]
    for t in toks:
        assert normalize_text(text[t.start : t.end]) == t.form
