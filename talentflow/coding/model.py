"""Domain types of the coding stage: codebook, codes on segments, coded documents.

The depth scale is ordinal and the same everywhere (docs, outputs, report):
0 not addressed · 1 mentioned as a problem, risk or fact · 2 goal or intention stated ·
3 concrete instrument named · 4 instrument with a measurable target, indicator, deadline,
budget or responsible body. An acknowledged gap ("no mechanism to retain talent") is recorded
as ``gap=True`` at level 1 and never counts as a mechanism.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from pydantic import BaseModel, Field

from talentflow.ingest.model import Document

LEVELS: dict[int, dict[str, str]] = {
    0: {"en": "not addressed", "ru": "не затрагивается", "kk": "қарастырылмаған"},
    1: {
        "en": "mentioned as a problem, risk or fact",
        "ru": "упомянуто как проблема, риск или факт",
        "kk": "мәселе, тәуекел немесе факт ретінде аталған",
    },
    2: {"en": "goal or intention stated", "ru": "заявлена цель или намерение", "kk": "мақсат немесе ниет айтылған"},
    3: {
        "en": "concrete instrument named",
        "ru": "назван конкретный инструмент",
        "kk": "нақты құрал аталған",
    },
    4: {
        "en": "instrument with a measurable target, indicator, deadline, budget or responsible body",
        "ru": "инструмент с измеримой целью, индикатором, сроком, бюджетом или ответственным органом",
        "kk": "өлшенетін мақсаты, индикаторы, мерзімі, бюджеті немесе жауапты органы бар құрал",
    },
}


class Category(BaseModel):
    """One analytic dimension of the codebook."""

    id: str
    name: dict[str, str]  # language → name
    definition: dict[str, str]  # language → definition
    lexicon: dict[str, list[str]]  # language → terms (multi-word terms allowed; "отток … кадров")
    sdg: list[int] = Field(default_factory=list)
    color: str = "#4472C4"
    #: Boundary terms per language: a hit of this category with one of them in its sentence is
    #: dropped ("бывшие соотечественники" among "этнических казахов" is repatriation, not return).
    exclude: dict[str, list[str]] = Field(default_factory=dict)
    #: Terms of the category that stand whatever boundary term the sentence holds.
    exclude_except: list[str] = Field(default_factory=list)
    #: The highest level the category's definition allows: brain drain is *recognised* (1); an
    #: aim to stop it or a measure against it belongs to retention or return.
    max_level: int = Field(default=4, ge=1, le=4)
    #: A cue kind whose terms are this category's only instruments (the SDGs count a council or
    #: a national indicator set, not any programme or budget line); none: the common ones.
    instrument_cues: str | None = None


class FrameExample(BaseModel):
    """A sentence a frame must fire on (``fires``) and one it must not (``not``), per language."""

    fires: str
    not_: str = Field(alias="not")


class Frame(BaseModel):
    """A compositional rule: a category is coded when every slot has a term in one sentence.

    The first slot is the anchor (the rarest words: the event "уехать", the instrument
    "грант"); the others must lie within ``scope_chars`` of it. ``blocked_by`` names cue kinds
    ("negation", "hypothetical") that cancel the frame when one stands in the anchor's clause
    before it ("не уехал", "if they leave"); in Kazakh a negative verb form ("кетпеді") blocks
    it too. ``max_level`` caps the level the frame can give (an event of leaving is a fact, 1).
    """

    id: str
    category: str
    description: str = ""
    slots: dict[str, dict[str, list[str]]]  # slot name → language → terms
    blocked_by: list[str] = Field(default_factory=list)
    max_level: int | None = Field(default=None, ge=1, le=4)
    min_level: int | None = Field(default=None, ge=1, le=4)
    scope_chars: int = Field(default=200, ge=1)
    #: Whether the opening line of a law's list lends this frame's slots to its items (an
    #: instrument in the opening line applies to every item; an event of leaving does not).
    in_list_items: bool = True
    examples: dict[str, FrameExample] = Field(default_factory=dict)  # language → example


class Codebook(BaseModel):
    """A versioned, human-editable codebook (YAML). ``cues`` hold the depth and gap cue lexicons."""

    id: str
    version: str
    title: dict[str, str] = Field(default_factory=dict)
    languages: list[str] = Field(default_factory=lambda: ["ru", "kk", "en"])
    categories: list[Category]
    cues: dict[str, dict[str, list[str]]] = Field(default_factory=dict)  # cue kind → language → terms
    frames: list[Frame] = Field(default_factory=list)
    source_path: str | None = None
    sha256: str | None = None

    def category(self, cid: str) -> Category:
        for c in self.categories:
            if c.id == cid:
                return c
        raise KeyError(cid)

    @property
    def ids(self) -> list[str]:
        return [c.id for c in self.categories]


@dataclass(frozen=True)
class Code:
    """One category applied to one segment, with the rule that fired and the matched term."""

    category: str
    level: int
    gap: bool
    rule: str  # e.g. "term+instrument", "absence", "term"
    term: str  # the lexicon entry that matched
    start: int  # offsets of the matched words in Document.text
    end: int


@dataclass
class CodedSegment:
    """A sentence that received at least one code."""

    start: int
    end: int
    text: str
    language: str
    paragraph: int
    part: int
    codes: list[Code] = field(default_factory=list)


@dataclass
class CodedDocument:
    """All codes of one document and the per-category level and gap read from them."""

    document: Document
    segments: list[CodedSegment]
    levels: dict[str, int]  # every category id of the codebook → 0..4
    gaps: list[str]  # category ids with an acknowledged gap

    def evidence(self, category: str, n: int = 2) -> list[tuple[CodedSegment, Code]]:
        """The best quotes for a cell: highest level first, gaps next, then document order."""
        hits = [(s, c) for s in self.segments for c in s.codes if c.category == category]
        hits.sort(key=lambda sc: (-sc[1].level, not sc[1].gap, sc[0].start))
        return hits[:n]
