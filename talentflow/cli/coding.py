"""Commands of the coding area."""

from talentflow.cli.app import app  # noqa: F401

