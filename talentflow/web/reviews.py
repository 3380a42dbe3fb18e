"""Reviews of coded cells: a person's level and gap for one document × category, with a reason.

Reviews are a human coding kept beside the machine's, never over it: the matrix, the report and
every export still show what the coding rules found, and the review pages show both. Every
review is a new row (the history stays); the latest row per document × category is the
reviewer's current word, and those form the human coding that agreement is computed against.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import sqlalchemy as sa

from talentflow import db
from talentflow.web.tables import reviews, segments


class ReviewError(ValueError):
    """A review that cannot be stored; the message says why. ``template`` and ``values`` let a page
    show the message in its language (the template is the catalogue's msgid)."""

    def __init__(self, template: str, **values: object):
        self.template, self.values = template, values
        super().__init__(template.format(**values) if values else template)


@dataclass(frozen=True)
class Review:
    id: int
    document: str
    category: str
    level: int
    gap: bool
    machine_level: int
    machine_gap: bool
    reason: str
    user: str
    at: dt.datetime

    @property
    def changed(self) -> bool:
        return (self.level, self.gap) != (self.machine_level, self.machine_gap)


@dataclass(frozen=True)
class AddedSegment:
    """A passage ``[start, end)`` a reviewer coded because the machine missed it."""

    id: int
    document: str
    start: int
    end: int
    quote: str
    category: str
    level: int
    gap: bool
    reason: str
    user: str
    at: dt.datetime


@dataclass(frozen=True)
class HumanCell:
    """The human coding of one document × category: the reviews and added segments folded in time order."""

    document: str
    category: str
    level: int
    gap: bool
    user: str  # who had the latest word


def locate(text: str, start: str, end: str, quote: str) -> tuple[int, int]:
    """The span a reviewer meant: the offsets when they hold the quote (or no quote was given), else
    the one place the quote occurs verbatim. Raises :class:`ReviewError` saying what is wrong."""
    start, end, quote = start.strip(), end.strip(), quote.replace("\r\n", "\n")
    if start.isdigit() and end.isdigit():
        s, e = int(start), int(end)
        if not 0 <= s < e <= len(text):
            raise ReviewError("characters {s}–{e}: the text has {n} characters and the end must follow the start",
                              s=s, e=e, n=len(text))
        if not quote.strip() or text[s:e] == quote:
            return s, e
    if not quote.strip():
        raise ReviewError("give the characters (start and end) or a quote from the text")
    first = text.find(quote)
    if first < 0:
        raise ReviewError("the quote does not occur verbatim in the text")
    if text.find(quote, first + 1) >= 0:
        raise ReviewError("the quote occurs more than once in the text: give the characters (start and end)")
    return first, first + len(quote)


def fold(machine: dict[tuple[str, str], tuple[int, bool]], reviewed: list[Review],
         added: list[AddedSegment]) -> dict[tuple[str, str], HumanCell]:
    """The human coding of every touched cell. Starting from the machine's (level, gap), events are
    taken in time order: a review sets the cell's level and gap (the reviewer's word on the whole
    cell); an added segment raises the level to its own when higher and adds its gap — a missed
    passage can only add to what the cell holds."""
    events = sorted([(r.at, 0, r.id, r) for r in reviewed] + [(a.at, 1, a.id, a) for a in added],
                    key=lambda e: e[:3])
    cells: dict[tuple[str, str], HumanCell] = {}
    for _, kind, _, ev in events:
        key = (ev.document, ev.category)
        prev = cells.get(key)
        level, gap = (prev.level, prev.gap) if prev else machine.get(key, (0, False))
        if kind == 0:
            level, gap = ev.level, ev.gap
        else:
            level, gap = max(level, ev.level), gap or ev.gap
        cells[key] = HumanCell(ev.document, ev.category, level, gap, ev.user)
    return cells


class Reviews:
    def __init__(self, engine: sa.Engine):
        self.engine = engine

    def add(self, *, document: str, category: str, level: int, gap: bool, machine_level: int, machine_gap: bool,
            reason: str, user: str) -> Review:
        if not 0 <= level <= 4:
            raise ReviewError("level {level}: the depth scale is 0–4", level=level)
        if gap and level != 1:
            raise ReviewError("an acknowledged gap is recorded at level 1 (it never counts as a mechanism)")
        reason = reason.strip()
        if not reason:
            raise ReviewError("say why (the reason is kept with the review)")
        at = dt.datetime.now(dt.UTC)
        with db.write_transaction(self.engine) as c:
            rid = c.execute(reviews.insert().values(
                document=document, category=category, level=level, gap=gap, machine_level=machine_level,
                machine_gap=machine_gap, reason=reason[:2000], user=user, at=at)).inserted_primary_key[0]
        return Review(rid, document, category, level, gap, machine_level, machine_gap, reason[:2000], user, at)

    def all(self, document: str | None = None) -> list[Review]:
        q = sa.select(reviews).order_by(reviews.c.id)
        if document is not None:
            q = q.where(reviews.c.document == document)
        with self.engine.connect() as c:
            rows = c.execute(q).mappings().all()
        return [Review(r["id"], r["document"], r["category"], r["level"], r["gap"], r["machine_level"],
                       r["machine_gap"], r["reason"], r["user"],
                       r["at"] if r["at"].tzinfo else r["at"].replace(tzinfo=dt.UTC)) for r in rows]

    def current(self, document: str | None = None) -> dict[tuple[str, str], Review]:
        """The latest review of each document × category."""
        latest: dict[tuple[str, str], Review] = {}
        for r in self.all(document):
            latest[(r.document, r.category)] = r
        return latest

    # --- added segments ----------------------------------------------------------------------

    def add_segment(self, *, document: str, text: str, start: str, end: str, quote: str, category: str,
                    level: int, gap: bool, reason: str, user: str) -> AddedSegment:
        """Store a missed passage as this reviewer's coding; the machine's coding is not touched."""
        if not 1 <= level <= 4:
            raise ReviewError("level {level}: a coded passage is at level 1–4", level=level)
        if gap and level != 1:
            raise ReviewError("an acknowledged gap is recorded at level 1 (it never counts as a mechanism)")
        reason = reason.strip()
        if not reason:
            raise ReviewError("say why (the reason is kept with the review)")
        s, e = locate(text, start, end, quote)
        at = dt.datetime.now(dt.UTC)
        with db.write_transaction(self.engine) as c:
            sid = c.execute(segments.insert().values(
                document=document, start=s, end=e, quote=text[s:e], category=category, level=level, gap=gap,
                reason=reason[:2000], user=user, at=at)).inserted_primary_key[0]
        return AddedSegment(sid, document, s, e, text[s:e], category, level, gap, reason[:2000], user, at)

    def segments(self, document: str | None = None) -> list[AddedSegment]:
        q = sa.select(segments).order_by(segments.c.id)
        if document is not None:
            q = q.where(segments.c.document == document)
        with self.engine.connect() as c:
            rows = c.execute(q).mappings().all()
        return [AddedSegment(r["id"], r["document"], r["start"], r["end"], r["quote"], r["category"], r["level"],
                             r["gap"], r["reason"], r["user"],
                             r["at"] if r["at"].tzinfo else r["at"].replace(tzinfo=dt.UTC)) for r in rows]

    def human_cells(self, machine: dict[tuple[str, str], tuple[int, bool]],
                    document: str | None = None) -> dict[tuple[str, str], HumanCell]:
        """The reviewers' coding of every cell they touched (see :func:`fold`)."""
        return fold(machine, self.all(document), self.segments(document))


def human_selections(coded: list, reviewed: list[Review], added: list[AddedSegment]) -> list:
    """Every reviewer's coding as REFI-QDA selections (``HumanSelection``, coder = the reviewer),
    for the ``.qdpx`` export beside the machine's selections.

    A reviewer's latest review of a cell is laid on the machine's segments of that category in that
    document (each one coded at the reviewer's level), or on the whole text when the machine found
    none; an added segment is its own span. The note says which it is and why.
    """
    from talentflow.exchange import HumanSelection

    docs = {c.document.meta.id: c for c in coded}
    latest: dict[tuple[str, str, str], Review] = {}
    for r in reviewed:
        latest[(r.document, r.category, r.user)] = r
    out: list = []
    for (doc_id, category, user), r in sorted(latest.items()):
        doc = docs.get(doc_id)
        if doc is None:
            continue
        spans = sorted({(s.start, s.end) for s in doc.segments if any(c.category == category for c in s.codes)})
        spans = spans or [(0, len(doc.document.text))]
        note = (f"review of the cell: level {r.level}{' gap' if r.gap else ''} "
                f"(machine {r.machine_level}{' gap' if r.machine_gap else ''}); reason: {r.reason}")
        out += [HumanSelection(doc_id, s, e, category, r.level, r.gap, user, note) for s, e in spans]
    for a in added:
        if a.document in docs and 0 <= a.start < a.end <= len(docs[a.document].document.text):
            out.append(HumanSelection(a.document, a.start, a.end, a.category, a.level, a.gap, a.user,
                                      f"segment added by the reviewer; reason: {a.reason}"))
    return out
