"""Load on the web application, on loopback only, with the synthetic programme registry loaded.

``python -m bench web [--quick] [--rows=N] [--clients=N] [--seconds=S] [--store=URL] [--no-compare]``

1. Writes the seeded synthetic registry (``talentflow registry synthetic``; labelled synthetic) of
   ``--rows`` participants (default 1,000,000; 20,000 with ``--quick``) and imports it with the
   registry's bulk import (``Registry.import_file``, the path ``talentflow registry import`` runs)
   into a fresh SQLite store — and, when ``TALENTFLOW_BENCH_PG_URL`` names an empty PostgreSQL
   database, into that (its registry tables are emptied first).
2. Starts ``talentflow serve`` on 127.0.0.1 and a free port (one worker on SQLite, ``--workers 2``
   on PostgreSQL), asks every page once (the "cold" column: the first answer, computed), then runs
   ``--clients`` concurrent clients (default 20) for ``--seconds`` (default 60; 10 with ``--quick``;
   at most 50,000 requests) over a mix of public pages and their JSON twins, ``/monitoring`` and
   ``/monitoring/{programme}`` included.
3. Prints p50/p95/max per page, the error count, ``uptime`` (the machine is shared), and as the
   baseline in the same run the latency of a static file. Unless ``--no-compare``, the monitoring
   pages are then measured again with answer reuse turned off (``TALENTFLOW_WEB_CACHE=0``): what
   every request would cost if the indicators were recomputed per request ("before").

Target on the 2-core machine: p95 ≤ 300 ms for every public page, 0 errors.
"""

from __future__ import annotations

import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from pathlib import Path

import httpx

CLIENTS = 20
FULL_ROWS = 1_000_000
QUICK_ROWS = 20_000
MAX_REQUESTS = 50_000
TARGET_P95_MS = 300.0
BENCH_KEY = "bench-only-key-for-the-synthetic-registry"  # synthetic ids only; never a real key
PAGES = ["/", "/documents", "/documents/{doc}", "/indicators", "/indicators/emigrants", "/discrepancies", "/practice",
         "/recommendations", "/reports", "/monitoring", "/monitoring/SYN_SCHOLAR", "/monitoring/SYN_RETURN",
         "/.json", "/documents.json", "/indicators.json", "/discrepancies.json", "/indicators/emigrants.csv",
         "/monitoring.json", "/monitoring/SYN_SCHOLAR.json", "/monitoring/SYN_FACULTY.json"]
MONITORING = [p for p in PAGES if p.startswith("/monitoring")]
BASELINE = "/static/app.css"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def uptime() -> str:
    try:
        return subprocess.run(["uptime"], capture_output=True, text=True, timeout=5).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return "uptime unavailable"


def option(flags: list[str], name: str, default):
    for f in flags:
        if f.startswith(f"--{name}="):
            return type(default)(f.split("=", 1)[1]) if default is not None else f.split("=", 1)[1]
    return default


def load_registry(target: str, csv_path: Path, postgres: bool) -> tuple[int, float]:
    """Import the synthetic registry with the bulk import; (rows, seconds)."""
    from talentflow.monitor import open_registry

    if postgres:
        from bench.bench_monitor import _empty

        with open_registry(target):
            pass  # the schema first (a fresh database has no registry tables to empty)
        _empty(target)
    t = time.perf_counter()
    with open_registry(target) as reg:
        res = reg.import_file(csv_path)
    return res.rows, time.perf_counter() - t


class Server:
    """``talentflow serve`` in a subprocess on loopback."""

    def __init__(self, store: str, workers: int, env: dict[str, str]):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        cmd = [sys.executable, "-c", "from talentflow.cli import main; main()", "serve", "--host", "127.0.0.1",
               "--port", str(self.port), "--store", store, "--workers", str(workers)]
        self.proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)

    def wait(self, timeout: float = 600) -> None:
        deadline = time.monotonic() + timeout
        while True:
            try:
                if httpx.get(self.base + "/documents.json", timeout=120).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            if self.proc.poll() is not None or time.monotonic() > deadline:
                self.stop()
                raise RuntimeError("the server did not start: " + self.proc.stderr.read().decode()[-2000:])
            time.sleep(0.5)

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.proc.kill()


def hammer(base: str, urls: list[str], clients: int, seconds: float, timeout: float = 60
           ) -> tuple[dict[str, list[float]], dict[str, int], float]:
    latencies: dict[str, list[float]] = defaultdict(list)
    errors: dict[str, int] = defaultdict(int)
    count = [0]
    lock = threading.Lock()
    stop_at = time.monotonic() + seconds

    def client(k: int) -> None:
        with httpx.Client(base_url=base, timeout=timeout) as c:
            i = k
            while time.monotonic() < stop_at:
                with lock:
                    if count[0] >= MAX_REQUESTS:
                        return
                    count[0] += 1
                url = urls[i % len(urls)]
                i += 1
                t = time.perf_counter()
                try:
                    ok = c.get(url).status_code == 200
                except httpx.HTTPError:
                    ok = False
                ms = (time.perf_counter() - t) * 1000
                with lock:
                    latencies[url].append(ms)
                    if not ok:
                        errors[url] += 1

    threads = [threading.Thread(target=client, args=(k,)) for k in range(clients)]
    started = time.monotonic()
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    return latencies, errors, time.monotonic() - started


def run(label: str, store: str, workers: int, env: dict[str, str], clients: int, seconds: float,
        compare: bool, rows: int) -> int:
    server = Server(store, workers, env)
    try:
        t = time.perf_counter()
        server.wait()
        started_s = time.perf_counter() - t
        doc = httpx.get(server.base + "/documents.json", timeout=60).json()["documents"][0]["id"]
        urls = [p.format(doc=doc) for p in PAGES] + [BASELINE]
        cold: dict[str, float] = {}
        for url in urls:  # the first answer of each page: computed, not reused
            t = time.perf_counter()
            httpx.get(server.base + url, timeout=3600)  # the framework on 1 M participants takes minutes
            cold[url] = (time.perf_counter() - t) * 1000
        for _ in range(workers * 2):  # every worker process answers each page once before timing
            for url in urls:
                httpx.get(server.base + url, timeout=3600)
        before = uptime()
        latencies, errors, wall = hammer(server.base, urls, clients, seconds)
        after = uptime()
    finally:
        server.stop()
    total = sum(len(v) for v in latencies.values())
    print(f"\nweb load, {label}: {rows:,} synthetic registry participants, {workers} worker(s), {clients} clients, "
          f"{wall:.0f} s, {total} requests ({total / wall:.0f}/s), loopback; server ready in {started_s:.0f} s")
    print(f"  uptime before: {before}\n  uptime after:  {after}")
    print(f"{'page':34} {'cold ms':>8} {'n':>6} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8} {'errors':>6}")
    worst = 0.0
    for url in urls:
        v = latencies[url]
        p95 = pct(v, 0.95)
        if url != BASELINE:
            worst = max(worst, p95)
        print(f"{url[:34]:34} {cold[url]:8.0f} {len(v):6d} {statistics.median(v) if v else float('nan'):8.1f} "
              f"{p95:8.1f} {max(v) if v else float('nan'):8.1f} {errors[url]:6d}")
    base_p95 = pct(latencies[BASELINE], 0.95)
    n_errors = sum(errors.values())
    print(f"baseline (static file) p95 {base_p95:.1f} ms; worst page p95 {worst:.1f} ms = {worst / base_p95:.1f}× the "
          f"baseline; target p95 ≤ {TARGET_P95_MS:.0f} ms: {'met' if worst <= TARGET_P95_MS else 'NOT met'}; "
          f"errors {n_errors}")
    if compare:
        compare_without_reuse(label, store, workers, env, clients, min(seconds, 20.0), latencies)
    return 0 if n_errors == 0 else 1


def compare_without_reuse(label: str, store: str, workers: int, env: dict[str, str], clients: int, seconds: float,
                          reused: dict[str, list[float]]) -> None:
    """The monitoring pages with answer reuse off: the indicators computed for every request."""
    server = Server(store, workers, env | {"TALENTFLOW_WEB_CACHE": "0"})
    try:
        server.wait()
        latencies, errors, wall = hammer(server.base, MONITORING, clients, seconds, timeout=300)
    finally:
        server.stop()
    total = sum(len(v) for v in latencies.values())
    print(f"monitoring pages, {label}, answers NOT reused (TALENTFLOW_WEB_CACHE=0, 'before'): {clients} clients, "
          f"{wall:.0f} s, {total} requests")
    print(f"{'page':34} {'p50 ms':>8} {'p95 ms':>8} {'errors':>6} {'p95 reused':>11}")
    for url in MONITORING:
        v = latencies[url]
        print(f"{url[:34]:34} {statistics.median(v) if v else float('nan'):8.0f} {pct(v, 0.95):8.0f} "
              f"{errors[url]:6d} {pct(reused[url], 0.95):11.1f}")


def main(flags: list[str]) -> int:
    quick = "--quick" in flags
    rows = option(flags, "rows", QUICK_ROWS if quick else FULL_ROWS)
    clients = option(flags, "clients", CLIENTS)
    seconds = option(flags, "seconds", 10.0 if quick else 60.0)
    store = option(flags, "store", None)
    compare = "--no-compare" not in flags
    from talentflow.monitor.synthetic import write_registry

    tmp = tempfile.mkdtemp(prefix="talentflow-bench-web-")
    env = dict(os.environ, XDG_CACHE_HOME=tmp, XDG_CONFIG_HOME=tmp, TALENTFLOW_REGISTRY_KEY=BENCH_KEY)
    os.environ.update(TALENTFLOW_REGISTRY_KEY=BENCH_KEY, XDG_CONFIG_HOME=tmp)
    status = 0
    try:
        print(f"web bench: {uptime()}")
        t = time.perf_counter()
        csv_path = write_registry(Path(tmp) / "registry.csv", rows)
        print(f"synthetic registry: {rows:,} rows written in {time.perf_counter() - t:.0f} s (seeded; synthetic)")
        backends = [("SQLite" if store is None else store.split("://")[0], store or str(Path(tmp) / "store.sqlite"), 1,
                     bool(store and store.startswith("postgresql")))]
        pg = os.environ.get("TALENTFLOW_BENCH_PG_URL")
        if pg and store is None:
            backends.append(("PostgreSQL", pg, 2, True))
        for label, target, workers, postgres in backends:
            n, s = load_registry(target, csv_path, postgres)
            print(f"{label}: registry imported, {n:,} rows in {s:.0f} s ({n / s:,.0f} rows/s)")
            status |= run(label, target, workers, env, clients, seconds, compare, rows)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return status


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
