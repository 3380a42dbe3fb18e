"""The Open SDG / Statistics Canada progress method."""

from __future__ import annotations

import pytest

from talentflow.monitor.framework import Point, Target, progress


def t(year, value):
    return Target(year, value, "doc", "https://example.org", "quote")


@pytest.mark.parametrize(("latest", "status"), [
    (Point(2024, 130), "achieved"),
    (Point(2024, 120), "on_track"),      # observed growth ≥ 95 % of the required
    (Point(2024, 112), "moderate"),
    (Point(2024, 104), "limited"),
    (Point(2024, 95), "deterioration"),
])
def test_status_thresholds(latest, status):
    # baseline 100 (2020), target 130 (2026): required CAGR = 1.3^(1/6) − 1 ≈ 4.47 %
    assert progress(Point(2020, 100), latest, t(2026, 130))[0] == status


def test_ratio_is_observed_over_required_growth():
    status, ratio = progress(Point(2020, 100), Point(2024, 110), t(2026, 130))
    observed = 1.1 ** (1 / 4) - 1
    required = 1.3 ** (1 / 6) - 1
    assert ratio == pytest.approx(observed / required)
    assert status == ("moderate" if 0.6 <= ratio < 0.95 else "limited")


def test_decrease_targets_and_special_cases():
    assert progress(Point(2020, 100), Point(2024, 78), t(2026, 70))[0] == "on_track"
    assert progress(Point(2020, 100), Point(2024, 80), t(2026, 70))[0] == "moderate"  # ratio 0.94
    assert progress(Point(2020, 100), Point(2024, 110), t(2026, 70))[0] == "deterioration"
    assert progress(Point(2020, 100), Point(2024, 110), None)[0] == "no_target"
    assert progress(Point(2021, 100), Point(2021, 100), t(2025, 130))[0] == "too_few_points"
    assert progress(None, None, t(2025, 130))[0] == "too_few_points"
