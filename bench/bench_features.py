"""Stage one's feature steps, µs per post, on the scraped stream of :mod:`bench.bench_speed`.

Warm caches (the posts are scored once first: compiled patterns, stems, misspelling look-ups),
the garbage collector paused as in ``Detector.score``, each step timed on its own with the
post's cached result cleared first, median of ``runs``. Absolute figures depend on the
machine; compare steps with each other, or one commit with another in the same session::

    PYTHONPATH=$PWD .venv/bin/python -m bench.bench_features /path/to/models
"""

from __future__ import annotations

import gc
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pandas as pd

from bench.bench_core import CORPUS
from bench.bench_speed import stream
from tppo_detect import Detector


def run(models_root: Path, n: int = 4_000, runs: int = 5) -> dict[str, float]:
    detector = Detector.load(models_root)
    posts = stream(pd.read_csv(CORPUS), n)
    detector.score(posts, explain="sedang")
    prepared = detector.prepare(posts)
    signals, context = detector._signals, detector._context
    imp = detector._impersonation
    words, phrases = (dict(detector._union.transformer_list)[k] for k in ("words", "phrases"))

    def each(fn: Callable[..., object]) -> Callable[[], None]:
        def loop() -> None:
            for doc in prepared:
                fn(doc)

        return loop

    steps: dict[str, Callable[[], object]] = {
        "prepare": lambda: detector.prepare(posts),
        "signal_hits": each(signals.hits),
        "context_counts": each(context.counts),
        "impersonation": each(imp.findings) if imp is not None else lambda: None,
        "tfidf_terms": lambda: words.transform(prepared),
        "tfidf_phrases": lambda: phrases.transform(prepared),
        "feature_matrix": lambda: detector.features(prepared),  # the steps above cached
        "assess": each(lambda doc: detector._assess(doc, 0.1, 0.2)),
        "score_stream": lambda: detector.score(posts, explain="sedang"),
    }
    times: dict[str, list[float]] = {name: [] for name in steps}
    paused = gc.isenabled()
    gc.disable()
    try:
        for _ in range(runs):
            for name, fn in steps.items():
                if name in ("signal_hits", "context_counts", "impersonation"):
                    for doc in prepared:  # time the computation, not the per-post cache
                        doc.hits.clear()
                        doc.cues.clear()
                        doc.impersonation.clear()
                start = time.perf_counter()
                fn()
                times[name].append(time.perf_counter() - start)
            gc.collect()
    finally:
        if paused:
            gc.enable()
    return {name: statistics.median(ts) / n * 1e6 for name, ts in times.items()}


if __name__ == "__main__":
    root = Path(sys.argv[1]) if len(sys.argv) > 1 else Path("models")
    for step, us in run(root).items():
        print(f"{step:16s} {us:7.1f} µs/post")
