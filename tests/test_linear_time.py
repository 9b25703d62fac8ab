"""Linear time on any input: no pattern on the scoring path may grow with the square of the
post's length (issue 13). Growth is measured as a ratio of two runs in the same process
(10× longer input ≤ 15× longer time, median of 3), never as an absolute time."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bench.bench_pathological import PATHOLOGICAL, median_seconds
from tppo_detect.model.detector import Detector

#: 10× longer input may take at most this many times longer.
MAX_GROWTH = 15.0
SHORT = 1_000


def _growth(detector: Detector, make: object) -> float:
    """The smallest of up to 3 growth ratios: the machine is shared, so a spike during one
    measurement is not growth; a quadratic pattern gives about 100× every time."""
    best = float("inf")
    for _ in range(3):
        best = min(best, _growth_once(detector, make))
        if best <= MAX_GROWTH:
            break
    return best


def _growth_once(detector: Detector, make: object) -> float:
    short_text, long_text = make(SHORT), make(10 * SHORT)  # type: ignore[operator]
    # the short post is scored 10 times per measurement so the clock resolution and the
    # per-call overhead do not decide the ratio
    short_s = median_seconds(lambda: detector.score([short_text] * 10)) / 10
    long_s = median_seconds(lambda: detector.score([long_text]))
    return long_s / short_s


@pytest.mark.parametrize("name", list(PATHOLOGICAL))
def test_pathological_inputs_grow_linearly(detector: Detector, name: str) -> None:
    # digits, digits then "@a", repeated "@a:" handles and a long local part before "@" were
    # quadratic (0.3–0.8 s for 10,000 characters); each is checked with the other cases.
    growth = _growth(detector, PATHOLOGICAL[name])
    assert growth <= MAX_GROWTH, f"{name}: 10× longer input took {growth:.1f}× longer"


#: Characters that the entity, contact and obfuscation patterns react to.
_ALPHABET = [
    *"0123456789 .,:;-_+@/*#()?=&%ak4mbojwth\n",
    "wa.me/", "t.me/", "www.", "http://", "rp", "jt", "juta", "nol ", "dua ", "bri ",
    "\u200b", "😀", "🅰️", "𝐊", "ᴀ", "ⓚ", "օ", "ı",
]  # fmt: skip


@settings(
    max_examples=40,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(unit=st.lists(st.sampled_from(_ALPHABET), min_size=1, max_size=8).map("".join))
def test_generated_long_posts_score_in_linear_time(detector: Detector, unit: str) -> None:
    def make(n: int) -> str:
        return (unit * (n // len(unit) + 1))[:n]

    # no exception on any of them, and bounded time per character
    growth = _growth(detector, make)
    assert growth <= MAX_GROWTH, f"{unit!r}: 10× longer input took {growth:.1f}× longer"


def test_the_folding_overhead_bench_runs_against_the_current_text_pass(detector: Detector) -> None:
    """The bench switches the look-alike table and deobfuscation off by replacing them: it must
    keep up with their shapes (a stale stand-in crashed ``make bench``) and put them back."""
    from bench.bench_pathological import _folding_overhead
    from tppo_detect.text import normalize

    real = normalize.deobfuscate, normalize._lookalikes
    out = _folding_overhead(detector, ["Lоker аdmin online Kamboja", "k e r j a  d i  k a p a l"])
    assert out["posts"] == 2 and out["score_without_folding_s"] > 0
    assert (normalize.deobfuscate, normalize._lookalikes) == real
