"""Errors of the store: each says in one line what is wrong and what to do.

The command line prints them as they are (no traceback): a store that cannot be opened is a
user's situation to fix (a wrong path, a stopped server, an old schema), not a program fault.
"""

from __future__ import annotations


class StoreError(Exception):
    """The store cannot be opened or used as asked; nothing was written to it."""


class StoreBehindError(StoreError):
    """The store's schema is older than this talentflow: it needs ``talentflow store upgrade``."""

    def __init__(self, where: str, current: str, head: str, command: str = "talentflow store upgrade") -> None:
        self.where, self.current, self.head = where, current, head
        super().__init__(f"{where}: store at revision {current}, this talentflow needs {head}: run `{command}`")


class StoreAheadError(StoreError):
    """The store's schema revision is unknown here: written by a newer talentflow (or another
    program's Alembic history); opening it could corrupt it, so it is refused."""

    def __init__(self, where: str, current: str, head: str) -> None:
        self.where, self.current, self.head = where, current, head
        super().__init__(f"{where}: store at revision {current}, which this talentflow (head {head}) does "
                         f"not know: use the newer talentflow that wrote it")
