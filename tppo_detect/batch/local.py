"""The local engine: this process reads chunks, scores them (here or in a process pool) and
hands them over in input order.

Memory stays flat because only a bounded window of chunks (``chunk_size`` records each) is in
flight, plus each process's bounded score cache. Resuming is a matter of starting the reader at
a checkpoint's position.

With ``jobs`` > 1 the chunks are scored by that many worker processes, each with the model
loaded once: on Linux the workers are forked from this process once it has loaded the model
(the model's pages are shared, nothing is loaded again); elsewhere they are spawned and load
the same verified model directory. ``jobs=1`` scores in this process.

Each chunk is planned from its records as read; with a pool its distinct texts go out as one
task per worker (so every worker has a share of every chunk and none idles at the end). A
chunk is handed over as a :class:`~tppo_detect.batch.scoring.ScoredChunk` (records and
scores): the sink writes a CSV output from it directly, so a CSV-to-CSV run never builds a
frame nor imports pandas; other outputs (Parquet, JSON Lines) get the chunk's frame.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import threading
import time
from collections import deque
from collections.abc import Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from tppo_detect.batch.defaults import CACHE_ENTRIES, CHUNK_SIZE, EXPLAIN
from tppo_detect.batch.reader import (
    Block,
    InputInfo,
    Position,
    RowChunk,
    read_chunks,
    sniff,
)
from tppo_detect.batch.scoring import (
    FramePlan,
    ScoreCache,
    ScoredChunk,
    ScoreRow,
    plan_texts,
    score_plan,
    score_rows,
)
from tppo_detect.model.detector import Detector, explain_rank

#: Chunks in flight per worker: enough to keep every worker busy while this process reads and
#: writes, few enough to keep memory flat.
WINDOW_PER_JOB = 2


def available_cores() -> int:
    """The cores this process may run on (its CPU affinity where the OS tells it)."""
    try:
        return len(os.sched_getaffinity(0)) or 1
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1


# --- in a worker process -----------------------------------------------------------------

_WORKER: tuple[Detector, str] | None = None


#: Seconds between a worker's checks that the process that started it is still there.
PARENT_CHECK_S = 1.0


def _exit_with_parent(parent: int) -> None:
    """A worker's watch: when the batch process dies without shutting the pool down (killed,
    ``kill -9``), the worker exits instead of waiting for work forever."""
    while True:
        time.sleep(PARENT_CHECK_S)
        if os.getppid() != parent:
            os._exit(1)


def _worker_start(model: Detector | str, explain: str, parent: int) -> None:
    """Pool initializer: the model, inherited by fork or loaded from its directory."""
    global _WORKER
    threading.Thread(target=_exit_with_parent, args=(parent,), daemon=True).start()
    detector = model if isinstance(model, Detector) else Detector.load(model)
    _WORKER = (detector, explain)


def _worker_rows(texts: list[str]) -> list[ScoreRow]:
    assert _WORKER is not None, "pool initializer did not run"
    detector, explain = _WORKER
    return score_rows(detector, texts, explain)


def _worker_ready() -> str:
    assert _WORKER is not None, "pool initializer did not run"
    return _WORKER[0].version


def split(items: list[int], parts: int) -> list[list[int]]:
    """``items`` in at most ``parts`` consecutive runs of near-equal length (none empty)."""
    size, extra = divmod(len(items), parts)
    out, lo = [], 0
    for p in range(parts):
        hi = lo + size + (p < extra)
        if hi > lo:
            out.append(items[lo:hi])
        lo = hi
    return out


@dataclass
class _Pending:
    """A chunk handed to the pool: the texts it sent, in one task per worker (``tasks``: the
    texts' indices and the future scoring them), and those it shares with a chunk still in
    flight (``borrowed``: index, that chunk's future and the text's position in its task)."""

    chunk: RowChunk
    plan: FramePlan
    tasks: list[tuple[list[int], Future[list[ScoreRow]]]]
    borrowed: list[tuple[int, Future[list[ScoreRow]], int]]


# --- in the reading process --------------------------------------------------------------


class LocalEngine:
    """Scores with an already loaded :class:`Detector`, in ``jobs`` processes."""

    name = "local"

    def __init__(
        self,
        detector: Detector,
        *,
        chunk_size: int = CHUNK_SIZE,
        cache_entries: int = CACHE_ENTRIES,
        jobs: int | None = None,
        explain: str = EXPLAIN,
    ) -> None:
        if chunk_size < 1:
            raise ValueError("chunk_size must be at least 1")
        if jobs is not None and jobs < 1:
            raise ValueError("jobs must be at least 1")
        explain_rank(explain)  # an unknown choice fails before any work
        self.detector = detector
        self.model_version = detector.version
        self.chunk_size = chunk_size
        self.cache_entries = cache_entries
        self.jobs = available_cores() if jobs is None else jobs
        self.explain = explain
        self.cache = ScoreCache(cache_entries)
        self._pool: ProcessPoolExecutor | None = None

    def __enter__(self) -> LocalEngine:
        # What is alive now (the model, the libraries: hundreds of thousands of objects) lives
        # for the whole run: frozen, the cyclic garbage collector's full passes skip it, here
        # and in the workers forked below (which then also leave the model's pages shared).
        gc.freeze()
        try:
            if self.jobs > 1:
                self._pool = self._start_pool()
        except BaseException:
            gc.unfreeze()
            raise
        return self

    def __exit__(self, *exc: object) -> None:
        try:
            if self._pool is not None:
                self._pool.shutdown(wait=True, cancel_futures=True)
                self._pool = None
        finally:
            gc.unfreeze()

    def _start_pool(self) -> ProcessPoolExecutor:
        methods = multiprocessing.get_all_start_methods()
        model: Detector | str
        if "fork" in methods:
            # forked now, before the progress bar or anything else starts a thread
            context, model = multiprocessing.get_context("fork"), self.detector
        else:  # pragma: no cover - macOS/Windows
            path = self.detector.card.get("path")
            if not path:
                raise ValueError("jobs > 1 needs a model loaded from a directory on this OS")
            context, model = multiprocessing.get_context("spawn"), str(path)
        pool = ProcessPoolExecutor(
            max_workers=self.jobs,
            mp_context=context,
            initializer=_worker_start,
            initargs=(model, self.explain, os.getpid()),
        )
        try:
            pool.submit(_worker_ready).result()  # the workers start here, not mid-run
        except BaseException:
            pool.shutdown(wait=False, cancel_futures=True)
            raise
        return pool

    def inspect(
        self, path: str | Path, *, encoding: str | None = None, delimiter: str | None = None
    ) -> InputInfo:
        return sniff(path, encoding=encoding, delimiter=delimiter)

    def chunks(
        self, info: InputInfo, text_col: str, start: Position
    ) -> Iterator[tuple[ScoredChunk, Block]]:
        """Scored chunks from ``start`` to the end of the file, in order (as read: the sink
        writes a CSV from them without a frame; :meth:`ScoredChunk.frame` builds one)."""
        text_idx = info.header.index(text_col)
        if self._pool is None:
            for chunk in read_chunks(info, text_col, start, self.chunk_size):
                plan = plan_texts(*chunk.accepted(text_idx), self.cache)
                score_plan(plan, self.detector, self.cache, self.explain)
                yield ScoredChunk(chunk, plan, self.model_version), chunk.block
            return
        pool = self._pool
        window = WINDOW_PER_JOB * self.jobs
        pending: deque[_Pending] = deque()
        # texts sent and not yet back: a repeat in a later chunk waits for them, as with one
        # process it would find them in the cache (same scores, same "distinct texts")
        inflight: dict[bytes, tuple[Future[list[ScoreRow]], int]] = {}
        try:
            # A chunk is planned and sent from the records as read: its frame (pandas) is only
            # built once its scores are back, so the workers start on the first chunk at once.
            for chunk in read_chunks(info, text_col, start, self.chunk_size):
                plan = plan_texts(*chunk.accepted(text_idx), self.cache)
                sent: list[int] = []
                borrowed: list[tuple[int, Future[list[ScoreRow]], int]] = []
                for i in plan.missing:
                    there = inflight.get(plan.keys[i])
                    if there is None:
                        sent.append(i)
                    else:
                        borrowed.append((i, *there))
                plan.missing = sent
                # one task per worker: every worker has a share of every chunk, so none waits
                # on the others at the end of the file (or of a short one)
                tasks = []
                for part in split(sent, self.jobs):
                    future = pool.submit(_worker_rows, [plan.uniques[i] for i in part])
                    tasks.append((part, future))
                    for pos, i in enumerate(part):
                        inflight[plan.keys[i]] = (future, pos)
                pending.append(_Pending(chunk, plan, tasks, borrowed))
                if len(pending) >= window:
                    yield self._finish(pending.popleft(), inflight)
            while pending:
                yield self._finish(pending.popleft(), inflight)
        finally:
            for item in pending:
                for _, future in item.tasks:
                    future.cancel()

    def _finish(
        self, item: _Pending, inflight: dict[bytes, tuple[Future[list[ScoreRow]], int]]
    ) -> tuple[ScoredChunk, Block]:
        plan = item.plan
        for part, future in item.tasks:
            for i, row in zip(part, future.result(), strict=True):
                plan.results[i] = row
                self.cache.put(plan.keys[i], row)
                inflight.pop(plan.keys[i], None)
        for i, future, pos in item.borrowed:
            plan.results[i] = future.result()[pos]
        return ScoredChunk(item.chunk, plan, self.model_version), item.chunk.block
