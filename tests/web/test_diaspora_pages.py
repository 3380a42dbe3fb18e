"""Diaspora pages through the HTTP interface: an expert imports their ORCID record, consents per
purpose, exports and erases; an institution user posts a Russian request, sees ranked experts
with why, shortlists and invites; the invitation waits for a moderator; the expert accepts; both
sides report. Contact details never appear; institution reads are audited; invitations are rate-limited."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient

from talentflow.diaspora import schema as ds
from talentflow.web import pages_diaspora
from talentflow.web.i18n import Messages
from tests.web.conftest import PASSWORD, client_as, csrf_of, login
from tests.web.diaspora_seed import seed

ORCID_DIR = Path(__file__).resolve().parents[1] / "diaspora" / "orcid"
LIMITED_ID = "0000-0000-9000-0039"
XSS = "<script>alert('request')</script>"


def _as(app, name: str, role: str) -> TestClient:
    accounts = app.state.web.accounts
    if name not in {u.name for u in accounts.users()}:
        accounts.add_user(name, role, PASSWORD)
    c = TestClient(app)
    assert login(c, name).status_code == 303
    return c


def _post(c: TestClient, path: str, data: dict | None = None, files: dict | None = None, page: str = "/account"):
    return c.post(path, data={"csrf_token": csrf_of(c, page), **(data or {})}, files=files, follow_redirects=False)


def _diaspora_audit(app, event: str) -> list:
    d = pages_diaspora.directory_of(app.state.web)
    with d.engine.connect() as conn:
        return conn.execute(sa.select(ds.audit).where(ds.audit.c.event == event)).all()


@pytest.fixture(scope="module")
def flow(app):
    seed(app)
    expert = _as(app, "emil", "expert")
    inst = _as(app, "inna", "institution")
    admin = client_as(app, "admin")
    return {"expert": expert, "inst": inst, "admin": admin}


def test_full_cycle_from_import_to_reports(app, flow):
    expert, inst, admin = flow["expert"], flow["inst"], flow["admin"]
    # the expert imports their ORCID record with consent to every purpose
    with (ORCID_DIR / "limited_items.json").open("rb") as fh:
        r = _post(expert, "/diaspora/me/import", {"listing": "1", "contact": "1", "statistics": "1"},
                  files={"record": ("record.json", fh, "application/json")})
    assert r.status_code == 303, r.text
    me = expert.get("/diaspora/me").text
    assert LIMITED_ID in me and "Migration policy and the labour market in Kazakhstan" in me
    # the institution posts a request in Russian (with hostile text) and sees the expert ranked with why
    r = _post(inst, "/diaspora/requests", {"institution": "Synthetic University", "lang": "ru", "kind": "lecture",
                                           "mode": "remote",
                                           "text": f"Нужна лекция о миграционной политике и рынке труда {XSS}"})
    assert r.status_code == 303
    req_url = r.headers["location"]
    page = inst.get(req_url).text
    assert XSS not in page and "&lt;script&gt;alert(&#39;request&#39;)&lt;/script&gt;" in page
    data = inst.get(req_url + ".json").json()
    match = next(m for m in data["matches"] if m["orcid"] == LIMITED_ID)
    assert match["why"] and all(isinstance(w, str) for w in match["why"])
    assert "@" not in inst.get(req_url + ".json").text
    rid = data["request"]["id"]
    assert _post(inst, f"/diaspora/requests/{rid}/shortlist", {"orcid": LIMITED_ID}).status_code == 303
    iid = next(s["id"] for s in inst.get(req_url + ".json").json()["shortlist"] if s["orcid"] == LIMITED_ID)
    assert _post(inst, f"/diaspora/invitations/{iid}/invite",
                 {"message": "Would you give a lecture? Write to me at x@example.org"}).status_code == 303
    # held for moderation: the expert sees nothing yet
    assert not [i for i in expert.get("/diaspora/me.json").json()["invitations"] if i["id"] == iid]
    shortlist = inst.get(req_url + ".json").json()["shortlist"]
    assert next(s for s in shortlist if s["id"] == iid)["status"] == "awaiting_moderation"
    assert any(p["invitation"] == iid for p in admin.get("/diaspora/moderation.json").json()["pending"])
    assert _post(admin, f"/diaspora/moderation/{iid}", {"decision": "approve"}).status_code == 303
    inv = next(i for i in expert.get("/diaspora/me.json").json()["invitations"] if i["id"] == iid)
    assert inv["status"] == "invited" and "x@example.org" not in inv["message"]  # relayed, scrubbed
    # the expert accepts: an engagement with dates
    r = _post(expert, f"/diaspora/invitations/{iid}/respond", {"answer": "accept", "start": "2027-04-01"})
    assert r.status_code == 303 and "/diaspora/engagements/" in r.headers["location"]
    eng_url = r.headers["location"]
    assert expert.get(eng_url + ".json").json()["start"] == "2027-04-01"
    # both sides report; the institution records the outcome
    assert _post(expert, eng_url + "/report", {"text": "Two lectures given online.", "rating": "5"}).status_code == 303
    assert _post(inst, eng_url + "/report", {"text": "Useful for our students.", "outcome": "completed",
                                             "end": "2027-04-10"}).status_code == 303
    e = inst.get(eng_url + ".json").json()
    assert e["outcome"] == "completed" and e["end"] == "2027-04-10"
    assert e["reports"]["expert"]["text"] == "Two lectures given online." and e["reports"]["institution"]["text"]
    # a second report from the same side is refused
    assert _post(expert, eng_url + "/report", {"text": "again"}).status_code == 400


def test_institution_reads_of_a_profile_are_audited(app, flow):
    s = seed(app)
    before = len(_diaspora_audit(app, "profile_read"))
    r = flow["inst"].get(f"/diaspora/experts/{s['orcid']}")
    assert r.status_code == 200 and "Aigerim Fixturova" in r.text
    assert "@" not in r.text.split("<main", 1)[1] and "Munich" in r.text
    reads = _diaspora_audit(app, "profile_read")
    assert len(reads) == before + 1 and reads[-1].actor == "inna"
    entries = list(app.state.web.accounts.audit(limit=20))
    assert any(e["action"] == "diaspora.profile_read" and e["user"] == "inna" for e in entries)


def test_another_institution_user_cannot_see_a_request(app, flow):
    s = seed(app)  # posted by ivo
    assert flow["inst"].get(f"/diaspora/requests/{s['request_id']}").status_code == 404
    assert flow["inst"].get(f"/diaspora/engagements/{s['engagement_id']}").status_code == 404
    assert flow["expert"].get(f"/diaspora/engagements/{s['engagement_id']}").status_code == 404  # not emil's


def test_invitations_are_rate_limited_per_user(app, flow, monkeypatch):
    inst = flow["inst"]
    r = _post(inst, "/diaspora/requests", {"institution": "Synthetic University", "lang": "en", "kind": "lecture",
                                           "text": "Lecture on hydrology and glacier melt"})
    rid = int(r.headers["location"].rsplit("/", 1)[1])
    s = seed(app)
    assert _post(inst, f"/diaspora/requests/{rid}/shortlist", {"orcid": s["orcid"]}).status_code == 303
    iid = next(x["id"] for x in inst.get(f"/diaspora/requests/{rid}.json").json()["shortlist"])
    monkeypatch.setattr(pages_diaspora, "INVITES_PER_DAY", 1)  # inna has sent one today already
    r = _post(inst, f"/diaspora/invitations/{iid}/invite", {"message": "Hello"})
    assert r.status_code == 429 and "At most 1 invitations a day" in r.text


def test_consent_export_and_erasure(app, flow):
    expert = _as(app, "ela", "expert")
    with (ORCID_DIR / "private_absent.json").open("rb") as fh:
        assert _post(expert, "/diaspora/me/import", {}, files={"record": ("r.json", fh, "application/json")}
                     ).status_code == 400  # no consent, nothing stored
    with (ORCID_DIR / "private_absent.json").open("rb") as fh:
        assert _post(expert, "/diaspora/me/import", {"listing": "1"},
                     files={"record": ("r.json", fh, "application/json")}).status_code == 303
    assert _post(expert, "/diaspora/me/consent", {"consent_form": "1", "listing": "1", "contact": "1"}
                 ).status_code == 303
    assert expert.get("/diaspora/me.json").json()["consents"] == {"listing": True, "contact": True}
    held = expert.get("/diaspora/me/export")
    assert held.status_code == 200 and "attachment" in held.headers["content-disposition"]
    assert held.json()["profile"]["orcid"] == "0000-0000-9000-0020"
    assert [c["purpose"] for c in held.json()["consents"]] == ["listing", "contact"]
    # another expert cannot claim the same record
    other = _as(app, "eli", "expert")
    with (ORCID_DIR / "private_absent.json").open("rb") as fh:
        r = _post(other, "/diaspora/me/import", {"listing": "1"}, files={"record": ("r.json", fh, "application/json")})
    assert r.status_code == 400 and "another account" in r.text
    # withdraw: erased from the store and the index, the link gone, the audit keeps only that it happened
    assert _post(expert, "/diaspora/me/erase", {}).status_code == 400  # not confirmed: nothing erased
    assert _post(expert, "/diaspora/me/erase", {"confirm": "erase"}).status_code == 303
    d = pages_diaspora.directory_of(app.state.web)
    with d.engine.connect() as conn:
        assert conn.execute(sa.select(ds.profile).where(ds.profile.c.orcid == "0000-0000-9000-0020")).first() is None
    assert all(m.orcid != "0000-0000-9000-0020" for m in d.match("catalysis hydrogen", "en"))
    assert expert.get("/diaspora/me.json").json()["orcid"] is None
    assert expert.get("/diaspora/me/export").status_code == 404


def test_diaspora_strings_are_translated():
    root = Path(pages_diaspora.__file__).parent
    ids: set[str] = set()
    for f in [*root.glob("templates/diaspora/*.html"), root / "pages_diaspora.py", root / "templates" / "base.html"]:
        s = f.read_text(encoding="utf-8")
        ids |= set(re.findall(r'\bt\(\s*"([^"]+)"', s)) | set(re.findall(r"\bt\(\s*'([^']+)'", s))
    ids |= {f"kind:{k}" for k in pages_diaspora.KINDS} | {f"consent:{p}" for p in pages_diaspora.PURPOSES}
    ids |= {"report:institution", "report:expert", "remote", "on_site", "either", "completed", "cancelled",
            "ongoing", "shortlisted", "invited", "accepted", "declined", "awaiting_moderation"}
    ids = {i for i in ids if not i.endswith(":") and i != "API"}
    for lang in ("ru", "kk", "en"):
        m = Messages(lang)
        missing = sorted(i for i in ids if m(i) == i and (lang != "en" or i.startswith(("kind:", "consent:", "report:")) or "_" in i))
        assert not missing, f"{lang}: {missing}"
