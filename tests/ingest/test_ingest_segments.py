"""Segmentation, language per paragraph and metadata, on written examples and the shared corpus."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from talentflow.ingest import detect_language, document_from_text, read_documents, segment_text
from talentflow.ingest.model import DocumentMeta


def _sentences(text: str) -> list[str]:
    _, sentences = segment_text(text)
    return [text[s.start : s.end] for s in sentences]


def test_sentences_respect_abbreviations_initials_and_decimals() -> None:
    text = (
        "В 2020 г. в страну прибыли 1,9 тыс. человек с высшим образованием, т.е. меньше, чем в 2019 г. "
        "Документ подписал Премьер-Министр А. Смаилов. Рост составил 2.5 процента. Новый абзац начинается здесь."
    )
    assert _sentences(text) == [
        "В 2020 г. в страну прибыли 1,9 тыс. человек с высшим образованием, т.е. меньше, чем в 2019 г. "
        "Документ подписал Премьер-Министр А. Смаилов.",
        "Рост составил 2.5 процента.",
        "Новый абзац начинается здесь.",
    ]


def test_sentences_in_english_and_points_of_a_decree() -> None:
    assert _sentences("Resolution No. 961 was adopted. It approves the Concept!") == [
        "Resolution No. 961 was adopted.",
        "It approves the Concept!",
    ]
    assert _sentences("1. Утвердить Концепцию.") == ["1. Утвердить Концепцию."]
    assert _sentences("Статья 1. Основные понятия") == ["Статья 1. Основные понятия"]


def test_paragraphs_are_lines_and_wrapped_lines_join() -> None:
    text = (
        "Правительство ПОСТАНОВЛЯЕТ:\n"
        "1. Утвердить Концепцию;\n"
        "2. Министерству обеспечить\n"
        "исполнение настоящего постановления.\n\n"
        "   Последний абзац.   \n"
    )
    paragraphs, sentences = segment_text(text)
    assert [text[p.start : p.end] for p in paragraphs] == [
        "Правительство ПОСТАНОВЛЯЕТ:",
        "1. Утвердить Концепцию;",
        "2. Министерству обеспечить\nисполнение настоящего постановления.",
        "Последний абзац.",
    ]
    assert all(s.kind == "sentence" and paragraphs[s.paragraph].start <= s.start < paragraphs[s.paragraph].end for s in sentences)


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Правительство утвердило Концепцию миграционной политики на пять лет.", "ru"),
        ("Қазақстан Республикасының Үкіметі көші-қон саясатының тұжырымдамасын бекітті.", "kk"),
        ("Жастар шетелге кетеді, себебі олар жақсы жалақы іздейді және білім алады.", "kk"),
        ("Sońǵy jyldary elimizden 100 myńnan astam túlek shetelge ketken.", "kk"),
        ("The government approved the migration policy concept for five years.", "en"),
        ("2023", "und"),
        ("", "und"),
    ],
)
def test_detect_language(text: str, language: str) -> None:
    assert detect_language(text) == language


def test_short_paragraphs_take_the_documents_language() -> None:
    text = "Статья 5.\n\nНастоящий Закон регулирует общественные отношения в области миграции населения."
    paragraphs, _ = segment_text(text)
    assert [p.language for p in paragraphs] == ["ru", "ru"]
    assert detect_language("Статья 5.") == "und"


def test_document_from_text_normalises_line_endings_only() -> None:
    doc = document_from_text("Первая строка.\r\nВторая строка.\rТретья.", DocumentMeta(id="x"))
    assert doc.text == "Первая строка.\nВторая строка.\nТретья."
    assert len(doc.paragraphs) == 3
    assert doc.meta.language == "ru"
    assert doc.parts[0].start == 0 and doc.parts[0].end == len(doc.text)


def test_english_metadata() -> None:
    doc = document_from_text(
        "Decree of the President of the Republic of Kazakhstan No. 602 dated 30 November 2022\n\n"
        "On the Concept of migration policy for 2023-2027",
    )
    meta = doc.meta
    assert (meta.act_type, meta.number, meta.date.isoformat(), meta.issuer, meta.period) == (
        "decree",
        "602",
        "2022-11-30",
        "President",
        "2023-2027",
    )


EXPECTED_ADILET = {
    # file: act type, number, date, issuer, period (as printed in each opening)
    "p2022_961.ru.md": ("постановление", "961", "2022-11-30", "Правительство", "2023-2027"),
    "u2007_399.kk.md": ("указ", "399", "2007-08-28", "Президент", "2007-2015"),
    "p2017_602.kk.md": ("постановление", None, None, "Правительство", "2017-2021"),
}


@pytest.mark.parametrize("name", sorted(EXPECTED_ADILET))
def test_metadata_of_the_shared_adilet_openings(corpus: Path, name: str) -> None:
    path = corpus / "adilet" / name
    from talentflow.ingest.documents import build_document, extract_file

    doc = build_document(extract_file(path), DocumentMeta(id="x"))  # the text alone, no manifest
    meta = doc.meta
    got = (meta.act_type, meta.number, meta.date.isoformat() if meta.date else None, meta.issuer, meta.period)
    assert got == EXPECTED_ADILET[name]
    assert meta.completeness == "partial"  # "recovered: partial" comment


def test_language_accuracy_on_shared_press(corpus: Path) -> None:
    folder = corpus / "press"
    expected = {r["file"]: r["language"] for r in csv.DictReader((folder / "manifest.csv").open(encoding="utf-8"))}
    docs, errors = read_documents([folder])
    assert errors == []
    total = right = 0
    latin_kk = 0
    for doc in docs:
        want = expected[Path(doc.meta.path).name]
        for p in doc.paragraphs:
            if len(doc.span(p).split()) < 5:
                continue
            total += 1
            right += p.language == want
            latin_kk += want == "kk" and p.language == "kk" and not any("\u0400" <= c <= "\u04ff" for c in doc.span(p))
    assert total > 400
    assert right / total >= 0.95
    assert latin_kk >= 4  # the Latin-script Kazakh passages are recognised


def test_offsets_of_every_segment_of_every_shared_file(corpus: Path) -> None:
    docs, errors = read_documents([corpus])
    assert errors == []
    assert len(docs) >= 115
    for doc in docs:
        assert "<!--" not in doc.text
        assert "\r" not in doc.text
        previous_end = 0
        for p in doc.paragraphs:
            span = doc.span(p)
            assert span and span == span.strip(), (doc.meta.id, p)
            assert p.start >= previous_end
            previous_end = p.end
            assert p.language in ("ru", "kk", "en", "und")
        for s in doc.sentences:
            paragraph = doc.paragraphs[s.paragraph]
            assert paragraph.start <= s.start < s.end <= paragraph.end, (doc.meta.id, s)
            assert doc.span(s) == doc.span(s).strip()
            assert s.language == paragraph.language
        for part in doc.parts:
            assert 0 <= part.start <= part.end <= len(doc.text)


def test_table_of_contents_is_not_the_title(tmp_path: Path) -> None:
    path = tmp_path / "law_science.ru.md"
    path.write_text("## Оглавление\n\n# О науке\n\nНастоящий Закон регулирует отношения в области науки.", encoding="utf-8")
    (doc,), errors = read_documents([path])
    assert errors == []
    assert doc.meta.title == "О науке"


def test_kazakh_article_headings_stay_whole() -> None:
    assert _sentences("2-бап. Көші-қон туралы заңнама. Ол Конституцияға негізделеді.") == [
        "2-бап. Көші-қон туралы заңнама.",
        "Ол Конституцияға негізделеді.",
    ]
