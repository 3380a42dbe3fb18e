"""REFI-QDA export: schema-valid, stable, UTF-8 without BOM, and round-trips byte for byte."""

import zipfile
from pathlib import Path

import pytest
from lxml import etree

from talentflow.analysis.synthetic import synthetic_corpus
from talentflow.exchange import coded_documents, export_qdc, export_qdpx, read_human_codings
from talentflow.exchange.validate import SCHEMA_DIR, schema_errors

SHARED = Path(__file__).resolve().parents[2] / ".." / "shared" / "refi-qda"


@pytest.fixture(scope="module")
def corpus():
    return synthetic_corpus(seed=7, n_docs=4)


def shared_schema(name):
    if not (SHARED / f"{name}.xsd").is_file():
        pytest.skip("../shared/refi-qda (the REFI schemas) is not available here")
    return etree.XMLSchema(etree.parse(str(SHARED / f"{name}.xsd")))


def test_qdpx_valid_against_project_xsd(corpus, tmp_path):
    path = export_qdpx(*corpus, tmp_path / "p.qdpx")
    with zipfile.ZipFile(path) as zf:
        qde = zf.read("project.qde")
        names = zf.namelist()
    schema = shared_schema("Project")
    assert schema.validate(etree.fromstring(qde).getroottree()), schema.error_log
    assert schema_errors(qde, "Project") == []
    assert qde.startswith(b"<?xml")
    sources = [n for n in names if n.startswith("Sources/")]
    assert len(sources) == len(corpus[0])


def test_source_texts_are_utf8_without_bom_and_offsets_point_into_them(corpus, tmp_path):
    coded, book = corpus
    path = export_qdpx(coded, book, tmp_path / "p.qdpx")
    root = etree.fromstring(zipfile.ZipFile(path).read("project.qde"))
    ns = {"q": "urn:QDA-XML:project:1.0"}
    with zipfile.ZipFile(path) as zf:
        for src in root.iterfind(".//q:TextSource", ns):
            data = zf.read("Sources/" + src.get("plainTextPath").removeprefix("internal://"))
            assert not data.startswith(b"\xef\xbb\xbf")
            doc = next(c for c in coded if c.document.meta.id == src.get("name"))
            assert data.decode("utf-8") == doc.document.text
            for sel in src.iterfind("q:PlainTextSelection", ns):
                s, e = int(sel.get("startPosition")), int(sel.get("endPosition"))
                assert any(seg.start == s and seg.end == e for seg in doc.segments)


def test_qdc_valid_against_codebook_xsd(corpus, tmp_path):
    path = export_qdc(corpus[1], tmp_path / "c.qdc")
    schema = shared_schema("Codebook")
    assert schema.validate(etree.parse(str(path))), schema.error_log
    names = etree.parse(str(path)).xpath("//*[local-name()='Code']/@name")
    assert set(corpus[1].ids) <= set(names) and "level 4" in names and "gap" in names


def test_shipped_schemas_are_the_reference_ones():
    for name in ("Project", "Codebook"):
        if not (SHARED / f"{name}.xsd").is_file():
            pytest.skip("../shared/refi-qda is not available here")
        assert (SCHEMA_DIR / f"{name}.xsd").read_bytes() == (SHARED / f"{name}.xsd").read_bytes()


def test_schema_check_rejects_a_broken_project(corpus, tmp_path):
    path = export_qdpx(*corpus, tmp_path / "p.qdpx")
    qde = zipfile.ZipFile(path).read("project.qde").replace(b'isCodable="true"', b"", 1)
    assert schema_errors(qde, "Project")


def test_reexport_is_identical(corpus, tmp_path):
    a = export_qdpx(*corpus, tmp_path / "a.qdpx").read_bytes()
    b = export_qdpx(*synthetic_corpus(seed=7, n_docs=4), tmp_path / "b.qdpx").read_bytes()
    assert a == b


def test_export_import_export_round_trip(corpus, tmp_path):
    coded, book = corpus
    first = export_qdpx(coded, book, tmp_path / "first.qdpx")
    human = read_human_codings(first, book)
    assert human.kind == "segment"
    assert len(human.selections) == sum(len({c.category for c in s.codes}) for d in coded for s in d.segments)
    again = export_qdpx(coded_documents(human, book), book, tmp_path / "again.qdpx")
    assert again.read_bytes() == first.read_bytes()
    for original, back in zip(coded, coded_documents(human, book), strict=True):
        assert back.levels == original.levels and sorted(back.gaps) == sorted(original.gaps)
        assert back.document.meta.date == original.document.meta.date


def test_duplicate_ids_refused(corpus, tmp_path):
    coded, book = corpus
    with pytest.raises(ValueError, match="share the id"):
        export_qdpx([coded[0], coded[0]], book, tmp_path / "p.qdpx")
    assert not (tmp_path / "p.qdpx").exists()
