"""The glossary of the field's terms (``talentflow/data/glossary.yaml``) and the check that the
report's words follow it.

A translator reads the glossary before writing a message; the check makes sure that where an
English message uses a glossary term, its Russian and Kazakh versions use the established term
too (the paper's own words, the laws' words), and that no message contains a known calque.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from importlib import resources

import yaml

LANGS = ("en", "ru", "kk")


@dataclass(frozen=True)
class TermForm:
    term: str
    stem: str  # what every inflected form keeps
    source: str  # key of ``Glossary.sources``
    quote: str = ""
    avoid: tuple[str, ...] = ()


@dataclass(frozen=True)
class Term:
    id: str
    forms: dict[str, TermForm]


@dataclass
class Glossary:
    version: int
    sources: dict[str, dict[str, str]]
    terms: list[Term] = field(default_factory=list)

    def problems(self, messages: list[tuple[str, dict[str, str]]]) -> list[str]:
        """Deviations in ``messages`` ((English text, {lang: translation})): a glossary term in
        English without the established term in a translation, or a calque to avoid."""
        out = []
        for en, tr in messages:
            low = en.lower()
            for t in self.terms:
                en_form = t.forms.get("en")
                # a term, not a part of a compound ("intellectual-migration policy" is not "migration policy")
                if en_form is None or not re.search(r"(?<![\w-])" + re.escape(en_form.stem.lower()), low):
                    continue
                for lang, text in tr.items():
                    form = t.forms.get(lang)
                    if form is not None and text and form.stem.lower() not in text.lower():
                        out.append(f"{lang}: {en!r} → {text!r} lacks «{form.term}» ({t.id})")
            for lang, text in tr.items():
                for t in self.terms:
                    form = t.forms.get(lang)
                    for bad in form.avoid if form else ():
                        if bad.lower() in (text or "").lower():
                            out.append(f"{lang}: {text!r} uses «{bad}»; the established term is «{form.term}» ({t.id})")
        return out


@functools.lru_cache(maxsize=1)
def load_glossary() -> Glossary:
    """The shipped glossary; every term's language names a source listed under ``sources``."""
    path = resources.files("talentflow") / "data" / "glossary.yaml"
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    sources = raw.get("sources", {})
    terms = []
    for item in raw.get("terms", []):
        forms = {}
        for lang in LANGS:
            f = item.get(lang)
            if f is None:
                continue
            if f.get("source") not in sources:
                raise ValueError(f"{path}: term {item.get('id')!r} ({lang}): unknown source {f.get('source')!r}")
            forms[lang] = TermForm(f["term"], f.get("stem") or f["term"], f["source"], f.get("quote", ""),
                                   tuple(f.get("avoid", ())))
        terms.append(Term(item["id"], forms))
    return Glossary(raw.get("version", 1), sources, terms)
