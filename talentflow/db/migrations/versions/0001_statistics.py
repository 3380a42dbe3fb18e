"""stats: observations with provenance, the imports they came from, sources, meta.

The statistics tables (declared in ``talentflow/stats/schema.py``). Revision ``0001`` is the one
every store written before ``talentflow.db`` existed carries, so those stores open unchanged.

Revision ID: 0001
Revises:
Create Date: 2026-11-25
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "observation",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("key", sa.String(32), nullable=False, unique=True),
        sa.Column("indicator", sa.String(200), nullable=False, index=True),
        sa.Column("area", sa.String(16), nullable=False, index=True),
        sa.Column("counterpart", sa.String(16)),
        sa.Column("year", sa.Integer, index=True),
        sa.Column("period", sa.String(100), nullable=False),
        sa.Column("sex", sa.String(16), nullable=False),
        sa.Column("age", sa.String(32), nullable=False),
        sa.Column("education", sa.String(16), nullable=False),
        sa.Column("specialty", sa.String(100)),
        sa.Column("breakdown", sa.Text, nullable=False),
        sa.Column("value", sa.Float),
        sa.Column("unit", sa.String(100), nullable=False),
        sa.Column("source_name", sa.Text, nullable=False),
        sa.Column("source_url", sa.Text),
        sa.Column("source_table", sa.Text),
        sa.Column("quote", sa.Text, nullable=False),
        sa.Column("retrieved", sa.Date),
        sa.Column("flags", sa.Text, nullable=False),
        sa.Column("topic", sa.String(100), nullable=False),
        sa.Column("dataset", sa.String(300), nullable=False, index=True),
    )
    op.create_table(
        "dataset",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("name", sa.String(300), nullable=False, index=True),
        sa.Column("file", sa.Text),
        sa.Column("sha256", sa.String(64)),
        sa.Column("imported_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("rows", sa.Integer, nullable=False),
        sa.Column("new", sa.Integer, nullable=False),
    )
    op.create_table(
        "source",
        sa.Column("url", sa.Text, primary_key=True),
        sa.Column("name", sa.Text, nullable=False),
    )
    op.create_table(
        "meta",
        sa.Column("key", sa.String(100), primary_key=True),
        sa.Column("value", sa.Text, nullable=False),
    )


def downgrade() -> None:
    for name in ("meta", "source", "dataset", "observation"):
        op.drop_table(name)
