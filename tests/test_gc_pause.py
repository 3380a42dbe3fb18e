"""The collector pause: collector off inside, back on after, and the objects allocated during
it not left in the youngest generation (whose first collection would walk them all)."""

from __future__ import annotations

import gc

from talentflow.gc_pause import gc_paused


class _Node:
    def __init__(self) -> None:
        self.other: _Node | None = None


def test_the_pause_restores_the_collector_and_ages_what_it_allocated():
    assert gc.isenabled()
    with gc_paused():
        assert not gc.isenabled()
        kept = [_Node() for _ in range(50_000)]
    assert gc.isenabled()
    assert gc.get_count()[0] < 1_000  # not 50,000 objects waiting for a young collection
    assert gc.get_freeze_count() == 0  # nothing left frozen
    assert all(isinstance(n, _Node) for n in kept)


def test_cyclic_garbage_of_the_pause_is_still_collected():
    with gc_paused():
        a, b = _Node(), _Node()
        a.other, b.other = b, a
        del a, b
    assert gc.collect() >= 2


def test_a_nested_pause_leaves_the_collector_off_until_the_outer_one_ends():
    with gc_paused():
        with gc_paused():
            pass
        assert not gc.isenabled()
    assert gc.isenabled()
