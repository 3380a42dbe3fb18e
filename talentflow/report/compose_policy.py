"""The policy-documents section: the matrix with levels and quotes, gaps, change over time,
and the comparison with the reference coding.

Every number in these sentences is read from the ``Matrix`` (or the agreement and claims
results), so the text cannot drift from the table next to it.
"""

from __future__ import annotations

import re
from collections import Counter

from talentflow.analysis.model import Matrix
from talentflow.coding.model import LEVELS, Codebook
from talentflow.exchange.reference import citation_in
from talentflow.ingest.model import COMPARABLE_GROUPS, DOC_TYPE_LABELS, DocumentMeta
from talentflow.pipeline import DocumentLabel
from talentflow.report.charts import evolution_chart
from talentflow.report.i18n import Lang
from talentflow.report.inputs import PolicyInputs
from talentflow.report.model import (
    BulletList,
    Figure,
    Paragraph,
    Section,
    Source,
    Table,
    TableCell,
)
from talentflow.report.names import doc_name, doc_note, short_title

SUPERSCRIPTS = "¹²³⁴⁵⁶⁷⁸⁹"
QUOTE_CHARS = 320  # printed quotes are cut here; the full sentence stays in the HTML details
WIDE_MATRIX = 6  # more categories than this: abbreviate the columns and print landscape


def category_name(codebook: Codebook, cid: str, L: Lang) -> str:
    try:
        names = codebook.category(cid).name
    except KeyError:
        return cid
    return names.get(L.code) or names.get("en") or cid


Labels = dict[str, DocumentLabel]


def doc_title(meta: DocumentMeta, L: Lang | None = None, labels: Labels | None = None) -> str:
    """A document as the reader knows it: short title and year, never its file id (without a
    language: its full title)."""
    if L is None:
        return meta.title or meta.id
    return doc_name(meta, labels or {}, L)


def doc_label(meta: DocumentMeta, L: Lang, labels: Labels | None = None) -> str:
    """Row label of the matrix: the short title and year."""
    return doc_title(meta, L, labels)


def footmark(i: int) -> str:
    return SUPERSCRIPTS[i] if i < len(SUPERSCRIPTS) else f"[{i + 1}]"


def incomplete_notes(matrix: Matrix, L: Lang, labels: Labels | None = None) -> dict[str, tuple[str, str]]:
    """Document id → (mark, footnote) for documents whose text is partial or secondary: what of
    the document is included, what is missing and where the full text is, in the report's language."""
    notes: dict[str, tuple[str, str]] = {}
    for meta in matrix.documents:
        if meta.completeness == "full":
            continue
        mark = footmark(len(notes))
        notes[meta.id] = (mark, f"{mark} {doc_title(meta, L, labels)}. {doc_note(meta, labels or {}, L)}")
    return notes


def marks_note(notes: dict[str, tuple[str, str]], L: Lang) -> list[str]:
    """The one line that tables after the matrix carry instead of repeating the notes in full."""
    return [L.t("Marks ¹ ² ³…: the document's text is incomplete; what the corpus holds is noted under the "
                "matrix.")] if notes else []


def cut(text: str, n: int = QUOTE_CHARS) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1].rstrip() + "…"


def matrix_table(inp: PolicyInputs, L: Lang) -> Table:
    m, cb = inp.matrix, inp.codebook
    notes = incomplete_notes(m, L, inp.labels)
    wide = len(m.categories) > WIDE_MATRIX
    legend: list[str] = []
    if wide:
        cols = [f"C{i + 1}" for i in range(len(m.categories))]
        legend = [f"C{i + 1} — {category_name(cb, c, L)}" for i, c in enumerate(m.categories)]
    else:
        cols = [category_name(cb, c, L) for c in m.categories]
    rows: list[list[TableCell]] = []
    for meta in m.documents:
        mark = notes.get(meta.id, ("", ""))[0]
        row = [TableCell(doc_label(meta, L, inp.labels), mark=mark)]
        for c in m.categories:
            cell = m.cell(meta.id, c)
            text = str(cell.level) + (" · " + L.t("gap") if cell.gap else "")
            details = [Source(label=L.t("level {level}", level=q.level), url=q.source_url, quote=q.text)
                       for q in cell.quotes]
            # a 0 on a partial text may only mean the passage is missing: every cell is marked
            row.append(TableCell(text, mark=mark,
                                 css=f"level-{cell.level}" + (" gap" if cell.gap else ""), details=details))
        row.append(TableCell(L.pct(m.coverage.get(meta.id, 0.0)), css="num"))
        rows.append(row)
    levels = "; ".join(f"{k} — {v.get(L.code, v['en'])}" for k, v in LEVELS.items())
    legend.append(L.t("Levels: {levels}.", levels=levels))
    legend.append(L.t("“gap”: the document itself states that a mechanism is missing (counts as level 1)."))
    return Table(
        columns=[L.t("Document"), *cols, L.t("Coverage")],
        rows=rows,
        caption=L.t("Depth of coverage by document and category (0–4)"),
        wide=wide,
        footnotes=[n for _, n in notes.values()],
        legend=legend,
    )


def evidence_table(inp: PolicyInputs, L: Lang) -> Table:
    """The best quote behind every non-zero cell, so printed formats carry the evidence too."""
    m = inp.matrix
    notes = incomplete_notes(m, L, inp.labels)
    rows: list[list[TableCell]] = []
    for meta in m.documents:
        for c in m.categories:
            cell = m.cell(meta.id, c)
            if not cell.quotes:
                continue
            q = cell.quotes[0]
            rows.append([
                TableCell(doc_title(meta, L, inp.labels), mark=notes.get(meta.id, ("", ""))[0]),
                TableCell(category_name(inp.codebook, c, L)),
                TableCell(str(cell.level) + (" · " + L.t("gap") if cell.gap else ""), css=f"level-{cell.level}"),
                TableCell("«" + cut(q.text) + "»", details=[Source(L.t("source"), q.source_url, q.text)]),
            ])
    return Table(
        columns=[L.t("Document"), L.t("Category"), L.t("Level"), L.t("Quote")],
        rows=rows,
        caption=L.t("Evidence: the highest-level quote behind each cell"),
        footnotes=marks_note(notes, L),
    )


def gap_findings(inp: PolicyInputs, L: Lang) -> tuple[list[str], list[str]]:
    """Categories never above level 1, and the absences documents state themselves."""
    m = inp.matrix
    never = [c for c in m.categories if max((m.cell(d.id, c).level for d in m.documents), default=0) <= 1]
    stated = [
        L.t("{document}: {category}", document=doc_title(d, L, inp.labels), category=category_name(inp.codebook, c, L))
        for d in m.documents for c in m.categories if m.cell(d.id, c).gap
    ]
    return [category_name(inp.codebook, c, L) for c in never], stated


def coverage_rows(m: Matrix, full_only: bool = False) -> list[tuple[DocumentMeta, float]]:
    """Dated documents and their coverage; ``full_only`` keeps those whose whole text was read,
    since an opening or a press description cannot be compared with a full text."""
    return [(d, m.coverage.get(d.id, 0.0)) for d in m.documents
            if d.date is not None and (not full_only or d.completeness == "full")]


def comparable_rows(rows: list[tuple[DocumentMeta, float]]) -> tuple[str | None, list[tuple[DocumentMeta, float]]]:
    """The dated documents of the largest group of comparable types (laws with by-laws,
    addresses with speeches …), in date order, and the group's key; a law and a speech are not
    compared. Documents without a type form no group."""
    groups: dict[str, list[tuple[DocumentMeta, float]]] = {}
    for d, c in rows:
        key = COMPARABLE_GROUPS.get(d.doc_type or "")
        if key:
            groups.setdefault(key, []).append((d, c))
    if not groups:
        return None, []
    key = max(groups, key=lambda k: (len(groups[k]), k))
    return key, groups[key]


def evolution_text(m: Matrix, L: Lang, labels: Labels | None = None) -> str:
    full = coverage_rows(m, full_only=True)
    left_out = len(coverage_rows(m)) - len(full)
    group, rows = comparable_rows(full)
    text = _trend(rows, L, labels)
    if group is not None and len(rows) >= 2:
        label = DOC_TYPE_LABELS.get(group, {}).get(L.code) or DOC_TYPE_LABELS.get(group, {}).get("en", group)
        text = L.t("Compared within one type of document ({kind}):", kind=label) + " " + text
    if left_out:
        text += " " + L.t("Documents whose text is incomplete are left out of this comparison: {n}.",
                          n=L.num(left_out))
    return text


def _trend(rows: list[tuple[DocumentMeta, float]], L: Lang, labels: Labels | None = None) -> str:
    if len(rows) < 2:
        return L.t("Fewer than two dated documents: change over time cannot be shown.")
    (d0, c0), (d1, c1) = rows[0], rows[-1]
    kw = dict(first=L.inner(short_title(d0.id, d0.title, labels or {}, L)), y0=d0.date.year, c0=L.pct(c0), last=L.inner(short_title(d1.id, d1.title, labels or {}, L)), y1=d1.date.year,
              c1=L.pct(c1))
    if c1 > c0:
        return L.t("Coverage rose from {c0} in {first} ({y0}) to {c1} in {last} ({y1}).", **kw)
    if c1 < c0:
        return L.t("Coverage fell from {c0} in {first} ({y0}) to {c1} in {last} ({y1}).", **kw)
    return L.t("Coverage was {c0} both in {first} ({y0}) and in {last} ({y1}).", **kw)


def coverage_table(m: Matrix, L: Lang, labels: Labels | None = None) -> Table:
    notes = incomplete_notes(m, L, labels)
    rows = [[TableCell(L.date(d.date)), TableCell(doc_title(d, L, labels), mark=notes.get(d.id, ("", ""))[0]),
             TableCell(L.pct(c), css="num")] for d, c in coverage_rows(m)]
    return Table([L.t("Date"), L.t("Document"), L.t("Coverage")], rows,
                 caption=L.t("Coverage by date of adoption"))


STATUSES = ("satisfied", "not_testable", "contradicted")
_ATOM = re.compile(r"^\s*(gap:)?\s*([a-z_]+)\s*(>=|<=|>|<|=)?\s*(\d)?\s*$")


def claim_text(claim: str, codebook: Codebook, L: Lang) -> str:
    """A claim of the reference coding in words: ``brain_drain>=1`` → "Brain drain: level 1 or higher"."""
    out = []
    for alt in re.split(r"\s+or\s+", claim.strip()):
        m = _ATOM.match(alt)
        if not m:
            out.append(alt)
            continue
        gap, cat, op, level = m.groups()
        name = category_name(codebook, cat, L)
        if gap:
            out.append(L.t("{category}: absence stated by the document", category=name))
        elif op in (">=", ">") and level is not None:
            n = int(level) + (op == ">")
            out.append(L.t("{category}: level {level} or higher", category=name, level=n))
        elif op in ("<=", "<") and level is not None:
            n = int(level) - (op == "<")
            out.append(L.t("{category}: level {level} or lower", category=name, level=n))
        elif op == "=" and level is not None:
            out.append(L.t("{category}: level {level}", category=name, level=level))
        else:
            out.append(name)
    return (" " + L.t("or") + " ").join(out)


def reference_title(doc: str, inp: PolicyInputs, L: Lang) -> str:
    meta = next((d for d in inp.matrix.documents if d.id == doc), None)
    if meta is not None:
        return doc_title(meta, L, inp.labels)
    return short_title(doc, None, inp.labels, L) if doc in inp.labels else L.t("a document not in the corpus")


def reference_blocks(inp: PolicyInputs, L: Lang) -> list:
    ref = inp.reference
    if ref is None:
        return [Paragraph(L.t("No reference coding was available to compare with."), kind="note")]
    blocks: list = []
    a = ref.agreement
    if a.citation:
        blocks.append(Paragraph(L.t("Reference coding: {citation}", citation=citation_in(a.citation, L.code))))
    counts = Counter(c.status for c in ref.claims)
    blocks.append(Paragraph(L.t(
        "Claims of the reference coding: {total} in all — satisfied {satisfied}, not testable "
        "{not_testable}, contradicted {contradicted}.",
        total=L.num(len(ref.claims)), satisfied=L.num(counts.get("satisfied", 0)),
        not_testable=L.num(counts.get("not_testable", 0)), contradicted=L.num(counts.get("contradicted", 0)),
    )))
    label = {"satisfied": L.t("satisfied"), "not_testable": L.t("not testable"),
             "contradicted": L.t("contradicted")}
    notes = incomplete_notes(inp.matrix, L, inp.labels)
    rows = []
    for c in ref.claims:
        mark = notes.get(c.doc_id, ("", ""))[0] if c.status != "not_testable" else ""
        rows.append([TableCell(reference_title(c.doc_id, inp, L)), TableCell(claim_text(c.claim, inp.codebook, L)),
                     TableCell(label.get(c.status, c.status), mark=mark, css=c.status)])
    if rows:
        used = {c.doc_id for c in ref.claims}
        blocks.append(Table([L.t("Document"), L.t("Claim"), L.t("Result")], rows,
                            caption=L.t("Claims of the reference coding tested against ours"),
                            footnotes=marks_note({d: n for d, n in notes.items() if d in used}, L)))
    parts = []
    if a.percent_agreement is not None:
        parts.append(L.t("exact agreement {value}", value=L.pct(a.percent_agreement)))
    if a.kappa is not None:
        parts.append(L.t("Cohen's κ {value}", value=L.num(a.kappa, digits=2)))
    if a.alpha is not None:
        parts.append(L.t("Krippendorff's α {value}", value=L.num(a.alpha, digits=2)))
    if parts:
        text = L.t("Agreement with the reference coding: {figures}.", figures="; ".join(parts))
        text += " " + L.t("Cells compared: {n}.", n=L.num(a.n))
        blocks.append(Paragraph(text))
    return blocks


def evolution_figure(inp: PolicyInputs, L: Lang) -> Figure:
    names = {d.id: short_title(d.id, d.title, inp.labels, L) for d in inp.matrix.documents}
    png, svg = evolution_chart(inp.matrix, inp.codebook, names, L.code)
    return Figure(L.t("Evolution of coverage depth"), png=png, svg=svg,
                  caption=L.t("Depth level (0–4) by category and document, in date order."))


def policy_section(inp: PolicyInputs | None, L: Lang, missing: str = "") -> Section:
    sec = Section("policy", L.t("Policy documents"))
    if inp is None:
        sec.blocks.append(Paragraph(L.t("The policy documents could not be analysed: {reason}",
                                        reason=missing or L.t("no corpus")), kind="note"))
        return sec
    m = inp.matrix
    sec.blocks.append(Paragraph(L.t(
        "Documents analysed: {docs}; categories of the codebook: {cats}.",
        docs=L.num(len(m.documents)), cats=L.num(len(m.categories)))))
    matrix = Section("policy-matrix", L.t("Document × category matrix"), [matrix_table(inp, L)])
    if m.documents:
        matrix.blocks.append(evolution_figure(inp, L))
    matrix.blocks.append(evidence_table(inp, L))
    never, stated = gap_findings(inp, L)
    gaps = Section("policy-gaps", L.t("Gaps"))
    gaps.blocks.append(Paragraph(L.t("Categories never above level 1: {n} of {total}.",
                                     n=L.num(len(never)), total=L.num(len(m.categories)))))
    if never:
        gaps.blocks.append(BulletList(never))
    gaps.blocks.append(Paragraph(L.t("Absences stated by the documents themselves: {n}.", n=L.num(len(stated)))))
    if stated:
        gaps.blocks.append(BulletList(stated))
    time = Section("policy-time", L.t("Change over time"), [Paragraph(evolution_text(m, L, inp.labels))])
    if coverage_rows(m):
        time.blocks.append(coverage_table(m, L, inp.labels))
    ref = Section("policy-reference", L.t("Comparison with the reference coding"), reference_blocks(inp, L))
    sec.subsections = [matrix, gaps, time, ref]
    return sec
