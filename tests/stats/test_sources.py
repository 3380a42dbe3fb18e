"""Source authority tiers: the shipped table, the inferred tiers, and how indicators use them."""

from __future__ import annotations

import pytest

from talentflow.stats import package as pkg
from talentflow.stats.checks import discrepancy_record, run_checks
from talentflow.stats.indicators import compute_indicator, consensus, rank_phrase, value_record
from talentflow.stats.model import Observation
from talentflow.stats.sources import (
    LOWEST_TIER,
    TIERS,
    guess_tier,
    lowest_tier_only,
    shipped_sources,
    tier_counts,
    tier_label,
    tier_of,
)


def ob(value: float, url: str, name: str = "", **kw) -> Observation:
    kw.setdefault("flags", ["synthetic"])
    return Observation(indicator=kw.pop("indicator", "emigrants_permanent"), area="KAZ", counterpart="WLD",
                       year=kw.pop("year", 2016), value=value, source_url=url, source_name=name,
                       quote=f"synthetic {value}", **kw)


@pytest.mark.parametrize(("url", "name", "tier"), [
    ("https://stat.gov.kz/ru/news/x", "BNS", "official_statistics"),
    ("https://www.gov.kz/memleket/entities/x", "Ministry", "government"),
    ("https://uis.unesco.org/en/x", "UIS", "international_organisation"),
    ("https://doi.org/10.1/x", "A journal article", "peer_reviewed"),
    ("https://tengrinews.kz/x", "Tengrinews citing BNS", "media_citing_official"),
    ("https://example.kz/x", "Example.kz", "other_media"),
    ("https://glav.su/forum/4/432", "glav.su forum repost citing statistics", "forum_blog"),
    ("", "no address", LOWEST_TIER),
])
def test_inferred_tiers(url, name, tier):
    assert guess_tier(url, name)[0] == tier


def test_shipped_forum_and_off_topic_sources_are_tiered():
    table = shipped_sources()
    assert table["https://glav.su/forum/4/432?page=360"].tier == "forum_blog"
    assert table["https://doi.org/10.52821/2789-4401-2025-5-60-76"].tier == "peer_reviewed"
    tamil = [s for url, s in table.items() if "dinakana.com" in url]
    assert tamil and all(s.tier == "other_media" and "off-topic" in s.basis for s in tamil)
    counts = tier_counts()
    assert sum(counts.values()) == len(table) and list(counts) == list(TIERS)


def test_tier_labels_in_three_languages():
    assert tier_label("official_statistics", "ru") == "официальная статистика"
    assert tier_label("forum_blog", "kk").startswith("форум")
    assert tier_label("peer_reviewed") == "peer-reviewed publication"


def test_consensus_prefers_the_highest_tier_over_the_majority():
    # two reposts say 32,920; the ministry (via a news agency) says 34,965: the higher tier wins
    forum = [ob(32920, "https://glav.su/forum/1", "forum"), ob(32920, "https://dzen.ru/a/1", "Dzen")]
    official = ob(34965, "https://stat.gov.kz/x", "BNS")
    value, group = consensus([*forum, official])
    assert value == 34965 and group == [official]
    value, _ = consensus(forum + [ob(33000, "https://wikimili.com/en/x", "WikiMili")])
    assert value == 32920  # same tier: the value most sources give


def test_value_only_a_forum_gives_is_flagged():
    obs = [ob(41894, "https://glav.su/forum/1", "forum repost", year=2018)]
    (v,) = compute_indicator(obs, "emigrants")
    assert v.lowest_tier_only and LOWEST_TIER in v.flags
    rec = value_record(v)
    assert rec["lowest_tier_only"] and rec["tier"] == LOWEST_TIER
    both = obs + [ob(41900, "https://tengrinews.kz/x", "Tengrinews citing BNS", year=2018)]
    values = compute_indicator(both, "emigrants")
    assert values[0].value == 41900 and not values[0].lowest_tier_only  # the higher tier first
    assert [v for v in values if v.value == 41894][0].lowest_tier_only


def test_conflict_records_carry_the_tier():
    obs = [ob(32920, "https://glav.su/forum/1", "forum"), ob(34965, "https://stat.gov.kz/x", "BNS")]
    (d,) = run_checks(obs)
    assert {o["source_tier"] for o in discrepancy_record(d)["observations"]} == {"forum_blog", "official_statistics"}
    assert lowest_tier_only(d.observations[:1]) and not lowest_tier_only(d.observations)


@pytest.fixture(scope="module")
def rows():
    return [o for name, f in pkg.resources() for o, _ in pkg.read_resource(f, name)]


def test_rank_names_its_universe_and_the_world_rank(rows):
    # the paper lists six countries of origin (CHN, IND, VNM, DEU, UZB, KAZ) and says Kazakhstan
    # is "девятое место в мире": 6th of the 6 compared, 9th in the world
    paper = "https://doi.org/10.52821/2789-4401-2025-5-60-76"
    (v,) = [v for v in compute_indicator(rows, "students_abroad_rank") if any(o.source_url == paper for o in v.inputs)]
    assert v.value == 6 and len(v.universe) == 6 and v.world_rank == 9
    assert rank_phrase(v, "en") == ("6th of the 6 countries compared; 9th in the world according to "
                                    "Konarbayeva & Kantarbayeva 2025")
    assert rank_phrase(v, "ru").startswith("6-е место из 6 сравниваемых стран; 9-е место в мире")
    assert "not a world rank" in v.note
    (pc,) = [v for v in compute_indicator(rows, "students_abroad_per_capita_rank")
             if any(o.source_url == paper for o in v.inputs)]
    assert rank_phrase(pc, "en") == "1st of the 6 countries compared" and pc.world_rank is None
    assert value_record(pc)["rank_phrase"] == "1st of the 6 countries compared"


def test_tier_of_an_unlisted_source_is_inferred():
    o = ob(1, "https://stat.gov.kz/new-release", "BNS")
    assert tier_of(o) == "official_statistics"
