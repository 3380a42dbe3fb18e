"""The results framework: baseline, latest value, target, SDG link and progress status of every
indicator M&E follows, and its export as Open SDG data.

Values are never recomputed here: national indicators come from the statistics engine
(:func:`talentflow.stats.indicators.compute_indicators`), published figures from the store as
sourced, cohort indicators from the registry engine (public audience: a withheld value is not
shown). Targets come only from a sourced document (a data-package row with URL and quote).

Progress follows the Statistics Canada / Open SDG method: the compound annual growth observed
since the baseline divided by the growth needed from the baseline to reach the target in its
year; ≥ 95 % on track, 60–95 % moderate, 0–60 % limited, < 0 deterioration; a target already
met is "achieved"; without a target, or with fewer than two years, the status says so.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import yaml

FRAMEWORK_FILE = Path(__file__).resolve().parents[1] / "data" / "monitor" / "framework.yaml"
STATUSES = ("achieved", "on_track", "moderate", "limited", "deterioration", "no_target", "too_few_points",
            "not_computable")
STATUS_LABELS = {
    "achieved": {"en": "target achieved", "ru": "цель достигнута", "kk": "мақсатқа жетті"},
    "on_track": {"en": "on track", "ru": "в графике", "kk": "жоспар бойынша"},
    "moderate": {"en": "moderate progress", "ru": "умеренный прогресс", "kk": "орташа ілгерілеу"},
    "limited": {"en": "limited progress", "ru": "ограниченный прогресс", "kk": "шектеулі ілгерілеу"},
    "deterioration": {"en": "deterioration", "ru": "ухудшение", "kk": "нашарлау"},
    "no_target": {"en": "no target", "ru": "цель не установлена", "kk": "мақсат белгіленбеген"},
    "too_few_points": {"en": "too few points", "ru": "недостаточно точек", "kk": "нүктелер жеткіліксіз"},
    "not_computable": {"en": "not computable", "ru": "не вычисляется", "kk": "есептелмейді"},
}
#: Status colours (Open SDG's progress palette, colour-blind safe order).
STATUS_COLOURS = {"achieved": "#1a9641", "on_track": "#1a9641", "moderate": "#a6d96a", "limited": "#fdae61",
                  "deterioration": "#d7191c", "no_target": "#bdbdbd", "too_few_points": "#bdbdbd",
                  "not_computable": "#bdbdbd"}


@dataclass(frozen=True)
class Point:
    year: int
    value: float
    source: str = ""


@dataclass(frozen=True)
class Target:
    year: int
    value: float
    document: str
    url: str
    quote: str


@dataclass
class FrameworkRow:
    id: str
    origin: str
    name: dict[str, str]
    unit: str
    better: str
    sdg: list[str]
    series: list[Point] = field(default_factory=list)
    baseline: Point | None = None
    latest: Point | None = None
    target: Target | None = None
    status: str = "no_target"
    ratio: float | None = None
    note: str = ""
    synthetic: bool = False
    #: years whose value is withheld for the public (small counts); never drawn, always listed
    suppressed: list[int] = field(default_factory=list)
    #: a breakdown published beside the series (engagements by kind): ``{"group", "key", "value",
    #: "suppressed"}``, a withheld cell with value None
    breakdown: list[dict] = field(default_factory=list)

    def label(self, lang: str = "en") -> str:
        return self.name.get(lang) or self.name.get("en") or self.id


def progress(baseline: Point | None, latest: Point | None, target: Target | None) -> tuple[str, float | None]:
    """(status, ratio of observed to required compound annual growth)."""
    if target is None:
        return "no_target", None
    if baseline is None or latest is None or latest.year <= baseline.year:
        return "too_few_points", None
    rising = target.value >= baseline.value
    if (rising and latest.value >= target.value) or (not rising and latest.value <= target.value):
        return "achieved", None
    if baseline.value <= 0 or latest.value <= 0 or target.value <= 0 or target.year <= baseline.year:
        return "not_computable", None
    observed = (latest.value / baseline.value) ** (1 / (latest.year - baseline.year)) - 1
    required = (target.value / baseline.value) ** (1 / (target.year - baseline.year)) - 1
    if required == 0:
        return "not_computable", None
    ratio = observed / required
    if ratio >= 0.95:
        return "on_track", ratio
    if ratio >= 0.6:
        return "moderate", ratio
    if ratio >= 0:
        return "limited", ratio
    return "deterioration", ratio


def load_framework(path: str | Path | None = None) -> list[dict]:
    return yaml.safe_load(Path(path or FRAMEWORK_FILE).read_text(encoding="utf-8"))["indicators"]


def _one_per_year(values: list[tuple[int, float, int, str]]) -> list[Point]:
    """Where sources disagree on a year, the value most sources give (ties: the first)."""
    by_year: dict[int, list[tuple[float, int, str]]] = defaultdict(list)
    for year, value, n_sources, source in values:
        by_year[year].append((value, n_sources, source))
    out = []
    for year in sorted(by_year):
        value, _, source = max(by_year[year], key=lambda t: t[1])
        out.append(Point(year, value, source))
    return out


def _national(observations: list, ids: set[str], area: str) -> dict[str, list[Point]]:
    from talentflow.stats.indicators import compute_indicators

    raw: dict[str, list[tuple[int, float, int, str]]] = defaultdict(list)
    for v in compute_indicators(observations, area=area):
        if v.indicator not in ids or v.value is None or v.year is None or v.breakdown:
            continue
        if v.counterpart not in (None, "", "WLD") or (v.period not in ("Y", "")):
            continue
        raw[v.indicator].append((v.year, float(v.value), len(v.sources), "; ".join(v.sources)))
    return {k: _one_per_year(v) for k, v in raw.items()}


def _figures(observations: list, ids: set[str], area: str) -> dict[str, list[Point]]:
    raw: dict[str, list[tuple[int, float, int, str]]] = defaultdict(list)
    for o in observations:
        if o.indicator in ids and o.area == area and o.value is not None and o.year is not None \
                and not o.counterpart and "projection" not in o.flags and "breakdown" not in o.flags:
            if o.breakdown and any(x.startswith("sex=") for x in o.breakdown.split(";")):
                continue  # a part, not the total
            raw[o.indicator].append((o.year, float(o.value), 1, o.source_url or o.source_name))
    return {k: _one_per_year(v) for k, v in raw.items()}


def _target(observations: list, spec: dict | None, area: str) -> Target | None:
    if not spec or "observation" not in spec:
        return None
    for o in observations:
        if o.indicator == spec["observation"] and o.area == area and o.value is not None and o.year and o.quote:
            return Target(o.year, float(o.value), o.source_name, o.source_url or "", o.quote)
    return None


def _cohort_series(registry, ind_ids: list[str], as_of: dt.date, audience: str,
                   programmes: list[str] | None = None) -> dict[str, tuple[list[Point], bool]]:
    """Each cohort indicator for all programmes together at each year end up to ``as_of``.

    One indicator table per year holds every indicator of the framework: the engine reads the
    award rows once per table, so asking per indicator would read them once per indicator and
    year (about 180 tables for the shipped framework, minutes on a registry of a million)."""
    with registry.engine.connect() as conn:
        import sqlalchemy as sa

        from talentflow.monitor import schema

        q = sa.select(sa.func.min(schema.award.c.cohort))
        if programmes is not None:
            q = q.select_from(schema.award.join(schema.programme, schema.programme.c.id == schema.award.c.programme_id)
                              ).where(schema.programme.c.code.in_(programmes))
        lo = conn.execute(q).scalar_one()
    out: dict[str, tuple[list[Point], bool]] = {i: ([], False) for i in ind_ids}
    if lo is None or not ind_ids:
        return out
    points: dict[str, list[Point]] = {i: [] for i in ind_ids}
    synthetic = False
    for year in range(int(lo) + 1, as_of.year + 1):
        day = min(dt.date(year, 12, 31), as_of)
        table = registry.indicators(day, by=(), audience=audience, indicators=list(ind_ids), programmes=programmes)
        synthetic = synthetic or bool(table.synthetic)
        for c in table.cells:
            if (c.indicator in points and c.group.get("programme") == "_T" and not c.suppressed
                    and c.value is not None):
                points[c.indicator].append(Point(year, float(c.value), "registry"))
    return {i: (points[i], synthetic) for i in ind_ids}


#: The diaspora engagement rows (issue 14): indicator id → (names, unit, group shown as series).
#: No targets: no sourced document sets one, so none is invented.
DIASPORA_ROWS = {
    "diaspora_requests_posted": ({"en": "Diaspora requests posted by home institutions",
                                  "ru": "Запросы организаций к диаспоре",
                                  "kk": "Ұйымдардың диаспораға сұраныстары"}, "requests"),
    "diaspora_requests_matched_30d": ({"en": "Share of diaspora requests matched within 30 days",
                                       "ru": "Доля запросов с принятым приглашением в течение 30 дней",
                                       "kk": "30 күн ішінде шақыру қабылданған сұраныстар үлесі"}, "share"),
    "diaspora_engagements": ({"en": "Diaspora engagements (by kind below)",
                              "ru": "Взаимодействия с диаспорой (по видам ниже)",
                              "kk": "Диаспорамен өзара іс-қимыл (түрлері төменде)"}, "engagements"),
    "diaspora_experts_active": ({"en": "Diaspora experts active",
                                 "ru": "Активные эксперты диаспоры",
                                 "kk": "Белсенді диаспора сарапшылары"}, "persons"),
}


def diaspora_rows(store, as_of: dt.date, audience: str = "public") -> list[FrameworkRow]:
    """Rows from :func:`talentflow.diaspora.engagement_indicators` (suppressed for the public):
    a series over the ``year`` cells; a withheld year is listed in ``suppressed``, not drawn;
    engagements carry their breakdown by kind. Status ``no_target`` (no sourced target)."""
    from talentflow.diaspora import engagement_indicators

    cells = engagement_indicators(store, as_of=as_of, audience=audience)
    rows = []
    for ind, (name, unit) in DIASPORA_ROWS.items():
        row = FrameworkRow(ind, "diaspora", dict(name), unit, "increase", [],
                           note="platform records of the diaspora directory; small counts withheld for the public")
        for c in cells:
            if c["indicator"] != ind:
                continue
            (dim, key), = c["group"].items()
            if dim == "year" and key != "total":
                if c["suppressed"] or c["value"] is None:
                    row.suppressed.append(int(key))
                else:
                    row.series.append(Point(int(key), float(c["value"]), "diaspora directory"))
            elif dim == "kind":
                row.breakdown.append({"group": "kind", "key": key, "value": c["value"],
                                      "suppressed": bool(c["suppressed"])})
        row.series.sort(key=lambda p: p.year)
        if row.series:
            row.baseline, row.latest = row.series[0], row.series[-1]
        row.status, row.ratio = progress(row.baseline, row.latest, None)
        rows.append(row)
    return rows


def results_framework(observations: list, registry=None, as_of: dt.date | None = None,
                      audience: str = "public", area: str = "KAZ", path: str | Path | None = None,
                      diaspora=None, programmes: list[str] | None = None) -> list[FrameworkRow]:
    """The framework rows. ``observations``: the statistics store's observations (the shipped
    data package by default); ``registry``: a :class:`~talentflow.monitor.Registry` with data,
    or ``None`` (cohort rows then have no values); ``diaspora``: a store (path, URL or open
    directory) whose engagement indicators are added as rows, or ``None`` (no such rows);
    ``programmes``: cohort rows read only these programmes (an operator's own)."""
    from talentflow.stats.catalogue import load_catalogue

    as_of = as_of or dt.date.today()
    spec = load_framework(path)
    stats_cat = load_catalogue()
    national = _national(observations, {s["id"] for s in spec if s["origin"] == "national"}, area)
    figures = _figures(observations, {s["id"] for s in spec if s["origin"] == "figure"}, area)
    have_registry = registry is not None and registry.has_data()
    cohort = (_cohort_series(registry, [s["id"] for s in spec if s["origin"] == "cohort"], as_of, audience,
                             programmes) if have_registry else {})
    rows = []
    for s in spec:
        origin = s["origin"]
        if origin == "cohort":
            ind = registry.catalogue.get(s["id"]) if registry else _cohort_catalogue().get(s["id"])
            row = FrameworkRow(s["id"], origin, dict(ind.name), ind.unit, ind.better, list(s.get("sdg", ind.sdg)))
            if have_registry:
                row.series, row.synthetic = cohort[s["id"]]
            else:
                row.note = "no registry in this store"
        elif origin == "national":
            ind = stats_cat.get(s["id"])
            row = FrameworkRow(s["id"], origin, dict(ind.name), ind.unit, ind.better, list(s.get("sdg", ind.sdg)),
                               series=national.get(s["id"], []))
        else:
            row = FrameworkRow(s["id"], origin, dict(s["name"]), s["unit"], s.get("better", "none"),
                               list(s.get("sdg", [])), series=figures.get(s["id"], []), note=s.get("note", ""))
        if row.series:
            base_year = s.get("baseline_year")
            base = [p for p in row.series if p.year == base_year] if base_year else []
            row.baseline = base[0] if base else row.series[0]
            row.latest = row.series[-1]
        row.target = _target(observations, s.get("target"), area)
        row.status, row.ratio = progress(row.baseline, row.latest, row.target)
        rows.append(row)
    if diaspora is not None:
        rows += diaspora_rows(diaspora, as_of, audience)
    return rows


def _cohort_catalogue():
    from talentflow.monitor.catalogue import load_cohort_catalogue

    return load_cohort_catalogue()


def to_records(rows: list[FrameworkRow], lang: str = "en") -> list[dict]:
    """Rows as plain dicts (JSON output)."""
    out = []
    for r in rows:
        out.append({
            "id": r.id, "name": r.label(lang), "origin": r.origin, "unit": r.unit, "direction": r.better,
            "sdg": r.sdg, "synthetic": r.synthetic,
            "baseline": None if r.baseline is None else {"year": r.baseline.year, "value": r.baseline.value,
                                                          "source": r.baseline.source},
            "latest": None if r.latest is None else {"year": r.latest.year, "value": r.latest.value,
                                                      "source": r.latest.source},
            "target": None if r.target is None else {"year": r.target.year, "value": r.target.value,
                                                      "document": r.target.document, "url": r.target.url,
                                                      "quote": r.target.quote},
            "status": r.status, "status_label": STATUS_LABELS[r.status][lang], "growth_ratio": r.ratio,
            "series": [{"year": p.year, "value": p.value} for p in r.series], "note": r.note,
            "suppressed_years": r.suppressed, "breakdown": r.breakdown,
        })
    return out


def write_opensdg(rows: list[FrameworkRow], out: str | Path) -> list[Path]:
    """Open SDG data: ``data/indicator_<id>.csv`` (Year, the Series and Units disaggregations,
    Value) and ``meta/<id>.yml`` per indicator (names in en/ru/kk, SDG targets, progress status,
    the sourced target), as an Open SDG data repository lays them out."""
    out = Path(out)
    (out / "data").mkdir(parents=True, exist_ok=True)
    (out / "meta").mkdir(parents=True, exist_ok=True)
    written = []
    for r in rows:
        slug = r.id.replace("_", "-")
        data = out / "data" / f"indicator_{slug}.csv"
        with data.open("w", encoding="utf-8", newline="") as fh:
            w = csv.writer(fh)
            w.writerow(["Year", "Series", "Units", "Value"])
            for p in r.series:
                w.writerow([p.year, "", r.unit, p.value])
        meta = {
            "indicator_number": slug, "indicator_name": r.label("en"),
            "indicator_name_ru": r.label("ru"), "indicator_name_kk": r.label("kk"),
            "reporting_status": "complete" if r.series else "notstarted",
            "data_non_statistical": False, "graph_type": "line",
            "graph_title": r.label("en"), "computation_units": r.unit,
            "sdg_targets": r.sdg, "source_active_1": True,
            "source_url_1": r.baseline.source if r.baseline and r.baseline.source.startswith("http") else "",
            "progress_status": r.status, "progress_status_label": STATUS_LABELS[r.status]["en"],
            "target": None if r.target is None else {"year": r.target.year, "value": r.target.value,
                                                      "url": r.target.url, "quote": r.target.quote},
            "direction": r.better, "origin": r.origin, "note": r.note,
            "synthetic": r.synthetic,
        }
        if r.synthetic:
            meta["data_footnote"] = "Synthetic test data (seeded generator), not a real programme."
        m = out / "meta" / f"{slug}.yml"
        m.write_text(yaml.safe_dump(meta, allow_unicode=True, sort_keys=False), encoding="utf-8")
        written += [data, m]
    return written
