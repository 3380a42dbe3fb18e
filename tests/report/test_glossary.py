"""The glossary of the field's terms is sourced, and the report's words follow it."""

from __future__ import annotations

import pytest
from babel.messages.pofile import read_po

from talentflow.coding import load_codebook
from talentflow.recommend import load_rules
from talentflow.report.glossary import LANGS, load_glossary
from talentflow.report.i18n import catalogue_path


def catalogue_messages() -> list[tuple[str, dict[str, str]]]:
    cats = {lang: read_po(catalogue_path(lang).open("rb")) for lang in ("ru", "kk")}
    return [(m.id, {lang: cats[lang].get(m.id).string for lang in cats if cats[lang].get(m.id)})
            for m in cats["ru"] if m.id]


def codebook_names() -> list[tuple[str, dict[str, str]]]:
    return [(c.name["en"], {k: v for k, v in c.name.items() if k != "en"}) for c in load_codebook().categories]


def recommendation_texts() -> list[tuple[str, dict[str, str]]]:
    rules = load_rules()
    out = [(t["en"], {k: v for k, v in t.items() if k != "en"}) for t in rules.paper_recommendations.values()]
    for r in rules.rules:
        for d in (r.title, r.text):
            out.append((d["en"], {k: v for k, v in d.items() if k != "en"}))
    return out


def test_every_term_names_a_source_with_its_words():
    g = load_glossary()
    assert len(g.terms) >= 12
    for t in g.terms:
        assert set(t.forms) == set(LANGS), t.id
        for lang, f in t.forms.items():
            assert f.source in g.sources, (t.id, lang)
            assert f.stem.lower() in f.term.lower() or t.id in {"retention", "scientific_worker", "outflow_of_personnel",
                                                                "kandas", "reference_study"}, (t.id, lang)
            if lang != "en" and g.sources[f.source]["url"] and f.quote:
                # the quote shows the term in use (kk quotes may carry the paper's «қөші-қон» typesetting)
                assert f.stem.lower().replace("көші", "қөші")[:6] in f.quote.lower().replace("көші", "қөші") \
                    or f.stem.lower()[:5] in f.quote.lower(), (t.id, lang)


def test_the_papers_kazakh_term_for_brain_drain():
    brain = next(t for t in load_glossary().terms if t.id == "brain_drain")
    assert brain.forms["kk"].term == "мидың сыртқа ағылуы"
    assert "ми ағым" in brain.forms["kk"].avoid


@pytest.mark.parametrize("messages", [catalogue_messages, codebook_names, recommendation_texts],
                         ids=["catalogues", "codebook-names", "recommendations"])
def test_messages_use_the_glossary_terms(messages):
    problems = load_glossary().problems(messages())
    assert not problems, "\n".join(problems)


def test_the_check_finds_a_calque_and_a_missing_term():
    g = load_glossary()
    found = g.problems([("Brain drain", {"kk": "Ми ағымын мойындау", "ru": "Утечка мозгов"}),
                        ("Documents present only through secondary sources", {"kk": "тек қосымша дереккөздер"})])
    assert any("ми ағым" in p for p in found)
    assert any("қосымша дереккөз" in p for p in found)
    assert any("lacks «мидың сыртқа ағылуы»" in p for p in found)


def test_reference_paper_is_cited_by_its_title_in_the_report_language():
    """The paper was published with Russian, Kazakh and English titles; a Russian or Kazakh
    report cites it by its own title there, never by an English paraphrase."""
    from talentflow.exchange.reference import PAPER_CITATION, citation_in

    assert citation_in(PAPER_CITATION, "ru").startswith("Конарбаева М. М., Кантарбаева Ш. М. (2025). Государственное")
    assert "интеллектуалдық көші-қонды мемлекеттік реттеу" in citation_in(PAPER_CITATION, "kk")
    for lang in ("ru", "kk"):
        assert "regulation" not in citation_in(PAPER_CITATION, lang)
        assert "doi.org/10.52821/2789-4401-2025-5-60-76" in citation_in(PAPER_CITATION, lang)
    assert citation_in("another study", "ru") == "another study"
