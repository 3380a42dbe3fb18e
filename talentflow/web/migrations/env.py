"""Alembic environment of the web tables: runs on the connection the web store hands over, with
its own version table so it sits beside the statistics store's history on the same database."""

from alembic import context

from talentflow.web.tables import metadata

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=metadata, render_as_batch=True,
                  version_table="alembic_version_web")
with context.begin_transaction():
    context.run_migrations()
