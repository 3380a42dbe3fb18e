"""Languages of the web pages: which one a request gets, and its message catalogue.

A page's strings are msgids in English looked up first in the web catalogue
(``talentflow/web/locales/<lang>/LC_MESSAGES/web.po``) and then in the report's, so the terms
the report already translates (categories of the matrix, discrepancies, practice …) read the
same on the web. Plain ``.po`` files, compiled in memory like the report's.
"""

from __future__ import annotations

import functools
import gettext
import io
from importlib import resources

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from talentflow.locales import LOCALES
from talentflow.report.i18n import LANGS
from talentflow.report.i18n import translations as report_translations

DEFAULT = "en"
COOKIE = "tf_lang"


def catalogue_path(lang: str):
    return resources.files("talentflow.web") / "locales" / lang / "LC_MESSAGES" / "web.po"


@functools.lru_cache(maxsize=8)
def translations(lang: str) -> gettext.GNUTranslations:
    with catalogue_path(lang).open("rb") as fh:
        catalog = read_po(fh, locale=LOCALES[lang].split("_")[0], domain="web")
    buf = io.BytesIO()
    write_mo(buf, catalog)
    buf.seek(0)
    tr = gettext.GNUTranslations(buf)
    tr.add_fallback(report_translations(lang))
    return tr


def from_accept_language(header: str | None) -> str | None:
    """The first of ru/kk/en the browser asks for, by its q-values; None when it asks for none."""
    best: list[tuple[float, int, str]] = []
    for i, part in enumerate((header or "").split(",")):
        piece = part.strip().split(";")
        tag = piece[0].strip().lower().split("-")[0]
        q = 1.0
        for p in piece[1:]:
            if p.strip().startswith("q="):
                try:
                    q = float(p.strip()[2:])
                except ValueError:
                    q = 0.0
        if tag in LANGS and q > 0:
            best.append((-q, i, tag))
    return min(best)[2] if best else None


def choose(query: str | None, cookie: str | None, accept: str | None) -> str:
    """``?lang=`` first, then the remembered choice, then the browser's, then English."""
    for candidate in (query, cookie):
        if candidate in LANGS:
            return candidate
    return from_accept_language(accept) or DEFAULT


class Messages:
    """The catalogue of one language, with ``{name}`` placeholders filled by keyword."""

    def __init__(self, lang: str):
        self.lang = lang
        self._tr = translations(lang)

    def __call__(self, msg: str, **kw: object) -> str:
        text = self._tr.gettext(msg)
        return text.format(**kw) if kw else text
