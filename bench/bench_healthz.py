"""/healthz latency while pathological batches are being scored (issue 14 #2).

Starts the real service (``serve``, 2 workers by default) and keeps ``clients`` threads posting
batches of slow posts (thousands of @handles: ~0.2 s of scoring each) for ``seconds``, while one
client probes ``/healthz`` back to back. Scoring runs on the scoring pool, so the probe should
stay in the milliseconds however long the batches take.

    python -m bench.bench_healthz [models_dir] [--seconds 30] [--workers 2] [--clients 4]
"""

from __future__ import annotations

import argparse
import os
import signal
import statistics
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path
from typing import Any

import httpx

from bench.bench_service import REPO, _start
from service.keys import new_key

SLOW_POST = ("@a " * 3333)[:10_000]


def run(
    models_root: Path | None = None,
    *,
    seconds: float = 30,
    workers: int = 2,
    clients: int = 4,
    posts: int = 10,
) -> dict[str, Any]:
    models_root = models_root or REPO / "models"
    key, record = new_key("admin", "bench-healthz")
    statuses: Counter[int] = Counter()
    stop = threading.Event()
    with tempfile.TemporaryDirectory() as tmp:
        proc, url = _start(models_root, Path(tmp) / "data", record.env_entry(), workers)

        def load() -> None:
            batch = {"posts": [{"text": SLOW_POST}] * posts}
            with httpx.Client(base_url=url, headers={"X-API-Key": key}, timeout=120) as c:
                while not stop.is_set():
                    statuses[c.post("/v1/score/batch", json=batch).status_code] += 1

        threads = [threading.Thread(target=load) for _ in range(clients)]
        try:
            for t in threads:
                t.start()
            time.sleep(1)  # let the batches start
            latencies: list[float] = []
            with httpx.Client(base_url=url, timeout=30) as probe:
                end = time.monotonic() + seconds
                while time.monotonic() < end:
                    start = time.perf_counter()
                    probe.get("/healthz").raise_for_status()
                    latencies.append((time.perf_counter() - start) * 1000)
        finally:
            stop.set()
            for t in threads:
                t.join()
            os.killpg(proc.pid, signal.SIGTERM)
            proc.wait(timeout=30)
    latencies.sort()
    return {
        "workers": workers,
        "batch_clients": clients,
        "healthz_requests": len(latencies),
        "healthz_p50_ms": round(statistics.median(latencies), 2),
        "healthz_p99_ms": round(latencies[int(0.99 * (len(latencies) - 1))], 2),
        "healthz_max_ms": round(latencies[-1], 2),
        "batch_statuses": dict(statuses),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("models_dir", nargs="?", type=Path)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--clients", type=int, default=4)
    args = parser.parse_args()
    print(run(args.models_dir, seconds=args.seconds, workers=args.workers, clients=args.clients))


if __name__ == "__main__":
    main()
