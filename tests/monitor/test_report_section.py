"""The report's monitoring section: framework table with status classes, target line charts and
cohort charts from disclosure-controlled tables, labelled synthetic."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

from talentflow.monitor import open_registry
from talentflow.monitor.synthetic import write_registry
from talentflow.report.compose_monitor import monitor_section
from talentflow.report.i18n import Lang
from talentflow.report.model import Figure, Table


def test_section_with_a_synthetic_registry(tmp_path):
    with open_registry(tmp_path / "s.sqlite") as reg:
        reg.import_file(write_registry(tmp_path / "syn.csv", 3000, seed=11))
        inp = SimpleNamespace(stats=None, registry=reg, country="KAZ",
                              generated=dt.datetime(2026, 6, 30, tzinfo=dt.UTC))
        sec = monitor_section(inp, Lang("ru"))
    ids = [s.id for s in sec.subsections]
    assert ids == ["monitoring-framework", "monitoring-trends", "monitoring-cohorts"]
    table = next(b for b in sec.subsections[0].blocks if isinstance(b, Table))
    assert table.columns[0] == "Показатель"
    statuses = {row[-1].css for row in table.rows}
    assert "status-no_target" in statuses
    assert any("синтетические" in f for f in table.footnotes)
    cohort_figs = [b for b in sec.subsections[2].blocks if isinstance(b, Figure)]
    assert cohort_figs and all(f.label == "synthetic" and f.svg and f.png for f in cohort_figs)


def test_section_without_registry_says_so():
    inp = SimpleNamespace(stats=None, registry=None, country="KAZ", generated=dt.datetime(2026, 6, 30, tzinfo=dt.UTC))
    sec = monitor_section(inp, Lang("en"))
    notes = [b.text for b in sec.subsections[0].blocks if getattr(b, "kind", "") == "note"]
    assert notes and "No programme registry" in notes[0]
