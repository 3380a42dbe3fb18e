"""Diaspora engagement pages (issue 14): the expert's own profile, institution requests with
ranked experts, relayed invitations through a moderation queue, responses, engagements and reports.

Two roles take part: an ``expert`` (a scientist abroad whose web account is linked to the ORCID
record they imported) and an ``institution`` user (a home institution posting requests); an admin
moderates. Every method of :class:`talentflow.diaspora.Directory` records its own audit row; an
institution user's read of a profile is audited there (``profile_read``) and in the web audit
log. No page shows contact details: the directory keeps none, and messages are scrubbed and
relayed. Forms are validated before anything else, so a form without its fields is a 400.
"""

from __future__ import annotations

import datetime as dt
import json
import tempfile
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from fastapi import Request
from fastapi.responses import RedirectResponse, Response
from starlette.datastructures import UploadFile

from talentflow import db
from talentflow.diaspora import KINDS, PURPOSES, DiasporaError, OrcidError, open_directory
from talentflow.diaspora import schema as ds
from talentflow.web.i18n import Messages
from talentflow.web.routes import Need, Page, action, page
from talentflow.web.tables import audit_log, settings

#: invitations one institution user may send (to the moderation queue) in 24 hours
INVITES_PER_DAY = 20
MAX_ORCID_FILE = 2 * 1024 * 1024
LINK = "diaspora-orcid:{}"  # web_setting row: user id → the ORCID iD of their profile
PENDING = "diaspora-pending:{}"  # web_setting row: invitation id → relayed message awaiting moderation


def directory_of(web: Any):
    """The directory of the application's store, opened once per application."""
    d = getattr(web, "diaspora", None)
    if d is None:
        d = web.diaspora = open_directory(web.settings.store_url)
    return d


def directory(request: Request):
    return directory_of(request.app.state.web)


def _setting(request: Request, name: str) -> str | None:
    with request.app.state.web.accounts.engine.connect() as c:
        return c.execute(sa.select(settings.c.value).where(settings.c.name == name)).scalar()


def _set_on(web: Any, name: str, value: str | None) -> None:
    """Write (or, with None, delete) a row of the application's settings table."""
    with db.write_transaction(web.accounts.engine) as c:
        c.execute(settings.delete().where(settings.c.name == name))
        if value is not None:
            c.execute(settings.insert().values(name=name, value=value))


def _set(request: Request, name: str, value: str | None) -> None:
    _set_on(request.app.state.web, name, value)


def linked_orcid(request: Request) -> str | None:
    return _setting(request, LINK.format(request.state.user.id))


def _orcid_taken(request: Request, orcid: str) -> bool:
    with request.app.state.web.accounts.engine.connect() as c:
        return c.execute(sa.select(settings.c.name).where(settings.c.name.like("diaspora-orcid:%"),
                                                          settings.c.value == orcid)).first() is not None


def _bad(request: Request, message: str, status: int = 400) -> Page:
    return Page("error.html", message, {"error": "bad_request", "message": message},
                {"message": message, "status": status}, status=status)


def _not_found(request: Request) -> Page:
    from talentflow.web.pages_public import not_found

    return not_found(request)


def _iso(v: Any) -> Any:
    return v.isoformat() if isinstance(v, dt.date | dt.datetime) else v


def _date(value: object) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(value)) if value else None
    except ValueError:
        return None


def _request_owner(conn: sa.Connection, request_id: int) -> str | None:
    return conn.execute(sa.select(ds.audit.c.actor).where(ds.audit.c.event == "request_posted",
                                                          ds.audit.c.detail == f"request {request_id}")).scalar()


def _may_see_request(request: Request, conn: sa.Connection, request_id: int) -> bool:
    u = request.state.user
    return u.role == "admin" or _request_owner(conn, request_id) == u.name


def _profile_id(conn: sa.Connection, orcid: str | None) -> int | None:
    if not orcid:
        return None
    return conn.execute(sa.select(ds.profile.c.id).where(ds.profile.c.orcid == orcid)).scalar()


# --- the expert ---------------------------------------------------------------------------------

def _me_page(request: Request, message: str = "", status: int = 200) -> Page:
    t = Messages(request.state.lang)
    d = directory(request)
    orcid = linked_orcid(request)
    data: dict[str, Any] = {"orcid": orcid, "profile": None, "consents": {}, "invitations": [], "engagements": []}
    if orcid:
        try:
            held = d.export(orcid, actor="self")
        except DiasporaError:
            held = None
        if held is not None:
            data["profile"] = held["profile"]
            data["consents"] = d.consents(orcid)
            with d.engine.connect() as conn:
                pid = _profile_id(conn, orcid)
                inv = conn.execute(sa.select(ds.invitation, ds.request.c.text, ds.request.c.lang, ds.request.c.kind,
                                             ds.request.c.mode, ds.request.c.date_from, ds.request.c.date_until)
                                   .join(ds.request, ds.request.c.id == ds.invitation.c.request_id)
                                   .where(ds.invitation.c.profile_id == pid,
                                          ds.invitation.c.status.in_(("invited", "accepted", "declined")))
                                   .order_by(ds.invitation.c.id.desc())).all()
                data["invitations"] = [{"id": r.id, "status": r.status, "message": r.message, "text": r.text,
                                        "lang": r.lang, "kind": r.kind, "mode": r.mode,
                                        "date_from": _iso(r.date_from), "date_until": _iso(r.date_until)}
                                       for r in inv]
                engs = conn.execute(sa.select(ds.engagement).where(ds.engagement.c.profile_id == pid)
                                    .order_by(ds.engagement.c.id.desc())).all()
                data["engagements"] = [{"id": e.id, "kind": e.kind, "start": _iso(e.start), "end": _iso(e.end),
                                        "outcome": e.outcome} for e in engs]
    from talentflow.diaspora.taxonomy import load_taxonomy

    tax = load_taxonomy()
    labels = [f.label(request.state.lang) for f in (tax.field(k) for k in (data["profile"] or {}).get("fields", []))
              if f is not None]
    return Page("diaspora/me.html", t("My diaspora profile"), data,
                {"message": message, "purposes": PURPOSES, "field_labels": labels}, status=status)


@page("/diaspora/me", Need.EXPERT)
async def diaspora_me(request: Request) -> Page:
    """The expert's own profile, consents, invitations and engagements (everything held)."""
    return _me_page(request)


@action("/diaspora/me/import", Need.EXPERT)
async def diaspora_import(request: Request) -> Response | Page:
    """Import the expert's ORCID record (v3.0 JSON file) with the consents ticked; links the account."""
    t = Messages(request.state.lang)
    form = await request.form(max_files=2)
    upload = form.get("record")
    purposes = [p for p in PURPOSES if form.get(p)]
    if not isinstance(upload, UploadFile) or not upload.filename:
        return _me_page(request, t("Choose your ORCID record file (JSON)."), 400)
    if not purposes:
        return _me_page(request, t("Nothing is stored without your consent to at least one purpose."), 400)
    data = await upload.read(MAX_ORCID_FILE + 1)
    if len(data) > MAX_ORCID_FILE:
        return _me_page(request, t("The file is too large."), 400)
    mine = linked_orcid(request)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "record.json"
        path.write_bytes(data)
        try:
            from talentflow.diaspora.orcid import read_record

            orcid = read_record(path).orcid
            if (mine and orcid != mine) or (not mine and _orcid_taken(request, orcid)):
                return _me_page(request, t("This ORCID record belongs to another account."), 400)
            directory(request).import_orcid([path], purposes, actor="self")
        except (OrcidError, DiasporaError, ValueError) as exc:
            return _me_page(request, t("The record was not imported: {why}", why=str(exc)[:300]), 400)
    _set(request, LINK.format(request.state.user.id), orcid)
    request.app.state.web.audit(request, "diaspora.import", "own profile")
    return RedirectResponse("/diaspora/me", status_code=303)


@action("/diaspora/me/consent", Need.EXPERT)
async def diaspora_consent(request: Request) -> Response | Page:
    """Give or withdraw consent per purpose (each change recorded with time and text version)."""
    t = Messages(request.state.lang)
    form = await request.form()
    orcid = linked_orcid(request)
    if form.get("consent_form") != "1" or not orcid:
        return _me_page(request, t("Import your ORCID record first."), 400)
    d = directory(request)
    now = d.consents(orcid)
    for p in PURPOSES:
        want = bool(form.get(p))
        if want != bool(now.get(p)):
            d.set_consent(orcid, p, want, actor="self")
    return RedirectResponse("/diaspora/me", status_code=303)


@action("/diaspora/me/export", Need.EXPERT, methods=("GET",))
async def diaspora_export(request: Request) -> Response:
    """Everything held on the expert, as a JSON download (right of access)."""
    orcid = linked_orcid(request)
    if not orcid:
        return _not_found(request)
    held = directory(request).export(orcid, actor="self")
    body = json.dumps(held, ensure_ascii=False, indent=1, default=str)
    return Response(body, media_type="application/json",
                    headers={"Content-Disposition": 'attachment; filename="diaspora-profile.json"'})


@action("/diaspora/me/erase", Need.EXPERT)
async def diaspora_erase(request: Request) -> Response | Page:
    """Withdraw: the profile is erased from the database and the index; the audit keeps that it happened."""
    t = Messages(request.state.lang)
    form = await request.form()
    orcid = linked_orcid(request)
    if form.get("confirm") != "erase" or not orcid:
        return _me_page(request, t("Tick the box to confirm the erasure."), 400)
    directory(request).erase(orcid, actor="self")
    _set(request, LINK.format(request.state.user.id), None)
    request.app.state.web.audit(request, "diaspora.erase", "own profile")
    return RedirectResponse("/diaspora/me", status_code=303)


@action("/diaspora/invitations/{invitation_id}/respond", Need.EXPERT)
async def diaspora_respond(request: Request, invitation_id: str) -> Response | Page:
    """Accept (an engagement begins) or decline an invitation addressed to the expert."""
    t = Messages(request.state.lang)
    form = await request.form()
    answer = form.get("answer")
    if answer not in ("accept", "decline") or not invitation_id.isdigit():
        return _me_page(request, t("Choose to accept or decline."), 400)
    d = directory(request)
    with d.engine.connect() as conn:
        pid = _profile_id(conn, linked_orcid(request))
        owner = conn.execute(sa.select(ds.invitation.c.profile_id).where(ds.invitation.c.id == int(invitation_id))).scalar()
    if pid is None or owner != pid:
        return _not_found(request)
    start, end = _date(form.get("start")), _date(form.get("end"))
    try:
        eid = d.respond(int(invitation_id), answer == "accept", start=start, end=end, actor="expert")
    except DiasporaError as exc:
        return _me_page(request, str(exc), 400)
    return RedirectResponse(f"/diaspora/engagements/{eid}" if eid else "/diaspora/me", status_code=303)


# --- the institution ----------------------------------------------------------------------------

def _requests_page(request: Request, message: str = "", status: int = 200) -> Page:
    t = Messages(request.state.lang)
    d = directory(request)
    u = request.state.user
    with d.engine.connect() as conn:
        q = sa.select(ds.request).order_by(ds.request.c.id.desc())
        if u.role != "admin":
            mine = sa.select(ds.audit.c.detail).where(ds.audit.c.event == "request_posted", ds.audit.c.actor == u.name)
            ids = [int(x.split()[-1]) for x in conn.execute(mine).scalars() if x]
            q = q.where(ds.request.c.id.in_(ids))
        rows = [{"id": r.id, "institution": r.institution, "text": r.text, "lang": r.lang, "kind": r.kind,
                 "mode": r.mode, "posted_at": _iso(r.posted_at), "status": r.status} for r in conn.execute(q)]
    return Page("diaspora/requests.html", t("Diaspora requests"), {"requests": rows},
                {"message": message, "kinds": KINDS, "modes": ("remote", "on_site", "either")}, rows=rows,
                columns=["id", "institution", "text", "lang", "kind", "mode", "posted_at", "status"], status=status)


@page("/diaspora/requests", Need.INSTITUTION, csv=True)
async def diaspora_requests(request: Request) -> Page:
    """The institution user's requests to the diaspora, and the form to post one."""
    return _requests_page(request)


@action("/diaspora/requests", Need.INSTITUTION)
async def diaspora_post_request(request: Request) -> Response | Page:
    """Post a request in Russian, Kazakh or English."""
    t = Messages(request.state.lang)
    form = await request.form()
    text = str(form.get("text", "")).strip()[:4000]
    institution = str(form.get("institution", "")).strip()[:200]
    lang, kind, mode = form.get("lang"), form.get("kind"), form.get("mode", "either")
    if not text or not institution or lang not in ("ru", "kk", "en") or kind not in KINDS:
        return _requests_page(request, t("Give the institution, the text, its language and the kind of engagement."), 400)
    try:
        rid = directory(request).post_request(
            institution, text, str(lang), str(kind), mode=str(mode), date_from=_date(form.get("date_from")),
            date_until=_date(form.get("date_until")), funding=str(form.get("funding", ""))[:500] or None,
            actor=request.state.user.name)
    except DiasporaError as exc:
        return _requests_page(request, str(exc), 400)
    request.app.state.web.audit(request, "diaspora.request", f"request {rid}")
    return RedirectResponse(f"/diaspora/requests/{rid}", status_code=303)


@page("/diaspora/requests/{request_id}", Need.INSTITUTION)
async def diaspora_request(request: Request, request_id: str) -> Page:
    """A request: experts ranked with why each matched (no contact details), the shortlist and invitations."""
    t = Messages(request.state.lang)
    d = directory(request)
    if not request_id.isdigit():
        return _not_found(request)
    rid = int(request_id)
    with d.engine.connect() as conn:
        r = conn.execute(sa.select(ds.request).where(ds.request.c.id == rid)).first()
        if r is None or not _may_see_request(request, conn, rid):
            return _not_found(request)
        inv = conn.execute(sa.select(ds.invitation.c.id, ds.invitation.c.status, ds.profile.c.orcid,
                                     ds.engagement.c.id.label("engagement_id"))
                           .join(ds.profile, ds.profile.c.id == ds.invitation.c.profile_id)
                           .outerjoin(ds.engagement, sa.and_(ds.engagement.c.request_id == rid,
                                                             ds.engagement.c.profile_id == ds.invitation.c.profile_id))
                           .where(ds.invitation.c.request_id == rid).order_by(ds.invitation.c.id)).all()
    pending = {i.id for i in inv if i.status == "shortlisted" and _setting(request, PENDING.format(i.id))}
    shortlist = [{"id": i.id, "orcid": i.orcid, "engagement_id": i.engagement_id,
                  "status": "awaiting_moderation" if i.id in pending else i.status} for i in inv]
    matches = [m.as_dict() for m in d.match(r.text, r.lang, top=10)]
    listed = {s["orcid"] for s in shortlist}
    for m in matches:
        m["shortlisted"] = m["orcid"] in listed
    req = {"id": r.id, "institution": r.institution, "text": r.text, "lang": r.lang, "kind": r.kind, "mode": r.mode,
           "date_from": _iso(r.date_from), "date_until": _iso(r.date_until), "funding": r.funding,
           "posted_at": _iso(r.posted_at)}
    return Page("diaspora/request.html", t("Request {n}", n=r.id),
                {"request": req, "matches": matches, "shortlist": shortlist})


@action("/diaspora/requests/{request_id}/shortlist", Need.INSTITUTION)
async def diaspora_shortlist(request: Request, request_id: str) -> Response | Page:
    """Put a matched expert on the request's shortlist."""
    t = Messages(request.state.lang)
    form = await request.form()
    orcid = str(form.get("orcid", ""))
    if not orcid or not request_id.isdigit():
        return _bad(request, t("Choose an expert."))
    d = directory(request)
    with d.engine.connect() as conn:
        if not _may_see_request(request, conn, int(request_id)):
            return _not_found(request)
    try:
        d.shortlist(int(request_id), orcid, actor=request.state.user.name)
    except DiasporaError as exc:
        return _bad(request, str(exc))
    return RedirectResponse(f"/diaspora/requests/{request_id}", status_code=303)


def _invites_today(request: Request) -> int:
    since = dt.datetime.now(dt.UTC) - dt.timedelta(days=1)
    with request.app.state.web.accounts.engine.connect() as c:
        return c.execute(sa.select(sa.func.count()).select_from(audit_log).where(
            audit_log.c.user == request.state.user.name, audit_log.c.action == "diaspora.invite",
            audit_log.c.at >= since)).scalar_one()


@action("/diaspora/invitations/{invitation_id}/invite", Need.INSTITUTION)
async def diaspora_invite(request: Request, invitation_id: str) -> Response | Page:
    """Send a relayed invitation to a shortlisted expert: it waits in the moderation queue (rate-limited)."""
    t = Messages(request.state.lang)
    form = await request.form()
    message = str(form.get("message", "")).strip()[:2000]
    if not message or not invitation_id.isdigit():
        return _bad(request, t("Write the message to the expert."))
    d = directory(request)
    with d.engine.connect() as conn:
        inv = conn.execute(sa.select(ds.invitation).where(ds.invitation.c.id == int(invitation_id))).first()
        if inv is None or not _may_see_request(request, conn, inv.request_id):
            return _not_found(request)
    if inv.status != "shortlisted" or _setting(request, PENDING.format(inv.id)):
        return _bad(request, t("This invitation has already been sent."))
    if _invites_today(request) >= INVITES_PER_DAY:
        return _bad(request, t("At most {n} invitations a day; try again tomorrow.", n=INVITES_PER_DAY), 429)
    _set(request, PENDING.format(inv.id), json.dumps({"message": message, "by": request.state.user.name,
                                                      "at": dt.datetime.now(dt.UTC).isoformat()}))
    request.app.state.web.audit(request, "diaspora.invite", f"invitation {inv.id}")
    return RedirectResponse(f"/diaspora/requests/{inv.request_id}", status_code=303)


@page("/diaspora/experts/{orcid}", Need.INSTITUTION)
async def diaspora_expert(request: Request, orcid: str) -> Page:
    """A listed expert's professional profile (never contact details); every read is audited."""
    t = Messages(request.state.lang)
    u = request.state.user
    try:
        prof = directory(request).read_profile(orcid, actor=u.name)
    except DiasporaError:
        return _not_found(request)
    request.app.state.web.audit(request, "diaspora.profile_read", "expert profile")
    from talentflow.diaspora.taxonomy import load_taxonomy

    tax = load_taxonomy()
    labels = [f.label(request.state.lang) for f in (tax.field(k) for k in prof.get("fields", [])) if f is not None]
    return Page("diaspora/expert.html", t("Expert profile"), prof, {"field_labels": labels})


# --- moderation --------------------------------------------------------------------------------

def _pending(request: Request) -> list[dict[str, Any]]:
    with request.app.state.web.accounts.engine.connect() as c:
        rows = c.execute(sa.select(settings).where(settings.c.name.like("diaspora-pending:%"))).all()
    out = []
    for r in rows:
        item = json.loads(r.value)
        out.append({"invitation": int(r.name.split(":")[1]), "message": item["message"], "by": item["by"],
                    "at": item["at"]})
    return sorted(out, key=lambda x: x["invitation"])


@page("/diaspora/moderation", Need.ADMIN, csv=True)
async def diaspora_moderation(request: Request) -> Page:
    """Invitations waiting for a moderator before they are relayed to the expert."""
    t = Messages(request.state.lang)
    rows = _pending(request)
    return Page("diaspora/moderation.html", t("Moderation of invitations"), {"pending": rows}, rows=rows,
                columns=["invitation", "by", "at", "message"])


@action("/diaspora/moderation/{invitation_id}", Need.ADMIN)
async def diaspora_moderate(request: Request, invitation_id: str) -> Response | Page:
    """Relay the invitation to the expert, or reject it."""
    t = Messages(request.state.lang)
    form = await request.form()
    decision = form.get("decision")
    if decision not in ("approve", "reject") or not invitation_id.isdigit():
        return _bad(request, t("Choose to approve or reject."))
    raw = _setting(request, PENDING.format(invitation_id))
    if raw is None:
        return _not_found(request)
    item = json.loads(raw)
    if decision == "approve":
        try:
            directory(request).invite(int(invitation_id), item["message"], actor=item["by"])
        except DiasporaError as exc:
            return _bad(request, str(exc))
    _set(request, PENDING.format(invitation_id), None)
    request.app.state.web.audit(request, f"diaspora.moderation.{decision}", f"invitation {invitation_id}")
    return RedirectResponse("/diaspora/moderation", status_code=303)


# --- engagements --------------------------------------------------------------------------------

def _engagement_side(request: Request, engagement_id: str) -> tuple[dict[str, Any] | None, str | None]:
    """The engagement and the side of the user (``expert`` / ``institution``), or (None, None) when not theirs."""
    if not engagement_id.isdigit():
        return None, None
    d = directory(request)
    u = request.state.user
    with d.engine.connect() as conn:
        e = conn.execute(sa.select(ds.engagement).where(ds.engagement.c.id == int(engagement_id))).first()
        if e is None:
            return None, None
        if u.role == "expert":
            pid = _profile_id(conn, linked_orcid(request))
            side = "expert" if pid is not None and e.profile_id == pid else None
        else:
            side = "institution" if _may_see_request(request, conn, e.request_id) else None
    if side is None:
        return None, None
    return d.engagement(int(engagement_id)), side


@page("/diaspora/engagements/{engagement_id}", Need.DIASPORA)
async def diaspora_engagement(request: Request, engagement_id: str) -> Page:
    """An engagement: dates, outcome and the short report from each side."""
    t = Messages(request.state.lang)
    e, side = _engagement_side(request, engagement_id)
    if e is None:
        return _not_found(request)
    return Page("diaspora/engagement.html", t("Engagement {n}", n=e["id"]), e,
                {"side": side, "outcomes": ("completed", "cancelled", "ongoing")})


@action("/diaspora/engagements/{engagement_id}/report", Need.DIASPORA)
async def diaspora_report(request: Request, engagement_id: str) -> Response | Page:
    """File this side's short report (the institution may also record the outcome and end date)."""
    t = Messages(request.state.lang)
    form = await request.form()
    text = str(form.get("text", "")).strip()[:4000]
    if not text:
        return _bad(request, t("Write the report."))
    e, side = _engagement_side(request, engagement_id)
    if e is None or side is None:
        return _not_found(request)
    d = directory(request)
    rating = str(form.get("rating", ""))
    try:
        if side == "institution" and form.get("outcome") in ("completed", "cancelled"):
            d.close_engagement(e["id"], str(form.get("outcome")), _date(form.get("end")), actor=request.state.user.name)
        d.add_report(e["id"], side, text, int(rating) if rating.isdigit() else None, actor=side)
    except DiasporaError as exc:
        return _bad(request, str(exc))
    request.app.state.web.audit(request, "diaspora.report", f"engagement {e['id']}")
    return RedirectResponse(f"/diaspora/engagements/{e['id']}", status_code=303)
