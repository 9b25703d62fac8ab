"""Worst-case scoring time of one 10,000-character post over pathological inputs.

A post made to hurt the regular expressions (a long digit run, digits then "@a", repeated
"@a:" handles, a long local part before "@", separators, links, emoji, zero-width runs,
spaced letters, number words…) must cost about what a normal post of the same length costs:
one such post in a batch request must not stall the service. Reported: the time of each
case (median of 3, whole ``Detector.score`` with contacts), the worst one, a normal post of
the same length made from the corpus, and how each case grows from 1,000 to 10,000
characters (linear time: about 10×).

It also reports what the obfuscation folding costs on normal posts: the corpus is scored
with and without the look-alike table and :func:`tppo_detect.text.deobfuscate.deobfuscate`
(same process, in turn, fastest of 5 each).

Run alone: ``.venv/bin/python -m bench.bench_pathological``.
"""

from __future__ import annotations

import json
import statistics
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO / "data" / "posts.csv"
LENGTH = 10_000
GOAL_WORST_MS = 20.0


def _repeat(unit: str, n: int) -> str:
    return (unit * (n // len(unit) + 1))[:n]


#: name -> text of (about) n characters. The issue's four quadratic cases come first.
PATHOLOGICAL: dict[str, Callable[[int], str]] = {
    "digits": lambda n: "1" * n,
    "digits_then_at_a": lambda n: "1" * (n - 2) + "@a",
    "handles_at_a_colon": lambda n: _repeat("@a:", n),
    "local_part_then_at": lambda n: "a" * (n - 1) + "@",
    "digits_spaces": lambda n: _repeat("1 ", n),
    "digits_dashes": lambda n: _repeat("1-", n),
    "digits_dots": lambda n: _repeat("1.", n),
    "digits_commas": lambda n: _repeat("1,", n),
    "phone_prefixes": lambda n: _repeat("0812 ", n),
    "plus_62": lambda n: _repeat("+62 ", n),
    "money_rp": lambda n: _repeat("rp1", n),
    "leet_run": lambda n: "k" + "4" * (n - 2) + "a",
    "letters_dots": lambda n: _repeat("a.", n),
    "letters_dashes": lambda n: _repeat("a-", n),
    "letters_spaced": lambda n: _repeat("a ", n),
    "letters_asterisks": lambda n: _repeat("ka*", n),
    "syllable_runs": lambda n: _repeat("ab-cd ", n),
    "word_spaced": lambda n: _repeat("k a m b o j a  ", n),
    "url_www": lambda n: "www." + "a" * (n - 4),
    "url_schemes": lambda n: _repeat("http://", n),
    "url_dotted_host": lambda n: _repeat("a.b", n) + ".com",
    "emails": lambda n: _repeat("a.a@", n),
    "wa_links": lambda n: _repeat("wa.me/", n),
    "telegram_links": lambda n: _repeat("t.me/a", n),
    "at_signs": lambda n: "@" * n,
    "at_digits": lambda n: _repeat("@1", n),
    "emoji": lambda n: "😀" * n,
    "emoji_letters": lambda n: _repeat("k🅰️", n),
    "zero_width": lambda n: "\u200b" * n,
    "zero_width_letters": lambda n: _repeat("a\u200b", n),
    "math_letters": lambda n: _repeat("𝐊𝐚𝐦𝐛𝐨𝐣𝐚 ", n),
    "number_words": lambda n: _repeat("nol delapan satu dua ", n),
    "money_words": lambda n: _repeat("dua puluh lima ", n),
    "partly_hidden": lambda n: _repeat("0812x", n),
}


def median_seconds(fn: Callable[[], Any], runs: int = 3) -> float:
    """Median wall time of ``runs`` calls of ``fn``."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def normal_post(n: int = LENGTH) -> str:
    """Corpus posts joined by line breaks up to ``n`` characters (what a long thread reads like)."""
    texts = pd.read_csv(CORPUS)["text"].tolist()
    return "\n".join(texts)[:n]


def _folding_overhead(detector: Any, texts: list[str]) -> dict[str, float]:
    """Scoring the corpus with and without the look-alike table and the whole-post
    deobfuscation, same process: the two are timed in turn, 5 times each, and the fastest of
    each kept (the machine is shared; the fastest run is the one least disturbed)."""
    from tppo_detect.text import normalize

    def score_all() -> None:
        detector.score(texts)

    real = normalize.deobfuscate, normalize._lookalikes

    def without_folding() -> None:
        normalize.deobfuscate = lambda prepared, offsets: (prepared, offsets)
        normalize._lookalikes = lambda: ({}, frozenset())  # no look-alikes
        try:
            score_all()
        finally:
            normalize.deobfuscate, normalize._lookalikes = real

    score_all()  # warm the term cache
    with_fold, without = [], []
    for _ in range(5):
        with_fold.append(median_seconds(score_all, runs=1))
        without.append(median_seconds(without_folding, runs=1))
    return {
        "posts": len(texts),
        "score_with_folding_s": min(with_fold),
        "score_without_folding_s": min(without),
        "normal_slowdown": min(with_fold) / min(without) - 1.0,
    }


def run(models_root: Path | None = None) -> dict[str, Any]:
    from tppo_detect import Detector

    detector = Detector.load(models_root)
    detector.score(["pemanasan"])
    normal = normal_post()
    normal_ms = 1000 * median_seconds(lambda: detector.score([normal]))
    cases: dict[str, dict[str, float]] = {}
    for name, make in PATHOLOGICAL.items():
        long_text, short_text = make(LENGTH), make(LENGTH // 10)
        long_s = median_seconds(lambda t=long_text: detector.score([t]))
        short_s = median_seconds(lambda t=short_text: detector.score([t]))
        cases[name] = {"ms": 1000 * long_s, "growth_1k_to_10k": long_s / short_s}
    worst = max(cases, key=lambda k: cases[k]["ms"])
    texts = pd.read_csv(CORPUS)["text"].tolist()
    return {
        "length": LENGTH,
        "normal_post_ms": normal_ms,
        "worst_case": worst,
        "worst_ms": cases[worst]["ms"],
        "worst_vs_normal": cases[worst]["ms"] / normal_ms,
        "worst_growth_1k_to_10k": max(c["growth_1k_to_10k"] for c in cases.values()),
        "goal_worst_ms": GOAL_WORST_MS,
        "cases": cases,
        "folding": _folding_overhead(detector, texts),
    }


if __name__ == "__main__":
    print(json.dumps(run(), indent=2))
