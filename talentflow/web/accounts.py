"""Users, sessions, login attempts, the audit log and the signing secret, on the store's database.

Passwords are argon2id hashes (argon2-cffi); a session cookie carries a random token whose
sha256 is the row's key, so a copy of the database gives no usable session. The audit log has
``record`` and ``read`` and nothing else; the database refuses updates and deletes as well.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from collections.abc import Sequence
from dataclasses import dataclass

import sqlalchemy as sa
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from talentflow import db
from talentflow.web.tables import ROLES, audit_log, login_attempts, sessions, settings, users

SESSION_COOKIE = "tf_session"
SESSION_DAYS = 7
#: after this many failed logins for one name within LOCK_MINUTES, the name is locked that long
LOCK_AFTER = 5
LOCK_MINUTES = 15
#: more failed logins than this from one address within LOCK_MINUTES are refused outright
IP_LIMIT = 20
NAME_CHARS = set("abcdefghijklmnopqrstuvwxyz0123456789_.-@")

_hasher = PasswordHasher()


class AccountError(ValueError):
    """A user could not be created or changed; the message says why."""


@dataclass(frozen=True)
class User:
    id: int
    name: str
    role: str
    programme: str | None = None


def now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _aware(t: dt.datetime) -> dt.datetime:
    return t if t.tzinfo else t.replace(tzinfo=dt.UTC)  # SQLite hands timestamps back naive


def token_key(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class Accounts:
    """The web application's tables on the store (SQLite file or PostgreSQL URL).

    The tables come with the store's one migration history (``talentflow/db``); every write goes
    through the store's write transaction."""

    def __init__(self, target: str | None):
        self.engine = db.connect(target)

    def close(self) -> None:
        self.engine.dispose()

    # --- settings -----------------------------------------------------------------------------

    def secret(self) -> str:
        """The key that signs cookies and CSRF tokens, made once per database and shared by all
        workers (so a request may land on any of them)."""
        with db.write_transaction(self.engine) as c:
            db.insert_ignore(c, settings, [{"name": "secret", "value": secrets.token_urlsafe(48)}])
        with self.engine.connect() as c:  # whichever worker wrote it first, all read the same one
            return c.execute(sa.select(settings.c.value).where(settings.c.name == "secret")).scalar_one()

    # --- users --------------------------------------------------------------------------------

    def add_user(self, name: str, role: str, password: str, programme: str | None = None) -> User:
        name = name.strip().lower()
        if not name or not set(name) <= NAME_CHARS or len(name) > 64:
            raise AccountError(f"user name {name!r}: use 1–64 of a-z, 0-9, _ . - @")
        if role not in ROLES:
            raise AccountError(f"role {role!r}: choose one of {', '.join(ROLES)}")
        if role == "operator" and not programme:
            raise AccountError("an operator needs --programme (the one programme they may see)")
        if role != "operator" and programme:
            raise AccountError("only an operator is limited to a programme")
        if len(password) < 10:
            raise AccountError("the password must have at least 10 characters")
        with db.write_transaction(self.engine) as c:
            if c.execute(sa.select(users.c.id).where(users.c.name == name)).first():
                raise AccountError(f"user {name!r} exists already")
            uid = c.execute(users.insert().values(
                name=name, role=role, programme=programme, password_hash=_hasher.hash(password),
                active=True, created=now())).inserted_primary_key[0]
        return User(uid, name, role, programme)

    def users(self) -> list[User]:
        with self.engine.connect() as c:
            rows = c.execute(sa.select(users).order_by(users.c.name)).all()
        return [User(r.id, r.name, r.role, r.programme) for r in rows]

    def authenticate(self, name: str, password: str) -> User | None:
        """The user when the password matches (rehashing an outdated hash), else None."""
        name = name.strip().lower()
        with self.engine.connect() as c:
            row = c.execute(sa.select(users).where(users.c.name == name, users.c.active.is_(True))).first()
        if row is None:
            _hasher.hash(password)  # the same work as a real check, so timing tells nothing
            return None
        try:
            _hasher.verify(row.password_hash, password)
        except (VerifyMismatchError, VerificationError, InvalidHashError):
            return None
        if _hasher.check_needs_rehash(row.password_hash):
            with db.write_transaction(self.engine) as c:
                c.execute(users.update().where(users.c.id == row.id).values(password_hash=_hasher.hash(password)))
        return User(row.id, row.name, row.role, row.programme)

    # --- login attempts -----------------------------------------------------------------------

    def note_attempt(self, name: str, ip: str, ok: bool) -> None:
        with db.write_transaction(self.engine) as c:
            c.execute(login_attempts.insert().values(name=name.strip().lower()[:64], ip=ip[:64], at=now(), ok=ok))

    def failures(self, *, name: str | None = None, ip: str | None = None) -> int:
        """Failed logins within the lock window since the last success (for a name) or at all (an address)."""
        since = now() - dt.timedelta(minutes=LOCK_MINUTES)
        q = sa.select(login_attempts.c.at, login_attempts.c.ok).where(login_attempts.c.at >= since)
        if name is not None:
            q = q.where(login_attempts.c.name == name.strip().lower())
        if ip is not None:
            q = q.where(login_attempts.c.ip == ip)
        with self.engine.connect() as c:
            rows = c.execute(q.order_by(login_attempts.c.at)).all()
        count = 0
        for r in rows:
            count = 0 if (r.ok and name is not None) else count + (not r.ok)
        return count

    def locked(self, name: str) -> bool:
        return self.failures(name=name) >= LOCK_AFTER

    def throttled(self, ip: str) -> bool:
        return self.failures(ip=ip) >= IP_LIMIT

    # --- sessions -----------------------------------------------------------------------------

    def open_session(self, user: User) -> str:
        """A new random session token (the cookie's value); the database keeps only its hash."""
        token = secrets.token_urlsafe(32)
        t = now()
        with db.write_transaction(self.engine) as c:
            c.execute(sessions.insert().values(id=token_key(token), user_id=user.id, created=t,
                                               expires=t + dt.timedelta(days=SESSION_DAYS)))
        return token

    def session_user(self, token: str) -> User | None:
        q = (sa.select(users, sessions.c.expires).join(sessions, sessions.c.user_id == users.c.id)
             .where(sessions.c.id == token_key(token), users.c.active.is_(True)))
        with self.engine.connect() as c:
            row = c.execute(q).first()
        if row is None or _aware(row.expires) < now():
            return None
        return User(row.id, row.name, row.role, row.programme)

    def close_session(self, token: str) -> None:
        with db.write_transaction(self.engine) as c:
            c.execute(sessions.delete().where(sessions.c.id == token_key(token)))

    # --- audit log ----------------------------------------------------------------------------

    def record(self, action: str, *, user: User | None = None, target: str = "", ip: str = "",
               detail: str = "") -> None:
        """Append one entry: who (or anonymous), what, on what, from where; the time is the server's."""
        with db.write_transaction(self.engine) as c:
            c.execute(audit_log.insert().values(
                at=now(), user=user.name if user else None, role=user.role if user else None,
                action=action[:64], target=target[:500], ip=ip[:64], detail=detail))

    def audit(self, limit: int = 500, offset: int = 0) -> Sequence[dict]:
        q = sa.select(audit_log).order_by(audit_log.c.id.desc()).limit(limit).offset(offset)
        with self.engine.connect() as c:
            rows = c.execute(q).mappings().all()
        return [{**r, "at": _aware(r["at"]).isoformat()} for r in rows]
