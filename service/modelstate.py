"""The one loaded Detector, and its atomic replacement.

A request takes its own reference to the current detector when it starts, and a reload builds
and verifies the new detector completely before swapping a single attribute. So in-flight
requests finish on the model they started with, and a model that fails its integrity check
never replaces the one that is serving.
"""

from __future__ import annotations

import json
import logging
import os
import threading
from collections.abc import Callable
from datetime import datetime, timezone
from pathlib import Path
from typing import Annotated

from fastapi import Depends, HTTPException, Request
from starlette.concurrency import run_in_threadpool

from tppo_detect.model import Detector

log = logging.getLogger(__name__)


SMOKE_TEXT = "Dicari admin online, gaji besar, tiket ditanggung. Hubungi WA 081234567890."
THREAD_ENV = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")


def limit_math_threads() -> None:
    """One BLAS/OpenMP thread per process, unless the operator set a thread count.

    A single post is a few small matrix products: extra BLAS threads never help, but they
    spin-wait after each call and steal the cores uvicorn needs (measured on 2 cores: p50
    10.5 ms -> 5 ms for one post). Parallelism comes from ``--workers`` instead.
    """
    if any(os.environ.get(name) for name in THREAD_ENV):
        return
    from threadpoolctl import threadpool_limits

    threadpool_limits(limits=1)


class ReloadSignal:
    """A small file that tells every worker process "the model was reloaded, follow me".

    ``POST /v1/admin/reload`` reaches one uvicorn worker; the others notice this file change on
    their next request (one ``stat``) and load the same version, so a ``--workers N`` service
    never keeps serving two models. It is written atomically, like the keys file.
    """

    def __init__(self, path: Path) -> None:
        self.path = path

    def stamp(self) -> tuple[int, int] | None:
        try:
            st = self.path.stat()
        except FileNotFoundError:
            return None
        return (st.st_mtime_ns, st.st_size)

    def publish(self, version: str | None) -> tuple[int, int] | None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        payload = {
            "version": version,
            "at": datetime.now(timezone.utc).isoformat(),
            "pid": os.getpid(),
        }
        tmp = self.path.with_name(f".{self.path.name}.{os.getpid()}.tmp")
        tmp.write_text(json.dumps(payload), encoding="utf-8")
        os.replace(tmp, self.path)
        return self.stamp()

    def version(self) -> str | None:
        data = json.loads(self.path.read_text(encoding="utf-8"))
        version = data.get("version")
        return version if isinstance(version, str) and version else None


class ModelHolder:
    """Holds the serving Detector; a new one is swapped in only after it loaded cleanly."""

    def __init__(
        self,
        models_dir: Path,
        signal_path: Path,
        on_swap: Callable[[str], None] | None = None,
    ) -> None:
        self.models_dir = models_dir
        self.signal = ReloadSignal(signal_path)
        self._on_swap = on_swap
        self._detector: Detector | None = None
        self._reload_lock = threading.Lock()
        # A worker starting now loads the default model; an older signal is history.
        self._seen = self.signal.stamp()
        self.loaded_at: str | None = None

    @property
    def detector(self) -> Detector | None:
        return self._detector

    def path_for(self, version: str | None) -> Path:
        """The models root (LATEST decides) or one named version directory inside it."""
        return self.models_dir / version if version else self.models_dir

    def _swap_in(self, version: str | None) -> tuple[Detector | None, Detector]:
        path = self.path_for(version)
        new = Detector.load(path)  # raises with the serving model untouched
        # A pickle from another code version can load and then fail on every post; score one
        # sentence first so such a model is refused here instead of answering 500 later.
        new.score([SMOKE_TEXT])
        previous, self._detector = self._detector, new
        self.loaded_at = datetime.now(timezone.utc).isoformat(timespec="seconds")
        if self._on_swap:
            self._on_swap(new.version)
        log.info("model %s dimuat dari %s (pid %s)", new.version, path, os.getpid())
        return previous, new

    def load(self, version: str | None = None) -> tuple[Detector | None, Detector]:
        """Load this process's model at start; no other worker is told."""
        with self._reload_lock:
            return self._swap_in(version)

    def reload(self, version: str | None = None) -> tuple[Detector | None, Detector]:
        """Load, verify and swap in a model, then tell the other workers; returns (old, new).

        Raises whatever ``Detector.load`` raises (``ModelIntegrityError``, ``FileNotFoundError``
        or an unpickling error); then nothing changed here and no other worker is told.
        Reloads are serialised so two admins reloading at once cannot interleave.
        """
        with self._reload_lock:
            previous, new = self._swap_in(version)
            self._seen = self.signal.publish(self._pinned_version(new, version))
            return previous, new

    def _pinned_version(self, detector: Detector, asked: str | None) -> str | None:
        """The exact version directory just loaded, so followers load the same one even if
        LATEST moves in between (falls back to what was asked for)."""
        loaded = Path(str(detector.card.get("path", "")))
        if loaded.name and loaded.parent.resolve() == self.models_dir.resolve():
            return loaded.name
        return asked

    def signal_changed(self) -> bool:
        """Cheap per-request check (one stat) for a reload done by another worker."""
        return self.signal.stamp() != self._seen

    def follow(self) -> None:
        """Load what another worker reloaded. Requests that arrive meanwhile wait on the lock
        and then use the new model, so after a reload answered, no request sees the old one."""
        with self._reload_lock:
            stamp = self.signal.stamp()
            if stamp is None or stamp == self._seen:
                return
            self._seen = stamp
            try:
                self._swap_in(self.signal.version())
            except Exception:
                log.exception("gagal mengikuti reload dari worker lain; model lama tetap dipakai")


async def current_detector(request: Request) -> Detector:
    """The serving detector for this request (its own reference, safe across a reload)."""
    holder: ModelHolder = request.app.state.models
    if holder.signal_changed():
        await run_in_threadpool(holder.follow)
    detector = holder.detector
    if detector is None:
        raise HTTPException(
            503, "model belum dimuat: periksa log server atau jalankan POST /v1/admin/reload"
        )
    return detector


#: Route parameter type for "the detector serving this request".
ServingDetector = Annotated[Detector, Depends(current_detector)]
