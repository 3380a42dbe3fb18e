"""The report opens with a headline story a minister can read, in ru, kk and en, and speaks in
names, not codes: each summary sentence links to its evidence; the corpus's limits are said near
the top; projections are a chart, never a finding; long tables are summarised in print."""

from __future__ import annotations

import re

import pytest
from openpyxl import load_workbook

from talentflow.report import compose, write_report
from talentflow.report.model import Figure, Paragraph, Table
from talentflow.report.render_html import render_html
from talentflow.stats.charts import LABELS

KAZAKH_LETTERS = set("әғқңөұүһі")
#: how the data and the corpus name things internally; a reader must never see one
CODES = re.compile(r"\bu2014_732\b|\biom2020_profile\b|\bu2007_399\b|\bp2017_602\b|\bp2022_961\b|\blaw_[a-z_]+\d"
                   r"|[a-z_]+(?:>=|<=)\d|\bY_(?:GT|LT)?_?WORKING\b|\bED5T8\b|\bED35\b|\bpartner_group=|"
                   r"\btertiary_share_emigrants\b|\bkandas_by_education\b")


def summary(model):
    return [b for b in model.section("findings").blocks if isinstance(b, Paragraph)]


@pytest.mark.parametrize("lang", ["ru", "kk", "en"])
def test_summary_has_five_to_eight_sentences_each_linked_to_evidence(default_models, lang):
    model = default_models[lang]
    ids = {s.id for s in model.walk()}
    paras = summary(model)
    assert 5 <= len(paras) <= 8
    assert all(p.link in ids for p in paras)
    html = render_html(model)
    for p in paras:
        assert f'href="#{p.link}"' in html
    if lang == "kk":
        kazakh = [p for p in paras if KAZAKH_LETTERS & set(p.text.lower())]
        assert len(kazakh) >= len(paras) - 1


def test_summary_says_what_the_documents_lack_where_numbers_go_and_what_to_do(default_models, default_inputs):
    text = " ".join(p.text for p in summary(default_models["en"]))
    assert "No document goes beyond mentioning" in text
    assert re.search(r"Emigration (rose|fell|stayed about level)", text)
    assert "Sources disagree on" in text
    recs = default_inputs.practice.recommendations
    assert all(r.title_in("en") in text for r in recs[:3])
    # the reproduction of the paper's coding, with the reason, near the top
    repro = next(p for p in summary(default_models["en"]) if "reproduces the paper's coding" in p.text)
    assert summary(default_models["en"]).index(repro) <= 3
    assert "Concept for Kazakhstan joining the 30 most developed countries" in repro.text


def test_findings_are_grouped_and_never_a_projection(default_models):
    model = default_models["en"]
    groups = [s.id for s in model.section("findings").subsections]
    assert groups[:2] == ["findings-documents", "findings-flows"]
    assert set(groups) <= {"findings-documents", "findings-flows", "findings-students", "findings-programmes",
                           "findings-quality"}
    words = model.section("findings")
    texts = [b.text for s in [words, *words.subsections] for b in s.blocks if isinstance(b, Paragraph)]
    assert not any("projection" in t.lower() or "projected" in t.lower() for t in texts)
    proj = model.section("statistics-projection")
    figures = [b for b in proj.blocks if isinstance(b, Figure)]
    assert figures and figures[0].png and figures[0].label == "projection"
    assert "95 % interval" in figures[0].caption


@pytest.mark.parametrize("lang", ["ru", "kk", "en"])
def test_no_internal_code_is_printed(default_models, lang):
    text = default_models[lang].text()
    found = sorted(set(m.group(0) for m in CODES.finditer(text)))
    assert not found, found


def test_kandas_education_shares_name_their_levels(default_models):
    text = " ".join(b.text for b in default_models["en"].section("findings-programmes").blocks)
    assert "higher education" in text and "general secondary education" in text


@pytest.mark.parametrize("lang", ["ru", "kk"])
def test_corpus_notes_are_in_the_reports_language(default_models, lang):
    table = [b for b in default_models[lang].section("policy-matrix").blocks if isinstance(b, Table)][0]
    assert table.footnotes
    for note in table.footnotes:
        words = re.findall(r"[A-Za-z]{4,}", note.replace("talentflow fetch adilet", "").replace("adilet.zan.kz", ""))
        assert not words, (note, words)
        assert "talentflow fetch adilet" in note  # how to get the full text


def test_discrepancies_are_summarised_in_print_and_listed_in_full_beside(default_inputs, tmp_path):
    result = write_report(default_inputs, "ru", formats=("html",), out_dir=tmp_path)
    blocks = result.model.section("statistics-discrepancies").blocks
    printed = [b for b in blocks if isinstance(b, Table) and b.media == "print"]
    full = [b for b in blocks if isinstance(b, Table) and b.media == "screen"]
    assert len(printed) == 1 and len(full) == 1
    assert len(printed[0].rows) < len(full[0].rows) == len(default_inputs.stats.discrepancies)
    html = result.files["html"].read_text(encoding="utf-8")
    assert printed[0].caption not in html and full[0].caption in html
    sheet = load_workbook(result.files["discrepancies"]).active
    values = sum(len(d.observations) for d in default_inputs.stats.discrepancies)
    assert sheet.max_row - 1 == values


def test_a_kazakh_report_from_inputs_gathered_in_english_has_kazakh_charts(kgz_inputs):
    from talentflow.report import gather_inputs

    corpus, data, _ = kgz_inputs
    gathered = gather_inputs([corpus], data, "KGZ", "en")
    kk, en = compose(gathered, "kk"), compose(gathered, "en")
    kk_figs = [b for s in kk.walk() for b in s.blocks if isinstance(b, Figure)]
    en_figs = [b for s in en.walk() for b in s.blocks if isinstance(b, Figure)]
    assert kk_figs and len(kk_figs) == len(en_figs)
    titles = " ".join(f.title for f in kk_figs)
    assert LABELS["migration_flows"]["kk"] in titles
    for key in ("students_by_origin", "migration_flows"):
        assert LABELS[key]["en"] not in titles
    for f in kk_figs:
        assert KAZAKH_LETTERS & set(f.title.lower()), f.title
    # the pictures themselves were drawn again, in Kazakh
    assert all(a.png != b.png for a, b in zip(kk_figs, en_figs, strict=True))


def test_printed_summary_sentences_name_their_evidence(default_report):
    """PDF: the page of the evidence; DOCX: the heading of the section it rests on."""
    import docx

    paras = summary(default_report.model)
    titles = {s.id: s.title for s in default_report.model.walk()}
    text = "\n".join(p.text for p in docx.Document(str(default_report.files["docx"])).paragraphs)
    for p in paras:
        assert f"{p.text} (→ see section «{titles[p.link]}»)" in text
    html = render_html(default_report.model, print_variant=True)
    assert all(f'class="see" href="#{p.link}"' in html for p in paras)
