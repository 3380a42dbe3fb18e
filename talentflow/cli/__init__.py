"""Command-line interface. Thin: each command parses options and calls one service.

Commands live in one module per area (``coding``, ``ingest``, ``stats``, ``report``) and
register themselves on the shared ``app``.
"""

from talentflow.cli import (  # noqa: F401  (registers commands)
    coding,
    diaspora,
    evaluate,
    indicators,
    ingest,
    monitor,
    qda,
    registry,
    report,
    stats,
    web,
)
from talentflow.cli.app import app


def main() -> None:
    app()


__all__ = ["app", "main"]
