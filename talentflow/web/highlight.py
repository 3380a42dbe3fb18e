"""A document's text with its coded segments highlighted, rendered on the server.

Segments may overlap (one sentence coded with two categories; a reviewer's passage across two
machine sentences), and HTML elements may not. The text is therefore cut at every segment
boundary into pieces; each piece covered by at least one segment becomes one ``<mark>`` that
names every segment over it (category, level, gap, machine or human) in its ``title``, and is
coloured by the first of them (a striped edge says "more than one"). Every segment gets an empty
anchor ``<span id>`` where it starts, so a matrix cell or a review form can link to it. Nothing
but the marks and anchors is added: the text content of the container is the document's text,
character for character, so offsets read in the browser are the document's offsets. Every piece
of text is escaped.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape

from talentflow.coding.model import Codebook, CodedDocument

#: category ids become CSS class names only through this (a codebook is data, not markup)
_SAFE_ID = re.compile(r"[^A-Za-z0-9_-]")
_HEX = re.compile(r"#([0-9A-Fa-f]{6}|[0-9A-Fa-f]{3})")


@dataclass(frozen=True)
class Span:
    """One coded segment of a document's text ``[start, end)``."""

    start: int
    end: int
    category: str
    level: int
    gap: bool
    human: bool = False
    user: str = ""


def css_class(category: str) -> str:
    return "cat-" + _SAFE_ID.sub("_", category)


def machine_spans(coded: CodedDocument | None) -> list[Span]:
    """One span per coded sentence and category: the highest level of its codes there, and any gap."""
    if coded is None:
        return []
    out = []
    for seg in coded.segments:
        by_cat: dict[str, list] = {}
        for code in seg.codes:
            by_cat.setdefault(code.category, []).append(code)
        for cat, codes in sorted(by_cat.items()):
            out.append(Span(seg.start, seg.end, cat, max(c.level for c in codes), any(c.gap for c in codes)))
    return out


def anchors(spans: Sequence[Span]) -> dict[int, str]:
    """The anchor id of each span (by index): ``seg-<category>-<n>`` for the machine's n-th segment
    of a category in text order, ``hseg-<category>-<n>`` for a reviewer's."""
    order = sorted(range(len(spans)), key=lambda i: (spans[i].start, spans[i].end, i))
    counts: dict[tuple[str, bool], int] = {}
    out = {}
    for i in order:
        s = spans[i]
        key = (s.category, s.human)
        counts[key] = counts.get(key, 0) + 1
        out[i] = f"{'hseg' if s.human else 'seg'}-{_SAFE_ID.sub('_', s.category)}-{counts[key]}"
    return out


def _describe(s: Span, names: dict[str, str], words: dict[str, str]) -> str:
    who = f"{words['human']} ({s.user})" if s.human else words["machine"]
    gap = f", {words['gap']}" if s.gap else ""
    return f"{names.get(s.category, s.category)}: {words['level']} {s.level}{gap} — {who}"


def highlight(text: str, spans: Sequence[Span], names: dict[str, str], words: dict[str, str]) -> Markup:
    """The text as HTML with every span marked (see the module's docstring). ``words`` holds the
    page language's "level", "gap", "machine" and "human"."""
    n = len(text)
    good = [s for s in spans if 0 <= s.start < s.end <= n]
    ids = anchors(good)
    starts: dict[int, list[int]] = {}
    ends: dict[int, list[int]] = {}
    for i, s in enumerate(good):
        starts.setdefault(s.start, []).append(i)
        ends.setdefault(s.end, []).append(i)
    cuts = sorted({0, n} | {s.start for s in good} | {s.end for s in good})
    parts: list[str] = []
    active: set[int] = set()  # the spans over the current piece (a sweep: linear in pieces + spans)
    for a, b in zip(cuts, cuts[1:], strict=False):
        active.difference_update(ends.get(a, ()))
        active.update(starts.get(a, ()))
        for i in sorted(starts.get(a, []), key=lambda i: ids[i]):
            parts.append(f'<span class="anchor" id="{ids[i]}"></span>')
        over = [good[i] for i in active]
        piece = str(escape(text[a:b]))
        if not over:
            parts.append(piece)
            continue
        # the reviewer's passages first (drawn over the machine's), then by category order of the list
        over.sort(key=lambda s: (not s.human, s.category))
        classes = ["seg", css_class(over[0].category)]
        if any(s.human for s in over):
            classes.append("human")
        if len({s.category for s in over}) > 1:
            classes.append("multi")
        title = "; ".join(_describe(s, names, words) for s in over)
        parts.append(f'<mark class="{" ".join(classes)}" title="{escape(title)}">{piece}</mark>')
    return Markup("".join(parts))


def _tint(colour: str, share: float = 0.25) -> str:
    """``colour`` mixed with white (``share`` of the colour): a background dark text stays readable on."""
    h = colour.lstrip("#")
    if len(h) == 3:
        h = "".join(c * 2 for c in h)
    rgb = [int(h[i:i + 2], 16) for i in (0, 2, 4)]
    return "#" + "".join(f"{round(255 - (255 - v) * share):02x}" for v in rgb)


def codebook_css(codebook: Codebook, extra: Iterable[str] = ()) -> str:
    """One rule per category: a light tint of the codebook's colour behind the text and the colour
    itself as the underline (the text stays dark, so contrast holds for any codebook colour)."""
    lines = ["/* colours of the codebook's categories (generated from the codebook) */"]
    for cat in codebook.categories:
        colour = cat.color if _HEX.fullmatch(cat.color or "") else "#7f7f7f"
        cls = css_class(cat.id)
        lines.append(f"mark.{cls} {{ background: {_tint(colour)}; border-bottom: 3px solid {colour}; }}")
        lines.append(f".swatch.{cls} {{ background: {_tint(colour)}; border-bottom: 3px solid {colour}; }}")
    lines.extend(extra)
    return "\n".join(lines) + "\n"


@dataclass
class TextView:
    """What a page shows of a document's text: the marked-up text, the legend, and per category
    the anchors of its machine and human segments (for the links of cells and review forms)."""

    html: Markup
    legend: list[dict[str, object]]
    machine: dict[str, list[str]]
    human: dict[str, list[str]]
    spans: list[dict[str, object]]


def text_view(text: str, coded: CodedDocument | None, codebook: Codebook, lang: str, words: dict[str, str],
              added: Iterable[Span] = ()) -> TextView:
    """The document's text with the machine's segments and the reviewers' ``added`` ones marked."""
    names = {c.id: (c.name.get(lang) or c.name.get("en") or c.id) for c in codebook.categories}
    spans = machine_spans(coded) + list(added)
    spans = [s for s in spans if 0 <= s.start < s.end <= len(text)]
    ids = anchors(spans)
    machine: dict[str, list[str]] = {}
    human: dict[str, list[str]] = {}
    for i in sorted(ids, key=lambda i: (spans[i].start, spans[i].end, i)):
        (human if spans[i].human else machine).setdefault(spans[i].category, []).append(ids[i])
    legend = [{"category": c.id, "name": names[c.id], "css": css_class(c.id),
               "machine": len(machine.get(c.id, [])), "human": len(human.get(c.id, []))}
              for c in codebook.categories if c.id in machine or c.id in human]
    rows = [{"start": s.start, "end": s.end, "category": s.category, "level": s.level, "gap": s.gap,
             "coder": s.user if s.human else "machine", "anchor": ids[i]} for i, s in enumerate(spans)]
    return TextView(highlight(text, spans, names, words), legend, machine, human, rows)
