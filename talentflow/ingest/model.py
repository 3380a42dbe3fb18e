"""Domain types of the ingest stage: a document, its parts, paragraphs and sentences.

Every segment is located by character offsets into ``Document.text`` (the extracted, normalised
plain text, ``\\n`` line endings). Offsets are what REFI-QDA exchange, evidence quotes and human
corrections refer to, so no later stage may change ``text``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

#: How much of a document's text the corpus holds; shown next to every cell that rests on it.
COMPLETENESS = ("full", "partial", "secondary")

#: What a document is. Foreign practice (another country's programme) and international texts
#: (a UN resolution, a report to the UN) are read for the practice catalogue, never counted as
#: the country's own documents in the matrix, the evolution or the recommendations.
DOC_TYPES = ("law", "bylaw", "concept", "address", "report", "press", "foreign_practice", "international")
NOT_COUNTRY_TYPES = frozenset({"foreign_practice", "international"})
#: Types that can be compared over time with each other (a law with a law, an address with an
#: address); the change-over-time sentence compares within one group and names it.
COMPARABLE_GROUPS = {
    "law": "legal_act", "bylaw": "legal_act", "concept": "concept", "address": "address",
    "report": "report", "press": "press",
}
DOC_TYPE_LABELS: dict[str, dict[str, str]] = {
    "law": {"en": "law", "ru": "закон", "kk": "заң"},
    "bylaw": {"en": "by-law", "ru": "подзаконный акт", "kk": "заңға тәуелді акт"},
    "concept": {"en": "concept or programme", "ru": "концепция или программа", "kk": "тұжырымдама немесе бағдарлама"},
    "address": {"en": "address or speech", "ru": "послание или выступление", "kk": "жолдау немесе сөз"},
    "report": {"en": "report", "ru": "доклад", "kk": "баяндама"},
    "press": {"en": "press", "ru": "пресса", "kk": "баспасөз"},
    "foreign_practice": {"en": "foreign practice", "ru": "зарубежная практика", "kk": "шетелдік тәжірибе"},
    "international": {"en": "international document", "ru": "международный документ", "kk": "халықаралық құжат"},
    "legal_act": {"en": "laws and by-laws", "ru": "законы и подзаконные акты", "kk": "заңдар мен заңға тәуелді актілер"},
}


def printable(text: str) -> str:
    """A file name as valid Unicode: bytes that are not UTF-8 (kept by Python as lone surrogates,
    which no JSON, CSV or XML writer accepts) are shown as ``\\xff`` escapes."""
    if not any("\udc80" <= ch <= "\udcff" for ch in text):
        return text
    return text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


@dataclass(frozen=True)
class Segment:
    """A paragraph or a sentence: ``text[start:end]`` of its document."""

    start: int
    end: int
    language: str  # "ru" | "kk" | "en" | "und"
    kind: str = "paragraph"  # "paragraph" | "sentence"
    paragraph: int = 0  # index of the paragraph this segment is (or lies in)
    part: int = 0  # index into Document.parts


@dataclass(frozen=True)
class Part:
    """A passage with a source of its own: the whole document, or one file of a dossier."""

    start: int
    end: int
    path: str
    source_url: str | None = None
    title: str | None = None
    date: str | None = None
    language: str | None = None


@dataclass
class DocumentMeta:
    """What a document is. Read from the text where it says so, overridable by a manifest."""

    id: str
    title: str | None = None
    act_type: str | None = None  # указ, постановление, концепция, law, report, speech, address …
    doc_type: str | None = None  # one of DOC_TYPES (manifest `doc_type`, else read from act_type/title)
    number: str | None = None
    date: dt.date | None = None
    issuer: str | None = None
    period: str | None = None  # e.g. "2023-2027"
    language: str | None = None  # dominant language of the text
    source_url: str | None = None
    country: str | None = None  # ISO 3166-1 alpha-3 of the issuing country (manifest `country`)
    completeness: str = "full"  # one of COMPLETENESS
    note: str = ""  # e.g. what of the text is missing
    path: str = ""  # file or folder it was read from


@dataclass
class Document:
    """A document (or a dossier of passages about one document) ready for coding."""

    meta: DocumentMeta
    text: str
    paragraphs: list[Segment] = field(default_factory=list)
    sentences: list[Segment] = field(default_factory=list)
    parts: list[Part] = field(default_factory=list)

    def span(self, segment: Segment) -> str:
        return self.text[segment.start : segment.end]


@dataclass
class ReadError:
    """A file that could not be read; reported by name with the reason, never silently dropped."""

    path: str
    reason: str

    def __post_init__(self) -> None:
        self.path = printable(str(self.path))
        self.reason = printable(str(self.reason))
