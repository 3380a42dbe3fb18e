"""Document types: read from a manifest or the act type; foreign practice and international texts
never count as the country's documents; change over time compares comparable types only."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from talentflow.analysis import build_matrix
from talentflow.coding import code_documents, load_codebook
from talentflow.ingest import document_from_text, read_documents
from talentflow.ingest.manifest import ManifestError, load_manifest
from talentflow.ingest.metadata import infer_doc_type
from talentflow.ingest.model import DocumentMeta
from talentflow.report.compose_policy import evolution_text
from talentflow.report.i18n import Lang


def test_types_inferred_from_act_type_and_title():
    assert infer_doc_type("закон", "О миграции населения") == "law"
    assert infer_doc_type("постановление", "Об утверждении Концепции миграционной политики") == "concept"
    assert infer_doc_type("указ", "О мерах") == "bylaw"
    assert infer_doc_type("address", None) == "address"
    assert infer_doc_type(None, None) is None


def test_manifest_doc_type_is_validated_and_foreign_practice_is_read(tmp_path: Path):
    (tmp_path / "a.en.md").write_text("China's Thousand Talents Plan attracts foreign scientists.\n")
    (tmp_path / "b.en.md").write_text("Kazakhstan attracts foreign specialists with a special visa.\n")
    (tmp_path / "manifest.csv").write_text(
        "file,about,publisher,title\n"
        "a.en.md,international,Xinhua,Thousand Talents\n"
        "b.en.md,talent_attraction,Kazinform,Visa\n"
    )
    docs, errors = read_documents([tmp_path])
    assert not errors
    kinds = {d.meta.path.split("/")[-1]: d.meta.doc_type for d in docs}
    assert kinds == {"a.en.md": "foreign_practice", "b.en.md": "press"}
    (tmp_path / "manifest.csv").write_text("file,doc_type\na.en.md,gossip\n")
    with pytest.raises(ManifestError, match="row 2, column 'doc_type'"):
        load_manifest(tmp_path / "manifest.csv")


def _doc(doc_id: str, text: str, kind: str | None, year: int):
    meta = DocumentMeta(id=doc_id, title=doc_id, doc_type=kind, date=dt.date(year, 1, 1), language="en")
    return document_from_text(text, meta)


def test_foreign_practice_never_enters_the_matrix():
    book = load_codebook()
    docs = [
        _doc("kz_concept", "The concept aims to attract foreign specialists.", "concept", 2022),
        _doc("china_tt", "The Thousand Talents programme attracts foreign scientists with grants.",
             "foreign_practice", 2008),
        _doc("un_res", "The resolution calls on states to reduce the brain drain.", "international", 2015),
    ]
    m = build_matrix(code_documents(docs, book), book)
    assert [d.id for d in m.documents] == ["kz_concept"]
    assert {d.id for d in m.excluded} == {"china_tt", "un_res"}


def test_change_over_time_compares_one_type_and_says_which():
    book = load_codebook()
    docs = [
        _doc("law1991", "Brain drain of specialists is a problem. Quotas for kandas are set by law.", "law", 1991),
        _doc("speech2019", "Good afternoon.", "address", 2019),
        _doc("law2011", "Foreign specialists are attracted with visas.", "law", 2011),
    ]
    m = build_matrix(code_documents(docs, book), book)
    text = evolution_text(m, Lang("en"))
    assert "law" in text and "within one type" in text
    assert "speech2019" not in text  # a law is never compared with a speech
