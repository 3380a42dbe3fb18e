"""Templates, safe links and CSV output.

Jinja2 autoescapes every value, so text from documents and data is shown, never run. A URL from
data becomes a link only when its scheme is http, https or mailto (a ``javascript:`` or
``data:`` URL stays plain text). CSV cells that a spreadsheet would read as a formula are
neutralised with a leading apostrophe.
"""

from __future__ import annotations

import csv
import io
import json
import math
from collections.abc import Iterable, Mapping
from importlib import resources
from typing import Any
from urllib.parse import urlsplit

from jinja2 import Environment, FileSystemLoader, pass_context, select_autoescape
from markupsafe import Markup, escape

SAFE_SCHEMES = ("http", "https", "mailto")
FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")


def safe_url(url: object) -> str | None:
    """``url`` when it is an absolute http(s) or mailto URL, else None."""
    if not isinstance(url, str):
        return None
    text = url.strip()
    if any(ord(ch) < 32 for ch in text):
        return None
    try:
        parts = urlsplit(text)
    except ValueError:
        return None
    if parts.scheme.lower() not in SAFE_SCHEMES:
        return None
    if parts.scheme.lower() != "mailto" and not parts.netloc:
        return None
    return text


def link(url: object, text: object = None) -> Markup:
    """A link to ``url`` when it is safe, else the escaped text of it."""
    label = url if text in (None, "") else text
    good = safe_url(url)
    if good is None:
        return Markup("<span class=\"url\">{}</span>").format(label if label is not None else "")
    return Markup('<a href="{}" rel="noopener noreferrer nofollow">{}</a>').format(good, label)


@pass_context
def num(ctx: Any, value: object, digits: int = 2) -> str:
    """A number written the page language's way (digit groups, decimal mark); "—" when absent."""
    from talentflow.report.i18n import Lang

    if value is None or isinstance(value, bool) or not isinstance(value, int | float):
        return "—" if value is None else str(value)
    return Lang(ctx.get("lang", "en")).num(value, digits)


@pass_context
def date(ctx: Any, value: object) -> str:
    """An ISO date written the page language's way ("—" when absent)."""
    import datetime as dt

    from talentflow.report.i18n import Lang

    if not value:
        return "—"
    try:
        return Lang(ctx.get("lang", "en")).date(dt.date.fromisoformat(str(value)))
    except ValueError:
        return str(value)


def templates() -> Environment:
    folder = str(resources.files("talentflow.web") / "templates")
    env = Environment(loader=FileSystemLoader(folder), autoescape=select_autoescape(default=True),
                      trim_blocks=True, lstrip_blocks=True)
    env.filters["link"] = link
    env.filters["num"] = num
    env.filters["date"] = date
    env.filters["json_attr"] = lambda v: escape(json.dumps(v, ensure_ascii=False))
    return env


def csv_cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and math.isnan(value):
        return ""
    if isinstance(value, int | float):
        return value
    if isinstance(value, list | tuple):
        value = "; ".join(str(v) for v in value)
    text = str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


def to_csv(rows: Iterable[Mapping[str, Any]], columns: list[str]) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(columns)
    for r in rows:
        w.writerow([csv_cell(r.get(c)) for c in columns])
    return buf.getvalue()
