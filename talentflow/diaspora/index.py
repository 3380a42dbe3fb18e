"""BM25 ranking of profiles with bm25s, over ru/kk/en index terms, lexicon concepts and fields.

Why bm25s (pinned) rather than SQLite FTS5 or PostgreSQL full-text: the store may be either
database, and the ranking must be the same on both; FTS5 would tie matching to SQLite and its
tokenizers, while talentflow's normalisation (Russian lemmas, Kazakh stems, English stems,
lexicon concepts) is done in Python anyway, and bm25s takes pre-tokenised documents. A query is
a sparse dot product over the in-memory index (milliseconds at 100 k profiles). The index is a
cache derived from the store's consented profiles: rebuilt after every change (import, consent,
erasure) and written next to the store, so erasing a person rewrites it without their terms.

Each profile is indexed as its words' keys plus ``@c:<concept>`` for every lexicon concept found
(in any language) and ``@f:<FORD code>`` for each of its fields. A request adds, for each concept
it names, the concept token, its field token and the English keys of its terms: so "машинное
обучение" reaches a profile that says "machine learning". The baseline (``plain=True``) indexes
lower-cased words only: no morphology, no stop words, no lexicon, no fields.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path

import bm25s
import numpy as np

from talentflow.diaspora.model import Filters, Match, Profile
from talentflow.diaspora.taxonomy import Taxonomy, load_taxonomy
from talentflow.diaspora.text import plain_tokens, terms, text_language

WHY_MAX = 8


def _ford(tax: Taxonomy, key: str) -> str | None:
    return tax.ford_of(key)


def profile_tokens(p: Profile, tax: Taxonomy, plain: bool = False) -> list[str]:
    """The index tokens of a profile (see the module docstring)."""
    if plain:
        return [t for text in p.texts() for t in plain_tokens(text)]
    out: list[str] = []
    for text in p.texts():
        if text:
            out.extend(_text_tokens(text))
    for f in p.fields:
        code = _ford(tax, f)
        if code:
            out.append(f"@f:{code}")
    return out


@lru_cache(maxsize=131072)
def _text_tokens(text: str) -> tuple[str, ...]:
    """Keys and concept tokens of one text (cached: titles and keywords recur across profiles)."""
    tax = load_taxonomy()
    lang = text_language(text)
    keys = [t.key for t in terms(text, lang)]
    return (*keys, *(f"@c:{cid}" for cid, _, _ in tax.find_concepts(keys, lang)))


def forget_cached_texts() -> None:
    """Drop the per-text token cache (it holds profile texts): called on erasure, so a
    long-running process keeps nothing of an erased person in memory either."""
    _text_tokens.cache_clear()


@dataclass
class Query:
    tokens: list[str]
    lang: str
    surfaces: dict[str, str]  # key → the request's word


def build_query(text: str, lang: str | None, tax: Taxonomy, plain: bool = False) -> Query:
    lang = text_language(text, lang)
    if plain:
        toks = plain_tokens(text)
        return Query(toks, lang, {t: t for t in toks})
    tt = terms(text, lang)
    keys = [t.key for t in tt]
    surfaces = {t.key: t.surface for t in tt}
    tokens = list(dict.fromkeys(keys))
    for cid, _, _ in tax.find_concepts(keys, lang):
        c = tax.concepts[cid]
        tokens += [f"@c:{cid}", f"@c:{cid}"]  # a concept named counts twice: it is the need
        if c.field:
            tokens.append(f"@f:{c.field}")
        for w in c.terms.get("en", ()):
            tokens += [t.key for t in terms(w, "en", stop=False)]
    return Query(tokens, lang, surfaces)


class ProfileIndex:
    """Profiles ranked by BM25; ``plain`` is the baseline without morphology or lexicon."""

    def __init__(self, profiles: list[Profile], *, plain: bool = False, tax: Taxonomy | None = None) -> None:
        self.tax = tax or load_taxonomy()
        self.plain = plain
        self.orcids = [p.orcid for p in profiles]
        self.countries = [p.country or "" for p in profiles]
        self.kinds = [sorted(p.kinds) for p in profiles]
        self.languages = [sorted(p.languages) for p in profiles]
        self.available = [(p.available_from.isoformat() if p.available_from else "",
                           p.available_until.isoformat() if p.available_until else "") for p in profiles]
        self.modes = [sorted(p.modes) for p in profiles]
        #: profiles with more than one period of availability (few): checked one by one after the
        #: vectorised envelope test, so a gap between two periods is not read as available
        self.periods = {i: [(a.isoformat() if a else "", b.isoformat() if b else "") for a, b in p.availability]
                        for i, p in enumerate(profiles) if len(p.availability) > 1}
        docs = [profile_tokens(p, self.tax, plain) for p in profiles]
        self.doc_sets = [frozenset(d) for d in docs]
        self._cols = None
        self.retriever = bm25s.BM25()
        if docs:
            self.retriever.index([d or [""] for d in docs], show_progress=False)

    def __len__(self) -> int:
        return len(self.orcids)

    def _arrays(self) -> dict[str, np.ndarray]:
        """Filter columns as numpy arrays, built once: a filtered query over 100 k profiles costs
        a few vectorised comparisons, not a Python loop."""
        if getattr(self, "_cols", None) is None:
            kinds = sorted({k for ks in self.kinds for k in ks})
            langs = sorted({x for ls in self.languages for x in ls})
            self._kind_bit = {k: 1 << i for i, k in enumerate(kinds)}
            self._lang_bit = {x: 1 << i for i, x in enumerate(langs)}
            far_past, far_future = date.min.toordinal(), date.max.toordinal()
            self._cols = {
                "country": np.array(self.countries, dtype=object),
                "kind": np.array([sum(self._kind_bit[k] for k in ks) for ks in self.kinds], dtype=np.int64),
                "lang": np.array([sum(self._lang_bit[x] for x in ls) for ls in self.languages], dtype=np.int64),
                "from": np.array([date.fromisoformat(a).toordinal() if a else far_past for a, _ in self.available]),
                "until": np.array([date.fromisoformat(b).toordinal() if b else far_future
                                   for _, b in self.available]),
            }
        return self._cols

    def _mask(self, f: Filters) -> np.ndarray:
        cols = self._arrays()
        mask = np.ones(len(self.orcids), dtype=bool)
        if f.country:
            mask &= cols["country"] == f.country.upper()
        if f.kind:
            mask &= (cols["kind"] & self._kind_bit.get(f.kind, 0)) != 0
        if f.language:
            mask &= (cols["lang"] & self._lang_bit.get(f.language, 0)) != 0
        if f.mode:  # a profile that says nothing about modes is not excluded
            mask &= np.array([not m or f.mode in m for m in self.modes], dtype=bool) if self.modes else mask
        if f.available_on:
            day = f.available_on.toordinal()
            mask &= (cols["from"] <= day) & (day <= cols["until"])
            iso = f.available_on.isoformat()
            for i, periods in self.periods.items():
                if mask[i]:
                    mask[i] = any((not a or a <= iso) and (not b or iso <= b) for a, b in periods)
        return mask

    def search(self, text: str, lang: str | None = None, top: int = 10,
               filters: Filters | None = None) -> list[Match]:
        """The ``top`` profiles for a request text, best first, each with why it matched."""
        if not self.orcids:
            return []
        q = build_query(text, lang, self.tax, self.plain)
        if not q.tokens:
            return []
        scores = np.asarray(self.retriever.get_scores(q.tokens), dtype=np.float64)
        if filters and filters != Filters():
            scores = np.where(self._mask(filters), scores, 0.0)
        k = min(top, len(scores))
        idx = np.argpartition(-scores, k - 1)[:k]
        idx = idx[np.lexsort((idx, -scores[idx]))]
        return [Match(self.orcids[i], float(scores[i]), self.why(q, i)) for i in idx if scores[i] > 0]

    def why(self, q: Query, i: int) -> tuple[str, ...]:
        """Fields, concepts and words the request and profile ``i`` share, in the request's language."""
        doc = self.doc_sets[i]
        out: list[str] = []
        for tok in dict.fromkeys(q.tokens):
            if tok not in doc:
                continue
            if tok.startswith("@f:"):
                f = self.tax.field(tok[3:])
                out.append(f.label(q.lang) if f else tok[3:])
            elif tok.startswith("@c:"):
                out.append(self.tax.concepts[tok[3:]].label(q.lang))
            elif tok in q.surfaces:
                out.append(q.surfaces[tok].lower())
        return tuple(dict.fromkeys(out))[:WHY_MAX]

    # -- persistence: the index is a cache next to the store --------------------------------

    def save(self, folder: Path) -> None:
        """Write the index to ``folder`` atomically (a new folder swapped in for the old one)."""
        folder = Path(folder)
        folder.parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=".tmp-", dir=folder.parent))
        try:
            if self.orcids:
                self.retriever.save(str(tmp / "bm25"), show_progress=False)
            meta = {"plain": self.plain, "orcids": self.orcids, "countries": self.countries,
                    "kinds": self.kinds, "languages": self.languages, "available": self.available,
                    "modes": self.modes, "periods": {str(i): v for i, v in self.periods.items()},
                    "doc_sets": [sorted(s) for s in self.doc_sets]}
            (tmp / "meta.json").write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")
            old = folder.with_name(folder.name + ".old")
            if folder.exists():
                os.replace(folder, old)
            os.replace(tmp, folder)
            shutil.rmtree(old, ignore_errors=True)
        finally:
            shutil.rmtree(tmp, ignore_errors=True)

    @classmethod
    def load(cls, folder: Path) -> ProfileIndex:
        folder = Path(folder)
        meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
        self = cls.__new__(cls)
        self.tax = load_taxonomy()
        self.plain = meta["plain"]
        self.orcids = meta["orcids"]
        self.countries = meta["countries"]
        self.kinds = meta["kinds"]
        self.languages = meta["languages"]
        self.available = [tuple(a) for a in meta["available"]]
        self.modes = meta.get("modes") or [[] for _ in self.orcids]
        self.periods = {int(i): [tuple(x) for x in v] for i, v in (meta.get("periods") or {}).items()}
        self.doc_sets = [frozenset(s) for s in meta["doc_sets"]]
        self._cols = None
        self.retriever = bm25s.BM25.load(str(folder / "bm25")) if self.orcids else bm25s.BM25()
        return self


def parse_day(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None
