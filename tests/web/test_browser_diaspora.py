"""The diaspora engagement cycle in a real browser (Playwright driving Debian's Chromium), with
the server, browser and watch helpers of ``test_browser``: an expert imports an ORCID record
(with hostile text in it), an institution user posts a Russian request (hostile text too), sees
the expert ranked with why, shortlists and invites; an admin relays the invitation from the
moderation queue; the expert accepts; both sides file their report. No dialog (an ``alert`` from
injected script) and no console error on any page. Skipped with the reason when no Chromium is found."""

from __future__ import annotations

import json

import pytest

from talentflow.diaspora.synthetic import synthetic_orcid
from tests.web.conftest import PASSWORD
from tests.web.diaspora_seed import ORCID_FILE, seed
from tests.web.test_browser import CHROMIUM, Watch, browser, server  # noqa: F401  (fixtures reused)

pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="no Chromium found (apt-get install chromium)")

NEW_ORCID = synthetic_orcid(9_000_777)
XSS_NAME = "<img src=x onerror=alert('name')>"
XSS_REQUEST = "<script>alert('request')</script>"


def _record(tmp_path) -> str:
    """The fixture record under a new iD, with hostile text in the family name and a keyword."""
    data = json.loads(ORCID_FILE.read_text(encoding="utf-8"))
    text = json.dumps(data, ensure_ascii=False).replace("0000-0000-9000-0012", NEW_ORCID)
    data = json.loads(text)
    data["person"]["name"]["family-name"]["value"] = XSS_NAME
    data["person"]["keywords"]["keyword"][0]["content"] = "hydrology <svg onload=alert('kw')>"
    path = tmp_path / "record.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return str(path)


def _signed_in(browser, server, name):  # noqa: F811
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
    pg = context.new_page()
    pg.watch = Watch(pg)
    pg.on("response", lambda r: pg.watch.errors.append(f"{r.status} {r.request.method} {r.url}") if r.status >= 400 else None)
    pg.goto(server + "/login")
    pg.fill("#name", name)
    pg.fill("#password", PASSWORD)
    pg.click("form.login button[type=submit]")
    pg.wait_for_url(server + "/")
    return context, pg


def test_invitation_acceptance_engagement_report(server, browser, app, tmp_path):  # noqa: F811
    seed(app)
    accounts = app.state.web.accounts
    for name, role in (("bella", "expert"), ("boris", "institution")):
        if name not in {u.name for u in accounts.users()}:
            accounts.add_user(name, role, PASSWORD)
    pages = []
    # the expert imports the ORCID record, consenting to every purpose
    ectx, expert = _signed_in(browser, server, "bella")
    pages.append(expert)
    expert.get_by_role("link", name="My diaspora profile").click()
    expert.wait_for_url("**/diaspora/me")
    expert.set_input_files("#record", _record(tmp_path))
    expert.get_by_role("button", name="Import").click()
    expert.wait_for_url("**/diaspora/me")
    assert NEW_ORCID in expert.locator("main").inner_text()
    assert XSS_NAME in expert.locator("main dl").inner_text()  # shown as text, never run
    # the institution posts a request in Russian and sees the expert ranked with why
    ictx, inst = _signed_in(browser, server, "boris")
    pages.append(inst)
    inst.get_by_role("link", name="Diaspora requests").click()
    inst.wait_for_url("**/diaspora/requests")
    inst.fill("#institution", "Synthetic University")
    inst.fill("#text", f"Курс по гидрологии и таянию ледников {XSS_REQUEST}")
    inst.select_option("#lang", "ru")
    inst.select_option("#kind", "lecture")
    inst.get_by_role("button", name="Post", exact=True).click()
    inst.wait_for_url("**/diaspora/requests/*")
    assert XSS_REQUEST in inst.locator("main").inner_text()
    item = inst.locator("ol.matches > li").filter(has_text=NEW_ORCID)
    assert item.locator("ul li").count() >= 1  # why it matched
    assert "@" not in inst.locator("main").inner_text()  # no contact details
    item.get_by_role("button", name="Shortlist").click()
    inst.wait_for_load_state("load")
    box = inst.locator("section.shortlisted").filter(has_text=NEW_ORCID)
    box.locator("textarea").fill("Would you give the course in March? <b>bold</b>")
    box.get_by_role("button", name="Send invitation").click()
    inst.wait_for_load_state("load")
    box = inst.locator("section.shortlisted").filter(has_text=NEW_ORCID)
    assert box.locator(".status").inner_text() == "awaiting moderation"
    request_url = inst.url
    # the admin relays it from the moderation queue
    actx, admin = _signed_in(browser, server, "ada")
    pages.append(admin)
    admin.get_by_role("link", name="Moderation of invitations").click()
    admin.wait_for_url("**/diaspora/moderation")
    pending = admin.locator("section.pending").filter(has_text="Would you give the course in March?")
    pending.get_by_role("button", name="Relay to the expert").click()
    admin.wait_for_url("**/diaspora/moderation")
    # the expert accepts: an engagement begins
    expert.reload()
    invitation = expert.locator("section.invitation").filter(has_text="Would you give the course in March?")
    invitation.locator("input[name=start]").fill("2027-03-02")
    invitation.get_by_role("button", name="Accept").click()
    expert.wait_for_url("**/diaspora/engagements/*")
    engagement_url = expert.url
    assert "lecture or course" in expert.locator("main dl").inner_text()
    expert.fill("#report-text", "Three online lectures <script>alert('report')</script>")
    expert.select_option("#rating", "5")
    expert.get_by_role("button", name="File the report").click()
    expert.wait_for_url(engagement_url)
    # the institution sees the engagement from its request and files its report with the outcome
    inst.goto(request_url)
    inst.locator("section.shortlisted").filter(has_text=NEW_ORCID).get_by_role("link").click()
    inst.wait_for_url(engagement_url)
    inst.fill("#report-text", "The students rated the course highly.")
    inst.select_option("#outcome", "completed")
    inst.fill("#end", "2027-03-20")
    inst.get_by_role("button", name="File the report").click()
    inst.wait_for_url(engagement_url)
    reports = inst.locator("p.report-text").all_inner_texts()
    assert reports == ["The students rated the course highly.", "Three online lectures <script>alert('report')</script>"]
    assert inst.locator("dd.outcome").inner_text() == "completed"
    for pg in pages:
        assert pg.watch.dialogs == [], pg.watch.dialogs
        assert pg.watch.errors == [], pg.watch.errors
    for ctx in (ectx, ictx, actx):
        ctx.close()
