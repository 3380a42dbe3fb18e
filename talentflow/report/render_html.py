"""Render the report model to one self-contained HTML file (CSS inline, charts as data URIs).

The print variant is the same document with sources as printed lists instead of expandable
details and PNG charts; WeasyPrint turns it into the PDF.
"""

from __future__ import annotations

import base64
from importlib import resources

from jinja2 import Environment, PackageLoader, select_autoescape

from talentflow.io.links import REPORT_CSP, safe_href
from talentflow.report.model import ReportModel, shown


def _b64(data: str | bytes) -> str:
    raw = data.encode("utf-8") if isinstance(data, str) else data
    return base64.b64encode(raw).decode("ascii")


def environment() -> Environment:
    env = Environment(loader=PackageLoader("talentflow.report", "templates"),
                      autoescape=select_autoescape(["html", "j2"]), trim_blocks=False, lstrip_blocks=False)
    env.globals.update(b64=_b64, kind=lambda b: type(b).__name__, shown=shown, csp=REPORT_CSP)
    env.filters["safe_href"] = safe_href  # only http(s) and mailto URLs become links
    return env


def stylesheet() -> str:
    return (resources.files("talentflow.report") / "templates" / "report.css").read_text(encoding="utf-8")


def render_html(model: ReportModel, print_variant: bool = False) -> str:
    template = environment().get_template("report.html.j2")
    return template.render(meta=model.meta, sections=model.sections, labels=model.labels, css=stylesheet(),
                           print=print_variant)
