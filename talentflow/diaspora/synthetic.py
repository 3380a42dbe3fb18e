"""SYNTHETIC evaluation data: profiles and requests generated with a seed (issue 14).

Nothing here describes a real person or a real request. Profiles are built from the lexicon's
research topics (grouped by OECD FORD field) and publication-title patterns common in those
fields; names are "Synthetic Person NNNN", affiliations "… (synthetic)", ORCID iDs are valid-
checksum iDs in the block 0000-0000-…, which ORCID does not issue. Every record carries
``"synthetic": true``. Requests are written in Russian, Kazakh and English from templates, one or
two topics each. The generator also keeps, for development only, which topics each record was
built from (``gen_topics``): that is what provisional judgements are derived from, never the gold.
"""

from __future__ import annotations

import random
from collections import defaultdict
from dataclasses import asdict
from datetime import date, timedelta

from talentflow.diaspora.model import KINDS, Profile
from talentflow.diaspora.taxonomy import Taxonomy, load_taxonomy

SEED = 20261206

COUNTRIES = {
    "US": ["Boston", "Houston", "Seattle", "Chicago"], "DE": ["Munich", "Berlin", "Aachen"],
    "GB": ["London", "Cambridge", "Edinburgh"], "KR": ["Seoul", "Daejeon"], "RU": ["Moscow", "Novosibirsk"],
    "TR": ["Istanbul", "Ankara"], "CA": ["Toronto", "Montreal"], "NL": ["Delft", "Utrecht"],
    "CH": ["Zurich", "Lausanne"], "JP": ["Tokyo", "Tsukuba"], "CN": ["Beijing", "Shanghai"],
    "PL": ["Warsaw", "Krakow"], "AU": ["Melbourne", "Sydney"], "FR": ["Paris", "Grenoble"],
    "SG": ["Singapore"], "AE": ["Abu Dhabi"], "CZ": ["Prague"], "IT": ["Milan", "Pisa"],
}

EN_TITLES = [
    "{A} for {B}: evidence from Kazakhstan", "A review of {A} in Central Asia", "{A} and {B}: a comparative study",
    "Advances in {A}", "{A} under uncertainty: models and data", "Towards scalable {A}",
    "The role of {A} in {B}", "{A}: lessons from a decade of practice", "New methods in {A} applied to {B}",
    "Measuring {A} with open data", "{A} in emerging economies", "Field experiments on {A}",
]
RU_TITLES = [
    "{A}: опыт Казахстана", "Современные подходы: {A} и {B}", "Обзор исследований: {A}",
    "{A} в странах Центральной Азии", "Методы и модели: {A}",
]
GENERIC_EN = ["modelling", "simulation", "policy", "experiment", "survey", "dataset", "framework",
              "benchmark", "case study", "field study", "theory", "evaluation"]

RU_REQ = [
    "Ищем эксперта: {A}. Формат — {K}.", "Требуется специалист по направлению «{A}» для проекта; {K}.",
    "Университет приглашает учёного из диаспоры: {A}, {B}. {K}.",
    "Нужна консультация по теме «{A}» для исследовательской группы.",
    "Кафедра ищет партнёра для совместного гранта: {A} и {B}.",
]
KK_REQ = [
    "Сарапшы іздейміз: {A}. Формат — {K}.", "«{A}» бағыты бойынша маман керек; {K}.",
    "Университет диаспорадағы ғалымды шақырады: {A}, {B}. {K}.",
    "«{A}» тақырыбы бойынша кеңес қажет.", "Бірлескен грант үшін серіктес іздейміз: {A} және {B}.",
]
EN_REQ = [
    "We are looking for an expert in {A}; {K}.", "Seeking a diaspora researcher working on {A} and {B}.",
    "Our institute needs advice on {A} for a national programme; {K}.",
    "Partner wanted for a joint grant on {A}.", "Invitation for {K}: {A}, with a focus on {B}.",
]
KIND_TEXT = {
    "ru": {"lecture": "лекции или курс", "co_supervision": "совместное научное руководство",
           "thesis_review": "рецензирование диссертаций", "joint_project": "совместный проект",
           "mentoring": "наставничество", "short_visit": "короткий визит", "expert_advice": "экспертная консультация"},
    "kk": {"lecture": "дәріс немесе курс", "co_supervision": "бірлескен ғылыми жетекшілік",
           "thesis_review": "диссертацияға пікір жазу", "joint_project": "бірлескен жоба",
           "mentoring": "тәлімгерлік", "short_visit": "қысқа сапар", "expert_advice": "сараптамалық кеңес"},
    "en": {"lecture": "a lecture or course", "co_supervision": "PhD co-supervision",
           "thesis_review": "thesis review", "joint_project": "a joint project",
           "mentoring": "mentoring", "short_visit": "a short visit", "expert_advice": "expert advice"},
}


def orcid_checksum(base15: str) -> str:
    """ISO 7064 MOD 11-2 check character of the first 15 digits of an ORCID iD."""
    total = 0
    for ch in base15:
        total = (total + int(ch)) * 2
    r = (12 - total % 11) % 11
    return "X" if r == 10 else str(r)


def synthetic_orcid(n: int) -> str:
    digits = f"00000000{n:07d}"
    d = digits + orcid_checksum(digits)
    return "-".join(d[i:i + 4] for i in range(0, 16, 4))


def _by_field(tax: Taxonomy) -> dict[str, list[str]]:
    out: dict[str, list[str]] = defaultdict(list)
    for c in tax.concepts.values():
        if c.field:
            out[c.field].append(c.id)
    return dict(out)


def _term(tax: Taxonomy, cid: str, lang: str, rng: random.Random) -> str:
    return rng.choice(tax.concepts[cid].terms[lang])


def generate_profiles(n: int = 240, seed: int = SEED, tax: Taxonomy | None = None,
                      start: int = 1) -> list[tuple[Profile, list[str]]]:
    """``n`` synthetic profiles with the topics each was built from."""
    tax = tax or load_taxonomy()
    rng = random.Random(seed)
    fields = _by_field(tax)
    field_codes = sorted(fields)
    out = []
    for i in range(start, start + n):
        f = rng.choice(field_codes)
        topics = rng.sample(fields[f], min(len(fields[f]), rng.choice((1, 2, 2, 3))))
        if rng.random() < 0.3:  # an interdisciplinary side topic
            other = rng.choice(field_codes)
            topics.append(rng.choice(fields[other]))
        lang = "ru" if rng.random() < 0.15 else "en"
        titles = []
        for _ in range(rng.randint(2, 5)):
            a, b = rng.choice(topics), rng.choice(topics)
            pat = rng.choice(RU_TITLES if lang == "ru" else EN_TITLES)
            tb = _term(tax, b, lang, rng) if b != a else rng.choice(GENERIC_EN if lang == "en" else ["данные"])
            titles.append(pat.format(A=_term(tax, a, lang, rng), B=tb).capitalize())
        keywords = list(dict.fromkeys(_term(tax, t, "en", rng) for t in topics))
        keywords += rng.sample(GENERIC_EN, 2)
        country = rng.choice(sorted(COUNTRIES))
        city = rng.choice(COUNTRIES[country])
        kinds = sorted(rng.sample(KINDS, rng.randint(1, 4)))
        langs = sorted({"en", *rng.sample(["ru", "kk", "de", "tr"], rng.randint(0, 2))})
        start_day = date(2027, 1, 1) + timedelta(days=rng.randint(0, 300))
        fields_keys = [f"ford:{f}"]
        p = Profile(orcid=synthetic_orcid(i), name=f"Synthetic Person {i:04d}", country=country, city=city,
                    affiliation=f"University of {city} (synthetic)", fields=fields_keys, keywords=keywords,
                    titles=titles, biography="", languages=langs, kinds=kinds, available_from=start_day,
                    available_until=start_day + timedelta(days=rng.randint(60, 540)), synthetic=True)
        out.append((p, topics))
    return out


def generate_requests(per_lang: int = 22, seed: int = SEED + 1, tax: Taxonomy | None = None) -> list[dict]:
    """``per_lang`` synthetic requests in each of ru, kk and en."""
    tax = tax or load_taxonomy()
    rng = random.Random(seed)
    fields = _by_field(tax)
    codes = sorted(fields)
    out = []
    templates = {"ru": RU_REQ, "kk": KK_REQ, "en": EN_REQ}
    for lang in ("ru", "kk", "en"):
        for j in range(per_lang):
            f = rng.choice(codes)
            a = rng.choice(fields[f])
            b = rng.choice([c for c in fields[f] if c != a] or [a])
            kind = rng.choice(KINDS)
            text = rng.choice(templates[lang]).format(A=_term(tax, a, lang, rng), B=_term(tax, b, lang, rng),
                                                      K=KIND_TEXT[lang][kind])
            out.append({"id": f"req-{lang}-{j + 1:02d}", "lang": lang, "text": text, "kind": kind,
                        "synthetic": True, "gen_topics": [a, b] if b != a else [a], "gen_field": f})
    return out


def profile_record(p: Profile, topics: list[str]) -> dict:
    d = asdict(p)
    d["available_from"] = p.available_from.isoformat() if p.available_from else None
    d["available_until"] = p.available_until.isoformat() if p.available_until else None
    d["gen_topics"] = topics
    return d


def profile_from_record(d: dict) -> Profile:
    keep = {k: v for k, v in d.items() if k in Profile.__dataclass_fields__}
    for k in ("available_from", "available_until"):
        keep[k] = date.fromisoformat(keep[k]) if keep.get(k) else None
    return Profile(**keep)
