"""The local engine: one process reads, scores and hands over chunks in input order.

Memory stays flat because only one chunk (``chunk_size`` records) is held at a time, plus the
bounded score cache. Resuming is a matter of starting the reader at a checkpoint's position.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pandas as pd

from tppo_detect.batch.defaults import CACHE_ENTRIES, CHUNK_SIZE
from tppo_detect.batch.reader import Block, InputInfo, Position, read_frames, sniff
from tppo_detect.batch.scoring import ScoreCache, score_frame
from tppo_detect.model import Detector

#: Records per chunk: large enough to amortise a Detector.score call, small enough to stay flat.


class LocalEngine:
    """Scores in this process with an already loaded :class:`Detector`."""

    name = "local"

    def __init__(
        self,
        detector: Detector,
        *,
        chunk_size: int = CHUNK_SIZE,
        cache_entries: int = CACHE_ENTRIES,
    ) -> None:
        if chunk_size < 1:
            raise ValueError("chunk_size must be at least 1")
        self.detector = detector
        self.model_version = detector.version
        self.chunk_size = chunk_size
        self.cache = ScoreCache(cache_entries)

    def __enter__(self) -> LocalEngine:
        return self

    def __exit__(self, *exc: object) -> None:
        """Nothing to release."""

    def inspect(
        self, path: str | Path, *, encoding: str | None = None, delimiter: str | None = None
    ) -> InputInfo:
        return sniff(path, encoding=encoding, delimiter=delimiter)

    def chunks(
        self, info: InputInfo, text_col: str, start: Position
    ) -> Iterator[tuple[pd.DataFrame, Block]]:
        """Scored chunks from ``start`` to the end of the file, in order."""
        for chunk in read_frames(info, text_col, start, self.chunk_size):
            scored = score_frame(chunk.frame, self.detector, text_col, cache=self.cache)
            yield scored, chunk.block
