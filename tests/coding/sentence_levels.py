"""The levels the shipped codebook gives one sentence in a given language.

Shared by the rule tests of each codebook round (test_generalise, test_rules_150,
test_rules_160): they code one real sentence as a mini-document with its language forced, as
`talentflow evaluate` codes a development-set passage.
"""

from __future__ import annotations

import dataclasses

from talentflow.coding import code_documents, load_codebook
from talentflow.ingest import document_from_text
from talentflow.ingest.model import DocumentMeta

BOOK = load_codebook()


def levels(text: str, lang: str) -> dict[str, int]:
    """Levels per category of ``text`` coded as one document in ``lang``."""
    doc = document_from_text(text, DocumentMeta(id="t", language=lang))
    doc.sentences = [dataclasses.replace(s, language=lang) for s in doc.sentences]
    (coded,) = code_documents([doc], BOOK)
    return coded.levels


def check(cases: list[tuple[str, str, str, int]]) -> None:
    """Assert each (language, sentence, category, expected level), naming the failing case."""
    for lang, text, category, expected in cases:
        assert levels(text, lang)[category] == expected, (lang, category, text, levels(text, lang))
