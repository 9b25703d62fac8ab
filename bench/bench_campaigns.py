"""Campaign grouping time for 10,000 / 30,000 / 100,000 posts and how it grows.

The posts are synthetic but varied, made from the corpus (data/posts.csv): about half are
templates re-posted with the numbers swapped, words inserted or dropped and, now and then, one
recruiter number shared across re-posts; the rest are singletons (a corpus text with its words
shuffled and a number of its own). Timing covers everything ``group_campaigns`` does on a
scored frame without a ``contacts`` column: contact extraction, contact and template linking,
and the per-campaign summaries and templates. Goal: 100,000 posts in under 60 s on 2 cores and
near-linear growth (x10 posts -> about x10 time). Grouping is single-threaded, so the second
core is free for the rest of the machine; CPU seconds are reported next to wall seconds
because a busy machine inflates the latter.

Run alone: ``.venv/bin/python -m bench.bench_campaigns [--quick]``.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import time
from pathlib import Path
from typing import Any

import pandas as pd

from tppo_detect.analysis.campaigns import group_campaigns

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO / "data" / "posts.csv"
SIZES = (10_000, 30_000, 100_000)
QUICK_SIZES = (2_000, 6_000, 20_000)

_DIGITS = re.compile(r"\d")
_FILLERS = (
    "segera", "buruan", "info", "valid", "resmi", "terpercaya", "gan", "sis", "kak", "bos",
    "100%", "amanah", "cepat", "terbatas", "hari", "ini", "juga", "dong", "ya", "gratis",
)  # fmt: skip
_SIGNALS = (
    "gaji_tidak_wajar", "biaya_di_muka", "tanpa_pengalaman", "luar_negeri_nonprosedural",
    "tugas_berbayar", "deposit", "kontak_pribadi", "paspor_ditahan",
)  # fmt: skip
_PLATFORMS = ("facebook", "x", "instagram", "tiktok", "whatsapp", "telegram")


def _phone(rng: random.Random) -> str:
    body = "".join(str(rng.randrange(10)) for _ in range(8))
    return f"08{rng.choice('1259')}{rng.randrange(10)}-{body[:4]}-{body[4:]}"


def _mutate(text: str, rng: random.Random, phone: str) -> str:
    """A re-post: numbers swapped, a few words inserted or dropped, the recruiter's number."""
    text = _DIGITS.sub(lambda _: str(rng.randrange(10)), text)
    words = text.split(" ")
    for _ in range(rng.randint(0, 3)):
        words.insert(rng.randrange(len(words) + 1), rng.choice(_FILLERS))
    if len(words) > 8 and rng.random() < 0.5:
        del words[rng.randrange(len(words))]
    return " ".join(words) + f"\nHub {phone}"


def _singleton(text: str, rng: random.Random) -> str:
    words = text.split()
    rng.shuffle(words)
    return " ".join(words) + f" {rng.choice(_FILLERS)} {_phone(rng)}"


def synthetic_posts(n: int, corpus: list[str], seed: int = 0) -> pd.DataFrame:
    """``n`` scored-looking posts with real templates and many singletons (see module doc)."""
    rng = random.Random(seed)
    n_templates = max(1, n // 40)
    templates = []
    for g in range(n_templates):
        base = corpus[g % len(corpus)]
        if g >= len(corpus):  # more templates than corpus texts: pair two texts
            base = base + " " + corpus[(g * 7 + 3) % len(corpus)]
        templates.append((base, _phone(rng)))
    rows = []
    start = pd.Timestamp("2025-01-01", tz="UTC")
    for i in range(n):
        if rng.random() < 0.5:
            # A few templates are re-posted very often (Pareto), the others now and then.
            base, recruiter = templates[min(int(rng.paretovariate(1.2)) - 1, n_templates - 1)]
            if rng.random() < 0.5:
                base, recruiter = rng.choice(templates)
            phone = recruiter if rng.random() < 0.2 else _phone(rng)
            text = _mutate(base, rng, phone)
        else:
            text = _singleton(rng.choice(corpus), rng)
        risk = rng.randrange(101)
        rows.append(
            {
                "id": f"s{i}",
                "text": text,
                "platform": rng.choice(_PLATFORMS),
                "created_at": (start + pd.Timedelta(minutes=rng.randrange(500_000))).isoformat(),
                "risk_score": risk,
                "risk_level": "tinggi" if risk >= 70 else "sedang" if risk >= 35 else "rendah",
                "signals": ";".join(rng.sample(_SIGNALS, rng.randint(0, 3))),
            }
        )
    return pd.DataFrame(rows)


def run(quick: bool = False) -> dict[str, Any]:
    corpus = pd.read_csv(CORPUS)["text"].dropna().astype(str).tolist()
    sizes = QUICK_SIZES if quick else SIZES
    result: dict[str, Any] = {"corpus_texts": len(corpus), "sizes": list(sizes)}
    times: dict[int, float] = {}
    cpu_times: dict[int, float] = {}
    for n in sizes:
        df = synthetic_posts(n, corpus, seed=n)
        start, cpu = time.perf_counter(), time.process_time()
        ids, campaigns = group_campaigns(df)
        times[n] = time.perf_counter() - start
        cpu_times[n] = time.process_time() - cpu
        result[f"posts_{n}"] = {
            "seconds": round(times[n], 2),
            "cpu_seconds": round(cpu_times[n], 2),
            "posts_per_s": round(n / times[n]),
            "campaigns": len(campaigns),
            "posts_in_campaigns": int(ids.notna().sum()),
            "largest_campaign": int(campaigns["size"].max()) if len(campaigns) else 0,
        }
    small, large = sizes[0], sizes[-1]
    result["growth"] = {
        "posts_ratio": large / small,
        "time_ratio": round(times[large] / times[small], 2),
        "cpu_time_ratio": round(cpu_times[large] / cpu_times[small], 2),
        # CPU time, not wall time: other processes on the machine should not decide this.
        "near_linear": cpu_times[large] / cpu_times[small] <= 1.5 * large / small,
    }
    result["goal_100k_under_60s"] = None if quick else times[large] < 60
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    print(json.dumps(run(quick=args.quick), indent=2))


if __name__ == "__main__":
    main()
