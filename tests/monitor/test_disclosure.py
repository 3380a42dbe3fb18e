"""Disclosure control: primary suppression below the threshold, secondary suppression so that
no withheld cell follows from a total and the other cells."""

from __future__ import annotations

import datetime as dt

from talentflow.monitor.catalogue import load_cohort_catalogue
from talentflow.monitor.disclosure import suppress
from talentflow.monitor.engine import IndicatorTable, _cells


def table(counts: dict[int, tuple[int, int]], indicator: str = "return_rate_12m") -> IndicatorTable:
    cat = load_cohort_catalogue()
    ind = cat.get(indicator)
    finest = {("P", cohort): {indicator: (float(den), float(num)), "not_returned": (float(den - num),) * 2}
              for cohort, (num, den) in counts.items()}
    chosen = [ind, cat.get("not_returned")] if indicator != "not_returned" else [ind]
    return IndicatorTable(dt.date(2024, 1, 1), ("programme", "cohort"), _cells(finest, ("programme", "cohort"), chosen),
                          cat)


def cell(t: IndicatorTable, cohort, indicator: str = "return_rate_12m", programme="P"):
    return next(c for c in t.cells if c.indicator == indicator and c.group == {"programme": programme, "cohort": cohort})


def test_total_minus_the_others_cannot_reveal_a_suppressed_cell():
    # not returned: 2019 → 30, 2020 → 4 (below 10), 2021 → 40; total 74 would give 2020 back
    t = suppress(table({2019: (20, 50), 2020: (16, 20), 2021: (60, 100)}), threshold=10)
    nr = [cell(t, y, "not_returned") for y in (2019, 2020, 2021, "_T")]
    assert nr[1].suppressed and nr[1].why == "primary"
    hidden = [c for c in nr if c.suppressed]
    assert len(hidden) >= 2  # 74 − 30 − 40 no longer works: a second cell is withheld
    assert nr[0].suppressed and nr[0].why == "secondary"  # the smallest other part
    # the rate is withheld with its complement (not_returned = denominator − numerator)
    assert cell(t, 2020).suppressed and cell(t, 2019).suppressed


def test_small_rates_suppressed_and_secondary_on_the_rate_table():
    t = suppress(table({2019: (40, 50), 2020: (5, 8), 2021: (90, 100)}), threshold=10)
    rr = {y: cell(t, y) for y in (2019, 2020, 2021, "_T")}
    assert rr[2020].suppressed and rr[2020].why == "primary"
    assert sum(c.suppressed for c in rr.values()) >= 2
    shown = [c for c in rr.values() if not c.suppressed]
    assert all(c.numerator >= 10 and c.denominator >= 10 for c in shown)


def test_threshold_is_a_setting(monkeypatch):
    monkeypatch.setenv("TALENTFLOW_DISCLOSURE_THRESHOLD", "3")
    t = suppress(table({2019: (20, 50), 2020: (16, 20), 2021: (60, 100)}))
    assert t.threshold == 3
    assert not cell(t, 2020, "not_returned").suppressed


def test_no_relation_has_exactly_one_hidden_cell_on_a_registry(tmp_path):
    from talentflow.monitor import open_registry
    from talentflow.monitor.synthetic import write_registry

    with open_registry(tmp_path / "s.sqlite") as r:
        r.import_file(write_registry(tmp_path / "syn.csv", 800, seed=5))
        t = r.indicators(dt.date(2026, 6, 30), by=("cohort", "level"), audience="public")
    by = t.by
    for ind in {c.indicator for c in t.cells}:
        cells = [c for c in t.cells if c.indicator == ind]
        for pos in range(len(by)):
            groups: dict = {}
            for c in cells:
                groups.setdefault(tuple(c.group[d] for j, d in enumerate(by) if j != pos), []).append(c)
            for members in groups.values():
                if len(members) > 1:
                    assert sum(m.suppressed for m in members) != 1, (ind, members[0].group)
