"""Ingest: documents (HTML, PDF, DOCX, TXT, Markdown) → :class:`Document` with located segments.

Public API::

    read_documents(paths, manifest=None, max_bytes=100 MiB, progress=None) -> (documents, errors)
    read_dossiers(paths, manifest=None, max_bytes=100 MiB, progress=None) -> (documents, errors)
    document_from_text(text, meta=None, path="") -> Document
    segment_text(text) -> (paragraphs, sentences)
    detect_language(text) -> "ru" | "kk" | "en" | "und"
"""

from talentflow.ingest.documents import document_from_text, read_documents
from talentflow.ingest.dossiers import read_dossiers
from talentflow.ingest.language import detect_language
from talentflow.ingest.model import COMPLETENESS, Document, DocumentMeta, Part, ReadError, Segment
from talentflow.ingest.segment import segment_text

__all__ = [
    "COMPLETENESS",
    "Document",
    "DocumentMeta",
    "Part",
    "ReadError",
    "Segment",
    "detect_language",
    "document_from_text",
    "read_documents",
    "read_dossiers",
    "segment_text",
]
