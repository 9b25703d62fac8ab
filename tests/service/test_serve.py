"""``service.cli.serve`` in a real process: several workers, shared metrics, crash safety."""

from __future__ import annotations

import csv
import io
import os
import re
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest

from service.keys import new_key

from .conftest import SCAM_POST, STARTUP_LIMIT_S, clone_model_version, copy_models

pytestmark = pytest.mark.slow


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def serve_process(
    env: dict[str, str], models: Path, workers: int
) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    """Run ``serve()`` in its own process group; yields (base URL, process) once ready."""
    port = free_port()
    code = (
        "from service.cli import serve; "
        f"serve('127.0.0.1', {port}, {workers}, {str(models)!r}, access_log=False)"
    )
    proc = subprocess.Popen(
        [sys.executable, "-c", code], env=env, start_new_session=True, cwd=Path(__file__).parents[2]
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + STARTUP_LIMIT_S
    try:
        while True:
            assert proc.poll() is None, "serve() exited during startup"
            assert time.monotonic() < deadline, "serve() did not become ready"
            try:
                if httpx.get(f"{url}/readyz", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            time.sleep(0.1)
        yield url, proc
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=30)


@pytest.fixture()
def env(tmp_path: Path) -> tuple[dict[str, str], str]:
    key, record = new_key("admin")
    environ = {
        **os.environ,
        "TPPO_DATA_DIR": str(tmp_path / "data"),
        "TPPO_API_KEYS": record.env_entry(),
    }
    environ.pop("PROMETHEUS_MULTIPROC_DIR", None)
    environ.pop("TPPO_KEYS_FILE", None)
    environ.pop("TPPO_DB_URL", None)
    return environ, key


def test_two_workers_serve_and_metrics_add_up(
    models_root: Path, tmp_path: Path, env: tuple[dict[str, str], str]
) -> None:
    environ, key = env
    models = copy_models(models_root, tmp_path / "models")
    with (
        serve_process(environ, models, workers=2) as (url, _),
        httpx.Client(base_url=url, headers={"X-API-Key": key}) as client,
    ):
        for _ in range(20):
            r = client.post("/v1/score", json={"text": SCAM_POST})
            assert r.status_code == 200 and r.json()["risk_level"] == "tinggi"
        text = client.get("/metrics").text
        pattern = (
            r'^tppo_http_requests_total\{method="POST",route="/v1/score",status="200"\} (\S+)$'
        )
        total = sum(float(v) for v in re.findall(pattern, text, re.M))
        assert total == 20, "every worker's requests are counted in one /metrics"
        assert re.search(r'^tppo_posts_scored_total\{risk_level="tinggi"\} 20\.0$', text, re.M)


def test_acknowledged_feedback_survives_a_hard_kill(
    models_root: Path, tmp_path: Path, env: tuple[dict[str, str], str]
) -> None:
    environ, key = env
    models = copy_models(models_root, tmp_path / "models")
    headers = {"X-API-Key": key}
    with serve_process(environ, models, workers=1) as (url, proc):
        ids = []
        for i in range(5):
            body = {"text": f"{SCAM_POST} {i}", "illegal_recruitment": 1, "online_scam": 1}
            r = httpx.post(f"{url}/v1/feedback", json=body, headers=headers)
            assert r.status_code == 201
            ids.append(r.json()["id"])
        os.killpg(proc.pid, signal.SIGKILL)  # no shutdown, no flush: a crash
        proc.wait(timeout=30)
    with serve_process(environ, models, workers=1) as (url, _):
        r = httpx.get(f"{url}/v1/feedback/export", headers=headers)
        exported = [row["id"] for row in csv.DictReader(io.StringIO(r.text))]
        assert exported == [f"feedback-{i}" for i in ids]


def test_a_reload_reaches_every_worker(
    models_root: Path, tmp_path: Path, env: tuple[dict[str, str], str]
) -> None:
    """The admin's reload lands on one worker; no later request, on any worker, sees the old
    model. A tampered model is refused and no worker changes."""
    environ, key = env
    models = copy_models(models_root, tmp_path / "models")
    old = (models / "LATEST").read_text().strip()
    clone_model_version(models, "next")
    tampered = clone_model_version(models, "tampered")
    with (tampered / "model.joblib").open("ab") as fh:
        fh.write(b"\x00")

    def versions(client: httpx.Client) -> set[str]:
        return {
            client.post("/v1/score", json={"text": SCAM_POST}).json()["model_version"]
            for _ in range(40)
        }

    # No keep-alive: each request is a new connection, so both workers get requests.
    fresh = httpx.Limits(max_keepalive_connections=0)
    with (
        serve_process(environ, models, workers=2) as (url, _),
        httpx.Client(base_url=url, headers={"X-API-Key": key}, timeout=60, limits=fresh) as client,
    ):
        assert versions(client) == {old}
        assert client.post("/v1/admin/reload", json={"version": "tampered"}).status_code == 409
        assert versions(client) == {old}
        r = client.post("/v1/admin/reload", json={"version": "next"})
        assert r.status_code == 200, r.text
        assert versions(client) == {"next"}
        assert client.post("/v1/admin/reload").json()["model_version"] == old
        assert versions(client) == {old}


def test_a_busy_port_is_one_indonesian_sentence(models_root: Path, tmp_path: Path) -> None:
    """Issue 15: uvicorn printed a raw ``[Errno 98]`` per worker; now serve stops at once and
    says which port, and how to choose another."""
    models = copy_models(models_root, tmp_path / "models")
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        env = {**os.environ, "TPPO_DATA_DIR": str(tmp_path / "data")}
        done = subprocess.run(
            [
                sys.executable,
                "-m",
                "tppo_detect.cli",
                "serve",
                "--dev",
                "--port",
                str(port),
                "--models-dir",
                str(models),
            ],
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
        )
    assert done.returncode != 0
    assert f"port {port} di 127.0.0.1 sudah dipakai program lain" in done.stderr, done.stderr
    assert f"make run PORT={port + 1}" in done.stderr
    assert "Traceback" not in done.stderr
