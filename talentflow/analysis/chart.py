"""The evolution chart: depth level per category across documents ordered by date.

A heatmap stays readable from 5 to 20 documents and for ten or so categories, where lines would
cross. The files are reproducible (fixed SVG hash salt, no date metadata) so that identical
inputs give identical bytes and a changed chart in version control means changed data.
"""

from __future__ import annotations

import io
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

from matplotlib import rc_context  # noqa: E402
from matplotlib.backends.backend_agg import FigureCanvasAgg  # noqa: E402
from matplotlib.colors import BoundaryNorm, ListedColormap  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.patches import Patch, Rectangle  # noqa: E402

from talentflow.analysis.labels import (  # noqa: E402
    COMPLETENESS_MARK,
    GAP_MARK,
    check_lang,
    label,
)
from talentflow.analysis.model import Matrix  # noqa: E402
from talentflow.coding.model import Codebook  # noqa: E402
from talentflow.io.atomic import write_bytes  # noqa: E402

#: One colour per depth level 0..4, light to dark, readable in greyscale print.
LEVEL_COLOURS = ["#f2f2f2", "#c6dbef", "#6baed6", "#2171b5", "#08306b"]
RC = {"svg.hashsalt": "talentflow", "svg.fonttype": "path", "font.size": 9}


def _doc_label(matrix: Matrix, index: int, lang: str, one_line: bool = False) -> str:
    meta = matrix.documents[index]
    year = str(meta.date.year) if meta.date else label("undated", lang)
    mark = COMPLETENESS_MARK.get(meta.completeness, "")
    return f"{meta.id}{mark} ({year})" if one_line else f"{meta.id}{mark}\n{year}"


def build_figure(matrix: Matrix, lang: str = "en", codebook: Codebook | None = None) -> Figure:
    """Draw the heatmap on a pyplot-free Figure (no global state between calls)."""
    check_lang(lang)
    n_docs, n_cats = len(matrix.documents), len(matrix.categories)
    fig = Figure(figsize=(max(6.0, 2.8 + 0.7 * n_docs), max(3.2, 1.9 + 0.42 * n_cats)), dpi=100)
    FigureCanvasAgg(fig)
    ax = fig.add_axes((0.26, 0.24, 0.56, 0.66))
    data = [[matrix.cell(d.id, c).level for d in matrix.documents] for c in matrix.categories]
    cmap = ListedColormap(LEVEL_COLOURS)
    norm = BoundaryNorm([-0.5, 0.5, 1.5, 2.5, 3.5, 4.5], cmap.N)
    image = ax.imshow(data or [[0]], cmap=cmap, norm=norm, aspect="auto")
    for row, category in enumerate(matrix.categories):
        for col, meta in enumerate(matrix.documents):
            cell = matrix.cell(meta.id, category)
            text = f"{cell.level}{GAP_MARK if cell.gap else ''}"
            ax.text(col, row, text, ha="center", va="center", color="white" if cell.level >= 3 else "black")
            if cell.gap:
                ax.add_patch(
                    Rectangle((col - 0.5, row - 0.5), 1, 1, fill=False, hatch="///", edgecolor="#c0392b", lw=1.2)
                )
    names = matrix.categories
    if codebook is not None:
        from talentflow.analysis.labels import category_name

        names = [category_name(codebook, c, lang) for c in matrix.categories]
    ax.set_yticks(range(n_cats), names)
    rotate = n_docs > 6
    ax.set_xticks(range(n_docs), [_doc_label(matrix, i, lang, rotate) for i in range(n_docs)], fontsize=7)
    if rotate:
        for tick in ax.get_xticklabels():
            tick.set_rotation(40)
            tick.set_horizontalalignment("right")
            tick.set_rotation_mode("anchor")
    ax.set_xlabel(label("document", lang))
    ax.set_ylabel(label("category", lang))
    ax.set_title(label("title", lang))
    bar = fig.colorbar(image, ax=ax, ticks=range(5), fraction=0.05, pad=0.02)
    bar.set_label(label("level", lang))
    # The footer goes below everything the axes draw (rotated document names included), so the
    # gap legend and the source note never overlap the axis label; "tight" saving keeps it.
    renderer = fig.canvas.get_renderer()
    bottom = ax.get_tightbbox(renderer).transformed(fig.transFigure.inverted()).y0 - 0.02
    fig.legend(
        handles=[Patch(facecolor="white", edgecolor="#c0392b", hatch="///", label=f"{GAP_MARK} {label('gap', lang)}")],
        loc="upper right",
        bbox_to_anchor=(0.99, bottom),
        fontsize=7,
        frameon=False,
    )
    note = label("source", lang).format(
        codebook=matrix.codebook_id, version=matrix.codebook_version, n=n_docs
    )
    marks = f"{COMPLETENESS_MARK['partial']} {label('partial', lang)}; {COMPLETENESS_MARK['secondary']} {label('secondary', lang)}"
    fig.text(0.01, bottom - 0.005, f"{note} {marks}.", fontsize=6.5, ha="left", va="top")
    return fig


def render(matrix: Matrix, fmt: str, lang: str = "en", codebook: Codebook | None = None) -> bytes:
    """The chart as PNG or SVG bytes, without timestamps or random ids."""
    with rc_context(RC):
        fig = build_figure(matrix, lang, codebook)
        buf = io.BytesIO()
        metadata = {"Date": None} if fmt == "svg" else {"Software": None}
        fig.savefig(buf, format=fmt, metadata=metadata, bbox_inches="tight", pad_inches=0.15)
    return buf.getvalue()


def evolution_chart(
    matrix: Matrix,
    path_png: str | Path | None,
    path_svg: str | Path | None,
    lang: str = "en",
    codebook: Codebook | None = None,
) -> list[Path]:
    """Write the chart as PNG and/or SVG (atomically); pass ``None`` to skip a format."""
    written: list[Path] = []
    for path, fmt in ((path_png, "png"), (path_svg, "svg")):
        if path is not None:
            written.append(write_bytes(path, render(matrix, fmt, lang, codebook)))
    return written
