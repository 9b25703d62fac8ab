"""The goals table of bench/RESULTS.md compares each measured figure with the issue's target."""

from __future__ import annotations

from bench.run import GOALS, goals_table


def _row(rows: list[str], label: str) -> str:
    (row,) = [r for r in rows if r.startswith(f"| {label} |")]
    return row


def test_met_unmet_and_missing_goals_are_told_apart() -> None:
    sections = {
        "core": {
            "speedup_vs_baseline": 0.26,
            "single_post_ms": {"p99": 3.3},
            "macro_f1": {"ours": 0.969, "baseline": 0.924},
        },
        "campaigns": {"posts_100000": {"seconds": 61.0}},
    }
    rows = goals_table(sections)
    assert len(rows) == 2 + len(GOALS) + 1
    assert _row(rows, "full scoring ≥ 4× the public pipeline").endswith("| 0.26 | **no** |")
    assert _row(rows, "single post p99 < 5 ms in process").endswith("| 3.30 | yes |")
    assert _row(rows, "campaigns, 100k posts < 60 s").endswith("| 61.00 | **no** |")
    assert _row(rows, "cold start < 2 s").endswith("| not measured | – |")
    assert _row(rows, "macro-F1 above the public pipeline's").endswith("| 0.969 vs 0.924 | yes |")
