"""Kazakh: a slot-based suffix stripper (case → possessive → plural), no analyser needed.

Nothing installable lemmatises Kazakh offline, and lexicon matching does not need a full
analysis: it needs to know whether a text word is an inflection of a lexicon lemma. The
stripper removes at most one ending from each slot, right to left (case, then possessive, then
plural), longest first, and yields every intermediate stem; final devoicing is undone
(кітабы → кітаб → кітап). Derivational suffixes (-лық, -шы, -сыз …) make new lemmas and are
kept. When Debian's ``hunspell-kk`` stem list is installed it is used to refuse prefix
matches that are really a different lemma (маман vs мамандық); it is optional.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

HUNSPELL_DIC = Path("/usr/share/hunspell/kk_KZ.dic")

_PLURAL = ("лар", "лер", "дар", "дер", "тар", "тер")
_POSSESSIVE = (
    "ымыз", "іміз", "мыз", "міз",
    "ыңыз", "іңіз", "ңыз", "ңіз",
    "ым", "ім", "ың", "ің", "сы", "сі", "м", "ң", "ы", "і",
)
_CASE = (
    # relational, ablative, genitive, locative, instrumental, dative, accusative
    "ндағы", "ндегі", "дағы", "дегі", "тағы", "тегі",
    "ндан", "нден", "дан", "ден", "тан", "тен", "нан", "нен",
    "ның", "нің", "дың", "дің", "тың", "тің",
    "нда", "нде", "да", "де", "та", "те",
    "менен", "мен", "бен", "пен",
    "на", "не", "ға", "ге", "қа", "ке", "а", "е",
    "ны", "ні", "ды", "ді", "ты", "ті", "н",
)
_DEVOICED = {"г": "к", "ғ": "қ", "б": "п"}
#: Derivational endings: a word that continues a lexicon stem with one of these is another lemma.
DERIVATIONAL = ("лық", "лік", "дық", "дік", "тық", "тік", "шы", "ші", "сыз", "сіз", "шіл", "шыл")
_MIN_STEM = 2


def _strip(word: str, suffixes: tuple[str, ...]) -> list[str]:
    return [word[: -len(s)] for s in suffixes if word.endswith(s) and len(word) - len(s) >= _MIN_STEM]


#: Verb endings, stripped right to left: a person ending (optional), then one tense, aspect,
#: participle or converb marker, then an optional negation. "кетпедім" → кет, "оралған" → орал,
#: "кетіп" → кет, "қайтпайды" → қайт. Nominal chains on participles ("кеткендердің") are
#: stripped first by the case/possessive/plural slots.
_PERSON = ("мын", "мін", "бын", "бін", "пын", "пін", "сың", "сің", "сыз", "сіз", "мыз", "міз", "быз", "біз",
           "пыз", "піз", "ңыз", "ңіз", "ңдар", "ңдер", "м", "ң", "қ", "к")
_TENSE = (
    "атын", "етін", "йтын", "йтін",  # habitual participle
    "ады", "еді", "йды", "йді",  # present
    "ған", "ген", "қан", "кен",  # past participle
    "ды", "ді", "ты", "ті",  # past
    "ып", "іп", "п",  # converb
    "са", "се",  # conditional
    "у", "ю",  # verbal noun
    "а", "е", "й",  # present converb
)
VERB_MIN_STEM = 3


def verb_stems(word: str) -> set[str]:
    """Stems of ``word`` read as a verb form (empty when no verb ending fits)."""
    out: set[str] = set()
    for w in (word, *[word[: -len(p)] for p in _PERSON if word.endswith(p) and len(word) - len(p) > VERB_MIN_STEM]):
        for t in _TENSE:
            if w.endswith(t) and len(w) - len(t) >= VERB_MIN_STEM:
                stem = w[: -len(t)]
                out.add(stem)
                for neg in NEGATION:
                    if stem.endswith(neg) and len(stem) - len(neg) >= VERB_MIN_STEM:
                        out.add(stem[: -len(neg)])
    return out


@lru_cache(maxsize=262144)
def stem_candidates(word: str) -> frozenset[str]:
    """The word and every stem obtained by stripping case, possessive and plural endings, and
    verb endings (tense, participle, converb, negation, person) on each of them."""
    out = {word}
    after_case = [word, *_strip(word, _CASE)]
    after_poss: list[str] = []
    for w in after_case:
        after_poss.append(w)
        after_poss.extend(_strip(w, _POSSESSIVE))
    for w in after_poss:
        out.add(w)
        out.update(_strip(w, _PLURAL))
    for w in list(out):
        if w and w[-1] in _DEVOICED:
            out.add(w[:-1] + _DEVOICED[w[-1]])
    for w in list(out):
        out |= verb_stems(w)
    return frozenset(out)


def verb_lemma_stem(lemma: str) -> str | None:
    """The verb stem of a lexicon verbal noun in -у/-ю ("кету" → "кет"), else ``None``."""
    if len(lemma) >= VERB_MIN_STEM + 1 and lemma.endswith(("у", "ю")) and lemma[-2] not in "аеыіоөұүуюя":
        return lemma[:-1]
    return None


@lru_cache(maxsize=1)
def hunspell_stems(path: Path = HUNSPELL_DIC) -> frozenset[str]:
    """Stems of the hunspell Kazakh dictionary, or an empty set when it is not installed."""
    try:
        lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return frozenset()
    return frozenset(line.split("/", 1)[0].strip().lower() for line in lines[1:] if line.strip())


def prefix_ok(word: str, stem: str) -> bool:
    """Whether ``word`` may be taken as an inflection of ``stem`` it starts with.

    Refused when the rest begins with a derivational suffix, or when hunspell knows a longer
    stem of ``word`` that starts with ``stem`` and is not an inflection of it (another lemma).
    """
    rest = word[len(stem) :]
    if rest.startswith(DERIVATIONAL):
        return False
    known = hunspell_stems()
    if known:
        for cand in stem_candidates(word):
            if (
                len(cand) > len(stem)
                and cand.startswith(stem)
                and cand in known
                and stem not in stem_candidates(cand)  # "мамандар" is still маман, inflected
            ):
                return False
    return True


#: Negation of a Kazakh verb: -ма/-ме after vowels and sonorants, -ба/-бе after voiced
#: consonants, -па/-пе after voiceless ones ("кетпеді", "оралмаған", "қайтпайды").
NEGATION = ("ма", "ме", "ба", "бе", "па", "пе")


def negative_verb(form: str, lemma: str) -> bool:
    """Whether ``form`` is a negative form of the verb ``lemma`` (a stem, "stem*" or a verbal
    noun in -у/-ю): the negation suffix follows the stem directly. A lemma that is itself
    negative ("оралмау") never counts as negated by its own suffix."""
    stem = lemma.rstrip("*")
    if stem.endswith(("у", "ю")) and len(stem) > 2:
        stem = stem[:-1]
    if not stem or not form.startswith(stem):
        return False
    if stem.endswith(NEGATION) and len(stem) > 3:
        return False
    rest = form[len(stem) :]
    if rest in _INSTRUMENTAL:
        return False  # "тұрғын үймен" (with housing): the instrumental case of a noun, not "-ме-н"
    return rest.startswith(NEGATION)


_INSTRUMENTAL = frozenset({"мен", "бен", "пен"})


# --- Kazakh in the Latin alphabet (2018/2021) ------------------------------------------------

#: Letters only the Kazakh Latin alphabet uses; two of them in a sentence mark it as Kazakh.
LATIN_MARKS = "ǵńıý"
_LATIN_SIMPLE = str.maketrans({
    "a": "а", "á": "ә", "b": "б", "d": "д", "e": "е", "f": "ф", "g": "г", "ǵ": "ғ", "h": "һ", "i": "і",
    "j": "ж", "k": "к", "l": "л", "m": "м", "n": "н", "ń": "ң", "o": "о", "ó": "ө", "p": "п", "q": "қ",
    "r": "р", "s": "с", "t": "т", "u": "ұ", "ú": "ү", "v": "в", "y": "ы", "ý": "у", "z": "з", "w": "у",
    "x": "х", "c": "ц",
})
_LATIN_VOWELS = frozenset("aáeoóuúyıiý")
_DIGRAPH = re.compile(r"[sc]h")


def latin_kazakh(text: str) -> bool:
    """Whether a lower-case sentence is Kazakh written in the Latin alphabet ("Qazaqstannyń …
    shetelge ketýin toqtatý"): at least two letters only that alphabet uses."""
    return sum(text.count(c) for c in LATIN_MARKS) >= 2


def latin_to_cyrillic(text: str) -> str:
    """Kazakh Latin → Cyrillic, keeping every offset: "sh"/"ch" become "ш"/"ч" and a soft
    hyphen (which word lookup removes), "ı" is "й" after a vowel and "и" elsewhere
    ("keıbir" → "кейбір", "ýnıversıtet" → "університет")."""
    text = _DIGRAPH.sub(lambda m: ("ш" if m.group()[0] == "s" else "ч") + "\u00ad", text)
    if "ı" in text:
        chars = list(text)
        for k, ch in enumerate(chars):
            if ch == "ı":
                chars[k] = "й" if k and text[k - 1] in _LATIN_VOWELS else "и"
        text = "".join(chars)
    return text.translate(_LATIN_SIMPLE)
