"""Commands of the qda area."""

from talentflow.cli.app import app  # noqa: F401

