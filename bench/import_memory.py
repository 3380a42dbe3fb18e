"""Peak memory of the CSV importer on a seeded synthetic table (labelled synthetic): it streams.

Usage: ``.venv/bin/python bench/import_memory.py 600000 [--store]`` (rows). Without ``--store`` it
reads through the importer only (``get_importer(...).read``); with it, the file is imported into a
fresh SQLite store end to end (read, check, write in chunks in one transaction).
"""

from __future__ import annotations

import os
import resource
import sys
import tempfile
import time
from pathlib import Path


def main(n: int, store: bool = False) -> None:
    from talentflow.stats.importers import get_importer

    f = Path(tempfile.mkdtemp()) / "synthetic.csv"
    with f.open("w", encoding="utf-8") as fh:
        fh.write("indicator,area,year,value,unit,source_name,source_url,quote\n")
        for i in range(n):
            fh.write(f"emigrants_permanent,KAZ,{1900 + i % 200},{i},persons,Synthetic (generated),"
                     f"https://example.org/{i // 200},synthetic row {i}\n")
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    t = time.perf_counter()
    if store:
        from talentflow.stats.store import open_store

        s = open_store(f.parent / "store.sqlite")
        count = s.import_file(f, "csv").rows
        s.close()
    else:
        count = sum(1 for _ in get_importer(f, "csv").read(f))
    after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(f"rows={count} file={f.stat().st_size / 1e6:.1f} MB seconds={time.perf_counter() - t:.1f} "
          f"peak RSS before={before / 1024:.0f} MB after={after / 1024:.0f} MB")
    os.remove(f)


if __name__ == "__main__":
    args = [a for a in sys.argv[1:] if a != "--store"]
    main(int(args[0]) if args else 600_000, store="--store" in sys.argv)
