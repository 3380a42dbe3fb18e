"""Commands of the stats area."""

from talentflow.cli.app import app  # noqa: F401

