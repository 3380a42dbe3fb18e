"""Tables of the statistics store (SQLAlchemy Core).

The tables are declared here once; the Alembic scripts in ``migrations/`` create and evolve
them, so a store written by an older version is upgraded in place instead of rebuilt.
``observation`` mirrors :class:`~talentflow.stats.model.Observation` column for column, so a
row can be read without joins by any SQL client (Power BI, DBeaver, ``sqlite3``).
"""

from __future__ import annotations

from sqlalchemy import Column, Date, DateTime, Float, Integer, MetaData, String, Table, Text

metadata = MetaData()

#: Observation fields in the order of the data package columns.
OBSERVATION_FIELDS = (
    "indicator", "area", "counterpart", "year", "period", "sex", "age", "education", "specialty",
    "breakdown", "value", "unit", "source_name", "source_url", "source_table", "quote",
    "retrieved", "flags", "topic",
)

observation = Table(
    "observation",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("key", String(32), nullable=False, unique=True),
    Column("indicator", String(200), nullable=False, index=True),
    Column("area", String(16), nullable=False, index=True),
    Column("counterpart", String(16)),
    Column("year", Integer, index=True),
    Column("period", String(100), nullable=False),
    Column("sex", String(16), nullable=False),
    Column("age", String(32), nullable=False),
    Column("education", String(16), nullable=False),
    Column("specialty", String(100)),
    Column("breakdown", Text, nullable=False),
    Column("value", Float),
    Column("unit", String(100), nullable=False),
    Column("source_name", Text, nullable=False),
    Column("source_url", Text),
    Column("source_table", Text),
    Column("quote", Text, nullable=False),
    Column("retrieved", Date),
    Column("flags", Text, nullable=False),  # ';'-joined, sorted
    Column("topic", String(100), nullable=False),
    Column("dataset", String(300), nullable=False, index=True),
)

dataset = Table(
    "dataset",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("name", String(300), nullable=False, index=True),
    Column("file", Text),
    Column("sha256", String(64)),
    Column("imported_at", DateTime(timezone=True), nullable=False),
    Column("rows", Integer, nullable=False),  # observations in the file
    Column("new", Integer, nullable=False),  # of which were new to the store
)

source = Table(
    "source",
    metadata,
    Column("url", Text, primary_key=True),
    Column("name", Text, nullable=False),
)

meta = Table(
    "meta",
    metadata,
    Column("key", String(100), primary_key=True),
    Column("value", Text, nullable=False),
)
