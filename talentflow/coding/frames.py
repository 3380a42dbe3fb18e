"""Compositional rules (``frames:`` in the codebook): what a sentence describes, not only the
words it names.

"Brain drain" is the easy case; a policy analyst also reads it in "1,5 тыс. специалистов выбыли
из страны" or "білімді жастар шетелге кетті": an *event* of leaving joined with a *subject*
of qualified people. A frame is such a conjunction of slots, written as codebook data in each
language; it codes its category when every slot has a term within ``scope_chars`` of the
anchor (the first slot) in one sentence, unless a blocking cue (negation, hypothetical) stands
before the anchor in its clause. Instrument frames work the same way: a grant, stipend or
salary (anchor) for researchers or students (object) is retention support.

Each slot's terms are matched by the ordinary term matcher: the anchor's as category terms
(so a sentence holding one passes the engine's trigger test) and the other slots' as cues,
under owners ``@<frame id>:<slot>`` that never reach the coded output.
"""

from __future__ import annotations

from bisect import bisect_right

from talentflow.coding.levels import Hit, make_hit
from talentflow.coding.model import Codebook, Frame
from talentflow.nlp import kazakh
from talentflow.nlp.matcher import TermSpec

PREFIX = "@"
#: A blocking cue counts when it ends at most this many characters before the anchor.
BLOCK_CHARS = 80


def slot_owner(frame: Frame, slot: str) -> str:
    return f"{PREFIX}{frame.id}:{slot}"


def exclude_owner(category: str) -> str:
    return f"{PREFIX}!{category}"


def frame_specs(codebook: Codebook) -> dict[str, list[TermSpec]]:
    """The matcher entries of every frame slot and category boundary, per language."""
    out: dict[str, list[TermSpec]] = {}
    for cat in codebook.categories:
        for lang, terms in cat.exclude.items():
            out.setdefault(lang, []).extend(TermSpec(exclude_owner(cat.id), "cue", str(t)) for t in terms)
    for frame in codebook.frames:
        for k, (slot, per_lang) in enumerate(frame.slots.items()):
            kind = "category" if k == 0 else "cue"
            for lang, terms in per_lang.items():
                out.setdefault(lang, []).extend(TermSpec(slot_owner(frame, slot), kind, str(t)) for t in terms)
    return out


def _negative_kk(h: Hit, norm: str) -> bool:
    words = norm[h.start : h.end].split()
    lemmas = h.term.split()
    return bool(words and lemmas) and kazakh.negative_verb(words[-1], lemmas[-1])


def _blocked(anchor: Hit, blockers: list[Hit], breaks: list[int], norm: str, language: str) -> bool:
    clause = bisect_right(breaks, anchor.start)
    for b in blockers:
        if b.end <= anchor.start and anchor.start - b.end <= BLOCK_CHARS and bisect_right(breaks, b.start) == clause:
            return True
    if language == "kk":
        words = norm[anchor.start : anchor.end].split()
        lemma = anchor.term.split()[-1] if anchor.term.split() else ""
        if words and kazakh.negative_verb(words[-1], lemma):
            return True
    return False


class CompiledFrame:
    """A frame with its matcher owners and output term worked out once per codebook (the
    sentence loop asks for them thousands of times)."""

    __slots__ = ("frame", "anchor", "others", "blocked_by", "term", "category", "excluded", "scope")

    def __init__(self, frame: Frame) -> None:
        names = list(frame.slots)
        self.frame = frame
        self.anchor = slot_owner(frame, names[0])
        self.others = [slot_owner(frame, n) for n in names[1:]]
        self.blocked_by = list(frame.blocked_by)
        self.term = f"frame:{frame.id}"
        self.category = frame.category
        self.excluded = exclude_owner(frame.category)
        self.scope = frame.scope_chars


def anchor_index(frames: list[CompiledFrame]) -> dict[str, int]:
    """Anchor slot owner → the index of its frame (each frame has its own anchor owner): the
    frames a sentence can satisfy are found from its slot hits, not by trying every frame."""
    return {cf.anchor: k for k, cf in enumerate(frames)}


def may_complete(
    frames: list[CompiledFrame], by_anchor: dict[str, int], cats: dict[str, list[Hit]], cues: dict[str, list[Hit]]
) -> bool:
    """Whether some frame has a hit for every slot (anchor among ``cats``, the others in
    either store); False means :func:`apply_frames` would fire nothing. Positions, blocking
    cues and boundaries are not looked at: a True may still fire nothing."""
    for owner in cats:
        k = by_anchor.get(owner)
        if k is not None and all(o in cues or o in cats for o in frames[k].others):
            return True
    return False


def only_removes_slots(
    frames: list[CompiledFrame], by_anchor: dict[str, int], cats: dict[str, list[Hit]], cues: dict[str, list[Hit]],
    language: str,
) -> bool:
    """Whether :func:`apply_frames` would do no more than remove the slot hits (then
    :func:`remove_slots` does that at a fraction of the cost): the sentence is not Kazakh
    (whose negated verbs it reads in every category), holds no boundary term, and no frame has
    a hit for every slot (:func:`may_complete`). A prefilter of the rule evaluation only: keep it
    in step with :func:`apply_frames` (the coding tests and ``bench/coding_invariant.py`` compare
    the two paths' output)."""
    if language == "kk":
        return False
    boundary = PREFIX + "!"
    for store in (cues, cats):
        for owner in store:
            if owner.startswith(boundary):
                return False
    return not may_complete(frames, by_anchor, cats, cues)


def remove_slots(cats: dict[str, list[Hit]], cues: dict[str, list[Hit]]) -> None:
    """Remove the frame slot hits (owners ``@…``) from both stores, as :func:`apply_frames` does."""
    for store in (cats, cues):
        for owner in [o for o in store if o.startswith(PREFIX)]:
            del store[owner]


def apply_frames(
    frames: list[CompiledFrame],
    keep: dict[str, frozenset[str]],
    cats: dict[str, list[Hit]],
    cues: dict[str, list[Hit]],
    breaks: list[int],
    norm: str,
    language: str,
    by_anchor: dict[str, int] | None = None,
) -> dict[str, int]:
    """Turn satisfied frames into category hits (in place); returns term → level cap (and
    ``min:``term → floor).

    Slot hits are removed from ``cats`` and ``cues`` whether or not their frame fires.
    ``by_anchor`` (:func:`anchor_index` of ``frames``): only the frames whose anchor has a hit
    are tried, in their order (the same result as trying all).
    """
    slot_hits: dict[str, list[Hit]] = {}
    for store in (cats, cues):
        for owner in [o for o in store if o.startswith(PREFIX)]:
            slot_hits[owner] = store.pop(owner)
    caps: dict[str, int] = {}
    if language == "kk":
        # "елге қайтпауына болады" (may not return) names no return mechanism
        for cat in list(cats):
            if cat.startswith(PREFIX):
                continue
            kept = [h for h in cats[cat] if not _negative_kk(h, norm)]
            if kept:
                cats[cat] = kept
            else:
                del cats[cat]
    if not slot_hits:
        return caps
    for owner in slot_hits:
        if owner.startswith(PREFIX + "!"):  # a boundary term in the sentence: not this category
            cat = owner[len(PREFIX) + 1 :]
            kept = [h for h in cats.pop(cat, []) if h.term in keep.get(cat, ())]
            if kept:
                cats[cat] = kept
    if by_anchor is not None:
        candidates = sorted(k for k in map(by_anchor.get, slot_hits) if k is not None)
        frames = [frames[k] for k in candidates]
    for cf in frames:
        anchors = slot_hits.get(cf.anchor)
        if not anchors:
            continue
        others = [slot_hits.get(o, []) for o in cf.others]
        if not all(others):
            continue
        # "не допустить оттока" (prevent the outflow) names the outflow as a risk: no negation
        lifted = cues.get("not_negation", [])
        blockers = [b for kind in cf.blocked_by for b in cues.get(kind, [])
                    if not any(x.start <= b.start < x.end for x in lifted)]
        for a in anchors:
            if _blocked(a, blockers, breaks, norm, language):
                continue
            lo, hi = a.start, a.end
            for hits in others:
                near = [h for h in hits if (h.end <= a.start or h.start >= a.end)
                        and max(h.start - a.end, a.start - h.end) <= cf.scope]
                if not near:
                    break
                h = min(near, key=lambda x: max(x.start - a.end, a.start - x.end))
                if language == "kk" and _negative_kk(h, norm):
                    break  # a negated Kazakh verb in any slot ("елге оралмады") cancels the frame
                lo, hi = min(lo, h.start), max(hi, h.end)
            else:
                if cf.excluded in slot_hits:
                    break  # the category is excluded by a boundary term in this sentence
                cats.setdefault(cf.category, []).append(make_hit(cf.category, cf.term, lo, hi))
                frame = cf.frame
                caps[cf.term] = frame.max_level or 4
                if frame.min_level is not None:
                    caps["min:" + cf.term] = frame.min_level
                break
    return caps
