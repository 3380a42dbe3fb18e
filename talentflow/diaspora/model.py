"""Domain types of the diaspora directory: profiles, matches, engagement kinds, consent purposes."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

#: Kinds of engagement an expert offers and a request asks for (issue 14).
KINDS = ("lecture", "co_supervision", "thesis_review", "joint_project", "mentoring", "short_visit",
         "expert_advice")
#: Purposes a person consents to, each separately.
PURPOSES = ("listing", "contact", "statistics")
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

    def texts(self) -> list[str]:
        return [*self.keywords, *self.titles, self.biography, self.affiliation or ""]


@dataclass(frozen=True)
class Filters:
    """Filters of a match: country (ISO 3166 alpha-2), engagement kind, availability on a date,
    and a language the expert works in."""

    country: str | None = None
    kind: str | None = None
    available_on: date | None = None
    language: str | None = None


@dataclass(frozen=True)
class Match:
    orcid: str
    score: float
    why: tuple[str, ...]

    def as_dict(self) -> dict[str, object]:
        return {"orcid": self.orcid, "score": round(self.score, 4), "why": list(self.why)}
