"""The monitoring pages: public suppression, analyst exports in the export log, an operator held
to its own programme on every monitoring route and twin, the operator's registry import (nothing
written on error), and the admin's key and store status (never the key)."""

from __future__ import annotations

import csv
import io
import re

import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient

from talentflow.monitor import open_registry, schema
from talentflow.monitor.synthetic import write_registry
from talentflow.web import Settings, create_app
from talentflow.web.pages_monitoring import key_status
from tests.monitor.conftest import checksum, make_iin, write
from tests.web.conftest import PASSWORD, csrf_of, login

KEY = "web-test-key-for-the-registry-0123456789"
MON_USERS = {"anonymous": None, "viewer": ("mvera", "viewer", None), "analyst": ("mann", "analyst", None),
             "admin": ("mada", "admin", None), "scholar": ("opal", "operator", "SYN_SCHOLAR"),
             "returner": ("omar", "operator", "SYN_RETURN")}


@pytest.fixture(scope="module")
def mon(web_env, tmp_path_factory):
    root = tmp_path_factory.mktemp("monweb")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("TALENTFLOW_REGISTRY_KEY", KEY)
        mp.setenv("XDG_CONFIG_HOME", str(root / "config"))
        mp.delenv("TALENTFLOW_DISCLOSURE_THRESHOLD", raising=False)
        store = root / "store.sqlite"
        reg_file = write_registry(root / "synthetic.csv", 800)
        with open_registry(str(store)) as reg:
            reg.import_file(reg_file)
        s = web_env["settings"]
        settings = Settings(store_url=str(store), corpus=s.corpus, reports_dir=s.reports_dir, worker=False)
        app = create_app(settings, observatory=web_env["app"].state.web.observatory)
        for spec in MON_USERS.values():
            if spec:
                app.state.web.accounts.add_user(spec[0], spec[1], PASSWORD, spec[2])
        clients = {}
        for role, spec in MON_USERS.items():
            c = TestClient(app)
            if spec:
                assert login(c, spec[0]).status_code == 303
            clients[role] = c
        yield {"app": app, "store": store, "clients": clients, "root": root,
               "engine": app.state.web.accounts.engine}


def exports(engine) -> list[dict]:
    with engine.connect() as conn:
        return [dict(r._mapping) for r in conn.execute(sa.select(schema.export_log).order_by(schema.export_log.c.id))]


def test_public_sees_suppressed_cells_as_suppressed(mon):
    c = mon["clients"]["anonymous"]
    before = len(exports(mon["engine"]))
    data = c.get("/monitoring.json").json()
    assert data["audience"] == "public"
    cells = data["cohort_indicators"]
    hidden = [x for x in cells if x["suppressed"]]
    assert hidden and all(x["value"] is None and x["numerator"] is None and x["denominator"] is None for x in hidden)
    assert any(not x["suppressed"] and x["value"] is not None for x in cells)
    assert data["synthetic"], "synthetic programmes are labelled"
    html = c.get("/monitoring").text
    assert "suppressed" in html and 'class="suppressed"' in html
    rows = list(csv.DictReader(io.StringIO(c.get("/monitoring.csv?lang=en").text)))
    assert any(r["suppressed"] == "true" and r["value"] == "suppressed" for r in rows)
    assert all(r["synthetic"] == "synthetic" for r in rows)
    assert len(exports(mon["engine"])) == before, "public downloads are not analyst exports"


def test_a_programme_page_withholds_what_the_full_table_withholds(mon):
    c = mon["clients"]["anonymous"]
    full = [x for x in c.get("/monitoring.json").json()["cohort_indicators"] if x["programme"] == "SYN_SCHOLAR"]
    one = c.get("/monitoring/SYN_SCHOLAR.json").json()["cohort_indicators"]
    assert one == full and any(x["suppressed"] for x in one)
    assert c.get("/monitoring/NO_SUCH.json").status_code == 404


def test_framework_has_status_colours_and_target_chart(mon):
    html = mon["clients"]["anonymous"].get("/monitoring?lang=en").text
    assert re.search(r'class="status status-(no_target|on_track|achieved|moderate|limited|deterioration|too_few_points)"',
                     html)
    assert "data-chart=" in html and "/static/vendor/uplot/uPlot.iife.min.js" in html
    data = mon["clients"]["anonymous"].get("/monitoring.json").json()
    with_target = [r for r in data["framework"] if r["target"]]
    assert with_target, "the sourced 2025 scientists target is in the framework"
    chart = with_target[0]["chart"]
    assert chart["series"][-1]["label"].startswith("target") and set(chart["series"][-1]["values"]) == {
        with_target[0]["target"]["value"]}


def test_analyst_sees_every_cell_and_every_export_is_logged(mon):
    c, engine = mon["clients"]["analyst"], mon["engine"]
    before = len(exports(engine))
    html = c.get("/monitoring")
    assert html.status_code == 200 and len(exports(engine)) == before, "looking is not exporting"
    data = c.get("/monitoring.json").json()
    assert data["audience"] == "analyst" and not any(x["suppressed"] for x in data["cohort_indicators"])
    assert c.get("/monitoring/SYN_SCHOLAR.csv").status_code == 200
    log = exports(engine)[before:]
    assert [e["who"] for e in log] == ["mann", "mann"]
    assert log[0]["what"] == "web /monitoring.json" and log[1]["what"] == "web /monitoring/SYN_SCHOLAR.csv"
    assert all(e["audience"] == "analyst" and e["rows"] > 0 and e["at"] is not None for e in log)
    admin = mon["clients"]["admin"]
    admin.get("/monitoring.csv")
    assert exports(engine)[-1]["who"] == "mada"


PROGRAMME_URLS = ("/monitoring/{p}", "/monitoring/{p}.json", "/monitoring/{p}.csv")


@pytest.mark.parametrize("url", PROGRAMME_URLS)
@pytest.mark.parametrize("foreign", ["SYN_RETURN", "SYN_FACULTY", "BOLASHAK", "NO_SUCH"])
def test_operator_is_refused_foreign_programmes(mon, url, foreign):
    r = mon["clients"]["scholar"].get(url.format(p=foreign))
    assert r.status_code == 403
    assert foreign not in r.text.split("<main", 1)[-1] or foreign == "BOLASHAK" and "BOLASHAK" not in r.text


@pytest.mark.parametrize("url", PROGRAMME_URLS)
def test_operator_sees_its_own_programme(mon, url):
    r = mon["clients"]["scholar"].get(url.format(p="SYN_SCHOLAR"))
    assert r.status_code == 200
    if url.endswith(".json"):
        assert {x["programme"] for x in r.json()["cohort_indicators"]} <= {"SYN_SCHOLAR", "_T"}


@pytest.mark.parametrize("twin", ["", ".json", ".csv"])
def test_operator_overview_holds_only_its_programme(mon, twin):
    for role, own in (("scholar", "SYN_SCHOLAR"), ("returner", "SYN_RETURN")):
        r = mon["clients"][role].get(f"/monitoring{twin}")
        assert r.status_code == 200
        others = {"SYN_SCHOLAR", "SYN_RETURN", "SYN_FACULTY", "SYN_POSTDOC"} - {own}
        assert not any(o in r.text for o in others), f"{role} sees another programme on /monitoring{twin}"


def test_operator_totals_come_from_the_query_not_the_page(mon):
    """The operator's '_T' margin equals its own programme's row of the full table: the filter is in the SQL."""
    own = mon["clients"]["scholar"].get("/monitoring.json").json()["cohort_indicators"]
    with open_registry(engine=mon["engine"]) as reg:
        full = reg.indicators(by=("cohort",), audience="public")
        only = reg.indicators(by=("cohort",), audience="public", programmes=["SYN_SCHOLAR"])
    assert {c.group["programme"] for c in only.cells} == {"SYN_SCHOLAR", "_T"}
    per = {(c.indicator, c.group["cohort"]): c.persons for c in full.cells if c.group["programme"] == "SYN_SCHOLAR"}
    tot = {(c.indicator, c.group["cohort"]): c.persons for c in only.cells if c.group["programme"] == "_T"}
    assert per == tot
    total_all = {(c.indicator, c.group["cohort"]): c.persons for c in full.cells if c.group["programme"] == "_T"}
    assert tot != total_all
    shown = {(x["indicator"], x["cohort"]) for x in own if x["programme"] == "_T"}
    assert shown == set(tot)


# --- the operator's import ------------------------------------------------------------------------

def _record(programme: str, serial: int, **extra) -> dict:
    return {"person_id": make_iin("900101", 3, serial), "programme": programme, "cohort": 2015, "level": "master",
            "start_date": "2015-09-01", "graduation_date": "2017-06-30", "status": "graduated", **extra}


def _upload(client: TestClient, path, name: str | None = None, token: str | None = None):
    token = token if token is not None else csrf_of(client, "/registry/import")
    with open(path, "rb") as fh:
        return client.post("/registry/import", data={"csrf_token": token},
                           files={"file": (name or path.name, fh.read(), "text/csv")})


def test_operator_imports_its_own_file(mon):
    c = mon["clients"]["scholar"]
    f = write(mon["root"] / "own.csv", [_record("SYN_SCHOLAR", 100 + i) for i in range(3)])
    r = _upload(c, f, "список.csv")
    assert r.status_code == 200, r.text
    assert "список.csv" in r.text and re.search(r"new\W*</?\w*>?\s*3|new 3", r.text)
    again = _upload(c, f, "список.csv")
    assert again.status_code == 200 and re.search(r"new 0", again.text), "imports are idempotent"


def test_import_errors_are_listed_and_nothing_is_written(mon):
    c, engine = mon["clients"]["scholar"], mon["engine"]
    before = checksum(engine)
    foreign = write(mon["root"] / "foreign.csv", [_record("SYN_SCHOLAR", 200), _record("SYN_RETURN", 201)])
    r = _upload(c, foreign)
    assert r.status_code == 400
    assert "foreign.csv, row 3, column &#39;programme&#39;" in r.text and "SYN_RETURN" in r.text
    bad = _record("SYN_SCHOLAR", 202)
    bad["person_id"] = bad["person_id"][:-1] + str((int(bad["person_id"][-1]) + 1) % 10)
    r = _upload(c, write(mon["root"] / "bad.csv", [_record("SYN_SCHOLAR", 203), bad]))
    assert r.status_code == 400 and "bad.csv, row 3, column &#39;person_id&#39;" in r.text
    assert bad["person_id"] not in r.text, "an error never repeats the national id"
    txt = mon["root"] / "x.txt"
    txt.write_text("person_id\n1\n")
    assert _upload(c, txt).status_code == 400
    assert checksum(engine) == before


def test_import_needs_csrf_and_an_operator_or_admin(mon):
    f = write(mon["root"] / "csrf.csv", [_record("SYN_SCHOLAR", 300)])
    assert _upload(mon["clients"]["scholar"], f, token="wrong").status_code == 403
    for role in ("viewer", "analyst"):
        assert mon["clients"][role].get("/registry/import").status_code == 403
    assert mon["clients"]["anonymous"].get("/registry/import").status_code == 401


# --- admin status -------------------------------------------------------------------------------

def test_admin_status_says_where_the_key_is_never_the_key(mon, monkeypatch):
    monkeypatch.setenv("TALENTFLOW_REGISTRY_KEY", KEY)
    c = mon["clients"]["admin"]
    data = c.get("/admin/status.json").json()
    assert data["key"] == {"configured": True, "source": "environment", "where": "$TALENTFLOW_REGISTRY_KEY",
                           "problem": None}
    assert data["store"]["up_to_date"] is True and data["store"]["revision"] == data["store"]["head"]
    assert data["registry"]["awards"] > 0
    for url in ("/admin/status", "/admin/status.json"):
        assert KEY not in c.get(url).text
    assert mon["clients"]["analyst"].get("/admin/status").status_code == 403
    assert mon["clients"]["scholar"].get("/admin/status.json").status_code == 403


def test_key_status_from_the_key_file(tmp_path, monkeypatch):
    monkeypatch.delenv("TALENTFLOW_REGISTRY_KEY", raising=False)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    missing = key_status()
    assert missing["configured"] is False and missing["where"].endswith("talentflow/registry.key")
    path = tmp_path / "talentflow" / "registry.key"
    path.parent.mkdir()
    path.write_text("ab" * 32 + "\n")
    path.chmod(0o600)
    assert key_status() == {"configured": True, "source": "file", "where": str(path), "problem": None}
    path.chmod(0o644)
    st = key_status()
    assert st["configured"] is False and "644" in st["problem"] and "ab" * 32 not in str(st)
