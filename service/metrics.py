"""Prometheus metrics, one registry per app instance.

A registry per app (not the process-global default) keeps two apps in one process — tests, the
benchmark — from double-registering or mixing counts. With several uvicorn workers,
``service.cli.serve`` sets ``PROMETHEUS_MULTIPROC_DIR`` and ``/metrics`` aggregates all workers.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
    multiprocess,
)
from prometheus_client.metrics_core import Metric
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from tppo_detect.labels import RISK_LEVELS

from .settings import MULTIPROC_ENV

#: Latency buckets around the 15 ms single-post goal.
BUCKETS = (0.001, 0.0025, 0.005, 0.0075, 0.01, 0.015, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10)
UNMATCHED = "<unmatched>"
#: Status recorded for a request the client abandoned before any response (nginx's 499).
CLIENT_CLOSED = 499
#: Any other method is counted as OTHER so a scanner cannot blow up label cardinality.
METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})


class Metrics:
    """The service's metrics; ``render()`` gives the Prometheus text format."""

    content_type = CONTENT_TYPE_LATEST

    def __init__(self) -> None:
        self.registry = CollectorRegistry(auto_describe=True)
        r = self.registry
        self.requests = Counter(
            "tppo_http_requests", "HTTP requests", ["method", "route", "status"], registry=r
        )
        self.latency = Histogram(
            "tppo_http_request_duration_seconds",
            "HTTP request latency",
            ["method", "route", "status"],
            buckets=BUCKETS,
            registry=r,
        )
        self.posts_scored = Counter(
            "tppo_posts_scored", "Posts scored, by risk level", ["risk_level"], registry=r
        )
        for level in RISK_LEVELS:
            self.posts_scored.labels(level)
        self.feedback = Counter("tppo_feedback_stored", "Analyst verdicts stored", registry=r)
        self.reloads = Counter(
            "tppo_model_reloads", "Model reload attempts", ["result"], registry=r
        )
        # livemax: one series per version over the live workers (no pid label); a version a
        # worker left is set to 0 and not rendered, and dead workers' files are dropped.
        self.model_info = Gauge(
            "tppo_model_info",
            "Loaded model version (value 1)",
            ["version"],
            registry=r,
            multiprocess_mode="livemax",
        )
        self._version: str | None = None

    def set_model(self, version: str) -> None:
        if self._version is not None and self._version != version:
            # In multi-process mode the old series lives on in this worker's file: zero it.
            self.model_info.labels(self._version).set(0)
        self.model_info.labels(version).set(1)
        self._version = version

    def count_levels(self, levels: list[str]) -> None:
        counts: dict[str, int] = {}
        for level in levels:
            counts[level] = counts.get(level, 0) + 1
        for level, n in counts.items():
            self.posts_scored.labels(level).inc(n)

    def render(self) -> bytes:
        directory = os.environ.get(MULTIPROC_ENV)
        if directory:
            forget_dead_workers(Path(directory))
            registry = CollectorRegistry()
            registry.register(_DropUnloadedModels(multiprocess.MultiProcessCollector(None)))
            return generate_latest(registry)
        return generate_latest(_DropUnloadedModels(self.registry))


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def forget_dead_workers(directory: Path) -> None:
    """Drop the live-gauge files of worker processes that no longer exist (a worker uvicorn
    restarted, or one that crashed), so their model version stops being reported."""
    for path in directory.glob("gauge_live*_*.db"):
        pid = path.stem.rsplit("_", 1)[-1]
        if pid.isdigit() and not _pid_alive(int(pid)):
            multiprocess.mark_process_dead(int(pid), str(directory))


class _DropUnloadedModels:
    """A collector view without ``tppo_model_info`` series at 0 (versions no longer loaded)."""

    def __init__(self, source: Any) -> None:
        self._source = source

    def collect(self) -> Iterator[Metric]:
        for metric in self._source.collect():
            if metric.name == "tppo_model_info":
                metric.samples = [s for s in metric.samples if s.value != 0]
            yield metric


class MetricsMiddleware:
    """Counts and times every HTTP request by route template (not raw path) and status."""

    def __init__(self, app: ASGIApp, metrics: Metrics) -> None:
        self.app = app
        self.metrics = metrics

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        start = time.perf_counter()
        # Until a response starts, a request that ends is one the client gave up on (it closed
        # the connection mid-upload): 499 as nginx logs it, not a server error. An exception
        # that escapes without a response is a 500.
        status: int = CLIENT_CLOSED

        async def send_status(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, send_status)
        except BaseException:
            if status == CLIENT_CLOSED:
                status = 500
            raise
        finally:
            route = getattr(scope.get("route"), "path", None) or UNMATCHED
            method = scope["method"] if scope["method"] in METHODS else "OTHER"
            labels = (method, route, str(status))
            self.metrics.requests.labels(*labels).inc()
            self.metrics.latency.labels(*labels).observe(time.perf_counter() - start)
