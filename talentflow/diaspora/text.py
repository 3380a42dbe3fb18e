"""Index terms of a text in Russian, Kazakh or English, with talentflow's own normalisation.

BM25 needs one key per word, whatever its inflection: a Russian word becomes its lemma
(pymorphy3's normal form), a Kazakh word its shortest stem after case, possessive and plural
endings are stripped (``talentflow.nlp.kazakh``), an English word its Snowball stem
(``talentflow.nlp.english``). The language of a word follows its script and the language of the
text it is in: a Cyrillic word in a Kazakh text is stemmed as Kazakh, in a Russian one lemmatised
as Russian; a Latin word is English. Stop words carry no topic and are dropped.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

from talentflow.ingest.language import detect_language
from talentflow.nlp import normalize_word
from talentflow.nlp.english import stem as en_stem
from talentflow.nlp.kazakh import stem_candidates

LANGS = ("ru", "kk", "en")
_WORD = re.compile(r"[^\W\d_]+(?:[-'][^\W\d_]+)*")
_CYR = re.compile(r"[\u0400-\u04ff]")

def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


STOP = {
    "en": _words("""a an and are as at be by for from in into is it of on or the to with we our
        this that these their its via using based new need needs needed expert experts looking
        seek seeking who can help about study studies analysis approach"""),
    "ru": _words("""и в во на с со по не что для от о об к ко из за это как а также его ее или
        при у же бы быть весь который наш мы нужный нужен нужна нужно требоваться требуется
        эксперт специалист искать ищем помочь помощь область вопрос"""),
    "kk": _words("""және мен үшін бойынша бұл осы деп да де та те бар жоқ туралы ретінде немесе
        бірақ біз сарапшы маман кере керек іздейміз көмек сала саласы"""),
}


class Term(NamedTuple):
    """One index term and the word it came from (shown in "why")."""

    key: str
    surface: str


@lru_cache(maxsize=1)
def _morph():  # noqa: ANN202 - pymorphy3 has no public type for it
    import pymorphy3

    return pymorphy3.MorphAnalyzer()


@lru_cache(maxsize=262144)
def ru_lemma(word: str) -> str:
    """The normal form of a Russian word (ё → е), by pymorphy3's most probable parse."""
    return _morph().parse(word)[0].normal_form.replace("ё", "е")


@lru_cache(maxsize=262144)
def kk_stem(word: str) -> str:
    """The shortest stem (of three letters or more) of a Kazakh word; the same rule on both the
    profile and the request side, so over-stripping still matches like with like."""
    cands = [c for c in stem_candidates(word) if len(c) >= 3] or [word]
    return min(cands, key=lambda c: (len(c), c))


def word_key(word: str, lang: str) -> str:
    """The index key of one normalised word in a text of language ``lang``."""
    if _CYR.search(word):
        return kk_stem(word) if lang == "kk" else ru_lemma(word)
    return en_stem(word)


def text_language(text: str, hint: str | None = None) -> str:
    """``hint`` when given (ru, kk or en), else the detected language (undecided → en)."""
    if hint in LANGS:
        return hint
    lang = detect_language(text)
    return lang if lang in LANGS else "en"


def terms(text: str, lang: str | None = None, *, stop: bool = True) -> list[Term]:
    """Index terms of ``text`` in order (stop words dropped when ``stop``)."""
    lang = text_language(text, lang)
    out: list[Term] = []
    for m in _WORD.finditer(text):
        w = normalize_word(m.group())
        if len(w) < 2:
            continue
        key = word_key(w, lang)
        if stop and (w in STOP.get(lang, ()) or key in STOP.get(lang, ())
                     or w in STOP["en"] or key in STOP["ru"]):
            continue
        out.append(Term(key, m.group()))
    return out


def plain_tokens(text: str) -> list[str]:
    """The baseline's tokens: lower-cased words, no morphology, no stop list, no lexicon."""
    return [normalize_word(m.group()) for m in _WORD.finditer(text) if len(m.group()) >= 2]
