"""Issue 14 item 5: idle, header and body timeouts, and no body read before the key check.

Raw sockets against a real uvicorn (configured as ``serve`` does), so the test sees exactly
what a slow or hostile client sees: when the server closes, and what it answers.
"""

from __future__ import annotations

import json
import socket
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from .conftest import Keys, LiveServer, run_server, server_settings

HEADER_TIMEOUT = 0.5
BODY_TIMEOUT = 0.5
#: How long a test waits for the server before calling it stuck (never a timing assertion:
#: the server either closes / answers, or the test fails on this generous limit).
PATIENCE = 15


@pytest.fixture(scope="module")
def quick(
    models_root: Path, keys: Keys, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[LiveServer]:
    settings = server_settings(
        models_root, tmp_path_factory.mktemp("timeouts"), keys, body_timeout_s=BODY_TIMEOUT
    )
    with run_server(settings, header_timeout=HEADER_TIMEOUT) as server:
        yield server


def connect(server: LiveServer) -> socket.socket:
    host, port = server.url.removeprefix("http://").split(":")
    sock = socket.create_connection((host, int(port)))
    sock.settimeout(PATIENCE)
    return sock


def read_all(sock: socket.socket) -> bytes:
    """Everything the server sends until it closes (a socket timeout fails the test)."""
    data = b""
    while chunk := sock.recv(65536):
        data += chunk
    return data


def response(raw: bytes) -> tuple[int, dict[str, str], bytes]:
    head, _, body = raw.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    headers = dict(line.split(": ", 1) for line in lines[1:])
    return int(lines[0].split()[1]), {k.lower(): v for k, v in headers.items()}, body


def post_head(path: str, length: int, key: str | None) -> bytes:
    lines = [
        f"POST {path} HTTP/1.1",
        "Host: 127.0.0.1",
        "Content-Type: application/json",
        f"Content-Length: {length}",
    ]
    if key:
        lines.append(f"X-API-Key: {key}")
    return ("\r\n".join(lines) + "\r\n\r\n").encode()


def test_connection_that_sends_nothing_is_closed(quick: LiveServer) -> None:
    with connect(quick) as sock:
        assert read_all(sock) == b""  # closed by the server, nothing sent


def test_headers_dribbled_byte_by_byte_are_cut_off(quick: LiveServer) -> None:
    """Each byte used to restart uvicorn's idle timer; the header deadline does not move."""
    request = b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Padding: " + b"a" * 200
    with connect(quick) as sock:
        sent = 0
        start = time.monotonic()
        try:
            for byte in request:
                sock.sendall(bytes([byte]))
                sent += 1
                time.sleep(HEADER_TIMEOUT / 5)
                assert time.monotonic() - start < PATIENCE, "still open"
        except (BrokenPipeError, ConnectionResetError):
            pass
        else:
            assert read_all(sock) == b""
    assert sent < len(request), "the server waited for the whole dribbled header"


def test_idle_keep_alive_connection_is_closed(quick: LiveServer) -> None:
    with connect(quick) as sock:
        sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        status, _, body = response(read_all(sock))
    assert status == 200 and json.loads(body) == {"status": "ok"}


def test_body_not_sent_in_time_gets_408(quick: LiveServer, keys: Keys) -> None:
    with connect(quick) as sock:
        sock.sendall(post_head("/v1/score", 1000, keys.scoring) + b'{"text": "Loker')
        status, headers, body = response(read_all(sock))
    assert status == 408
    assert json.loads(body) == {
        "detail": "waktu habis: badan permintaan tidak selesai dikirim dalam 0,5 detik"
    }
    assert headers["connection"] == "close"


@pytest.mark.parametrize(
    ("key", "status", "detail"),
    [
        (None, 401, "header X-API-Key wajib diisi"),
        ("tppo_nope_nope", 403, "kunci API salah atau sudah dicabut"),
    ],
)
def test_unauthenticated_2mb_body_is_refused_before_it_is_sent(
    quick: LiveServer, key: str | None, status: int, detail: str
) -> None:
    """Only the headers go out: the answer comes without a single body byte read."""
    with connect(quick) as sock:
        sock.sendall(post_head("/v1/score/batch", 2 * 1024 * 1024, key))
        got, headers, body = response(read_all(sock))
    assert (got, json.loads(body)) == (status, {"detail": detail})
    assert headers["connection"] == "close"


def test_small_unauthenticated_body_keeps_the_connection(quick: LiveServer) -> None:
    payload = json.dumps({"text": "Loker Kamboja"}).encode()
    with connect(quick) as sock:
        sock.sendall(post_head("/v1/score", len(payload), None) + payload)
        sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
        raw = read_all(sock)
    assert raw.count(b"HTTP/1.1 ") == 2, raw
    assert raw.startswith(b"HTTP/1.1 401 ")
    assert b'{"status":"ok"}' in raw


def test_authenticated_request_still_works(quick: LiveServer, keys: Keys) -> None:
    with quick.client(keys.scoring) as c:
        r = c.post("/v1/score", json={"text": "Dijual motor bekas, COD Bekasi"})
    assert r.status_code == 200
