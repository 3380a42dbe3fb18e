"""``build_report``: from corpus and data to HTML, PDF and DOCX in one call.

The call runs the stages of ``talentflow.pipeline``, gathers their results in ``ReportInputs``, composes
one ``ReportModel`` (``compose``) and hands it to each renderer. Outputs are written atomically,
so an interrupted build never leaves a half-written report that looks complete.
"""

from __future__ import annotations

import datetime as dt
import os
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from talentflow import pipeline
from talentflow.io.atomic import write_bytes, write_text
from talentflow.report.compose import compose
from talentflow.report.compose_monitor import attach_registry
from talentflow.report.i18n import LANGS
from talentflow.report.inputs import PolicyInputs, ReportInputs
from talentflow.report.model import ReportModel, ReportResult, Table

FORMATS = ("html", "pdf", "docx")
Progress = Callable[[str], None]


def generation_time() -> dt.datetime:
    """Now, or ``SOURCE_DATE_EPOCH`` when set (the reproducible-builds convention)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC)
    return dt.datetime.now(dt.UTC).replace(microsecond=0)


def is_synthetic_document(meta) -> bool:
    return "synthetic" in f"{meta.act_type or ''} {meta.note or ''}".lower()


def gather_inputs(corpus: Sequence[Path] | None, data: Path | None, country: str, lang: str = "en",
                  progress: Progress | None = None, timings: dict[str, float] | None = None) -> ReportInputs:
    """Run every pipeline stage; what a stage cannot provide is recorded in ``missing``.

    ``lang`` is kept for callers of the earlier signature: nothing gathered depends on the
    language (charts are drawn when the report is composed, in the report's language).
    """
    del lang
    say = progress or (lambda _stage: None)
    timings = timings if timings is not None else {}
    inp = ReportInputs(country=country, generated=generation_time())
    paths = [Path(p) for p in corpus] if corpus else pipeline.default_corpus(country)
    for p in paths:
        if not p.exists():
            raise FileNotFoundError(f"{p}: no such corpus file or folder")
    matrix = None
    t = time.perf_counter()
    if not paths:
        inp.missing["policy"] = f"no corpus given and none shipped for {country}"
    else:
        inp.hashes["corpus"] = pipeline.sha256_files(paths)
        inp.labels = pipeline.document_labels(paths)
        say("reading")
        read = pipeline.read(paths)
        inp.errors += read.error_lines()
        timings["reading"] = time.perf_counter() - t
        say("coding")
        t = time.perf_counter()
        if read.documents:
            pol = pipeline.policy(read.documents)
            inp.policy = PolicyInputs(pol.codebook, pol.matrix, pol.coded,
                                      pipeline.reference_comparison(pol.matrix, pol.codebook), inp.labels)
            matrix = pol.matrix
            inp.hashes["codebook"] = pol.codebook.sha256 or ""
            inp.synthetic |= any(is_synthetic_document(d.meta) for d in read.documents)
        else:
            inp.missing["policy"] = "the corpus holds no readable document"
        timings["coding"] = time.perf_counter() - t
    say("statistics")
    t = time.perf_counter()
    data_path = Path(data) if data else pipeline.default_data()
    indicators: list = []
    if data_path is None:
        inp.missing["stats"] = "no data package given and none shipped"
    else:
        obs = pipeline.load_observations(data_path)
        inp.hashes["data"] = pipeline.data_hash(data_path)
        if not any(o.area == country for o in obs):
            inp.missing["stats"] = f"the data hold no observation for {country}"
        else:
            inp.stats = pipeline.statistics(obs, country)
            indicators = inp.stats.indicators
            inp.synthetic |= any("synthetic" in o.flags for o in obs if o.area == country)
    timings["statistics"] = time.perf_counter() - t
    t = time.perf_counter()
    inp.practice = pipeline.practice(matrix, indicators, country, inp.labels)
    timings["practice"] = time.perf_counter() - t
    return inp


def render(model: ReportModel, formats: Sequence[str], out_dir: Path, progress: Progress | None = None,
           timings: dict[str, float] | None = None) -> dict[str, Path]:
    """Write each requested format to ``out_dir/report.<fmt>`` atomically."""
    from talentflow.report.render_docx import render_docx
    from talentflow.report.render_html import render_html
    from talentflow.report.render_pdf import render_pdf

    say = progress or (lambda _stage: None)
    timings = timings if timings is not None else {}
    files: dict[str, Path] = {}
    for fmt in formats:
        say(f"rendering {fmt}")
        t = time.perf_counter()
        target = Path(out_dir) / f"report.{fmt}"
        if fmt == "html":
            files[fmt] = write_text(target, render_html(model))
        elif fmt == "pdf":
            files[fmt] = write_bytes(target, render_pdf(model))
        elif fmt == "docx":
            files[fmt] = write_bytes(target, render_docx(model))
        timings[f"render_{fmt}"] = time.perf_counter() - t
        readable(files[fmt])
    for name, table in model.workbooks.items():
        files[name] = write_bytes(Path(out_dir) / f"{name}.xlsx", workbook(table))
        readable(files[name])
    return files


def workbook(table: Table) -> bytes:
    """A table as an XLSX sheet beside the report: the columns, then every quote and source
    behind a row (the full table the printed formats summarise)."""
    import io

    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = (table.caption or "table")[:31].replace("/", "-")
    ws.append([*table.columns, "source", "url", "quote"])
    for row in table.rows:
        details = [d for c in row for d in c.details] or [None]
        for d in details:
            ws.append([c.text for c in row] + ([d.label, d.url or "", d.quote] if d else ["", "", ""]))
            for cell in ws[ws.max_row]:
                if cell.data_type == "f":  # text from the data is text, never a formula
                    cell.data_type = "s"
    ws.freeze_panes = "A2"
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def readable(path: Path) -> None:
    """Give an output the permissions of a normally created file (temporary files are private)."""
    mask = os.umask(0)
    os.umask(mask)
    os.chmod(path, 0o666 & ~mask)


def check_options(country: str, lang: str, formats: Sequence[str]) -> tuple[str, list[str]]:
    import pycountry

    if pycountry.countries.get(alpha_3=country.upper()) is None:
        raise ValueError(f"{country!r} is not an ISO 3166-1 alpha-3 country code")
    if lang not in LANGS:
        raise ValueError(f"unsupported report language {lang!r}; choose one of {', '.join(LANGS)}")
    fmts = [f.strip().lower() for f in formats if f.strip()]
    bad = [f for f in fmts if f not in FORMATS]
    if bad or not fmts:
        raise ValueError(f"unknown report format(s) {', '.join(bad) or '(none)'}; choose from {', '.join(FORMATS)}")
    return country.upper(), fmts


def build_report(corpus: Sequence[Path] | None = None, data: Path | None = None, country: str = "KAZ",
                 lang: str = "en", formats: Sequence[str] = FORMATS, out_dir: Path = Path("out/report"),
                 progress: Progress | None = None, store: str | None = None) -> ReportResult:
    """Build the observatory report of ``country`` in ``lang`` and write it in ``formats``.

    ``corpus``: files or folders of policy texts (default: the shipped corpus of the country);
    ``data``: a data package folder, package CSV or store (default: the shipped package);
    ``store``: the store (path or URL) whose programme registry and diaspora directory feed the
    monitoring section (default: the default store) — the web application passes its own.
    """
    country, fmts = check_options(country, lang, formats)
    timings: dict[str, float] = {}
    inputs = gather_inputs(corpus, data, country, lang, progress, timings)
    attach_registry(inputs, store)  # the monitoring section's cohort charts, when the store holds a registry
    (progress or (lambda _s: None))("composing")
    t = time.perf_counter()
    model = compose(inputs, lang)
    timings["compose"] = time.perf_counter() - t
    files = render(model, fmts, Path(out_dir), progress, timings)
    return ReportResult(model=model, files=files, errors=list(inputs.errors), timings=timings, inputs=inputs)


def write_report(inputs: ReportInputs, lang: str = "en", formats: Sequence[str] = FORMATS,
                 out_dir: Path = Path("out/report"), progress: Progress | None = None) -> ReportResult:
    """Compose and render a report from inputs gathered elsewhere (another program, a test)."""
    _, fmts = check_options(inputs.country, lang, formats)
    timings: dict[str, float] = {}
    model = compose(inputs, lang)
    files = render(model, fmts, Path(out_dir), progress, timings)
    return ReportResult(model=model, files=files, errors=list(inputs.errors), timings=timings, inputs=inputs)
