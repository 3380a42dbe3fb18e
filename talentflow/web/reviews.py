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
from talentflow.web.tables import reviews


class ReviewError(ValueError):
    """A review that cannot be stored; the message says why."""


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


class Reviews:
    def __init__(self, engine: sa.Engine):
        self.engine = engine

    def add(self, *, document: str, category: str, level: int, gap: bool, machine_level: int, machine_gap: bool,
            reason: str, user: str) -> Review:
        if not 0 <= level <= 4:
            raise ReviewError(f"level {level}: the depth scale is 0–4")
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
