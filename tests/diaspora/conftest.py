"""Shared fixtures of the diaspora tests: ORCID record files and a small directory on a temp store."""

from __future__ import annotations

from pathlib import Path

import pytest

from talentflow.diaspora import open_directory
from talentflow.diaspora.synthetic import generate_profiles

ORCID = Path(__file__).parent / "orcid"
FULL = ORCID / "full_public.json"
PRIVATE = ORCID / "private_absent.json"
LIMITED = ORCID / "limited_items.json"
FULL_ID, PRIVATE_ID, LIMITED_ID = "0000-0000-9000-0012", "0000-0000-9000-0020", "0000-0000-9000-0039"


@pytest.fixture(autouse=True)
def _isolated_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.delenv("TALENTFLOW_STORE", raising=False)
    monkeypatch.delenv("TALENTFLOW_DISCLOSURE_THRESHOLD", raising=False)


@pytest.fixture
def store(tmp_path: Path) -> Path:
    return tmp_path / "store.sqlite"


@pytest.fixture
def directory(store: Path):
    d = open_directory(store)
    yield d
    d.close()


@pytest.fixture(scope="session")
def small_profiles():
    """60 synthetic profiles with the topics they were generated from."""
    return generate_profiles(60, seed=11)
