"""Cross-source checks on hand-built observations (labelled synthetic)."""

from __future__ import annotations

import pytest

from talentflow.stats.checks import compare_sources, discrepancy_record, run_checks
from talentflow.stats.model import Observation

PAPER = "https://doi.org/10.52821/2789-4401-2025-5-60-76"


def ob(indicator: str, value: float, year: int | None = 2020, src: str = "A", **kw) -> Observation:
    kw.setdefault("flags", ["synthetic"])
    url = kw.pop("url", f"https://example.org/{src}")
    return Observation(indicator=indicator, area=kw.pop("area", "KAZ"), year=year, value=value,
                       source_name=f"source {src}", source_url=url, quote=f"synthetic {value}", **kw)


def kinds(found, kind):
    return [d for d in found if d.kind == kind]


def aside(obs, kind):
    """The not-comparable records of ``kind`` (part_year, parts_of_whole …)."""
    return [n for n in compare_sources(obs).not_comparable if n.kind == kind]


def test_cross_source_keeps_both_sides_with_differences():
    found = run_checks([ob("immigrants_permanent", 29948, 2024, "A"), ob("immigrants_permanent", 29282, 2024, "B")])
    (d,) = kinds(found, "cross_source")
    assert sorted(o.value for o in d.observations) == [29282, 29948]
    assert d.abs_diff == 666
    assert d.rel_diff == pytest.approx(666 / 29948)
    assert d.flagged


def test_threshold_decides_the_flag():
    obs = [ob("emigrants_permanent", 37730, 2017, "A"), ob("emigrants_permanent", 37704, 2017, "B")]
    (d,) = run_checks(obs, threshold=0.01)
    assert not d.flagged
    (d,) = run_checks(obs, threshold=0.00001)
    assert d.flagged


def test_rounding_alone_is_never_flagged():
    # 37,700 is 37,704 rounded to hundreds; "more than 45 thousand" holds for 45,225
    (d,) = run_checks([ob("emigrants_permanent", 37700, 2017, "A"), ob("emigrants_permanent", 37704, 2017, "B")],
                      threshold=0.00001)
    assert not d.flagged and "rounded" in d.note
    (d,) = run_checks([ob("emigrants_permanent", 45000, 2019, "A", flags=["synthetic", "more_than"]),
                       ob("emigrants_permanent", 45225, 2019, "B")], threshold=0.00001)
    assert not d.flagged
    (d,) = run_checks([ob("emigrants_permanent", 27000, 2014, "A"), ob("emigrants_permanent", 29000, 2014, "B")])
    assert d.flagged


def test_same_value_from_two_sources_is_no_disagreement():
    assert run_checks([ob("emigrants_permanent", 100, src="A"), ob("emigrants_permanent", 100, src="B")]) == []


def test_different_breakdowns_are_different_quantities():
    obs = [ob("emigrants_permanent", 100, src="A"), ob("emigrants_permanent", 60, src="B", breakdown="partner_group=CIS")]
    assert kinds(run_checks(obs), "cross_source") == []


def test_period_mislabel():
    obs = [ob("emigrants_permanent", 12732, 2023, "outlet", period="Y", breakdown="as labelled by source"),
           ob("emigrants_permanent", 12732, 2023, "bureau", period="9M"),
           ob("emigrants_permanent", 16094, 2023, "bureau", period="Y")]
    (d,) = aside(obs, "part_year")
    assert d.year == 2023
    assert {o.period for o in d.observations} == {"Y", "9M"}
    assert 16094 in [o.value for o in d.observations]
    assert "16,094" in d.reason
    # the mislabelled row is set aside, never counted as a cross-source conflict
    assert run_checks(obs) == []


def test_paper_against_its_source():
    obs = [ob("bk21_wos_publications", 24968, 2017, "paper", url=PAPER, breakdown="programme=BK21", area="KOR"),
           ob("bk21_participating_professors_sci_publications", 24063, 2017, "ministry", area="KOR",
              breakdown="BK21 participating professors")]
    (d,) = run_checks(obs)
    assert d.kind == "paper_vs_source"
    assert sorted(o.value for o in d.observations) == [24063, 24968]


def test_paper_agreeing_with_one_source_is_cross_source():
    obs = [ob("immigrants_permanent", 29948, 2024, "paper", url=PAPER),
           ob("immigrants_permanent", 29948, 2024, "A"), ob("immigrants_permanent", 29282, 2024, "B")]
    assert [d.kind for d in run_checks(obs)] == ["cross_source"]


def test_mirror_statistics():
    obs = [ob("emigrants_permanent", 9000, 2024, "kz", counterpart="RUS"),
           ob("immigrants_permanent", 11000, 2024, "ru", area="RUS", counterpart="KAZ")]
    (d,) = kinds(run_checks(obs), "mirror")
    assert d.area == "KAZ" and d.abs_diff == 2000
    assert {o.area for o in d.observations} == {"KAZ", "RUS"}


def test_mirror_needs_both_sides():
    assert kinds(run_checks([ob("emigrants_permanent", 9000, 2024, counterpart="RUS")]), "mirror") == []


def test_education_parts_must_add_up_to_the_total():
    parts = [("ED5T8", 30), ("ED35", 30), ("ED3", 20), ("ED2", 10), ("ED0", 5)]
    obs = [ob("emigrants_permanent", n, education=e) for e, n in parts] + [ob("emigrants_permanent", 120)]
    (d,) = aside(obs, "parts_of_whole")
    assert "sum to 95 against the total 120" in d.reason
    assert run_checks(obs) == []  # parts of a whole are never a conflict
    ok = [ob("emigrants_permanent", n, education=e) for e, n in parts] + [ob("emigrants_permanent", 95)]
    assert aside(ok, "parts_of_whole") == []


def test_incomplete_parts_below_the_total_are_fine_above_are_not():
    below = [ob("emigrants_permanent", 30, education="ED5T8"), ob("emigrants_permanent", 30, education="ED3"),
             ob("emigrants_permanent", 100)]
    assert aside(below, "parts_of_whole") == []
    above = [ob("emigrants_permanent", 70, counterpart="RUS"), ob("emigrants_permanent", 50, counterpart="DEU"),
             ob("emigrants_permanent", 100, counterpart="WLD")]
    (d,) = aside(above, "parts_of_whole")
    assert "above the total" in d.reason


def test_age_shares_must_add_up_to_100():
    shares = [("Y_WORKING", 50.2), ("Y_LT_WORKING", 28.1), ("Y_GT_WORKING", 16.8)]
    obs = [ob("kandas_share", v, unit="percent", age=a) for a, v in shares]
    (d,) = aside(obs, "parts_of_whole")
    assert "sum to 95.1 against 100 %" in d.reason
    rounded = [ob("kandas_share", v, unit="percent", age=a)
               for a, v in (("Y_WORKING", 57.4), ("Y_LT_WORKING", 33.2), ("Y_GT_WORKING", 9.5))]
    assert aside(rounded, "parts_of_whole") == []


def test_record_has_the_documented_fields():
    (d,) = run_checks([ob("emigrants_permanent", 1, src="A"), ob("emigrants_permanent", 2, src="B")])
    rec = discrepancy_record(d)
    assert {"kind", "indicator", "area", "period", "year", "abs_diff", "rel_diff", "flagged", "observations"} <= set(rec)
    assert set(rec["observations"][0]) >= {"value", "source_name", "source_url", "quote"}
