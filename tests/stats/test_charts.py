"""Charts drawn from seeded synthetic observations (every figure here is labelled synthetic)."""

from __future__ import annotations

import json
import re

import numpy as np
import pytest

from talentflow.stats.catalogue import load_catalogue
from talentflow.stats.charts import (
    CHARTS,
    emigrants_by_education,
    make_chart,
    make_charts,
    students_by_destination,
)
from talentflow.stats.model import Observation


def ob(indicator: str, value: float, year: int | None = 2021, src: str = "S", **kw) -> Observation:
    return Observation(indicator=indicator, area=kw.pop("area", "KAZ"), year=year, value=value,
                       source_name=f"synthetic source {src}", source_url=f"https://example.org/{src}",
                       quote="synthetic", flags=["synthetic"], **kw)


@pytest.fixture(scope="module")
def synthetic() -> list[Observation]:
    rng = np.random.default_rng(42)
    obs = []
    for i, year in enumerate(range(2012, 2024)):
        em = float(round(30000 + 2000 * i + rng.normal(0, 1500)))
        obs.append(ob("emigrants_permanent", em, year, src=f"em{year}", counterpart="WLD"))
        obs.append(ob("immigrants_permanent", float(round(15000 + rng.normal(0, 1000))), year, src=f"im{year}",
                      counterpart="WLD"))
        for e, share in (("ED5T8", 0.3), ("ED35", 0.4), ("ED3", 0.3)):
            obs.append(ob("emigrants_permanent", round(em * share), year, src=f"ed{year}", education=e))
    obs.append(ob("emigrants_permanent", 777777, 2022, src="half", education="ED5T8", period="H1"))
    for area, n, pop in (("AAA", 500000, 1e9), ("BBB", 100000, 5e7), ("KAZ", 90000, 2e7)):
        obs.append(ob("outbound_students", n, None, src="list", area=area))
        obs.append(ob("population_total", pop, 2023, src="pop", area=area))
    for cp, n in (("RUS", 70000), ("TUR", 2000)):
        obs.append(ob("outbound_students", n, 2021, src="dest", counterpart=cp))
    obs.append(ob("outbound_students", 90000, 2021, src="dest", counterpart="WLD"))
    return obs


def test_all_charts_in_every_format(synthetic, tmp_path):
    written = make_charts(synthetic, tmp_path, lang="ru")
    assert set(written) == set(CHARTS)
    for name, files in written.items():
        assert sorted(f.suffix for f in files) == [".html", ".png", ".svg"], name
        assert all(f.stat().st_size > 1000 for f in files)
        assert files[0].read_bytes()[:4] == b"\x89PNG"
    html = (tmp_path / "migration_flows.ru.html").read_text(encoding="utf-8")

    def has(text: str) -> bool:  # plotly writes its JSON ASCII-escaped
        return json.dumps(text)[1:-1] in html

    assert has("Эмиграция, иммиграция и сальдо миграции")
    assert not re.search(r"<script[^>]*\bsrc=", html) and "Plotly.newPlot" in html  # plotly.js inline
    assert has("Синтетические данные, не опубликованные цифры")  # synthetic data labelled
    assert has("Прогноз эмиграции")  # projection labelled


def test_svg_is_deterministic(synthetic, tmp_path):
    a = make_chart(synthetic, "students_by_origin", tmp_path / "a", formats=("svg",))[0].read_bytes()
    b = make_chart(synthetic, "students_by_origin", tmp_path / "b", formats=("svg",))[0].read_bytes()
    assert a == b
    assert b"<dc:date>" not in a


def test_education_chart_uses_whole_years_only(synthetic):
    spec = emigrants_by_education(synthetic, "KAZ", "en", load_catalogue())
    (panel,) = spec.panels
    assert panel.categories == [str(y) for y in range(2012, 2024)]
    higher = next(s for s in panel.series if s.name == "Higher")
    assert 777777 not in higher.values


def test_other_appears_only_against_a_total_of_the_same_source(synthetic):
    spec = students_by_destination(synthetic, "KAZ", "en", load_catalogue())
    assert spec.panels[0].categories[-1] == "Other"
    assert spec.panels[0].series[0].values[-1] == 90000 - 70000 - 2000
    no_total = [o for o in synthetic if not (o.indicator == "outbound_students" and o.counterpart == "WLD")]
    spec = students_by_destination(no_total, "KAZ", "en", load_catalogue())
    assert "Other" not in spec.panels[0].categories


def test_unknown_chart_language_or_format_is_refused(synthetic, tmp_path):
    with pytest.raises(ValueError, match="unknown chart"):
        make_chart(synthetic, "nope", tmp_path)
    with pytest.raises(ValueError, match="unknown language"):
        make_chart(synthetic, "migration_flows", tmp_path, lang="de")
    with pytest.raises(ValueError, match="unknown format"):
        make_chart(synthetic, "migration_flows", tmp_path, formats=("gif",))


def test_part_year_education_breakdown_is_shown_as_part_year(tmp_path):
    """The shipped data holds emigrants by education only for H1 2022 (BNS via Caravan.kz):
    the chart shows that period, labelled as part-year, never as the year 2022."""
    from talentflow.stats.store import open_store

    with open_store(tmp_path / "store.sqlite") as store:
        store.load_package()
        obs = store.observations(indicator="emigrants_permanent", area="KAZ")
    spec = emigrants_by_education(obs, "KAZ", "en", load_catalogue())
    (panel,) = spec.panels
    assert panel.kind == "stacked"
    assert panel.categories == ["2022, first half-year"]  # words, never the code "H1"
    assert "part-year" in spec.title
    higher = next(s for s in panel.series if s.name == "Higher")
    assert higher.values == [3340]  # "высшее образование имеют 3340 человек" (Caravan.kz citing BNS)


def test_caption_says_what_is_drawn():
    """A part-year chart is never captioned "whole years" (the report's Figure 3)."""
    from talentflow.stats.charts import chart_caption
    from talentflow.stats.model import Observation

    def o(ed: str, v: float, year: int, period: str) -> Observation:
        return Observation(indicator="emigrants_permanent", area="KAZ", counterpart="WLD", year=year, period=period,
                           education=ed, value=v, source_url="https://example.org/a", source_name="synthetic A",
                           quote=f"synthetic {v}", flags=["synthetic"])

    part = [o("ED5T8", 1000, 2022, "H1"), o("ED35", 2000, 2022, "H1")]
    for lang, word, wrong, half in (
            ("en", "part-year figures", "(whole years)", "2022, first half-year"),
            ("ru", "за часть года", "(полные годы)", "2022, первое полугодие"),
            ("kk", "жылдың бір бөлігі", "(толық жылдар)", "2022, бірінші жартыжылдық")):
        cap = chart_caption(part, "emigrants_by_education", lang)
        assert half in cap and word in cap and wrong not in cap and "H1" not in cap
    whole = [o("ED5T8", 1000, 2019, "Y"), o("ED35", 2000, 2020, "Y")]
    assert chart_caption(whole, "emigrants_by_education", "en") == "Emigrants by education level, whole years 2019–2020"


def test_chart_period_words_match_the_report():
    """The chart names a period with the words the report's catalogues use for it."""
    from talentflow.report.i18n import Lang
    from talentflow.report.names import year_period as report_year_period
    from talentflow.stats.charts import year_period

    for lang in ("en", "ru", "kk"):
        L = Lang(lang)
        for code in ("H1", "H2", "Q1", "Q3", "9M", "YTD", "M1-M8", "M5", "Y"):
            assert year_period(2022, code, lang) == report_year_period(2022, code, L), (lang, code)


def test_projection_model_is_named_in_the_chart_language():
    """The projection's model name is notation plus words; the words follow the language
    ("ETS(A,N,N) on log" is never printed in a Russian or Kazakh report)."""
    from talentflow.stats.charts import model_name
    from talentflow.stats.projection import CANDIDATES

    for model, _, _ in CANDIDATES:
        assert model_name(model, "en") == model
        for lang in ("ru", "kk"):
            name = model_name(model, lang)
            assert name.startswith("ETS(") and "log" not in name and "Holt" not in name and "damped" not in name
