"""Evaluation of matching: nDCG@5 and recall@10 per request language, against the BM25 baseline.

Judgements (qrels) are JSON lines ``{"request_id", "orcid", "relevance"}`` with relevance 0
(not relevant), 1 (partly: same field or a related topic) or 2 (relevant: could do what is
asked). The gold comes from two independent coders (docs/diaspora.md); ``provisional_qrels``
derives judgements from the generator's own topics, for development only, and every output made
from them says so.
"""

from __future__ import annotations

import json
import math
import random
from collections import defaultdict
from collections.abc import Iterable
from importlib import resources
from pathlib import Path

from talentflow.diaspora.index import ProfileIndex
from talentflow.diaspora.model import Profile
from talentflow.diaspora.synthetic import profile_from_record
from talentflow.diaspora.text import text_language

EVAL_DATA = "talentflow.data"
POOL_DEPTH = 12
POOL_RANDOM = 2


def load_eval_set() -> tuple[list[dict], list[dict]]:
    """The shipped synthetic evaluation set: (profile records, requests)."""
    base = resources.files(EVAL_DATA).joinpath("diaspora").joinpath("eval")
    profiles = [json.loads(x) for x in base.joinpath("profiles.jsonl").read_text(encoding="utf-8").splitlines() if x]
    requests = [json.loads(x) for x in base.joinpath("requests.jsonl").read_text(encoding="utf-8").splitlines() if x]
    return profiles, requests


def provisional_qrels(profiles: list[dict], requests: list[dict]) -> dict[str, dict[str, int]]:
    """PROVISIONAL judgements from the generator's topics (2: shares the request's first topic;
    1: shares another of its topics or its field). Development only; never the gold."""
    out: dict[str, dict[str, int]] = {}
    for r in requests:
        rel: dict[str, int] = {}
        for p in profiles:
            topics = set(p["gen_topics"])
            if r["gen_topics"][0] in topics:
                rel[p["orcid"]] = 2
            elif topics & set(r["gen_topics"]) or f"ford:{r['gen_field']}" in p["fields"]:
                rel[p["orcid"]] = 1
        out[r["id"]] = rel
    return out


def read_qrels(path: Path) -> dict[str, dict[str, int]]:
    """Judgements from a JSON-lines file; a bad line is a one-line error naming file and line."""
    out: dict[str, dict[str, int]] = defaultdict(dict)
    for n, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            d = json.loads(line)
            rel = int(d["relevance"])
            if rel not in (0, 1, 2):
                raise ValueError(f"relevance {rel} is not 0, 1 or 2")
            out[str(d["request_id"])][str(d["orcid"])] = rel
        except (ValueError, KeyError, TypeError) as exc:
            raise ValueError(f"{path}: line {n}: {exc}") from None
    return dict(out)


def ndcg_at(ranked: list[str], rel: dict[str, int], k: int = 5) -> float:
    dcg = sum((2 ** rel.get(o, 0) - 1) / math.log2(i + 2) for i, o in enumerate(ranked[:k]))
    ideal = sorted(rel.values(), reverse=True)[:k]
    idcg = sum((2 ** r - 1) / math.log2(i + 2) for i, r in enumerate(ideal))
    return dcg / idcg if idcg > 0 else 0.0


def recall_at(ranked: list[str], rel: dict[str, int], k: int = 10) -> float:
    relevant = {o for o, r in rel.items() if r >= 1}
    return len(relevant & set(ranked[:k])) / len(relevant) if relevant else 0.0


def evaluate(profiles: list[Profile], requests: list[dict], qrels: dict[str, dict[str, int]]) -> dict:
    """Scores of talentflow's matching and of the plain-BM25 baseline, per request language and
    overall, over the requests that have at least one relevant judgement."""
    systems = {"talentflow": ProfileIndex(profiles), "baseline_bm25": ProfileIndex(profiles, plain=True)}
    result: dict[str, dict] = {}
    for name, ix in systems.items():
        per: dict[str, list[tuple[float, float]]] = defaultdict(list)
        for r in requests:
            rel = qrels.get(r["id"])
            if not rel or not any(v > 0 for v in rel.values()):
                continue
            ranked = [m.orcid for m in ix.search(r["text"], r["lang"], top=10)]
            s = (ndcg_at(ranked, rel, 5), recall_at(ranked, rel, 10))
            per[r["lang"]].append(s)
            per["all"].append(s)
        result[name] = {lang: {"requests": len(v), "ndcg@5": round(sum(a for a, _ in v) / len(v), 4),
                               "recall@10": round(sum(b for _, b in v) / len(v), 4)}
                        for lang, v in sorted(per.items())}
    # the cross-lingual case: Russian and Kazakh requests against English profiles only
    en_only = [p for p in profiles if text_language(" ".join(p.titles)) == "en"]
    en_ids = {p.orcid for p in en_only}
    for name, ix in (("talentflow", ProfileIndex(en_only)), ("baseline_bm25", ProfileIndex(en_only, plain=True))):
        xs = []
        for r in requests:
            rel = {o: v for o, v in (qrels.get(r["id"]) or {}).items() if o in en_ids}
            if r["lang"] not in ("ru", "kk") or not any(v > 0 for v in rel.values()):
                continue
            ranked = [m.orcid for m in ix.search(r["text"], r["lang"], top=10)]
            xs.append((ndcg_at(ranked, rel, 5), recall_at(ranked, rel, 10)))
        if xs:
            result[name]["ru+kk→en profiles"] = {"requests": len(xs), "ndcg@5": round(sum(a for a, _ in xs) / len(xs), 4),
                                                 "recall@10": round(sum(b for _, b in xs) / len(xs), 4)}
    base, ours = result["baseline_bm25"].get("all"), result["talentflow"].get("all")
    if base and ours and base["ndcg@5"] > 0:
        result["ratio_ndcg@5"] = round(ours["ndcg@5"] / base["ndcg@5"], 3)
    return result


def judge_view(p: dict) -> dict:
    """What a judge sees of a profile: its public professional facts, no generator metadata."""
    return {"orcid": p["orcid"], "fields": p["fields"], "keywords": p["keywords"], "titles": p["titles"],
            "country": p["country"], "kinds": p["kinds"], "languages": p["languages"], "synthetic": True}


def candidate_pool(profiles: list[dict], requests: list[dict], seed: int = 7) -> Iterable[dict]:
    """Blind pools for the coders: per request the union of talentflow's and the baseline's top
    ``POOL_DEPTH`` plus ``POOL_RANDOM`` unretrieved profiles, shuffled, without scores or methods."""
    objs = [profile_from_record(p) for p in profiles]
    by_orcid = {p["orcid"]: p for p in profiles}
    ours, base = ProfileIndex(objs), ProfileIndex(objs, plain=True)
    rng = random.Random(seed)
    for r in requests:
        got = [m.orcid for m in ours.search(r["text"], r["lang"], top=POOL_DEPTH)]
        got += [m.orcid for m in base.search(r["text"], r["lang"], top=POOL_DEPTH)]
        pool = list(dict.fromkeys(got))
        rest = sorted(set(by_orcid) - set(pool))
        pool += rng.sample(rest, min(POOL_RANDOM, len(rest)))
        rng.shuffle(pool)
        for o in pool:
            yield {"pair_id": f"{r['id']}|{o}", "request_id": r["id"], "request_lang": r["lang"],
                   "request_text": r["text"], "request_kind": r["kind"], "profile": judge_view(by_orcid[o]),
                   "relevance": None}


def agreement(a: dict[str, dict[str, int]], b: dict[str, dict[str, int]],
              languages: dict[str, str] | None = None) -> dict[str, dict[str, float | int]]:
    """Agreement of two coders on the pairs both judged: Krippendorff's alpha (ordinal, 0/1/2),
    exact agreement and Cohen-free counts, overall and per request language (``languages``:
    request id → language)."""
    import krippendorff
    import numpy as np

    pairs = sorted((r, o) for r in a for o in a[r] if o in b.get(r, {}))
    groups: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for r, o in pairs:
        x = (a[r][o], b[r][o])
        groups["all"].append(x)
        if languages and r in languages:
            groups[languages[r]].append(x)
    out: dict[str, dict[str, float | int]] = {}
    for name, xs in sorted(groups.items()):
        arr = np.array(xs, dtype=float).T
        alpha = (float(krippendorff.alpha(reliability_data=arr, level_of_measurement="ordinal"))
                 if len({v for x in xs for v in x}) > 1 else float("nan"))
        out[name] = {"pairs": len(xs), "alpha_ordinal": round(alpha, 4),
                     "exact": round(sum(p == q for p, q in xs) / len(xs), 4)}
    return out
