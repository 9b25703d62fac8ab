"""Add hand-written rows (a corpus version: v3, v4, …) to ``data/posts.csv``.

Each input CSV has ``text, illegal_recruitment, online_scam, platform, kind, register``; the
register (how the post is written: ``official_announcement``, ``recruiter_dm_en``,
``regional_ban``, …) goes into ``source`` as "tppo-detect handwritten <version> (<part>:
<register>), <month>", so the data card can count rows per register. Existing rows keep
their id and split; new rows get theirs from :func:`tppo_detect.training.corpus.assemble`
(near-duplicates dropped, grouped split).

    .venv/bin/python tools/corpus/add_handwritten.py --version v4 [--corpus OTHER.csv] PART.csv …
"""

from __future__ import annotations

import argparse
import csv
from datetime import date
from pathlib import Path

import pandas as pd

from tppo_detect.training.corpus import assemble
from tppo_detect.training.schema import CORPUS_COLUMNS

CORPUS = Path(__file__).resolve().parents[2] / "data" / "posts.csv"


def main(parts: list[str], corpus: Path = CORPUS, version: str = "v3") -> None:
    base = pd.read_csv(corpus, dtype=str, keep_default_na=False)
    new = []
    month = date.today().strftime("%Y-%m")
    for path in parts:
        df = pd.read_csv(path, dtype=str, keep_default_na=False)
        part = Path(path).stem
        df["source"] = [
            f"tppo-detect handwritten {version} ({part}: {r}), {month}" for r in df["register"]
        ]
        new.append(df.drop(columns=["register"]))
    rows = pd.concat([base, *new], ignore_index=True)
    for col in ("illegal_recruitment", "online_scam"):
        rows[col] = rows[col].astype(int)
    kept, dropped = assemble(rows, f"tppo-detect handwritten {version}")
    kept = kept[list(CORPUS_COLUMNS)]
    kept.to_csv(corpus, index=False, quoting=csv.QUOTE_MINIMAL, lineterminator="\n")
    added = sum(map(len, new))
    print(f"{len(base)} + {added} rows -> {len(kept)} ({len(dropped)} near-duplicates dropped)")
    for text in dropped:
        print("  dropped:", text[:100].replace("\n", " "))


if __name__ == "__main__":
    cli = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    cli.add_argument("parts", nargs="+", help="CSV files of new rows")
    cli.add_argument("--version", required=True, help="corpus version tag, e.g. v4")
    cli.add_argument("--corpus", type=Path, default=CORPUS)
    args = cli.parse_args()
    main(args.parts, args.corpus, args.version)
