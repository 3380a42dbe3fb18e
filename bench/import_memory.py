"""Peak memory of the CSV importer on a seeded synthetic table (labelled synthetic): it streams.

Usage: ``.venv/bin/python bench/import_memory.py 600000`` (rows). Reads through the importer
only (``get_importer(...).read``), so the number is the importer's; the store batches on its side.
"""

from __future__ import annotations

import os
import resource
import sys
import tempfile
import time
from pathlib import Path


def main(n: int) -> None:
    from talentflow.stats.importers import get_importer

    f = Path(tempfile.mkdtemp()) / "synthetic.csv"
    with f.open("w", encoding="utf-8") as fh:
        fh.write("indicator,area,year,value,unit,source_name,source_url,quote\n")
        for i in range(n):
            fh.write(f"emigrants_permanent,KAZ,{1900 + i % 200},{i},persons,Synthetic (generated),"
                     f"https://example.org/{i % 97},synthetic row {i}\n")
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    t = time.perf_counter()
    count = sum(1 for _ in get_importer(f, "csv").read(f))
    after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(f"rows={count} file={f.stat().st_size / 1e6:.1f} MB seconds={time.perf_counter() - t:.1f} "
          f"peak RSS before={before / 1024:.0f} MB after={after / 1024:.0f} MB")
    os.remove(f)


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 600_000)
