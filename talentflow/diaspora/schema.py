"""Tables of the diaspora directory (SQLAlchemy Core), created by the Alembic script
``talentflow/db/migrations/versions/0003_diaspora_directory.py`` on the store's single history.

No column holds an e-mail, a postal address or a telephone number: the ORCID importer never
reads them, free text is scrubbed of anything that looks like one, and invitations are relayed
through the platform. Erasing a person deletes their profile row; consents, invitations and
reports go with it (ON DELETE CASCADE), engagements keep only what is not about them (kind,
dates, outcome category) and audit rows lose the link (ON DELETE SET NULL).
"""

from __future__ import annotations

from sqlalchemy import Boolean, Column, Date, DateTime, ForeignKey, Integer, MetaData, String, Table, Text

metadata = MetaData()

profile = Table(
    "diaspora_profile", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("orcid", String(19), nullable=False, unique=True),
    Column("name", Text, nullable=False),
    Column("country", String(2)),
    Column("city", Text),
    Column("affiliation", Text),
    Column("fields", Text, nullable=False),  # JSON list of "ford:…" / "grnti:…"
    Column("keywords", Text, nullable=False),  # JSON list
    Column("titles", Text, nullable=False),  # JSON list of public work titles
    Column("biography", Text, nullable=False),
    Column("languages", Text, nullable=False),  # JSON list
    Column("kinds", Text, nullable=False),  # JSON list of engagement kinds offered
    Column("available_from", Date),
    Column("available_until", Date),
    # added by revision 0009 (the profile editor): JSON lists; [] = not said
    Column("modes", Text, nullable=False, server_default="[]"),  # remote | on_site
    Column("availability", Text, nullable=False, server_default="[]"),  # [{"from": ISO|null, "until": ISO|null}]
    Column("source", Text, nullable=False),  # where the facts came from (e.g. "ORCID record JSON v3.0")
    Column("synthetic", Boolean, nullable=False, default=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
)

consent = Table(
    "diaspora_consent", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("profile_id", Integer, ForeignKey("diaspora_profile.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("purpose", String(16), nullable=False),  # listing | contact | statistics
    Column("granted", Boolean, nullable=False),  # a withdrawal is a row with granted = false
    Column("text_version", String(64), nullable=False),
    Column("recorded_at", DateTime(timezone=True), nullable=False),
    Column("valid_until", Date),  # duration of the consent; NULL = until withdrawn
    Column("transfer", Text, nullable=False),  # cross-border transfer stated to the person ("none" …)
)

request = Table(
    "diaspora_request", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("institution", Text, nullable=False),
    Column("text", Text, nullable=False),
    Column("lang", String(2), nullable=False),
    Column("field", String(16)),
    Column("kind", String(32), nullable=False),
    Column("mode", String(16), nullable=False),  # remote | on_site | either
    Column("date_from", Date),
    Column("date_until", Date),
    Column("funding", Text),
    Column("posted_at", DateTime(timezone=True), nullable=False),
    Column("status", String(16), nullable=False),  # open | closed
)

invitation = Table(
    "diaspora_invitation", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("request_id", Integer, ForeignKey("diaspora_request.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("profile_id", Integer, ForeignKey("diaspora_profile.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("status", String(16), nullable=False),  # shortlisted | invited | accepted | declined
    Column("message", Text),  # relayed through the platform, scrubbed of contact details
    Column("shortlisted_at", DateTime(timezone=True), nullable=False),
    Column("invited_at", DateTime(timezone=True)),
    Column("responded_at", DateTime(timezone=True)),
)

engagement = Table(
    "diaspora_engagement", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("request_id", Integer, ForeignKey("diaspora_request.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("profile_id", Integer, ForeignKey("diaspora_profile.id", ondelete="SET NULL"), index=True),
    Column("kind", String(32), nullable=False),
    Column("expert_country", String(2)),  # cleared on erasure
    Column("counted", Boolean, nullable=False),  # expert consented to statistics at the time
    Column("start", Date, nullable=False),
    Column("end", Date),
    Column("outcome", String(32)),  # completed | cancelled | ongoing
    Column("created_at", DateTime(timezone=True), nullable=False),
)

report = Table(
    "diaspora_report", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("engagement_id", Integer, ForeignKey("diaspora_engagement.id", ondelete="CASCADE"), nullable=False,
           index=True),
    Column("side", String(16), nullable=False),  # institution | expert
    Column("text", Text, nullable=False),
    Column("rating", Integer),  # 1-5, optional
    Column("submitted_at", DateTime(timezone=True), nullable=False),
)

audit = Table(
    "diaspora_audit", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("at", DateTime(timezone=True), nullable=False),
    Column("event", String(32), nullable=False),  # profile_read | import | consent | export | erasure | …
    Column("actor", Text),  # the institution user (web) or "cli"
    Column("profile_id", Integer, ForeignKey("diaspora_profile.id", ondelete="SET NULL"), index=True),
    Column("detail", Text),  # never a name, ORCID iD or keyword
)
