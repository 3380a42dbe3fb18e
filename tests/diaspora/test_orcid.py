"""ORCID v3.0 record import: public facts only, no contact details, clear errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from talentflow.diaspora.orcid import OrcidError, parse_record, read_record, scrub, valid_orcid
from tests.diaspora.conftest import FULL, FULL_ID, LIMITED, PRIVATE, PRIVATE_ID


def test_full_record_keeps_public_professional_facts():
    p = read_record(FULL)
    assert p.orcid == FULL_ID
    assert p.name == "Aigerim Fixturova"
    assert p.keywords == ["hydrology", "glacier melt", "machine learning"]
    assert "Glacier melt forecasting with machine learning in the Tien Shan" in p.titles
    assert (p.affiliation, p.city, p.country) == ("Technical University of Fixtures", "Munich", "DE")


def test_no_contact_detail_survives_the_import():
    p = read_record(FULL)
    dumped = json.dumps(p.__dict__, default=str)
    for secret in ("aigerim.fixturova@example.org", "1234 5678", "+49", "example.org/~fixturova"):
        assert secret not in dumped
    assert "[removed]" in p.biography  # the biography's e-mail and phone were scrubbed, the rest kept
    assert "glacier melt" in p.biography


def test_private_fields_absent_are_accepted():
    p = read_record(PRIVATE)
    assert p.orcid == PRIVATE_ID
    assert p.name == "" and p.biography == "" and p.keywords == [] and p.affiliation is None
    assert p.titles == ["Catalysis on nanostructured oxides for green hydrogen"]


def test_limited_and_private_items_and_ended_jobs_are_skipped():
    p = read_record(LIMITED)
    assert p.keywords == ["public policy"]
    assert "secretkeyword" not in json.dumps(p.__dict__, default=str)
    assert p.titles == ["Migration policy and the labour market in Kazakhstan"]
    assert p.biography == ""  # limited
    assert p.affiliation is None  # one employment ended, the other private


@pytest.mark.parametrize("orcid,ok", [("0000-0002-1825-0097", True), ("0000-0002-1825-0098", False),
                                       ("0000-0000-9000-0012", True), ("1234", False), ("", False)])
def test_orcid_checksum(orcid, ok):
    assert valid_orcid(orcid) is ok


def test_errors_name_the_file_and_what_is_wrong(tmp_path: Path):
    bad = tmp_path / "bad.json"
    bad.write_text('{"orcid-identifier": ', encoding="utf-8")
    with pytest.raises(OrcidError, match=r"bad\.json: line 1, column \d+: not valid JSON"):
        read_record(bad)
    with pytest.raises(OrcidError, match="orcid-identifier.path: missing"):
        parse_record({"person": {}}, "x.json")
    with pytest.raises(OrcidError, match="not a valid ORCID iD"):
        parse_record({"orcid-identifier": {"path": "0000-0002-1825-0098"}}, "x.json")
    with pytest.raises(OrcidError, match="JSON object"):
        parse_record([1, 2], "x.json")


def test_scrub_removes_emails_and_phone_numbers_only():
    assert scrub("mail a.b+c@uni.example.kz, tel. +7 (701) 123-45-67; since 2019") == \
        "mail [removed], tel. [removed]; since 2019"
