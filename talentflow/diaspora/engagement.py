"""Requests, invitations, engagements and reports: the demand-driven side of the directory.

A home institution posts a request; its users shortlist listed experts and invite them (the
expert must consent to *contact*); the expert accepts or declines; an acceptance becomes an
engagement with dates, and at the end both sides file a short report (VAJRA-style appraisal).
Messages are relayed through the platform and scrubbed of contact details.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa

from talentflow import db
from talentflow.diaspora import schema as t
from talentflow.diaspora.model import KINDS, DiasporaError
from talentflow.diaspora.orcid import scrub

if TYPE_CHECKING:
    from talentflow.diaspora.directory import Directory

MODES = ("remote", "on_site", "either")
OUTCOMES = ("completed", "cancelled", "ongoing")
SIDES = ("institution", "expert")


def _now() -> datetime:
    return datetime.now(UTC)


class EngagementMixin:
    """Methods of :class:`~talentflow.diaspora.directory.Directory` for the engagement cycle."""

    def post_request(self: Directory, institution: str, text: str, lang: str, kind: str, *,
                     mode: str = "either", field: str | None = None, date_from: date | None = None,
                     date_until: date | None = None, funding: str | None = None,
                     posted_at: datetime | None = None, actor: str | None = "cli") -> int:
        """Post a request; returns its id."""
        if kind not in KINDS:
            raise DiasporaError(f"kind {kind!r}: one of {', '.join(KINDS)}")
        if mode not in MODES:
            raise DiasporaError(f"mode {mode!r}: one of {', '.join(MODES)}")
        if lang not in ("ru", "kk", "en"):
            raise DiasporaError(f"lang {lang!r}: one of ru, kk, en")
        if not text.strip() or not institution.strip():
            raise DiasporaError("a request needs an institution and a text")
        with db.write_transaction(self.engine) as conn:
            rid = conn.execute(t.request.insert().values(
                institution=institution, text=scrub(text), lang=lang, field=field, kind=kind, mode=mode,
                date_from=date_from, date_until=date_until, funding=funding, posted_at=posted_at or _now(),
                status="open")).inserted_primary_key[0]
            self._audit(conn, "request_posted", actor, None, f"request {rid}")
        return rid

    def shortlist(self: Directory, request_id: int, orcid: str, actor: str | None = "cli") -> int:
        """Put a listed expert on a request's shortlist; returns the invitation id (idempotent)."""
        with db.write_transaction(self.engine) as conn:
            self._require_request(conn, request_id)
            pid = self._require(conn, orcid)
            if not self._consents(conn, pid).get("listing"):
                raise DiasporaError(f"{orcid}: not listed in the directory")
            old = conn.execute(sa.select(t.invitation.c.id).where(t.invitation.c.request_id == request_id,
                                                                  t.invitation.c.profile_id == pid)).scalar()
            if old is not None:
                return old
            iid = conn.execute(t.invitation.insert().values(request_id=request_id, profile_id=pid,
                                                            status="shortlisted", shortlisted_at=_now())
                               ).inserted_primary_key[0]
            self._audit(conn, "shortlist", actor, pid, f"request {request_id}")
        return iid

    def invite(self: Directory, invitation_id: int, message: str = "", at: datetime | None = None,
               actor: str | None = "cli") -> None:
        """Send the invitation (relayed; the expert must have consented to contact)."""
        with db.write_transaction(self.engine) as conn:
            inv = self._require_invitation(conn, invitation_id)
            if inv.status != "shortlisted":
                raise DiasporaError(f"invitation {invitation_id}: already {inv.status}")
            if not self._consents(conn, inv.profile_id).get("contact"):
                raise DiasporaError(f"invitation {invitation_id}: the expert has not consented to be contacted")
            conn.execute(t.invitation.update().where(t.invitation.c.id == invitation_id)
                         .values(status="invited", message=scrub(message), invited_at=at or _now()))
            self._audit(conn, "invite", actor, inv.profile_id, f"invitation {invitation_id}")

    def respond(self: Directory, invitation_id: int, accept: bool, *, start: date | None = None,
                end: date | None = None, at: datetime | None = None, actor: str | None = "expert") -> int | None:
        """The expert accepts (→ an engagement, whose id is returned) or declines."""
        with db.write_transaction(self.engine) as conn:
            inv = self._require_invitation(conn, invitation_id)
            if inv.status != "invited":
                raise DiasporaError(f"invitation {invitation_id}: cannot respond, it is {inv.status}")
            when = at or _now()
            conn.execute(t.invitation.update().where(t.invitation.c.id == invitation_id)
                         .values(status="accepted" if accept else "declined", responded_at=when))
            self._audit(conn, "accept" if accept else "decline", actor, inv.profile_id, f"invitation {invitation_id}")
            if not accept:
                return None
            req = self._require_request(conn, inv.request_id)
            prof = conn.execute(sa.select(t.profile.c.country).where(t.profile.c.id == inv.profile_id)).one()
            counted = bool(self._consents(conn, inv.profile_id).get("statistics"))
            start = start or req.date_from or when.date()
            if end is not None and end < start:
                raise DiasporaError(f"engagement end {end} is before its start {start}")
            return conn.execute(t.engagement.insert().values(
                request_id=inv.request_id, profile_id=inv.profile_id, kind=req.kind,
                expert_country=prof.country if counted else None, counted=counted, start=start, end=end,
                outcome="ongoing", created_at=when)).inserted_primary_key[0]

    def close_engagement(self: Directory, engagement_id: int, outcome: str, end: date | None = None,
                         actor: str | None = "cli") -> None:
        if outcome not in OUTCOMES:
            raise DiasporaError(f"outcome {outcome!r}: one of {', '.join(OUTCOMES)}")
        with db.write_transaction(self.engine) as conn:
            e = self._require_engagement(conn, engagement_id)
            end = end or e.end or date.today()
            if end < e.start:
                raise DiasporaError(f"engagement end {end} is before its start {e.start}")
            conn.execute(t.engagement.update().where(t.engagement.c.id == engagement_id).values(outcome=outcome, end=end))
            self._audit(conn, "engagement_closed", actor, e.profile_id, outcome)

    def add_report(self: Directory, engagement_id: int, side: str, text: str, rating: int | None = None,
                   actor: str | None = "cli") -> int:
        """A short report on an engagement from one side (``institution`` or ``expert``); one each."""
        if side not in SIDES:
            raise DiasporaError(f"side {side!r}: one of {', '.join(SIDES)}")
        if rating is not None and not 1 <= rating <= 5:
            raise DiasporaError("rating: 1 to 5")
        with db.write_transaction(self.engine) as conn:
            e = self._require_engagement(conn, engagement_id)
            if conn.execute(sa.select(t.report.c.id).where(t.report.c.engagement_id == engagement_id,
                                                          t.report.c.side == side)).scalar() is not None:
                raise DiasporaError(f"engagement {engagement_id}: the {side} report is already filed")
            rid = conn.execute(t.report.insert().values(engagement_id=engagement_id, side=side, text=scrub(text),
                                                        rating=rating, submitted_at=_now())).inserted_primary_key[0]
            self._audit(conn, "report", actor, e.profile_id, side)
        return rid

    def engagement(self: Directory, engagement_id: int) -> dict[str, Any]:
        with self.engine.connect() as conn:
            e = self._require_engagement(conn, engagement_id)
            reports = conn.execute(sa.select(t.report.c.side, t.report.c.text, t.report.c.rating)
                                   .where(t.report.c.engagement_id == engagement_id)).all()
        return {"id": e.id, "request_id": e.request_id, "kind": e.kind, "start": e.start.isoformat(),
                "end": e.end.isoformat() if e.end else None, "outcome": e.outcome,
                "reports": {r.side: {"text": r.text, "rating": r.rating} for r in reports}}

    # -- lookups ------------------------------------------------------------------------------

    def _require_request(self: Directory, conn: sa.Connection, request_id: int) -> Any:
        r = conn.execute(sa.select(t.request).where(t.request.c.id == request_id)).first()
        if r is None:
            raise DiasporaError(f"request {request_id}: not found")
        return r

    def _require_invitation(self: Directory, conn: sa.Connection, invitation_id: int) -> Any:
        r = conn.execute(sa.select(t.invitation).where(t.invitation.c.id == invitation_id)).first()
        if r is None:
            raise DiasporaError(f"invitation {invitation_id}: not found")
        return r

    def _require_engagement(self: Directory, conn: sa.Connection, engagement_id: int) -> Any:
        r = conn.execute(sa.select(t.engagement).where(t.engagement.c.id == engagement_id)).first()
        if r is None:
            raise DiasporaError(f"engagement {engagement_id}: not found")
        return r
