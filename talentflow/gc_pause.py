"""Pausing Python's cycle collector around allocation-heavy stages.

Reading, segmenting, coding and building the matrix allocate millions of small objects
(segments, hits, codes, cells) and create no reference cycles, so reference counting frees
everything. Each allocation burst would still trigger collections that walk every live object,
and with a large corpus in memory those walks cost more than the work itself.

The pause's end would trigger one such walk too: every object allocated during the pause is in
the youngest generation, and the first allocation after it counts far past the collection
threshold, so the collector would traverse them all at once (a tenth of a second for a
10-million-token corpus, each time). They are moved to the oldest generation instead, without
a traversal (``gc.freeze()`` then ``gc.unfreeze()``, two list splices), where they stay until
the next full collection, as long-lived objects would after surviving two young ones. Cyclic
garbage a file reader's library leaves meanwhile is collected by that full collection.
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
            age_young_objects()
            gc.enable()


def age_young_objects() -> None:
    """Move every tracked object to the oldest generation without traversing any, and reset
    the young generation's allocation count (see the module docstring). Left alone when the
    application froze objects itself: ``gc.unfreeze()`` would thaw those too."""
    if gc.get_freeze_count() == 0:
        gc.freeze()
        gc.unfreeze()
