"""The red-flag lexicon: compile time (cold and from the sha256-keyed cache) and detection speed.

Compile time: median of 3, in this process, with the regex module's own cache purged each time.
"cold" parses the file and compiles every pattern and plan; "cached" reads the compiled form from
the on-disk cache; both leave the regexes to be compiled when a post first needs them, which
"regexes" measures (compiling all of them at once).

Speed: when ``TPPO_OLD_LEXICON`` names a lexicon in the older form (regexes and plans written
out, e.g. ``git show <commit>:tppo_detect/data/signals.toml``), full scoring with the same model
and the two lexicons swapped in turn, on the same posts, gives a same-run ratio (new / old).
Without it only the new lexicon's detection rate is reported.

Run alone: ``.venv/bin/python -m bench.bench_lexicon [models_dir]``.
"""

from __future__ import annotations

import json
import os
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from tppo_detect.resources import data_text
from tppo_detect.text import lexicon as lx
from tppo_detect.text.signals import LEXICON_FILE, Lexicon, parse_lexicon, parse_regex_lexicon

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO / "data" / "posts.csv"


def _median_s(fn: Any, rounds: int = 3) -> float:
    times = []
    for _ in range(rounds):
        re.purge()
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def _load(source: str) -> Lexicon:
    return parse_lexicon(source)


def _compile_all(lexicon: Lexicon) -> None:
    for sig in lexicon.signals:
        for pattern in sig.patterns:
            pattern.pattern  # noqa: B018 - forces the lazy compile
        for key in sig.keys:
            key.pattern  # noqa: B018


def compile_times() -> dict[str, float]:
    source = data_text(LEXICON_FILE)
    old_env = os.environ.get(lx.CACHE_ENV)
    try:
        os.environ[lx.CACHE_ENV] = "0"
        cold = _median_s(lambda: _load(source))
        with tempfile.TemporaryDirectory() as tmp:
            os.environ[lx.CACHE_ENV] = tmp
            _load(source)  # fills the cache
            cached = _median_s(lambda: _load(source))
        regexes = _median_s(lambda: _compile_all(_load(source)))
    finally:
        if old_env is None:
            os.environ.pop(lx.CACHE_ENV, None)
        else:
            os.environ[lx.CACHE_ENV] = old_env
    return {"cold_ms": cold * 1000, "cached_ms": cached * 1000, "regexes_ms": regexes * 1000}


def detection_speed(models_root: Path | None, n_posts: int = 20_000) -> dict[str, Any]:
    import pandas as pd

    from tppo_detect.text.preprocess import prepare_one

    texts = pd.read_csv(CORPUS)["text"].tolist()
    posts = [f"{texts[k % len(texts)]} #{k // len(texts)}" for k in range(n_posts)]
    docs = [prepare_one(t) for t in posts]
    new = parse_lexicon(data_text(LEXICON_FILE))
    _compile_all(new)
    out: dict[str, Any] = {"posts": n_posts}

    def detect_all(lexicon: Lexicon) -> None:
        for doc in docs:
            lexicon.detect(doc.tokens)

    new_s = _median_s(lambda: detect_all(new))
    out["detect_posts_per_s"] = n_posts / new_s
    old_path = os.environ.get("TPPO_OLD_LEXICON")
    if not old_path:
        return out
    old = parse_regex_lexicon(Path(old_path).read_text(encoding="utf-8"))
    _compile_all(old)
    # same process, alternating, median of 3 each
    old_times, new_times = [], []
    for _ in range(3):
        for lexicon, times in ((old, old_times), (new, new_times)):
            start = time.perf_counter()
            detect_all(lexicon)
            times.append(time.perf_counter() - start)
    out["detect_ratio_new_over_old"] = statistics.median(old_times) / statistics.median(new_times)
    if models_root is not None:
        from tppo_detect import Detector

        detector = Detector.load(models_root)
        signals = detector._signals
        few = posts[:5_000]
        score_old, score_new = [], []
        for _ in range(3):
            for lexicon, times in ((old, score_old), (new, score_new)):
                signals.lexicon_ = lexicon
                # a different key per lexicon, so no post reuses the other's cached hits
                signals.lexicon_sha256_ = f"bench-{id(lexicon)}"
                start = time.perf_counter()
                detector.score(few)
                times.append(time.perf_counter() - start)
        out["score_posts_per_s"] = {
            "old": len(few) / statistics.median(score_old),
            "new": len(few) / statistics.median(score_new),
        }
        out["score_ratio_new_over_old"] = statistics.median(score_old) / statistics.median(
            score_new
        )
    return out


def run(models_root: Path | None = None, quick: bool = False) -> dict[str, Any]:
    return {
        "compile": compile_times(),
        "speed": detection_speed(models_root, 3_000 if quick else 20_000),
    }


if __name__ == "__main__":
    root = Path(sys.argv[1]) if len(sys.argv) > 1 else None
    print(json.dumps(run(root), indent=2))
