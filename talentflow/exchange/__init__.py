"""Human in the loop: REFI-QDA exchange, human codings, reference codings and agreement."""

from talentflow.exchange.agreement import AgreementReport, CategoryAgreement, agreement
from talentflow.exchange.evaluate import GoldError, coder_agreement, evaluate
from talentflow.exchange.human import (
    HumanCoding,
    HumanCodingError,
    HumanLevel,
    HumanSelection,
    read_human_codings,
)
from talentflow.exchange.qdpx import export_qdc, export_qdpx
from talentflow.exchange.qdpx_read import coded_documents, read_qdpx
from talentflow.exchange.reference import load_reference
from talentflow.exchange.validate import validate_qdc, validate_qdpx

__all__ = [
    "AgreementReport",
    "CategoryAgreement",
    "GoldError",
    "HumanCoding",
    "HumanCodingError",
    "HumanLevel",
    "HumanSelection",
    "agreement",
    "coder_agreement",
    "coded_documents",
    "evaluate",
    "export_qdc",
    "export_qdpx",
    "load_reference",
    "read_human_codings",
    "read_qdpx",
    "validate_qdc",
    "validate_qdpx",
]
