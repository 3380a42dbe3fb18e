"""The report as one object: sections of already-worded, already-localised blocks.

The builder turns analysis results into this model once; the HTML, PDF and DOCX renderers only
lay it out. So every sentence and every number is produced in one place and reads the same in
all three formats, and a test can inspect the model without parsing any output format.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


@dataclass
class Source:
    """Where a figure or quote comes from; rendered as an expandable detail in HTML."""

    label: str
    url: str | None = None
    quote: str = ""


@dataclass
class Paragraph:
    text: str
    link: str | None = None  # anchor of the section the sentence summarises (key findings)
    kind: str = "text"  # "text" | "note" (something missing) | "synthetic" | "projection"
    media: str = ""  # "" everywhere | "screen" HTML only | "print" PDF and DOCX only


@dataclass
class BulletList:
    items: list[str]


@dataclass
class TableCell:
    text: str
    mark: str = ""  # footnote mark shown next to the text, e.g. "¹"
    css: str = ""  # e.g. "level-3", "gap", "num"
    details: list[Source] = field(default_factory=list)  # quotes behind the value


@dataclass
class Table:
    columns: list[str]
    rows: list[list[TableCell]]
    caption: str = ""
    wide: bool = False  # print on a landscape page
    footnotes: list[str] = field(default_factory=list)
    legend: list[str] = field(default_factory=list)  # abbreviations used in the columns
    #: "" everywhere | "screen": HTML only (a long table the printed formats summarise) | "print"
    media: str = ""


@dataclass
class Figure:
    """A chart; ``png`` is required by DOCX, ``svg`` is preferred inline in HTML."""

    title: str
    png: bytes | None = None
    svg: str | None = None
    caption: str = ""
    label: str = ""  # "synthetic" | "projection" | ""


@dataclass
class SourceList:
    title: str
    items: list[Source]

    def distinct(self) -> list[Source]:
        """One entry per source (name and address): the print variant lists where figures come
        from; the quote behind each figure is in the HTML report's expandable details."""
        seen: dict[tuple[str, str | None], Source] = {}
        for s in self.items:
            seen.setdefault((s.label, s.url), s)
        return list(seen.values())


Block = Paragraph | BulletList | Table | Figure | SourceList


def shown(block: Block, printed: bool) -> bool:
    """Whether ``block`` belongs in a printed (PDF, DOCX) or an on-screen (HTML) rendering."""
    media = getattr(block, "media", "")
    return not media or media == ("print" if printed else "screen")


@dataclass
class Section:
    id: str  # anchor
    title: str
    blocks: list[Block] = field(default_factory=list)
    subsections: list[Section] = field(default_factory=list)


@dataclass
class ReportMeta:
    title: str
    subtitle: str
    country: str  # ISO3
    country_name: str
    lang: str
    version: str
    generated: dt.datetime
    generated_text: str  # localised; the one text expected to differ between two builds
    created: dt.datetime  # fixed from the inputs (DOCX core properties)
    hashes: dict[str, str] = field(default_factory=dict)
    synthetic: bool = False


@dataclass
class ReportModel:
    meta: ReportMeta
    sections: list[Section]
    labels: dict[str, str] = field(default_factory=dict)  # renderer chrome: "Contents", "Page" …
    #: tables written as workbooks beside the report (name → table), e.g. every discrepancy
    workbooks: dict[str, Table] = field(default_factory=dict)

    def section(self, sid: str) -> Section:
        for s in self.walk():
            if s.id == sid:
                return s
        raise KeyError(sid)

    def walk(self) -> list[Section]:
        out: list[Section] = []

        def visit(s: Section) -> None:
            out.append(s)
            for sub in s.subsections:
                visit(sub)

        for s in self.sections:
            visit(s)
        return out

    def text(self) -> str:
        """All words of the report, for tests and search: headings, paragraphs, cells, notes."""
        parts: list[str] = [self.meta.title, self.meta.subtitle]
        for s in self.walk():
            parts.append(s.title)
            for b in s.blocks:
                parts.extend(_block_text(b))
        return "\n".join(parts)


def _block_text(b: Block) -> list[str]:
    if isinstance(b, Paragraph):
        return [b.text]
    if isinstance(b, BulletList):
        return list(b.items)
    if isinstance(b, Table):
        out = [b.caption, *b.columns, *b.footnotes, *b.legend]
        for row in b.rows:
            for c in row:
                out.append(c.text)
                out.extend(d.quote for d in c.details)
        return out
    if isinstance(b, Figure):
        return [b.title, b.caption]
    if isinstance(b, SourceList):
        return [b.title, *(f"{i.label} {i.url or ''} {i.quote}" for i in b.items)]
    return []


@dataclass
class ReportResult:
    """What ``build_report`` wrote, plus the model it wrote it from."""

    model: ReportModel
    files: dict[str, Path]  # format → path
    errors: list[str] = field(default_factory=list)  # inputs that could not be read, by name
    timings: dict[str, float] = field(default_factory=dict)  # stage → seconds
    inputs: Any = None  # the ReportInputs it was composed from, for callers that want the raw results
