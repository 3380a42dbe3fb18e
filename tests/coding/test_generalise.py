"""General rules of codebook 1.4.0 (issue 9, second round), each on one real sentence of the
corpus it fires on and one it must not fire on. The sentences come from the press and laws of
``../shared/corpus`` and the shipped corpus, quoted here so that the tests need neither."""

from __future__ import annotations

import dataclasses

from talentflow.coding import code_documents, load_codebook
from talentflow.ingest import document_from_text
from talentflow.ingest.model import DocumentMeta
from talentflow.nlp.tokens import quantities

BOOK = load_codebook()


def levels(text: str, lang: str) -> dict[str, int]:
    doc = document_from_text(text, DocumentMeta(id="t", language=lang))
    doc.sentences = [dataclasses.replace(s, language=lang) for s in doc.sentences]
    (coded,) = code_documents([doc], BOOK)
    return coded.levels


# --- level 4: an amount or a count with the instrument (a measurable value) -------------------

def test_an_amount_with_an_instrument_is_a_measurable_value():
    text = ("Thus, the kandas included into the regional quota have access to state support measures in the form "
            "of relocation subsidies (a one-time payment of 70 MCI to each family member) and coverage of the "
            "costs for rent and utilities for 12 months (in the amount from 15 to 30 MCI per family).")
    assert levels(text, "en")["repatriation"] == 4


def test_the_number_of_an_article_is_no_quantity():
    text = ("5-1. В случае смерти кандасов или членов их семей после включения их в региональную квоту приема "
            "кандасов меры государственной поддержки предоставляются кандасам или членам семьи независимо от "
            "получения ими гражданства Республики Казахстан.")
    assert levels(text, "ru")["repatriation"] == 3


def test_quantities_leave_out_dates_durations_years_and_references():
    text = "от 18 декабря 2012 года № 449 на срок 12 месяцев, статья 5, for a 10-year permit, 20th anniversary"
    assert quantities(text, 0, len(text)) == []
    text = "квота 28 352-ден 23 560 бірлікке төмендеді; a one-time investment of $300,000"
    assert [text[s:e] for s, e in quantities(text, 0, len(text))] == ["28 352", "23 560", "$300,000"]


def test_grants_allocated_with_their_count_are_level_4_but_thanks_to_grants_is_praise():
    text = ("Инжeнepлiк, өңдey жәнe құpылыc caлaлapынa – 3 429, жapaтылыcтaнy ғылымдapы, мaтeмaтикa жәнe "
            "cтaтиcтикa бaғыты бoйыншa – 1 278, aқпapaттық-кoммyникaциялық тeхнoлoгиялap бoйыншa – 1 233, ayыл "
            "шapyaшылығы жәнe биopecypcтap бoйыншa – 527 гpaнт бөлiндi.")
    assert levels(text, "kk")["retention"] == 4
    text = ("Министр жас ғалымдарға арналған гранттар конкурстарының арқасында 2 мыңнан астам зерттеуші 835 "
            "жобаны жүзеге асыруға мүмкіндік алғанын айтты.")
    assert levels(text, "kk")["retention"] == 1  # "thanks to": praise, whatever the frame
