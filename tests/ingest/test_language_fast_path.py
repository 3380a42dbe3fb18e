"""The fast path of the language rule (one scan of the characters): words glued by punctuation,
digits or apostrophes, mixed case and other letters give the answers of the reference rule."""

from __future__ import annotations

import random

from talentflow.ingest import language as lang


def test_fast_path_matches_reference_on_glued_words():
    rng = random.Random(11)
    vocab = sorted(lang._KK_WORDS | lang._RU_WORDS)
    vocab += ["мамандар", "кадрлардан", "процессов", "информации", "Ёлка", "моё", "шетелден", "x", "İ", "ә"]
    glue = [" ", " ", " ", ",", ", ", "-", "'", "’", "", "\t", "5", "(", ") ", "_", "\n", "\u00a0", "…"]
    for _ in range(5000):
        words = [rng.choice(vocab) for _ in range(rng.randint(0, 14))]
        text = "".join(w + rng.choice(glue) for w in words)
        if rng.random() < 0.3:
            text = text.upper() if rng.random() < 0.5 else text.title()
        assert lang.language_scores(text) == lang._language_scores_reference(text), repr(text)
