"""Texts in a language talentflow does not code are reported by file, not coded as another one."""

import pytest

from talentflow.ingest import detect_language, read_documents
from talentflow.ingest.language import _language_scores_reference, language_scores

OTHER = {
    "de": "Die Abwanderung hochqualifizierter Fachkräfte ist ein großes Problem für das Land, "
          "und viele Ärzte verlassen es.",
    "fr": "La fuite des cerveaux est un problème pour le pays et les jeunes partent pour étudier.",
    "zh": "人才外流是这个国家面临的一个严重问题，许多年轻专家离开了。",
}


@pytest.mark.parametrize("lang", sorted(OTHER))
def test_other_languages_are_undetermined_with_confidence(lang):
    text = OTHER[lang]
    assert language_scores(text) == ("und", True)
    assert _language_scores_reference(text) == ("und", True)
    assert detect_language(text) == "und"


def test_supported_languages_are_unaffected():
    assert detect_language("The outflow of qualified specialists is a serious problem for the country.") == "en"
    assert detect_language("Qazaqstandyq bilimdi jastardyń jappaı shetelge ketýiniń sebebi nede") == "kk"
    assert detect_language("Отток квалифицированных кадров за рубеж усилился в последние годы.") == "ru"


def test_a_document_in_another_language_is_a_read_error_and_the_others_are_read(tmp_path):
    (tmp_path / "a.txt").write_text(OTHER["de"] + "\n\n" + OTHER["fr"] + "\n", encoding="utf-8")
    (tmp_path / "b.txt").write_text(OTHER["zh"] + "\n", encoding="utf-8")
    (tmp_path / "c.txt").write_text("Отток квалифицированных кадров за рубеж усилился.\n", encoding="utf-8")
    docs, errors = read_documents([tmp_path])
    assert [d.meta.id for d in docs] == ["c"]
    assert sorted(e.path.rsplit("/", 1)[-1] for e in errors) == ["a.txt", "b.txt"]
    assert all("unknown language" in e.reason for e in errors)


def test_folder_notes_are_not_documents_unless_named(tmp_path):
    (tmp_path / "README.md").write_text("# corpus\n\nWhat this folder holds and where it came from.\n", encoding="utf-8")
    (tmp_path / "LICENSE.txt").write_text("Public domain official texts.\n", encoding="utf-8")
    (tmp_path / "law.ru.md").write_text("Отток квалифицированных кадров за рубеж усилился.\n", encoding="utf-8")
    docs, errors = read_documents([tmp_path])
    assert [d.meta.id for d in docs] == ["law"] and errors == []
    docs, _ = read_documents([tmp_path / "README.md"])
    assert len(docs) == 1  # named explicitly: read
