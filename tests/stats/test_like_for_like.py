"""Like-for-like comparisons on real rows of the shipped data package.

Each test takes the rows of the package that a reader could mistake for a disagreement (or
that are one) and checks how :func:`compare_sources` classifies them: a conflict only between
figures of the same quantity, area, counterpart, breakdown, unit and period; everything else in
the "not comparable, and why" list, never counted.
"""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from talentflow.stats import package as pkg
from talentflow.stats.checks import NOT_COMPARABLE_KINDS, compare_sources, comparison_record, run_checks


@pytest.fixture(scope="module")
def rows():
    return [o for name, f in pkg.resources() for o, _ in pkg.read_resource(f, name)]


def pick(rows, indicator: str, value: float, url: str, **kw):
    """The one package row of ``indicator`` with ``value`` from a source whose URL contains
    ``url`` (and the given fields)."""
    found = [o for o in rows if o.indicator == indicator and o.value == value and url in (o.source_url or "")
             and all(getattr(o, k) == v for k, v in kw.items())]
    assert len(found) == 1, (indicator, value, url, len(found))
    return found[0]


def aside(result, kind):
    return [n for n in result.not_comparable if n.kind == kind]


def test_part_year_reported_as_the_year(rows):
    # Abai.kz: "былтыр Қазақстаннан 12 732 адам шетелге кетіп қалған" (2023) — BNS Jan–Sep 2023
    labelled = pick(rows, "emigrants_permanent", 12732, "abai.kz")
    jan_sep = pick(rows, "emigrants_permanent", 12700, "shymkent.city")
    year = pick(rows, "emigrants_permanent", 16094, "mgorod.kz", year=2023)
    r = compare_sources([labelled, jan_sep, year])
    assert r.conflicts == []
    (n,) = aside(r, "part_year")
    assert "9M 2023" in n.reason and "16,094" in n.reason


def test_figure_of_another_year(rows):
    # Gas-weld.ru: "за 2021 год … уехало свыше 45 тысяч" — the 2019 figure (45,225); 2021 is 32,256
    gas = pick(rows, "emigrants_permanent", 45000, "gas-weld.ru")
    y2019 = pick(rows, "emigrants_permanent", 45225, "kt.kz", year=2019)
    y2021 = pick(rows, "emigrants_permanent", 32256, "kt.kz", year=2021)
    r = compare_sources([gas, y2019, y2021])
    assert r.conflicts == []
    (n,) = aside(r, "other_year")
    assert "2019" in n.reason


def test_undated_figure_is_not_set_against_a_year(rows):
    # the paper: 89,3 thousand in 2021 (national data) and 91,2 thousand (UIS, no year)
    dated = pick(rows, "outbound_students", 89300, "doi.org", year=2021)
    undated = pick(rows, "outbound_students", 91200, "doi.org", year=None)
    minister = pick(rows, "outbound_students", 80000, "inform.kz")
    r = compare_sources([dated, undated, minister])
    assert r.conflicts == []
    (n,) = aside(r, "undated")
    assert "no year" in n.reason


def test_subtotal_or_other_coverage_read_as_the_total(rows):
    # Ratel.kz's 28,150 "since the start of the year" is Finprom's Jan–Sep 2017 figure including
    # study and work migrants (28.2 thousand); BNS's permanent-residence figure is 24.3 thousand
    ratel = pick(rows, "emigrants_permanent", 28150, "ratel.kz")
    ratel_cis = pick(rows, "emigrants_permanent", 25290, "ratel.kz")
    wider = pick(rows, "emigrants_permanent", 28200, "kstnews.kz")
    bns = pick(rows, "emigrants_permanent", 24300, "islam.kz")
    bns_cis = pick(rows, "emigrants_permanent", 21900, "islam.kz")
    r = compare_sources([ratel, ratel_cis, wider, bns, bns_cis])
    assert r.conflicts == []
    subtotals = aside(r, "subtotal")
    assert {n.observations[0].value for n in subtotals} == {28150, 25290}
    assert all("incl_study_work" in n.reason for n in subtotals)


def test_parts_of_a_whole_are_not_values_of_one_share(rows):
    # Kazakhstanskie Vesti: kandas on 1 Dec 2021 — 50.2 % working age, 28.1 % younger, 16.8 % older
    parts = [o for o in rows if o.indicator == "kandas_share" and o.year == 2021 and o.period == "M1-M11"
             and o.age != "_T" and o.education == "_T"]
    assert sorted(o.value for o in parts) == [16.8, 28.1, 50.2]
    r = compare_sources(parts)
    assert r.conflicts == []
    (n,) = aside(r, "parts_of_whole")
    assert "parts of one whole" in n.reason and "95.1" in n.reason


def test_different_units(rows):
    # GERD 2013: 405 million USD (qazscience.gov.kz) and PPP$ 714 million (UNESCO Science Report)
    usd = pick(rows, "gerd_total", 405, "qazscience")
    ppp = pick(rows, "gerd_total", 714, "yumpu")
    r = compare_sources([usd, ppp])
    assert r.conflicts == []
    (n,) = aside(r, "unit")
    assert "million USD" in n.reason and "PPP" in n.reason


def test_like_figures_that_differ_are_a_flagged_conflict(rows):
    # 2024 arrivals: Qazradio 29,282 against The-Tenge.kz 29,948 (both citing BNS)
    a = pick(rows, "immigrants_permanent", 29282, "qazradio")
    b = pick(rows, "immigrants_permanent", 29948, "the-tenge")
    r = compare_sources([a, b])
    (d,) = r.conflicts
    assert d.kind == "cross_source" and d.flagged and r.not_comparable == []


def test_rounding_alone_is_not_flagged(rows):
    # 2023 departures: mgorod.kz 16,094 and Liter.kz "16 тысяч"
    a = pick(rows, "emigrants_permanent", 16094, "mgorod.kz", year=2023)
    b = pick(rows, "emigrants_permanent", 16000, "liter.kz", year=2023)
    (d,) = compare_sources([a, b], threshold=0.001).conflicts
    assert not d.flagged and "rounded" in d.note
    c = pick(rows, "gerd_percent_gdp", 0.23, "yumpu", year=2009)
    e = pick(rows, "gerd_percent_gdp", 0.24, "rusnauka", year=2009)
    (d,) = compare_sources([c, e]).conflicts  # 0.23 and 0.24 are different figures, not a rounding
    assert d.flagged


def test_whole_package_counts_only_like_for_like(rows):
    """On the whole package the not-comparable kinds appear only in their list, and the count a
    report states (``run_checks``) is the like-for-like one."""
    r = compare_sources(rows)
    assert {n.kind for n in r.not_comparable} == set(NOT_COMPARABLE_KINDS)
    assert run_checks(rows) == r.conflicts
    assert all(d.kind in ("cross_source", "paper_vs_source", "mirror") for d in r.conflicts)
    mixed = [d for d in r.conflicts if len({(o.year, o.period) for o in d.observations}) > 1
             and d.kind != "mirror"]
    assert mixed == []  # no conflict sets one period against another


def test_check_json_has_conflicts_and_not_comparable(tmp_path):
    from talentflow.cli.app import app
    from talentflow.stats.store import open_store

    db = tmp_path / "s.sqlite"
    with open_store(db) as store:
        store.load_package()
    out = CliRunner().invoke(app, ["check", "--store", str(db), "--format", "json"])
    assert out.exit_code == 0, out.output
    data = json.loads(out.output)
    assert set(data) == {"conflicts", "not_comparable"}
    assert data["conflicts"] and data["not_comparable"]
    assert all(n["reason"] and n["kind"] in NOT_COMPARABLE_KINDS for n in data["not_comparable"])
    assert all("source_tier" in o for d in data["conflicts"] for o in d["observations"])
    assert data == json.loads(json.dumps(comparison_record(compare_sources(
        [o for name, f in pkg.resources() for o, _ in pkg.read_resource(f, name)]))))
