"""Draw the passages of the double-coded development set (seeded, reproducible).

Why a script: the set must be re-drawable by anyone from the same inputs, and the choice must not
depend on talentflow's own coding (that would bias the evaluation towards what the rules already
find). Passages are paragraphs of the press passages and full texts in ``../shared/corpus`` and of
the shipped corpus; topic keywords below (plain stems, written for sampling only, not the
codebook) make sure every category has candidates, and random paragraphs bring the passages that
should get nothing. A fixed share of each language goes to the frozen test split.

Usage: python scripts/devset/select_passages.py [--shared ../shared] [--worksheet FILE]
Writes talentflow/data/devset/passages.csv (ids, sources, offsets, split; no press text).
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import random
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SEED = 20261206
TEST_SHARE = 0.35
PER_LANG = {"ru": {"press": 50, "full": 62}, "kk": {"press": 48, "full": 38}, "en": {"press": 48, "full": 34}}
MIN_CHARS, MAX_CHARS = 120, 1600

# Topic stems for sampling only (lower case, matched as substrings).
TOPICS = {
    "ru": {
        "drain": ["эмигр", "утечк", "отток", "уезжа", "уехал", "выезд", "покину", "за рубеж"],
        "students": ["студент", "обучени", "болашак", "стипенди", "зарубежн", "университет"],
        "science": ["учен", "научн", "грант", "исследовател"],
        "foreign": ["иностран", "виз", "разрешени", "квот", "вид на жительство"],
        "kin": ["кандас", "оралман", "этнических казах", "соотечественник", "диаспор"],
        "return": ["возвра", "вернул"],
        "monitoring": ["мониторинг", "индикатор", "показател", "реестр", "баз данн", "учет", "статистик"],
        "sdg": ["устойчив", "цур", "цели устойчивого"],
    },
    "kk": {
        "drain": ["кет", "көшіп", "эмигр", "ми ағ", "шетелге", "шетелде"],
        "students": ["студент", "оқу", "болашақ", "стипенди", "университет", "жоғары оқу"],
        "science": ["ғалым", "ғылым", "грант", "зерттеуш"],
        "foreign": ["шетелдік", "виза", "рұқсат", "квота", "тұруға ықтиярхат"],
        "kin": ["қандас", "оралман", "отандас", "диаспора", "этникалық қазақ"],
        "return": ["орал", "қайт"],
        "monitoring": ["мониторинг", "индикатор", "көрсеткіш", "тізілім", "дерекқор", "есеп", "статистика"],
        "sdg": ["тұрақты даму", "тдм"],
    },
    "en": {
        "drain": ["emigra", "brain drain", "left the country", "leave", "abroad", "outflow"],
        "students": ["student", "bolashak", "scholarship", "universit", "study"],
        "science": ["scien", "research", "grant"],
        "foreign": ["foreign", "visa", "permit", "quota", "residence"],
        "kin": ["kandas", "oralman", "compatriot", "diaspora", "ethnic kazakh"],
        "return": ["return", "came back", "come back"],
        "monitoring": ["monitor", "indicator", "register", "database", "statistic", "survey"],
        "sdg": ["sustainable development", "sdg"],
    },
}

# Statements of absence are rare in running text; a second stratum makes sure the gap judgement
# is measured on enough passages (drawn after the main draw, so the main draw is unchanged).
ABSENCE = {
    "ru": ["отсутств", "не создан", "нерешен", "не решен", "не ведет", "не учитыва", "недостаточн",
           "не разработан", "нет ", "пока не", "остается"],
    "kk": ["жоқ", "болмау", "жетіспе", "құрылмаған", "шешілмеген", "есепке алынбайды", "әлі де", "жеткіліксіз"],
    "en": ["lack", "absence", "not yet", "unresolved", "insufficient", "no ", "not tracked", "remains"],
}
PER_LANG_GAPS = 15

COMMENT = re.compile(r"<!--.*?-->", re.S)


def paragraphs(text: str):
    """Yield (start, end) of blank-line or line-separated paragraphs that read as prose."""
    for m in re.finditer(r"[^\n]+(?:\n(?!\n)[^\n]+)*", text):
        chunk = m.group(0)
        if chunk.lstrip().startswith(("<!--", "#")) or COMMENT.search(chunk):
            continue
        if MIN_CHARS <= len(chunk.strip()) <= MAX_CHARS:
            s = m.start() + (len(chunk) - len(chunk.lstrip()))
            yield s, m.start() + len(chunk.rstrip())


def sources(shared: Path):
    """(origin, relative path, language, kind) of every file the set may draw from."""
    shipped = ROOT / "talentflow/data/corpus/kaz"
    shipped_names = {p.name for p in shipped.glob("*.md")}
    out = []
    for p in sorted(shipped.glob("*.md")):
        out.append(("package", f"corpus/kaz/{p.name}", p.name.split(".")[-2], "full", p))
    for p in sorted((shared / "corpus/full").glob("*.md")):
        if p.name not in shipped_names:
            out.append(("shared", f"corpus/full/{p.name}", p.name.split(".")[-2], "full", p))
    for p in sorted((shared / "corpus/adilet").glob("*.md")):
        if p.name not in shipped_names:
            out.append(("shared", f"corpus/adilet/{p.name}", p.name.split(".")[-2], "full", p))
    for p in sorted((shared / "corpus/press").glob("*.md")):
        lang = p.name.split(".")[-2]
        out.append(("shared", f"corpus/press/{p.name}", lang, "press", p))
    return out


def topic_of(text: str, lang: str) -> list[str]:
    low = text.lower()
    return [t for t, stems in TOPICS[lang].items() if any(s in low for s in stems)]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--shared", default=str(ROOT.parent / "shared"))
    ap.add_argument("--worksheet", default=None, help="also write id, lang, text as JSON lines here")
    ap.add_argument("--round", type=int, default=1, choices=(1, 2, 3, 4),
                    help="1: the first draw (dev + first test split); 2-4: a later frozen test split")
    args = ap.parse_args()
    if args.round in LATER_ROUNDS:
        later_round(args.round, Path(args.shared), args.worksheet)
        return
    rng = random.Random(SEED)
    pool: dict[tuple[str, str], list[dict]] = {}
    for origin, rel, lang, kind, path in sources(Path(args.shared)):
        if lang not in TOPICS:
            continue
        text = path.read_text(encoding="utf-8")
        for s, e in paragraphs(text):
            chunk = text[s:e]
            pool.setdefault((lang, kind), []).append(
                {"origin": origin, "path": rel, "lang": lang, "kind": kind, "start": s, "end": e,
                 "text": chunk, "topics": topic_of(chunk, lang)})
    chosen: list[dict] = []
    for lang, quota in PER_LANG.items():
        for kind, n in quota.items():
            cands = pool.get((lang, kind), [])
            rng.shuffle(cands)
            picked: list[dict] = []
            # round-robin over topics so every one is represented, then random fill (~1/4 plain)
            topics = list(TOPICS[lang])
            n_topic = int(n * 0.75)
            i = 0
            while len(picked) < n_topic and any(c not in picked and c["topics"] for c in cands):
                t = topics[i % len(topics)]
                i += 1
                for c in cands:
                    if t in c["topics"] and c not in picked:
                        picked.append(c)
                        break
                if i > 10 * n:
                    break
            for c in cands:
                if len(picked) >= n:
                    break
                if c not in picked:
                    picked.append(c)
            chosen.extend(picked)
    for lang in PER_LANG:
        cands = [c for kind in ("press", "full") for c in pool.get((lang, kind), [])
                 if c not in chosen and any(a in c["text"].lower() for a in ABSENCE[lang])]
        cands.sort(key=lambda c: (c["path"], c["start"]))
        rng.shuffle(cands)
        for c in cands[:PER_LANG_GAPS]:
            c["stratum"] = "absence"
            chosen.append(c)
    rows = []
    for c in chosen:
        digest = hashlib.sha1(f"{c['path']}:{c['start']}:{c['end']}".encode()).hexdigest()
        c["id"] = f"{c['lang']}-{digest[:10]}"
        rows.append(c)
    rows.sort(key=lambda r: r["id"])
    # frozen test split: per language and stratum, the share whose seeded rank falls lowest
    for lang in PER_LANG:
        for stratum in ("main", "absence"):
            ids = [r for r in rows if r["lang"] == lang and r.get("stratum", "main") == stratum]
            order = sorted(ids, key=lambda r: hashlib.sha1(f"{SEED}:{r['id']}".encode()).hexdigest())
            cut = round(len(order) * TEST_SHARE)
            for k, r in enumerate(order):
                r["split"] = "test" if k < cut else "dev"
    out = ROOT / "talentflow/data/devset/passages.csv"
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["passage_id", "lang", "kind", "origin", "path", "start", "end", "sha1", "split", "stratum"])
        for r in rows:
            w.writerow([r["id"], r["lang"], r["kind"], r["origin"], r["path"], r["start"], r["end"],
                        hashlib.sha1(r["text"].encode()).hexdigest(), r["split"], r.get("stratum", "main")])
    if args.worksheet:
        with open(args.worksheet, "w", encoding="utf-8") as fh:
            for r in rows:
                fh.write(json.dumps({"passage_id": r["id"], "lang": r["lang"], "text": r["text"]},
                                    ensure_ascii=False) + "\n")
    by = {}
    for r in rows:
        by[(r["lang"], r["split"])] = by.get((r["lang"], r["split"]), 0) + 1
    print(f"{len(rows)} passages:", by)


# The second round: a fresh frozen test split, drawn after rule work had seen the first test
# split's results. It excludes every paragraph that overlaps a round-1 passage, and its absence
# stratum asks for an absence phrase together with a topic stem (round 1's absence words alone
# drew mostly passages without a stated gap).
SEED_2 = 20261207
# Round 1 used every Russian and Kazakh press paragraph; round 2 draws those languages from the
# full texts (laws, by-laws) and English from the remaining press paragraphs and full texts.
PER_LANG_2 = {"ru": {"press": 0, "full": 50}, "kk": {"press": 0, "full": 40}, "en": {"press": 23, "full": 19}}
PER_LANG_GAPS_2 = 10
ABSENCE_2 = {
    "ru": ["отсутств", "не создан", "нерешен", "не решен", "не ведет", "не ведёт", "не учитыва",
           "недостаточн", "не разработан", "пока не", "остается проблем", "остаётся проблем", "не хватает"],
    "kk": ["жоқ", "болмау", "жетіспе", "құрылмаған", "шешілмеген", "есепке алынбайды", "жеткіліксіз",
           "әзірленбеген"],
    "en": ["lack", "absence", "not yet", "unresolved", "insufficient", "not tracked", "shortage",
           "no mechanism", "no system", "remains a problem"],
}


# The third round: round 2 was measured once and then read for the error analysis, and rule work
# (codebook 1.5.0) used it, so it became development data like round 1. Round 3 is drawn the same
# way from what is left (every paragraph overlapping rounds 1-2 excluded), sized so that it is at
# least 30 % of the whole set; Russian and Kazakh again come from the full texts only.
SEED_3 = 20261208
PER_LANG_3 = {"ru": {"press": 0, "full": 74}, "kk": {"press": 0, "full": 60}, "en": {"press": 28, "full": 28}}
PER_LANG_GAPS_3 = 8
# The fourth round: round 3 was measured once (codebook 1.5.0) and read for the error analysis,
# then used by the rule work of 1.6.0. No English paragraph with a topic stem is left, so
# English contributes only passages that should get nothing (a test of precision alone); the
# measurement of recall and levels rests on Russian and Kazakh law paragraphs.
SEED_4 = 20261209
PER_LANG_4 = {"ru": {"press": 0, "full": 150}, "kk": {"press": 0, "full": 110}, "en": {"press": 2, "full": 30}}
PER_LANG_GAPS_4 = 4
LATER_ROUNDS = {2: (SEED_2, PER_LANG_2, PER_LANG_GAPS_2), 3: (SEED_3, PER_LANG_3, PER_LANG_GAPS_3),
                4: (SEED_4, PER_LANG_4, PER_LANG_GAPS_4)}


def later_round(n_round: int, shared: Path, worksheet: str | None) -> None:
    """Draw a later frozen test split and append it to passages.csv (split ``test``).

    Every earlier round becomes ``dev``: a test split is measured once, and what is read after
    that is development data.
    """
    seed, per_lang, n_gaps = LATER_ROUNDS[n_round]
    out = ROOT / "talentflow/data/devset/passages.csv"
    with out.open(encoding="utf-8", newline="") as fh:
        old = list(csv.DictReader(fh))
    if any(r.get("round") == str(n_round) for r in old):
        raise SystemExit(f"passages.csv already holds round {n_round}")
    taken: dict[str, list[tuple[int, int]]] = {}
    for r in old:
        taken.setdefault(r["path"], []).append((int(r["start"]), int(r["end"])))

    def free(c: dict) -> bool:
        return all(c["end"] <= s or c["start"] >= e for s, e in taken.get(c["path"], []))

    rng = random.Random(seed)
    pool: dict[tuple[str, str], list[dict]] = {}
    for origin, rel, lang, kind, path in sources(shared):
        if lang not in TOPICS:
            continue
        text = path.read_text(encoding="utf-8")
        for s, e in paragraphs(text):
            c = {"origin": origin, "path": rel, "lang": lang, "kind": kind, "start": s, "end": e,
                 "text": text[s:e], "topics": topic_of(text[s:e], lang)}
            if free(c):
                pool.setdefault((lang, kind), []).append(c)
    chosen: list[dict] = []
    for lang, quota in per_lang.items():
        for kind, n in quota.items():
            cands = pool.get((lang, kind), [])
            rng.shuffle(cands)
            topical = [c for c in cands if c["topics"]]
            plain = [c for c in cands if not c["topics"]]
            n_topic = int(n * 0.75)
            picked: list[dict] = []
            topics = list(TOPICS[lang])
            i = 0
            while len(picked) < n_topic and i < 10 * n:
                t = topics[i % len(topics)]
                i += 1
                hit = next((c for c in topical if t in c["topics"] and c not in picked), None)
                if hit is not None:
                    picked.append(hit)
            picked += [c for c in plain + topical if c not in picked][: n - len(picked)]
            chosen.extend(picked)
    for lang in per_lang:
        cands = [c for kind in ("press", "full") for c in pool.get((lang, kind), [])
                 if c not in chosen and c["topics"]
                 and any(a in c["text"].lower() for a in ABSENCE_2[lang] + ABSENCE[lang])]
        cands.sort(key=lambda c: (c["path"], c["start"]))
        rng.shuffle(cands)
        for c in cands[:n_gaps]:
            c["stratum"] = "absence"
            chosen.append(c)
    rows = []
    for c in chosen:
        digest = hashlib.sha1(f"{c['path']}:{c['start']}:{c['end']}".encode()).hexdigest()
        rows.append({"passage_id": f"{c['lang']}-{digest[:10]}", "lang": c["lang"], "kind": c["kind"],
                     "origin": c["origin"], "path": c["path"], "start": c["start"], "end": c["end"],
                     "sha1": hashlib.sha1(c["text"].encode()).hexdigest(), "split": "test",
                     "stratum": c.get("stratum", "main"), "round": str(n_round), "text": c["text"]})
    rows.sort(key=lambda r: r["passage_id"])
    for r in old:
        r["split"] = "dev"  # an earlier test split was measured once; it is development data now
        r.setdefault("round", "1")
        r["round"] = r["round"] or "1"
    fields = ["passage_id", "lang", "kind", "origin", "path", "start", "end", "sha1", "split", "stratum", "round"]
    with out.open("w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, fieldnames=fields, extrasaction="ignore")
        w.writeheader()
        w.writerows(old + rows)
    if worksheet:
        with open(worksheet, "w", encoding="utf-8") as fh:
            for r in rows:
                fh.write(json.dumps({"passage_id": r["passage_id"], "lang": r["lang"], "text": r["text"]},
                                    ensure_ascii=False) + "\n")
    by: dict[tuple[str, str], int] = {}
    for r in rows:
        by[(r["lang"], r["stratum"])] = by.get((r["lang"], r["stratum"]), 0) + 1
    print(f"round {n_round}: {len(rows)} passages:", by)


if __name__ == "__main__":
    main()
