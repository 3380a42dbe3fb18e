"""Loading a codebook from YAML, with errors that point at the file, line and field.

The shipped codebook is ``talentflow/data/codebook.yaml``; users pass their own with
``--codebook``. A codebook is data edited by hand, so a mistake must be reported where it was
made: pydantic error locations (``categories → 3 → lexicon``) are mapped back to YAML node
lines with ``yaml.compose``.
"""

from __future__ import annotations

import hashlib
from importlib import resources
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from talentflow.coding.model import Codebook

#: Cue kinds the level rules read; others in a codebook are kept but unused.
CUE_KINDS = (
    "intention", "instrument", "target", "responsible_body", "proposal", "duration", "history", "statistic", "denial",
    "absence", "not_absence", "reference", "mention_only", "needs_context", "context", "negation", "hypothetical",
)


class CodebookError(ValueError):
    """A codebook that cannot be used; the message names the file, line and field."""


def shipped_codebook_path() -> Path:
    return Path(str(resources.files("talentflow") / "data" / "codebook.yaml"))


def _node_line(root: yaml.Node | None, loc: tuple[Any, ...]) -> int | None:
    """1-based line of the YAML node at ``loc`` (or of its deepest existing parent)."""
    node = root
    line = node.start_mark.line + 1 if node is not None else None
    for part in loc:
        if isinstance(node, yaml.MappingNode):
            nxt = None
            for key, value in node.value:
                if key.value == str(part):
                    nxt = value
                    break
            if nxt is None:
                return line
            node = nxt
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
            node = node.value[part]
        else:
            return line
        line = node.start_mark.line + 1
    return line


def parse_codebook(text: str, source: str = "<codebook>") -> Codebook:
    """Build a validated ``Codebook`` from YAML text; ``source`` names it in errors."""
    try:
        root = yaml.compose(text)
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{source}:{mark.line + 1}" if mark else source
        raise CodebookError(f"{where}: not valid YAML: {getattr(exc, 'problem', exc)}") from exc
    if not isinstance(data, dict):
        raise CodebookError(f"{source}:1: a codebook is a mapping with id, version, categories")
    try:
        book = Codebook.model_validate(data)
    except ValidationError as exc:
        err = exc.errors()[0]
        loc = tuple(err["loc"])
        line = _node_line(root, loc)
        field = ".".join(str(p) for p in loc) or "(top level)"
        more = f" (and {exc.error_count() - 1} more)" if exc.error_count() > 1 else ""
        raise CodebookError(f"{source}:{line}: field {field}: {err['msg']}{more}") from exc
    _check(book, root, source)
    book.source_path = source
    book.sha256 = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return book


def _check(book: Codebook, root: yaml.Node | None, source: str) -> None:
    """Rules pydantic cannot state: unique ids, every name and definition in each of the
    codebook's languages and no other, non-empty terms."""
    seen: set[str] = set()
    for i, cat in enumerate(book.categories):
        if cat.id in seen:
            line = _node_line(root, ("categories", i, "id"))
            raise CodebookError(f"{source}:{line}: field categories.{i}.id: duplicate category id {cat.id!r}")
        seen.add(cat.id)
        for fieldname in ("name", "definition", "lexicon"):
            keys = set(getattr(cat, fieldname))
            unknown = sorted(keys - set(book.languages))
            missing = [lang for lang in book.languages if lang not in keys] if fieldname != "lexicon" else []
            if unknown or missing:
                key = unknown[0] if unknown else None
                line = _node_line(root, ("categories", i, fieldname, key) if key else ("categories", i, fieldname))
                what = (f"unknown language {unknown[0]!r} (the codebook's languages: {', '.join(book.languages)})"
                        if unknown else f"missing language {missing[0]!r}")
                raise CodebookError(f"{source}:{line}: field categories.{i}.{fieldname}: {what}")
        if not any(cat.lexicon.values()):
            line = _node_line(root, ("categories", i, "lexicon"))
            raise CodebookError(f"{source}:{line}: field categories.{i}.lexicon: category {cat.id!r} has no terms")
        for lang, terms in cat.lexicon.items():
            for j, term in enumerate(terms):
                if not str(term).strip(" .…*"):
                    line = _node_line(root, ("categories", i, "lexicon", lang, j))
                    raise CodebookError(f"{source}:{line}: field categories.{i}.lexicon.{lang}.{j}: empty term")
    known = {c.id for c in book.categories}
    frame_ids: set[str] = set()
    for i, frame in enumerate(book.frames):
        if frame.category not in known:
            line = _node_line(root, ("frames", i, "category"))
            raise CodebookError(f"{source}:{line}: field frames.{i}.category: unknown category {frame.category!r}")
        if frame.id in frame_ids:
            line = _node_line(root, ("frames", i, "id"))
            raise CodebookError(f"{source}:{line}: field frames.{i}.id: duplicate frame id {frame.id!r}")
        frame_ids.add(frame.id)
        if not frame.slots:
            line = _node_line(root, ("frames", i, "slots"))
            raise CodebookError(f"{source}:{line}: field frames.{i}.slots: a frame needs at least one slot")
        for slot, per_lang in frame.slots.items():
            for lang, terms in per_lang.items():
                if lang not in book.languages:
                    line = _node_line(root, ("frames", i, "slots", slot, lang))
                    raise CodebookError(f"{source}:{line}: field frames.{i}.slots.{slot}.{lang}: unknown language")
                for j, term in enumerate(terms):
                    if not str(term).strip(" .…*"):
                        line = _node_line(root, ("frames", i, "slots", slot, lang, j))
                        raise CodebookError(f"{source}:{line}: field frames.{i}.slots.{slot}.{lang}.{j}: empty term")
        for kind in frame.blocked_by:
            if kind not in book.cues:
                line = _node_line(root, ("frames", i, "blocked_by"))
                raise CodebookError(f"{source}:{line}: field frames.{i}.blocked_by: no cue kind {kind!r} in cues")
    for i, cat in enumerate(book.categories):
        if cat.instrument_cues is not None and cat.instrument_cues not in book.cues:
            line = _node_line(root, ("categories", i, "instrument_cues"))
            raise CodebookError(
                f"{source}:{line}: field categories.{i}.instrument_cues: no cue kind {cat.instrument_cues!r} in cues")
    for kind, by_lang in book.cues.items():
        for lang, terms in by_lang.items():
            for j, term in enumerate(terms):
                if not str(term).strip(" .…*"):
                    line = _node_line(root, ("cues", kind, lang, j))
                    raise CodebookError(f"{source}:{line}: field cues.{kind}.{lang}.{j}: empty term")


def load_codebook(path: str | Path | None = None) -> Codebook:
    """Load and validate a codebook file (``None``: the shipped one); computes its sha256."""
    p = shipped_codebook_path() if path is None else Path(path)
    try:
        text = p.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise CodebookError(f"{p}: cannot read codebook: {exc}") from exc
    return parse_codebook(text, str(p))
