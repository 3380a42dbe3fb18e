"""Coding stage: a codebook, the coding engine and the claims checked against its output."""

from talentflow.coding.claims import ClaimError, evaluate_claims, parse_claims
from talentflow.coding.codebook import CodebookError, load_codebook, parse_codebook
from talentflow.coding.engine import code_document, code_documents, compile_codebook
from talentflow.coding.model import LEVELS, Category, Code, Codebook, CodedDocument, CodedSegment

__all__ = [
    "LEVELS",
    "Category",
    "ClaimError",
    "Code",
    "Codebook",
    "CodebookError",
    "CodedDocument",
    "CodedSegment",
    "code_document",
    "code_documents",
    "compile_codebook",
    "evaluate_claims",
    "load_codebook",
    "parse_claims",
    "parse_codebook",
]
