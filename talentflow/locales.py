"""The languages talentflow writes in and how each writes numbers.

One table of Babel locales serves the report, the charts and the recommendation texts, so a
figure reads the same wherever it appears (1,021,000 · 1 021 000; 35.5 · 35,5).
"""

from __future__ import annotations

from babel.numbers import format_decimal

#: Interface and report language → Babel locale.
LOCALES = {"ru": "ru_RU", "kk": "kk_KZ", "en": "en"}


def format_number(value: float, lang: str, decimals: int = 0) -> str:
    """``value`` with the language's digit grouping and decimal mark, ``decimals`` fixed digits."""
    pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
    return format_decimal(round(float(value), decimals), format=pattern, locale=LOCALES.get(lang, "en"))
