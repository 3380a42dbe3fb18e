"""An operator's programme limits the monitor's queries and its imports (the web application
passes it in; these are the package-level guarantees)."""

from __future__ import annotations

import dataclasses

import pytest

from talentflow.monitor import open_registry
from talentflow.monitor.issues import RegistryImportError
from tests.monitor.conftest import checksum, make_iin, write


def _rec(programme: str, serial: int) -> dict:
    return {"person_id": make_iin("880202", 3, serial), "programme": programme, "cohort": 2012, "level": "phd",
            "start_date": "2012-09-01", "graduation_date": "2016-06-30", "return_date": "2016-09-01"}


def test_only_programme_refuses_a_foreign_row_and_writes_nothing(tmp_path):
    with open_registry(str(tmp_path / "s.sqlite")) as reg:
        reg.import_file(write(tmp_path / "a.csv", [_rec("SYN_SCHOLAR", 1)]))
        before = checksum(reg.engine)
        f = write(tmp_path / "b.csv", [_rec("SYN_SCHOLAR", 2), _rec("SYN_RETURN", 3), _rec("SYN_RETURN", 4)])
        with pytest.raises(RegistryImportError) as exc:
            reg.import_file(f, only_programme="SYN_SCHOLAR", display_name="upload.csv")
        issues = exc.value.issues
        assert [(i.file, i.row, i.column, i.rule) for i in issues] == [
            ("upload.csv", 3, "programme", "foreign_programme"), ("upload.csv", 4, "programme", "foreign_programme")]
        assert "SYN_SCHOLAR" in issues[0].render("ru") and "не ваша" in issues[0].render("ru")
        assert checksum(reg.engine) == before
        ok = reg.import_file(write(tmp_path / "c.csv", [_rec("SYN_SCHOLAR", 5)]), only_programme="SYN_SCHOLAR")
        assert ok.new == 1


def test_programmes_filter_reads_only_those_awards(tmp_path):
    with open_registry(str(tmp_path / "s.sqlite")) as reg:
        reg.import_file(write(tmp_path / "a.csv", [_rec("SYN_SCHOLAR", i) for i in range(1, 4)]
                              + [_rec("SYN_RETURN", i) for i in range(10, 15)]))
        full = reg.indicators(by=("cohort",), audience="analyst")
        only = reg.indicators(by=("cohort",), audience="analyst", programmes=["SYN_RETURN"])
        assert {c.group["programme"] for c in only.cells} == {"SYN_RETURN", "_T"}
        total = {c.indicator: dataclasses.astuple(c)[2:6] for c in only.cells if c.group == {"programme": "_T", "cohort": "_T"}}
        own = {c.indicator: dataclasses.astuple(c)[2:6] for c in full.cells
               if c.group == {"programme": "SYN_RETURN", "cohort": "_T"}}
        assert total == own and total["return_rate_12m"][1] == 5  # denominator: 5 graduates, not 8
        assert reg.indicators(programmes=[]).cells == []
