"""Which column of a scraped CSV holds the post text.

Scraping tools name it differently; the table below is the single source of the names we know
(docs/batch.md shows the same table). The first candidate present wins, so a file that has both
a full and a partial text column (facebook-scraper's ``text`` and ``post_text``) is scored on the
full one. Matching ignores case and surrounding spaces because spreadsheet round-trips often
change both.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Final

from tppo_detect.batch.errors import BatchInputError
from tppo_detect.labels import TARGETS
from tppo_detect.tables import PLATFORM_SOURCE_COLUMNS, TEXT_COLUMN_CANDIDATES, column_key

#: Columns appended to every scored row, in output order.
OUTPUT_COLUMNS: Final[tuple[str, ...]] = (
    *TARGETS,
    "risk_score",
    "risk_level",
    "signals",
    "contacts",
    "next_steps",
    "model_version",
)
#: An input column that already has one of those names (re-scoring an earlier output) is kept
#: under this prefix, so no input column is lost and the new scores are not ambiguous.
COLLISION_PREFIX: Final = "input_"

__all__ = ["PLATFORM_SOURCE_COLUMNS", "TEXT_COLUMN_CANDIDATES"]


@dataclass(frozen=True)
class ColumnChoice:
    """The chosen text column, why, and the other candidates that were present."""

    name: str
    source: str
    alternatives: list[str] = field(default_factory=list)

    def describe(self) -> str:
        """One Indonesian line for the analyst, e.g. ``kolom teks: 'full_text' (tweet-harvest)``."""
        text = f"kolom teks: {self.name!r} ({self.source})"
        if self.alternatives:
            text += f"; kandidat lain yang ada: {', '.join(self.alternatives)}"
        return text


_key = column_key


def detect_text_column(header: Sequence[str], override: str | None = None) -> ColumnChoice:
    """Pick the text column from ``header`` (or check ``override``); raise if there is none."""
    by_key: dict[str, str] = {}
    for name in header:
        by_key.setdefault(_key(name), name)
    if override is not None:
        if override in header:
            return ColumnChoice(override, "dipilih dengan --text-col")
        match = by_key.get(_key(override))
        if match is not None:
            return ColumnChoice(match, "dipilih dengan --text-col")
        raise BatchInputError(
            f"kolom {override!r} tidak ada di berkas; kolom yang ada: {', '.join(header)}"
        )
    found = [(by_key[_key(c)], src) for c, src in TEXT_COLUMN_CANDIDATES if _key(c) in by_key]
    if not found:
        known = ", ".join(c for c, _ in TEXT_COLUMN_CANDIDATES)
        raise BatchInputError(
            "tidak menemukan kolom teks. Kolom yang ada: "
            f"{', '.join(header) or '(tidak ada)'}. Nama yang dikenali: {known}. "
            "Pilih kolomnya dengan --text-col NAMA."
        )
    (name, source), rest = found[0], found[1:]
    return ColumnChoice(name, f"ekspor {source}", [n for n, _ in rest])
