"""Every number of the paper's quantitative part, set against the other sources in the store.

The 40 figures of ``paper-figures`` (each the paper's own sentence, DOI
https://doi.org/10.52821/2789-4401-2025-5-60-76) are classified as *confirmed* (another source
gives exactly the same value for the same quantity), *differs* (another source gives a different value:
the checks must report it as ``paper_vs_source``) or *paper only* (no other source in the store).
Nothing is dropped: the test fails if a paper figure is missing from the store or if a
disagreement is not reported.
"""

from __future__ import annotations

from collections import Counter

import pytest

from talentflow.stats.catalogue import load_catalogue
from talentflow.stats.checks import run_checks
from talentflow.stats.store import open_store

PAPER = "https://doi.org/10.52821/2789-4401-2025-5-60-76"


@pytest.fixture(scope="module")
def observations(tmp_path_factory):
    with open_store(tmp_path_factory.mktemp("store") / "store.sqlite") as store:
        store.load_package()
        return store.observations()


def quantity(o, expand):
    """What a figure measures, with equivalent indicator ids of the catalogue made one."""
    return (min(expand([o.indicator])), o.area, o.counterpart or "", o.year, o.period, o.education, o.age, o.unit)


def classify(observations):
    cat = load_catalogue()
    paper = [o for o in observations if o.source_url == PAPER]
    others: dict[tuple, list] = {}
    for o in observations:
        if o.source_url != PAPER and o.value is not None:
            others.setdefault(quantity(o, cat.expand), []).append(o)
    verdicts = {}
    for o in paper:
        same = others.get(quantity(o, cat.expand), [])
        if not same:
            verdicts[o.key()] = ("paper only", o, [])
        elif any(s.value == o.value for s in same):
            verdicts[o.key()] = ("confirmed", o, same)
        else:
            verdicts[o.key()] = ("differs", o, same)
    return verdicts


def test_all_forty_paper_figures_are_in_the_store_with_their_quotes(observations):
    paper = [o for o in observations if o.source_url == PAPER]
    assert len(paper) == 40
    assert all(o.quote and o.value is not None for o in paper)


def test_every_disagreement_with_another_source_is_reported(observations):
    reported = {o.key() for d in run_checks(observations) if d.kind == "paper_vs_source" for o in d.observations}
    verdicts = classify(observations)
    unreported = [(o.indicator, o.year, o.value) for kind, o, _ in verdicts.values()
                  if kind == "differs" and o.key() not in reported]
    assert unreported == []
    counts = Counter(kind for kind, _, _ in verdicts.values())
    assert sum(counts.values()) == 40
    assert counts["confirmed"] >= 4 and counts["differs"] >= 3


def test_known_verdicts(observations):
    """Spot checks typed from the paper and the shared data's README."""
    verdicts = {(o.indicator, o.year, o.value): kind for kind, o, _ in classify(observations).values()}
    # "в страну прибыло 29 948 человек" — The-Tenge.kz citing BNS gives the same figure
    assert verdicts[("immigrants_permanent", 2024, 29948)] == "confirmed"
    # "с 4 392 в 1999 году до 24 968 в 2017 году" — the Korean ministry reports 24,063
    assert verdicts[("bk21_wos_publications", 2017, 24968)] == "differs"
    # "более 367 тысяч человек выехали" — Rusfact citing BNS: "свыше 366 тысяч"
    assert verdicts[("emigrants_permanent", 2021, 367000)] == "differs"
    # "в 2024 году ... выбыло 12 784" — The-Tenge.kz citing BNS gives the same figure
    assert verdicts[("emigrants_permanent", 2024, 12784)] == "confirmed"
