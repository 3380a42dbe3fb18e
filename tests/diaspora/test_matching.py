"""Matching across Russian, Kazakh and English: lexicon, fields, filters, reasons, baseline."""

from __future__ import annotations

from datetime import date

import pytest

from talentflow.diaspora.index import ProfileIndex
from talentflow.diaspora.model import Filters, Profile
from talentflow.diaspora.taxonomy import load_taxonomy
from talentflow.diaspora.text import kk_stem, ru_lemma, terms

EN = Profile(orcid="0000-0000-0000-001X", name="Synthetic A", country="DE", fields=["ford:1.2"],
             keywords=["machine learning", "computer vision"],
             titles=["Deep learning for satellite image recognition"], languages=["en", "kk"],
             kinds=["lecture", "mentoring"], available_from=date(2027, 1, 1), available_until=date(2027, 6, 30))
HYDRO = Profile(orcid="0000-0000-0000-0028", name="Synthetic B", country="US", fields=["ford:1.5"],
                keywords=["hydrology", "water resources"], titles=["Water resources of the Syr Darya basin"],
                languages=["en"], kinds=["joint_project"])
CHEM = Profile(orcid="0000-0000-0000-0036", name="Synthetic C", country="DE", fields=["ford:1.4"],
               keywords=["catalysis"], titles=["Catalyst design for hydrogen production"], languages=["en", "ru"],
               kinds=["lecture"])


@pytest.fixture(scope="module")
def index():
    return ProfileIndex([EN, HYDRO, CHEM])


def test_normalisation_per_language():
    assert ru_lemma("обучения") == "обучение"
    assert kk_stem("ресурстарын") == kk_stem("ресурстары") == "ресурс"
    assert [t.key for t in terms("Learning networks", "en")] == ["learn", "network"]


@pytest.mark.parametrize("text,lang,expect", [
    ("Нужен специалист по машинному обучению и компьютерному зрению", "ru", "0000-0000-0000-001X"),
    ("Машиналық оқыту бойынша сарапшы керек", "kk", "0000-0000-0000-001X"),
    ("Ищем гидролога: водные ресурсы бассейна", "ru", "0000-0000-0000-0028"),
    ("Су ресурстары бойынша бірлескен жоба", "kk", "0000-0000-0000-0028"),
    ("Catalysis expert wanted", "en", "0000-0000-0000-0036"),
])
def test_request_in_each_language_finds_the_english_profile(index, text, lang, expect):
    found = index.search(text, lang, top=3)
    assert found and found[0].orcid == expect


def test_why_is_in_the_request_language(index):
    ru = index.search("Нужен специалист по машинному обучению", "ru", top=1)[0]
    assert "машинное обучение" in ru.why
    # the FORD field: no sourced Russian label, so the sourced English one, marked with its language
    assert "Computer and information sciences [en]" in ru.why
    kk = index.search("Машиналық оқыту бойынша сарапшы керек", "kk", top=1)[0]
    assert "машиналық оқыту" in kk.why
    assert all("machine" not in w for w in kk.why)
    en = index.search("machine learning lectures", "en", top=1)[0]
    assert "machine learning" in en.why and "Computer and information sciences" in en.why


def test_missing_field_label_falls_back_to_a_sourced_one_and_says_so():
    tax = load_taxonomy()
    f = tax.field("ford:1.2")
    assert f.label("kk") == "Computer and information sciences [en]"  # no Kazakh label is sourced
    assert f.label("ru") == "Computer and information sciences [en]"  # the Russian one is unverified
    assert (f.fallback("ru"), f.verified("ru")) == ("en", True)
    area = tax.field("ford:1")
    assert area.label("ru") == "Естественные науки" and area.fallback("ru") is None  # sourced (Rosstat)
    rubric = tax.field("grnti:27")  # no МРНТИ label is sourced yet: shown, and marked unverified
    assert rubric.label("ru") == "Математика [ru, unverified]" and not rubric.verified("ru")


def test_baseline_cannot_cross_languages(index):
    base = ProfileIndex([EN, HYDRO, CHEM], plain=True)
    assert base.search("Нужен специалист по машинному обучению", "ru", top=3) == []
    assert base.search("catalysis", "en", top=1)[0].orcid == CHEM.orcid


@pytest.mark.parametrize("filters,allowed", [
    (Filters(country="de"), {EN.orcid, CHEM.orcid}),
    (Filters(kind="joint_project"), {HYDRO.orcid}),
    (Filters(language="kk"), {EN.orcid}),
    (Filters(available_on=date(2027, 8, 1)), {HYDRO.orcid, CHEM.orcid}),  # EN is away then; no dates = open
    (Filters(available_on=date(2027, 3, 1)), {EN.orcid, HYDRO.orcid, CHEM.orcid}),
])
def test_filters(index, filters, allowed):
    got = {m.orcid for m in index.search("machine learning water resources catalysis", "en", 10, filters)}
    assert got == allowed


def test_index_round_trips_through_disk(index, tmp_path):
    index.save(tmp_path / "ix")
    again = ProfileIndex.load(tmp_path / "ix")
    q = "Машиналық оқыту бойынша сарапшы керек"
    assert [m.as_dict() for m in again.search(q, "kk")] == [m.as_dict() for m in index.search(q, "kk")]


def test_empty_index_and_stopword_only_query():
    assert ProfileIndex([]).search("anything") == []
    assert ProfileIndex([EN]).search("и в на", "ru") == []
