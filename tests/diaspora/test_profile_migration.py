"""Revision 0009 on a store made before the profile editor: a profile stored at revision 0006 keeps
its meaning after ``talentflow store upgrade`` (no modes, no periods said: ``[]``) and can be edited."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import sqlalchemy as sa

from talentflow import db
from talentflow.db import migrate
from talentflow.diaspora import open_directory


def test_a_profile_from_revision_0006_upgrades_and_edits(tmp_path: Path, monkeypatch) -> None:
    from alembic import command

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    store = tmp_path / "old.sqlite"
    engine = db.make_engine(db.resolve_url(str(store)))
    with db.write_transaction(engine) as conn:
        cfg = migrate.alembic_config()
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0006")
        now = datetime(2026, 1, 1, tzinfo=UTC)
        pid = conn.execute(sa.text(
            "INSERT INTO diaspora_profile (orcid, name, country, fields, keywords, titles, biography, languages, "
            "kinds, available_from, source, synthetic, created_at, updated_at) VALUES ('0000-0002-1825-0097', "
            "'Synthetic Person', 'DE', '[\"ford:1.5\"]', '[\"hydrology\"]', '[]', '', '[\"en\"]', '[\"lecture\"]', "
            "'2030-01-01', 'test', 1, :now, :now)"), {"now": now}).lastrowid
        conn.execute(sa.text("INSERT INTO diaspora_consent (profile_id, purpose, granted, text_version, recorded_at, "
                             "transfer) VALUES (:pid, 'listing', 1, 'v1', :now, 'none')"), {"pid": pid, "now": now})
    engine.dispose()
    assert db.upgrade(str(store))[1] == db.head()
    d = open_directory(store)
    try:
        p = d.export("0000-0002-1825-0097")["profile"]
        assert (p["modes"], p["availability"], p["fields"]) == ([], [], ["ford:1.5"])
        assert d.match("hydrology", "en")[0].orcid == "0000-0002-1825-0097"
        assert d.update_profile("0000-0002-1825-0097", {"modes": ["remote"],
                                                        "availability": [(date(2030, 1, 1), None)]})
        assert d.export("0000-0002-1825-0097")["profile"]["modes"] == ["remote"]
    finally:
        d.close()
