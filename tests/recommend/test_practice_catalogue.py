"""The shipped practice catalogue: validation, provenance of every outcome, malformed files."""

from __future__ import annotations

import csv
import subprocess
import sys
from pathlib import Path

import pytest

from talentflow.recommend import MECHANISMS, CatalogueError, export_outcomes_csv, load_practices
from talentflow.recommend.practices import Outcome, default_practices_path

KAZAKH_LETTERS = set("әғқңөұүһі")
SHARED = Path(__file__).resolve().parents[2] / ".." / "shared"
needs_shared = pytest.mark.skipif(not SHARED.is_dir(), reason="reference data ../shared not present")
PAPER_DOI = "https://doi.org/10.52821/2789-4401-2025-5-60-76"


@pytest.fixture(scope="module")
def practices():
    return load_practices()


@pytest.fixture(scope="module")
def by_id(practices):
    return {p.id: p for p in practices}


def test_required_programmes_with_years_and_countries(by_id):
    expected = {
        "chn_thousand_talents": ("CHN", 2008),
        "kor_brain_korea_21": ("KOR", 1999),
        "kaz_bolashak": ("KAZ", 1993),
        "ind_vajra_faculty": ("IND", 2017),
        "ind_pravasi_bharatiya_divas": ("IND", 2003),
    }
    for pid, (country, start) in expected.items():
        assert (by_id[pid].country, by_id[pid].start) == (country, start)
    for pid in ("ind_ramanujan_fellowship", "ind_ramalingaswami_fellowship", "ind_knowledge_diaspora_networks"):
        assert by_id[pid].country == "IND"
    assert [ph.name for ph in by_id["kor_brain_korea_21"].phases][-1] == "BK21 FOUR (phase 4)"


def test_every_practice_is_complete(practices):
    for p in practices:
        assert set(p.name) >= {"ru", "kk", "en"}, p.id
        assert p.mechanisms and set(p.mechanism_types) <= set(MECHANISMS), p.id
        assert all(m.description["en"] for m in p.mechanisms), p.id
        assert p.outcomes, f"{p.id} has no documented outcome"
        assert all(o.source_url.startswith("http") and o.quote for o in p.outcomes), p.id


def test_every_outcome_has_a_label_in_three_languages(practices):
    for p in practices:
        for o in p.outcomes:
            assert all((o.label.get(lang) or "").strip() for lang in ("en", "ru", "kk")), (p.id, o.indicator)
            assert not any("_" in text for text in o.label.values()), (p.id, o.indicator)
            assert o.label["kk"] != o.label["ru"] and KAZAKH_LETTERS & set(o.label["kk"].lower()), (p.id, o.indicator)


def test_outcomes_of_one_indicator_share_one_label(practices):
    labels: dict[str, dict[str, str]] = {}
    for p in practices:
        for o in p.outcomes:
            assert labels.setdefault(o.indicator, o.label) == o.label, o.indicator


def test_every_mechanism_description_in_three_languages(practices):
    for p in practices:
        for m in p.mechanisms:
            assert all((m.description.get(lang) or "").strip() for lang in ("en", "ru", "kk")), (p.id, m.type)
            assert m.description["kk"] != m.description["ru"], (p.id, m.type)
            assert KAZAKH_LETTERS & set(m.description["kk"].lower()), (p.id, m.type)


def test_outcome_label_falls_back_to_english_then_the_id():
    base = {"indicator": "vajra_applications", "value": 260, "unit": "persons", "source_url": "https://example.org/x",
            "source_name": "s", "quote": "260 applications", "dataset": "d.csv"}
    assert Outcome(**base, label={"en": "Applications received", "ru": "Поступившие заявки"}).label_in("kk") == (
        "Applications received")
    assert Outcome(**base, label={"en": "Applications received", "ru": "Поступившие заявки"}).label_in("ru") == (
        "Поступившие заявки")
    assert Outcome(**base).label_in("ru") == "vajra applications"


def test_descriptions_from_the_paper_cite_it(by_id):
    for pid, ref in (("chn_thousand_talents", "[24]"), ("kor_brain_korea_21", "[25]"), ("ind_knowledge_diaspora_networks", "[26]")):
        cites = [s for s in by_id[pid].description_sources if s.url == PAPER_DOI]
        assert cites and ref in cites[0].citation, pid


def test_bk21_keeps_both_the_paper_and_the_ministry_figures(by_id):
    pubs = {(o.year, o.value, o.source_url) for o in by_id["kor_brain_korea_21"].outcomes if o.unit == "publications"}
    assert (2017, 24968, PAPER_DOI) in pubs
    assert any(y == 2017 and v == 24063 and "edaily" in u for y, v, u in pubs)
    assert sum(1 for y, v, _ in pubs if (y, v) == (1999, 4392)) == 2


def test_bolashak_documents_the_return_obligation(by_id):
    obligation = [o for o in by_id["kaz_bolashak"].outcomes if o.indicator == "bolashak_return_work_obligation_years"]
    assert obligation and obligation[0].stated_as == "five" and "five years" in obligation[0].quote
    assert "return_obligations" in by_id["kaz_bolashak"].mechanism_types


@needs_shared
def test_every_outcome_value_is_stated_by_its_quote(practices, tmp_path):
    """The reference checker on a CSV export; the only misses are values stated in words."""
    out = export_outcomes_csv(practices, tmp_path / "outcomes.csv")
    proc = subprocess.run(
        [sys.executable, str(SHARED / "tools" / "check_quotes.py"), str(out), "--min=0"],
        capture_output=True, text=True, check=False,
    )
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    missed = [line for line in proc.stdout.splitlines() if "not in quote" in line]
    missed_rows = {int(line.split(":")[1]) for line in missed}
    assert f"{len(rows) - len(missed)}/{len(rows)} values stated" in proc.stdout
    for n in missed_rows:
        assert rows[n - 2]["stated_as"], f"row {n}: value not in quote and no stated_as"


@needs_shared
def test_every_outcome_is_a_row_of_the_reference_data(practices):
    """Provenance: value, unit, year, source and quote exactly as in the reference CSV."""
    data = {}
    for name in {o.dataset for p in practices for o in p.outcomes}:
        with (SHARED / "data" / name).open(encoding="utf-8") as fh:
            data[name] = list(csv.DictReader(fh))
    for p in practices:
        for o in p.outcomes:
            match = [
                r for r in data[o.dataset]
                if r["indicator"] == o.indicator and float(r["value"]) == o.value and r["quote"] == o.quote
                and r["source_url"] == o.source_url and r["unit"] == o.unit and r["year"] == ("" if o.year is None else str(o.year))
            ]
            assert match, f"{p.id}: {o.indicator}={o.value} not found in {o.dataset}"


# --- malformed catalogues ----------------------------------------------------------------------


def _catalogue(tmp_path, edit):
    text = default_practices_path().read_text(encoding="utf-8")
    path = tmp_path / "practice.yaml"
    path.write_text(edit(text), encoding="utf-8")
    return path


def test_unknown_country_names_file_line_and_field(tmp_path):
    path = _catalogue(tmp_path, lambda t: t.replace("country: KOR", "country: XXK", 1))
    with pytest.raises(CatalogueError, match="ISO 3166") as exc:
        load_practices(path)
    err = exc.value
    assert err.path == str(path) and err.field.endswith(".country")
    assert "country: XXK" in path.read_text(encoding="utf-8").splitlines()[err.line - 1]


def test_unknown_mechanism_is_rejected(tmp_path):
    path = _catalogue(tmp_path, lambda t: t.replace("type: monitoring", "type: vibes", 1))
    with pytest.raises(CatalogueError) as exc:
        load_practices(path)
    assert "vibes" in path.read_text(encoding="utf-8").splitlines()[exc.value.line - 1]
    assert exc.value.field.endswith("mechanisms.0.type") or ".type" in exc.value.field


def test_outcome_without_value(tmp_path):
    path = _catalogue(tmp_path, lambda t: t.replace("  value: 2000\n", "  value: many\n", 1))
    with pytest.raises(CatalogueError, match="number") as exc:
        load_practices(path)
    assert exc.value.field.endswith("value")


def test_outcome_label_without_english(tmp_path):
    path = _catalogue(tmp_path, lambda t: t.replace("      en: Initial recruitment target\n", "", 1))
    with pytest.raises(CatalogueError, match="en") as exc:
        load_practices(path)
    assert exc.value.field.endswith("outcomes.0.label")


def test_duplicate_practice_id(tmp_path):
    path = _catalogue(tmp_path, lambda t: t.replace("id: kor_brain_korea_21", "id: chn_thousand_talents"))
    with pytest.raises(CatalogueError, match="duplicate practice id") as exc:
        load_practices(path)
    assert "id: chn_thousand_talents" in path.read_text(encoding="utf-8").splitlines()[exc.value.line - 1]


def test_invalid_yaml_names_the_line(tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_text('version: "1"\npractices:\n  - id: x\n    name: [unclosed\n', encoding="utf-8")
    with pytest.raises(CatalogueError, match="invalid YAML") as exc:
        load_practices(path)
    assert exc.value.line is not None and exc.value.line >= 4


def test_missing_file():
    with pytest.raises(CatalogueError, match="file not found"):
        load_practices("/nonexistent/practice.yaml")
