"""Indicator engine and catalogue, on hand-built observations (labelled synthetic)."""

from __future__ import annotations

import re

import pytest

from talentflow.stats.catalogue import CatalogueError, load_catalogue
from talentflow.stats.indicators import compute_indicator, compute_indicators, consensus, value_record
from talentflow.stats.model import Observation


def ob(indicator: str, value: float, year: int | None = 2020, src: str = "A", **kw) -> Observation:
    kw.setdefault("flags", ["synthetic"])
    return Observation(indicator=indicator, area=kw.pop("area", "KAZ"), year=year, value=value,
                       source_name=f"source {src}", source_url=f"https://example.org/{src}",
                       quote=f"synthetic {value}", **kw)


def values(result, year=None):
    return sorted(v.value for v in result if year is None or v.year == year)


# --- catalogue ---------------------------------------------------------------------------------


def test_catalogue_indicators_are_complete_and_trilingual():
    cat = load_catalogue()
    ids = {i.id for i in cat.indicators}
    assert {"net_migration", "tertiary_share_emigrants", "tertiary_share_immigrants", "net_migration_tertiary",
            "emigrants_top1_destination_share", "emigrants_destination_hhi", "outbound_mobility_ratio",
            "students_abroad_per_100k", "students_abroad_rank", "students_abroad_per_capita_rank",
            "kandas_by_age", "kandas_by_education", "emigrants_cumulative", "skilled_emigration_rate"} <= ids
    for ind in cat.indicators:
        assert set(ind.name) == {"en", "ru", "kk"}, ind.id
        assert ind.source and ind.definition, ind.id
        for code in ind.sdg:  # SDG targets (4.b, 10.7) or indicators (10.7.2)
            assert re.fullmatch(r"([1-9]|1[0-7])\.([1-9]|[a-c])(\.\d)?", code), (ind.id, code)


def test_bad_catalogue_names_file_and_indicator(tmp_path):
    bad = tmp_path / "cat.yaml"
    bad.write_text("indicators:\n  - id: broken\n    name: {en: X}\n    kind: nonsense\n", encoding="utf-8")
    with pytest.raises(CatalogueError, match=r"cat\.yaml: indicator broken"):
        load_catalogue(bad)


def test_equivalences_are_explicit():
    cat = load_catalogue()
    assert cat.expand(["kandas_share"]) == {"kandas_share", "kandas_arrived_share"}
    assert cat.expand(["emigrants_permanent"]) == {"emigrants_permanent"}


# --- whole years, part-years, cumulative --------------------------------------------------------


def test_part_year_and_cumulative_rows_never_count_as_whole_years():
    obs = [
        ob("emigrants_permanent", 1000, 2020, period="9M"),
        ob("emigrants_permanent", 5000, 2020, period="2016-2020", flags=["cumulative"]),
        ob("emigrants_permanent", 1200, 2020, period="Y", flags=["cumulative"]),
    ]
    (v,) = compute_indicator(obs, "emigrants")
    assert v.value is None and v.note.startswith("not computable: missing whole-year figures")


def test_conflicting_sources_give_one_value_each_never_an_average():
    obs = [ob("emigrants_permanent", 100, src="A"), ob("emigrants_permanent", 120, src="B"),
           ob("emigrants_permanent", 120, src="C")]
    res = compute_indicator(obs, "emigrants")
    assert values(res) == [100, 120]
    by_value = {v.value: v for v in res}
    assert {o.source_name for o in by_value[120].inputs} == {"source B", "source C"}
    assert "disagree" in by_value[100].note


def test_net_migration_pairs_within_one_source():
    obs = [ob("immigrants_permanent", 300, src="A"), ob("emigrants_permanent", 100, src="A"),
           ob("immigrants_permanent", 290, src="B"), ob("emigrants_permanent", 110, src="B")]
    res = compute_indicator(obs, "net_migration")
    assert values(res) == [180, 200]
    for v in res:
        assert len({o.source_url for o in v.inputs}) == 1


def test_net_migration_across_sources_says_so():
    obs = [ob("immigrants_permanent", 300, src="A"), ob("emigrants_permanent", 100, src="B")]
    (v,) = compute_indicator(obs, "net_migration")
    assert v.value == 200 and "different sources" in v.note


def test_year_figure_equal_to_another_sources_nine_months_is_not_a_year():
    obs = [ob("emigrants_permanent", 12732, 2023, src="press", period="Y"),
           ob("emigrants_permanent", 12732, 2023, src="bureau", period="9M"),
           ob("emigrants_permanent", 16094, 2023, src="bureau2", period="Y")]
    assert values(compute_indicator(obs, "emigrants")) == [16094]


def test_flags_travel_with_the_value():
    (v,) = compute_indicator([ob("emigrants_permanent", 100, flags=["more_than", "synthetic"])], "emigrants")
    assert v.flags == ["more_than", "synthetic"]


# --- sums over periods -------------------------------------------------------------------------


def test_sum_over_period_uses_whole_years_only():
    obs = [ob("emigrants_permanent", 10, y, src="A") for y in range(2012, 2022)]
    obs += [ob("emigrants_permanent", 999, 2015, src="A", period="H1"),
            ob("emigrants_permanent", 80, 2021, src="A", period="2012-2021", flags=["cumulative"])]
    res = {v.period: v for v in compute_indicator(obs, "emigrants_cumulative")}
    assert res["2012-2021"].value == 100
    assert res["2012-2021"].year == 2021


def test_sum_over_period_missing_year_is_not_computable():
    obs = [ob("emigrants_permanent", 10, y) for y in range(2013, 2022)]
    (v,) = compute_indicator(obs, "emigrants_cumulative")
    assert v.value is None
    assert "not computable: missing whole-year figure for 2012" in v.note
    assert "sum to 90" in v.note


def test_consensus_prefers_most_sources_then_precision():
    a = [ob("x", 37700, src="A"), ob("x", 37700, src="B"), ob("x", 37704, src="C")]
    assert consensus(a)[0] == 37700
    assert consensus([ob("x", 41900, src="A"), ob("x", 41894, src="B")])[0] == 41894


# --- shares, concentration, ratios, ranks ------------------------------------------------------


def test_tertiary_share_uses_the_same_sources_education_levels():
    obs = [ob("emigrants_permanent", n, 2022, period="H1", education=e, age="Y_GE15")
           for e, n in (("ED5T8", 30), ("ED35", 40), ("ED3", 20), ("ED2", 10))]
    (v,) = compute_indicator(obs, "tertiary_share_emigrants")
    assert v.value == pytest.approx(30.0)
    assert v.period == "H1"


def test_top1_share_and_hhi():
    obs = [ob("emigrants_permanent", 60, counterpart="RUS"), ob("emigrants_permanent", 30, counterpart="DEU"),
           ob("emigrants_permanent", 10, counterpart="USA"), ob("emigrants_permanent", 100, counterpart="WLD")]
    (top,) = compute_indicator(obs, "emigrants_top1_destination_share")
    assert (top.value, top.counterpart) == (pytest.approx(60.0), "RUS")
    (hhi,) = compute_indicator(obs, "emigrants_destination_hhi")
    assert hhi.value == pytest.approx(60**2 + 30**2 + 10**2)


def test_outbound_mobility_ratio_within_year_tolerance():
    obs = [ob("outbound_students", 90, 2021), ob("higher_education_students_total", 600, 2020)]
    (v,) = compute_indicator(obs, "outbound_mobility_ratio")
    assert v.value == pytest.approx(15.0)
    assert "2020" in v.note
    far = [ob("outbound_students", 90, 2021), ob("higher_education_students_total", 600, 2015)]
    (missing,) = compute_indicator(far, "outbound_mobility_ratio")
    assert missing.value is None and missing.note.startswith("not computable")


def test_ranks_absolute_and_per_capita():
    obs = [ob("outbound_students", n, None, src="list", area=a) for a, n in (("AAA", 1000), ("BBB", 500), ("KAZ", 90))]
    obs += [ob("population_total", p, 2023, src="pop", area=a, unit=u)
            for a, p, u in (("AAA", 1, "million persons"), ("BBB", 50, "million persons"), ("KAZ", 20000, "persons"))]
    (absolute,) = compute_indicator(obs, "students_abroad_rank")
    (per_capita,) = compute_indicator(obs, "students_abroad_per_capita_rank")
    assert absolute.value == 3
    assert per_capita.value == 1  # per 100,000: KAZ 450, AAA 100, BBB 1
    assert per_capita.note.endswith("KAZ 450, AAA 100, BBB 1")


def test_rank_without_population_is_not_computable():
    obs = [ob("outbound_students", n, None, src="list", area=a) for a, n in (("AAA", 1000), ("KAZ", 90))]
    (v,) = compute_indicator(obs, "students_abroad_per_capita_rank")
    assert v.value is None and "population of AAA, KAZ" in v.note


def test_docquier_marfouk_rate():
    obs = [ob("emigrant_stock", 10, 2020, education="ED5T8"), ob("population_census", 90, 2020, education="ED5T8")]
    (v,) = compute_indicator(obs, "skilled_emigration_rate")
    assert v.value == pytest.approx(10.0)
    (missing,) = compute_indicator(obs[:1], "skilled_emigration_rate")
    assert missing.value is None and "resident population" in missing.note


def test_every_indicator_answers_even_without_data():
    res = compute_indicators([])
    cat = load_catalogue()
    assert {v.indicator for v in res} == {i.id for i in cat.indicators}
    assert all(v.value is None and v.note.startswith("not computable") for v in res)


def test_value_record_lists_inputs_with_quotes():
    (v,) = compute_indicator([ob("emigrants_permanent", 100)], "emigrants")
    rec = value_record(v, lang="ru")
    assert rec["name"] == "Эмигранты на постоянное место жительства"
    assert rec["inputs"][0]["quote"] == "synthetic 100"
    assert rec["sources"] == ["https://example.org/A"]
