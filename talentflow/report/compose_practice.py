"""International practice and recommendations: the programme catalogue, the mechanism-by-
mechanism comparison with the country's documents, and the rule-generated recommendations.

The catalogue, comparison and recommendations are produced by ``talentflow.recommend``; this
module words and lays them out, so each recommendation shows the measured finding that fired
its rule, the reference study's recommendation it corresponds to and the foreign analogues.
"""

from __future__ import annotations

from talentflow.recommend import Finding, MechanismComparison, Practice, Recommendation
from talentflow.report.i18n import Lang
from talentflow.report.inputs import PracticeInputs
from talentflow.report.model import BulletList, Paragraph, Section, Source, Table, TableCell
from talentflow.report.names import year_period


def _in(text: dict[str, str], lang: str) -> str:
    return text.get(lang) or text.get("en") or next(iter(text.values()), "")


def outcome_cells(p: Practice, L: Lang) -> TableCell:
    parts, details = [], []
    for o in p.outcomes:
        when = f", {o.year}" if o.year else ""
        value = str(int(o.value)) if o.unit == "year" else f"{L.num(o.value)} {L.unit(o.unit)}"
        parts.append(f"{o.label_in(L.code)}: {value}{when}")
        details.append(Source(o.source_name, o.source_url, o.quote))
    details += [Source(s.citation, s.url) for s in p.description_sources]
    return TableCell("; ".join(parts) or "—", details=details)


def indicator_label(indicator: str, practices: list[Practice], L: Lang) -> str:
    """An indicator named by its outcome label in the catalogue, else its id made readable."""
    for p in practices:
        for o in p.outcomes:
            if o.indicator == indicator and o.label:
                return o.label_in(L.code)
    return indicator.replace("_", " ")


def mechanism_label(mech: str, comparison: MechanismComparison | None, L: Lang) -> str:
    if comparison is not None:
        for r in comparison.rows:
            if r.mechanism == mech:
                return r.text(L.code)
    return mech.replace("_", " ")


def catalogue_table(p: PracticeInputs, L: Lang) -> Table:
    rows = []
    for item in p.practices:
        rows.append([
            TableCell(item.label(L.code)),
            TableCell(L.country(item.country)),
            # the catalogue's note on the years is English prose: shown only in an English report
            TableCell(item.years() or (item.years_note if L.code == "en" and item.years_note else "—")),
            TableCell(", ".join(mechanism_label(m, p.comparison, L) for m in item.mechanism_types)),
            outcome_cells(item, L),
        ])
    return Table([L.t("Programme"), L.t("Country"), L.t("Years"), L.t("Mechanisms"), L.t("Documented outcomes")],
                 rows, caption=L.t("Catalogue of international practice"))


def status_label(status: str, L: Lang) -> str:
    return {"present": L.t("present"), "partial": L.t("partial"), "absent": L.t("absent")}.get(status, status)


def comparison_table(p: PracticeInputs, L: Lang) -> Table:
    names = {x.id: x.label(L.code) for x in p.practices}
    rows = []
    assert p.comparison is not None
    for r in p.comparison.rows:
        rows.append([
            TableCell(r.text(L.code)),
            TableCell(status_label(r.status, L), css=r.status),
            TableCell(str(r.best_level), css=f"level-{r.best_level}"),
            TableCell(", ".join(names.get(i, i) for i in r.programmes) or "—"),
            TableCell(", ".join(names.get(i, i) for i in r.domestic) or "—"),
        ])
    return Table([L.t("Mechanism"), L.t("In the country's documents"), L.t("Highest level in the country's documents"),
                  L.t("Programmes abroad"), L.t("The country's own programmes")],
                 rows, caption=L.t("Mechanisms abroad compared with the country's documents"))


def practice_section(p: PracticeInputs | None, country: str, L: Lang, missing: str = "") -> Section:
    sec = Section("practice", L.t("International practice"))
    if p is None or not p.practices:
        sec.blocks.append(Paragraph(L.t("No catalogue of international practice was available: {reason}",
                                        reason=missing or L.t("no catalogue")), kind="note"))
        return sec
    sec.blocks.append(Paragraph(L.t("Programmes in the catalogue: {n}, in {countries} countries.",
                                    n=L.num(len(p.practices)),
                                    countries=L.num(len({i.country for i in p.practices})))))
    sec.blocks.append(catalogue_table(p, L))
    if p.comparison is not None:
        sub = Section("practice-comparison", L.t("Mechanism-by-mechanism comparison"))
        counts = {s: sum(r.status == s for r in p.comparison.rows) for s in ("present", "partial", "absent")}
        sub.blocks.append(Paragraph(L.t(
            "Mechanisms compared: {n}; present in the country's documents: {present}, partly present: {partial}, "
            "absent: {absent}.", n=L.num(len(p.comparison.rows)), present=L.num(counts["present"]),
            partial=L.num(counts["partial"]), absent=L.num(counts["absent"]))))
        sub.blocks.append(comparison_table(p, L))
        sec.subsections.append(sub)
    return sec


def finding_text(f: Finding, p: PracticeInputs, L: Lang, category_name, doc_name=None, indicator_name=None) -> str:
    """The measured finding that fired a rule, in words: documents by short title, indicators by name."""
    doc = doc_name or (lambda d: d)
    if f.kind == "category" and f.category:
        text = L.t("{category}: highest level {level} of 4", category=category_name(f.category),
                   level=f.level if f.level is not None else 0)
        if f.documents:
            text += f" ({'; '.join(doc(d) for d in f.documents)})"
        if f.gap_documents:
            text += "; " + L.t("absence stated in: {documents}", documents="; ".join(doc(d) for d in f.gap_documents))
        return text
    if f.kind == "indicator" and f.indicator:
        name = (indicator_name(f.indicator) if indicator_name else None) or indicator_label(f.indicator, p.practices, L)
        unit = "%" if f.unit == "percent" else L.unit(f.unit)
        return L.t("{indicator}, {year}: {value} {unit}", indicator=name,
                   year=year_period(f.year, f.period or "Y", L), value=L.num(f.value), unit=unit)
    if f.kind == "mechanism" and f.mechanism:
        return L.t("{mechanism}: {status} in the country's documents",
                   mechanism=mechanism_label(f.mechanism, p.comparison, L), status=status_label(f.status or "", L))
    return f.kind


def with_country(name: str, country: str) -> str:
    return name if not country or country in name else f"{name} ({country})"


def recommendation_block(i: int, r: Recommendation, p: PracticeInputs, L: Lang, category_name, doc_name=None,
                         indicator_name=None) -> Section:
    sub = Section(f"recommendation-{i}", r.title_in(L.code), [Paragraph(r.text_in(L.code))])
    items = [L.t("Finding that triggered it: {finding}",
                 finding=finding_text(f, p, L, category_name, doc_name, indicator_name)) for f in r.triggered_by]
    if r.paper_recommendation is not None:
        name = _in(p.paper_recommendations.get(r.paper_recommendation, {}), L.code)
        items.append(L.t("Corresponding recommendation of the reference study: No. {n} — {text}",
                         n=r.paper_recommendation, text=name or "—"))
    else:
        items.append(L.t("Based on the data; the reference study has no corresponding recommendation."))
    names = {x.id: x.label(L.code) for x in p.practices}
    countries = {x.id: L.country(x.country) for x in p.practices}
    if r.practices:
        items.append(L.t("Analogous programmes abroad: {names}",
                         names=", ".join(with_country(names.get(i, i), countries.get(i, "")) for i in r.practices)))
    sub.blocks.append(BulletList(items))
    return sub


def recommendations_section(p: PracticeInputs | None, L: Lang, missing: str = "", category_name=None,
                            doc_name=None, indicator_name=None) -> Section:
    sec = Section("recommendations", L.t("Recommendations"))
    recs = p.recommendations if p else []
    if not recs or p is None:
        sec.blocks.append(Paragraph(L.t("No recommendations were generated: {reason}",
                                        reason=missing or L.t("no rule fired on the measured gaps")), kind="note"))
        return sec
    name = category_name or (lambda c: c)
    sec.blocks.append(Paragraph(L.t("Recommendations generated by rules from the measured gaps: {n}.",
                                    n=L.num(len(recs)))))
    sec.subsections = [recommendation_block(i, r, p, L, name, doc_name, indicator_name) for i, r in enumerate(recs, 1)]
    return sec
