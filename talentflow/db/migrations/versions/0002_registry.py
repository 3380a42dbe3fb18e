"""monitor: the programme registry (pseudonymised participants, awards, dated events,
publications, import warnings and the analyst export log).

The registry tables (declared in ``talentflow/monitor/schema.py``); no column holds a national id,
name or birth date.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-06
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "registry_programme",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("code", sa.String(64), nullable=False, unique=True),
        sa.Column("country", sa.String(3), nullable=False),
        sa.Column("name_en", sa.Text(), nullable=False),
        sa.Column("name_ru", sa.Text(), nullable=False),
        sa.Column("name_kk", sa.Text(), nullable=False),
        sa.Column("synthetic", sa.Integer(), nullable=False),
    )
    op.create_table(
        "registry_import",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("file", sa.Text(), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("imported_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("rows", sa.Integer(), nullable=False),
        sa.Column("new", sa.Integer(), nullable=False),
        sa.Column("updated", sa.Integer(), nullable=False),
        sa.Column("unchanged", sa.Integer(), nullable=False),
        sa.Column("changes", sa.Text(), nullable=False),
    )
    op.create_table(
        "registry_participant",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("pkey", sa.String(64), nullable=False, unique=True),
        sa.Column("orcid", sa.String(19), index=True),
    )
    op.create_table(
        "registry_award",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("participant_id", sa.Integer(), sa.ForeignKey("registry_participant.id"), nullable=False),
        sa.Column("programme_id", sa.Integer(), sa.ForeignKey("registry_programme.id"), nullable=False),
        sa.Column("cohort", sa.Integer(), nullable=False),
        sa.Column("level", sa.String(16), nullable=False),
        sa.Column("field", sa.Text(), nullable=False),
        sa.Column("isced", sa.String(4)),
        sa.Column("host_country", sa.String(8), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("start_mk", sa.Integer()),
        sa.Column("graduation_mk", sa.Integer()),
        sa.Column("return_mk", sa.Integer()),
        sa.Column("employment_mk", sa.Integer()),
        sa.Column("exit_mk", sa.Integer()),
        sa.Column("start_day", sa.Integer()),
        sa.Column("graduation_day", sa.Integer()),
        sa.Column("return_day", sa.Integer()),
        sa.Column("employment_day", sa.Integer()),
        sa.Column("exit_day", sa.Integer()),
        sa.Column("obligation_months", sa.Integer()),
        sa.Column("obligation_status", sa.String(16), nullable=False),
        sa.Column("employment_sector", sa.Text(), nullable=False),
        sa.Column("employment_region", sa.Text(), nullable=False),
        sa.Column("digest", sa.BigInteger(), nullable=False),
        sa.Column("import_id", sa.Integer(), sa.ForeignKey("registry_import.id"), nullable=False),
        sa.Column("source_row", sa.Integer(), nullable=False),
        sa.UniqueConstraint('participant_id', 'programme_id', 'cohort', name="uq_registry_award"),
    )
    op.create_table(
        "registry_event",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("award_id", sa.Integer(), sa.ForeignKey("registry_award.id", ondelete="CASCADE"), nullable=False, index=True),
        sa.Column("kind", sa.String(24), nullable=False),
        sa.Column("date", sa.Date()),
        sa.Column("import_id", sa.Integer(), sa.ForeignKey("registry_import.id"), nullable=False),
        sa.Column("source_row", sa.Integer(), nullable=False),
    )
    op.create_table(
        "registry_publication",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("participant_id", sa.Integer(), sa.ForeignKey("registry_participant.id"), nullable=False, index=True),
        sa.Column("work", sa.String(200), nullable=False),
        sa.Column("date_mk", sa.Integer(), nullable=False),
        sa.Column("pub_date", sa.Date(), nullable=False),
        sa.Column("import_id", sa.Integer(), sa.ForeignKey("registry_import.id"), nullable=False),
        sa.Column("source_row", sa.Integer(), nullable=False),
        sa.UniqueConstraint('participant_id', 'work', name="uq_registry_publication"),
    )
    op.create_table(
        "registry_warning",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("import_id", sa.Integer(), sa.ForeignKey("registry_import.id"), nullable=False, index=True),
        sa.Column("row", sa.Integer(), nullable=False),
        sa.Column("column", sa.String(64), nullable=False),
        sa.Column("rule", sa.String(64), nullable=False),
        sa.Column("message", sa.Text(), nullable=False),
    )
    op.create_table(
        "registry_export_log",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("who", sa.String(200), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("what", sa.Text(), nullable=False),
        sa.Column("audience", sa.String(16), nullable=False),
        sa.Column("rows", sa.Integer(), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("registry_export_log")
    op.drop_table("registry_warning")
    op.drop_table("registry_publication")
    op.drop_table("registry_event")
    op.drop_table("registry_award")
    op.drop_table("registry_participant")
    op.drop_table("registry_import")
    op.drop_table("registry_programme")
