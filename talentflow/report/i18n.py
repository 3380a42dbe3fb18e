"""Message catalogues, number/date formatting and country names for the report languages.

Catalogues are plain ``.po`` files compiled in memory at run time (babel → GNUTranslations), so
translators edit text files and no binary ``.mo`` has to be committed or rebuilt.
Country names come from the ISO code (pycountry for English, CLDR territory names for ru/kk),
never from text typed into the report, so a report for any country names it correctly.
"""

from __future__ import annotations

import datetime as dt
import functools
import gettext
import io
import math
from importlib import resources

import pycountry
from babel import Locale
from babel.dates import format_date, format_datetime
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_decimal, format_percent

from talentflow.locales import LOCALES

LANGS = ("ru", "kk", "en")
DOMAIN = "talentflow"


def catalogue_path(lang: str):
    return resources.files("talentflow.report") / "locales" / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


@functools.lru_cache(maxsize=8)
def translations(lang: str) -> gettext.NullTranslations:
    """The compiled catalogue of ``lang``; an unknown language is an error, not English by stealth."""
    if lang not in LANGS:
        raise ValueError(f"unsupported report language {lang!r}; choose one of {', '.join(LANGS)}")
    path = catalogue_path(lang)
    with path.open("rb") as fh:
        catalog = read_po(fh, locale=LOCALES[lang].split("_")[0], domain=DOMAIN)
    buf = io.BytesIO()
    write_mo(buf, catalog)
    buf.seek(0)
    return gettext.GNUTranslations(buf)


class Lang:
    """Everything language-dependent the report composers need, bound to one language."""

    def __init__(self, lang: str):
        self.code = lang
        self.locale = LOCALES.get(lang, lang)
        self._tr = translations(lang)

    def unit(self, unit: str) -> str:
        """A unit of the data ("persons", "percent" …) in this language; unknown units as given."""
        if unit == "percent":
            return "%"
        return self._tr.gettext(unit)

    def t(self, msg: str, **kw: object) -> str:
        text = self._tr.gettext(msg)
        return text.format(**kw) if kw else text

    def num(self, value: float | int | None, digits: int = 1) -> str:
        if value is None or math.isnan(value):
            return "—"
        if float(value).is_integer():
            return format_decimal(int(value), locale=self.locale)
        return format_decimal(round(float(value), digits), format="#,##0." + "#" * digits, locale=self.locale)

    def pct(self, share: float | None, digits: int = 0) -> str:
        """A share in [0, 1] as a percentage."""
        if share is None or math.isnan(share):
            return "—"
        fmt = "#,##0" + ("." + "0" * digits if digits else "") + "%"
        return format_percent(share, format=fmt, locale=self.locale)

    def date(self, value: dt.date | None) -> str:
        if value is None:
            return "—"
        return format_date(value, format="long", locale=self.locale)

    def datetime(self, value: dt.datetime) -> str:
        """A UTC timestamp in the locale's medium format, with the zone spelled out."""
        return format_datetime(value, format="medium", tzinfo=dt.UTC, locale=self.locale) + " UTC"

    def inner(self, text: str) -> str:
        """A title placed inside «…» in a ru/kk sentence: its own «…» become „…“ (nested quotes)."""
        return text.replace("«", "„").replace("»", "“") if self.code in ("ru", "kk") else text

    def country(self, iso3: str) -> str:
        return country_name(iso3, self.code)


def country_name(iso3: str, lang: str) -> str:
    """The country's name in ``lang`` from its ISO 3166-1 alpha-3 code (the code itself if unknown)."""
    c = pycountry.countries.get(alpha_3=iso3.upper())
    if c is None:
        return iso3
    if lang == "en":
        return getattr(c, "common_name", None) or c.name
    name = Locale.parse(LOCALES.get(lang, lang)).territories.get(c.alpha_2)
    return name or c.name
