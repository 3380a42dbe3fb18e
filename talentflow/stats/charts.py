"""Charts of intellectual migration, recomputed from observations (the reference paper's
Figures 1-3 and the flows over time), as PNG, SVG and offline interactive HTML.

Every chart prints its sources under the plot, names projections and synthetic data as such,
and speaks Russian, Kazakh or English. The data of a chart are assembled once
(:class:`ChartSpec`) and drawn twice, by matplotlib (static, deterministic SVG) and by plotly
(interactive, plotly.js embedded so the file opens without a network).
"""

from __future__ import annotations

import gettext
import html
import math
import re
import textwrap
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from talentflow.io.atomic import atomic_path, write_text
from talentflow.locales import LOCALES, format_number
from talentflow.stats.catalogue import Catalogue, breakdown_dims, load_catalogue
from talentflow.stats.indicators import (
    consensus,
    find_period_mislabels,
    is_whole_year,
    persons,
    population_of,
    source_id,
    usable,
)
from talentflow.stats.model import Observation
from talentflow.stats.projection import ProjectionError, project

CHARTS = ("students_by_origin", "students_by_destination", "emigrants_by_education", "migration_flows")
LANGS = ("en", "ru", "kk")
FORMATS = ("png", "svg", "html")

#: Words of the charts, per language.
LABELS: dict[str, dict[str, str]] = {
    "students_by_origin": {
        "en": "Students abroad by country of origin", "ru": "Студенты, обучающиеся за рубежом, по странам происхождения",
        "kk": "Шетелде оқитын студенттер шыққан елдері бойынша"},
    "abs_panel": {"en": "Number of students abroad", "ru": "Численность студентов за рубежом",
                  "kk": "Шетелдегі студенттер саны"},
    "pc_panel": {"en": "Per 100,000 population", "ru": "На 100 000 населения", "kk": "100 000 тұрғынға шаққанда"},
    "students_by_destination": {"en": "Students abroad by destination", "ru": "Студенты за рубежом по странам обучения",
                                "kk": "Шетелдегі студенттер оқу елдері бойынша"},
    "destination_title": {
        "en": "Students from {area} abroad by destination, {year}",
        "ru": "Студенты из страны {area} за рубежом по странам обучения, {year}",
        "kk": "{area} студенттері шетелде оқу елдері бойынша, {year}"},
    "emigrants_by_education": {"en": "Emigrants by education level",
                               "ru": "Эмигранты по уровню образования",
                               "kk": "Эмигранттар білім деңгейі бойынша"},
    "education_whole_years": {"en": "Emigrants by education level, whole years {years}",
                              "ru": "Эмигранты по уровню образования, полные годы {years}",
                              "kk": "Эмигранттар білім деңгейі бойынша, толық жылдар {years}"},
    "origin_title": {
        "en": "Students abroad from the {n} countries one source lists ({year}): number and per 100,000 population",
        "ru": "Студенты за рубежом из {n} стран, перечисленных одним источником ({year}): число и на 100 000 населения",
        "kk": "Бір дереккөз атаған {n} елдің шетелдегі студенттері ({year}): саны және 100 000 тұрғынға шаққанда"},
    "no_year": {"en": "year not stated", "ru": "год не указан", "kk": "жылы көрсетілмеген"},
    "flows_title": {"en": "Emigration, immigration and net migration, whole years {years}, persons",
                    "ru": "Эмиграция, иммиграция и сальдо миграции, полные годы {years}, человек",
                    "kk": "Эмиграция, иммиграция және көші-қон сальдосы, толық жылдар {years}, адам"},
    "migration_flows": {"en": "Emigration, immigration and net migration",
                        "ru": "Эмиграция, иммиграция и сальдо миграции",
                        "kk": "Эмиграция, иммиграция және көші-қон сальдосы"},
    "emigrants": {"en": "Emigrants", "ru": "Эмигранты", "kk": "Эмигранттар"},
    "immigrants": {"en": "Immigrants", "ru": "Иммигранты", "kk": "Иммигранттар"},
    "net": {"en": "Net migration", "ru": "Сальдо миграции", "kk": "Көші-қон сальдосы"},
    "projection": {"en": "Projection of emigrants", "ru": "Прогноз эмиграции", "kk": "Эмиграция болжамы"},
    "interval80": {"en": "80 % interval", "ru": "Интервал 80 %", "kk": "80 % аралығы"},
    "interval95": {"en": "95 % interval", "ru": "Интервал 95 %", "kk": "95 % аралығы"},
    "projection_note": {"en": "Projection, not a published figure: {model}",
                        "ru": "Прогноз, а не опубликованные данные: {model}",
                        "kk": "Болжам, жарияланған дерек емес: {model}"},
    "other": {"en": "Other", "ru": "Другие", "kk": "Басқалар"},
    "sources": {"en": "Sources", "ru": "Источники", "kk": "Дереккөздер"},
    "more": {"en": "and {n} more", "ru": "и ещё {n}", "kk": "және тағы {n}"},
    "synthetic": {"en": "Synthetic data, not published figures", "ru": "Синтетические данные, не опубликованные цифры",
                  "kk": "Синтетикалық деректер, жарияланған сандар емес"},
    "no_education": {"en": "No whole-year figures by education level in the data",
                     "ru": "В данных нет цифр за полные годы по уровню образования",
                     "kk": "Деректерде білім деңгейі бойынша толық жылдық сандар жоқ"},
    "part_years": {"en": "part-year figures only", "ru": "есть только данные за часть года",
                   "kk": "тек жылдың бір бөлігі бойынша деректер"},
    "education_part_year": {
        "en": "Emigrants by education level: part-year figures ({periods}), not comparable with whole years",
        "ru": "Эмигранты по уровню образования: данные за часть года ({periods}), несопоставимы с полными годами",
        "kk": "Эмигранттар білім деңгейі бойынша: жылдың бір бөлігі ({periods}), толық жылдармен салыстыруға келмейді"},
    "period": {"en": "Period", "ru": "Период", "kk": "Кезең"},
    # period codes as words, the same words the report uses (report/names.py and its catalogues)
    "H1": {"en": "first half-year", "ru": "первое полугодие", "kk": "бірінші жартыжылдық"},
    "H2": {"en": "second half-year", "ru": "второе полугодие", "kk": "екінші жартыжылдық"},
    "Q1": {"en": "first quarter", "ru": "I квартал", "kk": "I тоқсан"},
    "Q2": {"en": "second quarter", "ru": "II квартал", "kk": "II тоқсан"},
    "Q3": {"en": "third quarter", "ru": "III квартал", "kk": "III тоқсан"},
    "Q4": {"en": "fourth quarter", "ru": "IV квартал", "kk": "IV тоқсан"},
    "9M": {"en": "January–September", "ru": "январь–сентябрь", "kk": "қаңтар–қыркүйек"},
    "YTD": {"en": "year to date", "ru": "с начала года", "kk": "жыл басынан бері"},
    "months_to": {"en": "January–{month}", "ru": "январь–{month}", "kk": "қаңтар–{month}"},
    "no_data": {"en": "No data for this chart", "ru": "Нет данных для этого графика", "kk": "Бұл график үшін деректер жоқ"},
    "year": {"en": "Year", "ru": "Год", "kk": "Жыл"},
    "persons": {"en": "Persons", "ru": "Человек", "kk": "Адам"},
    "consensus": {"en": "One value per year: that of the highest-authority source, then the value most sources give; "
                        "net = immigrants − emigrants",
                  "ru": "Одно значение в год: данные самого авторитетного источника, затем значение большинства "
                        "источников; сальдо = иммигранты − эмигранты",
                  "kk": "Жылына бір мән: ең беделді дереккөздің мәні, одан кейін дереккөздердің көбі беретін мән; "
                        "сальдо = иммигранттар − эмигранттар"},
    "ED5T8": {"en": "Higher", "ru": "Высшее", "kk": "Жоғары"},
    "ED35": {"en": "Secondary vocational", "ru": "Среднее профессиональное", "kk": "Орта кәсіптік"},
    "ED3": {"en": "General secondary", "ru": "Общее среднее", "kk": "Жалпы орта"},
    "ED2": {"en": "Basic secondary", "ru": "Основное среднее", "kk": "Негізгі орта"},
    "ED0": {"en": "No education", "ru": "Без образования", "kk": "Білімі жоқ"},
}

EDUCATION_ORDER = ("ED5T8", "ED35", "ED3", "ED2", "ED0")
PROJECTION_COLOR = "#8e44ad"


#: The words of a projection model's name (stats/projection.py CANDIDATES), per language; the
#: ETS(error, trend, season) code itself is notation and stays as it is.
_MODEL_WORDS: dict[str, dict[str, str]] = {
    " on log (Holt damped)": {"ru": " на логарифмах (Хольт, затухающий тренд)",
                              "kk": " логарифмдер бойынша (Холт, бәсеңдейтін тренд)"},
    " on log (Holt)": {"ru": " на логарифмах (Хольт)", "kk": " логарифмдер бойынша (Холт)"},
    " on log": {"ru": " на логарифмах", "kk": " логарифмдер бойынша"},
}


def model_name(model: str, lang: str) -> str:
    """A projection model's name in ``lang``: "ETS(A,N,N) on log" → "ETS(A,N,N) на логарифмах"."""
    for words, names in _MODEL_WORDS.items():
        if model.endswith(words) and lang in names:
            return model[: -len(words)] + names[lang]
    return model


def label(key: str, lang: str, **kw: object) -> str:
    text = LABELS[key].get(lang) or LABELS[key]["en"]
    return text.format(**kw) if kw else text


def country_name(code: str, lang: str) -> str:
    """A country's short name in ``lang`` (pycountry's ISO 3166 translations)."""
    import pycountry

    c = pycountry.countries.get(alpha_3=code)
    if c is None:
        return code
    name = getattr(c, "common_name", None) or c.name
    if lang == "en":
        return name
    try:
        tr = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[lang])
    except OSError:
        return name
    return tr.gettext(c.name)


@dataclass
class Series:
    name: str
    values: list[float | None]
    style: str = "solid"  # solid | dashed (projection)
    lower80: list[float] | None = None
    upper80: list[float] | None = None
    lower95: list[float] | None = None
    upper95: list[float] | None = None


@dataclass
class Panel:
    kind: str  # barh | stacked | line | empty
    title: str = ""
    categories: list = field(default_factory=list)
    series: list[Series] = field(default_factory=list)
    highlight: str | None = None
    xlabel: str = ""
    ylabel: str = ""
    message: str = ""


@dataclass
class ChartSpec:
    name: str
    title: str
    panels: list[Panel]
    inputs: list[Observation]
    notes: list[str] = field(default_factory=list)

    @property
    def synthetic(self) -> bool:
        return any("synthetic" in o.flags for o in self.inputs)

    def source_lines(self, lang: str, limit: int = 8, width: int = 170) -> list[str]:
        seen: dict[str, None] = {}
        for o in self.inputs:
            seen.setdefault(o.source_name or o.source_url or "?", None)
        names = list(seen)
        shown = names[:limit]
        text = f"{label('sources', lang)}: " + "; ".join(shown)
        if len(names) > limit:
            text += "; " + label("more", lang, n=len(names) - limit)
        lines = textwrap.wrap(text, width) if names else []
        if self.synthetic:
            lines.insert(0, label("synthetic", lang))
        return lines + [n for note in self.notes for n in textwrap.wrap(note, width)]


# --- data of each chart ------------------------------------------------------------------------


def _students_total(obs: list[Observation], cat: Catalogue) -> list[Observation]:
    ids = cat.expand(["outbound_students"])
    return [o for o in obs if o.indicator in ids and o.counterpart in (None, "", "WLD") and o.education == "_T"
            and "cumulative" not in o.flags and persons(o) is not None and not o.specialty]


def students_by_origin(obs: list[Observation], area: str, lang: str, cat: Catalogue) -> ChartSpec:
    groups: dict[tuple, dict[str, Observation]] = defaultdict(dict)
    for o in _students_total(obs, cat):
        groups[(source_id(o), o.year, o.period)].setdefault(o.area, o)
    secondary = set(cat.secondary_sources)
    candidates = [(k, g) for k, g in groups.items() if len(g) >= 2]
    title = label("students_by_origin", lang)
    if not candidates:
        return ChartSpec("students_by_origin", title, [Panel("empty", message=label("no_data", lang))], [])
    key, group = max(candidates, key=lambda kg: (area in kg[1], kg[0][0] not in secondary, len(kg[1]), kg[0][1] or 0))
    absolute = sorted(group.items(), key=lambda kv: -persons(kv[1]))  # type: ignore[operator]
    inputs = [o for _, o in absolute]
    per_capita, missing = [], []
    for a, o in absolute:
        pop = population_of(obs, a, o.year, cat)
        if pop is None:
            missing.append(a)
            continue
        per_capita.append((a, persons(o) / pop[0] * 1e5))  # type: ignore[operator]
        inputs += pop[1]
    per_capita.sort(key=lambda kv: -kv[1])
    names = {a: country_name(a, lang) for a in group}
    panels = [
        Panel("barh", label("abs_panel", lang), [names[a] for a, _ in absolute],
              [Series(label("abs_panel", lang), [persons(o) for _, o in absolute])], names.get(area),
              xlabel=label("persons", lang)),
        Panel("barh", label("pc_panel", lang), [names[a] for a, _ in per_capita],
              [Series(label("pc_panel", lang), [v for _, v in per_capita])], names.get(area)),
    ]
    notes = [f"population: {', '.join(missing)} missing" for _ in [1] if missing]
    when = (f"{key[1]}" if key[1] else label("no_year", lang)) + ("" if key[2] in ("", "Y") else f" {key[2]}")
    title = label("origin_title", lang, n=len(group), year=when)
    return ChartSpec("students_by_origin", title, panels, inputs, notes)


def students_by_destination(obs: list[Observation], area: str, lang: str, cat: Catalogue) -> ChartSpec:
    ids = cat.expand(["outbound_students"])
    groups: dict[tuple, dict[str, Observation]] = defaultdict(dict)
    for o in obs:
        if (o.indicator in ids and o.area == area and o.counterpart not in (None, "", "WLD")
                and o.education == "_T" and persons(o) is not None and "cumulative" not in o.flags):
            groups[(source_id(o), o.year, o.period)].setdefault(o.counterpart, o)  # type: ignore[arg-type]
    if not groups:
        title = label("students_by_destination", lang)
        return ChartSpec("students_by_destination", title, [Panel("empty", message=label("no_data", lang))], [])
    (src, year, period), parts = max(groups.items(), key=lambda kv: (len(kv[1]), kv[0][1] or 0))
    totals = [o for o in _students_total(obs, cat) if o.area == area and source_id(o) == src
              and o.year == year and o.period == period]
    rows = sorted(((country_name(cp, lang), persons(o)) for cp, o in parts.items()), key=lambda kv: -kv[1])  # type: ignore[arg-type, return-value]
    inputs = list(parts.values())
    if totals:
        rest = persons(totals[0]) - sum(v for _, v in rows)  # type: ignore[operator]
        inputs.append(totals[0])
        if rest > 0:
            rows.append((label("other", lang), rest))
    title = label("destination_title", lang, area=country_name(area, lang), year=year or "")
    panel = Panel("barh", "", [n for n, _ in rows], [Series(label("persons", lang), [v for _, v in rows])],
                  xlabel=label("persons", lang))
    return ChartSpec("students_by_destination", title, [panel], inputs)


def emigrants_by_education(obs: list[Observation], area: str, lang: str, cat: Catalogue) -> ChartSpec:
    ids = cat.expand(["emigrants_permanent"])
    by_year_source: dict[int, dict[str, dict[str, Observation]]] = defaultdict(lambda: defaultdict(dict))
    by_part_source: dict[tuple[int, str], dict[str, dict[str, Observation]]] = defaultdict(lambda: defaultdict(dict))
    for o in obs:
        if (o.indicator in ids and o.area == area and o.education != "_T" and o.counterpart in (None, "", "WLD")
                and persons(o) is not None and usable(o)):
            if is_whole_year(o):
                by_year_source[o.year][source_id(o)].setdefault(o.education, o)  # type: ignore[index]
            else:
                by_part_source[(o.year or 0, o.period)][source_id(o)].setdefault(o.education, o)
    title = label("emigrants_by_education", lang)
    if not by_year_source and by_part_source:
        # Part-year breakdowns are shown for what they are, labelled as such, never as a year.
        periods = sorted(by_part_source)
        chosen_p = {p: max(by_part_source[p].values(), key=len) for p in periods}
        levels = [e for e in EDUCATION_ORDER if any(e in chosen_p[p] for p in periods)]
        series = [Series(label(e, lang), [persons(chosen_p[p][e]) if e in chosen_p[p] else None for p in periods])
                  for e in levels]
        inputs = [o for p in periods for o in chosen_p[p].values()]
        names = [year_period(y or None, code, lang) for y, code in periods]
        panel = Panel("stacked", "", names, series, xlabel=label("period", lang), ylabel=label("persons", lang))
        title = label("education_part_year", lang, periods="; ".join(names))
        return ChartSpec("emigrants_by_education", title, [panel], inputs)
    if not by_year_source:
        return ChartSpec("emigrants_by_education", title, [Panel("empty", message=label("no_education", lang))], [])
    years = sorted(by_year_source)
    chosen = {y: max(by_year_source[y].values(), key=len) for y in years}
    levels = [e for e in EDUCATION_ORDER if any(e in chosen[y] for y in years)]
    series = [Series(label(e, lang), [persons(chosen[y][e]) if e in chosen[y] else None for y in years])
              for e in levels]
    inputs = [o for y in years for o in chosen[y].values()]
    panel = Panel("stacked", "", [str(y) for y in years], series, xlabel=label("year", lang),
                  ylabel=label("persons", lang))
    title = label("education_whole_years", lang, years=_span(years))
    return ChartSpec("emigrants_by_education", title, [panel], inputs)


_MONTHS_TO = re.compile(r"^M1-M(\d{1,2})$")


def period_words(code: str, lang: str) -> str:
    """A period code as the report writes it (``H1`` → "first half-year", ``M1-M8`` →
    "January–August"), so that a chart never shows a storage code such as "2022 H1"."""
    if code in ("Y", ""):
        return ""
    if code in LABELS and code.isupper() and not code.startswith("ED"):
        return label(code, lang)
    m = _MONTHS_TO.match(code)
    if m and 1 <= int(m.group(1)) <= 12:
        return label("months_to", lang, month=_month(int(m.group(1)), lang))
    if re.fullmatch(r"M\d{1,2}", code) and 1 <= int(code[1:]) <= 12:
        return _month(int(code[1:]), lang)
    return code


def _month(n: int, lang: str) -> str:
    from babel.dates import get_month_names

    return get_month_names("wide", context="stand-alone", locale=LOCALES.get(lang, lang))[n]


def year_period(year: int | None, code: str, lang: str) -> str:
    """``2022`` and ``H1`` → "2022, first half-year"; a whole year is the year alone."""
    words = period_words(code, lang)
    y = str(year) if year else label("no_year", lang)
    return f"{y}, {words}" if words else y


def _span(years: list[int]) -> str:
    return f"{years[0]}" if len(years) == 1 else f"{years[0]}–{years[-1]}"


def migration_flows(obs: list[Observation], area: str, lang: str, cat: Catalogue,
                    with_projection: bool = True) -> ChartSpec:
    bad = {id(y) for y, _ in find_period_mislabels(obs, cat)}

    def yearly(indicator: str) -> dict[int, tuple[float, list[Observation]]]:
        ids = cat.expand([indicator])
        by_year: dict[int, list[Observation]] = defaultdict(list)
        for o in obs:
            if (o.indicator in ids and o.area == area and o.counterpart in (None, "", "WLD") and is_whole_year(o)
                    and o.education == "_T" and o.age == "_T" and not o.specialty and persons(o) is not None
                    and not breakdown_dims(o.breakdown) and id(o) not in bad):
                by_year[o.year].append(o)  # type: ignore[index]
        return {y: consensus(v) for y, v in by_year.items()}

    em, im = yearly("emigrants_permanent"), yearly("immigrants_permanent")
    title = label("migration_flows", lang)
    if not em and not im:
        return ChartSpec("migration_flows", title, [Panel("empty", message=label("no_data", lang))], [])
    proj = []
    if with_projection:
        try:
            proj = project(obs, "emigrants_permanent", 5, area, cat)
        except ProjectionError:
            proj = []
    first = min([*em, *im])
    last = max([*em, *im, *(p.year for p in proj)])  # type: ignore[type-var]
    years = list(range(first, last + 1))
    get = lambda d, y: d[y][0] if y in d else None  # noqa: E731
    series = [
        Series(label("emigrants", lang), [get(em, y) for y in years]),
        Series(label("immigrants", lang), [get(im, y) for y in years]),
        Series(label("net", lang), [get(im, y) - get(em, y) if y in em and y in im else None for y in years]),  # type: ignore[operator]
    ]
    notes = [label("consensus", lang)]
    if proj:
        by = {p.year: p for p in proj}
        last_obs = max(em)
        vals = [em[last_obs][0] if y == last_obs else (by[y].value if y in by else None) for y in years]
        nan = math.nan
        series.append(Series(label("projection", lang), vals, "dashed",
                             [by[y].lower80 if y in by else nan for y in years],
                             [by[y].upper80 if y in by else nan for y in years],
                             [by[y].lower95 if y in by else nan for y in years],
                             [by[y].upper95 if y in by else nan for y in years]))
        notes.append(label("projection_note", lang, model=model_name(proj[0].model, lang)))
    inputs = [o for d in (em, im) for y in sorted(d) for o in d[y][1]]
    panel = Panel("line", "", years, series, xlabel=label("year", lang), ylabel=label("persons", lang))
    title = label("flows_title", lang, years=_span(sorted({*em, *im})))
    return ChartSpec("migration_flows", title, [panel], inputs, notes)


BUILDERS = {
    "students_by_origin": students_by_origin,
    "students_by_destination": students_by_destination,
    "emigrants_by_education": emigrants_by_education,
    "migration_flows": migration_flows,
}


# --- drawing -----------------------------------------------------------------------------------


def _draw_matplotlib(spec: ChartSpec, lang: str):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    plt.rcParams["svg.hashsalt"] = "talentflow"
    plt.rcParams["font.family"] = "DejaVu Sans"
    n = len(spec.panels)
    footer = spec.source_lines(lang, width=95 * n + 20 * (n - 1))
    fig, axes = plt.subplots(1, n, figsize=(6.5 * n, 4.6 + 0.16 * len(footer)), squeeze=False)
    for ax, panel in zip(axes[0], spec.panels, strict=True):
        if panel.kind == "empty":
            ax.axis("off")
            ax.text(0.5, 0.5, "\n".join(textwrap.wrap(panel.message, 60)), ha="center", va="center", fontsize=11)
        elif panel.kind == "barh":
            vals = panel.series[0].values
            colors = ["#c0392b" if c == panel.highlight else "#2e6f9e" for c in panel.categories]
            ax.barh(range(len(vals)), vals, color=colors)
            ax.set_yticks(range(len(vals)), panel.categories)
            ax.invert_yaxis()
            for i, v in enumerate(vals):
                ax.text(v, i, f" {format_number(v, lang)}", va="center", fontsize=8)
            ax.margins(x=0.18)
            ax.xaxis.set_major_formatter(matplotlib.ticker.FuncFormatter(lambda v, _: format_number(v, lang)))
        elif panel.kind == "stacked":
            bottom = [0.0] * len(panel.categories)
            for s in panel.series:
                vals = [v or 0.0 for v in s.values]
                ax.bar(panel.categories, vals, bottom=bottom, label=s.name)
                bottom = [b + v for b, v in zip(bottom, vals, strict=True)]
            ax.legend(fontsize=8)
            ax.yaxis.set_major_formatter(matplotlib.ticker.FuncFormatter(lambda v, _: format_number(v, lang)))
        elif panel.kind == "line":
            for s in panel.series:
                xs = list(panel.categories)
                ys = [math.nan if v is None else v for v in s.values]  # gaps stay gaps
                if s.style == "dashed":
                    band = [(x, a, b, c, d) for x, a, b, c, d in zip(panel.categories, s.lower80, s.upper80,  # type: ignore[arg-type]
                                                                    s.lower95, s.upper95, strict=True) if not math.isnan(a)]
                    if band:
                        bx = [b[0] for b in band]
                        ax.fill_between(bx, [b[3] for b in band], [b[4] for b in band], color=PROJECTION_COLOR, alpha=0.15,
                                        label=label("interval95", lang))
                        ax.fill_between(bx, [b[1] for b in band], [b[2] for b in band], color=PROJECTION_COLOR, alpha=0.3,
                                        label=label("interval80", lang))
                    ax.plot(xs, ys, linestyle="--", color=PROJECTION_COLOR, marker="o", markersize=3, label=s.name)
                else:
                    ax.plot(xs, ys, marker="o", markersize=3, label=s.name)
            ax.axhline(0, color="#888", linewidth=0.6)
            ax.legend(fontsize=8)
            ax.yaxis.set_major_formatter(matplotlib.ticker.FuncFormatter(lambda v, _: format_number(v, lang)))
        if panel.kind != "empty":
            ax.set_title(panel.title, fontsize=10)
            ax.set_xlabel(panel.xlabel)
            ax.set_ylabel(panel.ylabel)
            ax.grid(axis="x" if panel.kind == "barh" else "y", alpha=0.3)
    # 58 characters a panel: a 70-character Kazakh title ran past both edges of the figure
    fig.suptitle("\n".join(textwrap.wrap(spec.title, 58 * n)), fontsize=12)
    fig.text(0.01, 0.01, "\n".join(footer), fontsize=6.5, va="bottom", ha="left", color="#333")
    fig.tight_layout(rect=(0, 0.03 + 0.028 * len(footer), 1, 0.97))
    return fig


def _draw_plotly(spec: ChartSpec, lang: str):
    import plotly.graph_objects as go
    from plotly.subplots import make_subplots

    n = len(spec.panels)
    fig = make_subplots(rows=1, cols=n, subplot_titles=[p.title for p in spec.panels])
    for col, panel in enumerate(spec.panels, start=1):
        if panel.kind == "empty":
            fig.add_annotation(text=panel.message, showarrow=False, xref="paper", yref="paper", x=0.5, y=0.5)
        elif panel.kind == "barh":
            fig.add_trace(go.Bar(x=panel.series[0].values, y=panel.categories, orientation="h",
                                 name=panel.series[0].name, showlegend=False), row=1, col=col)
            fig.update_yaxes(autorange="reversed", row=1, col=col)
        elif panel.kind == "stacked":
            for s in panel.series:
                fig.add_trace(go.Bar(x=panel.categories, y=s.values, name=s.name), row=1, col=col)
            fig.update_layout(barmode="stack")
        elif panel.kind == "line":
            for s in panel.series:
                if s.style == "dashed":
                    xs = [x for x, a in zip(panel.categories, s.lower95, strict=True) if not math.isnan(a)]  # type: ignore[arg-type]
                    for lo, hi, name, alpha in ((s.lower95, s.upper95, label("interval95", lang), 0.15),
                                                (s.lower80, s.upper80, label("interval80", lang), 0.3)):
                        lo_v = [v for v in lo if not math.isnan(v)]  # type: ignore[union-attr]
                        hi_v = [v for v in hi if not math.isnan(v)]  # type: ignore[union-attr]
                        fig.add_trace(go.Scatter(x=xs + xs[::-1], y=hi_v + lo_v[::-1], fill="toself", name=name,
                                                 line={"width": 0}, fillcolor=f"rgba(142,68,173,{alpha})"),
                                      row=1, col=col)
                fig.add_trace(go.Scatter(x=panel.categories, y=s.values, name=s.name, mode="lines+markers",
                                         line={"dash": "dash" if s.style == "dashed" else "solid"},
                                         connectgaps=False), row=1, col=col)
    # source names come from data files: plotly reads tags in annotation text, so escape them
    footer = "<br>".join(html.escape(line, quote=False) for line in spec.source_lines(lang, limit=12))
    fig.update_layout(title=spec.title, template="plotly_white", height=520 + 14 * footer.count("<br>"),
                      margin={"b": 90 + 14 * footer.count("<br>")})
    fig.add_annotation(text=f"<span style='font-size:10px'>{footer}</span>", showarrow=False, xref="paper",
                       yref="paper", x=0, y=-0.12, xanchor="left", yanchor="top", align="left")
    return fig


def make_chart(observations: list[Observation], name: str, out_dir: str | Path, lang: str = "en",
               formats: tuple[str, ...] = FORMATS, area: str = "KAZ",
               catalogue: Catalogue | None = None) -> list[Path]:
    """Draw one chart; returns the files written (``<name>.<lang>.<format>``)."""
    if name not in BUILDERS:
        raise ValueError(f"unknown chart {name!r}; charts: {', '.join(CHARTS)}")
    if lang not in LANGS:
        raise ValueError(f"unknown language {lang!r}; languages: {', '.join(LANGS)}")
    bad = [f for f in formats if f not in FORMATS]
    if bad:
        raise ValueError(f"unknown format(s) {', '.join(bad)}; formats: {', '.join(FORMATS)}")
    cat = catalogue or load_catalogue()
    obs = [o for o in observations if usable(o)]
    spec = BUILDERS[name](obs, area, lang, cat)
    out = Path(out_dir)
    written = []
    if {"png", "svg"} & set(formats):
        import matplotlib.pyplot as plt

        fig = _draw_matplotlib(spec, lang)
        try:
            for fmt in ("png", "svg"):
                if fmt in formats:
                    target = out / f"{name}.{lang}.{fmt}"
                    meta = {"Date": None} if fmt == "svg" else {"Software": None}
                    with atomic_path(target) as tmp:
                        fig.savefig(tmp, format=fmt, dpi=150, metadata=meta)
                    written.append(target)
        finally:
            plt.close(fig)
    if "html" in formats:
        fig = _draw_plotly(spec, lang)
        html = fig.to_html(include_plotlyjs=True, full_html=True, div_id=f"talentflow-{name}",
                           config={"displaylogo": False})
        written.append(write_text(out / f"{name}.{lang}.html", html))
    return written


def chart_caption(observations: list[Observation], name: str, lang: str = "en", area: str = "KAZ",
                  catalogue: Catalogue | None = None) -> str:
    """The caption of a chart: its title as drawn, which says what the bars and lines are
    (whole years or the part-year periods, the years covered, the list they come from). A
    report captions a figure with this, never with a fixed label."""
    if name not in BUILDERS:
        raise ValueError(f"unknown chart {name!r}; charts: {', '.join(CHARTS)}")
    cat = catalogue or load_catalogue()
    return BUILDERS[name]([o for o in observations if usable(o)], area, lang, cat).title


def make_charts(observations: list[Observation], out_dir: str | Path, lang: str = "en",
                formats: tuple[str, ...] = FORMATS, names: tuple[str, ...] = CHARTS,
                area: str = "KAZ", catalogue: Catalogue | None = None) -> dict[str, list[Path]]:
    """Draw the charts ``names``; returns ``{chart name: files written}``."""
    cat = catalogue or load_catalogue()
    return {n: make_chart(observations, n, out_dir, lang, formats, area, cat) for n in names}
