"""Column schema of the labeled corpus, and its validation.

The corpus (``data/posts.csv``), feedback exports from the service and any analyst CSV go
through :func:`validate_labeled` so a bad file fails with the row that is wrong instead of
silently training on garbage.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Final

import pandas as pd

from tppo_detect.labels import TARGETS

#: Columns every row of the project's own corpus has, in file order.
CORPUS_COLUMNS: Final[tuple[str, ...]] = (
    "id",
    "text",
    *TARGETS,
    "platform",
    "kind",
    "split",
    "source",
)
#: Columns a labeled CSV must have to be trained on or evaluated (others are optional).
REQUIRED_LABELED_COLUMNS: Final[tuple[str, ...]] = ("text", *TARGETS)

PLATFORMS: Final[frozenset[str]] = frozenset(
    {"facebook", "instagram", "x", "tiktok", "whatsapp", "telegram", "web"}
)
KINDS: Final[frozenset[str]] = frozenset(
    {
        # illegal recruitment
        "non_procedural",
        "scam_compound",
        "abk",
        # online scams
        "fee_fraud",
        "task_scam",
        "deposit_scam",
        "phishing",
        "job_impersonation",
        # negatives
        "legit_local",
        "legit_overseas",
        "awareness",
        "news",
        "victim_story",
        "question",
        "clarification",
        "promo",
        "other",
    }
)
SPLITS: Final[frozenset[str]] = frozenset({"train", "test"})


class SchemaError(ValueError):
    """A labeled CSV does not follow the schema; ``problems`` lists every issue found."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        shown = problems[:20]
        more = f"\n… dan {len(problems) - 20} masalah lain" if len(problems) > 20 else ""
        super().__init__("data tidak valid:\n- " + "\n- ".join(shown) + more)


@dataclass
class ValidationReport:
    """What :func:`validate_labeled` found; ``problems`` empty means the frame is valid."""

    rows: int
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def _line(index: int) -> int:
    """CSV line number of a 0-based data row (line 1 is the header)."""
    return index + 2


def validate_labeled(df: pd.DataFrame, *, corpus: bool = False) -> ValidationReport:
    """Check a labeled frame; with ``corpus=True`` also the project's own corpus columns.

    Problems name the CSV line so an analyst can open the file and fix it.
    """
    report = ValidationReport(rows=len(df))
    required: Iterable[str] = CORPUS_COLUMNS if corpus else REQUIRED_LABELED_COLUMNS
    missing = [c for c in required if c not in df.columns]
    if missing:
        report.problems.append(f"kolom wajib tidak ada: {', '.join(missing)}")
        return report
    positions = range(len(df))
    texts = df["text"]
    for pos, value in zip(positions, texts, strict=True):
        if not isinstance(value, str) or not value.strip():
            report.problems.append(f"baris {_line(pos)}: kolom text kosong")
    for target in TARGETS:
        for pos, value in zip(positions, df[target], strict=True):
            if str(value).strip() not in {"0", "1", "0.0", "1.0"}:
                report.problems.append(
                    f"baris {_line(pos)}: label {target} harus 0 atau 1, bukan {value!r}"
                )
    if corpus:
        checks = (("platform", PLATFORMS), ("kind", KINDS), ("split", SPLITS))
        for column, allowed in checks:
            for pos, value in zip(positions, df[column], strict=True):
                if value not in allowed:
                    report.problems.append(
                        f"baris {_line(pos)}: {column} {value!r} tidak dikenal "
                        f"(pilihan: {', '.join(sorted(allowed))})"
                    )
        dup = df["id"][df["id"].duplicated()]
        for pos in dup.index:
            report.problems.append(f"baris {_line(int(pos))}: id {df['id'][pos]!r} ganda")
    return report


def read_labeled_csv(path: str | Path, *, corpus: bool = False) -> pd.DataFrame:
    """Read and validate a labeled CSV; raise :class:`SchemaError` listing every bad row."""
    path = Path(path)
    if not path.exists():
        raise SchemaError([f"berkas tidak ditemukan: {path}"])
    df = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    report = validate_labeled(df, corpus=corpus)
    if not report.ok:
        raise SchemaError([f"{path}: {p}" for p in report.problems])
    df = df.reset_index(drop=True)
    for target in TARGETS:
        df[target] = df[target].astype(float).astype(int)
    return df
