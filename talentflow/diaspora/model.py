"""Domain types of the diaspora directory: profiles, matches, engagement kinds, consent purposes."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

#: Kinds of engagement an expert offers and a request asks for (issue 14).
KINDS = ("lecture", "co_supervision", "thesis_review", "joint_project", "mentoring", "short_visit",
         "expert_advice")
#: Purposes a person consents to, each separately.
PURPOSES = ("listing", "contact", "statistics")
#: How an expert can take part: from where they are, or by coming.
MODES = ("remote", "on_site")
#: The consent text version in force; a change of wording is a new version, and consents given
#: under an older one stay recorded with the version the person actually read.
CONSENT_TEXT_VERSION = "diaspora-consent-2026-12-v1"


class DiasporaError(ValueError):
    """A request the directory refuses (unknown iD, no consent, wrong state); nothing was written."""


@dataclass
class Profile:
    """What the directory keeps on one person: public professional facts, never contact details."""

    orcid: str
    name: str = ""
    country: str | None = None
    city: str | None = None
    affiliation: str | None = None
    fields: list[str] = field(default_factory=list)  # "ford:1.2", "grnti:27"
    keywords: list[str] = field(default_factory=list)
    titles: list[str] = field(default_factory=list)
    biography: str = ""
    languages: list[str] = field(default_factory=list)
    kinds: list[str] = field(default_factory=list)
    available_from: date | None = None
    available_until: date | None = None
    synthetic: bool = False
    modes: list[str] = field(default_factory=list)
    #: periods of availability, each ``(from, until)`` (either end open); ``available_from`` /
    #: ``available_until`` are their envelope, kept for the filters and older readers
    availability: list[tuple[date | None, date | None]] = field(default_factory=list)

    def available_on(self, day: date) -> bool:
        """Whether ``day`` falls in one of the periods (or the envelope when no periods are given)."""
        periods = self.availability or [(self.available_from, self.available_until)]
        return any((a is None or a <= day) and (b is None or day <= b) for a, b in periods)

    def texts(self) -> list[str]:
        return [*self.keywords, *self.titles, self.biography, self.affiliation or ""]


@dataclass(frozen=True)
class Filters:
    """Filters of a match: country (ISO 3166 alpha-2), engagement kind, availability on a date,
    a language the expert works in, and the mode (remote, on site) they offer."""

    country: str | None = None
    kind: str | None = None
    available_on: date | None = None
    language: str | None = None
    mode: str | None = None  # remote | on_site


@dataclass(frozen=True)
class Match:
    orcid: str
    score: float
    why: tuple[str, ...]

    def as_dict(self) -> dict[str, object]:
        return {"orcid": self.orcid, "score": round(self.score, 4), "why": list(self.why)}
