"""Render the report model to DOCX with python-docx: real headings, real tables, embedded PNG
charts, a table-of-contents field and core properties fixed from the inputs.

Word fills the table of contents when the document is opened (fields are updated on open);
headings use the built-in "Heading 1/2/3" styles so the navigation pane and the TOC both work.
"""

from __future__ import annotations

import io

from docx import Document as new_document
from docx.enum.section import WD_ORIENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from talentflow.report.model import (
    Block,
    BulletList,
    Figure,
    Paragraph,
    ReportModel,
    Section,
    SourceList,
    Table,
    shown,
)

FONT = "DejaVu Sans"
LEVEL_FILL = {"level-0": "F7F7F7", "level-1": "DEEBF7", "level-2": "9ECAE1", "level-3": "4292C6", "level-4": "08519C"}
NOTE_COLOUR = RGBColor(0x7F, 0x27, 0x04)
QUOTE_CHARS = 240


def _field(paragraph, instruction: str, placeholder: str) -> None:
    """A complex field (``TOC``…) with placeholder text, marked dirty so Word updates it on open."""
    run = paragraph.add_run()
    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    begin.set(qn("w:dirty"), "true")
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = instruction
    sep = OxmlElement("w:fldChar")
    sep.set(qn("w:fldCharType"), "separate")
    text = OxmlElement("w:t")
    text.text = placeholder
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    for el in (begin, instr, sep, text, end):
        run._r.append(el)


def _shade(cell, fill: str) -> None:
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill)
    cell._tc.get_or_add_tcPr().append(shd)


def _set_fonts(doc) -> None:
    for name in ("Normal", "Title", "Heading 1", "Heading 2", "Heading 3", "Caption"):
        style = doc.styles[name]
        style.font.name = FONT
        rpr = style.element.get_or_add_rPr()
        fonts = rpr.find(qn("w:rFonts"))
        if fonts is None:
            fonts = OxmlElement("w:rFonts")
            rpr.append(fonts)
        for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
            fonts.set(qn(attr), FONT)
    doc.styles["Normal"].font.size = Pt(10)


def _orient(doc, landscape: bool) -> None:
    """Start a new page section in the given orientation (A4)."""
    sec = doc.add_section()
    sec.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    sec.page_width, sec.page_height = (Cm(29.7), Cm(21.0)) if landscape else (Cm(21.0), Cm(29.7))


def _table(doc, t: Table) -> None:
    if t.wide:
        _orient(doc, landscape=True)
    if t.caption:
        doc.add_paragraph(t.caption, style="Caption")
    table = doc.add_table(rows=1, cols=len(t.columns))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, t.columns, strict=True):
        cell.text = ""
        cell.paragraphs[0].add_run(text).bold = True
    for row in t.rows:
        cells = table.add_row().cells
        for cell, c in zip(cells, row, strict=False):
            p = cell.paragraphs[0]
            p.add_run(c.text)
            if c.mark:
                p.add_run(c.mark).font.superscript = True
            for css in c.css.split():
                if css in LEVEL_FILL:
                    _shade(cell, LEVEL_FILL[css])
                    if css in ("level-3", "level-4"):
                        for r in p.runs:
                            r.font.color.rgb = RGBColor(0xFF, 0xFF, 0xFF)
    for run_text in ([" · ".join(t.legend)] if t.legend else []) + t.footnotes:
        p = doc.add_paragraph()
        p.add_run(run_text).font.size = Pt(8)
    if t.wide:
        _orient(doc, landscape=False)


def _block(doc, b: Block, labels: dict[str, str], titles: dict[str, str] | None = None) -> None:
    if isinstance(b, Paragraph):
        p = doc.add_paragraph()
        if b.kind in ("synthetic", "projection"):
            badge = p.add_run(labels.get(b.kind, b.kind).upper() + " ")
            badge.bold = True
        run = p.add_run(b.text)
        if b.kind == "note":
            run.font.color.rgb = NOTE_COLOUR
        if b.link and titles and b.link in titles:
            # the evidence of a summary sentence: the section it rests on, by its heading
            ref = p.add_run(f" (→ {labels.get('see', '')} «{titles[b.link]}»)")
            ref.font.size = Pt(8)
            ref.font.color.rgb = RGBColor(0x66, 0x66, 0x66)
    elif isinstance(b, BulletList):
        for item in b.items:
            doc.add_paragraph(item, style="List Bullet")
    elif isinstance(b, Table):
        _table(doc, b)
    elif isinstance(b, Figure):
        if b.png:
            doc.add_picture(io.BytesIO(b.png), width=Cm(16))
        doc.add_paragraph(b.title + (f" {b.caption}" if b.caption else ""), style="Caption")
    elif isinstance(b, SourceList):
        for s in b.items:
            p = doc.add_paragraph(style="List Number")
            p.add_run(s.label)
            if s.url:
                p.add_run(" — " + s.url).font.size = Pt(8)
            if s.quote:
                q = " ".join(s.quote.split())
                r = p.add_run(" «" + (q if len(q) <= QUOTE_CHARS else q[: QUOTE_CHARS - 1] + "…") + "»")
                r.italic = True
                r.font.size = Pt(8)


def _section(doc, s: Section, level: int, labels: dict[str, str], titles: dict[str, str] | None = None) -> None:
    doc.add_heading(s.title, level=min(level, 3))
    for b in s.blocks:
        if shown(b, printed=True):
            _block(doc, b, labels, titles)
    for sub in s.subsections:
        _section(doc, sub, level + 1, labels, titles)


def render_docx(model: ReportModel) -> bytes:
    doc = new_document()
    _set_fonts(doc)
    sec = doc.sections[0]
    sec.page_width, sec.page_height = Cm(21.0), Cm(29.7)
    for side in ("left_margin", "right_margin"):
        setattr(sec, side, Cm(2.0))
    m = model.meta
    props = doc.core_properties
    props.title = m.title
    props.subject = m.subtitle
    props.author = "talentflow"
    props.language = m.lang
    props.created = m.created.replace(tzinfo=None)
    props.modified = m.created.replace(tzinfo=None)
    props.revision = 1
    props.comments = f"talentflow {m.version}; " + "; ".join(f"{k} {v[:16]}" for k, v in sorted(m.hashes.items()))
    doc.add_heading(m.title, level=0)
    doc.add_paragraph(m.subtitle)
    doc.add_paragraph(model.labels.get("generated", "") + f" · talentflow {m.version}")
    contents = doc.add_paragraph().add_run(model.labels.get("contents", "Contents"))
    contents.bold, contents.font.size = True, Pt(14)
    _field(doc.add_paragraph(), 'TOC \\o "1-3" \\h \\z \\u', model.labels.get("contents", "Contents"))
    titles = {s.id: s.title for s in model.walk()}
    for s in model.sections:
        _section(doc, s, 1, model.labels, titles)
    update = OxmlElement("w:updateFields")
    update.set(qn("w:val"), "true")
    doc.settings.element.append(update)
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()
