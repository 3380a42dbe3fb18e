"""The report's monitoring section and the diaspora directory: with a directory in the store, the
engagement indicators appear (framework rows and every breakdown), small counts withheld as
"withheld" and never as a number, synthetic profiles labelled synthetic; with none, one line says
so and no number is made up."""

from __future__ import annotations

import copy
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from talentflow.diaspora import open_directory
from talentflow.diaspora.model import Profile
from talentflow.diaspora.synthetic import synthetic_orcid
from talentflow.report.compose_monitor import TEXT, attach_diaspora
from talentflow.report.model import Paragraph, Table


def _walk(section):
    yield section
    for sub in section.subsections:
        yield from _walk(sub)


def _monitoring(model):
    return next(s for s in model.sections if s.id == "monitoring")


def _notes(section) -> list[str]:
    return [b.text for s in _walk(section) for b in s.blocks if isinstance(b, Paragraph)]


@pytest.fixture
def diaspora_store(tmp_path: Path, monkeypatch) -> Path:
    """A store with 14 counted synthetic experts in Germany and one in the US, each engaged once
    (lectures, 2025): Germany's 14 withheld with the US's 1 (secondary suppression)."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.delenv("TALENTFLOW_DISCLOSURE_THRESHOLD", raising=False)
    store = tmp_path / "store.sqlite"
    d = open_directory(store)
    experts = [Profile(orcid=synthetic_orcid(i), name=f"Synthetic {i}", country="DE" if i < 15 else "US",
                       kinds=["lecture"], synthetic=True) for i in range(1, 16)]
    d.add_profiles(experts, ["listing", "contact", "statistics"], "synthetic test profiles (seeded)")
    t0 = datetime(2025, 1, 10, tzinfo=UTC)
    for p in experts:
        rid = d.post_request("Synthetic University", "Lecture course", "en", "lecture", posted_at=t0)
        iid = d.shortlist(rid, p.orcid)
        d.invite(iid, at=t0)
        d.respond(iid, True, start=date(2025, 3, 1), end=date(2025, 3, 10), at=t0 + timedelta(days=5))
    d.close()
    return store


def test_without_a_directory_one_line_says_so(default_models):
    for lang, model in default_models.items():
        mon = _monitoring(model)
        assert TEXT["no_diaspora"][lang] in _notes(mon)
        assert "monitoring-diaspora" not in [s.id for s in _walk(mon)]  # no made-up numbers


def test_with_a_directory_the_engagement_indicators_appear_suppressed(default_inputs, diaspora_store):
    from talentflow.report import compose

    inp = copy.copy(default_inputs)
    attach_diaspora(inp, str(diaspora_store))
    assert inp.diaspora is not None and inp.diaspora.synthetic
    try:
        for lang in ("en", "ru", "kk"):
            mon = _monitoring(compose(inp, lang))
            assert TEXT["no_diaspora"][lang] not in _notes(mon)
            sec = next(s for s in _walk(mon) if s.id == "monitoring-diaspora")
            table = next(b for b in sec.blocks if isinstance(b, Table))
            rows = {(r[0].text, r[1].text): r[2].text for r in table.rows}
            names, dims, kinds = TEXT["diaspora_names"][lang], TEXT["dims"][lang], TEXT["kinds"][lang]
            withheld = TEXT["withheld"][lang]
            posted = names["diaspora_requests_posted"]
            assert rows[(posted, f"{dims['year']}: 2025")] == "15"
            engagements = names["diaspora_engagements"]
            assert rows[(engagements, f"{dims['kind']}: {kinds['lecture']}")] == "15"
            by_country = {k[1]: v for k, v in rows.items() if k[0] == engagements and dims["country"] in k[1]}
            assert by_country[f"{dims['country']}: {TEXT['total'][lang]}"] == "15"
            # the one US engagement is below the threshold: withheld, and Germany's 14 with it
            # (secondary suppression), so the total minus Germany does not give it back
            assert sum(v == withheld for v in by_country.values()) == 2, by_country
            repeat = names["diaspora_repeat_engagements"]
            assert all(v == withheld for k, v in rows.items() if k[0] == repeat)  # 0 repeats < 10
            matched = names["diaspora_requests_matched_30d"]
            assert rows[(matched, f"{dims['year']}: 2025")] in ("100%", "100,0 %", "100.0%", "100,0%")
            assert TEXT["diaspora_synthetic"][lang] in _notes(sec)  # synthetic, said in the section
            # the framework table has the diaspora rows, marked synthetic
            fw = next(s for s in _walk(mon) if s.id == "monitoring-framework")
            fw_table = next(b for b in fw.blocks if isinstance(b, Table))
            names_shown = [r[0].text for r in fw_table.rows]
            assert any(n.startswith(("Diaspora", "Запросы", "Ұйымдардың")) and n.endswith(" *") for n in names_shown)
    finally:
        inp.diaspora.directory.close()


def test_the_rendered_report_shows_them(default_inputs, diaspora_store, tmp_path):
    from talentflow.report import write_report

    inp = copy.copy(default_inputs)
    attach_diaspora(inp, str(diaspora_store))
    try:
        result = write_report(inp, "ru", formats=("html",), out_dir=tmp_path / "out")
    finally:
        inp.diaspora.directory.close()
    html = (tmp_path / "out" / "report.html").read_text(encoding="utf-8")
    assert TEXT["diaspora"]["ru"] in html and TEXT["withheld"]["ru"] in html
    assert TEXT["diaspora_synthetic"]["ru"] in html
    assert result.files


def test_an_empty_or_missing_store_attaches_nothing(default_inputs, tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    inp = copy.copy(default_inputs)
    empty = tmp_path / "empty.sqlite"
    open_directory(empty).close()  # tables, no rows
    attach_diaspora(inp, str(empty))
    assert getattr(inp, "diaspora", None) is None
    attach_diaspora(inp, str(tmp_path / "no" / "such" / "dir" / "x.sqlite"))
    assert getattr(inp, "diaspora", None) is None
