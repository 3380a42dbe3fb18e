"""Analysis stage: the document × category matrix, coverage score, evolution chart and outputs."""

from talentflow.analysis.chart import evolution_chart
from talentflow.analysis.matrix import COVERAGE_FORMULA, build_matrix, coverage_score
from talentflow.analysis.model import Cell, Matrix, Quote
from talentflow.analysis.writers import FORMATS, write_outputs

__all__ = [
    "COVERAGE_FORMULA",
    "FORMATS",
    "Cell",
    "Matrix",
    "Quote",
    "build_matrix",
    "coverage_score",
    "evolution_chart",
    "write_outputs",
]
