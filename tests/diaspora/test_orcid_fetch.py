"""ORCID by iD (``talentflow diaspora import-orcid --id``), the network mocked with httpx.MockTransport:
the check digit is verified before any request, the public v3.0 record is read with the same
parser as a file (public fields only, no contact detail), and offline, a timeout, a 404 or an
answer for another iD are each one clear line, with the store as it was."""

from __future__ import annotations

import json
from pathlib import Path

import httpx
import pytest
from typer.testing import CliRunner

from talentflow.cli import app
from talentflow.diaspora import OrcidError, open_directory, orcid_fetch
from talentflow.diaspora.orcid_fetch import check_id, fetch_record, normalise_id
from tests.diaspora.conftest import FULL, FULL_ID

runner = CliRunner()
EXAMPLE = "0000-0002-1825-0097"  # the example iD of ORCID's documentation (valid check digit)


def _record(orcid: str, email: bool = True) -> bytes:
    data = json.loads(FULL.read_text(encoding="utf-8"))
    if email:  # a record that (wrongly) carries contact data: it must never be read
        data.setdefault("person", {})["emails"] = {"email": [{"email": "someone@example.org", "visibility": "public"}]}
    return json.dumps(data, ensure_ascii=False).replace(FULL_ID, orcid).encode()


class Recorder:
    def __init__(self, answer):
        self.answer, self.urls, self.headers = answer, [], []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.urls.append(str(request.url))
        self.headers.append(dict(request.headers))
        return self.answer(request)


@pytest.fixture
def network(monkeypatch):
    def install(answer) -> Recorder:
        rec = Recorder(answer)
        monkeypatch.setattr(orcid_fetch, "TRANSPORT", httpx.MockTransport(rec))
        return rec

    return install


def test_ids_are_normalised_and_the_check_digit_verified():
    assert normalise_id(" https://orcid.org/0000-0002-1825-0097 ") == EXAMPLE
    assert normalise_id("0000000218250097") == EXAMPLE
    assert check_id("0000-0002-1694-233x") == "0000-0002-1694-233X"  # X as check digit (ORCID's example)
    with pytest.raises(OrcidError, match="check digit is wrong"):
        check_id("0000-0002-1825-0098")
    with pytest.raises(OrcidError, match="not an ORCID iD"):
        check_id("1234")


def test_fetch_reads_the_public_record(network):
    rec = network(lambda r: httpx.Response(200, content=_record(EXAMPLE)))
    p = fetch_record(EXAMPLE)
    assert rec.urls == [f"https://pub.orcid.org/v3.0/{EXAMPLE}/record"]
    assert rec.headers[0]["accept"] == "application/json"
    assert p.orcid == EXAMPLE and p.keywords and "someone@example.org" not in json.dumps(p.__dict__, default=str)


def test_an_invalid_id_makes_no_request(network):
    rec = network(lambda r: httpx.Response(200, content=_record(EXAMPLE)))
    with pytest.raises(OrcidError):
        fetch_record("0000-0002-1825-0098")
    assert rec.urls == []


@pytest.mark.parametrize(("answer", "message"), [
    (lambda r: (_ for _ in ()).throw(httpx.ConnectError("no route", request=r)), "cannot reach pub.orcid.org (offline?"),
    (lambda r: (_ for _ in ()).throw(httpx.ReadTimeout("slow", request=r)), "did not answer within 10 s"),
    (lambda r: httpx.Response(404, content=b"{}"), "no public ORCID record with this iD"),
    (lambda r: httpx.Response(503, content=b""), "answered HTTP 503"),
    (lambda r: httpx.Response(200, content=b"<html>maintenance</html>"), "is not JSON"),
    (lambda r: httpx.Response(200, content=_record("0000-0002-1694-233X")), "returned the record of another iD"),
    (lambda r: httpx.Response(200, content=b'{"person": {}}'), "orcid-identifier.path: missing"),
])
def test_each_failure_is_one_clear_line(network, answer, message):
    network(answer)
    with pytest.raises(OrcidError) as exc:
        fetch_record(EXAMPLE)
    assert message in str(exc.value) and "\n" not in str(exc.value)


def test_cli_import_by_id(network, tmp_path: Path):
    network(lambda r: httpx.Response(200, content=_record(EXAMPLE)))
    store = tmp_path / "s.sqlite"
    r = runner.invoke(app, ["diaspora", "import-orcid", "--id", EXAMPLE, "--consent", "listing",
                            "--store", str(store)])
    assert r.exit_code == 0, r.output
    assert f"{EXAMPLE}\tcreated" in r.output
    d = open_directory(store)
    try:
        held = d.export(EXAMPLE)["profile"]
        assert held["source"] == orcid_fetch.SOURCE
        assert "@" not in json.dumps(held)
    finally:
        d.close()
    # files and iDs together, in one transaction
    r = runner.invoke(app, ["diaspora", "import-orcid", str(FULL), "--id", EXAMPLE, "--consent", "listing",
                            "--store", str(store)])
    assert r.exit_code == 0 and f"{FULL_ID}\tcreated" in r.output and f"{EXAMPLE}\tunchanged" in r.output


def test_cli_offline_is_one_line_and_writes_nothing(network, tmp_path: Path):
    network(lambda r: (_ for _ in ()).throw(httpx.ConnectError("no route", request=r)))
    store = tmp_path / "s.sqlite"
    r = runner.invoke(app, ["diaspora", "import-orcid", str(FULL), "--id", EXAMPLE, "--consent", "listing",
                            "--store", str(store)])
    assert r.exit_code == 1
    assert "cannot reach pub.orcid.org" in r.output and "Traceback" not in r.output
    assert not store.exists()  # nothing written: the file's record was not imported alone
    r = runner.invoke(app, ["diaspora", "import-orcid", "--id", "0000-0002-1825-0098", "--consent", "listing",
                            "--store", str(store)])
    assert r.exit_code == 1 and "check digit" in r.output
    r = runner.invoke(app, ["diaspora", "import-orcid", "--consent", "listing", "--store", str(store)])
    assert r.exit_code == 2 and "--id" in r.output
