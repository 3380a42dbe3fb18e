"""Shared report builds: the default report is built once per session and reused by every test."""

from __future__ import annotations

from pathlib import Path

import pytest

from talentflow.report import build_report
from tests.report.report_synthetic_country import write_corpus, write_data


@pytest.fixture(scope="session")
def default_report(tmp_path_factory):
    """``talentflow report`` with no options: Kazakhstan, English, all formats, shipped inputs."""
    out = tmp_path_factory.mktemp("report-default")
    return build_report(out_dir=out)


@pytest.fixture(scope="session")
def kgz_inputs(tmp_path_factory) -> tuple[Path, Path, dict]:
    root = tmp_path_factory.mktemp("kgz")
    corpus = write_corpus(root / "corpus")
    data, values = write_data(root / "data" / "flows.csv")
    return corpus, data, values


@pytest.fixture(scope="session")
def kgz_report(kgz_inputs, tmp_path_factory):
    corpus, data, _ = kgz_inputs
    return build_report(corpus=[corpus], data=data, country="KGZ", lang="ru", formats=("html", "docx"),
                        out_dir=tmp_path_factory.mktemp("report-kgz"))


@pytest.fixture(scope="session")
def default_inputs():
    """The shipped corpus and data gathered once (for English: the language plays no part)."""
    from talentflow.report import gather_inputs

    return gather_inputs(None, None, "KAZ", "en")


@pytest.fixture(scope="session")
def default_models(default_inputs):
    """The default report composed in each language from the one gathering."""
    from talentflow.report import compose

    return {lang: compose(default_inputs, lang) for lang in ("ru", "kk", "en")}
