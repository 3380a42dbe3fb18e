"""The report's monitoring section (public audience): the results framework with progress
status colours, trend charts with target lines, and — when the store holds a programme
registry — cohort charts drawn from disclosure-controlled tables; when it holds a diaspora
directory, the engagement indicators (rows of the framework, and every breakdown in a table of
their own), withheld below the disclosure threshold; when it holds none, one line says so.

Texts are in this module (ru/kk/en) rather than the message catalogues, so the section can be
added to the report without touching them. Charts are drawn here in the report's language; a
value withheld by disclosure control is not drawn (and the caption says so), never drawn as 0.
"""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

from talentflow.report.model import Figure, Paragraph, Section, Source, Table, TableCell

TEXT = {
    "title": {"en": "Monitoring and evaluation of talent programmes", "ru": "Мониторинг и оценка программ по талантам",
              "kk": "Таланттар бағдарламаларының мониторингі мен бағалауы"},
    "intro": {
        "en": "Every indicator followed: baseline, latest value, target (only where a sourced document states one), "
              "SDG target and progress status by the Statistics Canada / Open SDG method (observed compound annual "
              "growth since the baseline divided by the growth needed to reach the target: ≥ 95 % on track, "
              "60–95 % moderate, 0–60 % limited, < 0 deterioration).",
        "ru": "Все отслеживаемые показатели: базовое значение, последнее значение, цель (только если она "
              "установлена документом с источником), задача ЦУР и статус прогресса по методу Статистического "
              "управления Канады / Open SDG (наблюдаемый среднегодовой темп роста от базового года, делённый на "
              "темп, нужный для достижения цели: ≥ 95 % — в графике, 60–95 % — умеренный, 0–60 % — ограниченный, "
              "< 0 — ухудшение).",
        "kk": "Барлық қадағаланатын көрсеткіштер: базалық мән, соңғы мән, мақсат (тек дереккөзі бар құжат "
              "белгілесе), ТДМ міндеті және Канада статистикасы / Open SDG әдісі бойынша ілгерілеу мәртебесі "
              "(базалық жылдан бергі байқалған орташа жылдық өсу қарқыны мақсатқа жету үшін қажет қарқынға "
              "бөлінеді: ≥ 95 % — жоспар бойынша, 60–95 % — орташа, 0–60 % — шектеулі, < 0 — нашарлау).",
    },
    "framework": {"en": "Results framework", "ru": "Рамка результатов", "kk": "Нәтижелер шеңбері"},
    "trends": {"en": "Trends and targets", "ru": "Динамика и цели", "kk": "Динамика және мақсаттар"},
    "cohorts": {"en": "Programme cohorts", "ru": "Когорты программ", "kk": "Бағдарлама когорталары"},
    "cols": {"en": ["Indicator", "SDG", "Baseline", "Latest", "Target", "Status"],
             "ru": ["Показатель", "ЦУР", "База", "Последнее", "Цель", "Статус"],
             "kk": ["Көрсеткіш", "ТДМ", "База", "Соңғы", "Мақсат", "Мәртебе"]},
    "no_target": {"en": "no target", "ru": "цель не установлена", "kk": "мақсат белгіленбеген"},
    "target_line": {"en": "target", "ru": "цель", "kk": "мақсат"},
    "no_registry": {
        "en": "No programme registry is in the store: the cohort indicators have no values yet "
              "(talentflow registry import).",
        "ru": "В хранилище нет реестра участников программ: когортные показатели пока без значений "
              "(talentflow registry import).",
        "kk": "Қоймада бағдарламалар тізілімі жоқ: когорталық көрсеткіштердің әзірге мәні жоқ "
              "(talentflow registry import).",
    },
    "synthetic": {
        "en": "The programme registry behind the cohort indicators is synthetic test data (seeded generator), "
              "not a real programme.",
        "ru": "Реестр, по которому рассчитаны когортные показатели, — синтетические тестовые данные "
              "(генератор с фиксированным зерном), а не реальная программа.",
        "kk": "Когорталық көрсеткіштер есептелген тізілім — синтетикалық тест деректері (тұрақты генератор), "
              "нақты бағдарлама емес.",
    },
    "suppressed": {
        "en": "Published tables suppress counts below {t} and secondary cells that would reveal them; a withheld "
              "value is not drawn.",
        "ru": "В публикуемых таблицах скрыты значения меньше {t} и вторичные ячейки, по которым их можно "
              "восстановить; скрытое значение не показано на графике.",
        "kk": "Жарияланатын кестелерде {t}-дан кіші мәндер және оларды қалпына келтіруге мүмкіндік беретін "
              "қосымша ұяшықтар жасырылған; жасырылған мән графикте көрсетілмейді.",
    },
    "by_cohort": {"en": "{name}: by cohort (award year), as of {day}",
                  "ru": "{name}: по годам набора, на {day}", "kk": "{name}: қабылдау жылдары бойынша, {day}"},
    "trend_caption_plain": {"en": "Values by year as published or computed; no sourced target.",
                            "ru": "Значения по годам (опубликованные или рассчитанные); цели с источником нет.",
                            "kk": "Жылдар бойынша мәндер (жарияланған немесе есептелген); дереккөзі бар мақсат жоқ."},
    "trend_caption": {"en": "Values by year as published or computed; dashed line: the target, with its source.",
                      "ru": "Значения по годам (опубликованные или рассчитанные); пунктир — цель с источником.",
                      "kk": "Жылдар бойынша мәндер (жарияланған немесе есептелген); үзік сызық — мақсат, дереккөзімен."},
    "synthetic_label": {"en": "synthetic", "ru": "синтетические данные", "kk": "синтетикалық деректер"},
    # the diaspora directory's engagement indicators (issue 14)
    "diaspora": {"en": "Diaspora engagement", "ru": "Взаимодействие с научной диаспорой",
                 "kk": "Ғылыми диаспорамен өзара іс-қимыл"},
    "diaspora_intro": {
        "en": "Counted from the platform's own records of the diaspora directory (requests, invitations, "
              "engagements) as of {day}; an engagement counts only if the expert consented to statistics. "
              "Counts below {t} and the cells that would reveal them are withheld.",
        "ru": "Подсчитано по записям платформы каталога диаспоры (запросы, приглашения, взаимодействия) на {day}; "
              "взаимодействие учитывается, только если эксперт дал согласие на статистику. Значения меньше {t} "
              "и ячейки, по которым их можно восстановить, скрыты.",
        "kk": "Диаспора каталогы платформасының жазбалары (сұраныстар, шақырулар, өзара іс-қимыл) бойынша {day} "
              "күнгі жағдай; өзара іс-қимыл сарапшы статистикаға келісім берген жағдайда ғана есептеледі. {t}-дан "
              "кіші мәндер және оларды қалпына келтіруге мүмкіндік беретін ұяшықтар жасырылған.",
    },
    "no_diaspora": {
        "en": "No diaspora directory is in the store: the engagement indicators have no values "
              "(talentflow diaspora import-orcid).",
        "ru": "В хранилище нет каталога диаспоры: показатели взаимодействия пока без значений "
              "(talentflow diaspora import-orcid).",
        "kk": "Қоймада диаспора каталогы жоқ: өзара іс-қимыл көрсеткіштерінің әзірге мәні жоқ "
              "(talentflow diaspora import-orcid).",
    },
    "diaspora_synthetic": {
        "en": "The diaspora directory behind these counts holds synthetic test profiles (seeded generator), not "
              "real people.",
        "ru": "Каталог диаспоры, по которому получены эти значения, содержит синтетические тестовые профили "
              "(генератор с фиксированным зерном), а не реальных людей.",
        "kk": "Бұл мәндер алынған диаспора каталогында нақты адамдар емес, синтетикалық тест профильдері "
              "(тұрақты генератор) бар.",
    },
    "diaspora_cols": {"en": ["Indicator", "Breakdown", "Value"], "ru": ["Показатель", "Разрез", "Значение"],
                      "kk": ["Көрсеткіш", "Бөлініс", "Мәні"]},
    "withheld": {"en": "withheld", "ru": "скрыто", "kk": "жасырылған"},
    "total": {"en": "total", "ru": "всего", "kk": "барлығы"},
    "unknown_country": {"en": "country not given", "ru": "страна не указана", "kk": "елі көрсетілмеген"},
    "dims": {"en": {"year": "year", "kind": "kind", "country": "expert's country"},
             "ru": {"year": "год", "kind": "вид", "country": "страна эксперта"},
             "kk": {"year": "жыл", "kind": "түрі", "country": "сарапшы елі"}},
    "diaspora_names": {
        "en": {"diaspora_requests_posted": "Requests posted", "diaspora_requests_matched_30d":
               "Share of requests matched within 30 days", "diaspora_engagements": "Engagements",
               "diaspora_repeat_engagements": "Repeat engagements", "diaspora_experts_active": "Experts active"},
        "ru": {"diaspora_requests_posted": "Размещённые запросы", "diaspora_requests_matched_30d":
               "Доля запросов с принятым приглашением в течение 30 дней", "diaspora_engagements": "Взаимодействия",
               "diaspora_repeat_engagements": "Повторные взаимодействия",
               "diaspora_experts_active": "Активные эксперты"},
        "kk": {"diaspora_requests_posted": "Орналастырылған сұраныстар", "diaspora_requests_matched_30d":
               "30 күн ішінде шақыру қабылданған сұраныстар үлесі", "diaspora_engagements": "Өзара іс-қимыл",
               "diaspora_repeat_engagements": "Қайталанған өзара іс-қимыл",
               "diaspora_experts_active": "Белсенді сарапшылар"},
    },
    "kinds": {
        "en": {"lecture": "lecture or course", "co_supervision": "co-supervision", "thesis_review": "thesis review",
               "joint_project": "joint project or grant", "mentoring": "mentoring", "short_visit": "short visit",
               "expert_advice": "expert advice"},
        "ru": {"lecture": "лекция или курс", "co_supervision": "совместное руководство",
               "thesis_review": "рецензирование диссертации", "joint_project": "совместный проект или грант",
               "mentoring": "наставничество", "short_visit": "краткий визит", "expert_advice": "экспертная консультация"},
        "kk": {"lecture": "дәріс немесе курс", "co_supervision": "бірлескен жетекшілік",
               "thesis_review": "диссертацияны сараптау", "joint_project": "бірлескен жоба немесе грант",
               "mentoring": "тәлімгерлік", "short_visit": "қысқа сапар", "expert_advice": "сарапшылық кеңес"},
    },
    # the catalogue's units, as a chart's axis names them
    "units": {
        "en": {"fraction": "%", "percent": "%", "persons": "persons", "percent of GDP": "% of GDP",
               "per person-year": "per person-year", "share": "%", "requests": "requests",
               "engagements": "engagements"},
        "ru": {"fraction": "%", "percent": "%", "persons": "человек", "percent of GDP": "% ВВП",
               "per person-year": "на человеко-год", "share": "%", "requests": "запросов",
               "engagements": "взаимодействий"},
        "kk": {"fraction": "%", "percent": "%", "persons": "адам", "percent of GDP": "ЖІӨ-ге %",
               "per person-year": "адам-жылға", "share": "%", "requests": "сұраныс",
               "engagements": "өзара іс-қимыл"},
    },
}

#: The cohort indicators drawn as cohort charts.
COHORT_CHARTS = ("return_rate_12m", "retention_3y", "employment_6m")


def _t(key: str, lang: str, **kw: object) -> Any:
    text = TEXT[key].get(lang) or TEXT[key]["en"]
    return text.format(**kw) if kw and isinstance(text, str) else text


def _value(v: float | None, unit: str, L) -> str:
    if v is None:
        return "—"
    if unit in ("fraction", "share"):
        return L.pct(v, 1)
    return L.num(v) + (" %" if unit == "percent" else "")


def unit_name(unit: str, lang: str) -> str:
    """The axis name of a catalogue unit in ``lang`` ("persons" → "человек"); never the code."""
    names = TEXT["units"].get(lang) or TEXT["units"]["en"]
    return names.get(unit, TEXT["units"]["en"].get(unit, unit))


def _chart(title: str, points: list[tuple[int, float]], unit: str, target=None, kind: str = "line",
           label: str = "", target_word: str = "target", lang: str = "en") -> tuple[bytes, str]:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    scale = 100.0 if unit in ("fraction", "share") else 1.0
    fig, ax = plt.subplots(figsize=(6.0, 2.8))
    xs = [p[0] for p in points]
    ys = [p[1] * scale for p in points]
    if kind == "bar":
        ax.bar(xs, ys, color="#4292c6")
    else:
        ax.plot(xs, ys, marker="o", color="#08519c")
    if target is not None:
        ax.axhline(target.value * scale, color="#d94801", linestyle="--", linewidth=1)
        ax.plot([target.year], [target.value * scale], marker="D", color="#d94801")
        ax.annotate(f"{target_word} {target.year}", (target.year, target.value * scale), textcoords="offset points",
                    xytext=(-10, 6), ha="right", fontsize=8, color="#d94801")
    ax.set_title(title + (f" — {label}" if label else ""), fontsize=9)
    ax.set_ylabel(unit_name(unit, lang), fontsize=8)
    ax.tick_params(labelsize=8)
    ax.grid(alpha=0.3)
    fig.tight_layout()
    png, svg = io.BytesIO(), io.StringIO()
    fig.savefig(png, format="png", dpi=110, metadata={"Software": None})
    fig.savefig(svg, format="svg", metadata={"Date": None})
    plt.close(fig)
    return png.getvalue(), svg.getvalue()


def monitor_section(inp, L) -> Section:
    """The monitoring section from the report inputs: the statistics observations and, when
    attached (:func:`attach_registry`), the programme registry of the store."""
    from talentflow.monitor.framework import STATUS_LABELS, results_framework

    lang = getattr(L, "code", "en")
    sec = Section("monitoring", _t("title", lang))
    sec.blocks.append(Paragraph(_t("intro", lang)))
    observations = inp.stats.observations if getattr(inp, "stats", None) is not None else []
    registry = getattr(inp, "registry", None)
    as_of = dt.date(inp.generated.year, inp.generated.month, inp.generated.day)
    diaspora = getattr(inp, "diaspora", None)
    rows = results_framework(observations, registry, as_of, "public", area=inp.country,
                             diaspora=diaspora.directory if diaspora is not None else None)
    if diaspora is not None and diaspora.synthetic:
        for r in rows:
            if r.origin == "diaspora":
                r.synthetic = True

    table = Table(columns=list(_t("cols", lang)), rows=[])
    for r in rows:
        def point(p, unit=r.unit):
            return "—" if p is None else f"{_value(p.value, unit, L)} ({p.year})"
        target = TableCell(_t("no_target", lang))
        if r.target is not None:
            target = TableCell(f"{_value(r.target.value, r.unit, L)} ({r.target.year})",
                               details=[Source(r.target.document, r.target.url or None, r.target.quote)])
        name = r.label(lang) + (" *" if r.synthetic else "")
        table.rows.append([TableCell(name), TableCell(", ".join(r.sdg) or "—"), TableCell(point(r.baseline)),
                           TableCell(point(r.latest)), target,
                           TableCell(STATUS_LABELS[r.status].get(lang, r.status), css=f"status-{r.status}")])
    if any(r.synthetic for r in rows):
        table.footnotes.append("* " + _t("synthetic", lang))
    fw = Section("monitoring-framework", _t("framework", lang), blocks=[table])
    if registry is None or not registry.has_data():
        fw.blocks.append(Paragraph(_t("no_registry", lang), kind="note"))
    if diaspora is None:
        fw.blocks.append(Paragraph(_t("no_diaspora", lang), kind="note"))
    sec.subsections.append(fw)

    trends = Section("monitoring-trends", _t("trends", lang))
    for r in rows:
        if len(r.series) < 2 and r.target is None:
            continue
        if not r.series:
            continue
        png, svg = _chart(r.label(lang), [(p.year, p.value) for p in r.series], r.unit, r.target,
                          label=_t("synthetic_label", lang) if r.synthetic else "",
                          target_word=_t("target_line", lang), lang=lang)
        trends.blocks.append(Figure(r.label(lang), png=png, svg=svg, caption=_t("trend_caption" if r.target else "trend_caption_plain", lang),
                                    label="synthetic" if r.synthetic else ""))
    if trends.blocks:
        sec.subsections.append(trends)

    if registry is not None and registry.has_data():
        sec.subsections.append(_cohorts(registry, as_of, lang))
    if diaspora is not None:
        sec.subsections.append(_diaspora(diaspora, as_of, lang, L))
    return sec


def _diaspora(diaspora, as_of: dt.date, lang: str, L) -> Section:
    """Every engagement indicator and breakdown of the directory, suppressed for the public: a
    withheld cell says so, never a number."""
    from talentflow.diaspora import engagement_indicators
    from talentflow.diaspora.indicators import default_threshold
    from talentflow.report.i18n import country_name

    threshold = default_threshold()
    cells = engagement_indicators(diaspora.directory, as_of=as_of, audience="public", threshold=threshold)
    sec = Section("monitoring-diaspora", _t("diaspora", lang))
    sec.blocks.append(Paragraph(_t("diaspora_intro", lang, day=L.date(as_of), t=threshold)))
    if diaspora.synthetic:
        sec.blocks.append(Paragraph(_t("diaspora_synthetic", lang), kind="synthetic"))
    names, dims, kinds = _t("diaspora_names", lang), _t("dims", lang), _t("kinds", lang)
    table = Table(columns=list(_t("diaspora_cols", lang)), rows=[])
    for c in cells:
        (dim, key), = c["group"].items()
        if key == "total":
            shown = _t("total", lang)
        elif dim == "kind":
            shown = kinds.get(key, key)
        elif dim == "country":
            iso3 = _alpha3(key)
            shown = country_name(iso3, lang) if iso3 else _t("unknown_country", lang)
        else:
            shown = key
        if c["suppressed"] or c["value"] is None:
            value = TableCell(_t("withheld", lang), css="suppressed")
        elif c["kind"] == "rate":
            value = TableCell(L.pct(c["value"], 1), css="num")
        else:
            value = TableCell(L.num(c["value"]), css="num")
        table.rows.append([TableCell(names.get(c["indicator"], c["indicator"])),
                           TableCell(f"{dims.get(dim, dim)}: {shown}"), value])
    if diaspora.synthetic:
        table.footnotes.append(_t("diaspora_synthetic", lang))
    sec.blocks.append(table)
    return sec


def _alpha3(iso2: str) -> str | None:
    import pycountry

    c = pycountry.countries.get(alpha_2=iso2) if len(iso2) == 2 else None
    return c.alpha_3 if c is not None else None


class AttachedDiaspora:
    """The store's diaspora directory as the report reads it, and whether it holds synthetic profiles."""

    def __init__(self, directory, synthetic: bool) -> None:
        self.directory, self.synthetic = directory, synthetic


def attach_diaspora(inp, store: str | None = None) -> None:
    """Attach the store's diaspora directory when it holds one (a profile or a request); a store
    without the tables or without any row attaches nothing, and the section says so."""
    try:
        import sqlalchemy as sa

        from talentflow.diaspora import open_directory
        from talentflow.diaspora import schema as ds

        d = open_directory(store)
    except Exception:  # no store, an old store: the section says there is no directory
        return
    try:
        with d.engine.connect() as conn:
            profiles = conn.execute(sa.select(sa.func.count()).select_from(ds.profile)).scalar_one()
            requests = conn.execute(sa.select(sa.func.count()).select_from(ds.request)).scalar_one()
            synthetic = conn.execute(sa.select(sa.func.count()).select_from(ds.profile)
                                     .where(ds.profile.c.synthetic.is_(True))).scalar_one() > 0
    except Exception:
        d.close()
        return
    if profiles or requests:
        inp.diaspora = AttachedDiaspora(d, synthetic)
    else:
        d.close()


def _cohorts(registry, as_of: dt.date, lang: str) -> Section:
    from talentflow.monitor.engine import TOTAL

    table = registry.indicators(as_of, by=("cohort",), audience="public", indicators=list(COHORT_CHARTS))
    sec = Section("monitoring-cohorts", _t("cohorts", lang))
    sec.blocks.append(Paragraph(_t("suppressed", lang, t=table.threshold)))
    if table.synthetic:
        sec.blocks.append(Paragraph(_t("synthetic", lang), kind="synthetic"))
    units = {i.id: i.unit for i in table.catalogue.indicators}
    for ind in COHORT_CHARTS:
        cells = [c for c in table.cells if c.indicator == ind and c.group["programme"] == TOTAL
                 and c.group["cohort"] != TOTAL and not c.suppressed and c.value is not None]
        if not cells:
            continue
        name = registry.catalogue.get(ind).label(lang)
        title = _t("by_cohort", lang, name=name, day=as_of.isoformat())
        points = sorted((int(c.group["cohort"]), float(c.value)) for c in cells)
        png, svg = _chart(title, points, units[ind], kind="bar",
                          label=_t("synthetic_label", lang) if table.synthetic else "", lang=lang)
        sec.blocks.append(Figure(title, png=png, svg=svg, label="synthetic" if table.synthetic else ""))
    return sec


def attach_registry(inp, store: str | None = None) -> None:
    """Attach the store's programme registry to the report inputs when it holds one (the
    builder's one call); a store without registry tables or data attaches nothing."""
    try:
        from talentflow.monitor import open_registry

        reg = open_registry(store)
    except Exception:  # no store, an old store, no key needed for reading: the section says so
        attach_diaspora(inp, store)
        return
    if reg.has_data():
        inp.registry = reg
    else:
        reg.close()
    attach_diaspora(inp, store)  # the same store's diaspora directory, for the engagement rows
