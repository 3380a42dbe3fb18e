"""Alembic environment: runs on the connection the store hands over (never its own engine), so
an upgrade is part of opening the store and uses the same SQLite file or PostgreSQL URL."""

from alembic import context

from talentflow.stats.schema import metadata

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
