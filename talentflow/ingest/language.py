"""Language of a paragraph: Russian, Kazakh (Cyrillic or Latin script), English, or undecided.

Decided on the paragraph, never the word: about a quarter of Kazakh words carry none of the
letters ә ғ қ ң ө ұ ү һ і, so a word-level rule would call them Russian. The rule is cheap and
explainable (letter ratios and function words), which matters more here than the last percent
a statistical model would add: every coded quote shows its language next to it.
"""

from __future__ import annotations

import re
from collections import Counter

from talentflow.nlp.scan import TEXT_LIMIT, CyrillicScorer


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
#: Frequent function words of other Latin-script languages (German, French, Spanish, Italian,
#: Portuguese, Polish), none of them a Kazakh or English word: a paragraph made of these is in
#: a language talentflow does not code, and is reported as such rather than read as English.
_OTHER_LATIN_WORDS = _words(
    """und der die das ist nicht mit für auf sich auch eine einer werden wird sind dem den des
    les est une pour dans qui avec sur pas par sont aux ces cette été
    los las del por para una con que está como más pero sus
    della che non sono gli nella questo
    não uma dos das com pelo pela
    nie się jest oraz że jak przez dla"""
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


def _char_class(chars: list[str]) -> str:
    """A regex character class (body) for exactly ``chars``, as ranges of code points."""
    codes = sorted(ord(c) for c in chars)
    out, i = [], 0
    while i < len(codes):
        j = i
        while j + 1 < len(codes) and codes[j + 1] == codes[j] + 1:
            j += 1
        out.append(f"\\u{codes[i]:04x}" + (f"-\\u{codes[j]:04x}" if j > i else ""))
        i = j + 1
    return "".join(out)


#: Letters (``str.isalpha``) of the Cyrillic block, and Latin letters (ASCII or U+00C0-U+024F):
#: the same sets ``_is_cyrillic`` and ``_is_latin`` select among letters.
_CYR_CLASS = _char_class([c for c in map(chr, range(0x0400, 0x0500)) if c.isalpha()])
_LAT_CLASS = _char_class([c for c in map(chr, range(0x0250)) if c.isalpha() and (c.isascii() or c >= "\u00c0")])
_CYR_LETTER = re.compile(f"[{_CYR_CLASS}]")
_CYR_RUNS = re.compile(f"[{_CYR_CLASS}]+")
_LAT_LETTER = re.compile(f"[{_LAT_CLASS}]")
_LAT_RUNS = re.compile(f"[{_LAT_CLASS}]+")
_KK_CYR_LETTER = re.compile(f"[{''.join(sorted(KK_CYRILLIC))}]")
_KK_LAT_LETTER = re.compile(f"[{''.join(sorted(KK_LATIN))}]")
#: A letter of neither the Cyrillic nor the Latin blocks (CJK, Arabic, Georgian …).
_OTHER_SCRIPT_LETTER = re.compile(r"[^\W\d_\u0000-\u024f\u0400-\u04ff]")
_KK_APOSTROPHE = re.compile(r"\b(?:[a-z]{1,12}[gnoucsi]['’][a-z]+)\b")



#: A letter other than а-я and ё (in lower-cased text): Latin, Kazakh, any other script.
_NOT_BASIC_RU = re.compile(r"[^\W\d_а-яё]")
#: ``_WORD`` for text whose letters are all а-я and ё: a cheaper class, the same words.
_BASIC_RU_WORD = re.compile(r"[а-яё]+(?:['’][а-яё]+)*")
_SHIFT = 40
_MASK = (1 << _SHIFT) - 1
_MAX_CACHED_WORDS = 500_000


def _is_cyrillic(ch: str) -> bool:
    return "\u0400" <= ch <= "\u04ff"


def _is_latin(ch: str) -> bool:
    return ch.isascii() or "\u00c0" <= ch <= "\u024f"


def language_scores(text: str) -> tuple[str, bool]:
    """Best language for ``text`` and whether the evidence is strong enough to trust alone.

    ``("und", True)`` means the text is recognised as being in another language or script
    (German, Chinese …): it is not coded, and a document made only of such paragraphs is
    reported as unreadable rather than coded as if it were Russian or English.

    Weak evidence (a heading of two words, a line of figures, a paragraph mixing scripts) is
    returned as the best guess with ``False``; the document's dominant language then decides.

    A paragraph whose letters are all basic Russian ones (the common case, either case) takes
    one scan of its characters (:class:`~talentflow.nlp.scan.CyrillicScorer`, compiled where
    the package was built with its extensions). Otherwise letters are counted by compiled
    regular expressions, never a Python loop per character, and only when the decision needs
    them; each distinct word is scored once (a cache of function-word and suffix points). The
    rule is exactly the one of :func:`_language_scores_reference`, which handles the rare texts
    whose lower-casing changes their length or that have fewer than two Cyrillic or Latin
    letters.
    """
    return span_language_scores(text, 0, len(text))


def span_language_scores(text: str, start: int, end: int) -> tuple[str, bool]:
    """:func:`language_scores` of ``text[start:end]``; the common case (every letter а-я/ё)
    is scored in place, without copying the paragraph out of the document's text."""
    if end - start < TEXT_LIMIT:
        packed = _CYRILLIC_SCORER.points(text, start, end)
        n_words = packed & _PACKED_MASK
        if packed >= 0 and n_words >= 2:
            kk2, ru2 = packed >> (2 * _PACKED_SHIFT), (packed >> _PACKED_SHIFT) & _PACKED_MASK
            if kk2 > ru2 and kk2 >= 2:
                return "kk", n_words >= 3
            return "ru", n_words >= 3 and (ru2 >= 2 or n_words >= 5)
    return _general_scores(text[start:end])


def _general_scores(text: str) -> tuple[str, bool]:
    """:func:`language_scores` past the one-scan case."""
    low = text.lower()
    if len(low) != len(text):
        return _language_scores_reference(text)
    if _NOT_BASIC_RU.search(low) is None:
        # Every letter is а-я or ё: no Latin or Kazakh letter, nothing mixed; the words are
        # the runs of those letters (joined by apostrophes).
        words = _BASIC_RU_WORD.findall(low)
        n_words = len(words)
        if n_words < 2 and (n_words == 0 or len(words[0]) < 2):
            return "und", False  # fewer than two letters
        packed = sum(map(_CYRILLIC_POINTS.__getitem__, words))
        kk2, ru2 = packed >> _SHIFT, packed & _MASK
        if kk2 > ru2 and kk2 >= 2:
            return "kk", n_words >= 3
        return "ru", n_words >= 3 and (ru2 >= 2 or n_words >= 5)
    lat = 0 if _LAT_LETTER.search(text) is None else _count(_LAT_RUNS, text)
    if _OTHER_SCRIPT_LETTER.search(text) is not None:
        return _language_scores_reference(text)  # another script: the plain rule decides
    cyr = -1  # not counted yet
    if lat == 0:
        first = _CYR_LETTER.search(text)
        if first is None or _CYR_LETTER.search(text, first.end()) is None:
            return _language_scores_reference(text)  # under two letters of either script
    else:
        cyr = _count(_CYR_RUNS, text)
        if cyr + lat < 2:
            return _language_scores_reference(text)  # other scripts decide whether it has letters
    words = _WORD.findall(low)
    n_words = len(words)
    if cyr < 0 or cyr >= lat:
        mixed = lat > 0 and min(cyr, lat) > 0.3 * max(cyr, lat)
        kk_letters = len(_KK_CYR_LETTER.findall(text))
        if kk_letters >= 2:
            if cyr < 0:
                cyr = _count(_CYR_RUNS, text)
            if kk_letters / max(cyr, 1) >= KK_LETTER_RATIO:
                return "kk", not mixed and (n_words >= 2 or kk_letters >= 2)
        # points in halves: a function word 2, a long word with a typical ending 1
        packed = sum(map(_CYRILLIC_POINTS.__getitem__, words))
        kk2, ru2 = (packed >> _SHIFT) + 2 * kk_letters, packed & _MASK
        if kk2 > ru2 and kk2 >= 2:
            return "kk", not mixed and n_words >= 3
        return "ru", not mixed and n_words >= 3 and (ru2 >= 2 or n_words >= 5)
    mixed = min(cyr, lat) > 0.3 * max(cyr, lat)
    kk_letters = len(_KK_LAT_LETTER.findall(text))
    apostrophes = len(_KK_APOSTROPHE.findall(low))
    packed = sum(map(_LATIN_POINTS.__getitem__, words))
    kk2, en2 = packed >> _SHIFT, packed & _MASK
    foreign = sum(1 for w in words if w in _OTHER_LATIN_WORDS)
    if _foreign_latin(foreign, en2 // 2, kk2 // 2):
        return "und", True
    kk_score2 = kk2 + 4 * kk_letters + 2 * apostrophes  # twice the reference's kk_score
    if kk_score2 > 3 * (en2 // 2) and kk_score2 >= 4:
        return "kk", not mixed and n_words >= 3
    return "en", not mixed and n_words >= 3 and (en2 >= 2 or n_words >= 5)


def _endings(suffix: re.Pattern[str] | None) -> tuple[str, ...]:
    """The alternatives of a ``(?:a|b|…)$`` ending pattern, for ``str.endswith``."""
    if suffix is None:
        return ()
    body = suffix.pattern
    assert body.startswith("(?:") and body.endswith(")$")
    return tuple(body[3:-2].split("|"))


class _WordPoints(dict):
    """Word → packed points ``(kk << _SHIFT) | other``, in halves, computed once per word.

    ``kk``: 2 for a Kazakh function word, +1 for a word of more than four letters with a
    Kazakh ending; ``other`` likewise for the other language (Russian, or English without
    endings). Summing packed values sums both scores in one C-level ``sum(map(...))``.
    """

    def __init__(self, kk_words: frozenset[str], kk_suffix: re.Pattern[str],
                 other_words: frozenset[str], other_suffix: re.Pattern[str] | None) -> None:
        super().__init__()
        self.kk_words, self.kk_endings = kk_words, _endings(kk_suffix)
        self.other_words, self.other_endings = other_words, _endings(other_suffix)

    def __missing__(self, word: str) -> int:
        # ``str.endswith`` with the pattern's alternatives: the same test as the pattern's
        # ``search`` (a word holds no newline for ``$`` to stop before), without a regex scan.
        if len(word) > 4:
            kk = 2 * (word in self.kk_words) + word.endswith(self.kk_endings)
            other = 2 * (word in self.other_words) + word.endswith(self.other_endings)
        else:
            kk = 2 * (word in self.kk_words)
            other = 2 * (word in self.other_words)
        if len(self) >= _MAX_CACHED_WORDS:
            self.clear()
        self[word] = value = (kk << _SHIFT) | other
        return value


_CYRILLIC_POINTS = _WordPoints(_KK_WORDS, _KK_SUFFIX, _RU_WORDS, _RU_SUFFIX)
_KK_ENDINGS, _RU_ENDINGS = _CYRILLIC_POINTS.kk_endings, _CYRILLIC_POINTS.other_endings
_LATIN_POINTS = _WordPoints(_KK_LATIN_WORDS, _KK_LATIN_SUFFIX, _EN_WORDS, None)


_PACKED_SHIFT = 21
_PACKED_MASK = (1 << _PACKED_SHIFT) - 1
_CYRILLIC_SCORER = CyrillicScorer(_KK_WORDS, _RU_WORDS, _KK_ENDINGS, _RU_ENDINGS)


def _count(runs: re.Pattern[str], text: str) -> int:
    """Characters of ``text`` in the runs the pattern finds."""
    return sum(map(len, runs.findall(text)))


def _language_scores_reference(text: str) -> tuple[str, bool]:
    """The language rule written plainly, one character and one word at a time.

    :func:`language_scores` computes the same result faster; this version is used for texts
    whose lower-casing changes their length and for those with fewer than two Cyrillic or
    Latin letters, and tests compare the two.
    """
    letters = [ch for ch in text if ch.isalpha()]
    if len(letters) < 2:
        return "und", False
    cyr = sum(1 for ch in letters if _is_cyrillic(ch))
    lat = sum(1 for ch in letters if _is_latin(ch))
    if cyr + lat < len(letters) - (cyr + lat):
        return "und", True  # mostly another script: recognised as not Russian, Kazakh or English
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
    apostrophes = len(_KK_APOSTROPHE.findall(text.lower()))
    kk = sum(1 for w in words if w in _KK_LATIN_WORDS) + sum(
        0.5 for w in words if len(w) > 4 and _KK_LATIN_SUFFIX.search(w)
    )
    en = sum(1 for w in words if w in _EN_WORDS)
    kk_words = sum(1 for w in words if w in _KK_LATIN_WORDS)
    if _foreign_latin(sum(1 for w in words if w in _OTHER_LATIN_WORDS), en, kk_words):
        return "und", True
    kk_score = kk + 2 * kk_letters + apostrophes
    if kk_score > en * 1.5 and kk_score >= 2:
        return "kk", not mixed and n_words >= 3
    return "en", not mixed and n_words >= 3 and (en >= 1 or n_words >= 5)


def _foreign_latin(foreign: int, en: int, kk: int) -> bool:
    """Function words of another Latin-script language outnumber the English and Kazakh ones."""
    return foreign >= 2 and foreign > 2 * en and foreign > 2 * kk


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
