"""The shipped data package: valid Frictionless, figures kept as published, built from the
sourced tables (``../shared/data`` and ``data-sources/``)."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path

import pytest

from talentflow.stats import package as pkg
from talentflow.stats.errors import DataImportError
from talentflow.stats.model import FLAGS
from talentflow.stats.schema import OBSERVATION_FIELDS

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT / ".." / "shared"
needs_shared = pytest.mark.skipif(not (SHARED / "data").is_dir(), reason="../shared (reference data) is absent")


def shipped_rows() -> list[dict[str, str]]:
    rows = []
    for _, f in pkg.resources():
        with f.open(encoding="utf-8", newline="") as fh:
            rows += list(csv.DictReader(fh))
    return rows


def source_tables() -> list[Path]:
    extra = ROOT / "data-sources"
    figures = sorted(f for f in extra.glob("*.csv") if f.name != "sources.csv") if extra.is_dir() else []
    return sorted((SHARED / "data").glob("*.csv")) + figures


def test_package_is_valid_frictionless() -> None:
    frictionless = pytest.importorskip("frictionless")
    report = frictionless.validate(str(pkg.SHIPPED_PACKAGE / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])[:10]


def test_descriptor_has_licence_sources_and_schema() -> None:
    d = json.loads((pkg.SHIPPED_PACKAGE / "datapackage.json").read_text(encoding="utf-8"))
    assert d["licenses"] and d["resources"]
    assert all(s["path"].startswith("http") for s in d["sources"])
    for res in d["resources"]:
        if res["name"] == pkg.SOURCES_RESOURCE:
            continue
        names = [f["name"] for f in res["schema"]["fields"]]
        assert tuple(names) == OBSERVATION_FIELDS
        assert all(f.get("description") for f in res["schema"]["fields"])


def test_every_row_has_source_and_quote() -> None:
    for row in shipped_rows():
        assert row["quote"] and row["value"]
        assert row["source_url"] or "unsourced" in row["flags"].split(";")
        assert set(filter(None, row["flags"].split(";"))) <= set(FLAGS)


@needs_shared
def test_package_is_up_to_date_with_its_tables() -> None:
    """Rows, values and quotes are those of the sourced tables, in order (run
    scripts/build_datapackage.py when this fails after the tables changed)."""
    source = []
    for f in source_tables():
        with f.open(encoding="utf-8", newline="") as fh:
            source += list(csv.DictReader(fh))
    shipped = shipped_rows()
    assert len(shipped) == len(source)
    for s, p in zip(source, shipped, strict=True):
        assert (p["value"], p["quote"], p["indicator"], p["area"], p["source_url"]) == (
            s["value"], s["quote"], s["indicator"], s["geo"], s["source_url"])


@needs_shared
def test_quotes_state_the_values() -> None:
    tool = SHARED / "tools" / "check_quotes.py"
    files = [str(f) for _, f in pkg.resources()]
    out = subprocess.run([sys.executable, str(tool), "--min=0", *files], capture_output=True, text=True, check=True)
    stated, total = map(int, out.stdout.strip().splitlines()[-1].split()[0].split("/"))
    src = subprocess.run([sys.executable, str(tool), "--min=0", *map(str, source_tables())],
                         capture_output=True, text=True, check=True)
    src_stated, src_total = map(int, src.stdout.strip().splitlines()[-1].split()[0].split("/"))
    assert (stated, total) == (src_stated, src_total)  # no quote or value changed on the way
    assert stated / total >= 0.98


def test_breakdown_codes_and_flags() -> None:
    row = {"topic": "t", "indicator": "emigrants_permanent", "geo": "KAZ", "partner": "WLD", "year": "2022",
           "period": "H1", "value": "3340", "unit": "persons", "source_url": "https://x", "source_name": "n",
           "quote": "q", "breakdown": "education=higher;age=15+; share of population;approx=more_than"}
    p = pkg.convert_source_row(row)
    assert (p["education"], p["age"], p["breakdown"], p["flags"]) == ("ED5T8", "Y_GE15", "share of population",
                                                                       "more_than")
    cases = {
        "education=secondary_vocational": ("education", "ED35"), "education=general_secondary": ("education", "ED3"),
        "education=basic": ("education", "ED2"), "education=none": ("education", "ED0"),
        "age=working": ("age", "Y_WORKING"), "age=under_working": ("age", "Y_LT_WORKING"),
        "age=pension": ("age", "Y_GT_WORKING"), "age<35": ("age", "Y_LT35"), "age>=55": ("age", "Y_GE55"),
        "specialty=technical": ("specialty", "technical"), "approx=almost": ("flags", "approx"),
        "level=master": ("breakdown", "level=master"), "'more than 13 thousand specialists'": ("flags", "more_than"),
    }
    for breakdown, (field, want) in cases.items():
        assert pkg.convert_source_row({**row, "breakdown": breakdown})[field] == want, breakdown


@pytest.mark.parametrize(("period", "cumulative"), [
    ("2012-2021", True), ("1991-2024M8", True), ("2012-2022H1", True), ("1993-2013 (as of 01.08.2013)", True),
    ("2023-2024", False), ("Y", False), ("9M", False), ("M1-M8", False), ("", False),
])
def test_cumulative_periods(period: str, cumulative: bool) -> None:
    row = {"topic": "", "indicator": "i", "geo": "KAZ", "partner": "", "year": "2021", "period": period,
           "value": "1", "unit": "persons", "source_url": "", "source_name": "", "quote": "1", "breakdown": ""}
    p = pkg.convert_source_row(row)
    assert p["period"] == period
    assert ("cumulative" in p["flags"]) is cumulative
    assert "unsourced" in p["flags"]


def test_build_and_read_back(tmp_path: Path) -> None:
    src = tmp_path / "figures.csv"
    src.write_text(
        "topic,indicator,geo,partner,year,period,breakdown,value,unit,source_url,source_name,quote\n"
        "flows,emigrants_permanent,KAZ,RUS,2023,9M,,\"9000\",persons,https://x.kz/a,X citing BNS,\"«9 000»\"\n",
        encoding="utf-8")
    d = pkg.build_package([src], tmp_path / "out")
    assert [r["name"] for r in d["resources"]] == ["figures", "sources"]
    assert d["sources"] == [{"title": "X citing BNS", "path": "https://x.kz/a", "tier": "media_citing_official"}]
    ((name, file),) = pkg.resources(tmp_path / "out")
    ((o, where),) = list(pkg.read_resource(file, name))
    assert (o.value, o.period, o.quote, where.row) == (9000.0, "9M", "«9 000»", 2)
    assert pkg.package_hash(tmp_path / "out") != pkg.package_hash()


def test_bad_table_is_refused_with_its_place(tmp_path: Path) -> None:
    src = tmp_path / "bad.csv"
    src.write_text(
        "topic,indicator,geo,partner,year,period,breakdown,value,unit,source_url,source_name,quote\n"
        "flows,emigrants_permanent,KAZ,,2023,Y,,9000,persons,https://x,X,9000\n"
        "flows,emigrants_permanent,KAZ,,20x3,Y,,9000,persons,https://x,X,9000\n", encoding="utf-8")
    with pytest.raises(DataImportError) as info:
        pkg.build_package([src], tmp_path / "out")
    assert (info.value.file, info.value.row, info.value.column) == (str(src), 3, "year")
    assert not (tmp_path / "out" / "datapackage.json").exists()


# --- source authority tiers ------------------------------------------------------------------


def test_every_source_has_a_tier_and_the_table_is_tied_to_the_figures() -> None:
    from talentflow.stats.sources import TIERS, read_sources

    table = read_sources(pkg.sources_file())
    used = {row["source_url"] for row in shipped_rows() if row["source_url"]}
    assert used == set(table)  # every source a figure names, and no other
    assert {s.tier for s in table.values()} <= set(TIERS)
    assert all(s.basis for s in table.values())
    d = json.loads((pkg.SHIPPED_PACKAGE / "datapackage.json").read_text(encoding="utf-8"))
    assert all(s["tier"] == table[s["path"]].tier for s in d["sources"])


def test_package_refuses_a_figure_whose_source_has_no_tier(tmp_path: Path) -> None:
    """The figure resources point at the sources table by a foreign key: Frictionless rejects a
    figure whose source is not listed with a tier."""
    frictionless = pytest.importorskip("frictionless")
    import shutil

    copy = tmp_path / "pkg"
    shutil.copytree(pkg.SHIPPED_PACKAGE, copy)
    lines = (copy / "sources.csv").read_text(encoding="utf-8").splitlines(keepends=True)
    dropped = next(i for i, line in enumerate(lines) if "glav.su" in line)
    (copy / "sources.csv").write_text("".join(lines[:dropped] + lines[dropped + 1:]), encoding="utf-8")
    report = frictionless.validate(str(copy / "datapackage.json"))
    assert not report.valid
    assert "foreign-key" in {e.type for task in report.tasks for e in task.errors}


def test_bad_tier_is_refused_with_its_place(tmp_path: Path) -> None:
    from talentflow.stats.sources import read_sources

    bad = tmp_path / "sources.csv"
    bad.write_text("url,title,tier,basis\nhttps://a,A,official_statistics,x\nhttps://b,B,hearsay,y\n",
                   encoding="utf-8")
    with pytest.raises(DataImportError) as info:
        read_sources(bad)
    assert (info.value.row, info.value.column) == (3, "tier")


def test_build_takes_tiers_from_the_hand_kept_table(tmp_path: Path) -> None:
    src = tmp_path / "figures.csv"
    src.write_text(
        "topic,indicator,geo,partner,year,period,breakdown,value,unit,source_url,source_name,quote\n"
        "flows,emigrants_permanent,KAZ,,2023,Y,,16094,persons,https://stat.gov.kz/x,BNS,16 094\n"
        "flows,emigrants_permanent,KAZ,,2023,Y,,16000,persons,https://forum.example/t/1,a forum post,16 тысяч\n",
        encoding="utf-8")
    table = tmp_path / "sources.csv"
    table.write_text("url,title,tier,basis\nhttps://forum.example/t/1,Forum,forum_blog,a forum thread\n",
                     encoding="utf-8")
    pkg.build_package([src], tmp_path / "out", source_table=table)
    from talentflow.stats.sources import read_sources

    got = read_sources(tmp_path / "out" / "sources.csv")
    assert got["https://forum.example/t/1"].tier == "forum_blog"
    assert got["https://stat.gov.kz/x"].tier == "official_statistics"
    assert got["https://stat.gov.kz/x"].basis.startswith("inferred:")


def test_shipped_source_names_carry_no_internal_words():
    """The paper is named by its authors and year in every shipped source name, never by its
    role in the project ("seed paper"), whatever the shared table calls it."""
    from talentflow.stats.package import SHIPPED_PACKAGE, source_name

    assert source_name("Konarbayeva & Kantarbayeva 2025 (seed paper), citing its ref. [1]") == \
        "Konarbayeva & Kantarbayeva 2025, citing its ref. [1]"
    for file in SHIPPED_PACKAGE.glob("*.csv"):
        assert "seed paper" not in file.read_text(encoding="utf-8").lower(), file.name
    assert "seed paper" not in (SHIPPED_PACKAGE / "datapackage.json").read_text(encoding="utf-8").lower()
