import pytest

from talentflow.ingest import document_from_text
from talentflow.ingest.model import Document, DocumentMeta


def build_document(text: str, doc_id: str = "doc", language: str | None = None) -> Document:
    """A Document from plain text through the ingest stage (paragraphs, sentences, languages)."""
    return document_from_text(text, DocumentMeta(id=doc_id, language=language))


@pytest.fixture
def make_doc():
    return build_document
