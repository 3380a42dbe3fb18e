"""monitor (PostgreSQL only): no covering cohort index; pseudonyms and ORCID iDs compared bytewise.

Why: migration 0007 gave both backends ``ix_registry_award_cohort`` so that the cohort
indicator table is read from the index alone. That is what SQLite needs (measured on a
1 M-participant store: 0.75 s with the index, 1.8 s without). PostgreSQL does the opposite: its
planner scans the award table in parallel and aggregates faster than it walks the index (1.3 s
with the index, 0.45 s without, the same store, the same query), and a large import spent about
5 s rebuilding an index that the indicator query then did not want.

Nothing is lost: the index held no data of its own. Downgrading builds it again.

The participant's pseudonym (64 hex digits) and ORCID iD (digits, dashes, X) get the "C"
collation: their unique and lookup indexes then compare bytes instead of calling the locale's
string comparison, which made a bulk load of a million people about a fifth slower. For these
ASCII values the order and equality are the same as before. SQLite compares bytes already.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-06
"""

from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

INDEX = "ix_registry_award_cohort"
#: As migration 0007 made it (a migration keeps its own copy of what it builds).
COLUMNS = ("programme_id", "cohort", "status", "obligation_status", "graduation_mk", "return_mk",
           "employment_mk", "exit_mk", "return_day", "exit_day")
#: Participant columns of plain ASCII whose indexes need no locale.
BYTEWISE = (("pkey", 64), ("orcid", 19))


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(f"DROP INDEX IF EXISTS {INDEX}")
    for column, length in BYTEWISE:
        op.execute(f'ALTER TABLE registry_participant ALTER COLUMN {column} TYPE varchar({length}) COLLATE "C"')


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for column, length in BYTEWISE:
        op.execute(f"ALTER TABLE registry_participant ALTER COLUMN {column} TYPE varchar({length}) COLLATE \"default\"")
    op.create_index(INDEX, "registry_award", list(COLUMNS))
