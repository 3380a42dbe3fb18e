"""Benchmark of the README's main command: the default report (Kazakhstan, shipped corpus and data,
HTML + PDF + DOCX) must be written in under 60 s on a 2-core machine.

Two measurements: the command as a user runs it (a fresh process, imports included), and the
same build in-process with the time of each stage, so a regression can be traced to its stage.
``--quick`` builds English only; otherwise all three languages are timed in-process.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path

BUDGET_S = 60.0


def cold_command(out: Path) -> float:
    """Wall time of ``talentflow report --out OUT`` in a new interpreter."""
    exe = Path(sys.executable).with_name("talentflow")
    cmd = [str(exe)] if exe.exists() else [sys.executable, "-m", "talentflow.cli"]
    t = time.perf_counter()
    subprocess.run([*cmd, "report", "--out", str(out)], check=True, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL)
    return time.perf_counter() - t


def main(argv: list[str] | None = None) -> int:
    from talentflow.report import build_report

    quick = "--quick" in (argv or [])
    langs = ("en",) if quick else ("en", "ru", "kk")
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        cold = cold_command(root / "cold")
        sizes = {p.suffix: p.stat().st_size for p in (root / "cold").iterdir()}
        rows = []
        for lang in langs:
            t = time.perf_counter()
            result = build_report(lang=lang, out_dir=root / lang)
            rows.append((lang, time.perf_counter() - t, result.timings))
    print("report benchmark (default inputs: KAZ, shipped corpus and data package)")
    print(f"  command `talentflow report` (fresh process): {cold:6.1f} s   budget {BUDGET_S:.0f} s   "
          f"ratio {cold / BUDGET_S:.2f}")
    print("  outputs: " + ", ".join(f"{k[1:]} {v / 1024:.0f} KiB" for k, v in sorted(sizes.items())))
    stages = sorted({k for _, _, tm in rows for k in tm})
    print(f"  {'lang':<5}{'total s':>9}" + "".join(f"{s:>14}" for s in stages))
    for lang, total, tm in rows:
        print(f"  {lang:<5}{total:>9.1f}" + "".join(f"{tm.get(s, 0.0):>14.2f}" for s in stages))
    return 0 if cold <= BUDGET_S else 1


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
