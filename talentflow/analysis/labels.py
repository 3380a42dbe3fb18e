"""Words of the analysis outputs in ru, kk and en: headings, legend, scale and notes.

The report has its own message catalogues; the matrix files and the chart are written by the
analysis stage alone, so they carry the few labels they need here.
"""

from __future__ import annotations

from talentflow.analysis.matrix import COVERAGE_FORMULA
from talentflow.coding.model import LEVELS, Codebook

LANGS = ("en", "ru", "kk")

LABELS: dict[str, dict[str, str]] = {
    "en": {
        "title": "Depth of policy coverage by document",
        "document": "Document",
        "category": "Category",
        "level": "Depth level",
        "gap": "acknowledged gap",
        "coverage": "Coverage",
        "date": "Date",
        "completeness": "Text",
        "undated": "undated",
        "partial": "partial text",
        "secondary": "secondary sources only",
        "scale": "Depth scale (0–4)",
        "quotes": "Evidence quotes",
        "source": "Source: automatic coding by talentflow, codebook {codebook} v{version}; {n} documents.",
        "formula": "Coverage formula",
        "markers": "Marks",
    },
    "ru": {
        "title": "Глубина охвата тем по документам",
        "document": "Документ",
        "category": "Категория",
        "level": "Уровень",
        "gap": "признанный пробел",
        "coverage": "Охват",
        "date": "Дата",
        "completeness": "Текст",
        "undated": "без даты",
        "partial": "неполный текст",
        "secondary": "только вторичные источники",
        "scale": "Шкала глубины (0–4)",
        "quotes": "Цитаты-обоснования",
        "source": "Источник: автоматическое кодирование talentflow, кодбук {codebook} v{version}; документов: {n}.",
        "formula": "Формула охвата",
        "markers": "Пометки",
    },
    "kk": {
        "title": "Құжаттар бойынша тақырыптарды қамту тереңдігі",
        "document": "Құжат",
        "category": "Санат",
        "level": "Деңгей",
        "gap": "мойындалған олқылық",
        "coverage": "Қамту",
        "date": "Күні",
        "completeness": "Мәтін",
        "undated": "күні жоқ",
        "partial": "толық емес мәтін",
        "secondary": "тек қосалқы дереккөздер",
        "scale": "Тереңдік шкаласы (0–4)",
        "quotes": "Дәйексөздер",
        "source": "Дереккөз: talentflow автоматты кодтауы, кодбук {codebook} v{version}; құжаттар саны: {n}.",
        "formula": "Қамту формуласы",
        "markers": "Белгілер",
    },
}

#: Marks placed next to a cell whose document is not available in full.
COMPLETENESS_MARK = {"full": "", "partial": "†", "secondary": "‡"}
GAP_MARK = "!"


def check_lang(lang: str) -> str:
    if lang not in LABELS:
        raise ValueError(f"unknown language {lang!r}; choose one of {', '.join(LANGS)}")
    return lang


def label(key: str, lang: str) -> str:
    return LABELS[check_lang(lang)][key]


def category_name(codebook: Codebook, cid: str, lang: str) -> str:
    """The category's name in ``lang``, falling back to English, then to its id."""
    try:
        names = codebook.category(cid).name
    except KeyError:
        return cid
    return names.get(lang) or names.get("en") or cid


def scale_lines(lang: str) -> list[str]:
    return [f"{level} — {LEVELS[level][lang]}" for level in sorted(LEVELS)]


def marker_lines(lang: str) -> list[str]:
    return [
        f"{GAP_MARK} — {label('gap', lang)}",
        f"{COMPLETENESS_MARK['partial']} — {label('partial', lang)}",
        f"{COMPLETENESS_MARK['secondary']} — {label('secondary', lang)}",
    ]


def notes(lang: str) -> list[str]:
    """The notes every output carries: the depth scale, the coverage formula and the marks."""
    return [
        f"{label('scale', lang)}:",
        *scale_lines(lang),
        f"{label('formula', lang)}: {COVERAGE_FORMULA}",
        f"{label('markers', lang)}: " + "; ".join(marker_lines(lang)),
    ]


def cell_text(level: int, gap: bool, completeness: str) -> str:
    """``2!†`` style: level, gap mark, completeness mark of the document."""
    return f"{level}{GAP_MARK if gap else ''}{COMPLETENESS_MARK.get(completeness, '?')}"
