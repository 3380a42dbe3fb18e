"""A diaspora engagement on the web fixture's store, for the route matrix and the diaspora page tests:
the expert user ``eva`` linked to the fixture ORCID record (all consents), a request posted by the
institution user ``ivo``, an invitation accepted, hence an engagement. Made once per application."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from talentflow.web.pages_diaspora import LINK, _set_on

ORCID_FILE = Path(__file__).resolve().parents[1] / "diaspora" / "orcid" / "full_public.json"
ORCID = "0000-0000-9000-0012"


def seed(app) -> dict[str, str]:
    web = app.state.web
    done = getattr(web, "diaspora_seed", None)
    if done is not None:
        return done
    from talentflow.web.pages_diaspora import directory_of

    d = directory_of(web)
    d.import_orcid([ORCID_FILE], ["listing", "contact", "statistics"], actor="self")
    eva = next(u for u in web.accounts.users() if u.name == "eva")
    _set_on(web, LINK.format(eva.id), ORCID)
    rid = d.post_request("Synthetic University", "Lecture course on machine learning for hydrology", "en",
                         "lecture", date_from=date(2027, 3, 1), actor="ivo")
    iid = d.shortlist(rid, ORCID, actor="ivo")
    d.invite(iid, "Would you give the course?", actor="ivo")
    eid = d.respond(iid, True, start=date(2027, 3, 1), actor="expert")
    web.diaspora_seed = {"orcid": ORCID, "request_id": str(rid), "invitation_id": str(iid),
                         "engagement_id": str(eid)}
    return web.diaspora_seed
