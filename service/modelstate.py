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
import secrets
import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated

from fastapi import Depends, HTTPException, Request
from starlette.concurrency import run_in_threadpool

from tppo_detect.model.detector import Detector

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


#: A signal file modified this recently is also read (not just stat'ed) on each request:
#: file timestamps can be coarser than two reloads are apart (jiffies, some filesystems).
FRESH_SIGNAL_NS = 2_000_000_000

Stamp = tuple[int, int, int]


class ReloadSignal:
    """A small file that tells every worker process "the model was reloaded, follow me".

    ``POST /v1/admin/reload`` reaches one uvicorn worker; the others notice this file change on
    their next request and load the same version, so a ``--workers N`` service never keeps
    serving two models. It is written atomically, like the keys file, and carries a random
    ``nonce`` so two reloads are told apart even when the file's timestamp and size are not.
    A worker that starts (or is restarted by uvicorn) while the file exists loads the version
    it names; ``serve`` removes a file left by a previous run before the workers start.
    """

    def __init__(self, path: Path) -> None:
        self.path = path

    def stamp(self) -> Stamp | None:
        try:
            st = self.path.stat()
        except FileNotFoundError:
            return None
        return (st.st_mtime_ns, st.st_size, st.st_ino)

    def publish(self, version: str | None) -> str:
        """Write the signal; returns its nonce."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        nonce = secrets.token_hex(8)
        payload = {
            "version": version,
            "at": datetime.now(UTC).isoformat(),
            "pid": os.getpid(),
            "nonce": nonce,
        }
        tmp = self.path.with_name(f".{self.path.name}.{os.getpid()}.tmp")
        tmp.write_text(json.dumps(payload), encoding="utf-8")
        os.replace(tmp, self.path)
        return nonce

    def read(self) -> tuple[str | None, str | None]:
        """(version, nonce) of the current signal; (None, None) when there is none."""
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return None, None
        version = data.get("version")
        nonce = data.get("nonce")
        return (
            version if isinstance(version, str) and version else None,
            nonce if isinstance(nonce, str) else None,
        )

    def version(self) -> str | None:
        return self.read()[0]


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
        self._seen_stamp: Stamp | None = None
        self._seen_nonce: str | None = None
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
        self.loaded_at = datetime.now(UTC).isoformat(timespec="seconds")
        if self._on_swap:
            self._on_swap(new.version)
        log.info("model %s dimuat dari %s (pid %s)", new.version, path, os.getpid())
        return previous, new

    def load(self, version: str | None = None) -> tuple[Detector | None, Detector]:
        """Load this process's model at start: the version a reload of this service pinned
        (a worker restarted after a reload must not fall back to LATEST), else ``version`` or
        LATEST. No other worker is told."""
        with self._reload_lock:
            stamp = self.signal.stamp()
            pinned, nonce = self.signal.read() if stamp else (None, None)
            try:
                result = self._swap_in(pinned or version)
            except Exception:
                if not pinned:
                    raise
                log.exception("versi %s dari reload sebelumnya gagal dimuat; memuat bawaan", pinned)
                result = self._swap_in(version)
            self._seen_stamp, self._seen_nonce = stamp, nonce
            return result

    def reload(self, version: str | None = None) -> tuple[Detector | None, Detector]:
        """Load, verify and swap in a model, then tell the other workers; returns (old, new).

        Raises whatever ``Detector.load`` raises (``ModelIntegrityError``, ``FileNotFoundError``
        or an unpickling error); then nothing changed here and no other worker is told.
        Reloads are serialised so two admins reloading at once cannot interleave.
        """
        with self._reload_lock:
            previous, new = self._swap_in(version)
            self._seen_nonce = self.signal.publish(self._pinned_version(new, version))
            self._seen_stamp = self.signal.stamp()
            return previous, new

    def _pinned_version(self, detector: Detector, asked: str | None) -> str | None:
        """The exact version directory just loaded, so followers load the same one even if
        LATEST moves in between (falls back to what was asked for)."""
        loaded = Path(str(detector.card.get("path", "")))
        if loaded.name and loaded.parent.resolve() == self.models_dir.resolve():
            return loaded.name
        return asked

    def signal_changed(self) -> bool:
        """Cheap per-request check for a reload done by another worker: one ``stat``, plus a
        read of the (tiny) file while it is fresh, since two writes can share a timestamp."""
        stamp = self.signal.stamp()
        if stamp != self._seen_stamp:
            return True
        if stamp is None or time.time_ns() - stamp[0] > FRESH_SIGNAL_NS:
            return False
        return self.signal.read()[1] != self._seen_nonce

    def follow(self) -> None:
        """Load what another worker reloaded. Requests that arrive meanwhile wait on the lock
        and then use the new model, so after a reload answered, no request sees the old one."""
        with self._reload_lock:
            stamp = self.signal.stamp()
            version, nonce = self.signal.read()
            if stamp is None or (stamp == self._seen_stamp and nonce == self._seen_nonce):
                return
            self._seen_stamp, self._seen_nonce = stamp, nonce
            try:
                self._swap_in(version)
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
