"""The matrix as an Excel workbook: levels with a colour scale, quotes, scale legend, segments."""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.formatting.rule import ColorScaleRule
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from talentflow.analysis.labels import COMPLETENESS_MARK, GAP_MARK, category_name, label, notes
from talentflow.analysis.model import Matrix
from talentflow.analysis.tables import QUOTE_COLUMNS, SEGMENT_COLUMNS, quote_rows, segment_rows
from talentflow.coding.model import LEVELS, Codebook, CodedDocument
from talentflow.io.atomic import atomic_path
from talentflow.io.cells import protect_workbook, xlsx_row

GAP_FILL = PatternFill("lightUp", fgColor="C0392B")


def _levels_sheet(wb: Workbook, matrix: Matrix, codebook: Codebook, lang: str) -> None:
    ws = wb.active
    ws.title = "levels"
    head = [label("document", lang), label("date", lang), label("completeness", lang)]
    head += [category_name(codebook, c, lang) for c in matrix.categories] + [label("coverage", lang)]
    ws.append(head)
    for cell in ws[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    first, last = 4, 3 + len(matrix.categories)
    for i, meta in enumerate(matrix.documents, start=2):
        mark = COMPLETENESS_MARK.get(meta.completeness, "")
        ws.append(xlsx_row(
            [meta.id, meta.date.isoformat() if meta.date else "", f"{meta.completeness}{mark}"]
            + [matrix.cell(meta.id, c).level for c in matrix.categories]
            + [round(matrix.coverage.get(meta.id, 0.0), 4)]
        ))
        for j, category in enumerate(matrix.categories, start=first):
            if matrix.cell(meta.id, category).gap:
                target = ws.cell(row=i, column=j)
                target.font = Font(bold=True, color="C0392B")
                target.comment = Comment(f"{GAP_MARK} {label('gap', lang)}", "talentflow")
    if matrix.documents and matrix.categories:
        rng = f"{get_column_letter(first)}2:{get_column_letter(last)}{len(matrix.documents) + 1}"
        ws.conditional_formatting.add(
            rng,
            ColorScaleRule(start_type="num", start_value=0, start_color="F2F2F2",
                           mid_type="num", mid_value=2, mid_color="6BAED6",
                           end_type="num", end_value=4, end_color="08306B"),
        )  # fmt: skip
    row = len(matrix.documents) + 3
    for line in notes(lang):
        ws.cell(row=row, column=1, value=line)
        row += 1
    ws.column_dimensions["A"].width = 22


def _table_sheet(wb: Workbook, title: str, columns: list[str], rows: list[dict[str, object]]) -> None:
    ws = wb.create_sheet(title)
    ws.append(columns)
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for r in rows:
        ws.append(xlsx_row(r[c] for c in columns))


def _scale_sheet(wb: Workbook, lang: str) -> None:
    ws = wb.create_sheet("scale")
    ws.append(["level", "en", "ru", "kk"])
    for level in sorted(LEVELS):
        ws.append([level, LEVELS[level]["en"], LEVELS[level]["ru"], LEVELS[level]["kk"]])
    ws.append([])
    for line in notes(lang):
        ws.append([line])
    for col, width in zip("ABCD", (8, 60, 60, 60), strict=True):
        ws.column_dimensions[col].width = width


def write_xlsx(path: str | Path, matrix: Matrix, codebook: Codebook, coded: list[CodedDocument], lang: str) -> Path:
    wb = Workbook()
    _levels_sheet(wb, matrix, codebook, lang)
    _table_sheet(wb, "quotes", QUOTE_COLUMNS, quote_rows(matrix))
    _scale_sheet(wb, lang)
    _table_sheet(wb, "segments", SEGMENT_COLUMNS, segment_rows(coded))
    protect_workbook(wb)  # quotes and titles from documents stay text, never formulas
    with atomic_path(path) as tmp:
        wb.save(tmp)
    return Path(path)
