"""HTML comments as metadata and parts; manifests overriding what the text says; bad manifests."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from talentflow.ingest import read_documents
from talentflow.ingest.manifest import ManifestError, load_manifest
from talentflow.ingest.markup import parse_marked_text

DOSSIER_MD = """<!-- title: Концепция миграционной политики -->
<!-- document: c2023; language: ru; recovered: partial -->

<!-- source: https://example.org/first -->
# Концепция миграционной политики

Правительство утверждает **Концепцию** на 2023 – 2027 годы. См. [портал](https://example.org/x).

<!-- source: https://example.org/second -->
- Вторая часть текста о квотах для иностранных специалистов.
"""


def test_comments_are_metadata_and_sources_open_parts(tmp_path: Path) -> None:
    path = tmp_path / "c2023.ru.md"
    path.write_text(DOSSIER_MD, encoding="utf-8")
    (doc,), errors = read_documents([path])
    assert errors == []
    assert "<!--" not in doc.text and "source:" not in doc.text
    assert doc.meta.id == "c2023"
    assert doc.meta.title == "Концепция миграционной политики"
    assert doc.meta.completeness == "partial"
    assert doc.meta.source_url == "https://example.org/first"
    assert doc.meta.period == "2023-2027"
    assert [p.source_url for p in doc.parts] == ["https://example.org/first", "https://example.org/second"]
    first, second = (doc.text[p.start : p.end] for p in doc.parts)
    assert first.startswith("Концепция миграционной политики")
    assert "Правительство утверждает Концепцию на 2023 – 2027 годы. См. портал." in first
    assert second == "Вторая часть текста о квотах для иностранных специалистов."
    assert all(doc.parts[s.part].start <= s.start < doc.parts[s.part].end for s in doc.paragraphs)
    assert doc.paragraphs[-1].part == 1


def test_comment_spanning_lines_is_removed(tmp_path: Path) -> None:
    path = tmp_path / "note.txt"
    path.write_text("Первая строка.\n<!-- a note\nover two lines -->\nВторая строка.", encoding="utf-8")
    (doc,), _ = read_documents([path])
    assert doc.text == "Первая строка.\nВторая строка."


def _corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "law_migration_2011.ru.md").write_text("О миграции населения\n\nНастоящий Закон регулирует отношения.", encoding="utf-8")
    (folder / "law_migration_2011.kk.md").write_text(
        "Халықтың көші-қоны туралы\n\nОсы Заң қоғамдық қатынастарды реттейді.", encoding="utf-8"
    )
    return folder


def test_ru_and_kk_versions_get_language_suffixed_ids(tmp_path: Path) -> None:
    docs, errors = read_documents([_corpus(tmp_path)])
    assert errors == []
    assert sorted(d.meta.id for d in docs) == ["law_migration_2011.kk", "law_migration_2011.ru"]


def test_manifest_overrides_text_metadata(tmp_path: Path) -> None:
    folder = _corpus(tmp_path)
    (folder / "manifest.csv").write_text(
        "file,id,title,act_type,date,issuer,coverage_note,publisher,chars\n"
        "law_migration_2011.ru.md,law_migration,О миграции населения,закон,2011-07-22,Парламент,full text,x,10\n",
        encoding="utf-8",
    )
    docs, errors = read_documents([folder])
    assert errors == []
    by_id = {d.meta.id: d for d in docs}
    ru = by_id["law_migration"]
    assert ru.meta.date.isoformat() == "2011-07-22"
    assert ru.meta.act_type == "закон"
    assert ru.meta.note == "full text"
    assert ru.parts[0].date == "2011-07-22"
    assert "law_migration_2011" in by_id  # the kk file keeps its stem id: no collision left


def test_yaml_manifest_given_explicitly(tmp_path: Path) -> None:
    folder = _corpus(tmp_path)
    manifest = folder / "meta.yaml"
    manifest.write_text("- file: law_migration_2011.kk.md\n  id: kk_law\n  completeness: partial\n", encoding="utf-8")
    docs, errors = read_documents([folder], manifest=manifest)
    assert errors == []
    kk = next(d for d in docs if d.meta.id == "kk_law")
    assert kk.meta.completeness == "partial"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("id,title\nx,y\n", "no 'file' column"),
        ("file,id\nmissing.md,x\n", "row 2: file 'missing.md' not found"),
        ("file,date\nlaw_migration_2011.ru.md,2011-13-45\n", "row 2, column 'date': bad date"),
        ("file,date\nlaw_migration_2011.ru.md,someday\n", "row 2, column 'date': bad date"),
        ("file,completeness\nlaw_migration_2011.ru.md,most\n", "row 2, column 'completeness'"),
    ],
)
def test_bad_manifest_names_file_and_row(tmp_path: Path, content: str, message: str) -> None:
    folder = _corpus(tmp_path)
    manifest = folder / "manifest.csv"
    manifest.write_text(content, encoding="utf-8")
    with pytest.raises(ManifestError, match=message) as info:
        load_manifest(manifest)
    assert str(manifest) in str(info.value)
    docs, errors = read_documents([folder])
    assert len(docs) == 2  # the documents are still read
    assert [e.path for e in errors] == [str(manifest)]
    assert message.split(":")[0] in errors[0].reason


def test_partial_manifest_dates_are_kept_on_the_part(tmp_path: Path) -> None:
    folder = _corpus(tmp_path)
    (folder / "manifest.csv").write_text("file,date\nlaw_migration_2011.ru.md,19 September\n", encoding="utf-8")
    docs, errors = read_documents([folder])
    assert errors == []
    ru = next(d for d in docs if d.parts[0].path.endswith(".ru.md"))
    assert ru.meta.date is None
    assert ru.parts[0].date == "19 September"


def test_markdown_syntax_is_removed_and_words_kept() -> None:
    from talentflow.ingest.markup import parse_marked_text

    raw = (
        "## Глава 1. **Общие** положения ##\n\n"
        "> Цитата с _курсивом_ и `кодом`.\n"
        "| Показатель | 2022 |\n|---|---|\n| Эмиграция | 10 |\n\n"
        "* пункт списка со ссылкой [на закон](https://adilet.zan.kz/rus/docs/Z110000477_)\n"
        "---\n"
        'Картинка ![схема](a.png) и <span class="x">тег</span>; snake_case_name остаётся.'
    )
    marked = parse_marked_text(raw, markdown=True)
    assert marked.text == (
        "Глава 1. Общие положения\n\n"
        "Цитата с курсивом и кодом.\n"
        "Показатель | 2022\n\nЭмиграция | 10\n\n"
        "пункт списка со ссылкой на закон\n\n"
        "Картинка схема и тег; snake_case_name остаётся."
    )
    assert marked.first_heading == "Глава 1. Общие положения"


@pytest.mark.parametrize(
    "line",
    ["- тире в начале", "# не заголовок", "> не цитата", "a *b* [c](d) <b>x</b> | y", "1. Пункт", "путь C:\\dir"],
)
def test_escaped_plain_text_reads_back_verbatim(line: str) -> None:
    from talentflow.ingest.markup import escape_markdown_line, strip_markdown_line

    assert strip_markdown_line(escape_markdown_line(line)) == line


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="аб c\t\n\r\u2028\u00a0\x0b\x1c.-#*", max_size=60))
def test_a_txt_file_without_comments_reads_as_through_the_comment_path(raw):
    """The shortcut for plain text gives what the general path gives (a comment-only line at
    the end disappears and sends the text through it)."""
    raw = raw.replace("\r", "")  # line endings are normalised before this step
    fast = parse_marked_text(raw, markdown=False)
    general = parse_marked_text(raw + "\n<!---->", markdown=False)
    assert (fast.text, fast.parts, fast.fields, fast.first_heading) == (
        general.text, general.parts, general.fields, general.first_heading)
