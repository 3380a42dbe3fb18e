"""Rule-based recommendations on constructed matrices, and the rule file's validation."""

from __future__ import annotations

import datetime as dt

import pytest

from talentflow.recommend import CatalogueError, load_rules, recommend
from talentflow.stats.results import IndicatorValue

PAPER_RULES = {
    1: "retention_return_programmes",
    2: "research_infrastructure",
    3: "diaspora_cooperation",
    4: "sdg_alignment",
    5: "monitoring_evaluation",
}




def test_paper_reading_produces_all_five_paper_recommendations(paper_reading, practices, rules):
    recs = recommend(paper_reading, None, practices, rules)
    assert {r.paper_recommendation for r in recs if r.basis == "paper"} == {1, 2, 3, 4, 5}
    ids = {r.id for r in recs}
    assert set(PAPER_RULES.values()) <= ids


def test_recommendations_carry_the_finding_that_triggered_them(paper_reading, practices, rules):
    recs = {r.id: r for r in recommend(paper_reading, None, practices, rules)}
    first = recs["retention_return_programmes"]
    (finding,) = [f for f in first.triggered_by if f.category == "retention"]
    assert finding.level == 1 and finding.gap
    assert finding.gap_documents == ["u2007_399", "p2017_602"]
    assert "механизм удержания" in finding.quote.text or "меры по удержанию" in finding.quote.text
    # the texts are filled from the finding, in all three languages
    assert "u2007_399 (2007)" in first.text["en"] and "p2017_602 (2017)" in first.text["ru"]
    assert "{" not in "".join(first.text.values())
    assert "Retention of talent" in first.text_in("en")
    assert "Удержание талантов" in first.text_in("ru")
    assert "Таланттарды ұстап қалу" in first.text_in("kk")


def test_recommendations_name_foreign_analogues_only(paper_reading, practices, rules):
    recs = {r.id: r for r in recommend(paper_reading, None, practices, rules)}
    assert "chn_thousand_talents" in recs["retention_return_programmes"].practices
    assert "ind_knowledge_diaspora_networks" in recs["diaspora_cooperation"].practices
    assert "kor_brain_korea_21" in recs["research_infrastructure"].practices
    assert all("kaz_bolashak" not in r.practices for r in recs.values())
    assert "Thousand Talents Plan" in recs["retention_return_programmes"].text["en"]


def test_no_recommendation_where_instruments_exist(equipped, practices, rules):
    assert recommend(equipped, None, practices, rules) == []


@pytest.mark.parametrize(
    ("paper_no", "cell"),
    [
        (1, ("p2022_961", "retention", 3, "Программа удержания: гранты, карьерный рост и автономия молодых учёных.")),
        (3, ("p2022_961", "diaspora", 3, "Программа обмена учёными и совместительства для научной диаспоры.")),
        (4, ("p2022_961", "sdg", 2, "Политика направлена на достижение ЦУР 4.")),
        (5, ("p2022_961", "monitoring", 4, "Целевой индикатор: число вернувшихся специалистов к 2027 году.")),
    ],
)
def test_each_paper_recommendation_disappears_when_its_instrument_exists(matrix_with, practices, rules, paper_no, cell):
    doc, cat, level, text = cell
    recs = recommend(matrix_with({(doc, cat): (level, False, text)}), None, practices, rules)
    fired = {r.id for r in recs}
    assert PAPER_RULES[paper_no] not in fired
    assert len({r.paper_recommendation for r in recs if r.basis == "paper"}) == 4


def test_retention_instrument_without_career_or_autonomy_still_calls_for_programmes(matrix_with, practices, rules):
    dormitory = matrix_with({("p2022_961", "retention"): (4, False, "Оператор размещает госзаказ на места в общежитиях до 2027 года.")})
    rec = {r.id: r for r in recommend(dormitory, None, practices, rules)}["retention_return_programmes"]
    (cat,) = [f for f in rec.triggered_by if f.kind == "category"]
    assert (cat.level, cat.documents) == (4, ["p2022_961"])
    (mech,) = [f for f in rec.triggered_by if f.kind == "mechanism"]
    assert (mech.mechanism, mech.status) == ("career_research_autonomy", "partial")


def test_monitoring_in_general_is_not_monitoring_of_migration(matrix_with, practices, rules):
    quality = matrix_with({("p2022_961", "monitoring"): (4, False, "Мониторинг качества образования, отчёт до 2027 года.")})
    assert "monitoring_evaluation" in {r.id for r in recommend(quality, None, practices, rules)}


def test_research_infrastructure_needs_research_terms_not_any_instrument(matrix_with, practices, rules):
    not_research = matrix_with({("p2022_961", "retention"): (3, False, "Программа «одного окна» для мигрантов.")})
    assert "research_infrastructure" in {r.id for r in recommend(not_research, None, practices, rules)}
    research = matrix_with({("p2022_961", "retention"): (3, False, "Гранты на научные исследования и лаборатории.")})
    assert "research_infrastructure" not in {r.id for r in recommend(research, None, practices, rules)}


def _net_tertiary(value: float, year: int = 2021) -> IndicatorValue:
    # synthetic indicator value: the rule reads whatever the statistics stage computed
    return IndicatorValue("net_migration_tertiary", "KAZ", year, "Y", value, "persons", note="synthetic")


def test_indicator_rule_fires_on_net_loss_of_tertiary_educated(paper_reading, practices, rules):
    recs = {r.id: r for r in recommend(paper_reading, [_net_tertiary(-1234.0, 2019), _net_tertiary(-5000.0)], practices, rules)}
    rec = recs["skilled_net_loss"]
    (ind,) = [f for f in rec.triggered_by if f.kind == "indicator"]
    assert (ind.value, ind.year) == (-5000.0, 2021)  # the latest whole-year value
    assert "2021" in rec.text["en"] and "-5,000" in rec.text["en"]
    assert "5\xa0000" in rec.text["ru"]  # Russian digit grouping


def test_share_of_tertiary_educated_emigrants(paper_reading, equipped, practices, rules):
    share = IndicatorValue("tertiary_share_emigrants", "KAZ", 2022, "H1", 35.5, "percent", note="synthetic")
    rec = {r.id: r for r in recommend(paper_reading, [share], practices, rules)}["skilled_emigrant_share"]
    # the part-year stays, in words
    assert "35.5 % of emigrants" in rec.text["en"] and "(2022, first half-year)" in rec.text["en"]
    assert "35,5 % (2022, первое полугодие)" in rec.text["ru"]
    low = IndicatorValue("tertiary_share_emigrants", "KAZ", 2022, "H1", 29.9, "percent")
    assert "skilled_emigrant_share" not in {r.id for r in recommend(paper_reading, [low], practices, rules)}
    assert recommend(equipped, [share, _net_tertiary(-5000.0)], practices, rules) == []


@pytest.mark.parametrize("indicators", [None, [_net_tertiary(250.0)]])
def test_indicator_rule_silent_without_a_net_loss(paper_reading, practices, rules, indicators):
    assert "skilled_net_loss" not in {r.id for r in recommend(paper_reading, indicators, practices, rules)}


def test_indicator_rule_silent_when_retention_has_targets(matrix_with, practices, rules):
    m = matrix_with({("p2022_961", "retention"): (4, False, "Программа удержания с бюджетом до 2027 года.")})
    assert "skilled_net_loss" not in {r.id for r in recommend(m, [_net_tertiary(-5000.0)], practices, rules)}


def test_indicator_of_another_area_is_not_used(paper_reading, practices, rules):
    other = IndicatorValue("net_migration_tertiary", "UZB", 2021, "Y", -10.0, "persons")
    assert "skilled_net_loss" not in {r.id for r in recommend(paper_reading, [other], practices, rules)}


def test_data_rule_on_education_migration_channel(paper_reading, matrix_with, practices, rules):
    rec = {r.id: r for r in recommend(paper_reading, None, practices, rules)}["education_migration_channel"]
    assert rec.basis == "data" and rec.paper_recommendation is None
    assert "kaz_bolashak" not in rec.practices  # the country's own programme is not an analogue
    m = matrix_with({("p2022_961", "education_migration"): (3, False, "Реестр студентов за рубежом.")})
    assert "education_migration_channel" not in {r.id for r in recommend(m, None, practices, rules)}


def test_rule_over_a_category_the_matrix_lacks_is_skipped_with_a_warning(paper_reading, practices, rules):
    paper_reading.categories.remove("sdg")
    with pytest.warns(UserWarning, match="sdg"):
        recs = recommend(paper_reading, None, practices, rules)
    assert "sdg_alignment" not in {r.id for r in recs}


def test_another_country_sees_bolashak_as_a_foreign_analogue(build, practices, rules):
    docs = [("uzb_2019_001", dt.date(2019, 5, 1), "UZB")]
    m = build(docs, {("uzb_2019_001", "education_migration"): (1, False, "Students leave to study abroad.")})
    recs = {r.id: r for r in recommend(m, None, practices, rules)}
    assert "kaz_bolashak" in recs["education_migration_channel"].practices
    assert "uzb_2019_001 (2019)" in recs["education_migration_channel"].text["en"]


# --- the rule file -----------------------------------------------------------------------------

RULE_FILE = """\
version: "t"
mechanisms:
{mechanisms}
rules:
  - id: r1
    when: {when}
    title: {{en: T, ru: T, kk: T}}
    text: {{en: "{text}", ru: x, kk: x}}
"""


def _write_rules(tmp_path, when="max_level(sdg) < 2", text="Level {level}"):
    mech = "\n".join(
        f"  {m}:\n    label: {{en: a, ru: a, kk: a}}\n    signals: [{{category: sdg, min_level: 3}}]"
        for m in load_rules().mechanisms
    )
    p = tmp_path / "rules.yaml"
    p.write_text(RULE_FILE.format(mechanisms=mech, when=when, text=text), encoding="utf-8")
    return p


def test_minimal_rule_file_loads(tmp_path):
    rs = load_rules(_write_rules(tmp_path))
    assert [r.id for r in rs.rules] == ["r1"]


@pytest.mark.parametrize(
    ("when", "text", "message"),
    [
        ("max_level(sdg) <", "x", "expected|unexpected"),
        ("maxlevel(sdg) < 2", "x", "unknown function 'maxlevel'"),
        ("gap(sdg) < 2", "x", "cannot compare"),
        ("max_level(sdg)", "x", "must be a comparison"),
        ("present(teleport)", "x", "unknown mechanism 'teleport'"),
        ("max_level(sdg) < 2", "{budget}", "unknown placeholder"),
    ],
)
def test_bad_rule_is_reported_with_file_line_and_field(tmp_path, when, text, message):
    path = _write_rules(tmp_path, when=when, text=text)
    with pytest.raises(CatalogueError, match=message) as exc:
        load_rules(path)
    err = exc.value
    assert err.path == str(path)
    assert err.field.startswith("rules.0")
    line = path.read_text(encoding="utf-8").splitlines()[err.line - 1]
    assert ("when:" in line) or ("text:" in line)


def test_missing_mechanism_in_rule_file(tmp_path):
    p = tmp_path / "rules.yaml"
    p.write_text('version: "t"\nmechanisms: {}\nrules: []\n', encoding="utf-8")
    with pytest.raises(CatalogueError, match="financial_incentives"):
        load_rules(p)


def test_duplicate_rule_id(tmp_path):
    path = _write_rules(tmp_path)
    text = path.read_text(encoding="utf-8")
    path.write_text(text + text[text.index("  - id: r1"):], encoding="utf-8")
    with pytest.raises(CatalogueError, match="duplicate rule id 'r1'") as exc:
        load_rules(path)
    assert exc.value.line == text.count("\n") + 1


def test_shipped_rules_map_onto_the_five_paper_recommendations(rules):
    assert {r.paper_recommendation for r in rules.rules} >= {1, 2, 3, 4, 5}
    assert set(rules.paper_recommendations) == {1, 2, 3, 4, 5}


def test_shipped_rules_name_existing_practices(rules, practices):
    ids = {p.id for p in practices}
    for rule in rules.rules:
        assert set(rule.practices) <= ids, rule.id


def test_recommendations_name_documents_by_short_title_in_their_language(paper_reading, practices, rules):
    """With the corpus's short titles, each language's text names a document in that language
    (a Russian recommendation never names a document by its Kazakh or English title), with its year."""
    names = {"p2017_602": {"ru": "Концепция миграционной политики на 2017–2021 годы",
                           "kk": "Көші-қон саясатының 2017–2021 жылдарға арналған тұжырымдамасы",
                           "en": "Migration Policy Concept 2017–2021"}}
    recs = recommend(paper_reading, None, practices, rules, document_names=names)
    named = [r.text for r in recs if "2017–2021" in r.text["ru"]]
    assert named, "some recommendation names the 2017 concept"
    for t in named:
        # the year is in the short title already, so it is not repeated
        assert "Концепция миграционной политики на 2017–2021 годы" in t["ru"] and "p2017_602" not in t["ru"]
        assert "Көші-қон саясатының 2017–2021 жылдарға арналған тұжырымдамасы" in t["kk"]
        assert "Migration Policy Concept 2017–2021" in t["en"]
        assert "Migration Policy Concept" not in t["ru"] and "Концепция" not in t["kk"]
    # a document without a short title keeps its id-or-title name with the year
    assert any("u2007_399 (2007)" in r.text["ru"] for r in recs)
