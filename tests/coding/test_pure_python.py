"""The compiled loops change speed, never results: coding the corpus with them and with their
plain-Python twins (``TALENTFLOW_PURE_PYTHON=1``) gives the same JSON, byte for byte."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from talentflow.ingest import segment
from talentflow.nlp import scan, sequences

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "talentflow" / "data" / "corpus" / "kaz"
SHARED = ROOT.parent / "shared" / "corpus"


def _code(paths: list[Path], pure: bool) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "TALENTFLOW_PURE_PYTHON"}
    if pure:
        env["TALENTFLOW_PURE_PYTHON"] = "1"
    probe = "from talentflow.nlp import scan, sequences; from talentflow.ingest import segment; " \
            "import sys; print(scan.COMPILED, sequences.COMPILED, segment.SENTENCES_COMPILED, file=sys.stderr)"
    cmd = [sys.executable, "-c", f"{probe}; from talentflow.cli import main; main()", "code", "--format", "json"]
    return subprocess.run(cmd + [str(p) for p in paths], capture_output=True, text=True, env=env, timeout=600)


@pytest.mark.skipif(not (scan.COMPILED and sequences.COMPILED and segment.SENTENCES_COMPILED),
                    reason="the compiled loops were not built here")
def test_compiled_and_plain_python_code_the_corpus_alike():
    paths = [CORPUS] + [SHARED / name for name in ("full", "press") if (SHARED / name).exists()]
    fast, plain = _code(paths, pure=False), _code(paths, pure=True)
    assert fast.stderr.splitlines()[0] == "True True True"
    assert plain.stderr.splitlines()[0] == "False False False"
    assert fast.returncode == plain.returncode == 0
    assert len(fast.stdout) > 100_000
    assert fast.stdout == plain.stdout
