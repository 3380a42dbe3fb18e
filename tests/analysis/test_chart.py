"""The evolution chart: reproducible files, in three languages, gaps marked."""

from PIL import Image

from talentflow.analysis import build_matrix, evolution_chart
from talentflow.analysis.chart import render
from talentflow.analysis.synthetic import synthetic_corpus


def test_identical_input_gives_identical_files(tmp_path):
    coded, book = synthetic_corpus(seed=1)
    m = build_matrix(coded, book)
    a = evolution_chart(m, tmp_path / "a.png", tmp_path / "a.svg", codebook=book)
    b = evolution_chart(build_matrix(coded, book), tmp_path / "b.png", tmp_path / "b.svg", codebook=book)
    for x, y in zip(a, b, strict=True):
        assert x.read_bytes() == y.read_bytes()
    svg = (tmp_path / "a.svg").read_text(encoding="utf-8")
    assert "<dc:date>" not in svg


def test_png_opens_and_languages_differ(tmp_path):
    coded, book = synthetic_corpus(seed=2, n_docs=12)
    m = build_matrix(coded, book)
    evolution_chart(m, tmp_path / "c.png", None, lang="kk")
    with Image.open(tmp_path / "c.png") as img:
        assert img.width > 400 and img.height > 200
    assert render(m, "svg", "en") != render(m, "svg", "ru") != render(m, "svg", "kk")


def test_gap_changes_the_chart():
    coded, book = synthetic_corpus(seed=4)
    m = build_matrix(coded, book)
    before = render(m, "svg")
    key = (m.documents[0].id, m.categories[0])
    m.cells[key].gap = not m.cells[key].gap
    assert render(m, "svg") != before
