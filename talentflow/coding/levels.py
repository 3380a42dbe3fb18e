"""The depth scale and the rules that assign a level to a category in one sentence.

Scale (ordinal, the same in docs, outputs and report):

- 0 not addressed
- 1 mentioned as a problem, risk or fact — a category term alone (rule ``term``)
- 2 goal or intention stated — the term with an intention cue in the sentence
  (``term+intention``: "направлен на", "необходимо", "мақсат", "aims to" …)
- 3 concrete instrument named — the term with an instrument cue near it in the same sentence
  (``term+instrument``: programme, law, visa, quota, procedure, grant …)
- 4 instrument with a measurable target, indicator, deadline, budget or responsible body —
  level 3 plus a target cue near the term and its instrument (``term+instrument+target``:
  "15 %", "до 2025 года", "млрд тенге", "индикатор", "уполномоченный орган" …)

"Near" is the clause scope: the clause of the term or a neighbouring one, at most
``SCOPE_CHARS`` characters away. A long law sentence lists many unrelated measures; a
deadline or responsible body at its other end belongs to another one, and so does a target in
another sentence of the paragraph.

Gap rule: an absence cue ("отсутствуют", "не разработаны", "жоқ", "lack of" …) in the same
clause as the category term, or in the clause just before it ("отсутствуют конкретные меры,
направленные на …"), makes the code a gap (unless the cue is part of a ``not_absence`` phrase
such as "лицо без гражданства" or "азаматтығы жоқ адам"): ``gap=True``, level 1, rule ``absence``. A gap
never counts as a mechanism, whatever other cues the sentence holds.

Precision:

- an instrument cue inside a cross-reference ("в соответствии с настоящим Законом") is
  ignored, so a law's references to itself do not turn every category into an instrument; an
  instrument after an absence cue in its clause ("нет механизма", "lack of programmes") is not
  named but missing, and does not count either; a target word inside an instrument phrase
  ("тұру мерзіміне қарамастан") is part of the instrument, not a target;
- ``mention_only`` cues: a category term lying inside one ("sustainable development") codes
  level 1 at most — a generic phrase is no alignment;
- ``needs_context`` cues: a category term lying inside one ("мониторинг", "state programme",
  "indicator") counts only with a ``context`` cue (migration, specialists, graduates, kandas …)
  or a specific term of the same category within its clause scope; "monitoring of textbooks"
  is not monitoring of intellectual migration.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass

from talentflow.coding.model import Code
from talentflow.nlp import scan

_CLAUSE_BREAK = re.compile(r"[,;:()\[\]]|\s[–—-]\s")
_MATCH_START = re.Match.start


@dataclass(frozen=True)
class Hit:
    """A matched lexicon term in a sentence: its owner (category id or cue kind), text, span."""

    owner: str
    term: str
    start: int
    end: int


def make_hit(owner: str, term: str, start: int, end: int, _new=object.__new__, _set=object.__setattr__) -> Hit:
    """``Hit(owner, term, start, end)``, the same object built without the frozen dataclass's
    field-by-field ``__init__``."""
    hit = _new(Hit)
    _set(hit, "__dict__", {"owner": owner, "term": term, "start": start, "end": end})
    return hit


def clause_breaks(text: str, start: int, end: int) -> list[int]:
    """Offsets (into the document) of clause boundaries inside ``text[start:end]``."""
    return list(map(_MATCH_START, _CLAUSE_BREAK.finditer(text, start, end)))


if _CLAUSE_BREAK.pattern == scan.CLAUSE_BREAK_RE.pattern:
    # the same pattern: its scan (compiled where built) instead of the regular expression
    clause_breaks = scan.clause_breaks  # noqa: F811


def _overlaps(a: Hit, b: Hit) -> bool:
    return a.start < b.end and b.start < a.end


def _negated(cue: Hit, absences: list[Hit], breaks: list[int]) -> bool:
    """An instrument named after an absence cue in its clause is absent, not named
    ("без разработки конкретных механизмов", "нет механизма", "lack of programmes")."""
    k = bisect_right(breaks, cue.start)
    return any(a.start <= cue.start and bisect_right(breaks, a.start) == k for a in absences)


#: An instrument counts for a term only in the term's clause or a neighbouring one, and no
#: further than this many characters away; the target of a level 4 is held to the same scope
#: around the term and its instrument. A long law sentence lists many unrelated measures, and
#: a deadline or a responsible body at its other end belongs to another one.
SCOPE_CLAUSES = 1
SCOPE_CHARS = 160


def _distance(a_start: int, a_end: int, b: Hit) -> int:
    return max(0, b.start - a_end, a_start - b.end)


def _in_scope(a_start: int, a_end: int, b: Hit, breaks: list[int]) -> bool:
    """``b`` lies within the clause scope and character scope of the span ``a``."""
    if _distance(a_start, a_end, b) > SCOPE_CHARS:
        return False
    lo, hi = bisect_right(breaks, a_start), bisect_right(breaks, max(a_start, a_end - 1))
    k = bisect_right(breaks, b.start)
    return lo - SCOPE_CLAUSES <= k <= hi + SCOPE_CLAUSES


def _denies(d: Hit, h: Hit, breaks: list[int]) -> bool:
    """A denial ("не потребуется", "no longer required") in the hit's clause or a neighbouring one."""
    k, kd = bisect_right(breaks, h.start), bisect_right(breaks, d.start)
    return abs(kd - k) <= 1 and _distance(h.start, h.end, d) <= SCOPE_CHARS


def _contained(h: Hit, spans: list[Hit]) -> bool:
    return any(x.start <= h.start and h.end <= x.end for x in spans)


def _generic(h: Hit, generic: list[Hit]) -> bool:
    """``h`` is a word of a ``needs_context`` phrase: inside it and at one of its ends. A term
    in the gap of a phrase matched across other words ("стипендия "Болашак" – стипендия,
    учреждаемая Президентом" for "стипендия … президента") is not part of the phrase."""
    return any(x.start <= h.start and h.end <= x.end and (x.start == h.start or x.end == h.end) for x in generic)


def _usable_hits(
    category_hits: dict[str, list[Hit]], cue_hits: dict[str, list[Hit]], breaks: list[int]
) -> dict[str, list[Hit]]:
    """Category hits, without generic terms that have no intellectual-migration context.

    A hit lying inside a ``needs_context`` cue ("мониторинг", "state programme", "indicator")
    counts only when a ``context`` cue (migration, specialists, graduates, kandas …) or a
    specific term of the same category is within scope of it.
    """
    generic = cue_hits.get("needs_context", [])
    if not generic:
        return category_hits
    context = cue_hits.get("context", [])
    out: dict[str, list[Hit]] = {}
    for category, hits in category_hits.items():
        anchors = context + [h for h in hits if not _generic(h, generic)]
        kept = [
            h
            for h in hits
            if not _generic(h, generic)
            or any(not _overlaps(h, a) and _in_scope(h.start, h.end, a, breaks) for a in anchors)
        ]
        if kept:
            out[category] = kept
    return out


#: Cue kinds that cannot change a code unless a cue of another kind is in the sentence:
#: ``context`` is read only beside a ``needs_context`` cue, ``not_absence`` only beside an
#: absence, ``reference`` only to set instruments aside, targets, bodies, proposals, durations
#: and statistics only near an instrument; negation and hypothetical cues are read by the frame
#: rules, not here. A sentence whose cues are all of these kinds (and no frame cap or floor
#: applies to its hits) codes every category at level 1 with its longest hit: what the full
#: rules below give, without evaluating them (:func:`sentence_codes`). A kind missing here only
#: takes the full rules; a kind listed here that the rules start reading alone must leave it
#: (``tests/coding/test_levels_fast.py`` compares the two paths).
INERT_CUES = frozenset({
    "context", "negation", "not_negation", "hypothetical", "not_absence", "reference", "proposal",
    "responsible_body", "duration", "target", "statistic",
})


def _longest_first(h: Hit) -> tuple[int, int]:
    return h.end - h.start, -h.start


def _term_codes(category_hits: dict[str, list[Hit]]) -> list[Code]:
    """Level 1 ("term") for every category, its evidence the longest hit (the first of equals):
    what :func:`sentence_codes` gives when no cue can act."""
    codes = []
    for category, hits in category_hits.items():
        best = hits[0] if len(hits) == 1 else max(hits, key=_longest_first)
        codes.append(Code(category, 1, False, "term", best.term, best.start, best.end))
    return codes


def _capped(category_hits: dict[str, list[Hit]], caps: dict[str, int]) -> bool:
    """Whether a frame cap or floor applies to some hit."""
    return any(h.term in caps for hits in category_hits.values() for h in hits)


def sentence_codes(
    category_hits: dict[str, list[Hit]],
    cue_hits: dict[str, list[Hit]],
    breaks: list[int],
    paragraph_has_target: Callable[[], bool],
    caps: dict[str, int] | None = None,
    quantity_hits: Callable[[], list[Hit]] | None = None,
    own_instruments: dict[str, str] | None = None,
) -> list[Code]:
    """One code per category found in a sentence, with its level, gap flag and rule.

    ``paragraph_has_target`` is not consulted: a target elsewhere in the paragraph belongs to
    whatever that sentence says, so level 4 needs the target in the instrument's own sentence
    (the argument stays for the engine's call).

    A sentence whose cues are all :data:`INERT_CUES` and whose hits no frame caps takes a
    shortcut to the same codes (:func:`_term_codes`).
    """
    if cue_hits.keys() <= INERT_CUES and not (caps and _capped(category_hits, caps)):
        return _term_codes(category_hits)
    return rule_codes(category_hits, cue_hits, breaks, paragraph_has_target, caps, quantity_hits, own_instruments)


def rule_codes(
    category_hits: dict[str, list[Hit]],
    cue_hits: dict[str, list[Hit]],
    breaks: list[int],
    paragraph_has_target: Callable[[], bool],
    caps: dict[str, int] | None = None,
    quantity_hits: Callable[[], list[Hit]] | None = None,
    own_instruments: dict[str, str] | None = None,
) -> list[Code]:
    """:func:`sentence_codes` by the full rules, for every sentence (no shortcut)."""
    exempt = cue_hits.get("not_absence", [])
    absences = [a for a in cue_hits.get("absence", []) if not any(_overlaps(a, x) for x in exempt)]
    gap_clauses: set[int] = set()
    for a in absences:
        k = bisect_right(breaks, a.start)
        gap_clauses.update((k, k + 1))
    references = cue_hits.get("reference", [])

    def usable(kind: str) -> list[Hit]:
        return [
            h
            for h in cue_hits.get(kind, [])
            if not any(_overlaps(h, r) for r in references) and not _negated(h, absences, breaks)
        ]

    instruments = usable("instrument")
    has_intention = bool(cue_hits.get("intention"))
    # a ministry that only proposes a measure is not the body responsible for it
    bodies = [] if cue_hits.get("proposal") else cue_hits.get("responsible_body", [])
    # a target word inside an instrument phrase ("тұру мерзіміне қарамастан") is part of it;
    # the duration of a permit or a procedure ("в течение пяти рабочих дней", "for up to 10
    # years") is no policy deadline, and a sentence that states one sets no target
    targets = [] if cue_hits.get("duration") else [
        t for t in [*cue_hits.get("target", []), *bodies] if not any(_overlaps(t, i) for i in instruments)
    ]
    # findings of a count or a survey ("results show that 668,422 migrant workers were present"):
    # the sentence's numbers are what was found, not a value its instrument sets
    statistic = bool(cue_hits.get("statistic"))
    if statistic:
        targets = [t for t in targets if not t.term.startswith(("<NUM>", "%"))]
    # an amount or a count ("70 MCI", "$300,000", "527 гранттар", "500 ғалым") is a measurable
    # value whatever durations the sentence also states (dates and durations are not quantities);
    # the numbers of a sentence are read only when an instrument stands near a term
    counted: list[list[Hit]] = []

    def amounts() -> list[Hit]:
        if not counted:
            if statistic:
                counted.append([])
            else:
                counted.append(quantity_hits() if quantity_hits is not None else cue_hits.get("quantity", []))
        return counted[0]
    mention_only = cue_hits.get("mention_only", [])
    # praise, history and statistics of a programme mention it (1) unless an aim is stated
    history_cap = bool(cue_hits.get("history")) and not has_intention
    denials = cue_hits.get("denial", [])

    def level_of(h: Hit, instruments: list[Hit]) -> tuple[int, str]:
        if caps and h.term in caps:
            floor = caps.get("min:" + h.term, 0)
            # an instrument frame's hit ("гранттар … жастарға") is itself the instrument named
            level, rule = _level_of(h, instruments, floor >= 3)
            if rule.startswith(("term (history", "denied")):
                return level, rule  # praise, history, statistics, denials: no floor lifts them
            if level < floor:
                return floor, "frame"
            return (level, rule) if level <= caps[h.term] else (caps[h.term], f"{rule} (frame cap)")
        return _level_of(h, instruments)

    def _level_of(h: Hit, instruments: list[Hit], is_instrument: bool = False) -> tuple[int, str]:
        if _contained(h, mention_only):
            return 0, "term"  # a generic phrase ("sustainable development") is no reference
        if denials and not h.term.startswith("frame:") and any(_denies(d, h, breaks) for d in denials):
            return 0, "denied"  # "will not be required", "may now not return"
        if history_cap:
            return 1, "term (history, praise or statistic)"
        near = [i for i in instruments if _overlaps(h, i) or _in_scope(h.start, h.end, i, breaks)]
        if is_instrument:
            near.append(h)
        if near:
            for i in near:
                lo, hi = min(h.start, i.start), max(h.end, i.end)
                if any(_in_scope(lo, hi, t, breaks) for t in targets):
                    return 4, "term+instrument+target"
            for i in near:
                lo, hi = min(h.start, i.start), max(h.end, i.end)
                if any(_in_scope(lo, hi, t, breaks) for t in amounts()):
                    return 4, "term+instrument+target"
            return 3, "term+instrument"
        if has_intention:
            return 2, "term+intention"
        return 1, "term"

    codes: list[Code] = []
    for category, hits in _usable_hits(category_hits, cue_hits, breaks).items():
        gap_hits = [h for h in hits if bisect_right(breaks, h.start) in gap_clauses]
        if gap_hits:
            best = max(gap_hits, key=lambda h: (h.end - h.start, -h.start))
            codes.append(Code(category, 1, True, "absence", best.term, best.start, best.end))
            continue
        # a category with instruments of its own (the SDGs: a council, a national indicator set)
        # is not raised by generic ones ("strategies and programs", "budget programmes")
        mine = usable(own_instruments[category]) if own_instruments and category in own_instruments else instruments
        scored = [(level_of(h, mine), h) for h in hits]
        (level, rule), best = max(scored, key=lambda lh: (lh[0][0], lh[1].end - lh[1].start, -lh[1].start))
        if level == 0:
            continue
        codes.append(Code(category, level, False, rule, best.term, best.start, best.end))
    return codes


def document_levels(category_ids: list[str], codes: list[Code]) -> tuple[dict[str, int], list[str]]:
    """Per-category document level (max over codes, 0 when absent) and the gap categories."""
    levels = dict.fromkeys(category_ids, 0)
    gaps: list[str] = []
    for c in codes:
        if c.category in levels and c.level > levels[c.category]:
            levels[c.category] = c.level
        if c.gap and c.category not in gaps:
            gaps.append(c.category)
    return levels, [cid for cid in category_ids if cid in gaps]
