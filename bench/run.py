"""`make bench`: run every benchmark in one process and write bench/RESULTS.md.

Single-threaded BLAS so "one core" figures mean one core. Each section is a module exposing
``run(...) -> dict``; results are printed and written as Markdown with the machine and date.
"""

from __future__ import annotations

import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import argparse  # noqa: E402
import importlib  # noqa: E402
import json  # noqa: E402
import platform  # noqa: E402
import tempfile  # noqa: E402
from datetime import UTC, datetime  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402

from bench.bench_load import GOAL_ERRORS, GOAL_HEALTHZ_P99_MS  # noqa: E402
from bench.bench_pathological import GOAL_WORST_MS  # noqa: E402
from bench.bench_service import GOAL_BATCH_POSTS_PER_S, GOAL_SINGLE_P99_MS  # noqa: E402

HERE = Path(__file__).resolve().parent

#: Optional sections contributed by the service, batch and campaign work.
SECTIONS = (
    "bench_service",
    "bench_load",
    "bench_batch",
    "bench_campaigns",
    "bench_pathological",
    "bench_lexicon",
    "bench_ocr",
    "bench_speed",
)


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{cpu}, {os.cpu_count()} cores, Python {platform.python_version()}"


def _get(data: dict[str, Any], path: str) -> Any:
    """``data["a"]["b"]`` for ``"a.b"``; None when a section did not run or lacks the figure."""
    for key in path.split("."):
        if not isinstance(data, dict) or key not in data:
            return None
        data = data[key]
    return data


#: (goal as the issues state it, figure path in the results, comparison, target).
GOALS: tuple[tuple[str, str, str, float], ...] = (
    (
        "real scams flagged (sedang+) ≥ 90 %",
        "external_datasets.real_wording.real_scams.sedang_or_tinggi",
        ">=",
        0.90,
    ),
    (
        "real warnings/stories/legit posts flagged ≤ 5 %",
        "external_datasets.real_wording.real_harmless.sedang_or_tinggi",
        "<=",
        0.05,
    ),
    (
        "loker.id vacancies flagged ≤ 1 %",
        "external_datasets.real_wording.loker_vacancies.sedang_or_tinggi",
        "<=",
        0.01,
    ),
    (
        "promo SMS flagged ≤ 15 %",
        "external_datasets.real_wording.sms_promo.sedang_or_tinggi",
        "<=",
        0.15,
    ),
    ("own test split macro-F1 ≥ 0.95", "core.macro_f1.ours", ">=", 0.95),
    ("full scoring ≥ 4× the public pipeline", "core.speedup_vs_baseline", ">=", 4.0),
    ("full scoring ≥ 25,000 posts/s, one core", "core.ours_posts_per_s", ">=", 25_000),
    ("single post p99 < 5 ms in process", "core.single_post_ms.p99", "<", 5.0),
    ("cold start < 2 s", "core.cold_start_s", "<", 2.0),
    (
        "scraped stream (5 % risky), evidence when flagged ≥ 1.0× the public pipeline",
        "speed.stream.vs_baseline",
        ">=",
        1.0,
    ),
    (
        "full evidence on every post ≥ 0.6× the public pipeline",
        "speed.full_evidence.vs_baseline",
        ">=",
        0.6,
    ),
    ("single post with evidence p50 ≤ 0.3 ms", "speed.single_post.p50_ms", "<=", 0.3),
    ("single post p50 ≥ 5× the public pipeline's", "speed.single_post.vs_baseline_p50", ">=", 5.0),
    ("single post with evidence p99 ≤ 1 ms", "speed.single_post.p99_ms", "<=", 1.0),
    (
        "tppo-detect batch on 2 cores ≥ 1.8× the public pipeline on one",
        "speed.batch_cli.vs_baseline",
        ">=",
        1.8,
    ),
    ("cold start < 1 s (median of 3)", "speed.cold_start_s", "<", 1.0),
    ("lexicon compile, cold < 200 ms", "lexicon.compile.cold_ms", "<", 200.0),
    ("lexicon compile, cached < 20 ms", "lexicon.compile.cached_ms", "<", 20.0),
    ("training < 60 s", "core.training_s", "<", 60.0),
    ("HTTP single post p99 < 15 ms", "service.single_p99_ms", "<", GOAL_SINGLE_P99_MS),
    (
        "HTTP batch route ≥ 1,000 posts/s",
        "service.batch_posts_per_s",
        ">=",
        GOAL_BATCH_POSTS_PER_S,
    ),
    (
        "20 clients × 30 s, 2 workers, contact-heavy batches: errors",
        "load.errors",
        "<=",
        GOAL_ERRORS,
    ),
    (
        "/healthz p99 < 50 ms while a pathological batch runs",
        "load.healthz_p99_ms",
        "<",
        GOAL_HEALTHZ_P99_MS,
    ),
    ("1M-row CSV, local engine, peak RSS < 600 MB", "batch.local.peak_rss_mb", "<", 600),
    ("campaigns, 100k posts < 60 s", "campaigns.posts_100000.seconds", "<", 60.0),
    (
        "pathological 10,000-char post, worst case < 20 ms",
        "pathological.worst_ms",
        "<",
        GOAL_WORST_MS,
    ),
    ("OCR per 1080×1080 flyer < 1 s, one core", "ocr.seconds_per_flyer", "<", 1.0),
    ("image tier agrees with the text's on ≥ 90 %", "ocr.test_set.tier_agreement", ">=", 0.9),
    ("contacts recovered from images ≥ 90 %", "ocr.test_set.contact_recovery", ">=", 0.9),
    ("pathological post ≤ 10× a normal one", "pathological.worst_vs_normal", "<=", 10.0),
    (
        "obfuscation folding slows normal posts ≤ 10 %",
        "pathological.folding.normal_slowdown",
        "<=",
        0.10,
    ),
)


def goals_table(sections: dict[str, Any]) -> list[str]:
    """Markdown rows: each goal, the measured figure and whether it is met."""
    rows = ["| goal | measured | met |", "|---|---|---|"]
    for label, path, op, target in GOALS:
        value = _get(sections, path)
        if value is None:
            rows.append(f"| {label} | not measured | – |")
            continue
        met = value >= target if op == ">=" else value <= target if op == "<=" else value < target
        rows.append(f"| {label} | {value:,.2f} | {'yes' if met else '**no**'} |")
    baseline = _get(sections, "core.macro_f1")
    if baseline:
        met = baseline["ours"] > baseline["baseline"]
        rows.append(
            f"| macro-F1 above the public pipeline's | {baseline['ours']:.3f} vs "
            f"{baseline['baseline']:.3f} | {'yes' if met else '**no**'} |"
        )
    return rows


def to_markdown(results: dict[str, Any]) -> str:
    lines = [
        "# Benchmark results",
        "",
        f"Measured {results['date']} on {results['machine']} with `make bench`.",
        "",
        "## Goals",
        "",
        *goals_table(results["sections"]),
        "",
    ]
    real = _get(results["sections"], "external_datasets.real_wording")
    if real:
        from bench.external_eval import real_wording_table

        lines += [
            "## Real wording (headline)",
            "",
            "Share of rows flagged, by risk level, on real text (`../shared/external/`, "
            "evaluation only).",
            "",
            *real_wording_table(real),
            "",
        ]
    for section, data in results["sections"].items():
        lines += [f"## {section}", "", "```json", json.dumps(data, indent=2), "```", ""]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--posts", type=int, default=20_000)
    parser.add_argument("--quick", action="store_true", help="smaller sizes for a smoke run")
    parser.add_argument("--out", type=Path, default=HERE / "RESULTS.md")
    args = parser.parse_args()

    from bench import bench_core

    results: dict[str, Any] = {
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": machine(),
        "sections": {},
    }
    with tempfile.TemporaryDirectory() as tmp:
        models_root = Path(tmp) / "models"
        posts = 3_000 if args.quick else args.posts
        core = bench_core.run(models_root, n_posts=posts, n_baseline=min(2_000, posts))
        results["sections"]["core"] = core
        print(json.dumps({"core": core}, indent=2), flush=True)
        external = importlib.import_module("bench.external_eval").run(models_root)
        results["sections"]["external_datasets"] = external
        print(json.dumps({"external_datasets": external}, indent=2), flush=True)
        for name in SECTIONS:
            if not (HERE / f"{name}.py").exists():
                continue
            module = importlib.import_module(f"bench.{name}")
            kwargs: dict[str, Any] = {}
            params = module.run.__code__.co_varnames
            if "models_root" in params:
                kwargs["models_root"] = models_root
            elif "model" in params:
                kwargs["model"] = models_root
            if args.quick and "quick" in module.run.__code__.co_varnames:
                kwargs["quick"] = True
            data = module.run(**kwargs)
            results["sections"][name.removeprefix("bench_")] = data
            print(json.dumps({name: data}, indent=2), flush=True)
    args.out.write_text(to_markdown(results), encoding="utf-8")
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
