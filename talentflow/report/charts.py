"""The report's charts, drawn while the report is composed, in the report's language.

Inputs are gathered once (possibly by another program, in another language); the charts are
drawn from the data each time a report is composed, so a Kazakh report composed from inputs
gathered for English shows Kazakh titles, axes and notes. Documents on the evolution chart's
axis are named by short title, never by file id.
"""

from __future__ import annotations

import dataclasses
import io
import math
import tempfile
from pathlib import Path

from talentflow.analysis.chart import render as render_evolution
from talentflow.analysis.model import Matrix
from talentflow.coding.model import Codebook
from talentflow.report.i18n import Lang
from talentflow.report.model import Figure
from talentflow.stats.catalogue import load_catalogue
from talentflow.stats.charts import BUILDERS, CHARTS, make_chart
from talentflow.stats.indicators import usable
from talentflow.stats.model import Observation
from talentflow.stats.results import IndicatorValue


@dataclasses.dataclass
class DrawnChart:
    key: str
    title: str  # as the chart itself is titled, in the report language
    png: bytes | None
    svg: str | None


def stats_charts(obs: list[Observation], country: str, lang: str) -> list[DrawnChart]:
    """The statistics charts of ``country`` (the paper's Figures 1–3 and the flows), in ``lang``."""
    cat = load_catalogue()
    usable_obs = [o for o in obs if usable(o)]
    out: list[DrawnChart] = []
    with tempfile.TemporaryDirectory() as tmp:
        for name in CHARTS:
            spec = BUILDERS[name](usable_obs, country, lang, cat)
            files = make_chart(obs, name, Path(tmp), lang, ("png", "svg"), area=country, catalogue=cat)
            png = next((f for f in files if f.suffix == ".png"), None)
            svg = next((f for f in files if f.suffix == ".svg"), None)
            out.append(DrawnChart(name, spec.title, png.read_bytes() if png else None,
                                  svg.read_text(encoding="utf-8") if svg else None))
    return out


def relabelled(matrix: Matrix, names: dict[str, str]) -> Matrix:
    """The matrix with each document's id replaced by its short name (for the chart's axis)."""
    new_id = {d.id: names.get(d.id, d.id) for d in matrix.documents}
    docs = [dataclasses.replace(d, id=new_id[d.id]) for d in matrix.documents]
    cells = {(new_id.get(doc, doc), cat): cell for (doc, cat), cell in matrix.cells.items()}
    coverage = {new_id.get(doc, doc): v for doc, v in matrix.coverage.items()}
    return dataclasses.replace(matrix, documents=docs, cells=cells, coverage=coverage)


def evolution_chart(matrix: Matrix, codebook: Codebook, names: dict[str, str], lang: str) -> tuple[bytes, str]:
    """The evolution heatmap (PNG, SVG) with documents named by ``names`` (id → short title)."""
    m = relabelled(matrix, names)
    return render_evolution(m, "png", lang, codebook), render_evolution(m, "svg", lang, codebook).decode("utf-8")


def projection_chart(history: list[tuple[int, float]], values: list[IndicatorValue], L: Lang,
                     title: str) -> tuple[bytes, str]:
    """Observed years, then the projection with its 80 % and 95 % intervals shaded (PNG, SVG)."""
    from matplotlib import rc_context
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure as MplFigure
    from matplotlib.ticker import MaxNLocator

    with rc_context({"svg.hashsalt": "talentflow", "svg.fonttype": "path", "font.size": 9}):
        fig = MplFigure(figsize=(7.0, 3.6), dpi=100)
        FigureCanvasAgg(fig)
        ax = fig.add_subplot(111)
        if history:
            ax.plot([y for y, _ in history], [v for _, v in history], color="#1f4e79", marker="o", ms=3,
                    label=L.t("observed"))
        years = [v.year for v in values]
        mid = [v.value for v in values]

        def bound(name: str) -> list[float]:
            return [getattr(v, name, math.nan) for v in values]

        ax.fill_between(years, bound("lower95"), bound("upper95"), color="#d7bde2", label=L.t("95 % interval"))
        ax.fill_between(years, bound("lower80"), bound("upper80"), color="#af7ac5", label=L.t("80 % interval"))
        ax.plot(years, mid, color="#6c3483", linestyle="--", marker="o", ms=3, label=L.t("projection"))
        ax.set_title(title)
        ax.set_xlabel(L.t("Year"))
        ax.set_ylabel(L.t("persons"))
        ax.yaxis.set_major_formatter(lambda x, _pos: L.num(x, 0))
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.legend(fontsize=7, frameon=False, loc="upper left")
        ax.grid(alpha=0.3)
        fig.tight_layout()
        png, svg = io.BytesIO(), io.BytesIO()
        fig.savefig(png, format="png", dpi=150, metadata={"Software": None})
        fig.savefig(svg, format="svg", metadata={"Date": None})
    return png.getvalue(), svg.getvalue().decode("utf-8")


def figure(title: str, png: bytes | None, svg: str | None, caption: str = "", label: str = "") -> Figure:
    return Figure(title, png=png, svg=svg, caption=caption, label=label)
