"""Shared fixtures: a fresh store on each backend the machine offers.

``store_url`` runs a test on SQLite (a file in the test's temp dir) and on PostgreSQL (a schema
of its own in the server named by ``$TALENTFLOW_TEST_PG_URL``, dropped afterwards). Without that
variable, or with the server unreachable, the PostgreSQL run is skipped and says why; ``.ci/run``
starts a throw-away server and sets it.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa

PG_ENV = "TALENTFLOW_TEST_PG_URL"


def pg_base_url() -> str:
    """The test server's URL, or skip the test saying why there is none."""
    from talentflow.db import resolve_url

    base = os.environ.get(PG_ENV)
    if not base:
        pytest.skip(f"PostgreSQL: ${PG_ENV} is not set (no test server; .ci/run starts one)")
    return resolve_url(base)


@pytest.fixture
def pg_url() -> Iterator[str]:
    """A URL on an empty schema of its own in the PostgreSQL test server (dropped afterwards)."""
    base = pg_base_url()
    admin = sa.create_engine(base, isolation_level="AUTOCOMMIT")
    schema = "tf_test_" + uuid.uuid4().hex[:12]
    try:
        with admin.connect() as conn:
            conn.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
    except sa.exc.OperationalError as exc:
        admin.dispose()
        pytest.skip(f"PostgreSQL: server at ${PG_ENV} unreachable ({str(exc.orig).strip().splitlines()[0]})")
    url = sa.make_url(base).update_query_dict({"options": f"-csearch_path={schema}"})
    try:
        yield url.render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            # a session the test left in a transaction would hold locks on the schema's tables
            conn.execute(sa.text(
                "SELECT pg_terminate_backend(l.pid) FROM pg_locks l JOIN pg_class c ON c.oid = l.relation "
                "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = :s AND l.pid <> pg_backend_pid()"),
                {"s": schema})
            conn.execute(sa.text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A fresh, not yet created store: an SQLite file path, or a PostgreSQL URL (see module doc)."""
    if request.param == "sqlite":
        return str(tmp_path / "store.sqlite")
    return request.getfixturevalue("pg_url")
