"""The diaspora directory on the store: profiles with consent, matching, export and erasure.

One object per store (:func:`open_directory`), no HTTP and no terminal: the command line and the
web application call the same methods. Every write runs in the store's write transaction; a
failing import leaves nothing behind. The search index is a cache of the profiles that consented
to *listing*, rebuilt after every change and checked against a stamp of the store before use.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
from collections.abc import Iterable
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from talentflow import db
from talentflow.diaspora import schema as t
from talentflow.diaspora.engagement import EngagementMixin
from talentflow.diaspora.index import ProfileIndex, forget_cached_texts
from talentflow.diaspora.model import (
    CONSENT_TEXT_VERSION,
    KINDS,
    MODES,
    PURPOSES,
    DiasporaError,
    Filters,
    Match,
    Profile,
)
from talentflow.diaspora.orcid import SOURCE, read_record, scrub, valid_orcid

log = logging.getLogger("talentflow.diaspora")

#: What the person is told about transfers; recorded with each consent (Law 94-V).
TRANSFER_STATEMENT = "none: the directory is not transferred to third parties or abroad"


def _now() -> datetime:
    return datetime.now(UTC)


def _j(v: Any) -> str:
    return json.dumps(v, ensure_ascii=False)


def index_folder(url: str) -> Path:
    """Where the index of the store at ``url`` lives: beside an SQLite file, else in the cache."""
    u = sa.make_url(url)
    if u.get_backend_name() == "sqlite" and u.database and u.database != ":memory:":
        p = Path(u.database)
        return p.with_name(p.name + ".diaspora-index")
    digest = hashlib.sha256(db.describe(u).encode()).hexdigest()[:16]
    return db.default_store_path().parent / f"diaspora-index-{digest}"


def _periods_json(periods: Iterable[tuple[date | None, date | None]]) -> str:
    return _j([{"from": a.isoformat() if a else None, "until": b.isoformat() if b else None} for a, b in periods])


def _periods(text: str | None) -> list[tuple[date | None, date | None]]:
    return [(date.fromisoformat(x["from"]) if x.get("from") else None,
             date.fromisoformat(x["until"]) if x.get("until") else None) for x in json.loads(text or "[]")]


def envelope(periods: list[tuple[date | None, date | None]]) -> tuple[date | None, date | None]:
    """The span of the periods: an open end anywhere leaves that side open."""
    if not periods:
        return None, None
    starts, ends = [a for a, _ in periods], [b for _, b in periods]
    return (None if None in starts else min(starts)), (None if None in ends else max(ends))  # type: ignore[type-var]


def _row_profile(r: Any) -> Profile:
    return Profile(orcid=r.orcid, name=r.name, country=r.country, city=r.city, affiliation=r.affiliation,
                   fields=json.loads(r.fields), keywords=json.loads(r.keywords), titles=json.loads(r.titles),
                   biography=r.biography, languages=json.loads(r.languages), kinds=json.loads(r.kinds),
                   available_from=r.available_from, available_until=r.available_until, synthetic=r.synthetic,
                   modes=json.loads(r.modes or "[]"), availability=_periods(r.availability))


#: What the person sets in the profile editor: an import that brings nothing for one of them
#: (an ORCID record has no fields, languages, kinds or availability) keeps what they set.
EDITABLE = ("country", "city", "affiliation", "fields", "keywords", "languages", "kinds", "modes", "availability",
            "available_from", "available_until")


class Directory(EngagementMixin):
    """The diaspora directory of one store."""

    def __init__(self, engine: sa.Engine, index_dir: Path) -> None:
        self.engine = engine
        self.index_dir = index_dir
        self._index: ProfileIndex | None = None
        self._stamp: str | None = None

    def close(self) -> None:
        self.engine.dispose()

    # -- profiles and consent -----------------------------------------------------------------

    def _audit(self, conn: sa.Connection, event: str, actor: str | None, profile_id: int | None = None,
               detail: str | None = None) -> None:
        conn.execute(t.audit.insert().values(at=_now(), event=event, actor=actor, profile_id=profile_id,
                                             detail=detail))

    def _profile_id(self, conn: sa.Connection, orcid: str) -> int | None:
        return conn.execute(sa.select(t.profile.c.id).where(t.profile.c.orcid == orcid)).scalar()

    def _upsert(self, conn: sa.Connection, p: Profile, purposes: Iterable[str], source: str,
                actor: str | None, valid_until: date | None = None) -> str:
        purposes = list(dict.fromkeys(purposes))
        bad = [x for x in purposes if x not in PURPOSES]
        if bad:
            raise DiasporaError(f"consent: unknown purpose {bad[0]!r} (one of {', '.join(PURPOSES)})")
        if not purposes:
            raise DiasporaError(f"{p.orcid}: no consent given: nothing is stored without consent to at least "
                                f"one purpose ({', '.join(PURPOSES)})")
        if any(k not in KINDS for k in p.kinds):
            raise DiasporaError(f"{p.orcid}: unknown engagement kind (one of {', '.join(KINDS)})")
        now = _now()
        values = dict(name=p.name, country=p.country, city=p.city, affiliation=p.affiliation,
                      fields=_j(p.fields), keywords=_j(p.keywords), titles=_j(p.titles),
                      biography=scrub(p.biography), languages=_j(p.languages), kinds=_j(p.kinds),
                      available_from=p.available_from, available_until=p.available_until, source=source,
                      synthetic=p.synthetic, modes=_j(p.modes), availability=_periods_json(p.availability))
        pid = self._profile_id(conn, p.orcid)
        if pid is None:
            pid = conn.execute(t.profile.insert().values(orcid=p.orcid, created_at=now, updated_at=now,
                                                         **values)).inserted_primary_key[0]
            outcome = "created"
        else:
            old = conn.execute(sa.select(*[t.profile.c[k] for k in values]).where(t.profile.c.id == pid)).one()
            kept = dict(old._mapping)
            for k in EDITABLE:  # what the person set in the editor stays unless the import brings a value
                if values[k] in (None, "", "[]"):
                    values[k] = kept[k]
            if kept == values:
                outcome = "unchanged"
            else:
                conn.execute(t.profile.update().where(t.profile.c.id == pid).values(updated_at=now, **values))
                outcome = "updated"
        current = self._consents(conn, pid)
        for purpose in purposes:
            if not current.get(purpose):
                self._record_consent(conn, pid, purpose, True, now, valid_until)
                outcome = "updated" if outcome == "unchanged" else outcome
        self._audit(conn, "import", actor, pid, outcome)
        return outcome

    def _record_consent(self, conn: sa.Connection, pid: int, purpose: str, granted: bool, now: datetime,
                        valid_until: date | None = None) -> None:
        conn.execute(t.consent.insert().values(profile_id=pid, purpose=purpose, granted=granted,
                                               text_version=CONSENT_TEXT_VERSION, recorded_at=now,
                                               valid_until=valid_until, transfer=TRANSFER_STATEMENT))

    def _consents(self, conn: sa.Connection, pid: int) -> dict[str, bool]:
        """The consent in force per purpose: the latest record for it (granted and not expired)."""
        rows = conn.execute(sa.select(t.consent).where(t.consent.c.profile_id == pid)
                            .order_by(t.consent.c.recorded_at, t.consent.c.id)).all()
        out: dict[str, bool] = {}
        today = date.today()
        for r in rows:
            out[r.purpose] = bool(r.granted) and (r.valid_until is None or r.valid_until >= today)
        return out

    def import_orcid(self, paths: Iterable[Path], purposes: Iterable[str], actor: str | None = "cli",
                     extra: dict[str, Any] | None = None, valid_until: date | None = None) -> list[tuple[str, str]]:
        """Import ORCID record files in one transaction (all or nothing); ``(orcid, outcome)`` each,
        outcome ``created``, ``updated`` or ``unchanged`` (importing a file again changes nothing).
        ``valid_until``: the end of the consent the person gave (``None``: until withdrawn)."""
        profiles = [read_record(Path(p)) for p in paths]  # every file parsed before anything is written
        return self.import_records(profiles, purposes, SOURCE, actor, extra, valid_until)

    def import_records(self, profiles: list[Profile], purposes: Iterable[str], source: str | list[str],
                       actor: str | None = "cli", extra: dict[str, Any] | None = None,
                       valid_until: date | None = None) -> list[tuple[str, str]]:
        """Store ORCID records already read (from files, or fetched by iD) in one transaction;
        ``source``: one for all, or one per profile."""
        purposes = list(purposes)
        sources = [source] * len(profiles) if isinstance(source, str) else list(source)
        out = []
        with db.write_transaction(self.engine) as conn:
            for p, src in zip(profiles, sources, strict=True):
                for k, v in (extra or {}).items():
                    setattr(p, k, v)
                out.append((p.orcid, self._upsert(conn, p, purposes, src, actor, valid_until)))
        self.refresh_index()
        return out

    def update_profile(self, orcid: str, edit: dict[str, Any], actor: str | None = "self") -> bool:
        """Apply the person's own edit (keys of :data:`EDITABLE`, already validated by the caller)
        in one transaction, then rebuild the index so matching sees it at once. The audit records
        that the profile was edited, never what. Returns whether anything changed."""
        unknown = set(edit) - set(EDITABLE)
        if unknown:
            raise DiasporaError(f"profile: {sorted(unknown)[0]!r} cannot be edited")
        if any(k not in KINDS for k in edit.get("kinds", [])):
            raise DiasporaError(f"{orcid}: unknown engagement kind (one of {', '.join(KINDS)})")
        if any(m not in MODES for m in edit.get("modes", [])):
            raise DiasporaError(f"{orcid}: unknown mode (one of {', '.join(MODES)})")
        values: dict[str, Any] = {}
        for k, v in edit.items():
            if k in ("fields", "keywords", "languages", "kinds", "modes"):
                values[k] = _j(list(v))
            elif k == "availability":
                values[k] = _periods_json(v)
                values["available_from"], values["available_until"] = envelope(list(v))
            elif k in ("city", "affiliation"):
                values[k] = scrub(v) if v else None
            else:
                values[k] = v
        with db.write_transaction(self.engine) as conn:
            pid = self._require(conn, orcid)
            old = conn.execute(sa.select(*[t.profile.c[k] for k in values]).where(t.profile.c.id == pid)).one()
            changed = dict(old._mapping) != values
            if changed:
                conn.execute(t.profile.update().where(t.profile.c.id == pid).values(updated_at=_now(), **values))
            self._audit(conn, "profile_edit", actor if actor in ("self", "cli", "admin") else "user", pid,
                        "changed" if changed else "unchanged")
        if changed:
            self.refresh_index()
        return changed

    def add_profiles(self, profiles: Iterable[Profile], purposes: Iterable[str], source: str,
                     actor: str | None = "cli") -> int:
        """Store profiles entered otherwise (the web form; the synthetic set, labelled so)."""
        n = 0
        purposes = list(purposes)
        with db.write_transaction(self.engine) as conn:
            for p in profiles:
                if not valid_orcid(p.orcid):
                    raise DiasporaError(f"{p.orcid!r}: not a valid ORCID iD")
                self._upsert(conn, p, purposes, source, actor)
                n += 1
        self.refresh_index()
        return n

    def set_consent(self, orcid: str, purpose: str, granted: bool, actor: str | None = "cli",
                    valid_until: date | None = None) -> None:
        """Give or withdraw consent to one purpose (recorded with time and text version)."""
        if purpose not in PURPOSES:
            raise DiasporaError(f"consent: unknown purpose {purpose!r} (one of {', '.join(PURPOSES)})")
        with db.write_transaction(self.engine) as conn:
            pid = self._require(conn, orcid)
            self._record_consent(conn, pid, purpose, granted, _now(), valid_until)
            self._audit(conn, "consent", actor, pid, f"{purpose}={'granted' if granted else 'withdrawn'}")
        self.refresh_index()

    def _require(self, conn: sa.Connection, orcid: str) -> int:
        pid = self._profile_id(conn, orcid)
        if pid is None:
            raise DiasporaError(f"{orcid}: no such profile in the directory")
        return pid

    def consents(self, orcid: str) -> dict[str, bool]:
        with self.engine.connect() as conn:
            return self._consents(conn, self._require(conn, orcid))

    def read_profile(self, orcid: str, actor: str) -> dict[str, Any]:
        """An institution user's view of a listed profile (no contact details); audited."""
        with db.write_transaction(self.engine) as conn:
            pid = self._require(conn, orcid)
            if not self._consents(conn, pid).get("listing"):
                raise DiasporaError(f"{orcid}: not listed in the directory")
            r = conn.execute(sa.select(t.profile).where(t.profile.c.id == pid)).one()
            self._audit(conn, "profile_read", actor, pid)
        p = _row_profile(r)
        return {"orcid": p.orcid, "name": p.name, "country": p.country, "city": p.city,
                "affiliation": p.affiliation, "fields": p.fields, "keywords": p.keywords, "titles": p.titles,
                "languages": p.languages, "kinds": p.kinds, "modes": p.modes,
                "availability": [{"from": a.isoformat() if a else None, "until": b.isoformat() if b else None}
                                 for a, b in p.availability],
                "available_from": p.available_from.isoformat() if p.available_from else None,
                "available_until": p.available_until.isoformat() if p.available_until else None,
                "synthetic": p.synthetic}

    def export(self, orcid: str, actor: str | None = "self") -> dict[str, Any]:
        """Everything held on the person, as JSON-ready data (their right of access)."""
        with db.write_transaction(self.engine) as conn:
            pid = self._require(conn, orcid)
            self._audit(conn, "export", actor, pid)

            def rows(q: Any) -> list[dict[str, Any]]:
                return [{k: (v.isoformat() if isinstance(v, date | datetime) else v) for k, v in r._mapping.items()}
                        for r in conn.execute(q)]

            prof = rows(sa.select(t.profile).where(t.profile.c.id == pid))[0]
            for k in ("fields", "keywords", "titles", "languages", "kinds", "modes", "availability"):
                prof[k] = json.loads(prof[k])
            return {
                "profile": prof,
                "consents": rows(sa.select(t.consent).where(t.consent.c.profile_id == pid)),
                "invitations": rows(sa.select(t.invitation).where(t.invitation.c.profile_id == pid)),
                "engagements": rows(sa.select(t.engagement).where(t.engagement.c.profile_id == pid)),
                "reports": rows(sa.select(t.report).join(t.engagement).where(t.engagement.c.profile_id == pid)),
                "audit": rows(sa.select(t.audit.c.at, t.audit.c.event, t.audit.c.actor)
                              .where(t.audit.c.profile_id == pid)),
            }

    def erase(self, orcid: str, actor: str | None = "self") -> None:
        """Erase the person: profile, consents, invitations and reports deleted, engagements
        unlinked and stripped of their country, audit rows unlinked; the audit keeps one
        ``erasure`` row without who. Deleted pages are overwritten (``secure_delete``) and the
        write-ahead log is truncated, then the index is rewritten without them."""
        with db.write_transaction(self.engine) as conn:
            if conn.dialect.name == "sqlite":
                conn.exec_driver_sql("PRAGMA secure_delete = ON")
            pid = self._require(conn, orcid)
            eng = sa.select(t.engagement.c.id).where(t.engagement.c.profile_id == pid).scalar_subquery()
            conn.execute(t.report.delete().where(t.report.c.engagement_id.in_(eng)))
            conn.execute(t.engagement.update().where(t.engagement.c.profile_id == pid)
                         .values(profile_id=None, expert_country=None))
            conn.execute(t.audit.update().where(t.audit.c.profile_id == pid).values(profile_id=None, detail=None))
            conn.execute(t.invitation.delete().where(t.invitation.c.profile_id == pid))
            conn.execute(t.consent.delete().where(t.consent.c.profile_id == pid))
            conn.execute(t.profile.delete().where(t.profile.c.id == pid))
            self._audit(conn, "erasure", actor if actor in ("self", "cli", "admin") else "user")
        forget_cached_texts()
        self.refresh_index()
        if self.engine.dialect.name == "sqlite":
            with self.engine.connect() as conn:  # outside any transaction: the driver connection
                raw = conn.connection.driver_connection
                raw.execute("VACUUM")
                raw.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        log.info("diaspora: a profile was erased")

    # -- matching ---------------------------------------------------------------------------

    def _store_stamp(self, conn: sa.Connection) -> str:
        a = conn.execute(sa.select(sa.func.count(), sa.func.max(t.profile.c.updated_at))).one()
        b = conn.execute(sa.select(sa.func.count(), sa.func.max(t.consent.c.id))).one()
        c = conn.execute(sa.select(sa.func.count()).where(t.audit.c.event == "erasure")).scalar()
        return f"{a[0]}|{a[1]}|{b[0]}|{b[1]}|{c}|{date.today().isoformat()}"

    def listed_profiles(self) -> list[Profile]:
        """Profiles whose consent to listing is in force."""
        with self.engine.connect() as conn:
            rows = conn.execute(sa.select(t.profile).order_by(t.profile.c.id)).all()
            return [_row_profile(r) for r in rows if self._consents(conn, r.id).get("listing")]

    def refresh_index(self) -> ProfileIndex:
        """Rebuild the index from the store and write it beside it (replacing the old one)."""
        with self.engine.connect() as conn:
            stamp = self._store_stamp(conn)
        ix = ProfileIndex(self.listed_profiles())
        ix.save(self.index_dir)
        (self.index_dir / "stamp").write_text(stamp, encoding="utf-8")
        self._index, self._stamp = ix, stamp
        return ix

    def index(self) -> ProfileIndex:
        """The current index: the one in memory or on disk when its stamp matches the store."""
        with self.engine.connect() as conn:
            stamp = self._store_stamp(conn)
        if self._index is not None and self._stamp == stamp:
            return self._index
        try:
            if (self.index_dir / "stamp").read_text(encoding="utf-8") == stamp:
                self._index, self._stamp = ProfileIndex.load(self.index_dir), stamp
                return self._index
        except (OSError, ValueError, KeyError):
            pass
        return self.refresh_index()

    def match(self, text: str, lang: str | None = None, top: int = 10, filters: Filters | None = None) -> list[Match]:
        """Listed experts for a request text, best first, with why each matched."""
        if top < 1:
            raise DiasporaError("--top must be 1 or more")
        return self.index().search(text, lang, top, filters)

    def drop_index(self) -> None:
        shutil.rmtree(self.index_dir, ignore_errors=True)


def open_directory(store: str | os.PathLike[str] | None = None) -> Directory:
    """The diaspora directory on ``store`` (path, URL, or ``None`` for the default store)."""
    url = db.resolve_url(store)
    engine = db.connect(store)
    return Directory(engine, index_folder(url))
