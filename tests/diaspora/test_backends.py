"""The directory on both store backends (SQLite file, PostgreSQL schema): the engagement cycle,
matching, indicators and erasure behave the same."""

from __future__ import annotations

from datetime import UTC, date, datetime

import sqlalchemy as sa

from talentflow.diaspora import engagement_indicators, open_directory
from tests.diaspora.conftest import FULL, FULL_ID, PRIVATE, PRIVATE_ID


def test_cycle_and_erasure(store_url: str):
    d = open_directory(store_url)
    try:
        assert [o for _, o in d.import_orcid([FULL, PRIVATE], ["listing", "contact", "statistics"])] == \
            ["created", "created"]
        assert d.import_orcid([FULL], ["listing"])[0][1] == "unchanged"
        assert d.match("Машиналық оқыту және гидрология", "kk", 1)[0].orcid == FULL_ID
        rid = d.post_request("Synthetic University", "Glacier hydrology", "en", "lecture",
                             posted_at=datetime(2027, 1, 1, tzinfo=UTC))
        iid = d.shortlist(rid, FULL_ID)
        d.invite(iid, at=datetime(2027, 1, 2, tzinfo=UTC))
        eid = d.respond(iid, True, start=date(2027, 2, 1), at=datetime(2027, 1, 3, tzinfo=UTC))
        d.add_report(eid, "expert", "Aigerim Fixturova: fine")
        cells = engagement_indicators(d, as_of=date(2027, 12, 31), audience="analyst")
        assert {c["value"] for c in cells if c["indicator"] == "diaspora_engagements"
                and c["group"].get("country") == "DE"} == {1}
        d.erase(FULL_ID)
        with d.engine.connect() as conn:
            names = [r[0] for r in conn.execute(sa.text("SELECT name FROM diaspora_profile"))]
            reports = conn.execute(sa.text("SELECT COUNT(*) FROM diaspora_report")).scalar()
            erasures = conn.execute(sa.text("SELECT COUNT(*) FROM diaspora_audit WHERE event = 'erasure' "
                                            "AND profile_id IS NULL")).scalar()
        assert names == [""] and reports == 0 and erasures == 1
        assert [m.orcid for m in d.match("catalysis hydrogen glacier", "en", 5)] == [PRIVATE_ID]
    finally:
        d.close()
