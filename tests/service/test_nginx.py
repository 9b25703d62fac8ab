"""The shipped deployment, for real: Debian's nginx with deploy/nginx.conf in front of
``tppo-detect serve`` (uvicorn) on loopback, checking limits, timeouts and the client address
the service sees; and the systemd unit agreeing with both.

The site file is used as shipped except for what a test machine must change: ports, the
certificate (a self-signed one made with openssl), log paths, and the two client timeouts,
cut from 10 s to 1 s after checking the shipped values, so the test does not wait 20 s.
"""

from __future__ import annotations

import configparser
import json
import os
import re
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from service.keys import new_key

from ..conftest import REPO, require
from .conftest import SCAM_POST, STARTUP_LIMIT_S, copy_models

pytestmark = pytest.mark.slow

DEPLOY = REPO / "deploy"
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
#: A second loopback address for "the outside client", so its address differs from nginx's.
CLIENT_IP = "127.0.0.2"
SPOOFED = "203.0.113.9"
PATIENCE = 15


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def replace_once(text: str, old: str, new: str) -> str:
    assert text.count(old) == 1, f"deploy/nginx.conf no longer has exactly one {old!r}"
    return text.replace(old, new)


@dataclass
class Deployment:
    https: str  # nginx, TLS
    http_port: int  # nginx, plain (redirect only)
    tls_port: int
    app: str  # uvicorn directly
    key: str
    app_log: Path
    cert: Path

    def client(self, **kwargs: object) -> httpx.Client:
        transport = httpx.HTTPTransport(local_address=CLIENT_IP, verify=False)
        return httpx.Client(
            base_url=self.https,
            transport=transport,
            headers={"X-API-Key": self.key},
            timeout=60,
            **kwargs,  # type: ignore[arg-type]
        )

    def app_lines(self, marker: str) -> list[str]:
        """The service's access-log lines naming ``marker`` (waits briefly for the flush)."""
        deadline = time.monotonic() + 5
        while True:
            lines = [
                line
                for line in self.app_log.read_text(errors="replace").splitlines()
                if marker in line
            ]
            if lines or time.monotonic() > deadline:
                return lines
            time.sleep(0.05)


def start_service(models: Path, data: Path, key_entry: str, port: int) -> subprocess.Popen:
    data.mkdir(parents=True)
    env = {**os.environ, "TPPO_DATA_DIR": str(data), "TPPO_API_KEYS": key_entry}
    for name in ("PROMETHEUS_MULTIPROC_DIR", "TPPO_KEYS_FILE", "TPPO_DB_URL"):
        env.pop(name, None)
    # Exactly what deploy/tppo-detect.service runs (checked in test_systemd_unit_matches).
    code = (
        "from service.cli import serve; "
        f"serve('127.0.0.1', {port}, 1, {str(models)!r}, forwarded_allow_ips='127.0.0.1')"
    )
    log = (data / "service.log").open("wb")
    return subprocess.Popen(
        [sys.executable, "-u", "-c", code],
        env=env,
        cwd=REPO,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )


def site_config(tmp: Path, app_port: int, http_port: int, tls_port: int, cert: Path) -> str:
    site = (DEPLOY / "nginx.conf").read_text()
    site = replace_once(site, "server 127.0.0.1:8000;", f"server 127.0.0.1:{app_port};")
    site = replace_once(site, "    listen 80;\n", f"    listen 127.0.0.1:{http_port};\n")
    site = replace_once(site, "    listen [::]:80;\n", "")
    site = replace_once(site, "    listen 443 ssl;\n", f"    listen 127.0.0.1:{tls_port} ssl;\n")
    site = replace_once(site, "    listen [::]:443 ssl;\n", "")
    site = replace_once(site, "/etc/ssl/tppo-detect/fullchain.pem", str(cert))
    site = replace_once(site, "/etc/ssl/tppo-detect/privkey.pem", str(tmp / "key.pem"))
    site = replace_once(site, "client_header_timeout 10s;", "client_header_timeout 1s;")
    site = replace_once(site, "client_body_timeout 10s;", "client_body_timeout 1s;")
    return site.replace("/var/log/nginx/", f"{tmp}/")


@pytest.fixture(scope="module")
def deployment(models_root: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Deployment]:
    require(os.path.exists(NGINX), "nginx tidak terpasang (apt-get install nginx)")
    require(shutil.which("openssl") is not None, "openssl tidak terpasang")
    tmp = tmp_path_factory.mktemp("nginx")
    cert = tmp / "cert.pem"
    subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "1",
            "-subj",
            "/CN=localhost",
            "-keyout",
            str(tmp / "key.pem"),
            "-out",
            str(cert),
        ],
        check=True,
        capture_output=True,
    )
    app_port, http_port, tls_port = free_port(), free_port(), free_port()
    (tmp / "site.conf").write_text(site_config(tmp, app_port, http_port, tls_port, cert))
    temp_paths = "\n".join(
        f"    {kind}_temp_path {tmp}/{kind};"
        for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    user = "user root;\n" if os.geteuid() == 0 else ""
    (tmp / "nginx.conf").write_text(
        f"{user}worker_processes 1;\npid {tmp}/nginx.pid;\nerror_log {tmp}/error.log info;\n"
        "events { worker_connections 128; }\n"
        f"http {{\n{temp_paths}\n    access_log {tmp}/access.log;\n"
        f"    include {tmp}/site.conf;\n}}\n"
    )
    nginx_args = [NGINX, "-p", str(tmp), "-e", f"{tmp}/error.log", "-c", str(tmp / "nginx.conf")]
    checked = subprocess.run([*nginx_args, "-t"], capture_output=True, text=True)
    assert checked.returncode == 0, checked.stderr

    key, record = new_key("admin", "nginx test")
    data = tmp / "data"
    service = start_service(
        copy_models(models_root, tmp / "models"), data, record.env_entry(), app_port
    )
    proxy = subprocess.Popen([*nginx_args, "-g", "daemon off;"], start_new_session=True)
    deploy = Deployment(
        https=f"https://127.0.0.1:{tls_port}",
        http_port=http_port,
        tls_port=tls_port,
        app=f"http://127.0.0.1:{app_port}",
        key=key,
        app_log=data / "service.log",
        cert=cert,
    )
    try:
        deadline = time.monotonic() + STARTUP_LIMIT_S
        while True:
            assert service.poll() is None, deploy.app_log.read_text()[-2000:]
            assert proxy.poll() is None, (tmp / "error.log").read_text()[-2000:]
            assert time.monotonic() < deadline, "service or nginx did not become ready"
            try:
                if httpx.get(f"{deploy.https}/readyz", verify=False).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            time.sleep(0.2)
        yield deploy
    finally:
        for proc in (proxy, service):
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGTERM)
            proc.wait(timeout=30)


def test_scoring_through_nginx_over_tls(deployment: Deployment) -> None:
    with deployment.client() as client:
        r = client.post("/v1/score", json={"text": SCAM_POST})
        assert r.status_code == 200, r.text
        assert r.json()["risk_level"] == "tinggi"
        assert r.headers["strict-transport-security"] == "max-age=31536000"
        assert "nginx/" not in r.headers.get("server", "")


def test_plain_http_is_redirected_to_https(deployment: Deployment) -> None:
    r = httpx.get(f"http://127.0.0.1:{deployment.http_port}/v1/model")
    assert r.status_code == 301
    assert r.headers["location"] == "https://127.0.0.1/v1/model"


def test_the_service_sees_the_real_client_not_a_forged_header(deployment: Deployment) -> None:
    """nginx overwrites X-Forwarded-For with the peer; the service believes only nginx."""
    marker = f"/probe-{uuid.uuid4().hex}"
    with deployment.client() as client:
        assert client.get(marker, headers={"X-Forwarded-For": SPOOFED}).status_code == 404
    (line,) = deployment.app_lines(marker)
    # uvicorn logs an address taken from X-Forwarded-For with port 0.
    assert f" {CLIENT_IP}:0 - " in line and SPOOFED not in line, line

    # Straight to uvicorn from an address that is not the proxy: the header is ignored.
    marker = f"/probe-{uuid.uuid4().hex}"
    transport = httpx.HTTPTransport(local_address=CLIENT_IP)
    with httpx.Client(base_url=deployment.app, transport=transport) as direct:
        assert direct.get(marker, headers={"X-Forwarded-For": SPOOFED}).status_code == 404
    (line,) = deployment.app_lines(marker)
    assert f" {CLIENT_IP}:" in line and ":0 - " not in line and SPOOFED not in line, line

    # From the proxy's own address the header is believed: why the service binds loopback.
    marker = f"/probe-{uuid.uuid4().hex}"
    assert httpx.get(deployment.app + marker, headers={"X-Forwarded-For": SPOOFED}).is_error
    (line,) = deployment.app_lines(marker)
    assert f" {SPOOFED}:0 - " in line, line


def test_body_over_2mb_is_refused_by_nginx_in_the_services_words(
    deployment: Deployment,
) -> None:
    body = json.dumps({"posts": [{"text": "a" * 9_000}] * 240}).encode()
    assert len(body) > 2 * 1024 * 1024
    with deployment.client() as client:
        r = client.post(
            "/v1/score/batch", content=body, headers={"Content-Type": "application/json"}
        )
    assert r.status_code == 413
    assert r.json() == {"detail": "badan permintaan terlalu besar: maksimum 2.097.152 byte (2 MB)"}


def test_header_line_over_8kb_is_refused(deployment: Deployment) -> None:
    with deployment.client() as client:
        r = client.get("/healthz", headers={"X-Padding": "a" * 9_000})
        assert r.status_code == 400
        assert "header permintaan terlalu besar" in r.json()["detail"]
        assert client.get("/healthz", headers={"X-Padding": "a" * 7_000}).status_code == 200


def tls_socket(deployment: Deployment) -> ssl.SSLSocket:
    context = ssl.create_default_context(cafile=str(deployment.cert))
    context.check_hostname = False
    raw = socket.create_connection(("127.0.0.1", deployment.tls_port))
    sock = context.wrap_socket(raw)
    sock.settimeout(PATIENCE)
    return sock


def read_all(sock: socket.socket) -> bytes:
    data = b""
    try:
        while chunk := sock.recv(65536):
            data += chunk
    except (ConnectionResetError, ssl.SSLError):
        pass
    return data


def test_client_that_never_finishes_its_headers_is_cut_off(deployment: Deployment) -> None:
    with tls_socket(deployment) as sock:
        sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n")
        assert read_all(sock) == b""  # closed by nginx; a socket timeout fails the test


def test_idle_connection_is_cut_off(deployment: Deployment) -> None:
    with socket.create_connection(("127.0.0.1", deployment.http_port)) as sock:
        sock.settimeout(PATIENCE)
        assert read_all(sock) == b""


def test_body_that_stops_arriving_never_reaches_the_service(deployment: Deployment) -> None:
    marker = f"/v1/score?probe={uuid.uuid4().hex}"
    head = (
        f"POST {marker} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
        f"X-API-Key: {deployment.key}\r\nContent-Length: 1000\r\n\r\n"
    ).encode()
    with tls_socket(deployment) as sock:
        sock.sendall(head + b'{"text": "Loker')
        answer = read_all(sock)
    assert answer == b"" or answer.startswith(b"HTTP/1.1 408"), answer[:200]
    assert deployment.app_lines(marker.split("?")[1]) == []


def test_systemd_unit_matches_the_nginx_upstream() -> None:
    unit = configparser.ConfigParser(strict=False, interpolation=None)
    unit.optionxform = str  # type: ignore[assignment,method-assign]
    unit.read(DEPLOY / "tppo-detect.service")
    command = re.sub(r"\\\n\s*", " ", unit["Service"]["ExecStart"])
    args = command.split()
    assert args[1:3] == ["serve", "--host"] and args[3] == "127.0.0.1"
    upstream = re.search(r"server (127\.0\.0\.1):(\d+);", (DEPLOY / "nginx.conf").read_text())
    assert upstream is not None
    assert args[args.index("--port") + 1] == upstream.group(2)
    assert args[args.index("--forwarded-allow-ips") + 1] == upstream.group(1)
    assert unit["Service"]["UMask"] == "0077"
    assert unit["Install"]["WantedBy"] == "multi-user.target"
