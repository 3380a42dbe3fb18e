"""monitor: an award's events become a view over its row; a covering index for the cohort table.

Why: every event the importer wrote (departure, graduation or drop-out, return, employment start,
obligation fulfilled / breach / waiver, re-emigration) was a copy of a date or status already on
the award row, rebuilt from that row on every change, with the award's import and source row as
provenance. Storing them again cost about four rows per award — most of an import's time. The
view ``registry_event`` yields exactly those rows (award, kind, date, import, source row) from
the award table, so the events, and the file and row each came from, are still there to query,
and can no longer disagree with the award.

The index ``ix_registry_award_cohort`` holds every column the cohort catalogue compares
(programme, cohort, statuses, month keys, return and exit days): SQLite reads the whole indicator
table from it in group order — no sort, no pass over the wide award rows.

Existing data: the event table held only rows derived from the award rows, so upgrading drops it
(rows that the view would not reproduce are counted and logged — a store written by talentflow
has none); downgrading rebuilds the table from the award rows.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-06
"""

import logging

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

log = logging.getLogger("talentflow.db")

#: (kind, day column holding its date or None, condition on the award row), in the writer's order.
SOURCES = (
    ("departure", "start_day", "start_day IS NOT NULL"),
    ("graduation", "graduation_day", "graduation_day IS NOT NULL AND status = 'graduated'"),
    ("drop_out", "graduation_day", "graduation_day IS NOT NULL AND status = 'dropped_out'"),
    ("return", "return_day", "return_day IS NOT NULL"),
    ("employment_start", "employment_day", "employment_day IS NOT NULL"),
    ("obligation_fulfilled", None, "obligation_status = 'fulfilled'"),
    ("obligation_breach", None, "obligation_status = 'breach'"),
    ("obligation_waiver", None, "obligation_status = 'waived'"),
    ("re_emigration", "exit_day", "exit_day IS NOT NULL"),
)
COHORT_INDEX_COLUMNS = ("programme_id", "cohort", "status", "obligation_status", "graduation_mk", "return_mk",
                        "employment_mk", "exit_mk", "return_day", "exit_day")


def _date(day: str | None, dialect: str) -> str:
    """SQL for the date ``day`` days after 1970-01-01 (as the event table stored it)."""
    if dialect == "postgresql":
        return "CAST(NULL AS DATE)" if day is None else f"(DATE '1970-01-01' + {day})"
    return "NULL" if day is None else f"date({day} * 86400, 'unixepoch')"


def events_select(dialect: str) -> str:
    """The events of every award, derived from its row."""
    return "\nUNION ALL\n".join(
        f"SELECT id AS award_id, '{kind}' AS kind, {_date(day, dialect)} AS date, import_id, source_row "
        f"FROM registry_award WHERE {cond}"
        for kind, day, cond in SOURCES)


def upgrade() -> None:
    bind = op.get_bind()
    dialect = bind.dialect.name
    derived = events_select(dialect)
    stray = bind.execute(sa.text(
        "SELECT COUNT(*) FROM (SELECT award_id, kind, date, import_id, source_row FROM registry_event "
        f"EXCEPT SELECT * FROM ({derived}) d) x")).scalar_one()
    if stray:
        log.warning("registry_event: %d stored event rows were not derivable from their award rows and are "
                    "dropped (the award rows are the record)", stray)
    op.drop_table("registry_event")
    op.execute(f"CREATE VIEW registry_event AS\n{derived}")
    op.create_index("ix_registry_award_cohort", "registry_award", list(COHORT_INDEX_COLUMNS))


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    op.drop_index("ix_registry_award_cohort", table_name="registry_award")
    op.execute("DROP VIEW registry_event")
    op.create_table(
        "registry_event",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("award_id", sa.Integer(), sa.ForeignKey("registry_award.id", ondelete="CASCADE"), nullable=False,
                  index=True),
        sa.Column("kind", sa.String(24), nullable=False),
        sa.Column("date", sa.Date()),
        sa.Column("import_id", sa.Integer(), sa.ForeignKey("registry_import.id"), nullable=False),
        sa.Column("source_row", sa.Integer(), nullable=False),
    )
    op.execute("INSERT INTO registry_event (award_id, kind, date, import_id, source_row) "
               f"SELECT award_id, kind, date, import_id, source_row FROM ({events_select(dialect)}) d "
               "ORDER BY award_id")
