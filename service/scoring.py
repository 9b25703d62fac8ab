"""Scoring off the event loop, in a small thread pool, with a time budget per request.

The event loop only parses, routes and answers; every ``Detector.score`` call runs on one of
``score_threads`` threads, so a slow post never stalls ``/healthz`` or other clients (the loop
gets the GIL back every switch interval). Threads, not processes: the model is shared in
memory and a reload swaps one reference, while each process would hold its own copy.

Two limits give a clear answer instead of a pile-up:

- at most ``score_threads + score_queue`` requests hold or wait for a thread; the next one gets
  **503** (with ``Retry-After``) at once;
- a request whose scoring is not done within ``score_budget_s`` gets **504**. A batch is scored
  in chunks and stops at the next chunk once its budget is spent, so an abandoned batch does not
  keep a thread busy; a single post that overruns finishes on its thread (a thread cannot be
  killed) but its slot stays taken until then, so overload stays bounded.
"""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Sequence
from concurrent.futures import Future, ThreadPoolExecutor

from fastapi import HTTPException

from tppo_detect.model import Detector, Score

from .errors import thousands

#: Posts scored per step of a batch; the budget is checked between steps.
CHUNK = 64


class BudgetExceeded(Exception):
    """The request's time budget ran out while its posts were being scored."""


def _seconds(value: float) -> str:
    return f"{value:g}".replace(".", ",")


class ScoringPool:
    """``await pool.score(detector, texts)``: scores on a worker thread within the budget."""

    def __init__(self, threads: int, queue: int, budget_s: float) -> None:
        self.threads = threads
        self.budget_s = budget_s
        self._executor = ThreadPoolExecutor(max_workers=threads, thread_name_prefix="tppo-score")
        self._slots = threading.BoundedSemaphore(threads + queue)
        self._capacity = threads + queue

    def shutdown(self) -> None:
        self._executor.shutdown(wait=False, cancel_futures=True)

    @staticmethod
    def _score(
        detector: Detector,
        texts: Sequence[str],
        deadline: float,
        platforms: Sequence[str | None] | None = None,
    ) -> list[Score]:
        if len(texts) <= CHUNK:
            return detector.score(list(texts), platforms=platforms)
        results: list[Score] = []
        for start in range(0, len(texts), CHUNK):
            if time.monotonic() > deadline:
                raise BudgetExceeded
            end = start + CHUNK
            results.extend(
                detector.score(
                    list(texts[start:end]),
                    platforms=None if platforms is None else list(platforms[start:end]),
                )
            )
        return results

    async def score(
        self,
        detector: Detector,
        texts: Sequence[str],
        platforms: Sequence[str | None] | None = None,
    ) -> list[Score]:
        """The scores of ``texts`` in order (``platforms``: one per text, for the next steps);
        503 when the pool is full, 504 past the budget."""
        if not self._slots.acquire(blocking=False):
            raise HTTPException(
                503,
                f"layanan sedang sibuk: {thousands(self._capacity)} permintaan skor sedang "
                "diproses atau mengantre; coba lagi sebentar lagi",
                headers={"Retry-After": "1"},
            )
        deadline = time.monotonic() + self.budget_s
        try:
            future: Future[list[Score]] = self._executor.submit(
                self._score, detector, texts, deadline, platforms
            )
        except BaseException:
            self._slots.release()
            raise
        # The slot is given back when the thread is really done, not when we stop waiting.
        future.add_done_callback(lambda _f: self._slots.release())
        try:
            return await asyncio.wait_for(asyncio.wrap_future(future), self.budget_s)
        except (asyncio.TimeoutError, BudgetExceeded):
            raise HTTPException(
                504,
                f"waktu skor habis: batas {_seconds(self.budget_s)} detik per permintaan "
                f"terlampaui ({thousands(len(texts))} unggahan); kirim unggahan lebih sedikit "
                "atau lebih pendek per permintaan",
            ) from None
