"""Projection of a whole-year series, on a seeded synthetic series."""

from __future__ import annotations

import numpy as np
import pytest

from talentflow.stats.model import Observation
from talentflow.stats.projection import CANDIDATES, ProjectionError, project, whole_year_series


def synthetic_series(n: int = 14, seed: int = 7, first: int = 2010) -> list[Observation]:
    rng = np.random.default_rng(seed)
    level = 40000 * np.exp(np.cumsum(rng.normal(-0.05, 0.08, n)))
    return [Observation(indicator="emigrants_permanent", area="KAZ", counterpart="WLD", year=first + i,
                        value=float(round(v)), source_name="synthetic", quote="synthetic", flags=["synthetic"])
            for i, v in enumerate(level)]


def test_projection_rows_are_flagged_and_intervals_nest():
    rows = project(synthetic_series(), horizon=5)
    assert [r.year for r in rows] == [2024, 2025, 2026, 2027, 2028]
    labels = [c[0] for c in CANDIDATES]
    for r in rows:
        assert r.flags == ["projection"]
        assert r.model in labels and r.model in r.note and "projection" in r.note
        assert 0 < r.lower95 <= r.lower80 <= r.value <= r.upper80 <= r.upper95
    widths = [np.log(r.upper95 / r.lower95) for r in rows]  # the model works on the log scale
    assert widths == sorted(widths)  # uncertainty grows with the horizon


def test_model_is_the_lowest_aicc():
    (first, *_) = project(synthetic_series(), horizon=1)
    assert first.aicc[first.model] == min(first.aicc.values())


def test_too_short_a_series_is_refused():
    with pytest.raises(ProjectionError, match="at least 8"):
        project(synthetic_series(n=5))


def test_series_takes_the_latest_run_of_whole_years_only():
    obs = synthetic_series(n=10, first=2014)
    obs.append(Observation(indicator="emigrants_permanent", area="KAZ", year=2004, value=65000, quote="synthetic"))
    obs.append(Observation(indicator="emigrants_permanent", area="KAZ", year=2024, period="9M", value=1, quote="s"))
    obs.append(Observation(indicator="emigrants_permanent", area="KAZ", year=2024, period="2014-2024",
                           value=99, quote="s", flags=["cumulative"]))
    series = whole_year_series(obs)
    assert sorted(series) == list(range(2014, 2024))
