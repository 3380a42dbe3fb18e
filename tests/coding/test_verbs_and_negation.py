"""Verbs of both aspects are lexicon terms, and a denied instrument is a gap, not a mechanism."""

from talentflow.coding import code_documents, load_codebook
from talentflow.ingest import document_from_text


def codes(text: str):
    (coded,) = code_documents([document_from_text(text)], load_codebook())
    return coded


def test_perfective_and_imperfective_verbs_code_retention_and_return():
    c = codes("Государство стремится удержать квалифицированных специалистов.")
    assert c.levels["retention"] == 2
    c = codes("Необходимо вернуть специалистов, уехавших за рубеж.")
    assert c.levels["return"] == 2
    c = codes("Правительство намерено удерживать талантливую молодёжь в стране.")
    assert c.levels["retention"] == 2


def test_a_denied_instrument_is_an_acknowledged_gap():
    c = codes("Визы для иностранных специалистов не выдаются в упрощённом порядке, что остаётся проблемой.")
    assert c.levels["talent_attraction"] == 1
    assert "talent_attraction" in c.gaps
    c = codes("Визы для иностранных специалистов выдаются в упрощённом порядке.")
    assert c.levels["talent_attraction"] >= 3
    assert "talent_attraction" not in c.gaps
