"""Reproduce the paper's hand coding (Konarbayeva & Kantarbayeva 2025, Table 1 and readings).

Three inputs, the same assertions: the paper's own readings of the five documents, dossiers of
the recovered passages about each document, and — when a user has fetched them — the full
documents (``TALENTFLOW_FULLTEXT_DIR``: files named ``<doc_id>.<lang>.<ext>``).
"""

from __future__ import annotations

import csv
import os
import re
from functools import lru_cache
from pathlib import Path

import pytest

from talentflow.coding import code_documents, evaluate_claims, load_codebook, parse_claims

SHARED = Path(__file__).resolve().parents[2] / ".." / "shared"
CORPUS = SHARED / "corpus"
TABLE = CORPUS / "paper-table1.csv"
ORDER = ["u2007_399", "p2017_602", "p2022_961"]  # the three migration-policy concepts

#: The passage a claim needs, as a pattern over the source text. A claim is asserted only on
#: a text that holds the passage; upper bounds ("retention<=1") need none.
NEEDS: dict[str, tuple[str, str]] = {
    "brain_drain": ("a passage on the outflow of qualified people / brain drain",
                    r"brain[- ]drain|outflow|отток|утечк|ми ағ|кадрлардың кетуі|emigration of"),
    "retention": ("a passage on retaining talent", r"retain|retention|удержан|ұстап қал"),
    "return": ("a passage on return or simplified citizenship for emigrants",
               r"гражданств|citizenship|return|возвра|қайт"),
    "talent_attraction": ("a passage on visas, residence permits or foreign specialists",
                          r"visa|виз|residence|вид на жительство|ықтиярхат|foreign (?:labou?r|specialist|worker)|иностранн\w+ (?:рабоч|специалист)"),
    "repatriation": ("a passage on kandas / ethnic Kazakhs / repatriation",
                     r"kandas|қандас|кандас|oralman|оралман|ethnic|этническ|этникалық|repatri|репатри|ata zholy|ата жолы"),
    "education_migration": ("a passage on students or education migration", r"student|студент|образовательн|білім"),
}


def _rows() -> list[dict[str, str]]:
    if not TABLE.exists():
        return []
    with TABLE.open(encoding="utf-8") as f:
        return list(csv.DictReader(f))


ROWS = _rows()
needs_shared = pytest.mark.skipif(not ROWS, reason=f"shared corpus not found at {CORPUS}")


def _check(coded, claims_text: str, source_text: str, label: str) -> None:
    """Assert every claim; one that fails is skipped (naming the passage) only when the text
    lacks the passage it needs. Upper bounds need no passage and are always asserted."""
    missing = []
    for result in evaluate_claims(claims_text, coded):
        claim = result.claim
        if result.holds:
            continue
        upper = all(a.op in ("<=", "<", "nogap") for a in claim.alternatives)
        patterns = [NEEDS[c] for c in claim.categories if c in NEEDS]
        if not upper and patterns and not any(re.search(p, source_text, re.IGNORECASE) for _, p in patterns):
            missing.append(f"{claim.text}: {' or '.join(n for n, _ in patterns)}")
            continue
        raise AssertionError(f"{label}: claim {claim.text!r} fails ({result.observed})")
    if missing:
        pytest.skip(f"{label}: passage not in the text for " + "; ".join(missing))


@needs_shared
def test_claims_name_known_categories():
    book = load_codebook()
    assert ROWS
    for row in ROWS:
        assert parse_claims(row["claims"], book.ids), row["doc_id"]


@needs_shared
@pytest.mark.parametrize("row", ROWS, ids=[r["doc_id"] for r in ROWS])
def test_paper_reading_reproduces_claims(row, make_doc):
    (coded,) = code_documents([make_doc(row["paper_reading"], row["doc_id"])])
    results = evaluate_claims(row["claims"], coded)
    failed = [f"{r.claim.text} ({r.observed})" for r in results if not r.holds]
    assert not failed, f"{row['doc_id']}: {failed}"


@lru_cache(maxsize=1)
def _dossiers():
    from talentflow.ingest import read_dossiers

    docs, errors = read_dossiers([CORPUS / "adilet", CORPUS / "press"])
    assert not errors, errors
    return {c.document.meta.id: c for c in code_documents(docs)}


@needs_shared
@pytest.mark.parametrize("row", ROWS, ids=[r["doc_id"] for r in ROWS])
def test_dossier_claims_where_passages_exist(row):
    coded = _dossiers().get(row["doc_id"])
    if coded is None:
        pytest.skip(f"no dossier for {row['doc_id']} in {CORPUS}")
    _check(coded, row["claims"], coded.document.text, f"dossier {row['doc_id']}")


def _coverage(levels: dict[str, int], categories: list[str]) -> float:
    try:
        from talentflow.analysis import coverage_score
    except ImportError:
        return sum(levels.get(c, 0) for c in categories) / (4 * len(categories))
    return coverage_score(levels, categories)


@needs_shared
def test_composite_coverage_grows_2007_2017_2023():
    coded = _dossiers()
    ids = load_codebook().ids
    scores = [_coverage(coded[d].levels, ids) for d in ORDER]
    assert scores[0] < scores[1] < scores[2], dict(zip(ORDER, scores, strict=True))


def _fulltext_files() -> list[Path]:
    root = os.environ.get("TALENTFLOW_FULLTEXT_DIR")
    if not root:
        return []
    return sorted(p for p in Path(root).iterdir() if p.is_file() and p.name.split(".")[0] in {r["doc_id"] for r in ROWS})


@pytest.mark.skipif(not os.environ.get("TALENTFLOW_FULLTEXT_DIR"), reason="TALENTFLOW_FULLTEXT_DIR not set (no full texts fetched)")
@pytest.mark.parametrize("path", _fulltext_files() or [None], ids=lambda p: p.name if p else "none")
def test_full_documents_reproduce_claims(path):
    if path is None:
        pytest.skip("TALENTFLOW_FULLTEXT_DIR holds no <doc_id>.* file of the paper's documents")
    from talentflow.ingest import read_documents

    docs, errors = read_documents([path])
    assert not errors, errors
    row = next(r for r in ROWS if r["doc_id"] == path.name.split(".")[0])
    (coded,) = code_documents(docs)
    _check(coded, row["claims"], coded.document.text, f"full text {path.name}")


FULL = CORPUS / "full"


@lru_cache(maxsize=1)
def _full_laws():
    from talentflow.ingest import read_documents

    docs, errors = read_documents([FULL], manifest=FULL / "manifest.csv")
    assert not errors, errors
    return {Path(c.document.meta.path).name.split(".md")[0]: c for c in code_documents(docs)}


@pytest.mark.skipif(not FULL.exists(), reason=f"full texts not found at {FULL}")
@pytest.mark.parametrize("name", ["law_migration_2011.ru", "law_migration_2011.kk"])
def test_migration_law_names_instruments_for_kandas_and_foreign_labour(name):
    coded = _full_laws()[name]
    assert coded.levels["repatriation"] >= 3, coded.levels
    assert coded.levels["talent_attraction"] >= 3, coded.levels
    assert coded.gaps == [], coded.gaps  # a law states rules, not gaps
    assert coded.levels["brain_drain"] == 0  # the law regulates exit, it does not discuss brain drain


@pytest.mark.skipif(not FULL.exists(), reason=f"full texts not found at {FULL}")
def test_laws_reach_their_topics():
    laws = _full_laws()
    assert laws["law_education_2007.ru"].levels["institutional"] >= 3  # Bolashak
    assert laws["law_education_2007.ru"].levels["education_migration"] >= 2
    assert laws["law_citizenship.kk"].levels["repatriation"] >= 3
    assert laws["law_science_2011.ru"].levels["repatriation"] == 0


@pytest.mark.skipif(not FULL.exists(), reason=f"full texts not found at {FULL}")
def test_negative_control_address_has_no_mechanism():
    coded = _full_laws()["address2019_04_09_early_elections.en"]
    assert max(coded.levels.values()) <= 1, coded.levels
