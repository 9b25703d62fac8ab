"""The FastAPI application: wiring only (settings, state, middleware, routers).

``create_app`` is also the uvicorn factory (``uvicorn --factory service.app:create_app``), so
every worker process builds its own app from the environment.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from starlette.concurrency import run_in_threadpool

from tppo_detect.model.artifacts import ModelIntegrityError

from . import accesslog, errors
from .datadir import secure_data_dir
from .devmode import DEV_MODE_BANNER
from .keys import NO_KEYS_LOG, KeyRing
from .limits import BodyLimitMiddleware
from .metrics import Metrics, MetricsMiddleware
from .modelstate import ModelHolder, limit_math_threads
from .requestid import RequestIdMiddleware
from .routes import admin, feedback, ops, page, score
from .scoring import ScoringPool
from .settings import RELOAD_SIGNAL_FILE, Settings
from .sightings import ContactSightings, load_contact_secret
from .store import FeedbackStore

log = logging.getLogger("service")
NOT_READY = (
    "MODEL GAGAL DIMUAT dari %s: %s — layanan tidak siap (/readyz 503) sampai "
    "POST /v1/admin/reload berhasil"
)

DESCRIPTION = """
Skor risiko unggahan media sosial untuk **perekrutan ilegal (indikasi TPPO)** dan
**penipuan online**, dengan bukti (potongan teks) dan penjelasan dalam Bahasa Indonesia.

Semua rute `/v1/*` butuh header `X-API-Key` (buat dengan `tppo-detect keys create`).
Batas: teks ≤ 10.000 karakter, batch ≤ 1.000 unggahan, badan permintaan ≤ 2 MB, JSON UTF-8.
"""


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    """Open the store and load the model once; a model that fails to load leaves /readyz 503."""
    state = app.state
    secure_data_dir(state.settings)
    contact_secret = load_contact_secret(state.settings)
    state.store = FeedbackStore(state.settings.resolved_db_url)
    state.sightings = ContactSightings(state.store, contact_secret)
    limit_math_threads()
    # Scoring threads hold the GIL for long stretches; the event loop needs it for a few short
    # moments per request. A 1 ms switch interval (default 5 ms) keeps /healthz and light
    # requests prompt while a pathological batch is scored (bench/bench_healthz.py).
    sys.setswitchinterval(state.settings.switch_interval_s)
    try:
        await run_in_threadpool(state.models.load)
    except (FileNotFoundError, ModelIntegrityError) as exc:
        log.error(NOT_READY, state.settings.models_dir, exc)
    except Exception as exc:
        log.exception(NOT_READY, state.settings.models_dir, exc)
    if state.settings.dev_mode:
        log.warning(DEV_MODE_BANNER)
        print(DEV_MODE_BANNER, file=sys.stderr, flush=True)
    elif state.keyring.empty:
        log.warning(NO_KEYS_LOG, state.keyring.path)
    try:
        yield
    finally:
        state.scorer.shutdown()
        await run_in_threadpool(state.sightings.close)
        state.store.close()


def create_app(settings: Settings | None = None) -> FastAPI:
    """Build the app; nothing slow happens here (the model loads in the lifespan)."""
    settings = settings or Settings.from_env()
    app = FastAPI(
        title="tppo-detect",
        summary="Deteksi tawaran kerja ilegal (TPPO) dan penipuan online",
        description=DESCRIPTION,
        version="1",
        lifespan=lifespan,
        docs_url=None,  # served from local files by page.mount_static, never from a CDN
        redoc_url=None,
    )
    app.state.settings = settings
    app.state.keyring = KeyRing(settings.resolved_keys_file, settings.api_keys_env)
    app.state.metrics = Metrics()
    app.state.scorer = ScoringPool(
        settings.score_threads,
        settings.score_queue,
        settings.score_budget_s,
        processes=settings.score_processes,
    )

    def on_swap(version: str) -> None:
        app.state.metrics.set_model(version)
        # start the scoring children of the new model now, not on the next request
        if app.state.models.detector is not None:
            app.state.scorer.warm(app.state.models.detector)

    app.state.models = ModelHolder(
        settings.models_dir, settings.data_dir / RELOAD_SIGNAL_FILE, on_swap=on_swap
    )

    errors.install(app)
    accesslog.install()
    # Added innermost first: request id is outermost so even a 413 or 500 carries
    # X-Request-ID, and metrics see the final status of everything below them.
    app.add_middleware(errors.CatchAllMiddleware)
    app.add_middleware(
        BodyLimitMiddleware,
        max_bytes=settings.max_body_bytes,
        body_timeout_s=settings.body_timeout_s,
    )
    app.add_middleware(MetricsMiddleware, metrics=app.state.metrics)
    app.add_middleware(RequestIdMiddleware)

    for module in (score, feedback, admin, ops, page):
        app.include_router(module.router)
    page.mount_static(app, app.title, app.openapi_url or "/openapi.json")
    return app
