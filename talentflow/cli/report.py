"""Commands of the report area."""

from talentflow.cli.app import app  # noqa: F401

