"""Core benchmark: our scoring against the public-project pipeline, in one process.

Both score the same posts. Ratios are what matter (the machine varies); absolute figures are
reported with the machine they were measured on.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from bench.baseline import PublicPipeline
from tppo_detect import Detector
from tppo_detect.labels import TARGETS
from tppo_detect.text.preprocess import prepare_one
from tppo_detect.training.metrics import evaluate_arrays
from tppo_detect.training.train import train

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO / "data" / "posts.csv"


def _rate(n: int, seconds: float) -> float:
    return n / seconds if seconds > 0 else float("inf")


def _timed(fn: Any, *args: Any) -> tuple[Any, float]:
    start = time.perf_counter()
    out = fn(*args)
    return out, time.perf_counter() - start


def _variants(texts: list[str], n: int) -> list[str]:
    """``n`` distinct posts: the corpus, then copies with a varying suffix (as scrapes have)."""
    out = list(texts)
    k = 0
    while len(out) < n:
        out.append(f"{texts[k % len(texts)]} #{k // len(texts)}")
        k += 1
    return out[:n]


def cold_start(models_root: Path) -> float:
    """Seconds for a fresh interpreter to import tppo_detect, load the model and score a post."""
    code = (
        "import time; t=time.perf_counter(); from tppo_detect import Detector; "
        f"d=Detector.load({str(models_root)!r}); d.score(['tes']); "
        "print(time.perf_counter()-t)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=REPO
    )
    return float(out.stdout.strip())


def run(models_root: Path, n_posts: int = 20_000, n_baseline: int = 2_000) -> dict[str, Any]:
    df = pd.read_csv(CORPUS)
    train_df = df[df["split"] == "train"]
    test_df = df[df["split"] == "test"]
    Y_train = train_df[list(TARGETS)].to_numpy()
    Y_test = test_df[list(TARGETS)].to_numpy()

    # training time and model size of ours (fresh training into the bench models root)
    result, train_s = _timed(train, CORPUS, models_root)
    model_bytes = result.card["artifacts"]["model.joblib"]["bytes"]
    detector = Detector.load(models_root)

    # quality on the held-out split, both pipelines
    baseline = PublicPipeline().fit(train_df["text"].tolist(), Y_train)
    ours_q = evaluate_arrays(Y_test, detector.predict_proba(test_df["text"].tolist()))
    base_q = evaluate_arrays(Y_test, baseline.predict_proba(test_df["text"].tolist()))

    # throughput on the same posts: the baseline on the first n_baseline, ours on all
    posts = _variants(df["text"].tolist(), n_posts)
    few = posts[:n_baseline]
    _, base_s = _timed(baseline.predict_proba, few)
    _, ours_cold_s = _timed(detector.score, few)  # includes first-time stemming of the vocab
    _, ours_same_s = _timed(detector.score, few)
    _, ours_all_s = _timed(detector.score, posts)

    # cost of each stage of ours (warm caches)
    prepared, prep_s = _timed(lambda xs: [prepare_one(x) for x in xs], posts)
    X, feat_s = _timed(detector.features, prepared)
    _, clf_s = _timed(detector._clf.predict_proba, X)

    # single-post latency in process
    lat = []
    for text in posts[:2000]:
        t = time.perf_counter()
        detector.score([text])
        lat.append(time.perf_counter() - t)
    lat_ms = np.array(lat) * 1000

    return {
        "posts": n_posts,
        "baseline_posts": n_baseline,
        "baseline_posts_per_s": _rate(len(few), base_s),
        "ours_posts_per_s_first_pass": _rate(len(few), ours_cold_s),
        "ours_posts_per_s_same_posts": _rate(len(few), ours_same_s),
        "ours_posts_per_s": _rate(len(posts), ours_all_s),
        "speedup_vs_baseline": _rate(len(few), ours_same_s) / _rate(len(few), base_s),
        "stage_posts_per_s": {
            "preprocess": _rate(len(posts), prep_s),
            "features": _rate(len(posts), feat_s),
            "classifier": _rate(len(posts), clf_s),
        },
        "single_post_ms": {
            "p50": float(np.percentile(lat_ms, 50)),
            "p99": float(np.percentile(lat_ms, 99)),
        },
        "cold_start_s": cold_start(models_root),
        "training_s": train_s,
        "model_bytes": model_bytes,
        "macro_f1": {"ours": ours_q["macro_f1"], "baseline": base_q["macro_f1"]},
        "f1": {t: {"ours": ours_q[t]["f1"], "baseline": base_q[t]["f1"]} for t in TARGETS},
        "threads": os.environ.get("OMP_NUM_THREADS", "unset"),
    }
