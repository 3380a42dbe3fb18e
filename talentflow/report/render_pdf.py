"""Render the report model to PDF with WeasyPrint from the print variant of the HTML.

Only ``data:`` URLs may be fetched while rendering, so the PDF builds offline and can never
depend on a remote resource; a link to a source stays a link, it is not fetched.
"""

from __future__ import annotations

from talentflow.report.model import ReportModel
from talentflow.report.render_html import render_html


def render_pdf(model: ReportModel) -> bytes:
    from weasyprint import HTML  # imported here: loading Pango takes a moment
    from weasyprint.urls import URLFetcher

    html = render_html(model, print_variant=True)
    fetcher = URLFetcher(allowed_protocols=("data",))
    doc = HTML(string=html, url_fetcher=fetcher, base_url="data:,")
    return doc.write_pdf()
