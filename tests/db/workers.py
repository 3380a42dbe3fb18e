"""Work done in child processes by the concurrency tests (a module of its own so that the
``spawn`` start method can import it)."""

from __future__ import annotations

import os
from typing import Any


def import_file(url: str, path: str, barrier: Any, results: Any) -> None:
    """Open the store, wait for the sibling, import ``path``; report ``(new, unchanged)``."""
    from talentflow.stats.store import open_store

    store = open_store(url)
    barrier.wait(timeout=60)
    r = store.import_file(path)
    store.close()
    results.put((r.new, r.unchanged))


def open_default(env: dict[str, str], barrier: Any, results: Any) -> None:
    """Open the default store (where ``env`` points it) at the same moment as the siblings."""
    os.environ.update(env)
    from talentflow.stats.store import open_store

    barrier.wait(timeout=60)
    store = open_store()
    results.put(store.count())
    store.close()
