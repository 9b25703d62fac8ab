"""The Dask engine: the same reading and scoring, spread over the workers of a Dask cluster.

How it runs:

1. A task on a worker sniffs the file and cuts it into byte blocks that start on record
   boundaries (:func:`~tppo_detect.batch.reader.plan_blocks`: the same parser as the local
   engine, so a quoted multi-line cell never straddles two blocks, unlike a raw byte split).
2. ``dask.dataframe.from_map`` turns the blocks into a Dask DataFrame (one partition per block,
   read on the worker with :func:`~tppo_detect.batch.reader.read_block`) and
   ``map_partitions`` scores each partition with :func:`~tppo_detect.batch.scoring.score_frame`.
3. The model travels once per worker: a :class:`ModelPlugin` carries the verified model files,
   writes them to the worker's local directory and loads a :class:`Detector` there (checking
   the sha256 again). Workers need ``tppo_detect`` installed, not the model.
4. The client collects partitions in input order with a bounded number in flight and hands them
   to the same sink as the local engine; ``__tppo_line`` orders rows inside a partition. Output
   and checkpoint are written on the client, so ``--resume`` works the same way.

The input path must be readable at the same absolute path on every worker (shared disk).
"""

from __future__ import annotations

import logging
import threading
from collections import deque
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import dask.dataframe as dd
import pandas as pd
from distributed import Client, LocalCluster, WorkerPlugin

from tppo_detect.batch.defaults import CACHE_ENTRIES, DASK_BLOCKSIZE, DASK_WORKERS, EXPLAIN
from tppo_detect.batch.errors import BatchInputError
from tppo_detect.batch.reader import (
    Block,
    InputInfo,
    Position,
    empty_frame,
    plan_blocks,
    read_block,
    sniff,
)
from tppo_detect.batch.scoring import ScoreCache, score_frame, scored_meta
from tppo_detect.model.artifacts import (
    CARD_FILE,
    MODEL_FILE,
    resolve_model_dir,
    verified_artifact,
)
from tppo_detect.model.detector import Detector, explain_rank

#: Bytes of input per partition, and workers of the default LocalCluster.
BLOCKSIZE = DASK_BLOCKSIZE
N_WORKERS = DASK_WORKERS
#: Smaller inputs are still cut into blocks of at least this size (unless blocksize is smaller).
MIN_BLOCKSIZE = 256 * 1024

# Per worker process: detectors and caches loaded by ModelPlugin, keyed by the model's sha256.
_DETECTORS: dict[str, Detector] = {}
_CACHES: dict[str, ScoreCache] = {}
_LOCK = threading.Lock()


def verified_model(model: str | Path | None) -> tuple[Path, dict[str, Any], str]:
    """Model dir, card and sha256, checked on the client before anything is shipped."""
    model_dir = resolve_model_dir(model)
    _, card, sha256 = verified_artifact(model_dir)
    return model_dir, card, sha256


class ModelPlugin(WorkerPlugin):
    """Worker plugin holding the model's files; ``setup`` runs once on every worker (also on
    workers that join later), so the model crosses the network once per worker."""

    idempotent = True

    def __init__(self, model_dir: Path, sha256: str, cache_entries: int = CACHE_ENTRIES) -> None:
        self.key = sha256
        self.cache_entries = cache_entries
        self.files = {name: (model_dir / name).read_bytes() for name in (MODEL_FILE, CARD_FILE)}
        self.name = f"tppo-model-{sha256[:16]}"

    def setup(self, worker: Any) -> None:
        target = Path(worker.local_directory) / self.name
        target.mkdir(parents=True, exist_ok=True)
        for name, data in self.files.items():
            (target / name).write_bytes(data)
        detector = Detector.load(target)  # verifies the sha256 again on this machine
        with _LOCK:
            _DETECTORS[self.key] = detector
            _CACHES[self.key] = ScoreCache(self.cache_entries)

    def teardown(self, worker: Any) -> None:
        with _LOCK:
            _DETECTORS.pop(self.key, None)
            _CACHES.pop(self.key, None)


def score_partition(
    frame: pd.DataFrame, model_key: str, text_col: str, explain: str = EXPLAIN
) -> pd.DataFrame:
    """``map_partitions`` function: score with the detector the plugin loaded on this worker."""
    detector = _DETECTORS.get(model_key)
    if detector is None:
        raise RuntimeError(
            f"model {model_key[:12]} is not loaded on this worker (ModelPlugin not registered)"
        )
    return score_frame(frame, detector, text_col, cache=_CACHES.get(model_key), explain=explain)


def _read_partition(block: Block, info: InputInfo, text_col: str) -> pd.DataFrame:
    return read_block(block, info, text_col)


class DaskEngine:
    """Scores on a Dask cluster: a new LocalCluster, or an existing one at ``scheduler``."""

    name = "dask"

    def __init__(
        self,
        model: str | Path | None,
        *,
        scheduler: str | None = None,
        n_workers: int = N_WORKERS,
        blocksize: int = BLOCKSIZE,
        cache_entries: int = CACHE_ENTRIES,
        explain: str = EXPLAIN,
    ) -> None:
        explain_rank(explain)  # an unknown choice fails before any work
        self.explain = explain
        self.model_dir, card, self.model_key = verified_model(model)
        self.model_version: str = card.get("version", "unversioned")
        self.scheduler = scheduler
        self.n_workers = n_workers
        self.blocksize = blocksize
        self.cache_entries = cache_entries
        self._cluster: Any = None
        self._client: Any = None

    def __enter__(self) -> DaskEngine:
        try:
            if self.scheduler:
                self._client = Client(self.scheduler, timeout="30s")
            else:
                self._cluster = LocalCluster(
                    n_workers=self.n_workers,
                    threads_per_worker=1,
                    processes=True,
                    dashboard_address=None,
                    silence_logs=logging.ERROR,
                )
                self._client = Client(self._cluster)
            plugin = ModelPlugin(self.model_dir, self.model_key, self.cache_entries)
            self._client.register_plugin(plugin, name=plugin.name)
        except OSError as exc:
            self.__exit__()
            raise BatchInputError(f"tidak bisa terhubung ke cluster Dask: {exc}") from exc
        except BaseException:
            self.__exit__()
            raise
        return self

    def __exit__(self, *exc: object) -> None:
        if self._client is not None:
            self._client.close()
            self._client = None
        if self._cluster is not None:
            self._cluster.close()
            self._cluster = None

    @property
    def client(self) -> Any:
        if self._client is None:
            raise RuntimeError("DaskEngine is used outside its `with` block")
        return self._client

    def inspect(
        self, path: str | Path, *, encoding: str | None = None, delimiter: str | None = None
    ) -> InputInfo:
        """Sniff on a worker: the file must be readable where the work happens."""
        path = str(Path(path).absolute())
        return self.client.submit(sniff, path, encoding=encoding, delimiter=delimiter).result()

    def chunks(
        self, info: InputInfo, text_col: str, start: Position
    ) -> Iterator[tuple[pd.DataFrame, Block]]:
        """Scored partitions from ``start`` to the end of the file, in input order."""
        client = self.client
        threads = sum(client.nthreads().values()) or 1
        # At most `blocksize`, but small enough that every worker gets a few partitions.
        blocksize = min(
            self.blocksize, max(MIN_BLOCKSIZE, (info.size - start.offset) // (4 * threads))
        )
        blocks: list[Block] = client.submit(plan_blocks, info, start, blocksize).result()
        if not blocks:
            return
        meta = scored_meta(info.header)
        parts = dd.from_map(
            _read_partition,
            blocks,
            args=[info, text_col],
            meta=empty_frame(info.header),
            enforce_metadata=False,
        )
        scored = parts.map_partitions(
            score_partition,
            self.model_key,
            text_col,
            self.explain,
            meta=meta,
            enforce_metadata=False,
        )
        delayed = scored.to_delayed()
        window = max(2, 2 * threads)
        pending: deque[tuple[Any, Block]] = deque()
        it = iter(zip(delayed, blocks, strict=True))
        try:
            for part, block in it:
                pending.append((client.compute(part), block))
                if len(pending) >= window:
                    future, done = pending.popleft()
                    yield future.result(), done
            while pending:
                future, done = pending.popleft()
                yield future.result(), done
        finally:
            for future, _ in pending:
                future.cancel()
