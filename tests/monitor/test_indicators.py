"""Cohort indicators against hand-computed fixtures, in SQL and in the reference loop.

As-of date A = 2024-02-29 (a leap day, so month-end clamping and the boundary day meet).
Every expected number below is worked out by hand in the comments."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from talentflow.monitor import open_registry
from talentflow.monitor.engine import compute
from talentflow.monitor.reference import compute_reference

from .conftest import make_iin, write

A = dt.date(2024, 2, 29)
ORCID_6 = "0000-0002-1825-0097"
ORCID_9 = "0000-0001-5109-3700"
ORCID_2 = "0000-0002-9079-593X"


def people() -> list[dict]:
    base = {"programme": "SYN_SCHOLAR", "level": "master", "host_country": "GBR"}
    rows = [
        # p1: graduated 2020-02-29; +12 months = 2021-02-28 (clamped); returned exactly then
        {"cohort": 2018, "start_date": "2018-09-01", "graduation_date": "2020-02-29", "status": "graduated",
         "return_date": "2021-02-28", "employment_start": "2021-08-28"},
        # p2: returned one day late (2021-03-01); left again on return + 1 year exactly
        {"cohort": 2018, "start_date": "2018-09-01", "graduation_date": "2020-02-29", "status": "graduated",
         "return_date": "2021-03-01", "exit_date": "2022-03-01", "orcid": ORCID_2},
        # p3: graduated 2023-02-28; +12 months = 2024-02-28 <= A; not returned; breach
        {"cohort": 2021, "start_date": "2021-09-01", "graduation_date": "2023-02-28", "status": "graduated",
         "obligation_months": 60, "obligation_status": "breach"},
        # p4: graduated 2023-03-01; +12 months = 2024-03-01 > A: not yet due
        {"cohort": 2021, "start_date": "2021-09-01", "graduation_date": "2023-03-01", "status": "graduated",
         "obligation_months": 60, "obligation_status": "in_progress"},
        # p5: returned 2023-08-31; +6 months = 2024-02-29 (clamped) = A; employed on that day
        {"cohort": 2020, "start_date": "2020-09-01", "graduation_date": "2022-08-31", "status": "graduated",
         "return_date": "2023-08-31", "employment_start": "2024-02-29"},
        # p6: exit on the same day as the return
        {"cohort": 2017, "start_date": "2017-09-01", "graduation_date": "2019-06-30", "status": "graduated",
         "return_date": "2019-07-15", "exit_date": "2019-07-15", "obligation_months": 60,
         "obligation_status": "breach", "orcid": ORCID_6},
        # p7: still studying
        {"cohort": 2022, "start_date": "2022-09-01", "status": "studying"},
        # p8: dropped out, returned
        {"cohort": 2019, "start_date": "2019-09-01", "graduation_date": "2020-05-01", "status": "dropped_out",
         "return_date": "2020-06-01", "employment_start": "2020-06-02"},
        # p9: returned 2017-07-01, obligation of 60 months fulfilled; employed on return + 6 months
        {"cohort": 2015, "start_date": "2015-09-01", "graduation_date": "2017-06-30", "status": "graduated",
         "return_date": "2017-07-01", "employment_start": "2018-01-01", "obligation_months": 60,
         "obligation_status": "fulfilled", "orcid": ORCID_9},
    ]
    return [{**base, **r, "person_id": make_iin("900101", 3, 10 * i + 1)} for i, r in enumerate(rows)]


# (numerator, denominator) by hand, at A
EXPECTED = {
    # graduated with graduation + 12 months <= A: p1 p2 p3 p5 p6 p9 = 6; returned by then: p1 p5 p6 p9 = 4
    "return_rate_12m": (4, 6),
    # p2 (returned later), p3 (not returned)
    "not_returned": (2, None),
    # return + 1 year <= A: p1 p2 p6 p8 p9 = 5; no exit on or before: p1 p8 p9 (p2 exit on the boundary, p6 same day)
    "retention_1y": (3, 5),
    # return + 3 years <= A: p1 (2024-02-28) p6 p8 p9 = 4 (p2: 2024-03-01 > A); retained p1 p8 p9
    "retention_3y": (3, 4),
    # return + 5 years <= A: p9 only
    "retention_5y": (1, 1),
    # return + 6 months <= A: p1 p2 p5 (2024-02-29) p6 p8 p9 = 6; employed in time: p1 p5 p8 p9
    "employment_6m": (4, 6),
    # fulfilled or breach: p3 p6 p9 = 3; breach p3 p6
    "obligation_breach_rate": (2, 3),
    # returned by A: p1 p2 p5 p6 p8 p9 = 6; exit by A: p2 p6
    "reemigration_rate": (2, 6),
}
# spans in days: p1 1096, p2 365 (to exit), p5 182, p6 0, p8 1368, p9 2434 = 5445 days
# publications in spans: p6 on its zero-length day (1), p9 on its return day and on A (2) = 3
PPY_YEARS = 5445 / 365.25


def works() -> list[dict]:
    def w(k, orcid, date):
        return {"id": f"https://openalex.org/W{k}", "publication_date": date,
                "authorships": [{"author": {"orcid": f"https://orcid.org/{orcid}"}}]}
    return [w(1, ORCID_6, "2019-07-15"), w(2, ORCID_9, "2017-06-30"), w(3, ORCID_9, "2017-07-01"),
            w(4, ORCID_9, "2024-02-29"), w(5, ORCID_9, "2024-03-01"), w(6, ORCID_2, "2022-03-02")]


@pytest.fixture
def reg(store_url, tmp_path):
    """A registry on SQLite and on PostgreSQL (when the test server is there; see tests/conftest.py)."""
    with open_registry(store_url) as r:
        r.import_file(write(tmp_path / "p.csv", people()))
        path = tmp_path / "w.jsonl"
        path.write_text("\n".join(json.dumps(x) for x in works()) + "\n", encoding="utf-8")
        r.import_publications(path)
        yield r


@pytest.mark.parametrize("engine", [compute, compute_reference])
def test_hand_computed_fixture(reg, engine):
    with reg.engine.connect() as conn:
        table = engine(conn, reg.catalogue, A, by=())
    total = {c.indicator: c for c in table.cells if c.group == {"programme": "_T"}}
    for ind, (num, den) in EXPECTED.items():
        c = total[ind]
        assert (c.numerator, c.denominator) == (num, den), ind
        if den:
            assert c.value == pytest.approx(num / den)
    ppy = total["publications_per_returnee_year"]
    assert ppy.numerator == 3
    assert ppy.denominator == pytest.approx(PPY_YEARS, abs=1e-5)
    assert ppy.value == pytest.approx(3 / PPY_YEARS)
    assert ppy.persons == 6


def test_boundary_day_moves_people_in_and_out(reg):
    with reg.engine.connect() as conn:
        before = {c.indicator: c for c in compute(conn, reg.catalogue, dt.date(2024, 2, 28), by=()).cells
                  if c.group == {"programme": "_T"}}
    # one day earlier: p5's return + 6 months (2024-02-29) is not yet due; p3's graduation + 12 months
    # (2024-02-28) still is
    assert (before["employment_6m"].numerator, before["employment_6m"].denominator) == (3, 5)
    assert before["return_rate_12m"].denominator == 6


def test_by_cohort_groups_and_margins_add_up(reg):
    with reg.engine.connect() as conn:
        table = compute(conn, reg.catalogue, A, by=("cohort",))
        ref = compute_reference(conn, reg.catalogue, A, by=("cohort",))
    assert {c.key(): (c.numerator, c.denominator) for c in table.cells} == {
        c.key(): (c.numerator, c.denominator) for c in ref.cells}
    rr = [c for c in table.cells if c.indicator == "return_rate_12m" and c.group["programme"] == "SYN_SCHOLAR"]
    parts = [c for c in rr if c.group["cohort"] != "_T"]
    total = next(c for c in rr if c.group["cohort"] == "_T")
    assert sum(c.denominator for c in parts) == total.denominator == 6
    cohort_2018 = next(c for c in rr if c.group["cohort"] == 2018)
    assert (cohort_2018.numerator, cohort_2018.denominator) == (1, 2)


def test_sql_engine_matches_the_reference_on_a_synthetic_registry(tmp_path):
    from talentflow.monitor.synthetic import write_registry

    with open_registry(tmp_path / "s.sqlite") as r:
        r.import_file(write_registry(tmp_path / "syn.csv", 1500, seed=3))
        for day in (dt.date(2026, 6, 30), dt.date(2019, 12, 31), dt.date(2024, 2, 29)):
            with r.engine.connect() as conn:
                a = compute(conn, r.catalogue, day, by=("cohort", "level"))
                b = compute_reference(conn, r.catalogue, day, by=("cohort", "level"))
            ref = {c.key(): c for c in b.cells}
            assert {c.key() for c in a.cells} == set(ref)
            for c in a.cells:
                assert c.numerator == ref[c.key()].numerator, c.key()
                assert c.denominator == pytest.approx(ref[c.key()].denominator, abs=1e-5), c.key()
