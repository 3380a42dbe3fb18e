"""Mechanism-by-mechanism comparison on constructed matrices."""

from __future__ import annotations

from talentflow.recommend import MECHANISMS, compare_mechanisms


def test_one_row_per_mechanism_in_fixed_order(paper_reading, practices, rules):
    c = compare_mechanisms(paper_reading, practices, rules)
    assert [r.mechanism for r in c.rows] == list(MECHANISMS)
    assert c.country == "KAZ"


def test_paper_reading_statuses(paper_reading, practices, rules):
    c = compare_mechanisms(paper_reading, practices, rules)
    # talent_attraction at level 3 in two documents: visas and quotas are named
    visa = c.row("tax_visa_facilitation")
    assert (visa.status, visa.best_level, visa.category) == ("present", 3, "talent_attraction")
    assert visa.documents == ["p2017_602", "p2022_961"]
    assert visa.quote is not None and "квот" in visa.quote.text
    # a stated absence of a retention mechanism is never a mechanism
    career = c.row("career_research_autonomy")
    assert (career.status, career.best_level, career.quote) == ("absent", 0, None)
    assert career.gap_documents == ["u2007_399", "p2017_602"]
    # diaspora only mentioned (level 1): partial, below the level 2 the signal asks for
    assert c.status("diaspora_networks_digital_platforms") == "partial"
    # monitoring stated as an intention (2) but never with a target (4)
    assert (c.status("monitoring"), c.row("monitoring").best_level) == ("partial", 2)
    # citizenship for emigrants is a return instrument, but not a return obligation
    assert c.status("return_obligations") == "partial"
    # "эмигрантов" must not count as a "грант" (terms match word beginnings)
    assert c.status("financial_incentives") == "partial"


def test_foreign_and_domestic_programmes_are_told_apart(paper_reading, practices, rules):
    c = compare_mechanisms(paper_reading, practices, rules)
    ret = c.row("return_obligations")
    assert ret.domestic == ["kaz_bolashak"] and "kaz_bolashak" not in ret.programmes
    assert "chn_thousand_talents" in c.row("financial_incentives").programmes
    assert "kor_brain_korea_21" in c.row("research_grants_infrastructure").programmes
    assert "ind_vajra_faculty" in c.row("dual_appointments_reverse_exchange").programmes
    assert "ind_knowledge_diaspora_networks" in c.row("diaspora_networks_digital_platforms").programmes


def test_equipped_country_has_every_mechanism(equipped, practices, rules):
    c = compare_mechanisms(equipped, practices, rules)
    assert {r.mechanism: r.status for r in c.rows} == dict.fromkeys(MECHANISMS, "present")
    assert c.row("monitoring").best_level == 4
    assert c.row("return_obligations").documents == ["x2024_001"]


def test_terms_decide_between_present_and_partial(matrix_with, practices, rules):
    bolashak = matrix_with({("p2022_961", "institutional"): (3, False, "Стипендия «Болашак» для обучения за рубежом.")})
    assert compare_mechanisms(bolashak, practices, rules).status("return_obligations") == "present"
    research = matrix_with({("p2022_961", "institutional"): (3, False, "Национальные научные лаборатории открытого доступа.")})
    row = compare_mechanisms(research, practices, rules).row("research_grants_infrastructure")
    assert (row.status, row.documents) == ("present", ["p2022_961"])


def test_other_country_counts_bolashak_as_foreign(build, practices, rules):
    import datetime as dt

    m = build([("d1", dt.date(2020, 1, 1), "UZB")], {("d1", "return"): (1, False, "x")})
    c = compare_mechanisms(m, practices, rules)
    assert c.country == "UZB"
    assert "kaz_bolashak" in c.row("return_obligations").programmes
    assert c.row("return_obligations").domestic == []
    assert all(r.status == "absent" for r in c.rows)
