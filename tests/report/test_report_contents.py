"""The default report holds every section, and its numbers are the analysis results."""

from __future__ import annotations

import re

from babel.numbers import format_decimal

from talentflow.report.model import Paragraph, Table

SECTIONS = ["findings", "policy", "policy-matrix", "policy-gaps", "policy-time", "policy-reference", "statistics",
            "statistics-figures", "statistics-series", "statistics-indicators", "statistics-discrepancies",
            "statistics-projection", "statistics-sources", "practice", "recommendations", "methodology",
            "methodology-scale", "methodology-corpus", "methodology-labels", "methodology-provenance"]


def tables(section):
    return [b for b in section.blocks if isinstance(b, Table)]


def test_every_section_is_present_in_order(default_report):
    ids = [s.id for s in default_report.model.walk()]
    for sid in SECTIONS:
        assert sid in ids, sid
    assert ids[0] == "findings"
    assert [s.id for s in default_report.model.sections] == [
        "findings", "policy", "statistics", "practice", "recommendations", "monitoring", "methodology"]


def test_key_findings_link_to_existing_sections(default_report):
    model = default_report.model
    ids = {s.id for s in model.walk()}
    paras = [b for b in model.section("findings").blocks if isinstance(b, Paragraph)]
    assert len(paras) >= 5
    assert all(p.link in ids for p in paras)


def test_matrix_table_equals_the_matrix(default_report):
    from talentflow.coding import load_codebook

    model = default_report.model
    table = tables(model.section("policy-matrix"))[0]
    # the first column is the document, the last the coverage; the rest are the levels
    n_cat = len(table.columns) - 2
    assert n_cat == len(load_codebook().categories)
    levels = [[int(c.text.split()[0]) for c in row[1:-1]] for row in table.rows]
    assert all(0 <= v <= 4 for row in levels for v in row)
    for row, lv in zip(table.rows, levels, strict=True):
        coverage = int(row[-1].text.rstrip("%").strip())
        assert coverage == round(100 * sum(lv) / (4 * n_cat))


def test_findings_count_documents_of_the_matrix(default_report):
    model = default_report.model
    n_rows = len(tables(model.section("policy-matrix"))[0].rows)
    group = " ".join(b.text for b in model.section("findings-documents").blocks)
    assert re.search(rf"Policy documents coded: {n_rows};", group)


def test_incomplete_documents_are_marked_with_a_footnote(default_report):
    table = tables(default_report.model.section("policy-matrix"))[0]
    marked = [row for row in table.rows if row[0].mark]
    assert marked, "the shipped corpus holds partial adilet openings"
    for row in marked:
        assert any(f.startswith(row[0].mark) for f in table.footnotes)
        # every level cell of the row carries the mark too (a 0 may only mean the text is missing)
        assert all(c.mark == row[0].mark for c in row[1:-1])
    unmarked = [row for row in table.rows if not row[0].mark]
    assert unmarked and all(not c.mark for row in unmarked for c in row)
    # what of the document is included, what is missing, and how to get the full text
    assert any("Included:" in f and "Missing:" in f and "Full text:" in f for f in table.footnotes)


def test_series_values_are_the_observations(kgz_report, kgz_inputs):
    _, _, values = kgz_inputs
    table = tables(kgz_report.model.section("statistics-series"))[0]
    assert len(table.rows) == len({y for _, y in values})
    for row in table.rows:
        year = int(row[0].text)
        for cell, ind in zip(row[1:], ("emigrants_permanent", "immigrants_permanent", "net_migration_external"),
                             strict=True):
            expected = format_decimal(int(values[(ind, year)]), locale="ru_RU")
            assert cell.text.startswith(expected), (year, ind, cell.text, expected)


def test_statistics_sources_carry_url_or_name_and_quote(default_report):
    from talentflow.report.model import SourceList

    sources = [b for b in default_report.model.section("statistics-sources").blocks if isinstance(b, SourceList)][0]
    assert sources.items
    assert all(s.quote for s in sources.items)
    assert sum(bool(s.url) for s in sources.items) >= 0.9 * len(sources.items)


def test_projection_is_labelled(default_report):
    sec = default_report.model.section("statistics-projection")
    kinds = {b.kind for b in sec.blocks if isinstance(b, Paragraph)}
    assert kinds & {"projection", "note"}
    if "projection" in kinds:
        assert "This is a projection, not an observation" in sec.blocks[0].text


def test_methodology_records_version_and_hashes(default_report):
    from talentflow import __version__

    text = default_report.model.text()
    meta = default_report.model.meta
    assert f"talentflow {__version__}" in text
    for key in ("codebook", "corpus", "data"):
        assert re.fullmatch(r"[0-9a-f]{64}", meta.hashes[key]), key
        assert meta.hashes[key] in text


def test_reference_comparison_counts_are_the_agreement_results(default_report):
    from talentflow.exchange import agreement, load_reference

    pol = default_report.inputs.policy
    human = load_reference("paper-table1")
    rep = agreement(pol.matrix, human, pol.codebook)
    full = {d.id for d in pol.matrix.documents if d.completeness == "full"}
    satisfied = sum(c.satisfied is True for c in rep.claims)
    # failures on incomplete texts are "not testable": only a full text can contradict a claim
    contradicted = sum(c.satisfied is False and c.document in full for c in rep.claims)
    text = default_report.model.section("policy-reference").blocks[1].text
    assert f"{len(human.claims)} in all" in text
    assert f"satisfied {satisfied}," in text and f"contradicted {contradicted}." in text


def test_discrepancy_counts_are_the_checks(default_report):
    st = default_report.inputs.stats
    flagged = sum(d.flagged for d in st.discrepancies)
    text = default_report.model.section("statistics-discrepancies").blocks[0].text
    assert text.endswith(f"{len(st.discrepancies)}, of which above the threshold: {flagged}.") or \
        f"{len(st.discrepancies):,}" in text
    full = [b for b in default_report.model.section("statistics-discrepancies").blocks
            if isinstance(b, Table) and b.media == "screen"]
    assert len(full) == 1 and len(full[0].rows) == len(st.discrepancies)


def test_key_findings_state_the_tertiary_share_of_emigrants(default_report):
    """The paper's argument rests on who leaves: the share of the tertiary-educated among
    emigrants (3,340 of 9,408 aged 15+ in H1 2022, BNS via Caravan.kz) must be a key finding."""
    st = default_report.inputs.stats
    (share,) = [v for v in st.indicators if v.indicator == "tertiary_share_emigrants" and v.value is not None]
    assert abs(share.value - 100 * 3340 / (3340 + 3091 + 2013 + 964)) < 0.01
    findings = " ".join(b.text for b in default_report.model.section("findings").blocks)
    assert "2022, first half-year: 35.5 %" in findings


def test_a_trend_caption_names_a_target_line_only_when_one_is_drawn(default_report):
    """A caption says what is drawn: charts without a sourced target do not speak of a dashed line."""
    from talentflow.report.model import Figure

    figures = [b for s in default_report.model.walk() for b in s.blocks if isinstance(b, Figure)]
    trend = [f for f in figures if "Values by year as published or computed" in (f.caption or "")]
    assert trend, "the monitoring section has trend charts"
    assert any("no sourced target" in f.caption for f in trend)
    for f in trend:
        assert ("dashed line" in f.caption) != ("no sourced target" in f.caption)
