"""The numbers a batch run reports, and the invariant they must satisfy.

Every record read is either scored or rejected, every scored record is either written or
filtered out by ``--min-level``, and the per-level counts cover exactly the scored records.
:attr:`BatchSummary.consistent` checks that; the run fails loudly if it does not hold.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from tppo_detect.labels import RISK_LEVELS
from tppo_detect.numbers import decimal, thousands


@dataclass
class Counts:
    """Cumulative counters; saved in the checkpoint so a resumed run reports the whole file."""

    rows_read: int = 0
    rows_scored: int = 0
    rows_written: int = 0
    rows_filtered: int = 0
    rows_rejected: int = 0
    per_level: dict[str, int] = field(default_factory=lambda: dict.fromkeys(RISK_LEVELS, 0))
    distinct_texts: int = 0
    blank_lines: int = 0
    fallback_lines: int = 0

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Counts:
        counts = cls(**{k: v for k, v in data.items() if k != "per_level"})
        counts.per_level.update(data.get("per_level", {}))
        return counts


@dataclass
class BatchSummary:
    """What :func:`tppo_detect.batch.score_file` did."""

    input: str
    output: str
    rejects: str
    engine: str
    encoding: str
    delimiter: str
    text_column: str
    text_column_source: str
    model_version: str
    min_level: str | None
    counts: Counts
    seconds: float
    rows_this_run: int
    resumed_from: int | None = None
    complete: bool = True

    @property
    def rows_per_second(self) -> float:
        return self.rows_this_run / self.seconds if self.seconds > 0 else 0.0

    @property
    def consistent(self) -> bool:
        c = self.counts
        return (
            c.rows_read == c.rows_scored + c.rows_rejected
            and c.rows_scored == c.rows_written + c.rows_filtered
            and sum(c.per_level.values()) == c.rows_scored
        )

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["rows_per_second"] = round(self.rows_per_second, 1)
        data["seconds"] = round(self.seconds, 3)
        data["consistent"] = self.consistent
        return data

    def format(self) -> str:
        """The summary an analyst reads at the end of a run (Indonesian)."""
        c = self.counts
        delim = {"\t": "tab", ",": "koma", ";": "titik koma", "|": "garis tegak"}.get(
            self.delimiter, repr(self.delimiter)
        )
        lines = [
            f"Ringkasan skor batch (model {self.model_version}, mesin {self.engine})",
            f"  masukan      : {self.input} ({self.encoding}, pemisah {delim})",
            f"  kolom teks   : {self.text_column} ({self.text_column_source})",
            f"  baris dibaca : {thousands(c.rows_read)}",
            f"  diskor       : {thousands(c.rows_scored)}"
            f" (ditulis {thousands(c.rows_written)}, "
            f"tersaring --min-level {thousands(c.rows_filtered)})",
            f"  ditolak      : {thousands(c.rows_rejected)} -> {self.rejects}",
            "  per tingkat  : "
            + ", ".join(f"{lvl} {thousands(c.per_level[lvl])}" for lvl in RISK_LEVELS),
            f"  teks unik    : {thousands(c.distinct_texts)} diskor model"
            f" ({thousands(c.rows_scored - c.distinct_texts)} baris diisi dari teks yang sama)",
        ]
        if c.blank_lines:
            lines.append(f"  baris kosong : {thousands(c.blank_lines)} (dilewati, bukan data)")
        if c.fallback_lines:
            lines.append(
                f"  encoding     : {thousands(c.fallback_lines)} baris dibaca sebagai cp1252"
            )
        check = "cocok" if self.consistent else "TIDAK COCOK"
        lines.append(
            f"  cek jumlah   : dibaca {thousands(c.rows_read)} = diskor {thousands(c.rows_scored)}"
            f" + ditolak {thousands(c.rows_rejected)} ({check})"
        )
        run = (
            f"  waktu        : {decimal(self.seconds, 1)} dtk, "
            f"{thousands(self.rows_per_second)} baris/dtk"
        )
        if self.resumed_from is not None:
            run += f" (dilanjutkan dari baris data ke-{thousands(self.resumed_from)})"
        lines.append(run)
        if self.complete:
            lines.append(f"  keluaran     : {self.output}")
        else:
            lines.append(
                f"  BELUM SELESAI: keluaran sementara {self.output}; lanjutkan dengan --resume"
            )
        return "\n".join(lines)
