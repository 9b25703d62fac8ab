"""Scoring a frame of records: each distinct text once, repeats filled from the result.

Scrapes repeat the same text many times (retweets, reposts, copy-paste job ads). A frame is
factorised so each distinct text goes to :meth:`Detector.score` once; a bounded LRU cache
carries results across chunks, so a text repeated far apart in the file is usually not scored
again either, while memory stays bounded (entries are keyed by a 16-byte digest, not the text).

Every engine fills a chunk's plan with :func:`score_plan` (the dask engine through
:func:`score_frame`); that is what makes their scores identical.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from dataclasses import dataclass
from typing import Final

import numpy as np
import pandas as pd

from tppo_detect.batch.columns import OUTPUT_COLUMNS, PLATFORM_SOURCE_COLUMNS
from tppo_detect.batch.defaults import CACHE_ENTRIES, EXPLAIN
from tppo_detect.batch.reader import REASON_COL, RowChunk, empty_frame
from tppo_detect.model.detector import Detector
from tppo_detect.model.next_steps import current_registry, platform_of, steps_ids
from tppo_detect.text.contacts import format_contacts

#: True on the rows whose text was sent to the model in this frame (first of its kind).
FRESH_COL: Final = "__tppo_fresh"
#: Distinct texts per call to Detector.score: bounds the memory of one call's Score objects.
SCORE_BATCH: Final = 4000

ScoreRow = tuple[float, float, int, str, str, str, str]


class ScoreCache:
    """A thread-safe LRU map from a text's digest to its output values."""

    def __init__(self, max_entries: int = CACHE_ENTRIES) -> None:
        self.max_entries = max_entries
        self._data: OrderedDict[bytes, ScoreRow] = OrderedDict()
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._data)

    def get(self, key: bytes) -> ScoreRow | None:
        with self._lock:
            value = self._data.get(key)
            if value is not None:
                self._data.move_to_end(key)
            return value

    def put(self, key: bytes, value: ScoreRow) -> None:
        if self.max_entries <= 0:
            return
        with self._lock:
            self._data[key] = value
            self._data.move_to_end(key)
            while len(self._data) > self.max_entries:
                self._data.popitem(last=False)


def text_key(text: str) -> bytes:
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).digest()


def scored_meta(header: list[str]) -> pd.DataFrame:
    """Zero-row frame with the columns and dtypes :func:`score_frame` returns."""
    none = np.zeros(0, dtype=bool)
    return _with_outputs(empty_frame(header), [], none, none, "")


def _with_outputs(
    frame: pd.DataFrame, values: list[ScoreRow], fresh: np.ndarray, ok: np.ndarray, version: str
) -> pd.DataFrame:
    """Append the output columns (``values`` per row; rejected rows get empty values)."""
    ir, scam, risk, level, signals, contacts, steps = (
        (list(c) for c in zip(*values, strict=True)) if values else ([], [], [], [], [], [], [])
    )
    out = frame.copy()
    out[OUTPUT_COLUMNS[0]] = pd.Series(ir, dtype="float64", index=frame.index)
    out[OUTPUT_COLUMNS[1]] = pd.Series(scam, dtype="float64", index=frame.index)
    out["risk_score"] = pd.Series(risk, dtype="int64", index=frame.index)
    out["risk_level"] = pd.Series(level, dtype="str", index=frame.index)
    out["signals"] = pd.Series(signals, dtype="str", index=frame.index)
    out["contacts"] = pd.Series(contacts, dtype="str", index=frame.index)
    out["next_steps"] = pd.Series(steps, dtype="str", index=frame.index)
    out["model_version"] = pd.Series(np.where(ok, version, ""), dtype="str", index=frame.index)
    out[FRESH_COL] = pd.Series(fresh, dtype="bool", index=frame.index)
    return out


_REJECTED: Final[ScoreRow] = (float("nan"), float("nan"), -1, "", "", "", "")


def platform_columns(columns: list[str]) -> list[str]:
    """The columns a row's platform is read from, in :data:`PLATFORM_SOURCE_COLUMNS` order
    (names compared ignoring case and surrounding spaces)."""
    by_key = {str(c).strip().casefold(): c for c in columns}
    return [by_key[k.casefold()] for k in PLATFORM_SOURCE_COLUMNS if k.casefold() in by_key]


def row_platforms(frame: pd.DataFrame) -> list[str | None]:
    """Each row's platform from its platform column or its URL (None when neither says)."""
    columns = [frame[col].tolist() for col in platform_columns(list(frame.columns))]
    return _platforms(columns, len(frame))


def _platforms(columns: list[list[object]], rows: int) -> list[str | None]:
    """Per row, the platform of its first cell among ``columns`` that names one."""
    out: list[str | None] = [None] * rows
    for values in columns:
        for pos, value in enumerate(values):
            if out[pos] is None:
                out[pos] = platform_of(value)
    return out


@dataclass
class FramePlan:
    """A frame's distinct texts and which of them the model must score (``missing``); the
    others already have their ``results`` (from the cache)."""

    ok: np.ndarray
    codes: np.ndarray
    uniques: list[str]
    keys: list[bytes]
    results: list[ScoreRow | None]
    missing: list[int]


def plan_frame(frame: pd.DataFrame, text_col: str, cache: ScoreCache | None) -> FramePlan:
    """Factorise a frame's accepted texts and look each distinct one up in ``cache``."""
    ok = (frame[REASON_COL] == "").to_numpy()
    return plan_texts(ok, frame[text_col].to_numpy(dtype=object)[ok].tolist(), cache)


def plan_texts(ok: np.ndarray, texts: list[str], cache: ScoreCache | None) -> FramePlan:
    """The plan of a frame whose accepted rows (``ok``) hold ``texts``: each distinct text
    numbered in order of first appearance (as ``pandas.factorize`` does), and looked up in
    ``cache``. Needs no frame, so the batch engine plans a chunk before pandas is loaded."""
    index: dict[str, int] = {}
    # setdefault's default is evaluated first: a new text gets the next number
    codes = np.fromiter((index.setdefault(t, len(index)) for t in texts), np.intp, len(texts))
    uniques = list(index)
    results: list[ScoreRow | None] = [None] * len(uniques)
    keys = [text_key(t) for t in uniques]
    missing: list[int] = []
    for i, key in enumerate(keys):
        hit = cache.get(key) if cache is not None else None
        if hit is None:
            missing.append(i)
        else:
            results[i] = hit
    return FramePlan(ok, codes, uniques, keys, results, missing)


def score_rows(
    detector: Detector, texts: list[str], explain: str = EXPLAIN, batch_size: int = SCORE_BATCH
) -> list[ScoreRow]:
    """The output values of each text (``explain``: see :meth:`Detector.score`)."""
    out: list[ScoreRow] = []
    for lo in range(0, len(texts), batch_size):
        for score in detector.score(texts[lo : lo + batch_size], explain=explain):
            if not (score.evidence or score.contacts or score.next_steps):
                # a post below ``explain``: the three cells below are "" (nothing to join)
                ir, scam = round(score.illegal_recruitment, 4), round(score.online_scam, 4)
                out.append((ir, scam, score.risk_score, score.risk_level, "", "", ""))
                continue
            out.append(
                (
                    round(score.illegal_recruitment, 4),
                    round(score.online_scam, 4),
                    score.risk_score,
                    score.risk_level,
                    ";".join(score.signal_ids),
                    format_contacts(score.contacts),
                    steps_ids(score.next_steps),  # without a platform: each row adds its own
                )
            )
    return out


def score_frame(
    frame: pd.DataFrame,
    detector: Detector,
    text_col: str,
    *,
    cache: ScoreCache | None = None,
    batch_size: int = SCORE_BATCH,
    explain: str = EXPLAIN,
) -> pd.DataFrame:
    """``frame`` plus the output columns; rows with a reject reason are left unscored.

    ``explain`` (see :meth:`Detector.score`): the rows below that level get their
    probabilities and level only, with empty ``signals``, ``contacts`` and ``next_steps``.
    """
    plan = plan_frame(frame, text_col, cache)
    score_plan(plan, detector, cache, explain, batch_size)
    return finish_frame(frame, plan, detector.version)


def score_plan(
    plan: FramePlan,
    detector: Detector,
    cache: ScoreCache | None = None,
    explain: str = EXPLAIN,
    batch_size: int = SCORE_BATCH,
) -> None:
    """Score the plan's texts that ``cache`` did not have, filling their results (and the
    cache)."""
    rows = score_rows(detector, [plan.uniques[i] for i in plan.missing], explain, batch_size)
    for i, row in zip(plan.missing, rows, strict=True):
        plan.results[i] = row
        if cache is not None:
            cache.put(plan.keys[i], row)


def finish_frame(frame: pd.DataFrame, plan: FramePlan, version: str) -> pd.DataFrame:
    """The output columns from a plan whose results are all filled in."""
    ok, codes, missing = plan.ok, plan.codes, plan.missing
    # Fresh: the first row of each text that was sent to the model here.
    fresh_ok = np.zeros(len(codes), dtype=bool)
    if missing:
        _, first_row = np.unique(codes, return_index=True)  # indexed by code: 0..n-1
        fresh_ok[first_row[missing]] = True
    fresh = np.zeros(len(frame), dtype=bool)
    fresh[ok] = fresh_ok
    values = row_values(plan, row_platforms(frame))
    return _with_outputs(frame, values, fresh, ok, version)


def row_values(plan: FramePlan, platforms: list[str | None]) -> list[ScoreRow]:
    """Each row's output values from a plan whose results are all filled in (rejected rows:
    empty values), its next steps with the report path of the row's platform."""
    ok, codes, results = plan.ok, plan.codes, plan.results
    values = [_REJECTED] * len(ok)
    registry = current_registry()
    for pos, code in zip(np.flatnonzero(ok).tolist(), codes.tolist(), strict=True):
        row = results[code]
        assert row is not None
        if row[6] and platforms[pos] is not None:
            row = (*row[:6], registry.add_platform(row[6], platforms[pos]))
        values[pos] = row
    return values


@dataclass
class ScoredChunk:
    """A chunk of records as read and its scores (the local engine's), before any frame is
    built: the sink writes a CSV from it directly, other outputs from :meth:`frame`."""

    chunk: RowChunk
    plan: FramePlan
    version: str

    def values(self, header: list[str]) -> list[ScoreRow]:
        """Each record's output values (see :func:`row_values`)."""
        rows = self.chunk.rows
        blank = [""] * len(header)
        columns = [
            [blank[i] if f is None else f[i] for _, f, _, _ in rows]
            for i in (header.index(c) for c in platform_columns(header))
        ]
        return row_values(self.plan, _platforms(columns, len(rows)))

    def fresh(self) -> int:
        """Rows whose text was sent to the model for this chunk (one per such text)."""
        return len(self.plan.missing)

    def frame(self, header: list[str]) -> pd.DataFrame:
        """The chunk as the frame :func:`score_frame` returns for it."""
        return finish_frame(self.chunk.frame(header), self.plan, self.version)
