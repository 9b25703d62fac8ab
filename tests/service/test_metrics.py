"""What /metrics reports: aborted uploads are not server errors; model_info shows only what
live workers serve now (issue 14 #12)."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

from .conftest import Keys, run_server, server_settings


def test_an_aborted_upload_is_counted_as_499_not_500(
    models_root: Path, keys: Keys, tmp_path: Path
) -> None:
    with run_server(server_settings(models_root, tmp_path, keys)) as server:
        url = urlsplit(server.url)
        for _ in range(3):
            with socket.create_connection((url.hostname, url.port)) as sock:
                sock.sendall(
                    b"POST /v1/score HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                    b"X-API-Key: " + keys.scoring.encode() + b"\r\n"
                    b"Content-Length: 5000\r\n\r\n" + b'{"text": "' + b"a" * 100
                )
        with server.client() as client:
            deadline = time.monotonic() + 30
            while True:  # the server notices each disconnect shortly after the close
                text = client.get("/metrics").text
                counts = re.findall(
                    r'^tppo_http_requests_total\{[^}]*status="499"\} (\S+)$', text, re.M
                )
                if sum(float(c) for c in counts) >= 3 or time.monotonic() > deadline:
                    break
                time.sleep(0.05)
    assert sum(float(c) for c in counts) == 3, text
    assert not re.search(r'status="500"\} [1-9]', text), text


CHILD = """
import os, sys
from service.metrics import Metrics
m = Metrics()
m.set_model(sys.argv[1])
"""

PARENT = """
import subprocess, sys
from service.metrics import Metrics
# a worker that served "old" and is gone (a restarted or crashed uvicorn worker)
subprocess.run([sys.executable, "-c", sys.argv[1], "old"], check=True)
m = Metrics()
m.set_model("v1")
m.set_model("v2")   # this worker reloaded
sys.stdout.write(m.render().decode())
"""


def test_model_info_shows_live_workers_current_version_only(tmp_path: Path) -> None:
    """With several workers, versions a worker left and workers that died were still listed."""
    env = {**os.environ, "PROMETHEUS_MULTIPROC_DIR": str(tmp_path)}
    out = subprocess.run(
        [sys.executable, "-c", PARENT, CHILD],
        env=env,
        capture_output=True,
        text=True,
        check=True,
        cwd=Path(__file__).parents[2],
    ).stdout
    info = re.findall(r"^tppo_model_info\{(.*)\} (\S+)$", out, re.M)
    assert info == [('version="v2"', "1.0")], out
