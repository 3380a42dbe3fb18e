"""Engagement indicators: definitions, the 30-day rule, consent to statistics, suppression."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from talentflow.diaspora import engagement_indicators
from talentflow.diaspora.model import Profile
from talentflow.diaspora.synthetic import synthetic_orcid


def _cells(cells, indicator, dim=None):
    return {next(iter(c["group"].values())): c for c in cells
            if c["indicator"] == indicator and (dim is None or dim in c["group"])}


@pytest.fixture
def d(directory):
    experts = [Profile(orcid=synthetic_orcid(i), name=f"Synthetic {i}", country="DE" if i < 14 else "US",
                       kinds=["lecture"]) for i in range(1, 16)]
    directory.add_profiles(experts[:14], ["listing", "contact", "statistics"], "test")
    directory.add_profiles(experts[14:], ["listing", "contact"], "test")  # not counted in statistics
    t0 = datetime(2027, 1, 10, tzinfo=UTC)
    for i, p in enumerate(experts):
        rid = directory.post_request("Synthetic University", f"Request {i}", "en", "lecture", posted_at=t0)
        iid = directory.shortlist(rid, p.orcid)
        directory.invite(iid, at=t0)
        late = i >= 12  # accepted after 40 days: not matched within 30
        directory.respond(iid, True, start=date(2027, 3, 1), end=date(2027, 3, 10),
                          at=t0 + timedelta(days=40 if late else 5))
    # one expert comes back for a second engagement: a repeat
    rid = directory.post_request("Synthetic University", "Again", "en", "lecture", posted_at=t0)
    iid = directory.shortlist(rid, experts[0].orcid)
    directory.invite(iid, at=t0)
    directory.respond(iid, True, start=date(2027, 5, 1), at=t0 + timedelta(days=2))
    return directory


def test_analyst_view(d):
    cells = engagement_indicators(d, as_of=date(2027, 12, 31), audience="analyst")
    assert _cells(cells, "diaspora_requests_posted")["2027"]["value"] == 16
    rate = _cells(cells, "diaspora_requests_matched_30d")["2027"]
    assert (rate["numerator"], rate["denominator"]) == (13, 16)
    by_kind = _cells(cells, "diaspora_engagements", "kind")
    assert by_kind["lecture"]["value"] == 15  # 14 counted experts + the repeat; the 15th did not consent
    by_country = _cells(cells, "diaspora_engagements", "country")
    assert by_country["DE"]["value"] == 14 and by_country["US"]["value"] == 1  # the US non-consenter is absent
    assert _cells(cells, "diaspora_repeat_engagements")["2027"]["value"] == 1
    assert _cells(cells, "diaspora_experts_active")["2027"]["value"] == 14


def test_30_day_denominator_waits_for_the_window(d):
    cells = engagement_indicators(d, as_of=date(2027, 1, 20), audience="analyst")
    rate = _cells(cells, "diaspora_requests_matched_30d")["2027"]
    assert rate["denominator"] == 13 and rate["numerator"] == 13  # the 3 still inside their window wait


def test_public_view_withholds_small_counts_and_their_complements(d):
    cells = engagement_indicators(d, as_of=date(2027, 12, 31), threshold=10)
    rep = _cells(cells, "diaspora_repeat_engagements")
    assert rep["2027"]["suppressed"] and rep["2027"]["value"] is None and rep["2027"]["numerator"] is None
    assert rep["total"]["suppressed"]
    country = _cells(cells, "diaspora_engagements", "country")
    assert country["US"]["why"] == "primary"  # 1 engagement
    assert country["DE"]["why"] == "secondary"  # else total − DE would give US back
    assert not country["total"]["suppressed"] and country["total"]["value"] == 15
    posted = _cells(cells, "diaspora_requests_posted")
    assert not posted["2027"]["suppressed"] and posted["2027"]["value"] == 16
    assert all(c["audience"] == "public" for c in cells)


def test_threshold_from_the_environment(d, monkeypatch):
    monkeypatch.setenv("TALENTFLOW_DISCLOSURE_THRESHOLD", "20")
    cells = engagement_indicators(d, as_of=date(2027, 12, 31))
    assert _cells(cells, "diaspora_requests_posted")["2027"]["suppressed"]


def test_erased_expert_still_counted_but_never_a_repeat(d):
    d.erase(synthetic_orcid(1))
    cells = engagement_indicators(d, as_of=date(2027, 12, 31), audience="analyst")
    assert _cells(cells, "diaspora_engagements", "kind")["lecture"]["value"] == 15
    assert _cells(cells, "diaspora_repeat_engagements")["total"]["value"] == 0
    assert _cells(cells, "diaspora_engagements", "country")["unknown"]["value"] == 2


def test_bad_audience(d):
    with pytest.raises(ValueError, match="audience"):
        engagement_indicators(d, audience="everyone")
