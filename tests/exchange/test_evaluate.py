"""``talentflow evaluate``: scores against small hand-made gold sets, and coder agreement."""

from __future__ import annotations

import hashlib
import json
import math
from pathlib import Path

import pytest
from typer.testing import CliRunner

from talentflow.cli import app
from talentflow.coding import load_codebook
from talentflow.exchange.evaluate import (
    GoldError,
    Label,
    Passage,
    coder_agreement,
    cohen_kappa,
    evaluate,
    read_labels,
    score,
)

CATS = ["brain_drain", "retention", "return"]

TEXTS = {
    "ru-1": ("ru", "Утечка мозгов остаётся серьёзной проблемой для страны."),
    "ru-2": ("ru", "Суд рассматривает дело в течение десяти дней."),
    "en-1": ("en", "Brain drain is a serious problem for the country."),
}


def _write_set(tmp: Path, split: str = "dev") -> Path:
    """A passage list whose texts live in one package file, offsets and sha1 as shipped."""
    data = tmp / "data"
    data.mkdir()
    body = ""
    rows = ["passage_id,lang,kind,origin,path,start,end,sha1,split"]
    for pid, (lang, text) in TEXTS.items():
        start = len(body)
        body += text + "\n\n"
        sha = hashlib.sha1(text.encode()).hexdigest()
        rows.append(f"{pid},{lang},full,package,corpus.txt,{start},{start + len(text)},{sha},{split}")
    (data / "corpus.txt").write_text(body, encoding="utf-8")
    csv = tmp / "passages.csv"
    csv.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return csv


def _gold(tmp: Path, name: str, rows: dict[str, dict]) -> Path:
    p = tmp / name
    p.write_text("\n".join(json.dumps({"passage_id": k, "codes": v, "note": ""}) for k, v in rows.items()) + "\n")
    return p


def test_score_counts_presence_levels_gaps_and_confusion() -> None:
    passages = [Passage(f"p{i}", "ru", "full", "package", "x", 0, 1, "", "dev") for i in range(3)]
    gold = {"p0": {"brain_drain": Label(1)}, "p1": {"retention": Label(3)}, "p2": {"return": Label(1, True)}}
    auto = {"p0": {"brain_drain": Label(2)}, "p1": {}, "p2": {"return": Label(1, True), "retention": Label(3)}}
    res, mism = score(gold, auto, passages, CATS)
    ru = res["ru"]
    assert (ru.micro.tp, ru.micro.fp, ru.micro.fn) == (2, 1, 1)
    assert ru.micro.precision == pytest.approx(2 / 3)
    assert ru.micro.recall == pytest.approx(2 / 3)
    assert ru.micro.level_exact == pytest.approx(0.5)  # return 1=1, brain_drain 1≠2
    assert ru.micro.level_within_one == pytest.approx(1.0)
    assert (ru.micro.gap_tp, ru.micro.gap_fp, ru.micro.gap_fn) == (1, 0, 0)
    assert ru.confusion[1][2] == 1 and ru.confusion[3][0] == 1 and ru.confusion[0][3] == 1
    assert sum(map(sum, ru.confusion)) == 9
    assert math.isnan(ru.categories["retention"].precision) is False
    assert ru.categories["retention"].recall == 0.0
    assert {(m.passage_id, m.category) for m in mism} == {("p0", "brain_drain"), ("p1", "retention"), ("p2", "retention")}
    assert "kk" not in res  # no passages, no row


def test_evaluate_codes_passages_and_scores_them(tmp_path: Path) -> None:
    csv = _write_set(tmp_path)
    gold = _gold(tmp_path, "gold.jsonl", {"ru-1": {"brain_drain": {"level": 1, "gap": False}},
                                          "ru-2": {}, "en-1": {"retention": {"level": 2, "gap": False}}})
    book = load_codebook()
    ev = evaluate(gold, book, "dev", csv, package_root=tmp_path / "data")
    ru, en = ev.languages["ru"], ev.languages["en"]
    assert ru.categories["brain_drain"].tp == 1 and ru.micro.fp == 0
    # en-1 names brain drain (a false hit against this gold) and misses retention
    assert en.categories["brain_drain"].fp == 1 and en.categories["retention"].fn == 1
    assert ev.languages["all"].passages == 3
    assert ev.to_dict()["languages"]["ru"]["micro"]["f1"] == 1.0


def test_split_filter_and_unlabelled_note(tmp_path: Path) -> None:
    csv = _write_set(tmp_path, split="test")
    gold = _gold(tmp_path, "gold.jsonl", {"ru-1": {}})
    ev = evaluate(gold, load_codebook(), "dev", csv, package_root=tmp_path / "data")
    assert ev.languages == {}
    ev = evaluate(gold, load_codebook(), "test", csv, package_root=tmp_path / "data")
    assert ev.languages["all"].passages == 1
    assert any("no gold label" in s for s in ev.skipped)


def test_changed_text_and_bad_gold_are_errors(tmp_path: Path) -> None:
    csv = _write_set(tmp_path)
    (tmp_path / "data" / "corpus.txt").write_text("something else entirely " * 20)
    gold = _gold(tmp_path, "gold.jsonl", {"ru-1": {}})
    with pytest.raises(GoldError, match="sha1"):
        evaluate(gold, load_codebook(), "dev", csv, package_root=tmp_path / "data")
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"passage_id": "ru-1", "codes": {"brain_drain": {"level": 7}}}\n')
    with pytest.raises(GoldError, match=r"bad.jsonl:1: field codes.brain_drain.level"):
        read_labels(bad, CATS)
    bad.write_text('{"passage_id": "ru-1", "codes": {"nonsense": {"level": 1}}}\n')
    with pytest.raises(GoldError, match="unknown category"):
        read_labels(bad, CATS)


def test_cohen_kappa_known_values() -> None:
    assert cohen_kappa([1, 1, 0, 0], [1, 1, 0, 0]) == pytest.approx(1.0)
    assert cohen_kappa([1, 0, 1, 0], [0, 1, 0, 1]) == pytest.approx(-1.0)
    # po = 0.75, pe = 0.5 → 0.5
    assert cohen_kappa([1, 1, 0, 0], [1, 0, 0, 0]) == pytest.approx(0.5)
    assert math.isnan(cohen_kappa([0, 0], [0, 0]))


def test_coder_agreement_and_cli(tmp_path: Path) -> None:
    csv = _write_set(tmp_path)
    a = _gold(tmp_path, "a.jsonl", {"ru-1": {"brain_drain": {"level": 1, "gap": False}}, "ru-2": {},
                                    "en-1": {"brain_drain": {"level": 1, "gap": False}}})
    b = _gold(tmp_path, "b.jsonl", {"ru-1": {"brain_drain": {"level": 1, "gap": False}}, "ru-2": {},
                                    "en-1": {"brain_drain": {"level": 2, "gap": False}}})
    rep = coder_agreement(a, b, load_codebook(), "dev", csv)
    bd = next(c for c in rep.categories if c.category == "brain_drain")
    assert rep.passages == 3
    assert bd.kappa == pytest.approx(1.0)  # presence 1,0,1 for both
    assert bd.presence_agreement == 1.0 and bd.level_exact == pytest.approx(0.5)
    assert rep.b_against_a["all"].micro.f1 == 1.0
    r = CliRunner().invoke(app, ["evaluate", "--coders", str(a), str(b), "--passages", str(csv), "--format", "json"])
    assert r.exit_code == 0, r.output
    assert json.loads(r.stdout)["passages"] == 3
    r = CliRunner().invoke(app, ["evaluate", str(tmp_path / "missing.jsonl"), "--passages", str(csv)])
    assert r.exit_code == 2 and "cannot read" in r.output


DEVSET = Path(__file__).resolve().parents[2] / "talentflow" / "data" / "devset"


def test_shipped_gold_on_the_dev_split_keeps_its_level():
    """A regression guard on the development split (never the frozen test split)."""
    from talentflow.exchange.evaluate import default_shared_root

    if not (default_shared_root() / "corpus" / "press").is_dir():
        pytest.skip(f"../shared is absent ({default_shared_root()}): the press passages' texts live there")
    ev = evaluate(DEVSET / "gold.jsonl", load_codebook(), "dev")
    # rounds 1 (311), 2 (147) and 3 (198) are development data now; round 4 is the frozen test split
    assert ev.languages["all"].passages == 656
    assert ev.languages["all"].micro.f1 >= 0.84
    assert ev.languages["all"].micro.precision >= 0.88


def test_shipped_coder_files_agree_as_reported():
    rep = coder_agreement(DEVSET / "coder_a.jsonl", DEVSET / "coder_b.jsonl", load_codebook(), "all")
    assert rep.passages == 950  # rounds 1-3 (656) + round 4, the fourth frozen test split (294)
    assert 0.8 <= rep.overall.kappa <= 1.0
    test = coder_agreement(DEVSET / "coder_a.jsonl", DEVSET / "coder_b.jsonl", load_codebook(), "test")
    assert test.passages == 294 and test.overall.kappa == pytest.approx(0.8914, abs=1e-4)


def test_a_passage_of_foreign_practice_gets_no_codes(tmp_path: Path) -> None:
    csv = _write_set(tmp_path)
    (tmp_path / "data" / "manifest.csv").write_text("file,about,publisher\ncorpus.txt,international,Embassy\n")
    gold = _gold(tmp_path, "gold.jsonl", {"ru-1": {}, "ru-2": {}, "en-1": {}})
    ev = evaluate(gold, load_codebook(), "dev", csv, package_root=tmp_path / "data")
    assert ev.languages["all"].micro.fp == 0  # "brain drain" in another country's text is not coded
