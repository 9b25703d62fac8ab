"""Where scored chunks go: output rows, rejects, counters and the checkpoint, in that order.

Both engines hand their chunks to one :class:`Sink`, in input order. It checks the chunk is
the next one (its block starts where the last ended, it holds as many rows as the block has
records, lines increase), so a bug that would drop, repeat or reorder rows stops the run
instead of producing a quietly wrong file.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd

from tppo_detect.batch import formats
from tppo_detect.batch.checkpoint import Checkpoint, checkpoint_path
from tppo_detect.batch.columns import OUTPUT_COLUMNS
from tppo_detect.batch.reader import LINE_COL, RAW_COL, REASON_COL, Block, Position
from tppo_detect.batch.scoring import FRESH_COL, ScoredChunk
from tppo_detect.batch.summary import Counts
from tppo_detect.batch.writer import CsvWriter, JsonlWriter, ParquetWriter, parquet_schema
from tppo_detect.labels import RISK_LEVELS, risk_level_rank

REJECT_COLUMNS = ("line", "reason", "raw")


def rejects_path(output: Path) -> Path:
    """``hasil.csv`` -> ``hasil.rejects.csv`` (also for ``hasil.parquet``)."""
    return output.with_name(output.stem + ".rejects.csv")


#: Score columns written as numbers in an Excel output.
NUMERIC_OUTPUT = {*OUTPUT_COLUMNS[:2], "risk_score"}


def xlsx_parts(output: Path) -> Path:
    """Where an ``.xlsx`` output is written as CSV while running (resumable), until finish."""
    return output.with_name(output.name + ".parts.csv")


class Sink:
    """Writes chunks and keeps the checkpoint; ``resume`` continues from a loaded checkpoint."""

    def __init__(
        self,
        output: Path,
        header: list[str],
        delimiter: str,
        *,
        start: Position,
        settings: dict[str, Any],
        min_level: str | None = None,
        resume: Checkpoint | None = None,
    ) -> None:
        output.parent.mkdir(parents=True, exist_ok=True)
        self.output = output
        self.rejects_path = rejects_path(output)
        self.checkpoint_path = checkpoint_path(output)
        self.header = header
        self.settings = settings
        self._columns = [*header, *OUTPUT_COLUMNS]
        self._keep_levels = (
            list(RISK_LEVELS[risk_level_rank(min_level) :]) if min_level else list(RISK_LEVELS)
        )
        if resume is None:
            # A stale checkpoint must not survive the truncation of the files it describes.
            self.checkpoint_path.unlink(missing_ok=True)
        out_at = resume.output_position if resume else None
        rej_at = resume.rejects_position if resume else None
        self._format = formats.output_format(output)
        self._out: CsvWriter | ParquetWriter | JsonlWriter
        if self._format == "parquet":
            self._out = ParquetWriter(output, parquet_schema(header), resume_at=out_at)
        elif self._format == "jsonl":
            self._out = JsonlWriter(output, self._columns, resume_at=out_at)
        elif self._format == "xlsx":
            self._out = CsvWriter(xlsx_parts(output), self._columns, ",", resume_at=out_at)
        else:
            out_delimiter = formats.output_delimiter(output, delimiter)
            self._out = CsvWriter(output, self._columns, out_delimiter, resume_at=out_at)
        self._rejects = CsvWriter(self.rejects_path, REJECT_COLUMNS, delimiter, resume_at=rej_at)
        self.counts = resume.counts if resume else Counts()
        self.position = resume.position if resume else start
        self._save()

    def write(self, frame: pd.DataFrame | ScoredChunk, block: Block) -> None:
        """Append one chunk (the rows of ``block``, scored) and checkpoint after it."""
        if block.start != self.position:
            raise RuntimeError(f"chunk starts at {block.start}, expected {self.position}")
        if isinstance(frame, ScoredChunk):
            if isinstance(self._out, CsvWriter):
                self._write_scored(frame, block)
                return
            frame = frame.frame(self.header)
        if len(frame) != block.records:
            raise RuntimeError(f"chunk has {len(frame)} rows for {block.records} records")
        lines = frame[LINE_COL]
        if len(lines) and (
            lines.iloc[0] <= self.position.line or not lines.is_monotonic_increasing
        ):
            raise RuntimeError("chunk rows are not in input order")
        rejected = (frame[REASON_COL] != "").to_numpy()
        scored = frame[~rejected]
        keep = scored["risk_level"].isin(self._keep_levels).to_numpy()
        self._out.write_frame(scored[keep])
        bad = frame[rejected]
        self._rejects.write_frame(
            pd.DataFrame({"line": bad[LINE_COL], "reason": bad[REASON_COL], "raw": bad[RAW_COL]})
        )
        c = self.counts
        c.rows_read += len(frame)
        c.rows_rejected += int(rejected.sum())
        c.rows_scored += len(scored)
        c.rows_written += int(keep.sum())
        c.rows_filtered += len(scored) - int(keep.sum())
        for level, n in scored["risk_level"].value_counts().items():
            c.per_level[str(level)] += int(n)
        c.distinct_texts += int(frame[FRESH_COL].sum())
        self._advance(block)

    def _write_scored(self, scored: ScoredChunk, block: Block) -> None:
        """:meth:`write` for a CSV output, from the records as read: the same rows, rejects
        and counts, with no frame (the local engine's chunks; pandas is never loaded)."""
        assert isinstance(self._out, CsvWriter)
        records = scored.chunk.rows
        if len(records) != block.records:
            raise RuntimeError(f"chunk has {len(records)} rows for {block.records} records")
        lines = [r[0] for r in records]
        if lines and (lines[0] <= self.position.line or lines != sorted(lines)):
            raise RuntimeError("chunk rows are not in input order")
        keep = set(self._keep_levels)
        version = scored.version
        written: list[list[object]] = []
        rejects: list[tuple[int, str, str]] = []
        per_level = dict.fromkeys(RISK_LEVELS, 0)
        for (line, fields, reason, raw), values in zip(
            records, scored.values(self.header), strict=True
        ):
            if fields is None:
                rejects.append((line, reason, raw))
                continue
            level = values[3]
            per_level[level] += 1
            if level in keep:
                written.append([*fields, *values, version])
        self._out.write_rows(written)
        self._rejects.write_rows(rejects)
        c = self.counts
        scored_rows = len(records) - len(rejects)
        c.rows_read += len(records)
        c.rows_rejected += len(rejects)
        c.rows_scored += scored_rows
        c.rows_written += len(written)
        c.rows_filtered += scored_rows - len(written)
        for level, n in per_level.items():
            if n:
                c.per_level[level] += n
        c.distinct_texts += scored.fresh()
        self._advance(block)

    def _advance(self, block: Block) -> None:
        """Count the block's line stats, sync the outputs and checkpoint after the block."""
        c = self.counts
        c.blank_lines += block.stats.blank_lines
        c.fallback_lines += block.stats.fallback_lines
        self.position = block.end
        self._out.sync()
        self._rejects.sync()
        self._save()

    def _save(self) -> None:
        Checkpoint(
            settings=self.settings,
            position=self.position,
            output_position=self._out.position,
            rejects_position=self._rejects.position,
            counts=self.counts,
        ).save(self.checkpoint_path)

    def finish(self) -> None:
        """Complete the outputs and remove the checkpoint (nothing left to resume)."""
        self._out.finish()
        if self._format == "xlsx":
            parts = xlsx_parts(self.output)
            formats.csv_to_xlsx(parts, self.output, ",", NUMERIC_OUTPUT)
            parts.unlink()
        self._rejects.finish()
        self.checkpoint_path.unlink()

    def close(self) -> None:
        """Stop without finishing: the checkpoint stays for ``--resume``."""
        self._out.close()
        self._rejects.close()
