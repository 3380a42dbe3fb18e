"""Where the store is: a path becomes an SQLite URL, a URL is used as given, nothing means the
default store (``$TALENTFLOW_STORE``, else the embedded SQLite file in the user's cache)."""

from __future__ import annotations

import os
from pathlib import Path

import sqlalchemy as sa

from talentflow.db.errors import StoreError

#: Environment variable naming the default store (a path or a database URL).
STORE_ENV = "TALENTFLOW_STORE"

StoreTarget = str | os.PathLike[str] | None


def default_store_path() -> Path:
    """The embedded store: ``$XDG_CACHE_HOME/talentflow/store.sqlite`` (``~/.cache`` when unset)."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "talentflow" / "store.sqlite"


def is_embedded(target: StoreTarget) -> bool:
    """True when ``target`` means the embedded default store (no target, no ``$TALENTFLOW_STORE``):
    a cache talentflow owns, which it may upgrade by itself."""
    return target is None and not os.environ.get(STORE_ENV)


def resolve_url(target: StoreTarget = None) -> str:
    """The SQLAlchemy URL of ``target``.

    ``postgresql://`` and ``postgres://`` get the psycopg 3 driver (SQLAlchemy would otherwise
    look for psycopg2, which talentflow does not install); a plain path becomes ``sqlite:///``."""
    if target is None:
        target = os.environ.get(STORE_ENV) or default_store_path()
    text = os.fspath(target)
    if "://" not in text:
        return f"sqlite:///{Path(text).expanduser()}"
    for prefix in ("postgresql://", "postgres://"):
        if text.startswith(prefix):
            return "postgresql+psycopg://" + text[len(prefix):]
    return text


def describe(url: str | sa.URL) -> str:
    """The URL as it may be shown: password hidden, an SQLite file as its plain path."""
    try:
        u = sa.make_url(url) if isinstance(url, str) else url
    except sa.exc.ArgumentError:
        return str(url)
    if u.get_backend_name() == "sqlite" and u.database and u.database != ":memory:":
        return u.database
    return u.render_as_string(hide_password=True)


def parse_url(url: str) -> sa.URL:
    try:
        return sa.make_url(url)
    except sa.exc.ArgumentError as exc:
        raise StoreError(f"{url}: not a store path or database URL ({exc})") from None
