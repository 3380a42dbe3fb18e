"""Term sequences in a token sequence: the inner loop of :meth:`TermMatcher.find`.

A term is a sequence of word *slots*; a token fills the slots its form was classified into.
A term occurs where a token filling its first slot is followed by tokens filling the next
slots in order, at most ``max_gap`` other tokens between consecutive ones. The loop runs
compiled (the Cython module ``talentflow.nlp._sequences``) where it was built and as the
plain Python below otherwise; both give the same matches in the same order (the tests compare
them).
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Sequence
from itertools import compress
from typing import Any

from talentflow.compiled import compiled_module


def find_sequences(
    forms: Sequence[str],
    slots_of: Sequence[tuple[int, ...]],
    firsts: set[str],
    groups: dict[int, tuple],
    rests: Sequence[tuple[int, ...]],
    max_gap: int,
    spans: Sequence[tuple[int, int]] | None,
    make: Callable[[int, int, int, int, int], Any] | None,
    owners: Sequence[tuple[int, ...]] | None = None,
) -> list[Any]:
    """Every occurrence, as ``make(term, first token, last token, start, end)`` (``make``
    None: as a ``(term, first token, last token)`` tuple, the cheapest to build).

    ``firsts``: the forms that fill the first slot of some term; ``groups``: first slot →
    (one-word terms, second slot → terms, the second slots as a set); ``rests``: per term,
    the slots after its second; ``spans``: the tokens' character offsets (else -1, -1).
    ``owners``: where the sequences of ``groups`` and ``rests`` are distinct word sequences
    shared by several terms (a frame slot word such as "миграция" is a term of four frames),
    the terms of each sequence: a sequence is matched once and reported once per term.
    Matches come ordered by first token, then by term and last token.
    """
    if len(slots_of) != len(forms):
        raise ValueError("one slot tuple per form is needed")
    positions = list(compress(range(len(forms)), map(firsts.__contains__, forms)))
    if not positions:
        return []
    # Where each slot occurs (token positions, ascending): a term whose next word fills
    # no slot of the sentence is rejected by one dict lookup, and the next occurrence
    # after a position is one bisection instead of a scan of the gap.
    where: dict[int, list[int]] = {}
    for k in compress(range(len(slots_of)), slots_of):  # tokens filling some slot
        for slot in slots_of[k]:
            at = where.get(slot)
            if at is None:
                where[slot] = [k]
            else:
                at.append(k)
    out: list[Any] = []
    for i in positions:
        for slot in slots_of[i]:
            group = groups.get(slot)
            if group is None:
                continue
            singles, by_second, seconds = group
            # Terms are grouped by their second word: the group of a second word the
            # sentence lacks (most of them) is passed over by one C-level intersection.
            if owners is None:
                found = [(ti, i) for ti in singles]
            else:
                found = [(ti, i) for u in singles for ti in owners[u]]
            for second in seconds.intersection(where):
                at = where[second]
                x = bisect_right(at, i)
                # the first occurrence after i, at most max_gap words further
                if x == len(at) or at[x] > i + 1 + max_gap:
                    continue
                after_second = at[x]
                for ti in by_second[second]:
                    j = after_second
                    for want in rests[ti]:
                        at = where.get(want)
                        if at is not None:
                            x = bisect_right(at, j)
                            if x < len(at) and at[x] <= j + 1 + max_gap:
                                j = at[x]
                                continue
                        j = -1
                        break
                    if j >= 0:
                        if owners is None:
                            found.append((ti, j))
                        else:
                            found.extend((t, j) for t in owners[ti])
            if len(found) > 1:
                found.sort()  # in term order, as the terms of a first word are listed
            for ti, j in found:
                if make is None:
                    out.append((ti, i, j))
                elif spans is None:
                    out.append(make(ti, i, j, -1, -1))
                else:
                    out.append(make(ti, i, j, spans[i][0], spans[j][1]))
    return out


_NEW = object.__new__
_SET = object.__setattr__


def group_hits(
    found: Sequence[tuple[int, int, int]],
    info: Sequence[tuple[bool, str, str]],
    spans_of: Callable[[str, int, int, int], list[tuple[int, int]]],
    text: str,
    start: int,
    end: int,
    any_hit: bool,
    hit_type: type,
) -> tuple[dict[str, list[Any]], dict[str, list[Any]]] | None:
    """The matches of a sentence (``(term, first token, last token)``, as
    :func:`find_sequences` gives them with ``make`` None) as hits grouped by owner, category
    terms apart from cue terms, in match order. A hit is a ``hit_type`` (a frozen dataclass of
    owner, term text, start and end: :class:`talentflow.coding.levels.Hit`) built without its
    field-by-field ``__init__``, as :func:`talentflow.coding.levels.make_hit` builds it.
    ``info``: per term, (whether it is a category term, its owner, its text); ``spans_of``:
    :func:`talentflow.nlp.scan.token_spans` (offsets are into ``text``, of the tokens of
    ``text[start:end]``). None when nothing matched, or no category term did and ``any_hit``
    is false."""
    if not found:
        return None
    for ti, _, _ in found:
        if info[ti][0]:
            break
    else:
        if not any_hit:
            return None
    # offsets of the tokens up to the last one a match ends on
    spans = spans_of(text, start, end, max(j for _, _, j in found) + 1)
    cats: dict[str, list[Any]] = {}
    cues: dict[str, list[Any]] = {}
    for ti, i, j in found:
        is_category, owner, term = info[ti]
        target = cats if is_category else cues
        hit = _NEW(hit_type)
        _SET(hit, "__dict__", {"owner": owner, "term": term, "start": spans[i][0], "end": spans[j][1]})
        at = target.get(owner)
        if at is None:
            target[owner] = [hit]
        else:
            at.append(hit)
    return cats, cues


#: Lower-case Russian letters without ё (U+0430–U+044F): a word made only of them is its own
#: lookup key.
PLAIN_LETTERS = "абвгдежзийклмнопрстуфхцчшщъыьэюя"


def classify_unseen(
    forms: Sequence[str],
    slots_of: Sequence[tuple[int, ...] | None],
    prefix: dict[str, Any],
    lengths: Sequence[int],
    cache: dict[str, tuple[int, ...]],
    known: set[str],
    classify: Callable[[str], tuple[int, ...]],
) -> list[tuple[int, ...]]:
    """``slots_of`` with its None entries (forms not classified yet) filled in, for a Russian
    matcher whose exact keys are all classified: a plain word (:data:`PLAIN_LETTERS` only) none
    of whose "stem*" prefixes (``prefix``, of the ascending ``lengths``, at most the word's
    length) is a key fills no slot and is cached so (in ``cache`` and ``known``) here;
    every other unseen form goes to ``classify``."""
    out: list[tuple[int, ...]] = []
    for f, s in zip(forms, slots_of, strict=True):
        if s is None:
            if f.strip(PLAIN_LETTERS):
                s = classify(f)
            else:
                size = len(f)
                for n in lengths:
                    if n > size:
                        break
                    if f[:n] in prefix:
                        s = classify(f)
                        break
                if s is None:
                    s = cache[f] = ()
                    known.add(f)
        out.append(s)
    return out


#: The plain versions, whichever is in use (the tests compare them with the compiled ones).
PURE_FIND_SEQUENCES = find_sequences
PURE_CLASSIFY_UNSEEN = classify_unseen
PURE_GROUP_HITS = group_hits
_COMPILED = compiled_module("talentflow.nlp._sequences")
COMPILED = _COMPILED is not None
if _COMPILED is not None:
    find_sequences = _COMPILED.find_sequences  # noqa: F811
    classify_unseen = _COMPILED.classify_unseen  # noqa: F811
    group_hits = _COMPILED.group_hits  # noqa: F811
#: The fused compiled pass (tokens, slots, sequences and hits of a sentence at once) and the
#: filter of plain words it uses; None where the module was not built, and then
#: :meth:`~talentflow.nlp.matcher.TermMatcher.sentence_hits` runs the plain twins above one
#: after the other (the same hits).
sentence_hits = _COMPILED.sentence_hits if _COMPILED is not None else None
PlainFormFilter = _COMPILED.PlainFormFilter if _COMPILED is not None else None
