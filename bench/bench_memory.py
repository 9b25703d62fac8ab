"""Service memory under batch load with ever-new words: does RSS level off? (issue 14 #19)

Starts the real service (``serve``, one worker) in a child process and sends batches of
corpus posts, each made unique with new recruiter names, handles, numbers and links, as real
traffic is. The server's RSS (``/proc/<pid>/status``) is sampled as the batches go; a cache
keyed by every word ever seen shows as steady growth, a bounded one as a plateau.

    python -m bench.bench_memory [models_dir] [--batches 120] [--size 200]
"""

from __future__ import annotations

import argparse
import os
import random
import signal
import tempfile
from pathlib import Path
from typing import Any

import httpx
import pandas as pd

from bench.bench_service import REPO, _start
from service.keys import new_key


def rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmRSS")


def unique_posts(base: list[str], n: int, rng: random.Random, serial: int) -> list[str]:
    """Corpus posts with new words in them: names, handles, numbers and links never seen."""
    out = []
    for i in range(n):
        tag = f"{serial}x{i}"
        word = "".join(rng.choice("abcdefghijklmnoprstuwy") for _ in range(7))
        out.append(
            f"{rng.choice(base)} Hubungi kak {word}{tag} di t.me/{word}{tag} atau "
            f"wa 08{rng.randrange(10**9, 10**10)} kode {word}ku{tag} situs {word}.my.id/{tag}"
        )
    return out


def run(
    models_root: Path | None = None, *, batches: int = 120, size: int = 200, every: int = 10
) -> dict[str, Any]:
    models_root = models_root or REPO / "models"
    base = pd.read_csv(REPO / "data" / "posts.csv")["text"].tolist()
    rng = random.Random(0)
    key, record = new_key("admin", "bench-memory")
    with tempfile.TemporaryDirectory() as tmp:
        proc, url = _start(models_root, Path(tmp) / "data", record.env_entry(), 1)
        try:
            samples: list[tuple[int, float]] = []
            with httpx.Client(base_url=url, headers={"X-API-Key": key}, timeout=300) as client:
                for b in range(batches + 1):
                    posts = [{"text": t} for t in unique_posts(base, size, rng, b)]
                    r = client.post("/v1/score/batch", json={"posts": posts})
                    r.raise_for_status()
                    if b % every == 0:
                        samples.append((b, rss_mib(proc.pid)))
                        print(f"batch {b:4d}  RSS {samples[-1][1]:7.1f} MiB", flush=True)
        finally:
            os.killpg(proc.pid, signal.SIGTERM)
            proc.wait(timeout=30)
    first, last = samples[1][1], samples[-1][1]  # after one warm-up interval
    half = samples[len(samples) // 2][1]
    return {
        "posts": batches * size,
        "rss_start_mib": round(first, 1),
        "rss_mid_mib": round(half, 1),
        "rss_end_mib": round(last, 1),
        "growth_mib": round(last - first, 1),
        "growth_second_half_mib": round(last - half, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("models_dir", nargs="?", type=Path)
    parser.add_argument("--batches", type=int, default=120)
    parser.add_argument("--size", type=int, default=200)
    args = parser.parse_args()
    print(run(args.models_dir, batches=args.batches, size=args.size))


if __name__ == "__main__":
    main()
