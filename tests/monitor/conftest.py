"""Shared helpers of the monitoring tests: valid IINs, a pseudonymisation key, template files."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
import sqlalchemy as sa

from talentflow.monitor import schema
from talentflow.monitor.ids import iin_check_digit
from talentflow.monitor.template import write_template

KEY = "test-key-for-the-registry-0123456789"


def make_iin(yymmdd: str, century: int = 3, serial: int = 1) -> str:
    """The first valid IIN with this birth date and century digit from ``serial`` on."""
    while True:
        digits = [int(c) for c in f"{yymmdd}{century}{serial:04d}"]
        check = iin_check_digit(digits)
        if check is not None:
            return "".join(map(str, digits)) + str(check)
        serial += 1


def bad_check(iin: str) -> str:
    return iin[:-1] + str((int(iin[-1]) + 1) % 10)


@pytest.fixture(autouse=True)
def registry_key(monkeypatch, tmp_path):
    monkeypatch.setenv("TALENTFLOW_REGISTRY_KEY", KEY)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.delenv("TALENTFLOW_STORE", raising=False)
    monkeypatch.delenv("TALENTFLOW_DISCLOSURE_THRESHOLD", raising=False)


def write(path: Path, records: list[dict]) -> Path:
    write_template(path, records)
    return path


def checksum(engine: sa.Engine) -> str:
    """Hash of every registry table: equal before and after means nothing was written."""
    h = hashlib.sha256()
    with engine.connect() as conn:
        for t in schema.TABLES:
            for r in conn.execute(sa.select(t).order_by(*t.primary_key.columns)):
                h.update(repr(tuple(r)).encode())
    return h.hexdigest()
