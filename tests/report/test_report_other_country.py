"""A second, synthetic country: nothing Kazakhstan-specific unless the inputs bring it."""

from __future__ import annotations

import re

from babel import Locale

FORBIDDEN = ("Казахстан", "Kazakhstan", "Қазақстан", "KAZ", "Bolashak")


def input_texts() -> list[str]:
    """Every text the shipped codebook, practice catalogue and rules contain (inputs, not report)."""
    from talentflow.coding import load_codebook
    from talentflow.recommend import load_practices, load_rules

    out: list[str] = []
    for c in load_codebook().categories:
        out += list(c.name.values())
    for p in load_practices():
        out += list(p.name.values()) + list(p.description.values())
        out += [o.quote for o in p.outcomes] + [o.source_name for o in p.outcomes]
        out += [text for o in p.outcomes for text in o.label.values()]
        out += [s.citation for s in p.description_sources]
    rules = load_rules()
    for names in rules.paper_recommendations.values():
        out += list(names.values())
    for mech in rules.mechanisms.values():
        out += [str(v) for v in getattr(mech, "label", {}).values()]
    from talentflow.report.i18n import country_name

    out += [country_name("KAZ", lang) for lang in ("ru", "kk", "en")]
    return sorted({t for t in out if t}, key=len, reverse=True)


def test_no_kazakhstan_text_of_its_own(kgz_report):
    text = kgz_report.model.text()
    for piece in input_texts():
        text = text.replace(piece, "")
    hits = {w: re.findall(rf".{{0,60}}{w}.{{0,30}}", text) for w in FORBIDDEN}
    assert not any(hits.values()), hits


def test_country_named_from_its_code(kgz_report):
    name = Locale.parse("ru").territories["KG"]
    assert name in kgz_report.model.meta.title
    assert kgz_report.model.meta.country == "KGZ"


def test_synthetic_inputs_are_labelled(kgz_report):
    model = kgz_report.model
    assert model.meta.synthetic
    kinds = [b.kind for s in model.walk() for b in s.blocks if hasattr(b, "kind")]
    assert kinds.count("synthetic") >= 2  # key findings and the statistics section
    html = kgz_report.files["html"].read_text(encoding="utf-8")
    assert html.count("синтетическ") >= 3
    series = model.section("statistics-series").blocks[0]
    assert all("(синтетические)" in c.text for row in series.rows for c in row[1:] if c.text != "—")
