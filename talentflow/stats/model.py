"""Domain type of the statistics stage: one published number with its provenance.

Codes follow SDMX conventions where they exist: ``_T`` is "total / not broken down";
areas are ISO 3166-1 alpha-3 (``WLD`` world); education levels are ISCED 2011 codes
(``ED5T8`` tertiary, ``ED3_4`` upper-secondary and post-secondary non-tertiary …).
"""

from __future__ import annotations

import datetime as dt
import hashlib

from pydantic import BaseModel, Field

#: Flags an observation may carry. They travel with the value into every indicator and chart.
FLAGS = (
    "provisional",
    "estimated",
    "break",  # break in series
    "more_than",  # the source says "more than"
    "approx",  # the source says "about"
    "not_applicable",
    "suppressed",
    "synthetic",  # generated demo/test data, never a published figure
    "projection",
    "unsourced",
    "cumulative",
)


class Observation(BaseModel):
    """A tidy observation. ``period`` is ``Y`` (whole year), ``H1``, ``Q1``, ``9M``, ``M1-M8`` or a
    span such as ``2012-2021`` (cumulative; ``year`` is then the last year)."""

    indicator: str
    area: str
    counterpart: str | None = None
    year: int | None = None
    period: str = "Y"
    sex: str = "_T"
    age: str = "_T"
    education: str = "_T"
    specialty: str | None = None
    breakdown: str = ""  # remaining key=value pairs, ';'-separated, as published
    value: float | None = None
    unit: str = "persons"
    source_name: str = ""
    source_url: str | None = None
    source_table: str | None = None
    quote: str = ""
    retrieved: dt.date | None = None
    flags: list[str] = Field(default_factory=list)
    topic: str = ""
    dataset: str = ""  # the import (file or package resource) it came from

    def key(self) -> str:
        """Natural key: the same figure from the same source imported twice is one observation."""
        parts = [
            self.indicator, self.area, self.counterpart or "", str(self.year or ""), self.period,
            self.sex, self.age, self.education, self.specialty or "", self.breakdown,
            self.source_url or self.source_name, self.source_table or "", self.quote,
        ]
        return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:32]
