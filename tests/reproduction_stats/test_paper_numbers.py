"""Reproduction of the reference paper's quantitative part from the shipped figures.

Konarbayeva & Kantarbayeva (2025), https://doi.org/10.52821/2789-4401-2025-5-60-76. Every
expected number below is typed from the paper's text (the sentence is quoted next to it), never
taken from the code under test. Where the paper disagrees with the record, the test asserts that
the disagreement is found and reported with both numbers, rather than hidden.

The observations come from the statistics store built from the data package the product ships
(``talentflow/data/datapackage``), exactly as ``talentflow indicators`` reads them.
"""

from __future__ import annotations

import pytest

from talentflow.stats.checks import run_checks
from talentflow.stats.indicators import compute_indicator
from talentflow.stats.store import open_store

PAPER = "https://doi.org/10.52821/2789-4401-2025-5-60-76"


@pytest.fixture(scope="module")
def observations(tmp_path_factory):
    store = open_store(tmp_path_factory.mktemp("store") / "store.sqlite")
    try:
        store.load_package()
        return store.observations()
    finally:
        store.close()


@pytest.fixture(scope="module")
def checks(observations):
    return run_checks(observations)


def _values(rows, year=None, period=None):
    return [r for r in rows if (year is None or r.year == year) and (period is None or r.period == period)]


def test_net_migration_2024(observations):
    # «в страну прибыло 29 948 человек, тогда как выбыло 12 784, что сформировало положительное
    #  сальдо миграции в размере 17 164 человек»
    rows = _values(compute_indicator(observations, "net_migration"), 2024, "Y")
    paired = [r for r in rows if r.value == 17164]
    assert len(paired) == 1
    assert sorted(o.value for o in paired[0].inputs if o.source_url == PAPER) == [12784, 29948]
    # another outlet's pair gives another balance: reported next to it, never averaged in
    others = [r.value for r in rows if r.value != 17164]
    assert others
    assert not [r for r in rows for v in others if r.value == pytest.approx((17164 + v) / 2)]


def test_russia_share_of_students_abroad(observations):
    # «в 2021 году 89,3 тыс. граждан Республики Казахстан обучались в университетах 55 зарубежных
    #  стран … Наибольшее количество … на Российскую Федерацию - 71,4 тыс. человек»
    (row,) = _values(compute_indicator(observations, "students_abroad_top1_destination_share"), 2021)
    assert row.counterpart == "RUS"
    assert row.value == pytest.approx(71.4 / 89.3 * 100)
    assert round(row.value) == 80


def test_kazakhstan_ranks_among_the_top_senders(observations):
    # «Наибольшие масштабы образовательной миграции зафиксированы в Китае (1,021 млн студентов) и
    #  Индии (508,2 тыс.), за которыми следуют Вьетнам (137 тыс.), Германия (126,4 тыс.) и
    #  Узбекистан (109,9 тыс.)» — and Kazakhstan «91,2 тыс.»: sixth of the six in absolute numbers
    paper_rank = [r for r in compute_indicator(observations, "students_abroad_rank")
                  if any(o.source_url == PAPER for o in r.inputs)]
    assert [r.value for r in paper_rank] == [6]
    # Figure 1's argument: per head of population Kazakhstan comes first of the six
    per_capita = [r for r in compute_indicator(observations, "students_abroad_per_capita_rank")
                  if any(o.source_url == PAPER for o in r.inputs)]
    assert [r.value for r in per_capita] == [1]
    assert {o.area for o in per_capita[0].inputs} >= {"CHN", "IND", "VNM", "DEU", "UZB", "KAZ"}


def test_kandas_2024_and_age_split(observations):
    # «численность которых в 2024 году достигла 16 535 человек»
    assert 16535 in [r.value for r in _values(compute_indicator(observations, "kandas_arrivals"), 2024, "Y")]
    # «трудоспособного населения (57,4 %), … несовершеннолетних составляет 33,2 %, а пенсионеров - 9,4 %»
    ages = {r.breakdown: r.value for r in _values(compute_indicator(observations, "kandas_by_age"), 2024, "Y")}
    assert ages == {"age=Y_WORKING": 57.4, "age=Y_LT_WORKING": 33.2, "age=Y_GT_WORKING": 9.4}
    # the ministry's January-August 2024 split is another set: both are reported, each with its period
    jan_aug = {r.breakdown: r.value for r in _values(compute_indicator(observations, "kandas_by_age"), 2024, "M1-M8")}
    assert jan_aug and jan_aug != ages


def test_emigrants_2012_2021_disagreement_is_reported(observations, checks):
    # «За указанный период более 367 тысяч человек выехали за границу на постоянное место жительства»
    (d,) = [d for d in checks if d.kind == "paper_vs_source" and d.period == "2012-2021"]
    values = sorted(o.value for o in d.observations)
    assert values == [366000, 367000]  # "более 366 тысяч" elsewhere
    assert d.abs_diff == 1000
    # the sum of the bureau's whole years cannot confirm it: 2012 is not in the record
    (cum,) = _values(compute_indicator(observations, "emigrants_cumulative"), period="2012-2021")
    assert cum.value is None
    assert "missing whole-year figure for 2012" in cum.note
    assert {o.year for o in cum.inputs} == set(range(2013, 2022))
    assert all(o.period == "Y" and "cumulative" not in o.flags for o in cum.inputs)


def test_bk21_publications_paper_vs_ministry(checks):
    # «выросло с 4 392 в 1999 году до 24 968 в 2017 году»; the ministry (Edaily) gives 24,063
    (d,) = [d for d in checks if d.kind == "paper_vs_source" and d.area == "KOR" and d.year == 2017]
    assert sorted(o.value for o in d.observations) == [24063, 24968]
    assert d.flagged
    # 1999: both give 4,392, so no disagreement is reported for that year
    assert not [d for d in checks if d.area == "KOR" and d.year == 1999]
