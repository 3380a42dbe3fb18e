"""The input stages of the report, one function each: read, code, analyse, statistics, practice.

Each stage calls the public entry of the package that owns the work and returns plain results,
so each can be tested (or replaced) on its own. A stage whose package is not installed in this
build is reported as missing, and the report says so in its section; any other failure (a bad
file, a broken manifest) propagates with the file named, because a report that silently drops
a user's input would mislead.
"""

from __future__ import annotations

import hashlib
import importlib
import tempfile
import warnings
from collections.abc import Callable, Sequence
from importlib import resources
from pathlib import Path
from typing import Any

from talentflow.coding.model import Codebook, CodedDocument
from talentflow.ingest.model import Document
from talentflow.report.inputs import Chart, PolicyInputs, PracticeInputs, ProjectionRow, StatsInputs
from talentflow.stats.model import Observation


class StageMissing(Exception):
    """A pipeline package this stage needs is not part of this build."""


def need(module: str, name: str) -> Callable[..., Any]:
    """``module.name``, or ``StageMissing`` naming what is absent."""
    try:
        mod = importlib.import_module(module)
    except ImportError as exc:
        raise StageMissing(f"{module} is not available ({exc})") from None
    fn = getattr(mod, name, None)
    if fn is None:
        raise StageMissing(f"{module}.{name} is not available")
    return fn


def data_root() -> Path:
    return Path(str(resources.files("talentflow") / "data"))


def default_corpus(country: str) -> list[Path]:
    """The shipped corpus of official texts of ``country`` (empty when none is shipped)."""
    folder = data_root() / "corpus" / country.lower()
    return [folder] if folder.is_dir() else []


def default_data() -> Path | None:
    folder = data_root() / "datapackage"
    return folder if (folder / "datapackage.json").is_file() else None


def sha256_files(paths: Sequence[Path]) -> str:
    """One hash over all files under ``paths`` (sorted by path, name and bytes both counted)."""
    h = hashlib.sha256()
    files: list[tuple[str, Path]] = []
    for p in paths:
        p = Path(p)
        if p.is_dir():
            files += [(f.relative_to(p).as_posix(), f) for f in p.rglob("*") if f.is_file()]
        elif p.is_file():
            files.append((p.name, p))
    for name, f in sorted(files):
        h.update(name.encode() + b"\0")
        h.update(hashlib.sha256(f.read_bytes()).digest())
    return h.hexdigest()


# --- policy documents ------------------------------------------------------------------------


def read_corpus(paths: Sequence[Path]) -> tuple[list[Document], list[str]]:
    """Documents of the corpus and the files that could not be read (``path: reason``)."""
    read_dossiers = need("talentflow.ingest", "read_dossiers")
    docs, errors = read_dossiers([Path(p) for p in paths])
    return list(docs), [f"{e.path}: {e.reason}" for e in errors]


def code_corpus(docs: list[Document], codebook_path: Path | None = None) -> tuple[Codebook, list[CodedDocument]]:
    codebook = need("talentflow.coding", "load_codebook")(codebook_path)
    coded = need("talentflow.coding", "code_documents")(docs, codebook)
    return codebook, list(coded)


def evolution(matrix: Any, codebook: Codebook, lang: str) -> Chart | None:
    chart_fn = need("talentflow.analysis", "evolution_chart")
    with tempfile.TemporaryDirectory() as tmp:
        png, svg = Path(tmp) / "evolution.png", Path(tmp) / "evolution.svg"
        chart_fn(matrix, png, svg, lang, codebook=codebook)
        return Chart("evolution", png.read_bytes() if png.exists() else None,
                     svg.read_text(encoding="utf-8") if svg.exists() else None)


def reference_comparison(matrix: Any, codebook: Codebook, name: str = "paper-table1") -> tuple[Any, Any]:
    """Agreement with, and claims of, a shipped reference coding whose documents are in the matrix.

    Returns ``(agreement, claims)`` as the report reads them, or ``(None, None)`` when the
    reference covers none of these documents (another country's corpus, say). Claims about
    documents the corpus lacks are kept as "not testable", not dropped; so are claims that fail on
    a document whose text is incomplete.
    """
    try:
        load_reference = need("talentflow.exchange", "load_reference")
        agreement = need("talentflow.exchange", "agreement")
    except StageMissing:
        return None, None
    human = load_reference(name)
    ours = {d.id for d in matrix.documents}
    if not set(human.document_ids()) & ours:
        return None, None
    rep = agreement(matrix, human, codebook)
    # A claim that fails on an incomplete text (an opening, press descriptions) is not contradicted:
    # the passage it needs may lie in the part the corpus lacks. Only full texts can contradict.
    complete = {d.id for d in matrix.documents if d.completeness == "full"}

    def status(c: Any) -> str:
        if c.satisfied is None:
            return "not_testable"
        if c.satisfied:
            return "satisfied"
        return "contradicted" if c.document in complete else "not_testable"

    claims = [{"doc_id": c.document, "claim": c.claim, "status": status(c)} for c in rep.claims]
    claims += [{"doc_id": c.document, "claim": c.text, "status": "not_testable"}
               for c in human.claims if c.document not in ours]
    o = rep.overall
    agree = {"percent_agreement": o.agreement, "kappa": o.kappa, "alpha": o.alpha, "n": o.n_units,
             "citation": rep.citation or human.citation}
    return agree, claims


def policy_inputs(docs: list[Document], lang: str, country: str, codebook_path: Path | None = None) -> PolicyInputs:
    codebook, coded = code_corpus(docs, codebook_path)
    matrix = need("talentflow.analysis", "build_matrix")(coded, codebook)
    try:
        chart = evolution(matrix, codebook, lang)
    except StageMissing:
        chart = None
    agree, claims = reference_comparison(matrix, codebook)
    return PolicyInputs(codebook=codebook, matrix=matrix, coded=coded, chart=chart, agreement=agree, claims=claims)


# --- statistics ------------------------------------------------------------------------------


def load_observations(data: Path) -> list[Observation]:
    """Observations from a data package (folder or ``datapackage.json``), a package CSV, or a store."""
    data = Path(data)
    if not data.exists() and "://" not in str(data):
        raise FileNotFoundError(f"{data}: no such data package, CSV or store")
    pkg = importlib.import_module("talentflow.stats.package")
    if data.is_dir() or data.name == "datapackage.json":
        root = data if data.is_dir() else data.parent
        return [o for name, f in pkg.resources(root) for o, _ in pkg.read_resource(f, "package/" + name)]
    if data.suffix.lower() == ".csv":
        return [o for o, _ in pkg.read_resource(data, data.stem)]
    open_store = need("talentflow.stats.store", "open_store")
    with open_store(data) as store:
        return store.observations()


def data_hash(data: Path) -> str:
    """Hash of the data as read: the whole package folder, or the one file or store."""
    data = Path(data)
    return sha256_files([data.parent if data.name == "datapackage.json" else data])


def stats_charts(obs: list[Observation], country: str, lang: str) -> list[Chart]:
    """The statistics charts of ``country`` in the stage's own order, PNG and SVG of each."""
    make_charts = need("talentflow.stats.charts", "make_charts")
    titles = getattr(importlib.import_module("talentflow.stats.charts"), "LABELS", {})
    with tempfile.TemporaryDirectory() as tmp:
        written = make_charts(obs, Path(tmp), lang, ("png", "svg"), area=country)
        charts = []
        for name, files in written.items():
            png = next((Path(f) for f in files if str(f).endswith(".png")), None)
            svg = next((Path(f) for f in files if str(f).endswith(".svg")), None)
            if png or svg:
                title = titles.get(name, {}).get(lang, "") if isinstance(titles.get(name), dict) else ""
                charts.append(Chart(name, png.read_bytes() if png else None,
                                    svg.read_text(encoding="utf-8") if svg else None, title))
        return charts


def projection(obs: list[Observation], country: str) -> tuple[list[ProjectionRow], str]:
    """Five-year emigration projection with 80/95 % intervals (empty when the series is too short)."""
    project = need("talentflow.stats.projection", "project")
    error = importlib.import_module("talentflow.stats.projection").ProjectionError
    try:
        values = project(obs, indicator="emigrants_permanent", horizon=5, area=country)
    except error as exc:
        return [], str(exc)
    rows = [ProjectionRow(year=v.year, value=v.value, lo80=v.lower80, hi80=v.upper80, lo95=v.lower95,
                          hi95=v.upper95) for v in values]
    return rows, values[0].note if values else ""


def stats_inputs(obs: list[Observation], country: str, lang: str) -> tuple[StatsInputs, list[str]]:
    """Indicators, checks, charts and projection; also which of them this build lacks."""
    lacking: list[str] = []
    st = StatsInputs(observations=obs)
    own = [o for o in obs if o.area == country]
    for what, fn in (
        ("indicators", lambda: need("talentflow.stats.indicators", "compute_indicators")(obs, area=country)),
        ("discrepancies", lambda: need("talentflow.stats.checks", "run_checks")(own)),
        ("charts", lambda: stats_charts(obs, country, lang)),
    ):
        try:
            setattr(st, what, list(fn()))
        except StageMissing as exc:
            lacking.append(str(exc))
    try:
        catalogue = need("talentflow.stats.catalogue", "load_catalogue")()
        st.indicator_names = {i.id: dict(i.name) for i in catalogue.indicators}
    except StageMissing as exc:
        lacking.append(str(exc))
    try:
        st.projection, st.projection_method = projection(obs, country)
    except StageMissing as exc:
        lacking.append(str(exc))
    return st, lacking


# --- international practice ------------------------------------------------------------------


def practice_inputs(matrix: Any, indicators: list[Any], country: str) -> PracticeInputs:
    """The practice catalogue; with a matrix, also the mechanism comparison and recommendations."""
    practices = need("talentflow.recommend", "load_practices")()
    rules = need("talentflow.recommend", "load_rules")()
    p = PracticeInputs(practices=list(practices), paper_recommendations=dict(rules.paper_recommendations))
    if matrix is not None:
        p.comparison = need("talentflow.recommend", "compare_mechanisms")(matrix, practices, rules, country)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # rules for categories another codebook lacks are skipped
            p.recommendations = list(need("talentflow.recommend", "recommend")(
                matrix, indicators, practices, rules, country=country, comparison=p.comparison))
    return p
