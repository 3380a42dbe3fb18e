"""The field taxonomy and the term lexicon, loaded from data files with their sources.

Fields: OECD FORD (Frascati Manual 2015) and, for Kazakhstan, the МРНТИ/ГРНТИ top-level rubrics
(``talentflow/data/diaspora/fields_*.yaml``). Every label there carries its source (URL, year and
the verbatim text read); a label without one is *unsourced* (null, or kept and marked
``unverified``). Concepts: the ru/kk/en term lexicon (``lexicon.yaml``, project-compiled and
labelled so). Where the language asked for has no sourced label, the English one is shown (else
the Russian one) with its language code, so a reader sees it is not a translation of ours: a
label is never made up in code.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml

from talentflow.diaspora.text import terms

DATA = "talentflow.data"
FALLBACK = {"kk": ("kk", "ru", "en"), "ru": ("ru", "en"), "en": ("en", "ru")}
#: where a field has no sourced label in the language asked for: English first (FORD is an
#: English-language classification), then Russian (МРНТИ has no official English edition)
FIELD_FALLBACK = ("en", "ru", "kk")


def _load(name: str) -> dict[str, Any]:
    text = resources.files(DATA).joinpath("diaspora").joinpath(name).read_text(encoding="utf-8")
    return yaml.safe_load(text)


@dataclass(frozen=True)
class Field:
    """A field of a taxonomy (``ford:1.2``, ``grnti:27``) with the labels its source gives;
    ``sourced``: the languages whose label has a recorded source (URL, year, verbatim text)."""

    key: str
    labels: dict[str, str | None]
    ford: str | None = None
    sourced: frozenset[str] = frozenset()

    def _pick(self, lang: str) -> tuple[str, str | None, bool]:
        """(text, its language, whether that label is sourced)."""
        if lang in self.sourced and self.labels.get(lang):
            return self.labels[lang] or "", lang, True
        for lg in FIELD_FALLBACK:
            if lg in self.sourced and self.labels.get(lg):
                return self.labels[lg] or "", lg, True
        for lg in (lang, *FIELD_FALLBACK):  # nothing sourced at all: the label kept, marked unverified
            if self.labels.get(lg):
                return self.labels[lg] or "", lg, False
        return self.key, None, False

    def text(self, lang: str) -> str:
        """The label shown in ``lang`` (without the notes of :meth:`fallback` and :meth:`verified`)."""
        return self._pick(lang)[0]

    def language(self, lang: str) -> str | None:
        """The language the label shown in ``lang`` is written in."""
        return self._pick(lang)[1]

    def fallback(self, lang: str) -> str | None:
        """The language of the label shown in ``lang`` when it is not a sourced ``lang`` label."""
        _, lg, ok = self._pick(lang)
        return None if ok and lg == lang else lg

    def verified(self, lang: str) -> bool:
        """Whether the label shown in ``lang`` has a recorded source (in whatever language)."""
        return self._pick(lang)[2]

    def label(self, lang: str) -> str:
        """The sourced label in ``lang``; else another language's sourced label, marked with its
        code; else a label without a source, marked so."""
        text, lg, ok = self._pick(lang)
        if ok:
            return text if lg == lang else f"{text} [{lg}]"
        return f"{text} [{lg}, unverified]" if lg else text


@dataclass(frozen=True)
class Concept:
    """A lexicon concept: its terms per language (first = label) and its FORD field."""

    id: str
    field: str | None
    terms: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def label(self, lang: str) -> str:
        for i, lg in enumerate(FALLBACK.get(lang, ("en",))):
            if self.terms.get(lg):
                return self.terms[lg][0] if i == 0 else f"{self.terms[lg][0]} [{lg}]"
        return self.id


@dataclass(frozen=True)
class Taxonomy:
    fields: dict[str, Field]
    concepts: dict[str, Concept]
    #: per language: tuple of term keys → concept id (multi-word terms as key sequences)
    patterns: dict[str, dict[tuple[str, ...], str]]
    lexicon_source: str
    max_len: int

    def field(self, key: str) -> Field | None:
        if key in self.fields:
            return self.fields[key]
        return self.fields.get(f"ford:{key}")

    def ford_of(self, key: str) -> str | None:
        f = self.field(key)
        if f is None:
            return None
        return f.key.removeprefix("ford:") if f.key.startswith("ford:") else f.ford

    def find_concepts(self, keys: list[str], lang: str) -> list[tuple[str, int, int]]:
        """Concepts whose terms occur in the key sequence ``keys`` (longest match first),
        as ``(concept id, start, end)``; all three languages are tried, ``lang`` first."""
        found: list[tuple[str, int, int]] = []
        order = [lang, *(lg for lg in ("en", "ru", "kk") if lg != lang)]
        i = 0
        while i < len(keys):
            hit = None
            for n in range(min(self.max_len, len(keys) - i), 0, -1):
                seq = tuple(keys[i:i + n])
                for lg in order:
                    cid = self.patterns[lg].get(seq)
                    if cid:
                        hit = (cid, i, i + n)
                        break
                if hit:
                    break
            if hit:
                found.append(hit)
                i = hit[2]
            else:
                i += 1
        return found


def sourced_languages(entry: dict[str, Any]) -> frozenset[str]:
    """Languages whose label is backed by a recorded source whose verbatim text contains it."""
    out = set()
    for lg, src in (entry.get("sources") or {}).items():
        label = entry.get(lg)
        if label and isinstance(src, dict) and src.get("url") and src.get("year") and label in str(src.get("text", "")):
            out.add(lg)
    return frozenset(out)


@lru_cache(maxsize=1)
def load_taxonomy() -> Taxonomy:
    """The shipped taxonomy and lexicon (cached: read once per process)."""
    ford = _load("fields_ford.yaml")
    grnti = _load("fields_grnti.yaml")
    lex = _load("lexicon.yaml")
    fields: dict[str, Field] = {}
    for f in ford["fields"]:
        fields[f"ford:{f['code']}"] = Field(f"ford:{f['code']}", {"en": f.get("en"), "ru": f.get("ru"),
                                                                   "kk": f.get("kk")}, sourced=sourced_languages(f))
    for r in grnti["rubrics"]:
        fields[f"grnti:{r['code']}"] = Field(f"grnti:{r['code']}", {"ru": r.get("ru"), "kk": r.get("kk"),
                                                                     "en": r.get("en")}, r.get("ford"),
                                             sourced=sourced_languages(r))
    concepts: dict[str, Concept] = {}
    patterns: dict[str, dict[tuple[str, ...], str]] = {lg: {} for lg in ("en", "ru", "kk")}
    max_len = 1
    for c in lex["concepts"]:
        tt = {lg: tuple(c.get(lg) or ()) for lg in ("en", "ru", "kk")}
        concepts[c["id"]] = Concept(c["id"], c.get("field"), tt)
        for lg, words in tt.items():
            for w in words:
                seq = tuple(t.key for t in terms(w, lg)) or tuple(t.key for t in terms(w, lg, stop=False))
                if seq:
                    patterns[lg].setdefault(seq, c["id"])
                    max_len = max(max_len, len(seq))
    return Taxonomy(fields, concepts, patterns, lex.get("source", ""), max_len)
