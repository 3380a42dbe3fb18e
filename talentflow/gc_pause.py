"""Pausing Python's cycle collector around allocation-heavy stages.

Reading, segmenting, coding and building the matrix allocate millions of small objects
(segments, hits, codes, cells) and create no reference cycles, so reference counting frees
everything. Each allocation burst would still trigger collections that walk every live object,
and with a large corpus in memory those walks cost more than the work itself. Whatever cyclic
garbage a file reader's library leaves meanwhile is collected once the pause ends.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator


@contextlib.contextmanager
def gc_paused() -> Iterator[None]:
    """Disable the cycle collector inside the block; restore its previous state after."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
