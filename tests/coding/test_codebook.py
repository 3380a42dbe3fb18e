from pathlib import Path

import pytest

from talentflow.coding.codebook import CodebookError, load_codebook, parse_codebook, shipped_codebook_path

REQUIRED = [
    "brain_drain", "retention", "return", "institutional", "sdg",
    "education_migration", "talent_attraction", "diaspora", "repatriation", "monitoring",
]


def test_shipped_codebook_has_all_categories_in_three_languages():
    book = load_codebook()
    assert book.ids == REQUIRED
    assert len(book.sha256) == 64
    for cat in book.categories:
        for lang in ("ru", "kk", "en"):
            assert cat.name[lang] and cat.definition[lang]
            assert len(cat.lexicon[lang]) >= 5, (cat.id, lang)
    assert book.category("sdg").sdg == [4, 8, 9]
    for kind in ("intention", "instrument", "target", "absence"):
        assert set(book.cues[kind]) == {"ru", "kk", "en"}


def test_sha256_changes_with_content(tmp_path: Path):
    text = shipped_codebook_path().read_text(encoding="utf-8")
    p = tmp_path / "cb.yaml"
    shipped = load_codebook().version
    p.write_text(text.replace(f'version: "{shipped}"', 'version: "9.9.9"', 1), encoding="utf-8")
    assert load_codebook(p).sha256 != load_codebook().sha256
    assert load_codebook(p).version == "9.9.9"


def _error_for(text: str) -> str:
    with pytest.raises(CodebookError) as info:
        parse_codebook(text, "my.yaml")
    return str(info.value)


MINIMAL = """id: t
version: "1"
languages: [en]
categories:
  - id: a
    name: {en: A}
    definition: {en: A}
    lexicon:
      en: [alpha]
  - id: b
    name: {en: B}
    definition: {en: B}
    lexicon:
      en: [beta]
    sdg: [4]
"""


def test_minimal_codebook_loads():
    assert parse_codebook(MINIMAL, "my.yaml").ids == ["a", "b"]


def test_error_names_file_line_and_field():
    msg = _error_for(MINIMAL.replace("sdg: [4]", "sdg: [four]"))
    assert msg.startswith("my.yaml:15:")
    assert "categories.1.sdg.0" in msg


def test_missing_field_points_at_its_parent():
    msg = _error_for(MINIMAL.replace("    definition: {en: B}\n", ""))
    assert msg.startswith("my.yaml:10:") and "categories.1.definition" in msg


def test_duplicate_ids_and_yaml_syntax():
    assert "duplicate category id 'a'" in _error_for(MINIMAL.replace("id: b", "id: a"))
    msg = _error_for(MINIMAL.replace("lexicon:\n      en: [beta]", "lexicon:\n      en: [beta"))
    assert msg.startswith("my.yaml:") and "not valid YAML" in msg


def test_unreadable_file_is_named(tmp_path: Path):
    with pytest.raises(CodebookError, match="nope.yaml"):
        load_codebook(tmp_path / "nope.yaml")


def test_names_and_definitions_cover_exactly_the_codebook_languages():
    msg = _error_for(MINIMAL.replace("    definition: {en: B}", "    definition: {xx: B}"))
    assert msg.startswith("my.yaml:") and "categories.1.definition" in msg and "unknown language 'xx'" in msg
    three = MINIMAL.replace("languages: [en]", "languages: [ru, kk, en]")
    msg = _error_for(three)
    assert "categories.0.name" in msg and "missing language 'ru'" in msg


def test_instrument_cues_and_max_level_are_checked():
    text = MINIMAL.replace("    sdg: [4]\n", "    sdg: [4]\n    instrument_cues: nowhere\n    max_level: 1\n")
    msg = _error_for(text)
    assert msg.startswith("my.yaml:16:") and "categories.1.instrument_cues" in msg and "'nowhere'" in msg
    msg = _error_for(MINIMAL.replace("    sdg: [4]\n", "    sdg: [4]\n    max_level: 7\n"))
    assert "categories.1.max_level" in msg
    book = parse_codebook(MINIMAL.replace("    sdg: [4]\n", "    sdg: [4]\n    max_level: 1\n"), "my.yaml")
    assert book.category("b").max_level == 1 and book.category("a").max_level == 4
