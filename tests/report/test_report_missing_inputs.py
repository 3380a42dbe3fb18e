"""Missing or bad inputs: the report says what it lacks; bad files are named."""

from __future__ import annotations

import csv

import pytest

from talentflow.report import ReportInputs, build_report, compose
from talentflow.report.model import Paragraph


def notes(model, sid):
    return [b.text for b in model.section(sid).blocks if isinstance(b, Paragraph) and b.kind == "note"]


def test_no_data_statistics_section_says_so():
    model = compose(ReportInputs(country="KGZ", missing={"stats": "no data package given"}), "en")
    assert notes(model, "statistics") == ["No migration statistics were available for this report: no data "
                                          "package given"]
    assert notes(model, "policy")
    assert [s.id for s in model.sections][-1] == "methodology"


def test_data_without_the_country(kgz_inputs, tmp_path):
    corpus, data, _ = kgz_inputs
    result = build_report(corpus=[corpus], data=data, country="UZB", lang="en", formats=("html",), out_dir=tmp_path)
    assert any("no observation for UZB" in n for n in notes(result.model, "statistics"))
    html = result.files["html"].read_text(encoding="utf-8")
    assert "Uzbekistan" in html


def test_country_without_shipped_corpus(tmp_path):
    result = build_report(country="KGZ", data=None, lang="ru", formats=("html",), out_dir=tmp_path)
    assert any("KGZ" in n for n in notes(result.model, "policy"))


def test_missing_corpus_path_is_named(tmp_path):
    with pytest.raises(FileNotFoundError, match="nowhere"):
        build_report(corpus=[tmp_path / "nowhere"], formats=("html",), out_dir=tmp_path / "out")
    assert not (tmp_path / "out" / "report.html").exists()


def test_bad_data_row_is_named_with_row_and_column(kgz_inputs, tmp_path):
    from talentflow.stats.errors import DataImportError

    corpus, data, _ = kgz_inputs
    rows = list(csv.reader(data.open(encoding="utf-8")))
    rows[3][rows[0].index("value")] = "lots"
    bad = tmp_path / "bad.csv"
    with bad.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows(rows)
    with pytest.raises(DataImportError) as err:
        build_report(corpus=[corpus], data=bad, country="KGZ", formats=("html",), out_dir=tmp_path / "out")
    message = str(err.value)
    assert "bad.csv" in message and "4" in message and "value" in message


@pytest.mark.parametrize("kw,word", [({"country": "XYZ"}, "XYZ"), ({"lang": "de"}, "de"),
                                     ({"formats": ("odt",)}, "odt")])
def test_bad_options_are_refused_before_any_work(kw, word, tmp_path):
    with pytest.raises(ValueError, match=word):
        build_report(out_dir=tmp_path, **kw)
