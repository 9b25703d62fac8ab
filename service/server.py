"""Running the app under uvicorn: connection timeouts, proxy trust, and one fix for
``--workers N``.

Timeouts (issue 14 item 5): uvicorn closes an idle keep-alive connection only once a response
was sent, and any byte received stops that timer, so a connection that sends nothing, or
dribbles a header byte now and then, stays open for ever. :class:`TimedH11Protocol` gives every
connection :data:`service.settings.HEADER_TIMEOUT_S` to deliver complete request headers, from
the moment it opens and again after every response; the body has its own deadline in
:class:`service.limits.BodyLimitMiddleware`.

Proxy trust: uvicorn by default believes ``X-Forwarded-For`` from any loopback peer. Here it is
believed only from the addresses given with ``--forwarded-allow-ips`` (the reverse proxy);
without them the header is ignored.

uvicorn binds the socket it shares between workers without a protocol number (proto 0), and
asyncio only turns on TCP_NODELAY for sockets that say they are TCP. Without it, Nagle's
algorithm and the client's delayed ACK add ~40 ms to every keep-alive response (measured on
2 cores: single-post p50 48 ms with two workers against 4 ms with one). :class:`TcpConfig`
re-wraps the same descriptor so the kernel reports proto 6. It lives at module level because
uvicorn pickles the config into each worker process.
"""

from __future__ import annotations

import asyncio
import inspect
import logging
import socket
from typing import Any

import uvicorn
from uvicorn.protocols.http.h11_impl import H11Protocol
from uvicorn.supervisors import Multiprocess

from tppo_detect.numbers import short

from .settings import HEADER_TIMEOUT_S, KEEPALIVE_TIMEOUT_S

log = logging.getLogger("service")


class TimedH11Protocol(H11Protocol):
    """h11 protocol that closes a connection not sending complete headers in time."""

    def __init__(self, config: uvicorn.Config, *args: Any, **kwargs: Any) -> None:
        super().__init__(config, *args, **kwargs)
        self.header_timeout = float(getattr(config, "header_timeout", HEADER_TIMEOUT_S))
        self._header_timer: asyncio.TimerHandle | None = None
        self._timed_cycle: object = None

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._arm_header_timer()

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm_header_timer()
        super().connection_lost(exc)

    def data_received(self, data: bytes) -> None:
        super().data_received(data)
        if self.cycle is not None and self.cycle is not self._timed_cycle:
            self._timed_cycle = self.cycle  # a new request's headers are complete
            self._disarm_header_timer()

    def on_response_complete(self) -> None:
        finished = self.cycle
        super().on_response_complete()
        if self.transport.is_closing():
            return
        if self.cycle is finished:
            self._arm_header_timer()  # the next request's headers get the same time
        else:
            self._timed_cycle = self.cycle  # a pipelined request was already parsed

    def _arm_header_timer(self) -> None:
        self._disarm_header_timer()
        self._header_timer = self.loop.call_later(self.header_timeout, self._header_timed_out)

    def _disarm_header_timer(self) -> None:
        if self._header_timer is not None:
            self._header_timer.cancel()
            self._header_timer = None

    def _header_timed_out(self) -> None:
        self._header_timer = None
        if self.cycle is not None and self.cycle is not self._timed_cycle:
            return  # headers arrived in the same loop turn
        if not self.transport.is_closing():
            log.info(
                "Koneksi %s ditutup: header permintaan tidak lengkap dalam %s detik",
                f"{self.client[0]}:{self.client[1]}" if self.client else "?",
                short(self.header_timeout),
            )
            self.transport.close()


class TcpConfig(uvicorn.Config):
    """uvicorn's config with the service's protocol, timeouts and proxy trust."""

    def __init__(
        self,
        app: Any,
        *,
        header_timeout: float = HEADER_TIMEOUT_S,
        forwarded_allow_ips: str | None = None,
        **kwargs: Any,
    ) -> None:
        kwargs.setdefault("http", TimedH11Protocol)
        kwargs.setdefault("timeout_keep_alive", KEEPALIVE_TIMEOUT_S)
        super().__init__(
            app,
            proxy_headers=bool(forwarded_allow_ips),
            forwarded_allow_ips=forwarded_allow_ips or "",
            **kwargs,
        )
        self.header_timeout = header_timeout

    def bind_socket(self) -> socket.socket:
        sock = super().bind_socket()
        if sock.family in (socket.AF_INET, socket.AF_INET6) and sock.proto == 0:
            sock = socket.socket(fileno=sock.detach())  # proto auto-detected: IPPROTO_TCP
            sock.set_inheritable(True)
        return sock


def run_uvicorn(
    app: str,
    host: str,
    port: int,
    workers: int,
    *,
    access_log: bool = True,
    forwarded_allow_ips: str | None = None,
) -> None:
    """Serve the ``app`` factory import string until stopped (Ctrl+C / SIGTERM)."""
    config = TcpConfig(
        app,
        factory=True,
        host=host,
        port=port,
        workers=workers,
        access_log=access_log,
        forwarded_allow_ips=forwarded_allow_ips,
    )
    try:
        if workers > 1:
            # uvicorn < 0.30 wants the worker entry point; later versions find it themselves.
            extra = {"target": uvicorn.Server(config).run}
            if "target" not in inspect.signature(Multiprocess).parameters:
                extra = {}
            Multiprocess(config, sockets=[config.bind_socket()], **extra).run()
        else:
            uvicorn.Server(config).run()
    except KeyboardInterrupt:
        pass
