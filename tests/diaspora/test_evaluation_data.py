"""The evaluation set, the metrics, the data files' sources and the store migration."""

from __future__ import annotations

import json
from collections import Counter
from importlib import resources
from pathlib import Path

import pytest
import yaml

from talentflow import db
from talentflow.diaspora.evaluate import (
    candidate_pool,
    evaluate,
    load_eval_set,
    ndcg_at,
    provisional_qrels,
    read_qrels,
    recall_at,
)
from talentflow.diaspora.orcid import valid_orcid
from talentflow.diaspora.synthetic import generate_profiles, generate_requests, profile_from_record
from talentflow.diaspora.taxonomy import load_taxonomy

DATA = resources.files("talentflow.data").joinpath("diaspora")


def test_eval_set_sizes_languages_and_labels():
    profiles, requests = load_eval_set()
    assert len(profiles) >= 200
    assert all(p["synthetic"] is True and p["name"].startswith("Synthetic Person") for p in profiles)
    assert all(valid_orcid(p["orcid"]) and p["orcid"].startswith("0000-0000-") for p in profiles)
    langs = Counter(r["lang"] for r in requests)
    assert len(requests) >= 60 and min(langs[x] for x in ("ru", "kk", "en")) >= 20
    assert all(r["synthetic"] is True for r in requests)


def test_shipped_set_is_what_the_seeded_generator_makes():
    profiles, requests = load_eval_set()
    again = generate_profiles(len(profiles))
    assert [p.orcid for p, _ in again] == [p["orcid"] for p in profiles]
    assert [p.titles for p, _ in again] == [p["titles"] for p in profiles]
    assert [r["text"] for r in generate_requests(22)] == [r["text"] for r in requests]


def test_metrics():
    rel = {"a": 2, "b": 1, "c": 0, "d": 2}
    assert ndcg_at(["a", "d", "b"], rel, 5) == pytest.approx(1.0)
    assert ndcg_at(["c", "x"], rel, 5) == 0.0
    assert 0 < ndcg_at(["b", "a"], rel, 5) < 1
    assert recall_at(["a", "x", "b"], rel, 10) == pytest.approx(2 / 3)
    assert recall_at(["a"], {"a": 0}, 10) == 0.0


def test_read_qrels_errors_name_file_and_line(tmp_path: Path):
    q = tmp_path / "q.jsonl"
    q.write_text('{"request_id": "r1", "orcid": "o", "relevance": 2}\n{"request_id": "r1", "orcid": "p", '
                 '"relevance": 7}\n', encoding="utf-8")
    with pytest.raises(ValueError, match=r"q\.jsonl: line 2: relevance 7 is not 0, 1 or 2"):
        read_qrels(q)


def test_evaluation_beats_the_baseline_on_provisional_judgements():
    profiles, requests = load_eval_set()
    res = evaluate([profile_from_record(p) for p in profiles], requests, provisional_qrels(profiles, requests))
    for lang in ("ru", "kk"):
        assert res["talentflow"][lang]["ndcg@5"] > 2 * res["baseline_bm25"][lang]["ndcg@5"]
    assert res["talentflow"]["all"]["requests"] == len(requests)
    assert res["ratio_ndcg@5"] >= 1.3


def test_pool_is_blind_and_covers_every_request():
    profiles, requests = load_eval_set()
    rows = list(candidate_pool(profiles[:80], requests[:6]))
    assert {r["request_id"] for r in rows} == {r["id"] for r in requests[:6]}
    for r in rows:
        assert r["relevance"] is None
        assert "gen_topics" not in r["profile"] and "score" not in r and "name" not in r["profile"]
        assert r["profile"]["synthetic"] is True


def test_taxonomy_files_cite_sources_and_never_invent_kazakh():
    ford = yaml.safe_load(DATA.joinpath("fields_ford.yaml").read_text(encoding="utf-8"))
    grnti = yaml.safe_load(DATA.joinpath("fields_grnti.yaml").read_text(encoding="utf-8"))
    lex = yaml.safe_load(DATA.joinpath("lexicon.yaml").read_text(encoding="utf-8"))
    assert ford["source_en"].startswith("https://") and ford["kk_status"] == "not sourced"
    assert all(f["kk"] is None and f["en"] for f in ford["fields"])
    assert all(f["ru_status"] in ("sourced", "unverified") for f in ford["fields"] if f["ru"])
    for f in ford["fields"]:
        for lang, src in (f.get("sources") or {}).items():
            # a recorded source: where it was read, the year, and the verbatim text holding the label
            assert src["url"].startswith("https://") and isinstance(src["year"], int), (f["code"], lang)
            assert f[lang] in src["text"], (f["code"], lang)
        assert "en" in f["sources"]  # every English label is sourced
        assert (f["ru_status"] == "sourced") == ("ru" in f["sources"]), f["code"]
    assert grnti["kk_status"] == "not sourced" and all("kk" not in r or r["kk"] is None for r in grnti["rubrics"])
    assert all(r["ru_status"] == "unverified" and "sources" not in r for r in grnti["rubrics"])
    assert lex["status"] == "project-compiled"
    tax = load_taxonomy()
    for c in tax.concepts.values():
        assert all(c.terms[lg] for lg in ("en", "ru", "kk")), c.id
        assert c.field is None or tax.field(f"ford:{c.field}") is not None, c.id
    for r in grnti["rubrics"]:
        assert tax.field(f"ford:{r['ford']}") is not None


def test_store_history_has_one_head_and_the_tables(tmp_path: Path):
    engine = db.connect(tmp_path / "s.sqlite")
    try:
        import sqlalchemy as sa

        names = set(sa.inspect(engine).get_table_names())
        assert {"diaspora_profile", "diaspora_consent", "diaspora_request", "diaspora_invitation",
                "diaspora_engagement", "diaspora_report", "diaspora_audit"} <= names
        assert db.revision(engine) == db.head()
        cols = {c["name"] for c in sa.inspect(engine).get_columns("diaspora_profile")}
        assert not cols & {"email", "emails", "phone", "address", "addresses"}
    finally:
        engine.dispose()


def test_eval_files_are_json_lines():
    for name in ("profiles.jsonl", "requests.jsonl"):
        for line in DATA.joinpath("eval").joinpath(name).read_text(encoding="utf-8").splitlines():
            json.loads(line)


def test_agreement_of_two_coders():
    from talentflow.diaspora.evaluate import agreement

    a = {"r1": {"x": 2, "y": 0, "z": 1}, "r2": {"x": 0, "y": 2}}
    same = agreement(a, a, {"r1": "ru", "r2": "kk"})
    assert same["all"]["alpha_ordinal"] == pytest.approx(1.0) and same["all"]["exact"] == 1.0
    assert same["ru"]["pairs"] == 3 and same["kk"]["pairs"] == 2
    b = {"r1": {"x": 0, "y": 2, "z": 1}, "r2": {"x": 2, "y": 0}}
    assert agreement(a, b)["all"]["alpha_ordinal"] < 0


def test_cli_evaluate_provisional_and_pool(tmp_path: Path):
    from typer.testing import CliRunner

    from talentflow.cli import app

    r = CliRunner().invoke(app, ["diaspora", "evaluate", "--provisional", "--format", "json"])
    assert r.exit_code == 0, r.output
    data = json.loads(r.output)
    assert data["judgements"].startswith("PROVISIONAL") and data["data"].startswith("SYNTHETIC")
    out = tmp_path / "pool.jsonl"
    r = CliRunner().invoke(app, ["diaspora", "pool", "--out", str(out)])
    assert r.exit_code == 0, r.output
    rows = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
    assert len({x["request_id"] for x in rows}) == 66
