"""Same inputs, same report: only the generation timestamp may differ between two builds."""

from __future__ import annotations

import zipfile

from talentflow.report import build_report


def build(kgz_inputs, out, epoch, monkeypatch):
    corpus, data, _ = kgz_inputs
    monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch)
    return build_report(corpus=[corpus], data=data, country="KGZ", lang="kk", formats=("html", "docx"), out_dir=out)


def masked(text: str, stamp: str) -> str:
    assert stamp in text
    return text.replace(stamp, "<generated>")


def test_two_builds_differ_only_in_the_timestamp(kgz_inputs, tmp_path, monkeypatch):
    a = build(kgz_inputs, tmp_path / "a", "1767225600", monkeypatch)
    b = build(kgz_inputs, tmp_path / "b", "1769904000", monkeypatch)
    sa, sb = a.model.meta.generated_text, b.model.meta.generated_text
    assert sa != sb
    ha, hb = a.files["html"].read_text(encoding="utf-8"), b.files["html"].read_text(encoding="utf-8")
    assert ha != hb
    assert masked(ha, sa) == masked(hb, sb)
    with zipfile.ZipFile(a.files["docx"]) as za, zipfile.ZipFile(b.files["docx"]) as zb:
        xa, xb = za.read("word/document.xml").decode(), zb.read("word/document.xml").decode()
        assert masked(xa, sa) == masked(xb, sb)
        assert za.read("docProps/core.xml") == zb.read("docProps/core.xml")  # created fixed from the inputs
    assert a.model.meta.hashes == b.model.meta.hashes


def test_a_changed_input_changes_its_hash(kgz_inputs, tmp_path, monkeypatch):
    corpus, data, _ = kgz_inputs
    a = build(kgz_inputs, tmp_path / "a", "1767225600", monkeypatch)
    changed = tmp_path / "corpus"
    changed.mkdir()
    for f in corpus.iterdir():
        (changed / f.name).write_bytes(f.read_bytes())
    (changed / "syn_en.en.md").write_text("# Synthetic\n\nBrain drain is a risk.\n", encoding="utf-8")
    b = build_report(corpus=[changed], data=data, country="KGZ", lang="kk", formats=("html",), out_dir=tmp_path / "b")
    assert a.model.meta.hashes["corpus"] != b.model.meta.hashes["corpus"]
    assert a.model.meta.hashes["data"] == b.model.meta.hashes["data"]
