"""Speed where users wait (issue #18): ratios against the public pipeline, in one process.

The public pipeline (``bench.baseline.PublicPipeline``: Sastrawi's cached stemmer and stop
words, TfidfVectorizer, logistic regression) scores the same posts in the same process; the
methods are interleaved and each figure is the median of 3 runs, so ratios hold whatever the
machine. Figures:

- ``stream``: a scraped stream (5 % risky posts among real-style negatives), evidence for
  every flagged post (``explain="sedang"``), one core;
- ``full_evidence``: the same stream with evidence on every post (``explain="all"``);
- ``single_post``: one post per call with full evidence, p50/p99, and the ratio of the public
  pipeline's per-post p50 to ours; ``sparse_path_p50_ms`` is the same call forced through the
  SciPy feature matrix (``model.SMALL_BATCH = 0``, what calls of more than
  ``SMALL_BATCH`` posts use), to show what the SciPy-free rows save;
- ``batch_cli``: ``tppo-detect batch --jobs 2`` (a new process: start-up, CSV in, CSV out)
  against the public pipeline on one core reading and writing the same CSV with pandas, and
  the CPU seconds of its processes (``cpu_seconds``, steadier than wall time on a busy host);
- ``cold_start_s``: process start to model loaded to first score, median of 3.
"""

from __future__ import annotations

import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

import tppo_detect.model.detector as model
from bench.baseline import PublicPipeline
from bench.bench_core import CORPUS, REPO, cold_start
from tppo_detect import Detector
from tppo_detect.labels import TARGETS
from tppo_detect.training.train import train

#: Share of risky posts in the scraped stream.
RISKY_SHARE = 0.05
RUNS = 3


def stream(df: pd.DataFrame, n: int, seed: int = 0) -> list[str]:
    """``n`` distinct posts, 5 % from the corpus's positives, the rest from its negatives;
    repeats get a varying suffix, as scrapes have."""
    rng = np.random.default_rng(seed)
    positive = (df[list(TARGETS)].to_numpy() > 0).any(axis=1)
    risky, harmless = df["text"][positive].tolist(), df["text"][~positive].tolist()
    n_risky = round(n * RISKY_SHARE)
    picks = [risky[i % len(risky)] + (f" #{i}" if i >= len(risky) else "") for i in range(n_risky)]
    picks += [
        harmless[i % len(harmless)] + (f" #{i}" if i >= len(harmless) else "")
        for i in range(n - n_risky)
    ]
    return [picks[i] for i in rng.permutation(n)]


def interleaved(methods: dict[str, Callable[[], Any]], runs: int = RUNS) -> dict[str, float]:
    """Median seconds of each method, the methods run in turn ``runs`` times."""
    times: dict[str, list[float]] = {name: [] for name in methods}
    for _ in range(runs):
        for name, fn in methods.items():
            start = time.perf_counter()
            fn()
            times[name].append(time.perf_counter() - start)
    return {name: statistics.median(ts) for name, ts in times.items()}


def _latencies(fn: Callable[[list[str]], Any], texts: list[str]) -> np.ndarray:
    out = []
    for text in texts:
        start = time.perf_counter()
        fn([text])
        out.append(time.perf_counter() - start)
    return np.array(out) * 1000


def _children_cpu() -> float:
    """CPU seconds of the child processes waited for so far (with their own children)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _batch_cli(src: Path, out: Path, models_root: Path, jobs: int, cpu: list[float]) -> None:
    """One ``tppo-detect batch`` run; appends its CPU seconds (all its processes) to ``cpu``."""
    before = _children_cpu()
    subprocess.run(
        [sys.executable, "-m", "tppo_detect.cli", "batch", str(src), "-o", str(out),
         "--model", str(models_root), "--quiet", "--jobs", str(jobs)],
        check=True, cwd=REPO, capture_output=True,
    )  # fmt: skip
    cpu.append(_children_cpu() - before)


def _baseline_csv(baseline: PublicPipeline, src: Path, out: Path) -> None:
    frame = pd.read_csv(src, dtype=str, keep_default_na=False)
    proba = baseline.predict_proba(frame["text"].tolist())
    for j, target in enumerate(TARGETS):
        frame[target] = proba[:, j].round(4)
    frame.to_csv(out, index=False)


def run(models_root: Path, quick: bool = False) -> dict[str, Any]:
    n_stream = 4_000 if quick else 20_000
    n_batch = 10_000 if quick else 60_000
    df = pd.read_csv(CORPUS)
    if not (models_root / "LATEST").exists():
        train(CORPUS, models_root)
    detector = Detector.load(models_root)
    train_df = df[df["split"] == "train"]
    baseline = PublicPipeline().fit(train_df["text"].tolist(), train_df[list(TARGETS)].to_numpy())
    posts = stream(df, n_stream)
    detector.score(posts[:500])  # warm both: stems of the common vocabulary
    baseline.predict_proba(posts[:500])
    levels = pd.Series([s.risk_level for s in detector.score(posts, explain="sedang")])

    t = interleaved(
        {
            "baseline": lambda: baseline.predict_proba(posts),
            "stream": lambda: detector.score(posts, explain="sedang"),
            "full_evidence": lambda: detector.score(posts, explain="all"),
        }
    )

    single = posts[:2000]
    ours_ms = _latencies(detector.score, single)
    base_ms = _latencies(baseline.predict_proba, single)
    small_batch, model.SMALL_BATCH = model.SMALL_BATCH, 0
    try:
        sparse_ms = _latencies(detector.score, single)
    finally:
        model.SMALL_BATCH = small_batch

    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "scrape.csv"
        pd.DataFrame({"id": range(n_batch), "text": stream(df, n_batch, seed=1)}).to_csv(
            src, index=False
        )
        jobs = min(2, os.cpu_count() or 1)
        cli_cpu: list[float] = []
        b = interleaved(
            {
                "baseline_1_core": lambda: _baseline_csv(baseline, src, Path(tmp) / "b.csv"),
                "batch_cli": lambda: _batch_cli(
                    src, Path(tmp) / "o.csv", models_root, jobs, cli_cpu
                ),
            }
        )
    cold = statistics.median(cold_start(models_root) for _ in range(RUNS))
    return {
        "stream_posts": n_stream,
        "stream_flagged_share": float((levels != "rendah").mean()),
        "stream": {
            "posts_per_s": n_stream / t["stream"],
            "vs_baseline": t["baseline"] / t["stream"],
        },
        "full_evidence": {
            "posts_per_s": n_stream / t["full_evidence"],
            "vs_baseline": t["baseline"] / t["full_evidence"],
        },
        "baseline_posts_per_s": n_stream / t["baseline"],
        "single_post": {
            "p50_ms": float(np.percentile(ours_ms, 50)),
            "p99_ms": float(np.percentile(ours_ms, 99)),
            "baseline_p50_ms": float(np.percentile(base_ms, 50)),
            "sparse_path_p50_ms": float(np.percentile(sparse_ms, 50)),
            "sparse_path_p99_ms": float(np.percentile(sparse_ms, 99)),
            "vs_baseline_p50": float(np.percentile(base_ms, 50) / np.percentile(ours_ms, 50)),
        },
        "batch_cli": {
            "rows": n_batch,
            "jobs": jobs,
            "seconds": b["batch_cli"],
            "baseline_1_core_seconds": b["baseline_1_core"],
            "vs_baseline": b["baseline_1_core"] / b["batch_cli"],
            # CPU seconds of the run's processes: steadier than the wall time on a busy machine
            "cpu_seconds": statistics.median(cli_cpu),
        },
        "cold_start_s": cold,
        "runs": RUNS,
    }
