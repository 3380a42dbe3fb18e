"""The ``.xlsx`` twin of every table page: the CSV twin's rows, text never a formula, header bold and
frozen, a sheet saying where it comes from (and "synthetic" where it is), suppression as in the CSV,
and the CSV twin's route rules (the route × role matrix covers it from the registry)."""

from __future__ import annotations

import csv
import io

import pytest
from openpyxl import load_workbook

from talentflow.web.i18n import Messages
from talentflow.web.routes import REGISTRY
from talentflow.web.sheets import MEDIA_TYPE, to_xlsx, xlsx_cell
from tests.web.test_monitoring import mon  # noqa: F401  (the monitoring fixture: a synthetic registry)
from tests.web.test_pages import TABLES


def workbook(response):
    assert response.status_code == 200, response.status_code
    assert response.headers["content-type"] == MEDIA_TYPE
    assert response.headers["content-disposition"].endswith('.xlsx"')
    return load_workbook(io.BytesIO(response.content))


def test_every_table_page_declares_an_xlsx_twin_beside_its_csv():
    for spec in REGISTRY:
        assert ("csv" in spec.twins) == ("xlsx" in spec.twins), spec.path


@pytest.mark.parametrize("path", TABLES)
def test_xlsx_twin_holds_the_csv_rows(clients, path):
    c = clients["anonymous"]
    rows = list(csv.reader(io.StringIO(c.get(path + ".csv").text)))
    wb = workbook(c.get(path + ".xlsx"))
    ws = wb.worksheets[0]
    got = [[cell.value for cell in row] for row in ws.iter_rows()]
    assert got[0] == rows[0] and len(got) == len(rows)
    assert ws.freeze_panes == "A2" and all(cell.font.b for cell in ws[1])
    for mine, theirs in zip(got[1:], rows[1:], strict=True):
        for a, b in zip(mine, theirs, strict=True):
            if isinstance(a, int | float) and not isinstance(a, bool):
                assert float(b) == pytest.approx(a)
            else:
                assert (a or "") == (b[1:] if b.startswith("'") and not (a or "").startswith("'") else b)
    about = {r[0].value: r[1].value for r in wb["about"].iter_rows()}
    assert about["Source"].endswith(path + ".xlsx") and about["Rows"] == str(len(rows) - 1)


def test_formula_text_stays_text(clients):
    ws = workbook(clients["anonymous"].get("/documents.xlsx")).worksheets[0]
    header = [c.value for c in ws[1]]
    title = next(r[header.index("title")] for r in ws.iter_rows(min_row=2) if r[0].value == "evil")
    assert title.value.startswith("=HYPERLINK") and title.data_type == "s"
    assert xlsx_cell(True) == "true" and xlsx_cell(["a", "b"]) == "a; b" and xlsx_cell(None) is None
    assert xlsx_cell("a\x01b") == "a\ufffdb"  # XML cannot hold control characters


def test_formula_cells_are_written_as_text_in_the_file():
    data = to_xlsx([{"x": "=1+1", "y": "@SUM(A1)"}], ["x", "y"], "t", [("Source", "=cmd|' /C calc'!A0")])
    wb = load_workbook(io.BytesIO(data))
    assert [c.data_type for c in wb.worksheets[0][2]] == ["s", "s"]
    assert wb["about"]["B1"].data_type == "s"


def test_xlsx_twin_follows_the_csv_twin_route_rules(clients):
    assert clients["anonymous"].get("/review.xlsx").status_code == 401
    assert clients["viewer"].get("/review.xlsx").status_code == 403
    assert clients["analyst"].get("/review.xlsx").status_code == 200
    assert clients["analyst"].get("/admin/audit.xlsx").status_code == 403
    assert clients["admin"].get("/admin/audit.xlsx").status_code == 200
    assert clients["anonymous"].get("/documents/evil.xlsx").status_code == 404  # no CSV twin: no XLSX twin


def test_pages_link_the_xlsx_beside_the_csv(clients):
    html = clients["anonymous"].get("/indicators").text
    assert '<a href="/indicators.csv">CSV</a> · <a href="/indicators.xlsx">XLSX</a>' in html


def test_monitoring_xlsx_shows_suppression_and_synthetic_like_the_csv(mon):  # noqa: F811
    c = mon["clients"]["anonymous"]
    rows = list(csv.DictReader(io.StringIO(c.get("/monitoring.csv?lang=ru").text)))
    wb = workbook(c.get("/monitoring.xlsx?lang=ru"))
    ws = wb.worksheets[0]
    header = [x.value for x in ws[1]]
    got = [dict(zip(header, [x.value for x in r], strict=True)) for r in ws.iter_rows(min_row=2)]
    word = Messages("ru")("suppressed")
    assert word != "suppressed"
    hidden = [r for r in got if r["suppressed"] == "true"]
    assert hidden and all(r["value"] == word for r in hidden)
    assert [r["value"] for r in got] == [r["value"] if not r["value"].replace(".", "").isdigit() else
                                         pytest.approx(float(r["value"])) for r in rows]
    assert all(r["synthetic"] == "synthetic" for r in got)
    about = {r[0].value: r[1].value for r in wb["about"].iter_rows()}
    assert Messages("ru")("synthetic") in about and word in about


def test_analyst_xlsx_downloads_are_recorded_like_csv(mon):  # noqa: F811
    from tests.web.test_monitoring import exports

    c, engine = mon["clients"]["analyst"], mon["engine"]
    before = len(exports(engine))
    assert c.get("/monitoring.xlsx").status_code == 200
    log = exports(engine)[before:]
    assert [e["what"] for e in log] == ["web /monitoring.xlsx"]
