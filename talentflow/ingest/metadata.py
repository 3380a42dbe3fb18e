"""What a document says about itself: act type, number, date, issuer, period, title.

Policy acts state their requisites in the first lines ("Постановление Правительства Республики
Казахстан от 30 ноября 2022 года № 961"; "… Президентінің 2007 жылғы 28 тамыздағы N 399
Жарлығы"). Only that requisites line is trusted for number and date: preambles cite other acts
with their own numbers and dates ("… от 29 ноября 2017 года № 790"), which must not be taken
for the document's own. Act types and issuers of ru and kk texts are given in Russian (the
register's language), those of English texts in English, so one column compares across files.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

_MONTHS = {
    # ru (genitive), kk (stems), en
    "январ": 1, "феврал": 2, "март": 3, "апрел": 4, "ма": 5, "июн": 6, "июл": 7, "август": 8,
    "сентябр": 9, "октябр": 10, "ноябр": 11, "декабр": 12,
    "қаңтар": 1, "ақпан": 2, "наурыз": 3, "сәуір": 4, "мамыр": 5, "маусым": 6, "шілде": 7,
    "тамыз": 8, "қыркүйек": 9, "қазан": 10, "қараша": 11, "желтоқсан": 12,
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9,
    "oct": 10, "nov": 11, "dec": 12,
}
_RU_MONTH = r"(января|февраля|марта|апреля|мая|июня|июля|августа|сентября|октября|ноября|декабря)"
_KK_MONTH = r"(қаңтар|ақпан|наурыз|сәуір|мамыр|маусым|шілде|тамыз|қыркүйек|қазан|қараша|желтоқсан)\w*"
_EN_MONTH = r"(January|February|March|April|May|June|July|August|September|October|November|December)"

DATE_PATTERNS = (
    (re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b"), "ymd"),
    (re.compile(r"\b(\d{1,2})\s+" + _RU_MONTH + r"\s+(\d{4})", re.I), "dMy"),
    (re.compile(r"\b(\d{4})\s+жылғы\s+(\d{1,2})\s+" + _KK_MONTH, re.I), "ydM"),
    (re.compile(r"\b(\d{1,2})\s+" + _KK_MONTH + r",?\s+(\d{4})", re.I), "dMy"),
    (re.compile(r"\b(\d{1,2})\s+" + _EN_MONTH + r",?\s+(\d{4})", re.I), "dMy"),
    (re.compile(r"\b" + _EN_MONTH + r"\s+(\d{1,2}),\s+(\d{4})", re.I), "Mdy"),
    (re.compile(r"\b(\d{1,2})\.(\d{1,2})\.(\d{4})\b"), "dmy"),
)


def _month(word: str) -> int:
    word = word.lower()
    for stem in sorted(_MONTHS, key=len, reverse=True):
        if word.startswith(stem):
            return _MONTHS[stem]
    raise ValueError(word)


def _to_date(groups: tuple[str, ...], order: str) -> dt.date:
    if order == "ymd":
        y, m, d = int(groups[0]), int(groups[1]), int(groups[2])
    elif order == "dmy":
        d, m, y = int(groups[0]), int(groups[1]), int(groups[2])
    elif order == "dMy":
        d, m, y = int(groups[0]), _month(groups[1]), int(groups[2])
    elif order == "ydM":
        y, d, m = int(groups[0]), int(groups[1]), _month(groups[2])
    else:  # Mdy
        m, d, y = _month(groups[0]), int(groups[1]), int(groups[2])
    return dt.date(y, m, d)


def find_date(text: str) -> tuple[dt.date, int] | None:
    """The first full date written in ``text`` (any of the supported forms) and its position."""
    found = []
    for pattern, order in DATE_PATTERNS:
        for m in pattern.finditer(text):
            try:
                found.append((m.start(), _to_date(m.groups(), order)))
            except ValueError:
                continue
            break
    if not found:
        return None
    pos, date = min(found)
    return date, pos


def parse_date(value: str) -> dt.date | None:
    """A date written as a whole value (manifest cell): ISO, "28.08.2007", "30 ноября 2022" …

    Returns ``None`` for partial dates ("2020-01", "19 September", "Dec. 2020"); raises
    ``ValueError`` for values that are no date at all or impossible ones ("2022-13-45").
    """
    value = value.strip()
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return dt.date.fromisoformat(value)
    found = find_date(value)
    if found:
        return found[0]
    if re.search(r"\b\d{4}\b", value) or re.search(r"[^\W\d_]{3,}", value) and _has_month(value):
        if re.fullmatch(r"\d{4}-\d{2}", value) and not 1 <= int(value[5:]) <= 12:
            raise ValueError(f"not a date: {value!r}")
        return None
    raise ValueError(f"not a date: {value!r}")


def _has_month(value: str) -> bool:
    for word in re.findall(r"[^\W\d_]+", value.lower()):
        try:
            _month(word)
            return len(word) >= 3
        except ValueError:
            continue
    return False


# Act types: surface stem → canonical name.
_ACT_RU = {
    "указ": "указ", "постановлени": "постановление", "закон": "закон", "концепци": "концепция",
    "приказ": "приказ", "распоряжени": "распоряжение", "решени": "решение", "послани": "послание",
    "жарлы": "указ", "қаулы": "постановление", "заң": "закон", "тұжырымдама": "концепция",
    "бұйры": "приказ", "өкім": "распоряжение", "шешім": "решение", "жолдау": "послание",
}
_ACT_EN = {
    "decree": "decree", "resolution": "resolution", "law": "law", "concept": "concept",
    "report": "report", "address": "address", "speech": "speech", "order": "order",
    "strategy": "strategy", "programme": "programme", "program": "programme", "profile": "report",
}
_ACT_WORD = re.compile(
    r"\b(указ\w*|постановлени\w*|закон\w*|концепци\w*|приказ\w*|распоряжени\w*|жарлы\w*|қаулы\w*|"
    r"заң\w*|тұжырымдама\w*|бұйры\w*|decree|resolution|law|concept|report|address|speech|order)\b",
    re.I,
)
# Issuers: surface stem → (ru/kk canonical, en canonical)
_ISSUERS = (
    (r"президент|елбас|president", "Президент", "President"),
    (r"правительств|үкімет|government|cabinet", "Правительство", "Government"),
    (r"парламент|мәжіліс|сенат|parliament", "Парламент", "Parliament"),
    (r"министерств|министр|министрлі|ministry|minister", "Министерство", "Ministry"),
    (r"акимат|әкімдік|akimat", "Акимат", "Akimat"),
    (r"маслихат|мәслихат|maslikhat", "Маслихат", "Maslikhat"),
)
_NUMBER = re.compile(r"(?:№|\bN|\bNo\.?|\bNr\.?)\s*(\d+[\w/\-]*)")
_PERIOD = re.compile(
    r"\b((?:19|20)\d{2})\s*(?:[-–—]|\s(?:до|to|until)\s)\s*((?:19|20)\d{2})\s*"
    r"(?:годы|годов|гг\.?|год|жылдарға|жылдар\w*|жж\.?|years)?",
    re.I,
)
_DECREE_VERBS = (
    (re.compile(r"ПОСТАНОВЛЯ(?:Ю|ЕТ)", re.U), None),
    (re.compile(r"ҚАУЛЫ ЕТЕМІН"), "указ"),
    (re.compile(r"ҚАУЛЫ ЕТЕДІ"), "постановление"),
)


#: Headings that open a table of contents, never a title.
_CONTENTS_HEADS = frozenset(("оглавление", "содержание", "мазмұны", "contents", "table of contents"))


@dataclass
class TextMeta:
    """Metadata read from a text; every field may be missing."""

    title: str | None = None
    act_type: str | None = None
    number: str | None = None
    date: dt.date | None = None
    issuer: str | None = None
    period: str | None = None


def _canonical_act(word: str) -> str | None:
    low = word.lower()
    if low in _ACT_EN:
        return _ACT_EN[low]
    for stem in sorted(_ACT_RU, key=len, reverse=True):
        if low.startswith(stem):
            return _ACT_RU[stem]
    return None


def _issuer(text: str, english: bool, last: bool = False) -> str | None:
    """The body named first in ``text`` (``last``: the one named nearest its end)."""
    best: tuple[int, str] | None = None
    for pattern, ru, en in _ISSUERS:
        found = list(re.finditer(r"\b(?:" + pattern + r")\w*", text, re.I))
        if not found:
            continue
        pos = found[-1].start() if last else found[0].start()
        if best is None or (pos > best[0] if last else pos < best[0]):
            best = (pos, en if english else ru)
    return best[1] if best else None


def _requisites(paragraphs: list[str]) -> tuple[str, str] | None:
    """The line that names the act itself, and its act word.

    ru/en: starts with the act type ("Постановление Правительства … от … № 961", "Decree of the
    President … No. 602"); kk: ends with the number and the act type in the nominative
    ("… 2007 жылғы 28 тамыздағы N 399 Жарлығы").
    """
    for para in paragraphs:
        head = para.strip().lstrip("«\"")
        m = _ACT_WORD.match(head)
        if m and _NUMBER.search(head) and find_date(head) and m.group(1)[0].isupper():
            word = m.group(1).lower()
            if word.startswith(("указ", "постановление", "закон", "приказ", "распоряжение")) and not word.endswith(
                ("ом", "ем", "ию", "у", "а")
            ) or word in _ACT_EN:
                return head, m.group(1)
        m = re.search(
            r"(?:№|\bN)\s*\d+[\w/\-]*\s+(Жарлығы|қаулысы|Қаулысы|Заңы|бұйрығы|Бұйрығы|өкімі|Өкімі|шешімі|Шешімі)\b",
            head,
        )
        if m and find_date(head[: m.start()]):
            return head[: m.end()], m.group(1)
    return None


def extract_metadata(text: str, paragraphs: list[str] | None = None, language: str | None = None) -> TextMeta:
    """Metadata from the opening of ``text`` (its first paragraphs)."""
    if paragraphs is None:
        paragraphs = [p for p in re.split(r"\n\s*\n|\n", text[:6000]) if p.strip()]
    head = paragraphs[:12]
    english = language == "en" or (language is None and not re.search(r"[\u0400-\u04ff]", " ".join(head)))
    meta = TextMeta()
    titles = [p.strip() for p in head if p.strip().lower().rstrip(".:") not in _CONTENTS_HEADS]
    if titles and len(titles[0]) <= 400:
        meta.title = titles[0]
    req = _requisites(head)
    if req:
        line, word = req
        meta.act_type = _canonical_act(word)
        number = _NUMBER.search(line)
        meta.number = number.group(1) if number else None
        found = find_date(line)
        meta.date = found[0] if found else None
        meta.issuer = _issuer(line, english)
    else:
        joined = "\n".join(head)
        for pattern, act in _DECREE_VERBS:
            m = pattern.search(joined)
            if m:
                line = joined[max(0, joined.rfind("\n", 0, m.start()) + 1) : m.end()]
                issuer = _issuer(line, english, last=True)
                meta.issuer = issuer
                meta.act_type = act or ("указ" if issuer == "Президент" else "постановление")
                break
        if meta.act_type is None and meta.title:
            m = _ACT_WORD.search(meta.title)
            if m and (m.start() == 0 or re.search(r"(?:Заңы|заңы|Law|Address|Speech|Report)\b", meta.title)):
                meta.act_type = _canonical_act(m.group(1))
        if english:
            m = re.search(r"\b(?:dated|of)\s+(\d{1,2}\s+" + _EN_MONTH + r",?\s+\d{4})", "\n".join(head[:3]), re.I)
            if m:
                found = find_date(m.group(1))
                meta.date = found[0] if found else None
    if meta.issuer is None and meta.act_type in ("закон", "law"):
        meta.issuer = "Parliament" if english else "Парламент"
    for candidate in ([meta.title] if meta.title else []) + head[:4]:
        m = _PERIOD.search(candidate)
        if m and int(m.group(1)) < int(m.group(2)):
            meta.period = f"{m.group(1)}-{m.group(2)}"
            break
    return meta


_TYPE_BY_ACT = {
    "закон": "law", "law": "law",
    "указ": "bylaw", "постановление": "bylaw", "приказ": "bylaw", "распоряжение": "bylaw",
    "решение": "bylaw", "decree": "bylaw", "resolution": "bylaw", "order": "bylaw",
    "концепция": "concept", "concept": "concept", "strategy": "concept", "programme": "concept",
    "послание": "address", "address": "address", "speech": "address", "article": "address",
    "report": "report", "profile": "report", "доклад": "report",
    "press": "press", "foreign_practice": "foreign_practice", "international": "international",
}
_CONCEPT_TITLE = re.compile(r"концепци|тұжырымдама|concept|программ|бағдарлама|programme|program\b|стратеги|strategy", re.I)


def infer_doc_type(act_type: str | None, title: str | None) -> str | None:
    """The document type from the act type and title (``None`` when neither says).

    A decree or resolution that approves a concept or programme is the concept: its text is the
    policy, the decree is only its wrapper. Types in :data:`talentflow.ingest.model.DOC_TYPES`.
    """
    kind = _TYPE_BY_ACT.get((act_type or "").strip().lower())
    if kind in (None, "bylaw") and title and _CONCEPT_TITLE.search(title):
        return "concept"
    return kind
