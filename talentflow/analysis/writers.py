"""Write the analysis outputs: matrix (csv, xlsx, md, html), chart (png, svg), segments, coverage.

Each file states the 0–4 scale wording and the coverage formula, so a table that travels alone
can still be read. CSV files begin with ``#`` note lines before the header row. Every file is
written atomically: a failed run never leaves a half-written table that looks complete.
"""

from __future__ import annotations

import csv
import html
import io
from collections.abc import Iterable, Iterator
from pathlib import Path

from talentflow.analysis.chart import evolution_chart, render
from talentflow.analysis.labels import (
    COMPLETENESS_MARK,
    category_name,
    cell_text,
    check_lang,
    label,
    notes,
)
from talentflow.analysis.matrix import build_matrix
from talentflow.analysis.model import Matrix, Quote
from talentflow.analysis.tables import (
    COVERAGE_COLUMNS,
    MATRIX_COLUMNS,
    SEGMENT_COLUMNS,
    coverage_rows,
    matrix_rows,
    segment_rows,
)
from talentflow.analysis.workbook import write_xlsx
from talentflow.coding.model import Codebook, CodedDocument
from talentflow.ingest.model import DocumentMeta
from talentflow.io.atomic import write_text
from talentflow.io.cells import neutralise_mapping
from talentflow.io.links import safe_href

FORMATS = ("csv", "xlsx", "md", "html", "png", "svg")


def csv_text(columns: list[str], rows: list[dict[str, object]], note_lines: list[str]) -> str:
    buf = io.StringIO()
    for line in note_lines:
        buf.write(f"# {line}\n")
    writer = csv.DictWriter(buf, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    writer.writerows(neutralise_mapping(r) for r in rows)
    return buf.getvalue()


def _quotes(matrix: Matrix) -> Iterator[tuple[DocumentMeta, str, Quote]]:
    """Every evidence quote of the matrix, by document then category (the order of every output)."""
    for meta in matrix.documents:
        for category in matrix.categories:
            for q in matrix.cell(meta.id, category).quotes:
                yield meta, category, q


def _md_escape(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def matrix_markdown(matrix: Matrix, codebook: Codebook, lang: str = "en") -> str:
    names = [category_name(codebook, c, lang) for c in matrix.categories]
    lines = [f"# {label('title', lang)}", ""]
    head = [label("document", lang), label("date", lang), *names, label("coverage", lang)]
    lines.append("| " + " | ".join(_md_escape(h) for h in head) + " |")
    lines.append("|" + "---|" * len(head))
    for meta in matrix.documents:
        cells = [cell_text(matrix.cell(meta.id, c).level, matrix.cell(meta.id, c).gap, meta.completeness)
                 for c in matrix.categories]  # fmt: skip
        date = meta.date.isoformat() if meta.date else label("undated", lang)
        row = [meta.id, date, *cells, f"{matrix.coverage.get(meta.id, 0.0):.2f}"]
        lines.append("| " + " | ".join(_md_escape(str(x)) for x in row) + " |")
    lines += ["", *[f"- {n}" if not n.endswith(":") else n for n in notes(lang)], ""]
    lines += [f"## {label('quotes', lang)}", ""]
    for meta, category, q in _quotes(matrix):
        src = f" — {q.source_url}" if q.source_url else ""
        lines.append(
            f"- **{meta.id} · {category}** (level {q.level}{', gap' if q.gap else ''}, {q.rule}, "
            f"{q.start}–{q.end}{src}): «{_md_escape(q.text)}»"
        )
    return "\n".join(lines) + "\n"


def _level_class(level: int) -> str:
    return f"l{max(0, min(level, 4))}"


def matrix_html(matrix: Matrix, codebook: Codebook, lang: str = "en", svg: str | None = None) -> str:
    """One self-contained page: inline CSS, the chart inlined as SVG, no external resources."""
    e = html.escape
    names = [category_name(codebook, c, lang) for c in matrix.categories]
    out = [
        "<!DOCTYPE html>",
        f'<html lang="{e(lang)}"><head><meta charset="utf-8"><title>{e(label("title", lang))}</title>',
        "<style>body{font-family:sans-serif;margin:1.5em;max-width:80em}table{border-collapse:collapse}"
        "td,th{border:1px solid #999;padding:.3em .5em;text-align:center;font-size:.9em}"
        ".l0{background:#f2f2f2}.l1{background:#c6dbef}.l2{background:#6baed6}"
        ".l3{background:#2171b5;color:#fff}.l4{background:#08306b;color:#fff}"
        ".gap{outline:2px dashed #c0392b;outline-offset:-3px}td.doc{text-align:left}"
        "blockquote{margin:.3em 0 .8em 1em;color:#333}</style></head><body>",
        f"<h1>{e(label('title', lang))}</h1>",
        "<table><thead><tr>"
        + "".join(f"<th>{e(h)}</th>" for h in [label("document", lang), label("date", lang), *names, label("coverage", lang)])
        + "</tr></thead><tbody>",
    ]
    for meta in matrix.documents:
        date = meta.date.isoformat() if meta.date else label("undated", lang)
        row = [f'<td class="doc">{e(meta.id)}{e(COMPLETENESS_MARK.get(meta.completeness, ""))}</td><td>{e(date)}</td>']
        for category in matrix.categories:
            cell = matrix.cell(meta.id, category)
            cls = _level_class(cell.level) + (" gap" if cell.gap else "")
            row.append(f'<td class="{cls}">{e(cell_text(cell.level, cell.gap, meta.completeness))}</td>')
        row.append(f"<td>{matrix.coverage.get(meta.id, 0.0):.2f}</td>")
        out.append("<tr>" + "".join(row) + "</tr>")
    out.append("</tbody></table>")
    out.append("<ul>" + "".join(f"<li>{e(n)}</li>" for n in notes(lang)) + "</ul>")
    if svg:
        out.append('<figure class="chart">' + svg[svg.find("<svg"):] + "</figure>")
    out.append(f"<h2>{e(label('quotes', lang))}</h2>")
    for meta, category, q in _quotes(matrix):
        href = safe_href(q.source_url)
        src = (f' — <a href="{e(href)}">{e(q.source_url)}</a>' if href
               else f" — {e(q.source_url)}" if q.source_url else "")
        out.append(
            f"<p><b>{e(meta.id)} · {e(category)}</b> (level {q.level}{', gap' if q.gap else ''}, "
            f"{e(q.rule)}, {q.start}–{q.end}){src}</p><blockquote>{e(q.text)}</blockquote>"
        )
    out.append("</body></html>")
    return "\n".join(out) + "\n"


def write_outputs(
    coded: list[CodedDocument],
    codebook: Codebook,
    out_dir: str | Path,
    formats: Iterable[str] = FORMATS,
    lang: str = "en",
) -> list[Path]:
    """Build the matrix and write the requested formats into ``out_dir``; returns the paths written.

    ``segments.csv`` and ``coverage.csv`` come with the ``csv`` format.
    """
    check_lang(lang)
    formats = tuple(formats)
    unknown = sorted(set(formats) - set(FORMATS))
    if unknown:
        raise ValueError(f"unknown output format(s): {', '.join(unknown)}; choose from {', '.join(FORMATS)}")
    out = Path(out_dir)
    matrix = build_matrix(coded, codebook)
    note_lines = notes(lang)
    written: list[Path] = []
    if "csv" in formats:
        written.append(write_text(out / "matrix.csv", csv_text(MATRIX_COLUMNS, matrix_rows(matrix, codebook, lang), note_lines)))
        written.append(write_text(out / "segments.csv", csv_text(SEGMENT_COLUMNS, segment_rows(coded), note_lines)))
        written.append(write_text(out / "coverage.csv", csv_text(COVERAGE_COLUMNS, coverage_rows(matrix), note_lines)))
    if "xlsx" in formats:
        written.append(write_xlsx(out / "matrix.xlsx", matrix, codebook, coded, lang))
    if "md" in formats:
        written.append(write_text(out / "matrix.md", matrix_markdown(matrix, codebook, lang)))
    if "png" in formats or "svg" in formats:
        written += evolution_chart(
            matrix,
            out / "evolution.png" if "png" in formats else None,
            out / "evolution.svg" if "svg" in formats else None,
            lang,
            codebook,
        )
    if "html" in formats:
        svg = render(matrix, "svg", lang, codebook).decode("utf-8")
        written.append(write_text(out / "matrix.html", matrix_html(matrix, codebook, lang, svg)))
    return written
