"""web: the parameters of a background job (a statistics import's kind, a report's language and
formats, an adilet document id), kept with the job so any worker process can run it.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-06
"""

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("web_job") as batch:
        batch.add_column(sa.Column("params", sa.Text, nullable=False, server_default=""))


def downgrade() -> None:
    with op.batch_alter_table("web_job") as batch:
        batch.drop_column("params")
