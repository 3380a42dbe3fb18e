"""diaspora: what the profile editor adds — the modes an expert works in and periods of availability.

``modes`` (JSON list: remote, on_site) and ``availability`` (JSON list of ``{"from", "until"}``
periods) on ``diaspora_profile``; ``available_from`` / ``available_until`` stay as the periods'
envelope. Existing rows get ``[]`` (nothing said), so no profile changes meaning.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-06
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("diaspora_profile") as batch:
        batch.add_column(sa.Column("modes", sa.Text(), nullable=False, server_default="[]"))
        batch.add_column(sa.Column("availability", sa.Text(), nullable=False, server_default="[]"))


def downgrade() -> None:
    with op.batch_alter_table("diaspora_profile") as batch:
        batch.drop_column("availability")
        batch.drop_column("modes")
