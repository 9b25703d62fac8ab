"""The project's labeled corpus: assembling it, adding rows, and checking it.

``check_corpus`` is what the test suite and ``tppo-detect corpus-check`` run: schema, the
minimum counts the corpus promises, no near-duplicates, and no near-variant straddling the
train/test split.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final

import pandas as pd

from tppo_detect.analysis.neardup import near_duplicate_pairs
from tppo_detect.labels import TARGETS
from tppo_detect.training.schema import CORPUS_COLUMNS, read_labeled_csv, validate_labeled
from tppo_detect.training.split import GROUP_THRESHOLD, assign_split

#: A pair at or above this character 5-gram Jaccard is a near-duplicate: keep one.
DUPLICATE_THRESHOLD: Final = 0.8

#: What the corpus promises (issue "Labeled corpus v1").
MINIMUM_COUNTS: Final[dict[str, int]] = {
    "rows": 1500,
    "illegal_recruitment": 350,
    "online_scam": 450,
    "both": 120,
    "negatives": 700,
    "hard_negatives": 300,
}
HARD_NEGATIVE_KINDS: Final = frozenset(
    {"legit_overseas", "awareness", "news", "victim_story", "question", "clarification"}
)


@dataclass
class CorpusReport:
    """Counts and problems of a corpus file."""

    counts: dict[str, int]
    by_kind: dict[str, int]
    by_platform: dict[str, int]
    by_split: dict[str, int]
    by_register: dict[str, int] = field(default_factory=dict)
    duplicates: list[tuple[str, str, float]] = field(default_factory=list)
    split_leaks: list[tuple[str, str, float]] = field(default_factory=list)
    shortfalls: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not (self.duplicates or self.split_leaks or self.shortfalls)

    def to_dict(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "counts": self.counts,
            "by_kind": self.by_kind,
            "by_platform": self.by_platform,
            "by_split": self.by_split,
            "by_register": self.by_register,
            "duplicates": self.duplicates,
            "split_leaks": self.split_leaks,
            "shortfalls": self.shortfalls,
        }

    def format(self) -> str:
        lines = ["Jumlah: " + ", ".join(f"{k}={v}" for k, v in self.counts.items())]
        lines.append("Per jenis: " + ", ".join(f"{k}={v}" for k, v in self.by_kind.items()))
        lines.append("Per platform: " + ", ".join(f"{k}={v}" for k, v in self.by_platform.items()))
        lines.append("Per split: " + ", ".join(f"{k}={v}" for k, v in self.by_split.items()))
        lines.append("Per ragam: " + ", ".join(f"{k}={v}" for k, v in self.by_register.items()))
        lines.append(f"Duplikat mirip (Jaccard ≥ {DUPLICATE_THRESHOLD}): {len(self.duplicates)}")
        for a, b, j in self.duplicates[:20]:
            lines.append(f"  {a} ~ {b} ({j:.2f})")
        lines.append(
            f"Varian lintas train/test (Jaccard ≥ {GROUP_THRESHOLD}): {len(self.split_leaks)}"
        )
        for a, b, j in self.split_leaks[:20]:
            lines.append(f"  {a} ~ {b} ({j:.2f})")
        for s in self.shortfalls:
            lines.append(f"KURANG: {s}")
        lines.append("OK" if self.ok else "TIDAK OK")
        return "\n".join(lines)


def count_labels(df: pd.DataFrame) -> dict[str, int]:
    ir = df["illegal_recruitment"].astype(int)
    scam = df["online_scam"].astype(int)
    negatives = (ir == 0) & (scam == 0)
    return {
        "rows": len(df),
        "illegal_recruitment": int(ir.sum()),
        "online_scam": int(scam.sum()),
        "both": int(((ir == 1) & (scam == 1)).sum()),
        "negatives": int(negatives.sum()),
        "hard_negatives": int((negatives & df["kind"].isin(HARD_NEGATIVE_KINDS)).sum()),
    }


_REGISTER_RE: Final = re.compile(r"\(([^()]*)\)")


def register_of(source: str) -> str:
    """The register a row was written in, from its provenance: v3 rows say it ("(part:
    official_announcement)"); v1 rows are the one social-post register, v2 the formal portal."""
    m = _REGISTER_RE.search(source)
    inside = m.group(1) if m else ""
    if ":" in inside:
        return inside.split(":", 1)[1].strip()
    return "formal_portal (v2)" if " v2 " in source else "social_post (v1)"


def check_frame(df: pd.DataFrame) -> CorpusReport:
    """Check an already schema-valid corpus frame."""
    counts = count_labels(df)
    texts = df["text"].tolist()
    ids = df["id"].tolist()
    splits = df["split"].tolist()
    pairs = near_duplicate_pairs(texts, GROUP_THRESHOLD)
    duplicates = [(ids[i], ids[j], round(s, 3)) for i, j, s in pairs if s >= DUPLICATE_THRESHOLD]
    leaks = [(ids[i], ids[j], round(s, 3)) for i, j, s in pairs if splits[i] != splits[j]]
    shortfalls = [
        f"{name}: {counts[name]} < {minimum}"
        for name, minimum in MINIMUM_COUNTS.items()
        if counts[name] < minimum
    ]
    return CorpusReport(
        counts=counts,
        by_kind=dict(sorted(Counter(df["kind"]).items())),
        by_platform=dict(sorted(Counter(df["platform"]).items())),
        by_split=dict(sorted(Counter(df["split"]).items())),
        by_register=dict(sorted(Counter(map(register_of, df["source"])).items())),
        duplicates=duplicates,
        split_leaks=leaks,
        shortfalls=shortfalls,
    )


def check_corpus(path: str | Path) -> CorpusReport:
    """Validate the schema (raises SchemaError) and check counts, duplicates and leaks."""
    return check_frame(read_labeled_csv(path, corpus=True))


def _row_id(text: str) -> str:
    """Stable id from the text, so re-assembling the corpus keeps ids."""
    return "p" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:10]


def assemble(rows: pd.DataFrame, source: str) -> tuple[pd.DataFrame, list[str]]:
    """Turn written rows (text, labels, platform, kind) into corpus rows.

    Drops near-duplicates (keeping the first), gives each row without one a stable id, a grouped
    stratified split (rows that already have a split keep it) and its provenance. Returns the
    frame and the texts dropped as duplicates.
    """
    rows = rows.reset_index(drop=True)
    texts = rows["text"].tolist()
    drop: set[int] = set()
    for i, j, _ in near_duplicate_pairs(texts, DUPLICATE_THRESHOLD):
        if i not in drop:
            drop.add(j)
    dropped = [texts[j] for j in sorted(drop)]
    kept = rows.drop(index=sorted(drop)).reset_index(drop=True)
    if "id" not in kept.columns:
        kept["id"] = ""
    kept["id"] = [i or _row_id(t) for i, t in zip(kept["id"].fillna(""), kept["text"], strict=True)]
    strata = [f"{a}-{b}" for a, b in zip(kept[TARGETS[0]], kept[TARGETS[1]], strict=True)]
    existing = kept["split"].fillna("").tolist() if "split" in kept.columns else None
    kept["split"] = assign_split(kept["text"].tolist(), strata, existing=existing)
    if "source" not in kept.columns:
        kept["source"] = source
    kept["source"] = kept["source"].fillna("").replace("", source)
    kept = kept[list(CORPUS_COLUMNS)]
    report = validate_labeled(kept.astype({t: str for t in TARGETS}), corpus=True)
    if not report.ok:
        raise ValueError("assembled corpus is invalid:\n" + "\n".join(report.problems[:20]))
    return kept, dropped
