import pytest

from talentflow.ingest.model import Document, DocumentMeta


def build_document(text: str, doc_id: str = "doc", language: str | None = None) -> Document:
    """A Document from plain text through the ingest stage's own segmenter."""
    try:
        from talentflow.ingest import document_from_text
    except ImportError:
        from talentflow.ingest.segment import segment_text

        paragraphs, sentences = segment_text(text)
        return Document(DocumentMeta(id=doc_id, language=language), text, paragraphs, sentences)
    doc = document_from_text(text, DocumentMeta(id=doc_id, language=language))
    return doc


@pytest.fixture
def make_doc():
    return build_document
