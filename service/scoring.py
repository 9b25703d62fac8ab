"""Scoring off the event loop — in worker processes by default — with a time budget per request.

The event loop only parses, routes and answers. Scoring is Python-heavy: in a thread it would
hold the loop's GIL for most of every second under load (``/healthz`` p99 ~300 ms with 20
clients and a pathological batch on 2 cores, issue #14). So each service process hands
``Detector.score`` to ``score_processes`` child processes (``TPPO_SCORE_PROCESSES``, default
1) that load the same verified model once and keep it: the loop's process then only unpickles
the results. ``score_processes = 0`` scores on ``score_threads`` threads in the service process
instead (less memory: one model per service process, not two).

A child knows its model by the version directory it was loaded from; when the service swaps
models (a reload, or following another worker's reload) the next request starts a new pool for
the new directory and the old one finishes what it has and exits — in-flight requests finish
on the model they started with, as with threads.

Two limits give a clear answer instead of a pile-up:

- at most ``score_threads + score_queue`` requests hold or wait for a scorer; the next one gets
  **503** (with ``Retry-After``) at once;
- a request whose scoring is not done within ``score_budget_s`` gets **504**. A batch is scored
  in chunks and stops at the next chunk once its budget is spent, so an abandoned batch does not
  keep a scorer busy; a single post that overruns finishes (it cannot be interrupted) but its
  slot stays taken until then, so overload stays bounded.
"""

from __future__ import annotations

import asyncio
import multiprocessing
import os
import threading
import time
from collections.abc import Sequence
from concurrent.futures import Future, ProcessPoolExecutor, ThreadPoolExecutor
from pathlib import Path
from typing import Any

from fastapi import HTTPException

from tppo_detect.model.detector import EXPLAIN_ALL, Detector, Score
from tppo_detect.numbers import short, thousands

from .render import Rendered, render

#: Posts scored per step of a batch; the budget is checked between steps.
CHUNK = 64
#: ``nice`` increment of the scoring children (CFS weight ~1/10 of the loop's at 10).
CHILD_NICENESS = 10


class BudgetExceeded(Exception):
    """The request's time budget ran out while its posts were being scored."""


def _score_chunks(
    detector: Detector,
    texts: Sequence[str],
    deadline: float,
    platforms: Sequence[str | None] | None = None,
    explain: str = EXPLAIN_ALL,
) -> list[Score]:
    """Score in chunks of :data:`CHUNK`, giving up between chunks past ``deadline``
    (``time.monotonic``: one clock for every process of the machine); ``explain``: see
    :meth:`Detector.score`."""
    if len(texts) <= CHUNK:
        return detector.score(list(texts), platforms=platforms, explain=explain)
    results: list[Score] = []
    for start in range(0, len(texts), CHUNK):
        if time.monotonic() > deadline:
            raise BudgetExceeded
        end = start + CHUNK
        results.extend(
            detector.score(
                list(texts[start:end]),
                platforms=None if platforms is None else list(platforms[start:end]),
                explain=explain,
            )
        )
    return results


def _score_maybe_rendered(
    detector: Detector,
    texts: Sequence[str],
    deadline: float,
    platforms: Sequence[str | None] | None,
    rendered: bool,
    explain: str = EXPLAIN_ALL,
) -> list[Score] | list[Rendered]:
    results = _score_chunks(detector, texts, deadline, platforms, explain)
    return render(results) if rendered else results


# --- in a child process ------------------------------------------------------------------

_CHILD_DETECTOR: Detector | None = None


def _child_start(model_dir: str) -> None:
    """Pool initializer: load (and verify) the model once per child."""
    global _CHILD_DETECTOR
    from .modelstate import limit_math_threads

    # Bulk work yields the CPU to the service processes' event loops (their own GIL is not
    # involved: a child has its own), so /healthz and short requests answer first.
    os.nice(CHILD_NICENESS)
    limit_math_threads()
    _CHILD_DETECTOR = Detector.load(model_dir)


def _child_score(
    texts: Sequence[str],
    deadline: float,
    platforms: Sequence[str | None] | None,
    rendered: bool = False,
    explain: str = EXPLAIN_ALL,
) -> list[Score] | list[Rendered]:
    assert _CHILD_DETECTOR is not None, "pool initializer did not run"
    return _score_maybe_rendered(_CHILD_DETECTOR, texts, deadline, platforms, rendered, explain)


def _child_ready() -> str:
    assert _CHILD_DETECTOR is not None, "pool initializer did not run"
    return _CHILD_DETECTOR.version


# --- in the service process --------------------------------------------------------------


def _model_dir(detector: Detector) -> str | None:
    """The version directory a detector was loaded from (None: built in memory)."""
    path = detector.card.get("path")
    return str(Path(path).resolve()) if path else None


class ScoringPool:
    """``await pool.score(detector, texts)``: scores off the loop within the budget."""

    def __init__(self, threads: int, queue: int, budget_s: float, processes: int = 0) -> None:
        self.threads = threads
        self.processes = processes
        self.budget_s = budget_s
        workers = processes or threads
        self._threads = ThreadPoolExecutor(max_workers=threads, thread_name_prefix="tppo-score")
        self._slots = threading.BoundedSemaphore(workers + queue)
        self._capacity = workers + queue
        self._lock = threading.Lock()
        #: the child pool and the model directory its children loaded
        self._procs: ProcessPoolExecutor | None = None
        self._procs_dir: str | None = None
        self._ready: Future[str] | None = None

    def shutdown(self) -> None:
        self._threads.shutdown(wait=False, cancel_futures=True)
        with self._lock:
            if self._procs is not None:
                self._procs.shutdown(wait=False, cancel_futures=True)
                self._procs = None

    def _process_pool(self, model_dir: str) -> tuple[ProcessPoolExecutor, Future[str]]:
        """The children for ``model_dir`` and the future of their readiness; a new model
        retires the old pool (it finishes the tasks it has, then its children exit)."""
        with self._lock:
            if self._procs is None or self._procs_dir != model_dir:
                old = self._procs
                # spawn, not fork: the service process has threads (scoring, sightings writer)
                self._procs = ProcessPoolExecutor(
                    max_workers=self.processes,
                    mp_context=multiprocessing.get_context("spawn"),
                    initializer=_child_start,
                    initargs=(model_dir,),
                )
                self._procs_dir = model_dir
                self._ready = self._procs.submit(_child_ready)
                if old is not None:
                    old.shutdown(wait=False)
            return self._procs, self._ready

    def warm(self, detector: Detector) -> Future[str] | None:
        """Start the children for ``detector``'s model now (they take a second or more to
        load it); returns the future of their readiness."""
        model_dir = _model_dir(detector) if self.processes else None
        if model_dir is None:
            return None
        return self._process_pool(model_dir)[1]

    def _submit(
        self,
        detector: Detector,
        texts: Sequence[str],
        deadline: float,
        platforms: Sequence[str | None] | None,
        rendered: bool,
        explain: str,
    ) -> Future[Any]:
        model_dir = _model_dir(detector) if self.processes else None
        if model_dir is not None:
            pool, ready = self._process_pool(model_dir)
            # Until the children of this model have loaded it (start-up, right after a
            # reload) requests are scored on a thread here, with the same detector: a child's
            # start-up must not eat a request's time budget.
            if ready.done() and ready.exception() is None:
                return pool.submit(
                    _child_score,
                    list(texts),
                    deadline,
                    None if platforms is None else list(platforms),
                    rendered,
                    explain,
                )
        return self._threads.submit(
            _score_maybe_rendered, detector, texts, deadline, platforms, rendered, explain
        )

    async def score(
        self,
        detector: Detector,
        texts: Sequence[str],
        platforms: Sequence[str | None] | None = None,
    ) -> list[Score]:
        """The scores of ``texts`` in order (``platforms``: one per text, for the next steps);
        503 when the pool is full, 504 past the budget."""
        return await self._run(detector, texts, platforms, rendered=False)

    async def score_rendered(
        self,
        detector: Detector,
        texts: Sequence[str],
        platforms: Sequence[str | None] | None = None,
        explain: str = EXPLAIN_ALL,
    ) -> list[Rendered]:
        """Like :meth:`score`, with each answer's JSON built by the scorer
        (:mod:`service.render`): for the batch route, whose answers are large. ``explain``
        (:meth:`Detector.score`): which posts get evidence, top terms, contacts and next steps."""
        return await self._run(detector, texts, platforms, rendered=True, explain=explain)

    async def _run(
        self,
        detector: Detector,
        texts: Sequence[str],
        platforms: Sequence[str | None] | None,
        *,
        rendered: bool,
        explain: str = EXPLAIN_ALL,
    ) -> Any:
        if not self._slots.acquire(blocking=False):
            raise HTTPException(
                503,
                f"layanan sedang sibuk: {thousands(self._capacity)} permintaan skor sedang "
                "diproses atau mengantre; coba lagi sebentar lagi",
                headers={"Retry-After": "1"},
            )
        deadline = time.monotonic() + self.budget_s
        try:
            future = self._submit(detector, texts, deadline, platforms, rendered, explain)
        except BaseException:
            self._slots.release()
            raise
        # The slot is given back when the scorer is really done, not when we stop waiting.
        future.add_done_callback(lambda _f: self._slots.release())
        try:
            return await asyncio.wait_for(asyncio.wrap_future(future), self.budget_s)
        except (TimeoutError, BudgetExceeded):
            raise HTTPException(
                504,
                f"waktu skor habis: batas {short(self.budget_s)} detik per permintaan "
                f"terlampaui ({thousands(len(texts))} unggahan); kirim unggahan lebih sedikit "
                "atau lebih pendek per permintaan",
            ) from None
