"""Tables of the web application on the same store as the statistics: users, sessions, login
attempts, the audit log and the application's own settings (the signing secret).

Their migration is ``talentflow/db/migrations/versions/0002_web_users_sessions_audit.py`` in the
store's one history; the columns here and there are the same (scripts are written by hand).
"""

from __future__ import annotations

import sqlalchemy as sa

metadata = sa.MetaData()

ROLES = ("viewer", "analyst", "operator", "admin", "expert", "institution")

users = sa.Table(
    "web_user", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("name", sa.String(64), nullable=False, unique=True),
    sa.Column("role", sa.String(16), nullable=False),
    sa.Column("programme", sa.String(64)),  # operators only: the one programme they may see
    sa.Column("password_hash", sa.String(255), nullable=False),
    sa.Column("active", sa.Boolean, nullable=False, default=True),
    sa.Column("created", sa.DateTime(timezone=True), nullable=False),
)

sessions = sa.Table(
    "web_session", metadata,
    sa.Column("id", sa.String(64), primary_key=True),  # sha256 of the random token the cookie carries
    sa.Column("user_id", sa.Integer, sa.ForeignKey("web_user.id"), nullable=False, index=True),
    sa.Column("created", sa.DateTime(timezone=True), nullable=False),
    sa.Column("expires", sa.DateTime(timezone=True), nullable=False),
)

login_attempts = sa.Table(
    "web_login_attempt", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("name", sa.String(64), nullable=False, index=True),
    sa.Column("ip", sa.String(64), nullable=False, index=True),
    sa.Column("at", sa.DateTime(timezone=True), nullable=False, index=True),
    sa.Column("ok", sa.Boolean, nullable=False),
)

audit_log = sa.Table(
    "web_audit", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("at", sa.DateTime(timezone=True), nullable=False, index=True),
    sa.Column("user", sa.String(64)),  # None: anonymous
    sa.Column("role", sa.String(16)),
    sa.Column("action", sa.String(64), nullable=False),
    sa.Column("target", sa.String(500), nullable=False, default=""),
    sa.Column("ip", sa.String(64), nullable=False, default=""),
    sa.Column("detail", sa.Text, nullable=False, default=""),
)

settings = sa.Table(
    "web_setting", metadata,
    sa.Column("name", sa.String(64), primary_key=True),
    sa.Column("value", sa.Text, nullable=False),
)

JOB_STATUSES = ("queued", "running", "done", "failed", "cancelled")

jobs = sa.Table(
    "web_job", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("kind", sa.String(32), nullable=False),  # code_upload, import_stats, build_report, fetch_adilet
    sa.Column("status", sa.String(16), nullable=False, index=True),
    sa.Column("progress", sa.Integer, nullable=False, default=0),  # 0–100
    sa.Column("message", sa.String(500), nullable=False, default=""),
    sa.Column("user", sa.String(64), nullable=False),
    sa.Column("created", sa.DateTime(timezone=True), nullable=False),
    sa.Column("started", sa.DateTime(timezone=True)),
    sa.Column("finished", sa.DateTime(timezone=True)),
    sa.Column("error", sa.Text, nullable=False, default=""),  # one line per failed file
    sa.Column("result", sa.Text, nullable=False, default=""),  # JSON
    sa.Column("params", sa.Text, nullable=False, default=""),  # JSON: what the job was asked to do (migration 0010)
)

uploads = sa.Table(
    "web_upload", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("job_id", sa.Integer, sa.ForeignKey("web_job.id"), nullable=False, index=True),
    sa.Column("name", sa.String(200), nullable=False),  # the file name as stored (safe characters only)
    sa.Column("sha256", sa.String(64), nullable=False),
    sa.Column("content", sa.LargeBinary, nullable=False),
    sa.Column("accepted", sa.Boolean, nullable=False, default=False),  # read and coded: part of the matrix
)

reviews = sa.Table(
    "web_review", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("document", sa.String(200), nullable=False, index=True),
    sa.Column("category", sa.String(64), nullable=False),
    sa.Column("level", sa.Integer, nullable=False),  # the reviewer's level 0–4
    sa.Column("gap", sa.Boolean, nullable=False),
    sa.Column("machine_level", sa.Integer, nullable=False),  # what the machine said when reviewed
    sa.Column("machine_gap", sa.Boolean, nullable=False),
    sa.Column("reason", sa.Text, nullable=False),
    sa.Column("user", sa.String(64), nullable=False),
    sa.Column("at", sa.DateTime(timezone=True), nullable=False),
)

#: passages a reviewer added to the coding (a segment the machine missed); migration 0008
segments = sa.Table(
    "web_segment", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("document", sa.String(200), nullable=False, index=True),
    sa.Column("start", sa.Integer, nullable=False),  # offsets into the document's text, [start, end)
    sa.Column("end", sa.Integer, nullable=False),
    sa.Column("quote", sa.Text, nullable=False),  # the text between them when added (checked on reading)
    sa.Column("category", sa.String(64), nullable=False),
    sa.Column("level", sa.Integer, nullable=False),
    sa.Column("gap", sa.Boolean, nullable=False),
    sa.Column("reason", sa.Text, nullable=False),
    sa.Column("user", sa.String(64), nullable=False),
    sa.Column("at", sa.DateTime(timezone=True), nullable=False),
)
