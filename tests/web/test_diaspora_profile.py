"""The expert's profile editor through HTTP: own profile only, CSRF, server-side validation with one
message per field and nothing half-saved, a save that re-ranks matching at once, an audit that
records that the profile changed and never what, no contact details accepted; and the import of
an ORCID record by iD with the network mocked."""

from __future__ import annotations

import json
import re
from pathlib import Path

import httpx
import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient

from talentflow.diaspora import orcid_fetch
from talentflow.diaspora import schema as ds
from talentflow.diaspora.taxonomy import load_taxonomy
from talentflow.web import Settings, create_app
from talentflow.web.i18n import Messages
from talentflow.web.pages_diaspora import LINK, _set_on, directory_of
from tests.web.conftest import PASSWORD, csrf_of, login

ORCID_FILE = Path(__file__).resolve().parents[1] / "diaspora" / "orcid" / "full_public.json"
ORCID = "0000-0000-9000-0012"
OTHER = "0000-0000-9000-0020"
REQUEST_RU = "Нужен курс по катализу и электрохимии для магистрантов"


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """A fresh store: the expert ``eli`` linked to the fixture record, a second expert ``ema`` with
    another profile, an institution user."""
    root = tmp_path_factory.mktemp("profile")
    app = create_app(Settings(store_url=str(root / "s.sqlite"), corpus=[], reports_dir=root, worker=False))
    web = app.state.web
    for name, role in (("eli", "expert"), ("ema", "expert"), ("ina", "institution")):
        web.accounts.add_user(name, role, PASSWORD)
    d = directory_of(web)
    d.import_orcid([ORCID_FILE], ["listing", "contact", "statistics"], actor="self")
    d.import_orcid([ORCID_FILE.parent / "private_absent.json"], ["listing"], actor="self")
    users = {u.name: u for u in web.accounts.users()}
    _set_on(web, LINK.format(users["eli"].id), ORCID)
    _set_on(web, LINK.format(users["ema"].id), OTHER)
    return app


def _client(app, name: str) -> TestClient:
    c = TestClient(app)
    assert login(c, name).status_code == 303
    return c


def _form(**over) -> dict:
    base = {"profile_form": "1", "country": "Германия", "city": "Potsdam", "affiliation": "Synthetic Institute",
            "field": ["ford:1.5", "ford:1.4"], "keywords": "hydrology, glacier melt, electrochemistry",
            "language": ["ru", "en"], "languages_other": "de", "kind": ["lecture", "co_supervision"],
            "mode": ["remote"], "from_1": "2030-01-01", "until_1": "2030-03-31", "from_2": "2030-09-01",
            "until_2": ""}
    base.update(over)
    return base


def _save(c: TestClient, data: dict, lang: str = "en"):
    return c.post(f"/diaspora/me/profile?lang={lang}", data={"csrf_token": csrf_of(c, "/diaspora/me/profile"), **data},
                  follow_redirects=False)


def _profile(app, orcid: str = ORCID) -> dict:
    return directory_of(app.state.web).export(orcid, actor="test")["profile"]


def test_the_form_shows_the_own_profile_with_field_labels_in_the_page_language(site):
    c = _client(site, "eli")
    html = c.get("/diaspora/me/profile?lang=ru").text
    assert ORCID in html and OTHER not in html  # only the signed-in expert's own profile
    assert 'name="csrf_token"' in html and 'name="field"' in html and 'value="ford:1.5"' in html
    tax = load_taxonomy()
    assert tax.field("ford:1.5").text("ru") in html  # labels in the page language (or the sourced fallback)
    assert Messages("ru")("Kinds of engagement you offer") in html
    for k in ("lecture", "co_supervision", "thesis_review", "joint_project", "mentoring", "short_visit",
              "expert_advice"):
        assert f'value="{k}"' in html
    assert c.get("/diaspora/me/profile.json").json()["orcid"] == ORCID


def test_a_form_without_the_csrf_token_is_refused_and_changes_nothing(site):
    c = _client(site, "eli")
    before = _profile(site)
    r = c.post("/diaspora/me/profile", data=_form(city="Nowhere"), follow_redirects=False)
    assert r.status_code == 403
    assert _profile(site) == before


def test_invalid_fields_get_one_message_each_and_nothing_is_saved(site):
    c = _client(site, "eli")
    before = _profile(site)
    bad = _form(country="Атлантида", city="x" * 101, field=["ford:1.5", "ford:99"], keywords="mail me: a@b.org",
                languages_other="german", kind=["lecture", "teleportation"], mode=["telepathy"],
                from_1="2030-05-01", until_1="2030-04-01", from_2="not a date")
    r = _save(c, bad, lang="ru")
    assert r.status_code == 400
    errors = r.text
    t = Messages("ru")
    for msgid, kw in (("At most {n} characters.", {"n": 100}), ("Unknown field: {key}.", {"key": "ford:99"}),
                      ("No contact details here (e-mail address, telephone number).", {}),
                      ("Unknown kind of engagement.", {}), ("Choose remote, on site or both.", {}),
                      ("The period ends before it starts.", {}), ("Not a date: write it as YYYY-MM-DD.", {})):
        assert t(msgid, **kw) in errors, msgid
    assert "Атлантида" in errors  # the country message names what was typed, and the form keeps it
    assert errors.count('aria-invalid="true"') >= 5 and 'id="err-country"' in errors
    assert t("Nothing was saved: correct these fields") in errors
    assert _profile(site) == before  # nothing half-saved
    # a region is not a country
    r = _save(c, _form(country="EU"))
    assert r.status_code == 400 and Messages("en")("Give one country, not a region or a group of countries.") in r.text
    # a period already over
    r = _save(c, _form(from_1="2001-01-01", until_1="2001-02-01"))
    assert r.status_code == 400 and "The period is over" in r.text
    assert _profile(site) == before


def test_a_valid_save_updates_the_profile_and_the_ranking_at_once(site):
    d = directory_of(site.state.web)
    assert ORCID not in [m.orcid for m in d.match(REQUEST_RU, "ru")]  # nothing on catalysis yet
    c = _client(site, "eli")
    r = _save(c, _form())
    assert r.status_code == 303 and r.headers["location"] == "/diaspora/me/profile?saved=1"
    p = _profile(site)
    assert p["country"] == "DE" and p["city"] == "Potsdam" and p["affiliation"] == "Synthetic Institute"
    assert p["fields"] == ["ford:1.5", "ford:1.4"] and "electrochemistry" in p["keywords"]
    assert p["languages"] == ["ru", "en", "de"] and p["kinds"] == ["lecture", "co_supervision"]
    assert p["modes"] == ["remote"]
    assert p["availability"] == [{"from": "2030-01-01", "until": "2030-03-31"}, {"from": "2030-09-01", "until": None}]
    assert (p["available_from"], p["available_until"]) == ("2030-01-01", None)
    # matching sees the change at once, with the new field and concept in "why", in Russian
    matches = {m.orcid: m for m in d.match(REQUEST_RU, "ru")}
    assert ORCID in matches  # it was not found before the edit
    tax = load_taxonomy()
    why = matches[ORCID].why
    assert tax.field("ford:1.4").label("ru") in why, why
    assert "электрохимия" in why
    # the filters read the new facts: a language, a mode, and a day between the two periods
    from datetime import date

    from talentflow.diaspora import Filters

    def found(f: Filters) -> bool:
        return ORCID in [m.orcid for m in d.match(REQUEST_RU, "ru", filters=f)]

    assert found(Filters(language="de")) and not found(Filters(language="fr"))
    assert found(Filters(mode="remote")) and not found(Filters(mode="on_site"))
    assert found(Filters(available_on=date(2030, 2, 1))) and found(Filters(available_on=date(2030, 10, 1)))
    assert not found(Filters(available_on=date(2030, 6, 1)))  # between the two periods
    # the page shows what was saved, with the country named in the page language
    html = c.get("/diaspora/me/profile?saved=1&lang=kk").text
    assert Messages("kk")("Your profile is saved; requests are matched against it from now on.") in html
    assert 'value="Германия"' in html


def test_the_edit_is_audited_without_its_content(site):
    d = directory_of(site.state.web)
    with d.engine.connect() as conn:
        rows = conn.execute(sa.select(ds.audit).where(ds.audit.c.event == "profile_edit")).all()
    assert rows and all(r.detail in ("changed", "unchanged") for r in rows)
    web_rows = [e for e in site.state.web.accounts.audit() if e["action"] == "diaspora.profile_edit"]
    assert web_rows and all(e["target"] == "own profile" for e in web_rows)
    text = json.dumps([dict(r._mapping) for r in rows] + web_rows, default=str)
    for content in ("Potsdam", "Synthetic Institute", "electrochemistry", "ford:1.4", ORCID):
        assert content not in text


def test_saving_the_same_form_again_changes_nothing(site):
    c = _client(site, "eli")
    before = _profile(site)
    assert _save(c, _form()).status_code == 303
    assert _profile(site) == before  # updated_at too: nothing was written


def test_reimporting_the_orcid_record_keeps_what_the_person_set(site):
    d = directory_of(site.state.web)
    d.import_orcid([ORCID_FILE], ["listing"], actor="self")
    p = _profile(site)
    assert p["fields"] == ["ford:1.5", "ford:1.4"] and p["kinds"] == ["lecture", "co_supervision"]
    assert p["modes"] == ["remote"] and len(p["availability"]) == 2


def test_only_an_expert_edits_and_only_their_own_profile(site):
    other = _client(site, "ema")
    before = _profile(site)
    assert _save(other, _form(city="Hijacked")).status_code == 303
    assert _profile(site) == before  # ema's form changed ema's profile
    assert _profile(site, OTHER)["city"] == "Hijacked"
    inst = _client(site, "ina")
    assert inst.get("/diaspora/me/profile").status_code == 403
    r = inst.post("/diaspora/me/profile", data={"csrf_token": csrf_of(inst, "/account"), **_form()})
    assert r.status_code == 403
    assert TestClient(site).get("/diaspora/me/profile").status_code == 401


def test_an_empty_post_is_refused_and_clears_nothing(site):
    c = _client(site, "eli")
    before = _profile(site)
    r = c.post("/diaspora/me/profile", data={"csrf_token": csrf_of(c, "/diaspora/me/profile")})
    assert r.status_code == 400
    assert _profile(site) == before


def test_no_contact_detail_is_accepted_anywhere(site):
    c = _client(site, "eli")
    for field, value in (("city", "call +7 701 123 45 67"), ("affiliation", "x@y.kz"),
                         ("keywords", "hydrology, write to me@example.org")):
        r = _save(c, _form(**{field: value}))
        assert r.status_code == 400, field
    held = json.dumps(_profile(site), ensure_ascii=False)
    assert "@" not in held and "701" not in held


def test_the_form_works_without_script():
    """No <script> on the page: plain HTML form, native inputs (checked in the browser test too)."""
    html = Path(__file__).resolve().parents[2] / "talentflow" / "web" / "templates" / "diaspora" / "profile.html"
    text = html.read_text(encoding="utf-8")
    assert "<script" not in text and 'method="post"' in text


# --- ORCID by iD, network mocked ------------------------------------------------------------------

def _record_for(orcid: str) -> bytes:
    data = json.loads(ORCID_FILE.read_text(encoding="utf-8"))
    return json.dumps(data, ensure_ascii=False).replace(ORCID, orcid).encode()


def test_import_by_id_from_the_web_form(tmp_path, monkeypatch):
    new = "0000-0002-1825-0097"  # ORCID's documented example iD (valid check digit)
    seen = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(str(request.url))
        return httpx.Response(200, content=_record_for(new), headers={"content-type": "application/json"})

    monkeypatch.setattr(orcid_fetch, "TRANSPORT", httpx.MockTransport(handler))
    app = create_app(Settings(store_url=str(tmp_path / "s.sqlite"), corpus=[], reports_dir=tmp_path, worker=False))
    app.state.web.accounts.add_user("olga", "expert", PASSWORD)
    c = _client(app, "olga")
    token = csrf_of(c, "/diaspora/me")
    bad = c.post("/diaspora/me/import-id", data={"csrf_token": token, "orcid_id": "0000-0002-1825-0098",
                                                 "listing": "1"}, follow_redirects=False)
    assert bad.status_code == 400 and "check digit" in bad.text and not seen  # refused before any request
    r = c.post("/diaspora/me/import-id", data={"csrf_token": token, "orcid_id": f"https://orcid.org/{new}",
                                               "listing": "1"}, follow_redirects=False)
    assert r.status_code == 303, r.text
    assert seen == [f"https://pub.orcid.org/v3.0/{new}/record"]
    assert new in c.get("/diaspora/me").text
    held = directory_of(app.state.web).export(new)["profile"]
    assert held["source"] == orcid_fetch.SOURCE and "@" not in json.dumps(held)


def test_import_by_id_offline_says_so(tmp_path, monkeypatch):
    def offline(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("Name or service not known", request=request)

    monkeypatch.setattr(orcid_fetch, "TRANSPORT", httpx.MockTransport(offline))
    app = create_app(Settings(store_url=str(tmp_path / "s.sqlite"), corpus=[], reports_dir=tmp_path, worker=False))
    app.state.web.accounts.add_user("olga", "expert", PASSWORD)
    c = _client(app, "olga")
    r = c.post("/diaspora/me/import-id", data={"csrf_token": csrf_of(c, "/diaspora/me"),
                                               "orcid_id": "0000-0002-1825-0097", "listing": "1"})
    assert r.status_code == 400
    assert re.search(r"cannot reach pub\.orcid\.org \(offline\?", r.text)


def test_the_institution_sees_the_edited_profile_in_its_language(site):
    inst = _client(site, "ina")
    html = inst.get(f"/diaspora/experts/{ORCID}?lang=ru").text
    t = Messages("ru")
    assert t("kind:lecture") in html and t("remote") in html
    assert load_taxonomy().field("ford:1.4").label("ru") in html
    assert "2030" in html  # the periods of availability
