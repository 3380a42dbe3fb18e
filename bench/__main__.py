"""Entry point: ``python -m bench [coding|report|monitor|diaspora|web|all] [--quick]`` (default ``all``).

Each benchmark prints its own table with ratios against a baseline measured in the same run.
"""

from __future__ import annotations

import importlib
import importlib.util
import sys


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    which = [a for a in args if not a.startswith("-")]
    flags = [a for a in args if a.startswith("-")]
    target = which[0] if which else "all"
    if target not in ("coding", "report", "monitor", "diaspora", "web", "all"):
        print(f"unknown benchmark {target!r}: choose coding, report, monitor, diaspora, web or all", file=sys.stderr)
        return 2
    names = ["coding", "report", "monitor", "diaspora", "web"] if target == "all" else [target]
    status = 0
    for name in names:
        module = f"bench.bench_{name}"
        if importlib.util.find_spec(module) is None:
            print(f"{module} is not available; skipped", file=sys.stderr)
            continue
        status |= importlib.import_module(module).main(flags) or 0
    return status


if __name__ == "__main__":
    raise SystemExit(main())
