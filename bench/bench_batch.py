"""Benchmark of batch scoring: rows/s and peak memory on a generated scrape.

``run()`` writes a tweet-harvest-style CSV of ``rows`` rows (posts from ``data/posts.csv``, each
made distinct with a hashtag and a counter, so deduplication does not flatter the figure; set
``dup_fraction`` for retweet-like repeats), then scores it in a child process per engine:

* ``local``: rows/s and the peak RSS of the largest process of the child's tree (the engine
  and its pool workers): each process's own high-water mark (``VmHWM`` in ``/proc/PID/status``,
  exact however short the peak), read while it lives; the same for a tenth of the rows shows
  whether memory is flat in the input size;
* ``dask``: a LocalCluster of ``n_workers`` worker processes, the same figures plus the sum over
  the tree (client, nannies, workers) sampled every 0,1 s.

Not ``os.wait4``'s ``ru_maxrss``: Linux carries the spawning process's high-water mark over
``exec``, so a child started by a big benchmark process reported the benchmark's own peak
(647 MB at any row count in ``make bench``; 244 MB when started from a small process).

Timings include model load and, for Dask, cluster start-up: what a user waits for.

    .venv/bin/python -m bench.bench_batch --rows 100000     # quick run, prints JSON
"""

from __future__ import annotations

import argparse
import csv
import filecmp
import json
import os
import random
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO / "data" / "posts.csv"
HEADER = (
    "conversation_id_str", "created_at", "favorite_count", "full_text", "id_str", "lang",
    "location", "retweet_count", "tweet_url", "user_id_str", "username",
)  # fmt: skip
_FALLBACK_POSTS = (
    "Lowongan kerja admin online di Kamboja, gaji 25 juta, tiket ditanggung. WA 0812-3456-7890",
    "Kerja dari rumah cukup like & follow, komisi 50rb per tugas, deposit 100rb aktivasi",
    "Toko roti di Bandung mencari karyawan produksi, gaji UMR, lamaran langsung ke toko",
    "Selamat pagi semua, tetap semangat hari ini",
)
_TAGS = ("#loker", "#lokerviral", "#infoloker", "#kerjaluarnegeri", "#fyp", "#jakarta", "#cuan")
_PLACES = ("Jakarta", "Surabaya", "Medan", "Bandung", "Makassar", "", "Indonesia")

_CHILD = """
import json, os, sys
from bench.bench_batch import _high_water_bytes
from tppo_detect.batch import score_file
args = json.loads(sys.argv[1])
summary = score_file(**args)
own_peak = _high_water_bytes(os.getpid())
print(json.dumps({**summary.to_dict(), "own_peak_rss_bytes": own_peak}))
"""


def _posts() -> list[str]:
    if not CORPUS.exists():
        return list(_FALLBACK_POSTS)
    with CORPUS.open(encoding="utf-8", newline="") as fh:
        return [row["text"] for row in csv.DictReader(fh) if row.get("text", "").strip()]


def generate_csv(path: Path, rows: int, *, dup_fraction: float = 0.0, seed: int = 0) -> Path:
    """A tweet-harvest export of ``rows`` rows, written streaming (flat memory)."""
    rng = random.Random(seed)
    posts = _posts()
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(HEADER)
        last_text = posts[0]
        for i in range(rows):
            if i and rng.random() < dup_fraction:
                text = "RT " + last_text if rng.random() < 0.3 else last_text
            else:
                text = f"{rng.choice(posts)} {rng.choice(_TAGS)} {i}"
                last_text = text
            tweet_id = str(1_780_000_000_000_000_000 + i)
            user = f"akun{rng.randrange(50_000)}"
            writer.writerow((
                tweet_id, "Mon May 13 08:01:02 +0000 2024", rng.randrange(500), text, tweet_id,
                "in", rng.choice(_PLACES), rng.randrange(100),
                f"https://x.com/{user}/status/{tweet_id}", str(rng.randrange(10**9)), user,
            ))  # fmt: skip
    return path


def _high_water_bytes(pid: int) -> int:
    """A live process's peak RSS so far (``VmHWM``), 0 if it is gone."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return 0
    for line in status.splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) * 1024
    return 0


class _TreeSampler(threading.Thread):
    """Samples a process and all its descendants every ``interval`` seconds: the sum of their
    RSS (``peak_total``) and the largest high-water mark of one of them (``peak_single``,
    exact: the kernel keeps each process's peak, sampling only has to see it alive)."""

    def __init__(self, pid: int, interval: float = 0.1) -> None:
        super().__init__(daemon=True)
        self.pid = pid
        self.interval = interval
        self.peak_total = 0
        self.peak_single = 0
        self._halt = threading.Event()

    def run(self) -> None:
        import psutil  # here, not at the top: the engine child imports this module's helper

        try:
            root = psutil.Process(self.pid)
        except psutil.NoSuchProcess:
            return
        while not self._halt.is_set():
            total = 0
            try:
                procs = [root, *root.children(recursive=True)]
            except psutil.NoSuchProcess:
                return
            for proc in procs:
                try:
                    rss = proc.memory_info().rss
                except psutil.Error:
                    continue
                total += rss
                self.peak_single = max(self.peak_single, rss, _high_water_bytes(proc.pid))
            self.peak_total = max(self.peak_total, total)
            self._halt.wait(self.interval)

    def stop(self) -> None:
        self._halt.set()
        self.join()


def _score_in_child(args: dict[str, Any]) -> dict[str, Any]:
    """Run score_file in a fresh interpreter; return its summary plus memory figures."""
    env = {**os.environ, "PYTHONPATH": str(REPO) + os.pathsep + os.environ.get("PYTHONPATH", "")}
    started = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-c", _CHILD, json.dumps(args)],
        stdout=subprocess.PIPE,
        env=env,
        cwd=REPO,
    )
    sampler = _TreeSampler(proc.pid)
    sampler.start()
    assert proc.stdout is not None
    out = proc.stdout.read()
    proc.wait()
    wall = time.perf_counter() - started
    sampler.stop()
    if proc.returncode != 0:
        raise RuntimeError(f"benchmark child failed with exit code {proc.returncode}")
    summary = json.loads(out.decode().strip().splitlines()[-1])
    return {
        "summary": summary,
        "wall_seconds": wall,
        "peak_tree_rss_mb": sampler.peak_total / 2**20,
        # the engine's own peak as it reported it on its way out (exact, even a last spike)
        "peak_process_rss_mb": max(sampler.peak_single, summary["own_peak_rss_bytes"]) / 2**20,
    }


def _engine_result(child: dict[str, Any], rows: int) -> dict[str, Any]:
    s = child["summary"]
    counts = s["counts"]
    return {
        "rows_per_second": round(rows / s["seconds"], 1),
        "seconds": round(s["seconds"], 2),
        "distinct_texts": counts["distinct_texts"],
        "rows_written": counts["rows_written"],
        "consistent": s["consistent"],
    }


def run(
    rows: int = 1_000_000,
    *,
    engines: tuple[str, ...] = ("local", "dask"),
    model: str | Path | None = None,
    n_workers: int = 2,
    dup_fraction: float = 0.0,
    workdir: str | Path | None = None,
    flat_check: bool = True,
) -> dict[str, Any]:
    """Generate the input, score it with each engine in a child process, report the figures."""
    model = (
        str(model) if model is not None else os.environ.get("TPPO_MODELS_DIR", str(REPO / "models"))
    )
    with tempfile.TemporaryDirectory(dir=workdir, prefix="bench-batch-") as tmp:
        tmpdir = Path(tmp)
        t0 = time.perf_counter()
        src = generate_csv(tmpdir / "scrape.csv", rows, dup_fraction=dup_fraction)
        result: dict[str, Any] = {
            "rows": rows,
            "input_mb": round(src.stat().st_size / 2**20, 1),
            "dup_fraction": dup_fraction,
            "generate_seconds": round(time.perf_counter() - t0, 1),
            "cpu_count": os.cpu_count(),
        }
        base = {"input": str(src), "model": str(model), "quiet": True}
        if "local" in engines:
            child = _score_in_child({**base, "output": str(tmpdir / "local.csv")})
            local = _engine_result(child, rows)
            # the largest process of the tree (the engine scores in a pool of one process
            # per core, issue #18)
            local["peak_rss_mb"] = round(child["peak_process_rss_mb"], 1)
            local["peak_rss_mb_all_processes"] = round(child["peak_tree_rss_mb"], 1)
            local["jobs"] = len(os.sched_getaffinity(0))
            if flat_check and rows >= 10:
                small = generate_csv(tmpdir / "small.csv", rows // 10, dup_fraction=dup_fraction)
                args = {**base, "input": str(small), "output": str(tmpdir / "small.out.csv")}
                tenth = _score_in_child(args)
                local["peak_rss_mb_at_tenth_rows"] = round(tenth["peak_process_rss_mb"], 1)
            result["local"] = local
        if "dask" in engines:
            args = {**base, "output": str(tmpdir / "dask.csv"), "engine": "dask"}
            child = _score_in_child({**args, "n_workers": n_workers})
            dask = _engine_result(child, rows)
            dask["workers"] = n_workers
            dask["peak_rss_mb_all_processes"] = round(child["peak_tree_rss_mb"], 1)
            dask["peak_rss_mb_largest_process"] = round(child["peak_process_rss_mb"], 1)
            if "local" in engines:
                same = filecmp.cmp(tmpdir / "dask.csv", tmpdir / "local.csv", shallow=False)
                dask["identical_to_local"] = same
            result["dask"] = dask
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--engines", default="local,dask")
    parser.add_argument("--model", default=None)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--dup-fraction", type=float, default=0.0)
    opts = parser.parse_args()
    figures = run(
        opts.rows,
        engines=tuple(opts.engines.split(",")),
        model=opts.model,
        n_workers=opts.workers,
        dup_fraction=opts.dup_fraction,
    )
    print(json.dumps(figures, indent=2))


if __name__ == "__main__":
    main()
