"""The socket uvicorn shares between workers says it is TCP, so asyncio sets TCP_NODELAY."""

from __future__ import annotations

import socket

from service.server import TcpConfig


def test_shared_worker_socket_is_tcp_so_nodelay_gets_set() -> None:
    config = TcpConfig("service.app:create_app", factory=True, host="127.0.0.1", port=0)
    sock = config.bind_socket()
    try:
        assert sock.proto == socket.IPPROTO_TCP
        assert sock.family == socket.AF_INET
        assert sock.get_inheritable()
        assert sock.getsockname()[0] == "127.0.0.1"
    finally:
        sock.close()
