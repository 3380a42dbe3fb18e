"""The register of analysed documents fills metadata of dossiers built from descriptions only."""

import datetime as dt

from talentflow.ingest import read_dossiers


def write(path, text):
    path.write_text(text, encoding="utf-8")
    return path


def test_register_dates_a_press_only_dossier(tmp_path):
    write(tmp_path / "a.en.md", "<!-- source: https://example.org/a -->\nThe concept mentions brain drain.\n")
    write(tmp_path / "manifest.csv", "file,about,language\na.en.md,doc1,en\n")
    write(tmp_path / "documents.csv", "id,title,date,act_type\ndoc1,Concept of things,2014-01-17,указ\n")
    docs, errors = read_dossiers([tmp_path])
    assert errors == []
    (doc,) = docs
    assert doc.meta.id == "doc1"
    assert doc.meta.date == dt.date(2014, 1, 17)
    assert doc.meta.title == "Concept of things"
    assert doc.meta.completeness == "secondary"


def test_official_metadata_is_not_overwritten(tmp_path):
    write(tmp_path / "b.ru.md", "<!-- title: Настоящее название -->\nТекст постановления.\n")
    write(tmp_path / "manifest.csv", "file,id,language\nb.ru.md,doc2,ru\n")
    write(tmp_path / "documents.csv", "id,title,date\ndoc2,Другое название,2020-01-01\n")
    docs, _ = read_dossiers([tmp_path])
    assert docs[0].meta.title == "Настоящее название"
    assert docs[0].meta.date == dt.date(2020, 1, 1)


def test_bad_register_date_is_reported_with_row(tmp_path):
    write(tmp_path / "c.en.md", "Text.\n")
    write(tmp_path / "manifest.csv", "file,about,language\nc.en.md,doc3,en\n")
    write(tmp_path / "documents.csv", "id,date\ndoc3,2022-13-45\n")
    docs, errors = read_dossiers([tmp_path])
    assert len(docs) == 1
    assert errors and "documents.csv:2" in errors[0].reason and "date" in errors[0].reason
