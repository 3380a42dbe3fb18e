#!/usr/bin/env python3
"""Build the shipped data package ``talentflow/data/datapackage/`` from the sourced-figure
tables: ``../shared/data/*.csv`` next to the repository and ``data-sources/*.csv`` in it;
``data-sources/sources.csv`` is the hand-kept table of sources and their authority tiers.

Run it again whenever those tables change; the default store notices the new package hash and
reloads it on next use.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from talentflow.stats.errors import DataImportError  # noqa: E402
from talentflow.stats.package import SHIPPED_PACKAGE, build_package  # noqa: E402
from talentflow.stats.sources import SOURCES_FILE  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=ROOT / ".." / "shared" / "data")
    parser.add_argument("--extra", type=Path, default=ROOT / "data-sources")
    parser.add_argument("--out", type=Path, default=SHIPPED_PACKAGE)
    args = parser.parse_args(argv)
    inputs = sorted(args.shared.glob("*.csv")) if args.shared.is_dir() else []
    table = args.extra / SOURCES_FILE
    if args.extra.is_dir():
        inputs += sorted(f for f in args.extra.glob("*.csv") if f.name != SOURCES_FILE)
    if not inputs:
        print(f"no input tables in {args.shared} or {args.extra}", file=sys.stderr)
        return 1
    try:
        descriptor = build_package(inputs, args.out, origin="talentflow sourced-figure table ",
                                   source_table=table)
    except DataImportError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    for res in descriptor["resources"]:
        print(f"{res['path']}")
    print(f"{len(descriptor['resources'])} resources, {len(descriptor['sources'])} sources → {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
