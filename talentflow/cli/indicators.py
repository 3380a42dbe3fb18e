"""Commands of the indicators area."""

from talentflow.cli.app import app  # noqa: F401

