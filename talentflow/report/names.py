"""What a reader sees instead of an internal code: documents by short title and year, education
levels, age groups, periods and breakdowns by name, in the report's language.

Codes (``u2014_732``, ``ED5T8``, ``Y_GT_WORKING``, ``H1``, ``partner_group=CIS``) are how the data
are stored; the report never prints one where a name exists.
"""

from __future__ import annotations

import re

from talentflow.ingest.model import DocumentMeta
from talentflow.pipeline import DocumentLabel
from talentflow.report.i18n import Lang

SHORT = 70  # a title longer than this is cut where no short title is given


def short_title(doc_id: str, title: str | None, labels: dict[str, DocumentLabel], L: Lang) -> str:
    """The document's short title in the report's language (the manifest's), else its title cut."""
    lab = labels.get(doc_id)
    if lab is not None:
        text = lab.short_title.get(L.code) or lab.short_title.get("en")
        if text:
            return text
    text = title or doc_id
    return text if len(text) <= SHORT else text[: SHORT - 1].rstrip() + "…"


def doc_name(meta: DocumentMeta, labels: dict[str, DocumentLabel], L: Lang) -> str:
    """Short title and year: «Migration Policy Concept 2017–2021 (2017)»."""
    name = short_title(meta.id, meta.title, labels, L)
    year = str(meta.date.year) if meta.date else ""
    if not year or year in name:
        return name
    if name.endswith(")") and "(" in name:  # "Law … (Kazakh text)" → "Law … (Kazakh text, 2011)"
        return f"{name[:-1]}, {year})"
    return f"{name} ({year})"


def doc_note(meta: DocumentMeta, labels: dict[str, DocumentLabel], L: Lang) -> str:
    """What of the document the corpus holds, in the report's language.

    The manifest's note in this language when it has one; otherwise a sentence made from the
    completeness and the source address, so no note ever appears in another language.
    """
    lab = labels.get(meta.id)
    if lab is not None and lab.note.get(L.code):
        return lab.note[L.code]
    if meta.completeness == "full":
        return ""
    what = (L.t("Only part of the text is in the corpus.") if meta.completeness == "partial"
            else L.t("The corpus holds only secondary descriptions of this document, not its text."))
    if meta.source_url:
        what += " " + L.t("Full text: {url}", url=meta.source_url.split(";")[0].strip())
    return what


def education(code: str, L: Lang) -> str:
    return {
        "ED0": L.t("no formal education"), "ED2": L.t("basic secondary education"),
        "ED3": L.t("general secondary education"), "ED35": L.t("secondary vocational education"),
        "ED5T8": L.t("higher education"), "_T": L.t("all levels of education"),
    }.get(code, code)


def age(code: str, L: Lang) -> str:
    return {
        "Y_WORKING": L.t("working age"), "Y_LT_WORKING": L.t("below working age"),
        "Y_GT_WORKING": L.t("above working age"), "Y_GE15": L.t("aged 15 and over"),
        "Y_LT35": L.t("under 35"), "Y_LT45": L.t("under 45"), "Y_LT18": L.t("under 18"),
        "Y_GE55": L.t("aged 55 and over"), "Y0T15": L.t("aged 0–15"), "Y_CHILD": L.t("children"),
    }.get(code, code)


_MONTHS = re.compile(r"^M1-M(\d{1,2})$")


def period(code: str, L: Lang) -> str:
    """A period code as words: ``H1`` → "first half-year", ``M1-M8`` → "January–August"."""
    if code in ("Y", ""):
        return ""
    if code in ("H1", "Q1", "Q2", "Q3", "Q4", "9M", "YTD", "H2"):
        return {"H1": L.t("first half-year"), "H2": L.t("second half-year"), "Q1": L.t("first quarter"),
                "Q2": L.t("second quarter"), "Q3": L.t("third quarter"), "Q4": L.t("fourth quarter"),
                "9M": L.t("January–September"), "YTD": L.t("year to date")}[code]
    m = _MONTHS.match(code)
    if m:
        return L.t("January–{month}", month=month_name(int(m.group(1)), L))
    if re.fullmatch(r"M\d{1,2}", code):
        return month_name(int(code[1:]), L)
    return code


def month_name(n: int, L: Lang) -> str:
    from babel.dates import get_month_names

    if not 1 <= n <= 12:
        return str(n)
    return get_month_names("wide", context="stand-alone", locale=L.locale)[n]


def year_period(year: int | None, code: str, L: Lang) -> str:
    """``2022`` and ``H1`` → "2022, first half-year"; a whole year is the year alone."""
    words = period(code, L)
    y = str(year) if year else "—"
    return f"{y}, {words}" if words else y


def breakdown(code: str, L: Lang) -> str:
    """A breakdown of the data (``education``/``age`` codes, ``partner_group=CIS``) as words."""
    if code.startswith("ED") or code == "_T":
        return education(code, L)
    if code.startswith("Y"):
        return age(code, L)
    key, _, value = code.partition("=")
    if key == "source" and value:
        return {"national": L.t("national source"), "UIS": L.t("UNESCO Institute for Statistics")}.get(value, value)
    if key == "partner_group" and value:
        return {"CIS": L.t("CIS countries"), "non_CIS": L.t("non-CIS countries")}.get(value, value)
    return L.unit(code)


def series_name(indicator: str, L: Lang) -> str | None:
    """A series of the data (an observation's indicator id) by name, where the report knows it."""
    return {
        "exit_documents_permanent": L.t("Exit documents for permanent residence abroad"),
        "gerd_percent_gdp": L.t("Gross domestic expenditure on R&D, % of GDP"),
        "higher_education_students_total": L.t("Students in higher education"),
        "kandas_arrived": L.t("Kandas arrived"),
        "kandas_returned_cumulative": L.t("Kandas returned since independence (cumulative)"),
        "kandas_share": L.t("Share of kandas"),
        "outbound_students": L.t("Students studying abroad"),
        "outbound_students_share": L.t("Share of students studying abroad"),
        "rd_personnel_total": L.t("R&D personnel"),
        "scientific_staff_total": L.t("Scientific staff"),
        "scientists_total": L.t("Scientists"),
        "young_scientists_share_under35": L.t("Share of young scientists (under 35)"),
    }.get(indicator)
