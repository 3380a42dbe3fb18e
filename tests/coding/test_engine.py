import pytest

from talentflow.coding.engine import code_documents


def _levels(make_doc, text, lang=None):
    (coded,) = code_documents([make_doc(text, language=lang)])
    return coded


@pytest.mark.parametrize(
    ("text", "category", "level", "rule"),
    [
        ("Наблюдается утечка мозгов из страны.", "brain_drain", 1, "term"),
        # brain drain is recognised (max_level 1): an aim to reduce it is no level 2 of brain drain
        ("Необходимо сократить отток квалифицированных кадров.", "brain_drain", 1, "term+intention (category cap)"),
        ("Для удержания молодых специалистов вводится программа грантов.", "retention", 3, "term+instrument"),
        (
            "Для удержания молодых специалистов вводится программа грантов с бюджетом 5 млрд тенге до 2027 года.",
            "retention", 4, "term+instrument+target",
        ),
        ("Қандастарға арналған өңірлік квота бекітілді.", "repatriation", 3, "term+instrument"),
        ("Білікті мамандардың кетуі байқалады.", "brain_drain", 1, "term"),
        ("The government will attract foreign specialists.", "talent_attraction", 2, "term+intention"),
        ("A residence permit scheme for foreign specialists was launched.", "talent_attraction", 3, "term+instrument"),
    ],
)
def test_levels_by_rule(make_doc, text, category, level, rule):
    coded = _levels(make_doc, text)
    assert coded.levels[category] == level
    (code,) = [c for s in coded.segments for c in s.codes if c.category == category]
    assert (code.level, code.rule, code.gap) == (level, rule, False)
    assert coded.document.text[code.start : code.end].strip()


@pytest.mark.parametrize(
    "text",
    [
        "В Концепции отсутствуют механизмы удержания талантливых специалистов, хотя программа есть.",
        "Также подчёркивается отсутствие эффективных механизмов по удержанию кадров.",
        "There is a lack of programmes to retain talent.",
        "Таланттарды ұстап қалу тетігі жоқ.",
    ],
)
def test_absence_makes_a_gap_that_never_counts_as_a_mechanism(make_doc, text):
    coded = _levels(make_doc, text)
    assert coded.levels["retention"] == 1
    assert coded.gaps == ["retention"]
    (code,) = [c for s in coded.segments for c in s.codes if c.category == "retention"]
    assert code.gap and code.rule == "absence"


def test_absence_in_another_clause_does_not_touch_the_category(make_doc):
    text = "Концепция ориентировалась на привлечение иностранных специалистов, тогда как механизмы удержания кадров остались вне фокуса."
    coded = _levels(make_doc, text)
    assert coded.gaps == ["retention"]
    assert "talent_attraction" not in coded.gaps


def test_instrument_must_be_in_the_same_sentence(make_doc):
    coded = _levels(make_doc, "Утечка мозгов растёт. Принята программа развития туризма.")
    assert coded.levels["brain_drain"] == 1


def test_cross_reference_to_a_law_is_not_an_instrument(make_doc):
    coded = _levels(make_doc, "Кандасы пользуются правами в соответствии с настоящим Законом.")
    assert coded.levels["repatriation"] == 1


def test_target_must_be_in_the_sentence_of_the_instrument(make_doc):
    same = "Вводится квота на привлечение иностранной рабочей силы, ответственный — Министерство труда."
    assert _levels(make_doc, same).levels["talent_attraction"] == 4
    # a target in another sentence of the paragraph belongs to what that sentence says
    text = "Вводится квота на привлечение иностранной рабочей силы. Ответственный: Министерство труда."
    assert _levels(make_doc, text).levels["talent_attraction"] == 3


def test_uncoded_sentences_are_left_out_and_offsets_point_into_the_text(make_doc):
    text = "Погода хорошая.\n\nВ стране наблюдается утечка мозгов."
    coded = _levels(make_doc, text)
    assert len(coded.segments) == 1
    seg = coded.segments[0]
    assert text[seg.start : seg.end] == seg.text == "В стране наблюдается утечка мозгов."
    code = seg.codes[0]
    assert text[code.start : code.end] == "утечка мозгов"
    assert all(v == 0 for k, v in coded.levels.items() if k != "brain_drain")


def test_workers_give_the_same_result_and_report_progress(make_doc):
    texts = [
        "Утечка мозгов растёт.",
        "Для кандасов вводится квота.",
        "Brain drain must be reduced by a grant scheme.",
    ]
    docs = [make_doc(t, f"d{i}") for i, t in enumerate(texts)]
    seen = []
    one = code_documents(docs, workers=1, progress=lambda d, t: seen.append((d, t)))
    two = code_documents(docs, workers=2)
    assert seen == [(1, 3), (2, 3), (3, 3)]
    assert [c.levels for c in one] == [c.levels for c in two]
    assert [c.document.meta.id for c in two] == ["d0", "d1", "d2"]


def test_lookalike_letters_soft_hyphens_and_kazakh_letters_in_russian_text(make_doc):
    text = "Растёт утeчка мозгов. Обсуждалась концепция миг\u00adрационной политики. Квота для қандасов утверждена."
    coded = _levels(make_doc, text, "ru")
    assert coded.levels["brain_drain"] == 1  # Latin "e" inside "утечка"
    assert coded.levels["institutional"] == 3  # soft hyphen inside "миграционной"
    assert coded.levels["repatriation"] == 3  # "қандасов" in a Russian sentence, with a quota
