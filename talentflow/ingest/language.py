"""Language of a paragraph: Russian, Kazakh (Cyrillic or Latin script), English, or undecided.

Decided on the paragraph, never the word: about a quarter of Kazakh words carry none of the
letters ә ғ қ ң ө ұ ү һ і, so a word-level rule would call them Russian. The rule is cheap and
explainable (letter ratios and function words), which matters more here than the last percent
a statistical model would add: every coded quote shows its language next to it.
"""

from __future__ import annotations

import re
from collections import Counter


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


LANGUAGES = ("ru", "kk", "en", "und")

#: Letters of the Kazakh Cyrillic alphabet that Russian does not have.
KK_CYRILLIC = frozenset("әғқңөұүһіӘҒҚҢӨҰҮҺІ")
#: Letters of the 2017/2018/2021 Kazakh Latin alphabets that English does not use.
KK_LATIN = frozenset("áǵıńóúýşçäğñöūüÁǴŃÓÚÝŞÇÄĞÑÖŪÜİ")

#: Share of Kazakh-only letters among Cyrillic letters above which a paragraph is Kazakh.
#: Kazakh prose runs at 6-10 %; a Russian paragraph quoting one Kazakh name stays under 1 %.
KK_LETTER_RATIO = 0.025

_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")

_KK_WORDS = _words(
    """және мен үшін бойынша бұл осы деп да де та те бар жоқ болып туралы арналған жылы жылғы
    ретінде сондай-ақ кезінде тиіс мұнда оның олар біз сіз ол бір екі жаңа ең көп аса тағы енді
    немесе бірақ себебі қазақ елімізде елдің еліміздің жастар шетел шетелге мамандар"""
)
_RU_WORDS = _words(
    """и в во на с со по не что для от о об к ко из за это как а также его ее её или при
    был была были быть будет который которые которых год года году лет более если так же
    только уже все всех этом этого они она он мы вы их"""
)
_EN_WORDS = _words(
    """the and of to in is for that on with as by was are it from at be this has have which an
    not were their its will or been but also more than who they we our said about into"""
)
_KK_LATIN_WORDS = _words(
    """jáne jane men úshin ushin boıynsha boiynsha bul osy osı dep bar joq bolyp turaly arnalǵan
    jyly jylǵy retinde sondaı-aq kezinde tıis onyń olar biz bir eki jańa eń kóp taǵy nemese
    biraq sebebi qazaq elimizde jastar shetel shetelge mamandar degen bolady qazir kezde"""
)
#: Kazakh word endings (noun cases, plural, possessive, verb forms) rare at the end of Russian
#: words; the ones with Kazakh letters are already covered by the letter ratio.
_KK_SUFFIX = re.compile(
    r"(?:лар|лер|дар|дер|тар|тер|дан|ден|нан|нен|ға|қа|дағы|дегі|тағы|тегі|"
    r"мыз|міз|ып|іп|ған|ген|қан|кен|сыз|сіз)$"
)
_RU_SUFFIX = re.compile(
    r"(?:ого|его|ому|ему|ыми|ими|ция|ции|ций|ние|ния|ний|нии|ость|ости|ться|тся|ать|ять|ить|"
    r"ешь|ует|уют|ают|яют|ами|ями|ах|ях|ов|ев|ой|ей|ый|ий|ая|яя|ое|ее|ые|ие)$"
)
_KK_LATIN_SUFFIX = re.compile(
    r"(?:lar|ler|dar|der|tar|ter|dan|den|tan|ten|nan|nen|ǵa|ge|qa|ke|daǵy|degi|taǵy|tegi|"
    r"ymyz|imiz|dyń|diń|tyń|tiń|nyń|niń|ǵan|gen|qan|ken)$"
)


def _is_cyrillic(ch: str) -> bool:
    return "\u0400" <= ch <= "\u04ff"


def _is_latin(ch: str) -> bool:
    return ch.isascii() or "\u00c0" <= ch <= "\u024f"


def language_scores(text: str) -> tuple[str, bool]:
    """Best language for ``text`` and whether the evidence is strong enough to trust alone.

    Weak evidence (a heading of two words, a line of figures, a paragraph mixing scripts) is
    returned as the best guess with ``False``; the document's dominant language then decides.
    """
    letters = [ch for ch in text if ch.isalpha()]
    if len(letters) < 2:
        return "und", False
    cyr = sum(1 for ch in letters if _is_cyrillic(ch))
    lat = sum(1 for ch in letters if _is_latin(ch))
    words = [w.lower() for w in _WORD.findall(text)]
    n_words = len(words)
    mixed = min(cyr, lat) > 0.3 * max(cyr, lat)
    if cyr >= lat:
        kk_letters = sum(1 for ch in letters if ch in KK_CYRILLIC)
        if kk_letters >= 2 and kk_letters / max(cyr, 1) >= KK_LETTER_RATIO:
            return "kk", not mixed and (n_words >= 2 or kk_letters >= 2)
        kk = sum(1 for w in words if w in _KK_WORDS) + sum(
            0.5 for w in words if len(w) > 4 and _KK_SUFFIX.search(w)
        )
        ru = sum(1 for w in words if w in _RU_WORDS) + sum(
            0.5 for w in words if len(w) > 4 and _RU_SUFFIX.search(w)
        )
        if kk_letters:  # a few Kazakh letters below the ratio: a hint, not proof
            kk += kk_letters
        if kk > ru and kk >= 1:
            return "kk", not mixed and n_words >= 3
        return "ru", not mixed and n_words >= 3 and (ru >= 1 or n_words >= 5)
    kk_letters = sum(1 for ch in letters if ch in KK_LATIN)
    apostrophes = len(re.findall(r"\b(?:[a-z]{1,12}[gnoucsi]['’][a-z]+)\b", text.lower()))
    kk = sum(1 for w in words if w in _KK_LATIN_WORDS) + sum(
        0.5 for w in words if len(w) > 4 and _KK_LATIN_SUFFIX.search(w)
    )
    en = sum(1 for w in words if w in _EN_WORDS)
    kk_score = kk + 2 * kk_letters + apostrophes
    if kk_score > en * 1.5 and kk_score >= 2:
        return "kk", not mixed and n_words >= 3
    return "en", not mixed and n_words >= 3 and (en >= 1 or n_words >= 5)


def detect_language(text: str) -> str:
    """Language of one paragraph: ``"ru"``, ``"kk"``, ``"en"`` or ``"und"`` when too short or mixed."""
    lang, confident = language_scores(text)
    return lang if confident else "und"


def dominant_language(languages: list[str], weights: list[int] | None = None) -> str:
    """The language most of a text is in (weighted by paragraph length when weights are given)."""
    counts: Counter[str] = Counter()
    for i, lang in enumerate(languages):
        if lang != "und":
            counts[lang] += weights[i] if weights else 1
    return counts.most_common(1)[0][0] if counts else "und"
