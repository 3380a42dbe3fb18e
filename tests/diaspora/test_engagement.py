"""The engagement cycle: request → shortlist → invitation → acceptance → engagement → reports."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from talentflow.diaspora import DiasporaError
from talentflow.diaspora.model import Profile

A = Profile(orcid="0000-0000-0000-001X", name="Synthetic A", country="DE", fields=["ford:1.2"],
            keywords=["machine learning"], kinds=["lecture"])
B = Profile(orcid="0000-0000-0000-0028", name="Synthetic B", country="US", fields=["ford:1.5"],
            keywords=["hydrology"], kinds=["joint_project"])


@pytest.fixture
def d(directory):
    directory.add_profiles([A], ["listing", "contact", "statistics"], "test")
    directory.add_profiles([B], ["listing"], "test")  # listed, but not to be contacted or counted
    return directory


def test_full_cycle(d):
    rid = d.post_request("Synthetic University", "Лекции по машинному обучению", "ru", "lecture",
                         date_from=date(2027, 3, 1), posted_at=datetime(2027, 2, 1, tzinfo=UTC))
    iid = d.shortlist(rid, A.orcid)
    assert d.shortlist(rid, A.orcid) == iid  # idempotent
    d.invite(iid, "Contact me: dean@uni.example.kz", at=datetime(2027, 2, 3, tzinfo=UTC))
    eid = d.respond(iid, True, at=datetime(2027, 2, 5, tzinfo=UTC))
    e = d.engagement(eid)
    assert (e["kind"], e["start"], e["outcome"]) == ("lecture", "2027-03-01", "ongoing")
    d.close_engagement(eid, "completed", date(2027, 3, 20))
    d.add_report(eid, "institution", "Two lectures, 80 students", 5)
    d.add_report(eid, "expert", "Well organised", 4)
    e = d.engagement(eid)
    assert e["outcome"] == "completed" and e["end"] == "2027-03-20"
    assert set(e["reports"]) == {"institution", "expert"}
    assert "dean@" not in str(d.export(A.orcid))  # relayed messages are scrubbed


def test_refusals_change_nothing(d):
    rid = d.post_request("Synthetic University", "Hydrology project", "en", "joint_project")
    iid = d.shortlist(rid, B.orcid)
    with pytest.raises(DiasporaError, match="not consented to be contacted"):
        d.invite(iid)
    with pytest.raises(DiasporaError, match="cannot respond, it is shortlisted"):
        d.respond(iid, True)
    with pytest.raises(DiasporaError, match="kind 'party'"):
        d.post_request("X", "y", "en", "party")
    with pytest.raises(DiasporaError, match="lang 'de'"):
        d.post_request("X", "y", "de", "lecture")
    with pytest.raises(DiasporaError, match="request 999"):
        d.shortlist(999, A.orcid)
    with pytest.raises(DiasporaError, match="no such profile"):
        d.shortlist(rid, "0000-0002-1825-0097")


def test_decline_and_report_rules(d):
    rid = d.post_request("Synthetic University", "ML", "en", "lecture")
    iid = d.shortlist(rid, A.orcid)
    d.invite(iid)
    assert d.respond(iid, False) is None
    with pytest.raises(DiasporaError, match="it is declined"):
        d.respond(iid, True)
    rid2 = d.post_request("Synthetic University", "ML 2", "en", "lecture")
    iid2 = d.shortlist(rid2, A.orcid)
    d.invite(iid2)
    eid = d.respond(iid2, True, start=date(2027, 5, 1))
    with pytest.raises(DiasporaError, match="before its start"):
        d.close_engagement(eid, "completed", date(2027, 4, 1))
    d.add_report(eid, "expert", "ok")
    with pytest.raises(DiasporaError, match="already filed"):
        d.add_report(eid, "expert", "again")
    with pytest.raises(DiasporaError, match="rating"):
        d.add_report(eid, "institution", "x", rating=9)


def test_unlisted_expert_cannot_be_shortlisted(d):
    d.set_consent(A.orcid, "listing", False)
    rid = d.post_request("Synthetic University", "ML", "en", "lecture")
    with pytest.raises(DiasporaError, match="not listed"):
        d.shortlist(rid, A.orcid)
