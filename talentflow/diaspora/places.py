"""Countries of a profile: what a person types (a name in Russian, Kazakh or English, or an ISO
code) → the ISO 3166-1 country, through the statistics package's resolver.

Why the resolver and not a list of our own: it already knows the names Kazakh and Russian tables
use ("РФ", "Ресей", "Korea, Rep.") and every ISO name (pycountry). What it does not know — the
plain CLDR names of a country in Russian or Kazakh ("Германия", "Франция", "Ұлыбритания") — is
looked up in the CLDR territory names Babel ships, the same names the report prints. A region or
group (EU, CIS, "other countries") is refused: a person lives in one country.

The profile keeps ISO alpha-2 (what ORCID records give, and what the match filter compares).
"""

from __future__ import annotations

from functools import cache

import pycountry
from babel import Locale

from talentflow.locales import LOCALES
from talentflow.stats.countries import is_aggregate, resolve_country
from talentflow.stats.errors import UnknownCountryError


class CountryError(ValueError):
    """Not a country: ``reason`` is ``unknown`` or ``aggregate``."""

    def __init__(self, text: str, reason: str) -> None:
        super().__init__(f"{text!r}: {reason}")
        self.text, self.reason = text, reason


def _key(text: str) -> str:
    return " ".join(text.casefold().replace("ё", "е").split())


@cache
def _cldr_names() -> dict[str, str]:
    """CLDR country names in ru, kk and en → ISO alpha-3."""
    out: dict[str, str] = {}
    for lang in ("en", "ru", "kk"):
        for code, name in Locale.parse(LOCALES.get(lang, lang)).territories.items():
            c = pycountry.countries.get(alpha_2=code) if len(code) == 2 and code.isalpha() else None
            if c is not None:
                out.setdefault(_key(name), c.alpha_3)
    return out


def country_iso3(text: str) -> str:
    """ISO alpha-3 of a country named or coded in ru/kk/en; :class:`CountryError` otherwise."""
    text = (text or "").strip()
    if not text:
        raise CountryError(text, "unknown")
    try:
        iso3 = resolve_country(text)
    except UnknownCountryError:
        found = _cldr_names().get(_key(text))
        if found is None:
            raise CountryError(text, "unknown") from None
        iso3 = found
    if is_aggregate(iso3) or pycountry.countries.get(alpha_3=iso3) is None:
        raise CountryError(text, "aggregate")
    return iso3


def alpha2(iso3: str) -> str:
    c = pycountry.countries.get(alpha_3=iso3)
    if c is None:
        raise CountryError(iso3, "unknown")
    return c.alpha_2


def alpha3(iso2: str | None) -> str | None:
    c = pycountry.countries.get(alpha_2=iso2) if iso2 else None
    return c.alpha_3 if c is not None else None
