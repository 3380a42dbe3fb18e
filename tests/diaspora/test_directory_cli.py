"""The directory through the command line: import with consent, match, export, consent, erasure."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from typer.testing import CliRunner

from talentflow.cli import app
from talentflow.diaspora import open_directory
from tests.diaspora.conftest import FULL, FULL_ID, LIMITED, LIMITED_ID, PRIVATE, PRIVATE_ID

runner = CliRunner()


def cli(*args: str):
    return runner.invoke(app, ["diaspora", *args])


def _all_bytes(store: Path) -> bytes:
    """Every file of the store and its index: the database, its WAL and shared memory, the index."""
    out = b""
    for p in sorted(store.parent.rglob("*")):
        if p.is_file() and p.name.startswith(store.name):
            out += p.read_bytes()
    index = store.with_name(store.name + ".diaspora-index")
    for p in sorted(index.rglob("*")) if index.exists() else []:
        if p.is_file():
            out += p.read_bytes()
    return out


def _import_all(store: Path, consent: str = "listing,contact,statistics"):
    return cli("import-orcid", str(FULL), str(PRIVATE), str(LIMITED), "--consent", consent,
               "--field", "ford:1.5", "--kind", "lecture", "--language", "ru", "--store", str(store))


def test_import_is_idempotent_and_says_what_happened(store: Path):
    r = _import_all(store)
    assert r.exit_code == 0, r.output
    assert f"{FULL_ID}\tcreated" in r.output
    r = _import_all(store)
    assert r.exit_code == 0
    assert r.output.count("unchanged") == 3


def test_no_contact_detail_anywhere_in_store_or_index(store: Path):
    assert _import_all(store).exit_code == 0
    assert cli("match", "glacier hydrology", "--store", str(store)).exit_code == 0
    blob = _all_bytes(store)
    assert FULL_ID.encode() in blob  # the test can see what is there
    for secret in ("aigerim.fixturova@example.org", "1234 5678", "example.org/~fixturova", "secretkeyword",
                   "Hidden limited manuscript"):
        assert secret.encode() not in blob, secret


def test_import_without_consent_stores_nothing(store: Path):
    r = cli("import-orcid", str(FULL), "--consent", "", "--store", str(store))
    assert r.exit_code == 1
    assert "no consent given" in r.output
    with _Open(store) as d:
        assert d.listed_profiles() == []


class _Open:
    def __init__(self, store: Path) -> None:
        self.d = open_directory(store)

    def __enter__(self):
        return self.d

    def __exit__(self, *exc) -> None:
        self.d.close()


def test_one_bad_file_imports_nothing(store: Path, tmp_path: Path):
    bad = tmp_path / "broken.json"
    bad.write_text("{not json", encoding="utf-8")
    r = cli("import-orcid", str(FULL), str(bad), "--consent", "listing", "--store", str(store))
    assert r.exit_code == 1
    assert "broken.json: line 1" in r.output
    with _Open(store) as d:
        assert d.listed_profiles() == []


def test_unknown_purpose_and_unknown_field_are_refused(store: Path):
    r = cli("import-orcid", str(FULL), "--consent", "listing,marketing", "--store", str(store))
    assert r.exit_code == 1 and "unknown purpose 'marketing'" in r.output
    r = cli("import-orcid", str(FULL), "--consent", "listing", "--field", "ford:9.9", "--store", str(store))
    assert r.exit_code != 0 and "ford:9.9" in r.output


def test_match_json_shape_and_languages(store: Path):
    assert _import_all(store).exit_code == 0
    for text, lang in (("Нужен эксперт по гидрологии и машинному обучению", "ru"),
                       ("Машиналық оқыту және гидрология бойынша сарапшы", "kk"),
                       ("machine learning for glacier hydrology", "en")):
        r = cli("match", text, "--lang", lang, "--top", "2", "--format", "json", "--store", str(store))
        assert r.exit_code == 0, r.output
        data = json.loads(r.output)
        assert data["matches"][0]["orcid"] == FULL_ID
        assert set(data["matches"][0]) == {"orcid", "score", "why"}
        assert data["matches"][0]["why"]
    r = cli("match", "glacier", "--kind", "teleport", "--store", str(store))
    assert r.exit_code != 0


def test_consent_per_purpose_with_time_and_version(store: Path):
    assert _import_all(store, "listing,statistics").exit_code == 0
    r = cli("export", FULL_ID, "--store", str(store))
    data = json.loads(r.output)
    purposes = {c["purpose"] for c in data["consents"]}
    assert purposes == {"listing", "statistics"}
    c = data["consents"][0]
    assert c["text_version"] and c["recorded_at"] and c["transfer"].startswith("none")
    # withdrawing listing takes the person out of the search at once
    r = cli("consent", FULL_ID, "--withdraw", "listing", "--store", str(store))
    assert json.loads(r.output)["listing"] is False
    r = cli("match", "glacier hydrology", "--format", "json", "--store", str(store))
    assert FULL_ID not in r.output


def test_export_writes_a_file(store: Path, tmp_path: Path):
    assert _import_all(store).exit_code == 0
    out = tmp_path / "me.json"
    assert cli("export", FULL_ID, "--out", str(out), "--store", str(store)).exit_code == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["profile"]["orcid"] == FULL_ID and data["profile"]["keywords"][0] == "hydrology"


def test_erasure_leaves_no_trace(store: Path):
    assert _import_all(store).exit_code == 0
    with _Open(store) as d:  # an engagement and reports, so erasure has something to cut
        rid = d.post_request("Synthetic Institute", "Glacier hydrology lectures", "en", "lecture")
        iid = d.shortlist(rid, FULL_ID, actor="inst-user-1")
        d.read_profile(FULL_ID, actor="inst-user-1")
        d.invite(iid, "Please join us")
        eid = d.respond(iid, True)
        d.add_report(eid, "expert", "Aigerim Fixturova taught glacier melt modelling")
        d.add_report(eid, "institution", "Lectures by Aigerim Fixturova were excellent")
    before = _all_bytes(store)
    assert b"Fixturova" in before and b"glacier" in before
    r = cli("erase", FULL_ID, "--store", str(store))
    assert r.exit_code == 0, r.output
    blob = _all_bytes(store)
    for trace in (FULL_ID, "Aigerim", "Fixturova", "glacier", "Tien Shan", "Technical University of Fixtures"):
        assert trace.encode() not in blob, trace
        assert trace.encode("utf-16-le") not in blob, trace
    con = sqlite3.connect(store)
    try:
        events = con.execute("SELECT event, actor, profile_id, detail FROM diaspora_audit "
                             "WHERE event = 'erasure'").fetchall()
        assert events == [("erasure", "cli", None, None)]
        assert con.execute("SELECT COUNT(*) FROM diaspora_audit WHERE profile_id IS NOT NULL AND profile_id NOT IN "
                           "(SELECT id FROM diaspora_profile)").fetchone()[0] == 0
        assert con.execute("SELECT profile_id, expert_country FROM diaspora_engagement").fetchall() == [(None, None)]
        assert con.execute("SELECT COUNT(*) FROM diaspora_report").fetchone()[0] == 0
    finally:
        con.close()
    # the others are still there and still found
    r = cli("match", "catalysis hydrogen", "--format", "json", "--store", str(store))
    assert PRIVATE_ID in r.output
    assert cli("erase", FULL_ID, "--store", str(store)).exit_code == 1  # already gone: a clear refusal
    assert LIMITED_ID  # imported alongside


def test_profile_reads_are_audited(store: Path):
    assert _import_all(store).exit_code == 0
    with _Open(store) as d:
        view = d.read_profile(FULL_ID, actor="inst-user-7")
    assert "email" not in json.dumps(view)
    con = sqlite3.connect(store)
    try:
        rows = con.execute("SELECT actor FROM diaspora_audit WHERE event = 'profile_read'").fetchall()
    finally:
        con.close()
    assert rows == [("inst-user-7",)]


def test_store_that_is_not_a_database_is_one_line(tmp_path: Path):
    bogus = tmp_path / "notes.txt"
    bogus.write_text("hello", encoding="utf-8")
    r = cli("match", "x", "--store", str(bogus))
    assert r.exit_code == 2 and "not an SQLite database" in r.output
    assert bogus.read_text(encoding="utf-8") == "hello"


@pytest.mark.parametrize("args", [["evaluate"], ["evaluate", "x.jsonl", "--provisional"]])
def test_evaluate_needs_exactly_one_source(args):
    assert cli(*args).exit_code != 0


def test_consent_duration_is_recorded_and_expires(store: Path):
    r = cli("import-orcid", str(FULL), "--consent", "listing", "--consent-until", "2000-01-01", "--store", str(store))
    assert r.exit_code == 0, r.output
    data = json.loads(cli("export", FULL_ID, "--store", str(store)).output)
    assert data["consents"][0]["valid_until"] == "2000-01-01"
    r = cli("match", "glacier hydrology", "--format", "json", "--store", str(store))
    assert json.loads(r.output) == {"matches": []}  # an expired consent lists no one


def test_erasure_clears_the_in_memory_text_cache(store: Path):
    from talentflow.diaspora.index import _text_tokens

    with _Open(store) as d:
        d.import_orcid([FULL], ["listing"])
        d.match("glacier", "en")
        assert _text_tokens.cache_info().currsize > 0
        d.erase(FULL_ID)
        # rebuilt from the remaining (none): nothing of the erased person's texts is cached
        assert _text_tokens.cache_info().currsize == 0


def test_language_is_detected_when_not_given(store: Path):
    assert _import_all(store).exit_code == 0
    r = cli("match", "Машиналық оқыту және гидрология бойынша сарапшы керек", "--format", "json", "--store", str(store))
    why = json.loads(r.output)["matches"][0]["why"]
    assert "машиналық оқыту" in why
