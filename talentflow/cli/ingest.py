"""Commands of the ingest area."""

from talentflow.cli.app import app  # noqa: F401

