"""The observatory report: one model composed from every stage, rendered to HTML, PDF and DOCX
in Russian, Kazakh or English."""

from talentflow.report.builder import FORMATS, build_report, gather_inputs, write_report
from talentflow.report.compose import compose
from talentflow.report.inputs import (
    PolicyInputs,
    PracticeInputs,
    ReportInputs,
    StatsInputs,
)
from talentflow.report.model import ReportModel, ReportResult

__all__ = [
    "FORMATS",
    "PolicyInputs",
    "PracticeInputs",
    "ReportInputs",
    "ReportModel",
    "ReportResult",
    "StatsInputs",
    "build_report",
    "compose",
    "gather_inputs",
    "write_report",
]
