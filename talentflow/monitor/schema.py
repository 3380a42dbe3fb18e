"""Tables of the programme registry (SQLAlchemy Core), created by the store's migrations.

Nothing here can identify a person without the key: the participant row holds the keyed
pseudonym (HMAC-SHA256 hex) and, optionally, an ORCID iD (public by design, used to attach
publications); no national id, name or birth date has a column.

Dates of an award are stored as *month keys* (``(year·12 + month − 1)·32 + day``, see
:mod:`talentflow.monitor.dates`) so that every cohort rule is one integer comparison in SQL;
the events are a view that shows the same dates as SQL dates, each with the file and row it came
from (the award's import and source row).
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    text,
)

metadata = MetaData()
#: The people a partial index on the ORCID iD holds (migration 0012).
_HAS_ORCID = text("orcid IS NOT NULL")

programme = Table(
    "registry_programme", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("code", String(64), nullable=False, unique=True),
    Column("country", String(3), nullable=False),  # whose national ids it registers
    Column("name_en", Text, nullable=False),
    Column("name_ru", Text, nullable=False),
    Column("name_kk", Text, nullable=False),
    Column("synthetic", Integer, nullable=False, default=0),  # 1: generated test data
)

registry_import = Table(
    "registry_import", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("file", Text, nullable=False),
    Column("sha256", String(64), nullable=False),
    Column("kind", String(32), nullable=False),  # participants | publications
    Column("imported_at", DateTime(timezone=True), nullable=False),
    Column("rows", Integer, nullable=False),
    Column("new", Integer, nullable=False),
    Column("updated", Integer, nullable=False),
    Column("unchanged", Integer, nullable=False),
    Column("changes", Text, nullable=False, default=""),  # "return_date 3; exit_date 1"
)

participant = Table(
    "registry_participant", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("pkey", String(64), nullable=False, unique=True),  # HMAC-SHA256 hex
    Column("orcid", String(19)),
    # only the people who have an ORCID iD (migration 0012): lookups by iD are all it serves
    Index("ix_registry_participant_orcid", "orcid", sqlite_where=_HAS_ORCID, postgresql_where=_HAS_ORCID),
)

award = Table(
    "registry_award", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("participant_id", Integer, ForeignKey("registry_participant.id"), nullable=False),
    Column("programme_id", Integer, ForeignKey("registry_programme.id"), nullable=False),
    Column("cohort", Integer, nullable=False),
    Column("level", String(16), nullable=False),
    Column("field", Text, nullable=False),
    Column("isced", String(4)),
    Column("host_country", String(8), nullable=False),
    Column("status", String(16), nullable=False),
    Column("start_mk", Integer),
    Column("graduation_mk", Integer),
    Column("return_mk", Integer),
    Column("employment_mk", Integer),
    Column("exit_mk", Integer),
    # the same dates as days since 1970-01-01: spans in days (person-years) without date functions
    Column("start_day", Integer),
    Column("graduation_day", Integer),
    Column("return_day", Integer),
    Column("employment_day", Integer),
    Column("exit_day", Integer),
    Column("obligation_months", Integer),
    Column("obligation_status", String(16), nullable=False),
    Column("employment_sector", Text, nullable=False),
    Column("employment_region", Text, nullable=False),
    Column("digest", BigInteger, nullable=False),  # 64-bit hash of the attributes: what changed
    Column("import_id", Integer, ForeignKey("registry_import.id"), nullable=False),
    Column("source_row", Integer, nullable=False),
    UniqueConstraint("participant_id", "programme_id", "cohort", name="uq_registry_award"),
)

#: Kinds of event, each derived from the award row (see ``event``).
EVENT_KINDS = (
    "departure", "graduation", "drop_out", "return", "employment_start", "obligation_fulfilled",
    "obligation_breach", "obligation_waiver", "re_emigration",
)

#: The dated events of every award: a *view* over the award table (migration 0007), one row per
#: milestone the award row holds, with the award's import and source row as provenance. Read-only;
#: the writer stores the award row and the events follow from it.
event = Table(
    "registry_event", metadata,
    Column("award_id", Integer, ForeignKey("registry_award.id"), nullable=False),
    Column("kind", String(24), nullable=False),
    Column("date", Date),  # None for a status without a date (obligation breach as reported)
    Column("import_id", Integer, ForeignKey("registry_import.id"), nullable=False),
    Column("source_row", Integer, nullable=False),
)

publication = Table(
    "registry_publication", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("participant_id", Integer, ForeignKey("registry_participant.id"), nullable=False, index=True),
    Column("work", String(200), nullable=False),  # OpenAlex W-id, DOI or ORCID put-code
    Column("date_mk", Integer, nullable=False),
    Column("pub_date", Date, nullable=False),
    Column("import_id", Integer, ForeignKey("registry_import.id"), nullable=False),
    Column("source_row", Integer, nullable=False),
    UniqueConstraint("participant_id", "work", name="uq_registry_publication"),
)

warning = Table(
    "registry_warning", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("import_id", Integer, ForeignKey("registry_import.id"), nullable=False, index=True),
    Column("row", Integer, nullable=False),
    Column("column", String(64), nullable=False),
    Column("rule", String(64), nullable=False),
    Column("message", Text, nullable=False),  # English; ru/kk from the rule catalogue by id
)

export_log = Table(
    "registry_export_log", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("who", String(200), nullable=False),
    Column("at", DateTime(timezone=True), nullable=False),
    Column("what", Text, nullable=False),  # the command and its options
    Column("audience", String(16), nullable=False),
    Column("rows", Integer, nullable=False),
)

#: The registry's tables (what an import writes); ``event`` is a view over ``award``.
TABLES = (programme, registry_import, participant, award, publication, warning, export_log)
