"""diaspora: profiles, consents per purpose, requests, invitations, engagements, reports, audit.

The diaspora directory's tables (declared in ``talentflow/diaspora/schema.py``). No column holds
contact details.

Revision ID: 0003
Revises: 0002 (the programme registry)
Create Date: 2026-12-06
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    ts = sa.DateTime(timezone=True)
    op.create_table(
        "diaspora_profile",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("orcid", sa.String(19), nullable=False, unique=True),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("country", sa.String(2)),
        sa.Column("city", sa.Text()),
        sa.Column("affiliation", sa.Text()),
        sa.Column("fields", sa.Text(), nullable=False),
        sa.Column("keywords", sa.Text(), nullable=False),
        sa.Column("titles", sa.Text(), nullable=False),
        sa.Column("biography", sa.Text(), nullable=False),
        sa.Column("languages", sa.Text(), nullable=False),
        sa.Column("kinds", sa.Text(), nullable=False),
        sa.Column("available_from", sa.Date()),
        sa.Column("available_until", sa.Date()),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("synthetic", sa.Boolean(), nullable=False),
        sa.Column("created_at", ts, nullable=False),
        sa.Column("updated_at", ts, nullable=False),
    )
    op.create_table(
        "diaspora_consent",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("profile_id", sa.Integer(), sa.ForeignKey("diaspora_profile.id", ondelete="CASCADE"),
                  nullable=False, index=True),
        sa.Column("purpose", sa.String(16), nullable=False),
        sa.Column("granted", sa.Boolean(), nullable=False),
        sa.Column("text_version", sa.String(64), nullable=False),
        sa.Column("recorded_at", ts, nullable=False),
        sa.Column("valid_until", sa.Date()),
        sa.Column("transfer", sa.Text(), nullable=False),
    )
    op.create_table(
        "diaspora_request",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("institution", sa.Text(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("lang", sa.String(2), nullable=False),
        sa.Column("field", sa.String(16)),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("mode", sa.String(16), nullable=False),
        sa.Column("date_from", sa.Date()),
        sa.Column("date_until", sa.Date()),
        sa.Column("funding", sa.Text()),
        sa.Column("posted_at", ts, nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
    )
    op.create_table(
        "diaspora_invitation",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("request_id", sa.Integer(), sa.ForeignKey("diaspora_request.id", ondelete="CASCADE"),
                  nullable=False, index=True),
        sa.Column("profile_id", sa.Integer(), sa.ForeignKey("diaspora_profile.id", ondelete="CASCADE"),
                  nullable=False, index=True),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("message", sa.Text()),
        sa.Column("shortlisted_at", ts, nullable=False),
        sa.Column("invited_at", ts),
        sa.Column("responded_at", ts),
    )
    op.create_table(
        "diaspora_engagement",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("request_id", sa.Integer(), sa.ForeignKey("diaspora_request.id", ondelete="CASCADE"),
                  nullable=False, index=True),
        sa.Column("profile_id", sa.Integer(), sa.ForeignKey("diaspora_profile.id", ondelete="SET NULL"), index=True),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("expert_country", sa.String(2)),
        sa.Column("counted", sa.Boolean(), nullable=False),
        sa.Column("start", sa.Date(), nullable=False),
        sa.Column("end", sa.Date()),
        sa.Column("outcome", sa.String(32)),
        sa.Column("created_at", ts, nullable=False),
    )
    op.create_table(
        "diaspora_report",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("engagement_id", sa.Integer(), sa.ForeignKey("diaspora_engagement.id", ondelete="CASCADE"),
                  nullable=False, index=True),
        sa.Column("side", sa.String(16), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("rating", sa.Integer()),
        sa.Column("submitted_at", ts, nullable=False),
    )
    op.create_table(
        "diaspora_audit",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("at", ts, nullable=False),
        sa.Column("event", sa.String(32), nullable=False),
        sa.Column("actor", sa.Text()),
        sa.Column("profile_id", sa.Integer(), sa.ForeignKey("diaspora_profile.id", ondelete="SET NULL"), index=True),
        sa.Column("detail", sa.Text()),
    )


def downgrade() -> None:
    for name in ("diaspora_audit", "diaspora_report", "diaspora_engagement", "diaspora_invitation",
                 "diaspora_request", "diaspora_consent", "diaspora_profile"):
        op.drop_table(name)
