"""ru, kk and en: complete catalogues, different headings, real Kazakh, locale number formats."""

from __future__ import annotations

from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from talentflow.report import compose, gather_inputs
from talentflow.report.i18n import LANGS, Lang, catalogue_path
from talentflow.report.model import Table
from talentflow.report.msgids import extract, report_msgids
from talentflow.report.render_html import render_html

KAZAKH_LETTERS = set("әғқңөұүһі")


@pytest.fixture(scope="module")
def kgz_gathered(kgz_inputs):
    corpus, data, _ = kgz_inputs
    return gather_inputs([corpus], data, "KGZ", "en")


def catalogue(lang):
    with catalogue_path(lang).open("rb") as fh:
        return read_po(fh)


@pytest.mark.parametrize("lang", LANGS)
def test_every_msgid_is_translated(lang):
    cat = catalogue(lang)
    used = report_msgids()
    assert len(used) > 100
    missing = [m for m in used if not (cat.get(m) and cat.get(m).string)]
    assert not missing, f"{lang}: untranslated {missing[:5]}"
    fuzzy = [m.id for m in cat if m.id and m.fuzzy]
    assert not fuzzy


def test_placeholders_survive_translation():
    import re

    for lang in LANGS:
        for m in catalogue(lang):
            if m.id:
                assert set(re.findall(r"{\w+}", m.id)) == set(re.findall(r"{\w+}", m.string)), (lang, m.id)


def test_extractor_reads_concatenated_literals():
    assert extract('L.t("a " "b {n}", n=1)\nx.t(name)') == ["a b {n}"]


def test_kazakh_is_kazakh_not_russian():
    ru, kk = catalogue("ru"), catalogue("kk")
    import re

    # messages with words (not only placeholders and punctuation)
    ids = [m.id for m in kk if m.id and len(re.sub(r"{\w+}|\W", "", m.id)) > 8]
    same = [i for i in ids if kk.get(i).string == ru.get(i).string]
    with_letters = [i for i in ids if KAZAKH_LETTERS & set(kk.get(i).string.lower())]
    assert len(same) <= 2
    assert len(with_letters) >= 0.8 * len(ids)


def test_all_three_languages_build_with_different_headings(kgz_gathered):
    headings = {}
    for lang in LANGS:
        model = compose(kgz_gathered, lang)
        html = render_html(model)
        assert f'<html lang="{lang}">' in html
        headings[lang] = [s.title for s in model.sections]
    assert headings["ru"] != headings["en"] != headings["kk"] != headings["ru"]
    assert headings["en"][0] == "Key findings"
    assert headings["ru"][0] == "Основные выводы"
    assert headings["kk"][0] == "Негізгі тұжырымдар"


def test_numbers_and_country_follow_the_locale():
    assert Lang("en").num(12345) == "12,345"
    assert Lang("ru").num(12345) == "12\xa0345"
    assert Lang("kk").num(12345.5) == "12\xa0345,5"
    assert Lang("kk").country("KAZ") == "Қазақстан"
    assert Lang("ru").country("KGZ") != Lang("en").country("KGZ")


def test_unknown_language_is_refused():
    with pytest.raises(ValueError, match="xx"):
        Lang("xx")


def test_kazakh_pdf_has_kazakh_letters_and_dejavu(kgz_gathered, tmp_path: Path):
    pypdf = pytest.importorskip("pypdf")
    from talentflow.report import write_report

    result = write_report(kgz_gathered, "kk", formats=("pdf",), out_dir=tmp_path)
    reader = pypdf.PdfReader(result.files["pdf"])
    text = "".join(p.extract_text() for p in reader.pages[:3])
    assert KAZAKH_LETTERS & set(text.lower())
    fonts = set()
    for page in reader.pages[:3]:
        for f in page["/Resources"]["/Font"].values():
            fonts.add(str(f.get_object()["/BaseFont"]))
    assert any("DejaVu" in f for f in fonts), fonts


def test_units_of_the_data_are_translated():
    from talentflow.report.i18n import Lang

    ru, kk, en = Lang("ru"), Lang("kk"), Lang("en")
    for unit in ("persons", "publications", "per 100,000 population", "billion KRW", "source=national"):
        assert ru.unit(unit) != unit and kk.unit(unit) != unit, unit
        assert ru.unit(unit) != kk.unit(unit), unit
    assert en.unit("persons") == "persons" and ru.unit("percent") == "%"
    assert ru.unit("light years") == "light years"  # unknown units pass through unchanged


def test_russian_practice_table_names_outcomes_by_label(kgz_report):
    from talentflow.recommend import load_practices

    table = next(b for b in kgz_report.model.section("practice").blocks if isinstance(b, Table))
    outcomes = [row[-1].text for row in table.rows]
    ids = {o.indicator for p in load_practices() for o in p.outcomes}
    for text in outcomes:
        assert "_" not in text, text
        assert not any(i in text or i.replace("_", " ") in text for i in ids), text
    assert any("Первоначальная цель набора: 2" in text for text in outcomes), outcomes
