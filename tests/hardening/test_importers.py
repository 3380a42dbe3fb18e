"""Imports refuse what cannot be a published figure, naming file, row, column and reason; the
store stays exactly as it was (its checksum is compared)."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from talentflow.stats.store import open_store
from tests.hardening.conftest import invoke

HEAD = "indicator,area,year,value,unit,source_name,source_url,quote"
GOOD = "emigrants_permanent,KAZ,2019,900,persons,Synthetic,https://example.org/s,synthetic"


def _row(indicator="emigrants_permanent", year="2018", value="100", unit="persons"):
    return f"{indicator},KAZ,{year},{value},{unit},Synthetic,https://example.org/s,synthetic {value}"


#: name → (CSV text, words the message must hold, the row it must name)
CASES = {
    "overflow 1e309": (f"{HEAD}\n{GOOD}\n{_row(value='1e309')}\n", "finite", 3),
    "inf": (f"{HEAD}\n{GOOD}\n{_row(value='inf')}\n", "not a number", 3),
    "negative persons": (f"{HEAD}\n{GOOD}\n{_row(value='-500')}\n", "negative", 3),
    "250 percent": (f"{HEAD}\n{GOOD}\n{_row(indicator='emigrants_permanent_share', value='250', unit='percent')}\n",
                    "outside 0–100", 3),
    "negative percent": (f"{HEAD}\n{GOOD}\n{_row(indicator='outbound_students_share', value='-1', unit='percent')}\n",
                         "negative", 3),
    "year 0": (f"{HEAD}\n{GOOD}\n{_row(year='0')}\n", "not a year", 3),
    "year 0000": (f"{HEAD}\n{GOOD}\n{_row(year='0000')}\n", "outside", 3),
    "year 9999": (f"{HEAD}\n{GOOD}\n{_row(year='9999')}\n", "outside", 3),
    "4 of 8 fields": (f"{HEAD}\n{GOOD}\nemigrants_permanent,KAZ,2018,100\n", "incomplete", 3),
    "too many fields": (f"{HEAD}\n{GOOD}\n{_row()},extra\n", "cells but the header", 3),
    "unterminated quote": (f'{HEAD}\n{GOOD}\nemigrants_permanent,KAZ,2018,100,persons,"Synthetic,x,y\n{GOOD}\n',
                           "never closed", None),
    "cell over the limit": (f"{HEAD}\n{GOOD}\n{_row()[:-1]}{'x' * 140_000}\n", "longer than", 3),
    "not UTF-8": (f"{HEAD}\n{GOOD}\n".encode() + "emigrants_permanent,KAZ,2018,100,persons,Стат,u,q\n".encode("cp1251"),
                  "not UTF-8", 3),
}


def _checksum(store: Path) -> str:
    with open_store(store) as s:
        return s.checksum()


@pytest.mark.parametrize("name", list(CASES))
def test_bad_csv_is_refused_with_its_place_and_the_store_unchanged(name, store, tmp_path):
    text, words, row = CASES[name]
    f = tmp_path / "bad.csv"
    if isinstance(text, bytes):
        f.write_bytes(text)
    else:
        f.write_text(text, encoding="utf-8")
    before = _checksum(store)
    result = invoke("import", f, "--kind", "csv", "--store", store)
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    message = " ".join(result.output.split())
    assert words in message and "bad.csv" in message, message
    if row is not None:
        assert f"row {row}" in message, message
    assert _checksum(store) == before


def test_differences_may_be_negative_and_gains_over_100(store, tmp_path):
    f = tmp_path / "ok.csv"
    f.write_text(f"{HEAD}\n{_row(indicator='net_migration_external', value='-32900')}\n"
                 f"{_row(indicator='publication_gain', value='144', unit='percent')}\n", encoding="utf-8")
    result = invoke("import", f, "--kind", "csv", "--store", store)
    assert result.exit_code == 0, result.output


def _xlsx(path: Path, value) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Data"
    ws.append(["indicator", "area", "year", "value", "unit", "quote"])
    ws.append(["emigrants_permanent", "KAZ", 2019, 5, "persons", "synthetic"])
    ws.append(["emigrants_permanent", "KAZ", 2020, value, "persons", "synthetic"])
    wb.save(path)
    return path


@pytest.mark.parametrize("value, words", [("=1/0", "formula without a computed value"),
                                          ("#DIV/0!", "spreadsheet error"),
                                          (-7, "negative")])
def test_bad_xlsx_cell(value, words, store, tmp_path):
    f = _xlsx(tmp_path / "bad.xlsx", value)
    before = _checksum(store)
    result = invoke("import", f, "--kind", "xlsx", "--store", store)
    assert result.exit_code == 1, result.output
    message = " ".join(result.output.split())
    assert words in message and "row 3" in message and "'D'" in message or "column 'value'" in message, message
    assert _checksum(store) == before


@pytest.mark.parametrize("text, words", [
    ("- a\n- b\n", "not a list"),
    ("columns: [a, b]\n", "'columns' must be a dictionary"),
    ("header_row: two\n", "'header_row' must be a whole number"),
    ("", "not empty"),
    ("a: [\n", "not valid YAML"),
])
def test_bad_mapping(text, words, store, tmp_path):
    mapping = tmp_path / "m.yaml"
    mapping.write_text(text, encoding="utf-8")
    f = tmp_path / "f.csv"
    f.write_text(f"{HEAD}\n{GOOD}\n", encoding="utf-8")
    result = invoke("import", f, "--kind", "csv", "--mapping", mapping, "--store", store)
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    assert words.replace("not empty", "empty") in " ".join(result.output.split())


def test_row_limit_is_raisable(store, tmp_path, monkeypatch):
    f = tmp_path / "many.csv"
    f.write_text(HEAD + "\n" + "\n".join(_row(year=str(1900 + i)) for i in range(50)) + "\n", encoding="utf-8")
    monkeypatch.setenv("TALENTFLOW_MAX_ROWS", "20")
    result = invoke("import", f, "--kind", "csv", "--store", store)
    assert result.exit_code == 1 and "TALENTFLOW_MAX_ROWS" in result.output
    monkeypatch.setenv("TALENTFLOW_MAX_ROWS", "100")
    assert invoke("import", f, "--kind", "csv", "--store", store).exit_code == 0


def test_csv_rows_stream(tmp_path):
    """The CSV reader streams: reading a 4 MB table row by row never holds the file in memory."""
    import tracemalloc

    from talentflow.stats.importers.base import csv_rows

    f = tmp_path / "big.csv"
    f.write_text(HEAD + "\n" + "\n".join(_row(year=str(1900 + i % 200), value=str(i)) for i in range(50_000)) + "\n",
                 encoding="utf-8")
    size = f.stat().st_size
    tracemalloc.start()
    try:
        header, rows = csv_rows(f)
        n = sum(1 for _ in rows)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert n == 50_000 and size > 4_000_000
    assert peak < size / 4, (peak, size)


@pytest.mark.parametrize("body, words", [
    ("emigrants_permanent,KAZ,2018,100\n", "incomplete"),
    ('emigrants_permanent,KAZ,2018,100,persons,S,https://e.org,"never closed\n', "not a valid CSV row"),
    ("emigrants_permanent,KAZ,2018,1e309,persons,S,https://e.org,q\n", "finite"),
])
def test_data_package_rows_are_checked_too(body, words, tmp_path):
    from talentflow.stats.package import read_resource

    f = tmp_path / "resource.csv"
    f.write_text(f"{HEAD}\n{GOOD}\n{body}", encoding="utf-8")
    from talentflow.stats.errors import DataImportError

    with pytest.raises(DataImportError, match=words) as info:
        list(read_resource(f, "datapackage/x"))
    assert info.value.row == 3
