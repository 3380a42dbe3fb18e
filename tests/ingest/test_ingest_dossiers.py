"""Dossiers: one document per act from its official opening and its press descriptions."""

from __future__ import annotations

from pathlib import Path

from talentflow.ingest import read_dossiers


def test_dossiers_of_the_shared_corpus(corpus: Path) -> None:
    docs, errors = read_dossiers([corpus / "adilet", corpus / "press"])
    assert errors == []
    by_id = {d.meta.id: d for d in docs}
    for key in ("u2007_399", "u2014_732", "p2017_602", "p2022_961"):
        assert key in by_id
    ids = [d.meta.id for d in docs]
    assert len(ids) == len(set(ids))

    p961 = by_id["p2022_961"]
    assert p961.meta.completeness == "partial"  # the official opening comes first
    assert p961.meta.act_type == "постановление" and p961.meta.number == "961"
    assert p961.parts[0].path.endswith("adilet/p2022_961.ru.md")
    assert p961.parts[0].source_url == "https://adilet.zan.kz/rus/docs/P2200000961/compare"
    press_paths = [Path(p.path).name for p in p961.parts[2:]]
    assert press_paths == sorted(press_paths) and len(press_paths) == 10
    assert all(p.source_url for p in p961.parts)
    assert {p.language for p in p961.parts} == {"ru", "en", "kk"}
    assert p961.text.startswith("Об утверждении Концепции")
    for a, b in zip(p961.parts, p961.parts[1:], strict=False):
        assert a.end <= b.start

    u732 = by_id["u2014_732"]
    assert u732.meta.completeness == "secondary"  # press descriptions only
    assert len(u732.parts) == 7

    # every segment still points into the merged text and into its part
    for doc in docs:
        for seg in doc.paragraphs + doc.sentences:
            part = doc.parts[seg.part]
            assert part.start <= seg.start < seg.end <= part.end
            assert doc.span(seg).strip() == doc.span(seg)


def test_files_without_about_or_id_stay_documents_of_their_own(tmp_path: Path) -> None:
    (tmp_path / "act.ru.md").write_text("<!-- source: https://example.org/act -->\nТекст акта о миграции.", encoding="utf-8")
    (tmp_path / "news-1.en.md").write_text("<!-- source: https://example.org/n1 -->\nThe act was adopted.", encoding="utf-8")
    (tmp_path / "news-2.en.md").write_text("<!-- source: https://example.org/n2 -->\nIt sets quotas.", encoding="utf-8")
    (tmp_path / "speech.en.md").write_text("A speech on education and science.", encoding="utf-8")
    (tmp_path / "manifest.csv").write_text(
        "file,id,about\nact.ru.md,act2020,\nnews-1.en.md,,act2020\nnews-2.en.md,,act2020\n", encoding="utf-8"
    )
    docs, errors = read_dossiers([tmp_path])
    assert errors == []
    by_id = {d.meta.id: d for d in docs}
    assert sorted(by_id) == ["act2020", "speech"]
    act = by_id["act2020"]
    assert act.text == "Текст акта о миграции.\n\nThe act was adopted.\n\nIt sets quotas."
    assert [p.source_url for p in act.parts] == ["https://example.org/act", "https://example.org/n1", "https://example.org/n2"]
    assert act.meta.completeness == "full"
