"""HTML is self-contained, the PDF opens and has pages, the DOCX has real structure."""

from __future__ import annotations

import zipfile

import pytest
from lxml import html as lhtml


def test_html_is_self_contained(default_report):
    doc = lhtml.fromstring(default_report.files["html"].read_bytes())
    for el in doc.iter("script", "link", "img", "iframe", "object", "embed", "source"):
        for attr in ("src", "href", "data"):
            value = el.get(attr) or ""
            assert not value.startswith(("http:", "https:", "//")), (el.tag, value[:80])
    assert not doc.xpath("//link[@rel='stylesheet']")
    assert doc.xpath("//style")
    imgs = doc.xpath("//img")
    assert imgs and all(i.get("src").startswith("data:image/") for i in imgs)
    assert "@import" not in "".join(doc.xpath("//style/text()"))


def test_html_has_toc_and_source_details(default_report):
    doc = lhtml.fromstring(default_report.files["html"].read_bytes())
    ids = set(doc.xpath("//@id"))
    links = doc.xpath("//nav[contains(@class,'toc')]//a/@href")
    assert len(links) >= 10
    assert all(h[1:] in ids for h in links)
    assert doc.xpath("//details/summary")
    assert doc.xpath("//details//blockquote")


def test_pdf_opens_with_pages_and_no_blank_page(default_report):
    pypdf = pytest.importorskip("pypdf")
    reader = pypdf.PdfReader(default_report.files["pdf"])
    assert len(reader.pages) > 5
    sizes = {(round(float(p.mediabox.width)), round(float(p.mediabox.height))) for p in reader.pages}
    assert (595, 842) in sizes  # A4 portrait
    for i, page in enumerate(reader.pages, 1):
        # a page holds more than a heading and its number: text, or a chart
        words = page.extract_text().split()
        images = page["/Resources"].get("/XObject") if "/Resources" in page else None
        assert len(words) > 25 or images, f"page {i} is nearly blank: {' '.join(words)}"
    assert "Key findings" in reader.pages[0].extract_text() + reader.pages[1].extract_text()


def test_docx_has_headings_tables_images_toc_and_properties(default_report):
    import docx

    d = docx.Document(str(default_report.files["docx"]))
    styles = {p.style.name for p in d.paragraphs}
    assert {"Title", "Heading 1", "Heading 2"} <= styles
    assert len(d.tables) >= 5
    assert len(d.inline_shapes) >= 1
    meta = default_report.model.meta
    assert d.core_properties.title == meta.title
    assert d.core_properties.created.replace(tzinfo=None) == meta.created.replace(tzinfo=None)
    with zipfile.ZipFile(default_report.files["docx"]) as z:
        xml = z.read("word/document.xml").decode()
    assert 'TOC \\o "1-3"' in xml
    assert any(s.orientation == 1 for s in d.sections)  # WD_ORIENT.LANDSCAPE for the wide matrix


def test_outputs_are_readable_files(default_report):
    for path in default_report.files.values():
        assert path.stat().st_size > 1000
        assert path.stat().st_mode & 0o044  # not left private like a temporary file
    assert not list(default_report.files["html"].parent.glob("*.part"))
