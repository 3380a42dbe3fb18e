"""Seeded synthetic coded documents for demos and tests (labelled synthetic in every title).

They exercise the analysis and exchange stages without the coder or real texts: dossiers with
one source per part, partial texts, undated documents, gaps, several codes per sentence.
"""

from __future__ import annotations

import datetime as dt
import random

from talentflow.coding.model import Category, Code, Codebook, CodedDocument, CodedSegment
from talentflow.ingest.model import Document, DocumentMeta, Part, Segment

SYNTHETIC_CATEGORIES = ("brain_drain", "retention", "return", "talent_attraction", "education_migration")


def synthetic_codebook(categories: tuple[str, ...] = SYNTHETIC_CATEGORIES) -> Codebook:
    return Codebook(
        id="synthetic",
        version="0.0",
        title={"en": "Synthetic codebook"},
        categories=[
            Category(
                id=c,
                name={"en": c.replace("_", " ").title(), "ru": f"{c} (ru)"},
                definition={"en": f"Synthetic definition of {c}."},
                lexicon={"en": [c.replace("_", " ")]},
            )
            for c in categories
        ],
    )


def make_document(
    doc_id: str,
    sentences: list[str],
    date: dt.date | None = None,
    completeness: str = "full",
    part_urls: list[str] | None = None,
    language: str = "en",
) -> Document:
    """A document whose sentences are joined by single spaces; ``part_urls`` splits it in parts."""
    text, spans = "", []
    for s in sentences:
        if text:
            text += " "
        spans.append((len(text), len(text) + len(s)))
        text += s
    urls = part_urls or [f"https://example.org/synthetic/{doc_id}"]
    per_part = max(1, -(-len(sentences) // len(urls)))
    parts, segs = [], []
    for p, url in enumerate(urls):
        chunk = spans[p * per_part : (p + 1) * per_part]
        if not chunk:
            continue
        parts.append(Part(start=chunk[0][0], end=chunk[-1][1], path=f"{doc_id}/{p}.txt", source_url=url))
    for i, (start, end) in enumerate(spans):
        segs.append(Segment(start, end, language, kind="sentence", paragraph=i, part=min(i // per_part, len(parts) - 1)))
    meta = DocumentMeta(
        id=doc_id, title=f"Synthetic document {doc_id}", date=date, language=language,
        completeness=completeness, source_url=urls[0], act_type="synthetic",
    )  # fmt: skip
    return Document(meta=meta, text=text, paragraphs=list(segs), sentences=segs, parts=parts)


def code_document(
    document: Document,
    codes: dict[int, list[tuple[str, int, bool]]],
    categories: list[str],
    rule: str = "term",
) -> CodedDocument:
    """Attach ``(category, level, gap)`` codes to sentence indices; levels are the per-category max."""
    segments = []
    for index in sorted(codes):
        s = document.sentences[index]
        text = document.span(s)
        term = text.split()[0].strip(".,") if text.split() else ""
        segments.append(
            CodedSegment(
                start=s.start, end=s.end, text=text, language=s.language, paragraph=s.paragraph, part=s.part,
                codes=[Code(c, lvl, gap, rule, term, s.start, s.start + len(term)) for c, lvl, gap in codes[index]],
            )
        )  # fmt: skip
    levels = {c: 0 for c in categories}
    gaps: list[str] = []
    for seg in segments:
        for code in seg.codes:
            levels[code.category] = max(levels[code.category], code.level)
            if code.gap and code.category not in gaps:
                gaps.append(code.category)
    return CodedDocument(document=document, segments=segments, levels=levels, gaps=gaps)


def synthetic_corpus(seed: int = 0, n_docs: int = 6, n_sentences: int = 12) -> tuple[list[CodedDocument], Codebook]:
    """``n_docs`` random coded documents (one undated, one partial, one dossier of two parts)."""
    rng = random.Random(seed)
    codebook = synthetic_codebook()
    cats = codebook.ids
    coded = []
    for d in range(n_docs):
        sentences = [f"Synthetic sentence {i} of document {d} ({rng.choice(cats)})." for i in range(n_sentences)]
        date = None if d == n_docs - 1 else dt.date(2007 + 3 * ((d * 7) % n_docs), 1 + d % 12, 1)
        doc = make_document(
            f"syn{d:02d}",
            sentences,
            date=date,
            completeness="partial" if d == 1 else ("secondary" if d == 2 else "full"),
            part_urls=[f"https://example.org/synthetic/syn{d:02d}/a", f"https://example.org/synthetic/syn{d:02d}/b"]
            if d == 0
            else None,
        )
        codes: dict[int, list[tuple[str, int, bool]]] = {}
        for i in range(n_sentences):
            if rng.random() < 0.5:
                cat = rng.choice(cats)
                gap = rng.random() < 0.1
                codes.setdefault(i, []).append((cat, 1 if gap else rng.randint(1, 4), gap))
        coded.append(code_document(doc, codes, cats))
    return coded, codebook
