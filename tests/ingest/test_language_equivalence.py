"""The fast paragraph-language rule gives exactly the answers of the plain reference rule."""

from __future__ import annotations

import random

from talentflow.ingest import language as lang

SAMPLES = [
    "",
    "Статья 5.",
    "Утечка мозгов остаётся одной из главных проблем, которые были названы в докладе.",
    "Білікті мамандардың шетелге кетуі елдің дамуына кедергі келтіреді.",
    "Bilikti mamandardyń shetelge ketýi elimizdiń damýyna kedergi.",
    "The outflow of qualified specialists is a risk for the economy.",
    "ҚАЗАҚСТАН РЕСПУБЛИКАСЫНЫҢ ЗАҢЫ",
    "İstanbul ve Ankara",
    "½ м² и 3 %",
    "д'Артаньян и o'g'il",
    "Σ αβγ ΑΣ. Β",
    "да те та мен бар",
]


def test_fast_rule_matches_reference_on_samples():
    for text in SAMPLES:
        assert lang.language_scores(text) == lang._language_scores_reference(text), text


def test_fast_rule_matches_reference_on_random_mixtures():
    rng = random.Random(7)
    vocab = sorted(lang._KK_WORDS | lang._RU_WORDS | lang._EN_WORDS | lang._KK_LATIN_WORDS)
    vocab += ["кадрлар", "мамандарды", "изменен", "процессов", "shetelden", "oqýshylar", "моё", "Ёлка",
              "x", "1990", "½", "ı", "-", ",", ".", "\n"]
    for _ in range(3000):
        text = " ".join(rng.choice(vocab) for _ in range(rng.randint(0, 12)))
        if rng.random() < 0.3:
            text = text.upper() if rng.random() < 0.5 else text.title()
        assert lang.language_scores(text) == lang._language_scores_reference(text), text
