"""Alembic environment of the store: runs on the connection talentflow hands over (never an
engine of its own), inside the write lock that ``talentflow.db`` holds, so an upgrade uses the
same SQLite file or PostgreSQL URL and two processes never migrate at once.

Scripts are written by hand (no ``target_metadata``): each package declares its tables in its
own module and adds a script here that creates them (see docs/store.md)."""

from alembic import context

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=None, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
