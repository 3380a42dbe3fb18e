"""Load on the web application, on loopback only: ``python -m bench web [--quick] [--store URL]``.

Starts ``talentflow serve`` on 127.0.0.1 and a free port (a fresh SQLite store loaded from the
shipped package, or ``--store``), then 20 concurrent clients request a mix of the public pages
and their JSON twins for 60 s (10 s with ``--quick``; at most 50,000 requests either way). Prints
p50/p95/max latency per page, the error count, and — as the baseline measured in the same run —
the latency of a static file, which no page can beat. Target on the 2-core machine: p95 ≤ 300 ms
for every public page, 0 errors.
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

import httpx

CLIENTS = 20
MAX_REQUESTS = 50_000
TARGET_P95_MS = 300.0
PAGES = ["/", "/documents", "/documents/{doc}", "/indicators", "/indicators/emigrants", "/discrepancies", "/practice",
         "/recommendations", "/reports", "/.json", "/documents.json", "/indicators.json", "/discrepancies.json",
         "/indicators/emigrants.csv"]
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


def main(flags: list[str]) -> int:
    seconds = 10.0 if "--quick" in flags else 60.0
    store = next((f.split("=", 1)[1] for f in flags if f.startswith("--store=")), None)
    tmp = tempfile.mkdtemp(prefix="talentflow-bench-web-")
    env = dict(os.environ, XDG_CACHE_HOME=tmp)
    port = free_port()
    cmd = [sys.executable, "-c", "from talentflow.cli import main; main()", "serve", "--host", "127.0.0.1",
           "--port", str(port)] + (["--store", store] if store else [])
    server = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 180
        while True:
            try:
                if httpx.get(base + "/documents.json", timeout=60).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if server.poll() is not None or time.monotonic() > deadline:
                print("web bench: the server did not start:", server.stderr.read().decode()[-2000:], file=sys.stderr)
                return 1
            time.sleep(0.5)
        doc = httpx.get(base + "/documents.json").json()["documents"][0]["id"]
        urls = [p.format(doc=doc) for p in PAGES] + [BASELINE]
        latencies: dict[str, list[float]] = defaultdict(list)
        errors: dict[str, int] = defaultdict(int)
        count = [0]
        lock = threading.Lock()
        stop_at = time.monotonic() + seconds

        def client(k: int) -> None:
            with httpx.Client(base_url=base, timeout=30) as c:
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

        threads = [threading.Thread(target=client, args=(k,)) for k in range(CLIENTS)]
        started = time.monotonic()
        for th in threads:
            th.start()
        for th in threads:
            th.join()
        wall = time.monotonic() - started
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
    total = sum(len(v) for v in latencies.values())
    print(f"\nweb load: {CLIENTS} clients, {wall:.0f} s, {total} requests ({total / wall:.0f}/s), loopback, "
          f"store {store or 'embedded SQLite'}; no programme registry is loaded (the monitoring "
          "package is not part of this build)")
    print(f"{'page':32} {'n':>6} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8} {'errors':>6}")
    worst = 0.0
    for url in urls:
        v = latencies[url]
        p95 = pct(v, 0.95)
        if url != BASELINE:
            worst = max(worst, p95)
        print(f"{url[:32]:32} {len(v):6d} {statistics.median(v) if v else float('nan'):8.1f} {p95:8.1f} "
              f"{max(v) if v else float('nan'):8.1f} {errors[url]:6d}")
    base_p95 = pct(latencies[BASELINE], 0.95)
    print(f"baseline (static file) p95 {base_p95:.1f} ms; worst page p95 {worst:.1f} ms = {worst / base_p95:.1f}× the "
          f"baseline; target p95 ≤ {TARGET_P95_MS:.0f} ms: {'met' if worst <= TARGET_P95_MS else 'NOT met'}; "
          f"errors {sum(errors.values())}")
    shutil.rmtree(tmp, ignore_errors=True)
    return 0 if not errors else 1


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
