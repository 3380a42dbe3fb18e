"""The disagreements the sourced-figure tables are known to contain must all be found.

The list is the one the tables' README gives ("Things a careful importer will meet"); the
numbers are typed from it. Like-for-like disagreements are conflicts; a part-year figure
reported as the year, and undated figures, are found too but listed as not comparable.
"""

from __future__ import annotations

import pytest

from talentflow.stats.checks import compare_sources
from talentflow.stats.store import open_store


@pytest.fixture(scope="module")
def found(tmp_path_factory):
    store = open_store(tmp_path_factory.mktemp("store") / "store.sqlite")
    try:
        store.load_package()
        result = compare_sources(store.observations())
        return result.conflicts + result.not_comparable
    finally:
        store.close()


def _with(found, kind, *values):
    return [d for d in found if d.kind == kind and set(values) <= {o.value for o in d.observations}]


def test_2024_arrivals(found):
    (d,) = _with(found, "cross_source", 29948, 29282)
    assert d.flagged and d.year == 2024


def test_students_abroad_uis_vs_national(found):
    # the UIS figure (91,200) and the 89 thousand "latest data" state no year: not comparable with
    # the national 2021 figure (89,300), and said so
    (d,) = _with(found, "undated", 91200, 89300, 89000)
    assert d.indicator == "outbound_students" and d.area == "KAZ"


def test_2017_emigrants(found):
    (d,) = _with(found, "cross_source", 35680, 37700, 37730)
    assert d.year == 2017 and d.period == "Y" and d.flagged


def test_2016_emigrants_and_2021_kandas(found):
    assert _with(found, "cross_source", 32920, 34965)
    assert _with(found, "cross_source", 17540, 12500)


def test_january_september_2023_reported_as_the_year(found):
    emigrants = _with(found, "part_year", 12732, 16094)
    immigrants = _with(found, "part_year", 19136, 25387)
    assert emigrants and immigrants
    assert all(d.year == 2023 and "9M 2023" in d.reason for d in emigrants + immigrants)
    # each mislabel names the part-year figure it matches
    assert all(any(o.period == "9M" for o in d.observations) for d in emigrants + immigrants)
