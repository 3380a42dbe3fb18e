"""Plain text and Markdown: HTML comments as metadata, Markdown syntax removed, passages as parts.

The shared corpus (and ``talentflow fetch``) keeps provenance in comments: ``<!-- source: URL -->``
before each passage, ``<!-- title: … -->`` and ``<!-- document: ID; language: ru; recovered:
partial -->`` at the top. Comments are metadata, so they never reach ``Document.text``; each
``source`` comment opens a new part so that every quote can cite the page it came from.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_COMMENT = re.compile(r"<!--(.*?)-->", re.S)
_HEADING = re.compile(r"^(\s{0,3})#{1,6}(?:\s+|$)")
_HEADING_TAIL = re.compile(r"\s+#+\s*$")
_QUOTE = re.compile(r"^(\s*)(?:>\s?)+")
_BULLET = re.compile(r"^(\s*)[-*+]\s+")
_RULE = re.compile(r"^\s*([-*_])(?:\s*\1){2,}\s*$")
_TABLE_SEPARATOR = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?\s*$")
_FENCE = re.compile(r"^\s*(```|~~~)")
_IMAGE = re.compile(r"!\[([^\]]*)\]\([^)]*\)")
_LINK = re.compile(r"\[([^\]]+)\]\((?:[^()]|\([^)]*\))*\)")
_AUTOLINK = re.compile(r"<(https?://[^>\s]+)>")
_STRONG = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1")
_EMPHASIS = re.compile(r"(?<![\w*])\*(?=[^\s*])(.+?)(?<=[^\s*])\*(?![\w*])|(?<![\w_])_(?=[^\s_])(.+?)(?<=[^\s_])_(?![\w_])")
_CODE = re.compile(r"`([^`]+)`")
_TAG = re.compile(r"</?[A-Za-z][\w-]*(?:\s[^<>]*)?/?>")
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|<>])")
_LEADING_MARKER = re.compile(r"^(\s*)([#>+\-])(\s)")
_PROTECT = 0xE000
_PROTECTED = re.compile("[\ue000-\ue07f]")
#: A character without which none of the rules of ``strip_markdown_line`` applies (a bullet's
#: leading "-" or "+" is tested apart: a hyphen inside a line is common and harmless).
_SYNTAX_CHAR = re.compile("[\\\\#>|\\[<*_`\ue000-\ue07f]")


@dataclass
class MarkedPart:
    """A passage opened by a ``source`` comment (or the text before the first one)."""

    start: int
    end: int = 0
    source_url: str | None = None


@dataclass
class MarkedText:
    text: str
    parts: list[MarkedPart]
    fields: dict[str, str] = field(default_factory=dict)  # title, document, language, recovered, note …
    first_heading: str | None = None


def parse_comment(body: str) -> dict[str, str]:
    """``"document: p2022_961; language: ru"`` → ``{"document": …, "language": …}``.

    A source URL may itself contain ``;`` or ``:``, so ``source`` takes the rest of its comment
    (up to the first space, the remainder is a note such as "(CC0 mirror …)").
    """
    body = body.strip()
    m = re.match(r"source\s*:\s*(\S+)", body, re.I)
    if m:
        return {"source": m.group(1)}
    fields: dict[str, str] = {}
    if re.match(r"(title|note)\s*:", body, re.I):
        key, _, value = body.partition(":")
        return {key.strip().lower(): value.strip()}
    for piece in body.split(";"):
        key, sep, value = piece.partition(":")
        if sep and re.fullmatch(r"[A-Za-z_][\w-]*", key.strip()):
            fields[key.strip().lower()] = value.strip()
    return fields


def strip_markdown_line(line: str) -> str:
    """The words of one Markdown line without its syntax (heading marks, emphasis, link targets).

    Backslash escapes are set aside first (as private-use characters) so an escaped ``*`` or
    ``[`` is never read as syntax, then given back as the plain character.
    """
    if _SYNTAX_CHAR.search(line) is None and line.lstrip()[:1] not in ("-", "+"):
        return line  # no character any rule below needs: the line is plain text already
    line = _ESCAPE.sub(lambda m: chr(_PROTECT + ord(m.group(1))), line)
    line = _HEADING.sub(r"\1", line)
    line = _HEADING_TAIL.sub("", line) if line.rstrip().endswith("#") else line
    line = _QUOTE.sub(r"\1", line)
    line = _BULLET.sub(r"\1", line)
    stripped = line.strip()
    if stripped.startswith("|") or (stripped.endswith("|") and not stripped.endswith("\\|")):
        line = re.sub(r"^(\s*)\|\s?", r"\1", line)
        line = re.sub(r"\s?\|\s*$", "", line)
    line = _IMAGE.sub(r"\1", line)
    line = _LINK.sub(r"\1", line)
    line = _AUTOLINK.sub(r"\1", line)
    line = _STRONG.sub(r"\2", line)
    line = _EMPHASIS.sub(lambda m: m.group(1) or m.group(2), line)
    line = _CODE.sub(r"\1", line)
    line = _TAG.sub("", line)
    return _PROTECTED.sub(lambda m: chr(ord(m.group()) - _PROTECT), line)


def escape_markdown_line(line: str) -> str:
    """Protect a plain-text line so that :func:`strip_markdown_line` gives it back unchanged."""
    line = re.sub(r"([\\`*_\[\]|<])", r"\\\1", line)
    return _LEADING_MARKER.sub(lambda m: f"{m.group(1)}\\{m.group(2)}{m.group(3)}", line)


def _plain_text(raw: str) -> MarkedText:
    """A ``.txt`` file without comments: the text without its leading blank lines and trailing
    space, one part (what the general path below gives, without a call per line)."""
    # the blank lines ahead are passed over one by one; the rest is one slice (no copy of the
    # text per line, as splitting and joining it would make)
    start, n = 0, len(raw)
    while start < n:
        nl = raw.find("\n", start)
        stop = n if nl < 0 else nl
        if stop > start and not raw[start:stop].isspace():
            break  # a line with content (``str.strip`` would leave something)
        start = n if nl < 0 else nl + 1
    text = raw[start:].rstrip()
    return MarkedText(text, [MarkedPart(0, len(text))], {}, None)


def parse_marked_text(raw: str, markdown: bool) -> MarkedText:
    """Text, parts and comment fields of a ``.md`` (``markdown=True``) or ``.txt`` file.

    ``raw`` must already have ``\\n`` line endings. Lines that held only comments disappear;
    blank lines at the start of the text are dropped; everything else keeps its place.
    """
    if not markdown and "<!--" not in raw:
        return _plain_text(raw)
    out: list[str] = []
    length = 0
    parts = [MarkedPart(0)]
    fields: dict[str, str] = {}
    first_heading: str | None = None
    in_fence = False
    # Split on comments first so a comment spanning lines is removed whole.
    pieces = _COMMENT.split(raw)
    buffer = ""
    events: list[tuple[str, str]] = []  # ("text", chunk) | ("comment", body)
    for i, piece in enumerate(pieces):
        if i % 2:
            events.append(("text", buffer))
            buffer = ""
            events.append(("comment", piece))
        else:
            buffer += piece
    events.append(("text", buffer))

    pending_line = ""  # text of the current line collected across comments
    line_had_comment = False

    def emit_line(line: str, had_comment: bool) -> None:
        nonlocal length, in_fence, first_heading
        if had_comment and not line.strip():
            return
        if markdown:
            if _FENCE.match(line):
                in_fence = not in_fence
                return
            if not in_fence:
                if _RULE.match(line) or _TABLE_SEPARATOR.match(line):
                    line = ""
                else:
                    if first_heading is None and _HEADING.match(line):
                        first_heading = strip_markdown_line(line).strip() or None
                    line = strip_markdown_line(line)
        if not line.strip() and length == 0:
            return  # no blank lines before the first words
        out.append(line + "\n")
        length += len(line) + 1

    for kind, chunk in events:
        if kind == "comment":
            line_had_comment = True
            found = parse_comment(chunk)
            if "source" in found:
                current = parts[-1]
                has_words = "".join(out)[current.start :].strip() or pending_line.strip()
                if has_words:
                    if pending_line.strip():
                        emit_line(pending_line, False)
                        pending_line = ""
                    parts.append(MarkedPart(length, source_url=found["source"]))
                else:
                    current.source_url = found["source"]
                    current.start = length
            else:
                for key, value in found.items():
                    fields.setdefault(key, value)
            continue
        lines = chunk.split("\n")
        for j, line in enumerate(lines):
            if j < len(lines) - 1:
                emit_line(pending_line + line, line_had_comment)
                pending_line = ""
                line_had_comment = False
            else:
                pending_line += line
    if pending_line:
        emit_line(pending_line, line_had_comment)
    text = "".join(out).rstrip()
    parts = [p for p in parts if p.start < len(text) or len(parts) == 1]
    for k, part in enumerate(parts):
        nxt = parts[k + 1].start if k + 1 < len(parts) else len(text)
        end = nxt
        while end > part.start and text[end - 1].isspace():
            end -= 1
        part.end = end
        part.start = min(part.start, end)
    return MarkedText(text, parts, fields, first_heading)
